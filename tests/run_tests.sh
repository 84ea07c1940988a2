#!/usr/bin/env bash
# Runs every compiled C test (build/tests/test_*), every CLI test script
# (tests/cli_*.sh) and tests/layers_check.sh; exit 77 counts as skipped.
# Prints one line per test and closes with "N passed, N failed, N skipped";
# exits non-zero on any failure.
set -u
build=${1:-build}
export INRFIT="$PWD/$build/inrfit"
pass=0 fail=0 skip=0 failed=()
logdir="$build/test-logs"
mkdir -p "$logdir"
# Each test starts with SIGINT and SIGQUIT at their defaults, as at a
# terminal: `make test &` from a script starts everything with them ignored,
# which a test that sends Ctrl-C could not undo (bash keeps a signal ignored
# on entry ignored).
at_terminal=(env --default-signal=INT,QUIT)
for t in "$build"/tests/test_* tests/cli_*.sh tests/layers_check.sh tests/python_*.sh; do
    [ -e "$t" ] || continue
    name=$(basename "$t")
    start=$(date +%s)
    if [[ "$t" == *.sh ]]; then "${at_terminal[@]}" bash "$t" >"$logdir/$name.log" 2>&1
    else "${at_terminal[@]}" "$t" >"$logdir/$name.log" 2>&1; fi
    rc=$?
    secs=$(( $(date +%s) - start ))
    case $rc in
        0)  pass=$((pass+1)); printf 'PASS  %-32s %4ss\n' "$name" "$secs" ;;
        77) skip=$((skip+1)); printf 'SKIP  %-32s %s\n' "$name" "$(grep -m1 SKIP "$logdir/$name.log")" ;;
        *)  fail=$((fail+1)); failed+=("$name"); printf 'FAIL  %-32s (exit %d)\n' "$name" "$rc"
            sed 's/^/    | /' "$logdir/$name.log" | tail -n 30 ;;
    esac
done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
