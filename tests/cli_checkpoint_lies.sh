#!/usr/bin/env bash
# A checkpoint that lies (issue 23) is refused at load by every command, in
# one line naming the field, exit 1: an optimizer step of -5 and a NaN
# learning rate, CRC-32 repaired. Before, `fit --resume` resumed "at step
# -5" and ended in "training diverged ... try a smaller --lr".
set -u
INRFIT=${INRFIT:-build/inrfit}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fails=0
# shellcheck source=tests/lib_cli.sh
. "$(dirname "$0")/lib_cli.sh"
cp assets/camera_128.png "$dir/"
cd "$dir"
"$INRFIT" fit camera_128.png --width 8 --layers 1 --steps 3 -q -o good >/dev/null || { echo "FAIL fit"; exit 1; }

# patch IN OUT FROM_END FORMAT VALUE: packs VALUE at len-4-72+FROM_END (the
# optimizer block, docs/CHECKPOINT.md) and repairs the CRC.
patch() {
    python3 - "$@" <<'PY'
import struct, sys, zlib
src, dst, at, fmt, val = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
d = bytearray(open(src, "rb").read())
off = len(d) - 4 - 72 + at
d[off:off + struct.calcsize(fmt)] = struct.pack(fmt, float(val) if "f" in fmt else int(val))
d[-4:] = struct.pack("<I", zlib.crc32(bytes(d[:-4])) & 0xffffffff)
open(dst, "wb").write(bytes(d))
PY
}
patch good.inr step.inr 0 "<q" -5
patch good.inr lr.inr 40 "<f" nan
for f in step lr; do
    want=$([ $f = step ] && echo "Adam step -5 is negative" || echo "learning rate nan")
    expect_error 1 "$want" "info on the $f lie" -- "$INRFIT" info $f.inr
    expect_error 1 "$want" "resume from the $f lie" -- \
        "$INRFIT" fit camera_128.png --resume $f.inr --steps 10 -q -o out_$f
done
grep -rq -- "--lr" . 2>/dev/null && { echo "FAIL a message blames --lr"; fails=$((fails+1)); }
[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "ok"
