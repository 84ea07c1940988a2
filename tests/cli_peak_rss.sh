#!/usr/bin/env bash
# cli_peak_rss.sh - large images fit and render in memory that grows by a
# few bytes a point (issue 28: targets as stored, coordinates generated,
# evaluation and writing in tiles), not by the ~150 bytes a point of
# whole-signal buffers: a 2048x2048 RGB hash-grid fit (2 steps) and a
# 4096x4096 render of its checkpoint, each under a bound of a fixed 64 MB
# plus so many bytes a point. Peak RSS from getrusage of the child.
set -u
INRFIT=${INRFIT:-build/inrfit}
DATA=${INRFIT_DATA:-tests/data}
source "$(dirname "$0")/lib_cli.sh"
# The sanitizers' shadow memory is not the program's (make test-asan).
if [ -n "${INRFIT_SKIP_SLOW:-}" ]; then
    echo "SKIP: peak RSS is measured by make test, not under the sanitizers"
    exit 77
fi
cli_workspace

# peak_rss OUT -- command...: runs it, writes its peak RSS in bytes to OUT.
peak_rss() {
    local out=$1
    shift 2
    python3 - "$out" "$@" <<'PY'
import resource, subprocess, sys
rc = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL).returncode
open(sys.argv[1], "w").write("%d\n" % (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024))
sys.exit(rc)
PY
}

# check_bound WHAT FILE POINTS BYTES_PER_POINT
check_bound() {
    local what=$1 rss bound
    rss=$(cat "$2")
    bound=$((64 * 1024 * 1024 + $3 * $4))
    if [ "$rss" -le "$bound" ]; then
        echo "ok   $what: peak RSS $((rss / 1048576)) MB <= $((bound / 1048576)) MB ($4 B/point + 64 MB)"
    else
        fail "$what: peak RSS $((rss / 1048576)) MB > $((bound / 1048576)) MB ($4 B/point + 64 MB)"
    fi
}

# A 2048x2048 RGB photo: a small fit of astronaut rendered large.
"$INRFIT" fit "$DATA/images/astronaut.png" --model hashgrid --steps 5 -q -o "$dir/small" >/dev/null 2>"$dir/err" ||
    { cat "$dir/err"; exit 1; }
"$INRFIT" render "$dir/small.inr" --size 2048x2048 -o "$dir/big.png" -q 2>"$dir/err" ||
    { cat "$dir/err"; exit 1; }

side=2048
peak_rss "$dir/fit.rss" -- "$INRFIT" fit "$dir/big.png" --model hashgrid --steps 2 -q -o "$dir/fit" ||
    fail "the ${side}x$side fit failed"
[ -s "$dir/fit.png" ] || fail "the ${side}x$side fit wrote no reconstruction"
check_bound "fit ${side}x$side RGB, hash grid, 2 steps" "$dir/fit.rss" $((side * side)) 40

side=4096
peak_rss "$dir/render.rss" -- "$INRFIT" render "$dir/fit.inr" --size ${side}x$side -o "$dir/render.png" -q ||
    fail "the ${side}x$side render failed"
[ -s "$dir/render.png" ] || fail "the ${side}x$side render wrote nothing"
check_bound "render ${side}x$side RGB" "$dir/render.rss" $((side * side)) 8

[ "$fails" -eq 0 ] && echo "all peak-RSS checks passed"
exit $((fails > 0))
