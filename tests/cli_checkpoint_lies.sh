#!/usr/bin/env bash
# A checkpoint whose CRC is right but whose fields lie: `info` and
# `fit --resume` refuse it at load, exit 1 with one line that names the field
# (and never suggest --lr, as a divergence would). Files crafted with
# python3 from a 2-step fit, each with one field patched and its CRC redone.
set -u
INRFIT=${INRFIT:-build/inrfit}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fails=0

# shellcheck source=tests/lib_cli.sh
. "$(dirname "$0")/lib_cli.sh"

cd "$dir"
write_pattern_png img.png
"$INRFIT" fit img.png --width 8 --layers 2 --steps 2 --threads 1 -q -o good >/dev/null ||
    { echo "FAIL: the 2-step fit"; exit 1; }
"$INRFIT" info good.inr >/dev/null || { echo "FAIL: info on the good checkpoint"; exit 1; }

# craft NAME OFFSET FORMAT VALUE: good.inr with struct.pack(FORMAT, VALUE) at
# OFFSET (negative: from the optimizer's step, which sits 72 bytes before
# the CRC) and the CRC redone, as NAME.inr; ADAM_V: the last second moment.
craft() {
    python3 - "$@" <<'PY'
import struct, sys, zlib
name, off, fmt, value = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
d = bytearray(open('good.inr', 'rb').read())
opt = len(d) - 4 - 72
at = opt - 4 if off == 'ADAM_V' else opt + ~int(off) if int(off) < 0 else int(off)
v = float(value) if fmt.endswith('f') else int(value)
d[at:at + struct.calcsize(fmt)] = struct.pack(fmt, v)
d[-4:] = struct.pack('<I', zlib.crc32(bytes(d[:-4])))
open(name + '.inr', 'wb').write(d)
PY
}

# name offset format value reason
cases=(
    "step 112 <q -5 step -5 is negative"
    "depth 100 <I 99 bit depth 99"
    "init 52 <I 7 unknown initialisation 7"
    "scale 104 <f 0 value scale"
    "centroid 120 <f nan spectral centroid"
    "optstep -1 <q -5 optimizer step -5 is negative"
    "lr -41 <f 0 optimizer lr 0"
    "lrnan -41 <f nan optimizer lr nan"
    "beta1 -45 <f 1.5 optimizer beta1"
    "eps -53 <f -1 optimizer eps"
    "decay -57 <f 0 optimizer lr_decay 0"
    "every -61 <I 0 optimizer lr_decay_every 0"
    "batch -65 <q -1 optimizer batch"
    "adam ADAM_V <f inf Adam state holds NaN or infinity"
)
for c in "${cases[@]}"; do
    read -r name off fmt value reason <<<"$c"
    craft "$name" "$off" "$fmt" "$value"
    expect_error 1 "'$name.inr': $reason" "info $name" -- "$INRFIT" info "$name.inr"
    expect_error 1 "'$name.inr': $reason" "resume $name" -- \
        "$INRFIT" fit img.png --resume "$name.inr" --steps 4 --threads 1 -q -o "out_$name"
    # expect_error has removed its capture: run once more for the advice.
    if "$INRFIT" fit img.png --resume "$name.inr" --steps 4 --threads 1 -q -o "out_$name" 2>&1 |
        grep -q -- "--lr"; then
        echo "FAIL resume $name: blames the learning rate"; fails=$((fails+1))
    fi
    rm -f "$name.inr" "out_$name".*
done

[ "$fails" -eq 0 ] && echo "ok   every lying checkpoint refused at load, naming its field"
exit $((fails > 0))
