#!/usr/bin/env bash
# fit --plot FILE.png (issue 24): the training curve as an 800x500 PNG figure,
# written atomically beside the other outputs, for images and audio; a name
# without .png or one that is the input is refused before any work.
set -u
INRFIT=${INRFIT:-build/inrfit}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails+1)); }
# shellcheck source=tests/lib_cli.sh
. "$(dirname "$0")/lib_cli.sh"
cp assets/camera_128.png assets/cymbal_short.wav "$dir/"
cd "$dir"
small=(--width 16 --layers 2 --threads 1 -q)

# png_size FILE: "W H" from the IHDR of a PNG, or nothing.
png_size() {
    python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24)
assert d[:8] == b"\x89PNG\r\n\x1a\n" and d[12:16] == b"IHDR"; print(*struct.unpack(">II", d[16:24]))' "$1" 2>/dev/null
}
# drawn FILE: whether the picture holds more than a blank page and text
# (a blank page decompresses to a handful of byte values).
drawn() {
    python3 - "$1" <<'PY'
import struct, sys, zlib
d, pos, idat = open(sys.argv[1], "rb").read(), 8, b""
while pos < len(d):
    n, t = struct.unpack(">I4s", d[pos:pos + 8])
    idat += d[pos + 8:pos + 8 + n] if t == b"IDAT" else b""
    pos += 12 + n
sys.exit(0 if len(set(zlib.decompress(idat))) > 8 else 1)
PY
}

"$INRFIT" fit camera_128.png "${small[@]}" --steps 30 -o cam --plot cam_curve.png >/dev/null \
    || fail "fit --plot: exit $?"
[ "$(png_size cam_curve.png)" = "800 500" ] || fail "image curve: '$(png_size cam_curve.png)'"
drawn cam_curve.png || fail "image curve: nothing drawn"
"$INRFIT" fit cymbal_short.wav "${small[@]}" --steps 10 -o cym --plot cym_curve.png >/dev/null \
    || fail "audio fit --plot: exit $?"
[ "$(png_size cym_curve.png)" = "800 500" ] || fail "audio curve: '$(png_size cym_curve.png)'"
ls | grep -q '\.tmp-' && fail "temporary files left: $(ls)"

expect_error 2 "needs the .png extension" "--plot without .png" -- \
    "$INRFIT" fit camera_128.png "${small[@]}" --steps 1 -o x --plot curve.txt
expect_error 2 "" "--plot over the input" -- \
    "$INRFIT" fit camera_128.png "${small[@]}" --steps 1 -o y --plot camera_128.png
expect_error 2 "" "--plot over the reconstruction" -- \
    "$INRFIT" fit camera_128.png "${small[@]}" --steps 1 -o z --plot z.png

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "ok"
