#!/usr/bin/env bash
# python_package.sh - the Python package (python/, README "From Python"):
# pip-installs it and pytest into BUILD/pyenv (the venv tests/py_env.sh
# makes: the system Python with its packages visible, numpy among them),
# then runs python/tests with pytest. The package builds against this
# build folder's libinr (INRFIT_BUILD). Offline, it builds with the system
# setuptools (--no-build-isolation); pytest then has to be installed.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$(dirname "${INRFIT:-build/inrfit}")" && pwd)
export INRFIT="$build/inrfit"
venv=$build/pyenv
fail() { echo "FAIL: $*"; exit 1; }
# Under make test-asan the library is built with the sanitizers, which a
# plain python3 cannot load; the package is tested by make test.
if [ -n "${INRFIT_SKIP_SLOW:-}" ]; then
    echo "SKIP: the Python package is tested by make test, not under the sanitizers"
    exit 77
fi
if [ ! -x "$venv/bin/python" ]; then
    /usr/bin/python3 -m venv --system-site-packages "$venv" ||
        fail "cannot make a venv in $venv (Debian: python3-venv; scripts/install-deps.sh)"
fi
pip=("$venv/bin/pip" install -q --disable-pip-version-check --timeout 60)
export INRFIT_BUILD=$build
cd "$root" || exit 1
if "$venv/bin/python" -c "import setuptools" 2>/dev/null; then
    "${pip[@]}" --no-build-isolation ./python || fail "pip install ./python"
else
    "${pip[@]}" ./python || fail "pip install ./python"
fi
"$venv/bin/python" -c "import pytest" 2>/dev/null || "${pip[@]}" pytest ||
    fail "pytest is not installed and pip cannot install it"
# From the build folder, so that python/inrfit (the sources, without the
# compiled module) is not the one imported.
cd "$build" && exec "$venv/bin/python" -m pytest -q -p no:cacheprovider "$root/python/tests"
