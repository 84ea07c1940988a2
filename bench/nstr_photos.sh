#!/usr/bin/env bash
# bench/nstr_photos.sh - NSTR's default and its variants beside SIREN
# (256x4) and the FFN (--width 210) on the bundled photos at 256x256, 300
# steps, on all pixels and with --holdout 0.2 (the held-out PSNR), plus the
# transport term's ablation (--lambda 0). Evidence for bench/REPORT_models.md
# (issue 27), not a test: PSNRs depend on steps, not on the machine's load.
#
#   bench/nstr_photos.sh [build-dir]    (STEPS=300 THREADS=2 ONLY=nstr|phase|width|baselines
#                                        SEED=0 IMAGES="camera astronaut coffee gravel")
# A SEED other than 0 runs the variants with --seed SEED as NAME-sSEED.
# Results: bench/results/nstr/RUN.json (one fit's --json each), then a table.
set -eu
build=${1:-build}
INRFIT=${INRFIT:-$build/inrfit}
STEPS=${STEPS:-300}
THREADS=${THREADS:-2}
DATA=${INRFIT_DATA:-tests/data}
out=bench/results/nstr
. bench/fit_json.sh
mkdir -p "$out"
[ -f "$out/astronaut_256.png" ] || python3 bench/png_shrink.py "$DATA/images/astronaut.png" "$out/astronaut_256.png" --factor 2
[ -f "$out/coffee_256.png" ] || python3 bench/png_shrink.py "$DATA/images/coffee.png" "$out/coffee_256.png" --crop 256
[ -f "$out/gravel_256.png" ] || python3 bench/png_shrink.py "$DATA/images/gravel.png" "$out/gravel_256.png" --factor 2
cp -n "$DATA/images/camera_256.png" "$out/camera_256.png"

# name -> options (all at <= 205k trainable parameters on RGB; nstr: K 16
# with the phase field on 16..68, g_phi 128 wide; nstr-amp the amplitudes-
# only default before; variants measured when g_phi was 64 wide say so)
declare -A VARIANTS=(
  [nstr]="--model nstr"
  [nstr-l0]="--model nstr --lambda 0"
  [nstr-k8]="--model nstr --phase-field 0 --bases 8 --base-res 32 --max-res 128 --width 64"
  [nstr-2lv]="--model nstr --phase-field 0 --levels 2 --base-res 48 --max-res 96 --width 64"
  [nstr-w128]="--model nstr --width 128"
  [nstr-pf-k8]="--model nstr --bases 8 --base-res 24 --max-res 96 --width 64"
  [nstr-pf-k8-l0]="--model nstr --bases 8 --base-res 24 --max-res 96 --lambda 0 --width 64"
  [nstr-amp]="--model nstr --phase-field 0 --base-res 24 --max-res 96 --width 64"
  [nstr-amp-l0]="--model nstr --phase-field 0 --base-res 24 --max-res 96 --lambda 0 --width 64"
  [nstr-amp-k32]="--model nstr --phase-field 0 --bases 32 --width 64"
  [nstr-w64]="--model nstr --width 64"
  [nstr-w64-l0]="--model nstr --width 64 --lambda 0"
  [nstr-w96]="--model nstr --width 96"
  [nstr-w64x2]="--model nstr --width 64 --layers 2"
  [nstr-w64-l2e3]="--model nstr --width 64 --lambda 2e-3"
  [nstr-l2e3]="--model nstr --lambda 2e-3"
  [siren]="--model siren"
  [ffn]="--model ffn --width 210"
)
case ${ONLY:-all} in
  nstr) names="nstr nstr-l0 nstr-k8 nstr-2lv nstr-w128" ;;
  phase) names="nstr nstr-l0 nstr-amp nstr-amp-l0 nstr-amp-k32 nstr-pf-k8 nstr-pf-k8-l0" ;;
  width) names="nstr nstr-l0 nstr-w64 nstr-w64-l0 nstr-w96 nstr-w64x2 nstr-w64-l2e3 nstr-l2e3" ;;
  baselines) names="siren ffn" ;;
  *) names="nstr nstr-l0 nstr-k8 nstr-2lv nstr-w128 nstr-amp nstr-amp-l0 nstr-amp-k32 nstr-pf-k8 nstr-pf-k8-l0 siren ffn" ;;
esac
seed=${SEED:-0} tag=
[ "$seed" = 0 ] || tag=-s$seed
for img in ${IMAGES:-camera astronaut coffee gravel}; do
  for name in $names; do
    for hold in 0 0.2; do
      # shellcheck disable=SC2086
      fit_json "$out/${img}_${name}${tag}_h${hold}" "$hold" "$out/${img}_256.png" \
          ${VARIANTS[$name]} --seed "$seed" --steps "$STEPS"
    done
  done
done
python3 bench/holdout_table.py "$out" image
