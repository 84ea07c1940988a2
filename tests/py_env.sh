# py_env.sh - sourced by command-line tests that run Python: find_python
# MODULE... sets $py to a Python that imports every MODULE, trying python3,
# the system's /usr/bin/python3, then a virtual environment in the build
# folder (BUILD/pyenv, made once from the system Python with its packages
# visible, with pip installing what is missing from PyPI). Returns 1 and
# leaves $py empty when none can.
find_python() {
    local imports cand venv
    imports=$(printf 'import %s;' "$@")
    venv=$(cd "$(dirname "${INRFIT:-build/inrfit}")" && pwd)/pyenv
    py=
    for cand in python3 /usr/bin/python3 "$venv/bin/python"; do
        if "$cand" -c "$imports" 2>/dev/null; then py=$cand; return 0; fi
    done
    [ -x "$venv/bin/python" ] || /usr/bin/python3 -m venv --system-site-packages "$venv" >/dev/null 2>&1 ||
        return 1
    timeout 300 "$venv/bin/pip" install -q --disable-pip-version-check --timeout 60 "$@" >/dev/null 2>&1
    "$venv/bin/python" -c "$imports" 2>/dev/null && py=$venv/bin/python
}
