#!/usr/bin/env bash
# bench/view_overhead.sh - what the live viewer costs a fit: PAIRS interleaved
# runs of the same `inrfit fit` without and with the viewer (`inrfit view
# --frames 1`, which closes when the fit ends) under one Xvfb, each pair's
# training seconds and ratio, and the viewer's own account of its window
# thread. Evidence for README "Live viewer", not a test.
#
#   bench/view_overhead.sh [build-dir]   (PAIRS=6 IMG=assets/camera_128.png
#                                          ARGS="--width 128 --layers 3 --steps 150")
#
# On a shared machine single pairs vary by several per cent: read the mean.
set -eu
build=${1:-build}
INRFIT="$PWD/$build/inrfit"
IMG=${IMG:-$PWD/assets/camera_128.png}
ARGS=${ARGS:---width 128 --layers 3 --steps 150}
command -v Xvfb >/dev/null || { echo "view_overhead: Xvfb is not installed"; exit 1; }
dir=$(mktemp -d)
xpid=
trap '[ -n "$xpid" ] && kill "$xpid" 2>/dev/null; rm -rf "$dir"' EXIT
for n in $(seq 171 220); do
    [ -e /tmp/.X$n-lock ] || [ -e /tmp/.X11-unix/X$n ] && continue
    Xvfb :$n -screen 0 1280x1024x24 -nolisten tcp >/dev/null 2>&1 &
    xpid=$!
    for _ in $(seq 100); do [ -S /tmp/.X11-unix/X$n ] && break; sleep 0.05; done
    [ -S /tmp/.X11-unix/X$n ] && { export DISPLAY=:$n; break; }
    kill $xpid 2>/dev/null; xpid=
done
[ -n "$xpid" ] || { echo "view_overhead: could not start Xvfb"; exit 1; }
ratios=()
for r in $(seq "${PAIRS:-6}"); do
    # shellcheck disable=SC2086
    nice "$INRFIT" fit "$IMG" $ARGS -q -o "$dir/plain" >"$dir/p.txt"
    # shellcheck disable=SC2086
    nice "$INRFIT" view "$IMG" $ARGS -q -o "$dir/view" --frames 1 >"$dir/v.txt"
    a=$(awk '/^steps /{print $4}' "$dir/p.txt")
    b=$(awk '/^steps /{print $4}' "$dir/v.txt")
    ratio=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", b / a }')
    ratios+=("$ratio")
    echo "pair $r: fit $a s, with viewer $b s, ratio $ratio | $(grep '^viewer' "$dir/v.txt" | sed 's/^viewer *//') | load $(cut -d' ' -f1 /proc/loadavg)"
done
printf '%s\n' "${ratios[@]}" | awk '{ s += $1; n++ } END { printf "mean ratio %.3f over %d pairs (time with viewer / without)\n", s / n, n }'
