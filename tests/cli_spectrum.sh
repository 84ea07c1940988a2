#!/usr/bin/env bash
# `inrfit spectrum`: the printed figures and its four output files (picture,
# profile CSV, profile and FreSh plots) for an image and
# a sound (picture sizes, CSV shapes, default prefix), and bad input: one
# "inrfit: ..." line, exit 1 (runtime) or 2 (usage), and no file left behind.
set -u
INRFIT=${INRFIT:-build/inrfit}
ASSETS="$PWD/assets"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails+1)); }

# png_size FILE -> "W H"
png_size() { python3 -c "import struct,sys; d=open(sys.argv[1],'rb').read(24); print(*struct.unpack('>II', d[16:24]))" "$1"; }

# --- an image: camera 128x128 -------------------------------------------------
"$INRFIT" spectrum "$ASSETS/camera_128.png" -o cam >out.txt 2>err.txt || fail "image: exit $?: $(cat err.txt)"
[ -s err.txt ] && fail "image: stderr not empty: $(cat err.txt)"
grep -q '^centroid    0\.15[0-9]* cycles/sample' out.txt || fail "image centroid: $(grep centroid out.txt)"
grep -q '^winner      SC .*z .*S0 .*S1 ' out.txt || fail "image winner line"
# The 64 FreSh bins are drawn, not printed: one summary line.
grep -q '^fresh       64-bin spectrum .*largest bin [0-9]* (' out.txt || fail "image fresh line: $(grep fresh out.txt)"
[ "$(wc -l <out.txt)" -le 6 ] || fail "image: $(wc -l <out.txt) lines on stdout"
for f in cam_profile.png cam_fresh.png; do
    [ "$(png_size $f)" = "800 500" ] || fail "image $f size '$(png_size $f)'"
done
# A 560-pixel plot with axes, title and colour bar around it, in colour.
[ "$(png_size cam_spectrum.png)" = "746 654" ] || fail "image picture size $(png_size cam_spectrum.png)"
[ "$(od -An -tu1 -j25 -N1 cam_spectrum.png | tr -d ' ')" = 2 ] || fail "image picture is not RGB"
[ "$(head -1 cam_profile.csv)" = "radius,magnitude" ] || fail "image CSV header"
# Radii 0..round(|(64,64)|) = 0..91: 92 rows and the header.
[ "$(wc -l <cam_profile.csv)" -eq 93 ] || fail "image CSV rows $(wc -l <cam_profile.csv)"

# --- a sound: 0.25 s of cymbal ------------------------------------------------
"$INRFIT" spectrum "$ASSETS/cymbal_short.wav" -o cym >out.txt 2>err.txt || fail "audio: exit $?: $(cat err.txt)"
grep -q '^centroid    0\.2[0-9]* cycles/sample .*Hz' out.txt || fail "audio centroid: $(grep centroid out.txt)"
# A 900x480 plot with axes, title and colour bar; the title names the hop
# (1 + ceil((11025-1024)/16) = 627 frames of 1024 samples need no more than 16).
[ "$(png_size cym_spectrum.png)" = "1086 574" ] || fail "spectrogram size $(png_size cym_spectrum.png)"
for f in cym_profile.png cym_fresh.png; do
    [ "$(png_size $f)" = "800 500" ] || fail "audio $f size '$(png_size $f)'"
done
"$INRFIT" spectrum "$ASSETS/cymbal_short.wav" -o lin --linear >/dev/null 2>err.txt || fail "--linear: exit $?: $(cat err.txt)"
[ "$(png_size lin_spectrum.png)" = "1086 574" ] || fail "--linear size $(png_size lin_spectrum.png)"
cmp -s lin_spectrum.png cym_spectrum.png && fail "--linear drew the same picture as the log axis"
[ "$(head -1 cym_profile.csv)" = "frequency_hz,magnitude" ] || fail "audio CSV header"
# All 11025/2+1 = 5513 rfft bins; the last, 5512, at 5512/11025 * 44100 Hz.
[ "$(wc -l <cym_profile.csv)" -eq 5514 ] || fail "audio CSV rows $(wc -l <cym_profile.csv)"
tail -1 cym_profile.csv | grep -q '^22048\.0*,' || fail "audio CSV last row $(tail -1 cym_profile.csv)"

# --- default prefix: the input name without extension, in the working dir ---
mkdir def && (cd def && "$INRFIT" spectrum "$ASSETS/camera_128.png" >/dev/null) || fail "default prefix run"
[ -f def/camera_128_spectrum.png ] && [ -f def/camera_128_profile.csv ] || fail "default prefix: $(ls def)"

# --- bad input ------------------------------------------------------------------
echo "not a picture" > notes.txt
mkdir bad && cd bad
# expect_fail CODE WHAT -- command...
expect_fail() {
    local code=$1 what=$2
    shift 3
    "$@" >../.out 2>../.err
    local rc=$?
    if [ "$rc" -ne "$code" ]; then
        fail "$what: exit $rc, expected $code: $(cat ../.err)"
    elif [ "$(wc -l <../.err)" -ne 1 ] || ! grep -q '^inrfit: ' ../.err; then
        fail "$what: expected one 'inrfit:' line, got: $(cat ../.err)"
    elif [ -n "$(ls -A .)" ]; then
        fail "$what: left files behind: $(ls -A .)"
    else
        echo "ok   $what: $(cat ../.err)"
    fi
}
expect_fail 1 "missing file"     -- "$INRFIT" spectrum missing.png
expect_fail 1 "not a signal"     -- "$INRFIT" spectrum ../notes.txt
expect_fail 1 "directory"        -- "$INRFIT" spectrum ..
expect_fail 1 "unwritable"       -- "$INRFIT" spectrum "$ASSETS/camera_128.png" -o /nonexistent-dir/x
expect_fail 2 "no input"         -- "$INRFIT" spectrum
expect_fail 2 "two inputs"       -- "$INRFIT" spectrum a.png b.png
expect_fail 2 "unknown option"   -- "$INRFIT" spectrum "$ASSETS/camera_128.png" --bogus
expect_fail 2 "missing -o value" -- "$INRFIT" spectrum "$ASSETS/camera_128.png" -o
"$INRFIT" spectrum --help | grep -q '^usage: inrfit spectrum' || fail "--help"
"$INRFIT" --help | grep -q '^  spectrum ' || fail "spectrum not in the command table"

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
