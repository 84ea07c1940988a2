#!/usr/bin/env bash
# bench/models.sh - the five model families at about equal parameter counts
# (~200k) on camera, astronaut, coffee (256 x 256) and a short audio clip:
# quality after the same number of steps, and after the same wall-clock time
# (the shortest run of each signal; read from the per-step CSV logs, which
# hold the full-batch loss of every step). Evidence for
# bench/REPORT_models.md, not a test.
#
#   bench/models.sh [build-dir]     (STEPS=100 AUDIO_STEPS=200 THREADS=2)
#
# Images: camera_256 as is; astronaut 512 -> 256 by a 2x2 box filter; coffee
# 600x400 -> its centre 256 x 256 crop (bench/png_shrink.py). Audio: the
# bundled cymbal_short.wav (11,025 frames). Runs under nice; results go to
# bench/results/models/ (runs) and stdout (the tables).
set -eu
build=${1:-build}
INRFIT=${INRFIT:-$build/inrfit}
STEPS=${STEPS:-100}
AUDIO_STEPS=${AUDIO_STEPS:-200}
THREADS=${THREADS:-2}
DATA=${INRFIT_DATA:-tests/data}
out=bench/results/models
mkdir -p "$out"

[ -f "$out/astronaut_256.png" ] || python3 bench/png_shrink.py "$DATA/images/astronaut.png" "$out/astronaut_256.png" --factor 2
[ -f "$out/coffee_256.png" ] || python3 bench/png_shrink.py "$DATA/images/coffee.png" "$out/coffee_256.png" --crop 256

# Options that bring each model to about 200k trainable parameters.
declare -A IMAGE_OPTS=(
  [siren]=""                              # 2 -> 256 x 4 sine -> C   (198k)
  [ffn]="--width 210"                     # 256 features, 3 x 210 ReLU (197k)
  [hashgrid]="--log2-table 13"            # L16 F2 T 2^13, N_min 16, b 1.5 (210k)
  [nstr]="--bases 32"                     # K 32, S 16/32/64 (185k)
  [hcinr]="--width 256 --layers 4"        # field SIREN 256 x 4 (203k)
)
declare -A AUDIO_OPTS=(
  [siren]=""                              # w0_first 3000 (198k)
  [ffn]="--width 210 --sigma 1000"        # audio needs a high sigma (197k)
  [hashgrid]="--features 8"               # 16 dense 1-D levels x 8 (181k)
  [nstr]="--bases 128"                    # K 128, S 64/256/1024 (201k)
  [hcinr]="--width 256 --layers 4"        # (202k)
)
run() {  # signal-name file steps model options...
  local name=$1 file=$2 steps=$3 model=$4; shift 4
  local tag="${name}_${model}"
  if [ -s "$out/$tag.txt" ]; then echo "  $tag: done before" >&2; return; fi
  echo "  $tag ..." >&2
  nice -n 10 "$INRFIT" fit "$file" --model "$model" "$@" --steps "$steps" --threads "$THREADS" \
    -q -o "$out/$tag" --log "$out/$tag.csv" > "$out/$tag.txt.tmp"
  mv "$out/$tag.txt.tmp" "$out/$tag.txt"
}
for model in siren ffn hashgrid nstr hcinr; do
  run camera "$DATA/images/camera_256.png" "$STEPS" $model ${IMAGE_OPTS[$model]}
  run astronaut "$out/astronaut_256.png" "$STEPS" $model ${IMAGE_OPTS[$model]}
  run coffee "$out/coffee_256.png" "$STEPS" $model ${IMAGE_OPTS[$model]}
  run cymbal assets/cymbal_short.wav "$AUDIO_STEPS" $model ${AUDIO_OPTS[$model]}
done
python3 bench/models_summary.py "$out"
