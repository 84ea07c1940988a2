#!/usr/bin/env bash
# readme_pictures.sh - makes the README's pictures in docs/img/ with an
# inrfit that is already built (this script builds nothing):
#   field_nstr_flow.png     NSTR fitted to the camera for 150 steps (transport term on), its flow field
#   spectrum_camera.png     `inrfit spectrum` of the camera
#   spectrogram_cymbal.png  `inrfit spectrum` of the cymbal
#   camera_psnr.png         the demo's fit (SIREN 64x3, 300 steps) and its --plot curve
# usage: scripts/readme_pictures.sh [INRFIT]   (default: build/inrfit)
set -eu
inrfit=${1:-build/inrfit}
case $inrfit in /*) ;; *) inrfit=$PWD/$inrfit ;; esac
[ -x "$inrfit" ] || { echo "readme_pictures.sh: no inrfit at $inrfit (build it first)" >&2; exit 1; }
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/docs/img
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
cd "$tmp"
cp "$root/assets/camera_128.png" "$root/assets/cymbal_short.wav" .

"$inrfit" fit camera_128.png --model nstr --lambda 1e-3 --steps 150 --seed 1 -q -o camera_nstr > /dev/null
"$inrfit" render camera_nstr.inr --field flow -o "$out/field_nstr_flow.png"
"$inrfit" spectrum camera_128.png -o camera > /dev/null
mv camera_spectrum.png "$out/spectrum_camera.png"
"$inrfit" spectrum cymbal_short.wav -o cymbal > /dev/null
mv cymbal_spectrum.png "$out/spectrogram_cymbal.png"
# The demo's fit (Makefile's demo target), with its training curve.
"$inrfit" fit camera_128.png --width 64 --layers 3 --steps 300 -q -o demo --plot "$out/camera_psnr.png" > /dev/null
ls -l "$out"/camera_psnr.png "$out"/field_nstr_flow.png "$out"/spectrum_camera.png "$out"/spectrogram_cymbal.png
