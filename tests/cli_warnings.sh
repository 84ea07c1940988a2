#!/usr/bin/env bash
# Warnings a fit owes its user, one "inrfit: warning: ..." line each on
# stderr (also with -q), the fit still succeeding: near-silent audio (peak
# below -60 dBFS), FreSh choosing the smallest or largest of its candidates,
# a model with more parameters than its signal has values (also said under
# PSNR in the report); and the model's size in bytes and bits per pixel /
# sample in every report (fit and info).
set -u
INRFIT=${INRFIT:-build/inrfit}
. "$(dirname "$0")/lib_cli.sh"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails+1)); }
write_pattern_png img.png
python3 - <<'PY'
import math, struct, wave
# 0.5 s at 8 kHz of a 440 Hz tone, peak 7/32768 (-73 dBFS) and 0.003 (-50 dBFS).
for name, peak in (('quiet.wav', 0.0002), ('soft.wav', 0.003)):
    w = wave.open(name, 'wb'); w.setnchannels(1); w.setsampwidth(2); w.setframerate(8000)
    w.writeframes(b''.join(struct.pack('<h', round(peak * 32767 * math.sin(2 * math.pi * 440 * t / 8000)))
                           for t in range(4000)))
    w.close()
PY
small="--width 16 --layers 2 --steps 1"

# fit_ok WHAT ARGS...: the fit succeeds; stdout in out.txt, stderr in err.txt.
fit_ok() { local what=$1; shift; "$INRFIT" "$@" >out.txt 2>err.txt || fail "$what: exit $?: $(cat err.txt)"; }
# warnings N WHAT PATTERN: exactly N warning lines, all matching PATTERN.
warnings() {
    local n got
    n=$(grep -c '^inrfit: warning: ' err.txt)
    got=$(grep -c "^inrfit: warning: $3" err.txt)
    [ "$n" -eq "$1" ] && [ "$got" -eq "$1" ] || fail "$2: expected $1 warning(s) '$3', got: $(grep warning err.txt)"
}

# Near-silent audio, also with -q; -50 dBFS is not.
fit_ok "quiet audio" quiet.wav $small -q -o q
warnings 1 "quiet audio" "'quiet.wav' is nearly silent (peak 0.00021, -73 dBFS, below -60)"
[ -f q.inr ] && [ -f q.wav ] || fail "quiet audio: outputs missing"
fit_ok "soft audio" soft.wav $small -q -o s
warnings 0 "soft audio" ""

# The size line: 321 parameters = 1284 bytes = 10272 bits over 4000 samples
# in 0.5 s; 337 parameters over 64x64 pixels; info says the same.
fit_ok "soft audio again" soft.wav $small -o s
grep -q '^size        1284 bytes (float32), 2.57 bits per sample, 20.5 kbit/s$' out.txt || fail "audio size: $(grep size out.txt)"
fit_ok "small image" img.png $small -o i
grep -q '^size        1348 bytes (float32), 2.63 bits per pixel$' out.txt || fail "image size: $(grep size out.txt)"
"$INRFIT" info i.inr | grep -q '^size        1348 bytes (float32), 2.63 bits per pixel$' || fail "info size: $("$INRFIT" info i.inr)"
warnings 0 "small model" ""
grep -q 'memorised' out.txt && fail "small model: $(cat out.txt)"

# More parameters than values: SIREN 256x4 and the hash grid on 64x64.
fit_ok "large SIREN" img.png --steps 1 -q -o big
warnings 1 "large SIREN" "the model has 198401 parameters for 4096 values in the image (48.4x)"
grep -A1 '^size ' out.txt | grep -q '^  *198401 parameters > 4096 values in the image: memorised, not compressed$' \
    || fail "large SIREN: report: $(cat out.txt)"
"$INRFIT" info big.inr | grep -q '198401 parameters > 4096 values' || fail "info: no note for a large model"
fit_ok "hash grid" img.png --model hashgrid --steps 1 -q -o hg
warnings 1 "hash grid" "the model has [0-9]* parameters for 4096 values in the image"

# FreSh: 100 is the best w0_first for this image between 60 and 150, so a
# grid around it is quiet; given as 100,30,3 it is the largest (whatever the
# order), in 100,150,200 the smallest; two candidates never warn.
fit_ok "FreSh inside" img.png $small --fresh-grid 150,100,60 -o f1
grep -q 'FreSh chose w0_first = 100 ' err.txt || fail "FreSh inside: $(grep chose err.txt)"
warnings 0 "FreSh inside" ""
fit_ok "FreSh largest" img.png $small --fresh-grid 100,30,3 -q -o f2
warnings 1 "FreSh largest" "FreSh chose w0_first = 100, the largest of its 3 candidates: the best value may lie above"
fit_ok "FreSh smallest" img.png $small --fresh-grid 100,150,200 -o f3
warnings 1 "FreSh smallest" "FreSh chose w0_first = 100, the smallest of its 3 candidates: the best value may lie below"
fit_ok "FreSh two" img.png $small --fresh-grid 3,100 -o f4
warnings 0 "FreSh two" ""

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
