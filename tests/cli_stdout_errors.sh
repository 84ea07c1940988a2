#!/usr/bin/env bash
# Output lost on stdout fails every command: with stdout on /dev/full each
# exits 1, its last stderr line (and the only one of its kind) being
# "inrfit: cannot write to standard output: No space left on device"; with
# stdout on a file each exits 0 and says nothing of the kind.
set -u
INRFIT=${INRFIT:-build/inrfit}
ASSETS="$PWD/assets"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fails=0
[ -w /dev/full ] || { echo "SKIP: no /dev/full"; exit 77; }

cd "$dir" || exit 1
mkdir in out
cp "$ASSETS/camera_128.png" in/cam.png
cp "$ASSETS/cymbal_short.wav" in/cymbal.wav
"$INRFIT" fit in/cam.png --steps 2 --width 8 --layers 2 -q -o out/m >/dev/null 2>&1 ||
    { echo "FAIL: could not fit in/cam.png"; exit 1; }

tiny="--steps 1 --width 8 --layers 2"
commands=(
    "fit in/cam.png $tiny -o out/fit"
    "fit in/cam.png $tiny -q -o out/quiet"
    "fit in/cymbal.wav $tiny -q --json -o out/json"
    "in/cam.png $tiny -q -o out/default"
    "render out/m.inr -o out/r.png"
    "render out/m.inr -o out/r.png --json"
    "info out/m.inr"
    "info out/m.inr --json"
    "spectrum in/cam.png"
    "spectrum in/cymbal.wav --json"
    "export out/m.inr -o out/m.safetensors"
    "--help" "-h" "--version" "version" "help" "help render"
    "fit --help" "render --help" "info --help" "spectrum --help" "view --help" "export --help"
)
# The viewer where it runs: SDL's dummy driver needs no display.
export SDL_VIDEODRIVER=dummy
view="view in/cam.png $tiny --frames 3 -o out/view"
# shellcheck disable=SC2086
if timeout 120 "$INRFIT" $view >/dev/null 2>&1; then
    commands+=("$view")
else
    echo "note: inrfit view does not run here; only view --help is checked"
fi
want="inrfit: cannot write to standard output: No space left on device"
for c in "${commands[@]}"; do
    # shellcheck disable=SC2086  # each entry is its words
    timeout 120 "$INRFIT" $c >/dev/full 2>out/err
    rc=$?
    if [ "$rc" -ne 1 ] || [ "$(tail -n 1 out/err)" != "$want" ] ||
        [ "$(grep -c 'standard output' out/err)" -ne 1 ]; then
        echo "FAIL inrfit $c >/dev/full: exit $rc, stderr:"; cat out/err; fails=$((fails+1))
    else
        echo "ok   inrfit $c >/dev/full: exit 1, $(tail -n 1 out/err)"
    fi
    # shellcheck disable=SC2086
    timeout 120 "$INRFIT" $c >out/stdout 2>out/err
    rc=$?
    if [ "$rc" -ne 0 ] || grep -q 'standard output' out/err || ! [ -s out/stdout ]; then
        echo "FAIL inrfit $c >file: exit $rc, stderr:"; cat out/err; fails=$((fails+1))
    fi
done

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
