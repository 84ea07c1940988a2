#!/usr/bin/env bash
# JPEG input through the command line: chosen by content, not by name (a
# JPEG named .png fits as a JPEG, a PNG named .jpg as a PNG), the EXIF
# orientation applied (a 7x5 file with orientation 6 fits as 5 wide, 7
# high), and a truncated or corrupt JPEG refused in one line with no output.
set -u
INRFIT=${INRFIT:-build/inrfit}
seeds=$(cd "$(dirname "$0")/../fuzz/seeds/jpeg" && pwd)
assets=$(cd "$(dirname "$0")/../assets" && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fails=0
# shellcheck source=tests/lib_cli.sh
. "$(dirname "$0")/lib_cli.sh"
fail() { echo "FAIL $*"; fails=$((fails+1)); }

# Width and height of a PNG, from its IHDR.
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8}'; }

fit() { "$INRFIT" fit "$@" --steps 3 --width 16 --layers 1 -q >/dev/null; }

cp "$seeds/rgb_exif_mm6.jpg" "$dir/photo.png"
if fit "$dir/photo.png" -o "$dir/rot" 2>"$dir/err"; then
    size=$(png_size "$dir/rot.png")
    [ "$size" = "5x7" ] && echo "ok   JPEG named .png, EXIF 6: reconstruction $size" ||
        fail "orientation 6: reconstruction is $size, expected 5x7"
else
    fail "fit of a JPEG named .png: $(cat "$dir/err")"
fi
"$INRFIT" fit "$dir/photo.png" --steps 1 --width 8 --layers 1 -o "$dir/v" 2>"$dir/err" >/dev/null
grep -q "JPEG 8-bit RGB, EXIF orientation 6" "$dir/err" &&
    echo "ok   reported as: $(grep -o 'JPEG[^,]*, EXIF orientation 6' "$dir/err")" ||
    fail "the fit does not say JPEG with orientation 6: $(head -1 "$dir/err")"
cp "$seeds/rgb.jpg" "$dir/plain.jpg"
fit "$dir/plain.jpg" -o "$dir/plain" && [ "$(png_size "$dir/plain.png")" = "7x5" ] &&
    echo "ok   JPEG without EXIF: 7x5" || fail "plain JPEG"
cp "$assets/camera_128.png" "$dir/camera.jpg"
fit "$dir/camera.jpg" -o "$dir/cam" && [ "$(png_size "$dir/cam.png")" = "128x128" ] &&
    echo "ok   PNG named .jpg" || fail "PNG named .jpg"

rm -f "$dir"/*.png "$dir"/*.inr "$dir"/*.jpg "$dir/err"
head -c 400 "$seeds/rgb_exif_ii1.jpg" > "$dir/cut.jpg"
expect_error 1 "truncated or corrupt JPEG" "truncated JPEG" -- \
    "$INRFIT" fit "$dir/cut.jpg" --steps 2 -o "$dir/cut"
head -c 400 "$seeds/rgb_exif_ii1.jpg" > "$dir/cut.png"
expect_error 1 "truncated or corrupt JPEG" "truncated JPEG named .png" -- \
    "$INRFIT" fit "$dir/cut.png" --steps 2 -o "$dir/cut2"
printf '\377\330\377\340garbage' > "$dir/junk.jpg"
expect_error 1 "corrupt JPEG" "JPEG signature, garbage after" -- \
    "$INRFIT" spectrum "$dir/junk.jpg" -o "$dir/junk"

[ "$fails" -eq 0 ] && echo "cli_jpeg: all passed" || { echo "cli_jpeg: $fails failed"; exit 1; }
