#!/usr/bin/env bash
# The hash-grid, NSTR and HC-INR models from the command line: fit ->
# render at the training size gives the fit's own reconstruction bit for bit
# (16-bit PNG, float WAV) through a version-3 checkpoint; info shows their
# configurations; --field list / --field NAME draw their inner fields as
# figures (size, title, axis text; --size sets the picture); the
# help documents the options; options for another model are refused.
set -eu
INRFIT=${INRFIT:-build/inrfit}
FIGURE=$(cd "$(dirname "$0")" && pwd)/figure_png.py
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
python3 - <<'PY'
import math, struct, zlib, wave
# 24x20 RGB pattern PNG and a 0.05 s mono 16-bit WAV.
H, W = 20, 24
raw = b''.join(b'\x00' + bytes(v for x in range(W) for v in ((x * 10) % 256, (y * 12) % 256, ((x * y) * 5) % 256)) for y in range(H))
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
open('img.png', 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', W, H, 8, 2, 0, 0, 0))
                            + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
w = wave.open('snd.wav', 'wb'); w.setnchannels(1); w.setsampwidth(2); w.setframerate(8000)
w.writeframes(b''.join(struct.pack('<h', int(12000 * math.sin(2 * math.pi * 440 * t / 8000))) for t in range(400)))
w.close()
PY
fail() { echo "FAIL: $*"; exit 1; }
# A figure's title band, y axis and x axis carry text; the plot has colour.
check_figure() {
  local what=$1 f=$2
  awk '$1 == "title_dark" && $2 > 200 { t = 1 } $1 == "left_dark" && $2 > 50 { l = 1 }
       $1 == "bottom_dark" && $2 > 100 { b = 1 } $1 == "colours" && $2 > 20 { c = 1 }
       END { exit !(t && l && b && c) }' "$f" || fail "$what: not a figure: $(tr '\n' ' ' < "$f")"
}

declare -A OPTS=(
  [hashgrid]="--levels 4 --log2-table 8 --max-res 32"
  [nstr]="--bases 8 --lambda 0.01"
  [hcinr]="--width 24 --layers 2 --scales 2 --latent-res 6"
)
declare -A FIELDS=( [hashgrid]=levels [nstr]="frequency flow" [hcinr]=warp )
for m in hashgrid nstr hcinr; do
  "$INRFIT" fit img.png --model $m ${OPTS[$m]} --steps 15 --bits 16 -q -o img_$m > fit.txt \
    || fail "$m: fit failed: $(cat fit.txt)"
  grep -q "^model       $m" fit.txt || fail "$m: $(cat fit.txt)"
  "$INRFIT" render img_$m.inr -o same.png --bits 16 > /dev/null
  cmp img_$m.png same.png || fail "$m: render at training size differs from the fit's reconstruction"
  "$INRFIT" info img_$m.inr > info.txt
  grep -q "format version 3" info.txt || fail "$m info: $(cat info.txt)"
  grep -q "model       $m" info.txt || fail "$m info model"
  "$INRFIT" render img_$m.inr --field list > list.txt
  for f in ${FIELDS[$m]}; do
    grep -q "^$f " list.txt || fail "$m: field $f not listed: $(cat list.txt)"
    "$INRFIT" render img_$m.inr --field $f -o field_$f.png > /dev/null || fail "$m: --field $f"
    # a figure: 512 pixels or more on the long side, a title, axis text
    python3 "$FIGURE" field_$f.png > fig.txt
    read -r _ w h < fig.txt
    [ "$w" -ge 512 ] || [ "$h" -ge 512 ] || fail "$m: field $f picture ${w}x$h"
    check_figure "$m: field $f" fig.txt
    "$INRFIT" render img_$m.inr --field $f -o sized.png --size 640x480 > /dev/null || fail "$m: --size"
    python3 "$FIGURE" sized.png > fig.txt; grep -qx "size 640 480" fig.txt || fail "$m: field $f --size 640x480"
  done
  # audio: fit, cmp the float WAV render, and a field plot
  "$INRFIT" fit snd.wav --model $m ${OPTS[$m]} --steps 10 --bits 32 -q -o snd_$m > fit.txt || fail "$m audio fit"
  grep -q '^SNR ' fit.txt || fail "$m: no SNR line"
  "$INRFIT" render snd_$m.inr -o same.wav --bits 32 > /dev/null
  cmp snd_$m.wav same.wav || fail "$m: audio render at training rate differs"
  f=${FIELDS[$m]%% *}
  "$INRFIT" render snd_$m.inr --field $f -o plot.png > /dev/null || fail "$m audio field"
  python3 "$FIGURE" plot.png > fig.txt
  grep -qx "size 1024 400" fig.txt || fail "$m: audio field plot size: $(head -1 fig.txt)"
  check_figure "$m: audio field $f" fig.txt
  "$INRFIT" render snd_$m.inr --field $f -o plot.png --size 700x300 > /dev/null || fail "$m audio --size"
  python3 "$FIGURE" plot.png > fig.txt; grep -qx "size 700 300" fig.txt || fail "$m: audio field --size 700x300"
done
grep -q "tables      T = 2^8, 1 dense + 3 hashed levels" <("$INRFIT" info img_hashgrid.inr) \
  || fail "hashgrid info: $("$INRFIT" info img_hashgrid.inr)"
grep -q "^hparams .*, bases 8," <("$INRFIT" info img_nstr.inr) || fail "nstr info"
grep -q "^hparams .*, scales 2, latent_res 6, latent_features 8$" <("$INRFIT" info img_hcinr.inr) ||
  fail "hcinr info: $("$INRFIT" info img_hcinr.inr)"

# help documents every new option with its default
"$INRFIT" fit --help > help.txt
for opt in --levels --features --log2-table --base-res --growth --max-res --bases --lambda \
           --scales --latent-res --latent-features hashgrid nstr hcinr; do
  grep -q -- "$opt" help.txt || fail "fit --help lacks $opt"
done
"$INRFIT" render --help | grep -q -- "--field" || fail "render --help lacks --field"

# usage errors: exit 2, no output written
expect2() { local what=$1; shift; set +e; "$@" > out.txt 2>&1; rc=$?; set -e
            [ $rc -eq 2 ] || fail "$what: exit $rc, expected 2: $(cat out.txt)"; }
expect2 "bases on siren" "$INRFIT" fit img.png --bases 4 -o bad
expect2 "growth and max-res" "$INRFIT" fit img.png --model hashgrid --growth 2 --max-res 100 -o bad
expect2 "scales on nstr" "$INRFIT" fit img.png --model nstr --scales 2 -o bad
expect2 "unknown model" "$INRFIT" fit img.png --model nerf -o bad
expect2 "unknown field" "$INRFIT" render img_nstr.inr --field warp -o bad.png
expect2 "field without -o" "$INRFIT" render img_nstr.inr --field flow
expect2 "field picture too small" "$INRFIT" render img_nstr.inr --field flow -o bad.png --size 64x64
[ ! -e bad.inr ] && [ ! -e bad.png ] || fail "a refused command left an output"
"$INRFIT" render img_hashgrid.inr --field list > /dev/null || fail "--field list needs no -o"
echo "models ok"
