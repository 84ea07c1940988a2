#!/usr/bin/env bash
# valgrind_check.sh - a fit + render + info cycle (image and audio), the
# viewer's scene drawing and a few refused inputs under valgrind's memcheck: no memory errors and no definite
# or indirect leaks (tests/valgrind.supp lists third-party ones). Run by
# make valgrind-check (and make test-asan); exits 77 without valgrind.
# usage: tests/valgrind_check.sh [BUILD]
set -u
build=${1:-build}
root=$PWD
inrfit=$root/$build/inrfit
if ! command -v valgrind >/dev/null; then echo "SKIP: valgrind is not installed"; exit 77; fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# Still-reachable and possibly-lost blocks are OpenMP's and OpenBLAS's thread
# pools, alive until exit; two threads keep the run short.
vg=(valgrind --quiet --error-exitcode=99 --leak-check=full
    --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect
    --suppressions="$root/tests/valgrind.supp")
export OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=1
fails=0 runs=0
check() {
    local want=$1 what=$2
    shift 3
    runs=$((runs + 1))
    "${vg[@]}" --log-file="$dir/vg.log" "$@" >"$dir/out.log" 2>&1
    local rc=$?
    if [ "$rc" -eq 99 ] || [ -s "$dir/vg.log" ]; then
        echo "FAIL $what: valgrind reports errors or leaks"; sed 's/^/    | /' "$dir/vg.log" | head -60
        fails=$((fails + 1))
    elif [ "$rc" -ne "$want" ]; then
        echo "FAIL $what: exit $rc, expected $want"; sed 's/^/    | /' "$dir/out.log" | tail -5
        fails=$((fails + 1))
    else
        echo "ok   $what"
    fi
}

cd "$dir"
cp "$root/assets/camera_128.png" in.png
sox "$root/assets/cymbal_short.wav" in.wav trim 0 0.02 2>/dev/null || cp "$root/assets/cymbal_short.wav" in.wav
check 0 "fit image"        -- "$inrfit" fit in.png --steps 3 --width 16 --layers 2 -q -o img --log img.csv
check 0 "render image"     -- "$inrfit" render img.inr -o img_x2.png --scale 0.5
check 0 "info image"       -- "$inrfit" info img.inr
check 0 "fit audio"        -- "$inrfit" fit in.wav --steps 3 --width 16 --layers 2 -q -o snd
check 0 "render audio"     -- "$inrfit" render snd.inr -o snd2.wav --rate 16000 --bits 24
check 0 "info audio"       -- "$inrfit" info snd.inr
check 0 "fit hash grid"    -- "$inrfit" fit in.png --model hashgrid --steps 2 --levels 4 --log2-table 8 -q -o grid
check 0 "render field"     -- "$inrfit" render grid.inr --field levels -o levels.png --size 400x320
check 2 "field too small"  -- "$inrfit" render grid.inr --field levels -o small.png --size 32x32
check 0 "fit nstr audio"   -- "$inrfit" fit in.wav --model nstr --bases 4 --steps 2 -q -o flow
check 0 "render flow plot" -- "$inrfit" render flow.inr --field flow -o flow.png --size 500x260
check 0 "spectrum"         -- "$inrfit" spectrum in.png -o spec
check 0 "spectrogram"      -- "$inrfit" spectrum in.wav -o specw --json
check 0 "fit --json"       -- "$inrfit" fit in.wav --steps 2 --width 8 --layers 1 -q --json -o j
# the viewer's scenes drawn with cairo (text, paths, colour bars), no window
[ -x "$root/$build/tests/test_view_scene" ] &&
    check 0 "viewer scenes" -- "$root/$build/tests/test_view_scene"
head -c 300 img.inr > cut.inr
head -c 2000 in.png > cut.png
check 1 "truncated checkpoint" -- "$inrfit" info cut.inr
check 1 "truncated PNG"    -- "$inrfit" fit cut.png -q
check 2 "bad option"       -- "$inrfit" fit in.png --steps 10x
echo "valgrind: $runs runs, $fails failure(s)"
[ "$fails" -eq 0 ]
