#!/usr/bin/env bash
# bench/five_models.sh - the five models at ~200k parameters on the bundled
# photos (256x256, as bench/nstr_photos.sh makes them) and two sounds, at
# equal steps and at equal time, on all points and held out (--holdout 0.2):
# the evidence table of issue 27 in bench/REPORT_models.md. Not a test.
#
#   bench/five_models.sh [build-dir]   (STEPS=300 AUDIO_STEPS=300 THREADS=2;
#                                       MODELS, IMAGES, SOUNDS, HOLDS narrow the runs)
#
# Three passes (PASSES="steps rates time", in that order), each skipping
# what is already in bench/results/five:
#   1. equal steps: STEPS steps (audio AUDIO_STEPS), all points and held out.
#   2. rates: RATE_STEPS (20) steps of every model on one photo (grey and
#      RGB) and each sound, seconds per step from --json. TIME THIS PASS ON
#      AN IDLE MACHINE: equal time rests on it (the script says so and
#      prints the load average beside the rates).
#   3. equal time: every model runs for T = NSTR's STEPS steps at its rate,
#      i.e. round(T / its s/step) steps, held out. PSNRs of passes 2 and 3
#      depend on steps only, not on the machine's load.
set -eu
build=${1:-build}
INRFIT=${INRFIT:-$build/inrfit}
STEPS=${STEPS:-300}
AUDIO_STEPS=${AUDIO_STEPS:-300}
RATE_STEPS=${RATE_STEPS:-20}
THREADS=${THREADS:-2}
DATA=${INRFIT_DATA:-tests/data}
out=${OUT_DIR:-bench/results/five}
photos=bench/results/nstr
mkdir -p "$out" "$photos"
[ -f "$photos/astronaut_256.png" ] || python3 bench/png_shrink.py "$DATA/images/astronaut.png" "$photos/astronaut_256.png" --factor 2
[ -f "$photos/coffee_256.png" ] || python3 bench/png_shrink.py "$DATA/images/coffee.png" "$photos/coffee_256.png" --crop 256
[ -f "$photos/gravel_256.png" ] || python3 bench/png_shrink.py "$DATA/images/gravel.png" "$photos/gravel_256.png" --factor 2
cp -n "$DATA/images/camera_256.png" "$photos/camera_256.png"
# The first second of the Bach recording (44,100 frames): sox's trim.
[ -f "$out/bach1s.wav" ] || sox "$DATA/audio/gt_bach.wav" "$out/bach1s.wav" trim 0 1

MODELS=${MODELS:-siren ffn hashgrid nstr hcinr}
# Options that bring each model to about 200k trainable parameters (RGB).
declare -A IMAGE=(
  [siren]="--model siren"                                # 256 x 4 sine (198,915)
  [ffn]="--model ffn --width 210"                        # 256 features, 3 x 210 (196,983)
  [hashgrid]="--model hashgrid --log2-table 13"          # L16 F2 T2^13 (209,901)
  [nstr]="--model nstr"                                  # the default (204,179)
  [hcinr]="--model hcinr --width 256 --layers 4"         # field SIREN 256 x 4 (203,733)
)
declare -A AUDIO=(
  [siren]="--model siren"                                # (198,145)
  [ffn]="--model ffn --width 210 --sigma 1000"           # (196,561)
  [hashgrid]="--model hashgrid --features 8"             # 16 dense levels x 8 (180,417)
  [nstr]="--model nstr --bases 128"                      # K 128 on 64..1024 (201,409)
  [hcinr]="--model hcinr --width 256 --layers 4"         # (201,671)
)
IMAGES=${IMAGES-camera astronaut coffee gravel}
SOUNDS=${SOUNDS-cymbal bach1s}
signal_file() {
  case $1 in
    cymbal) echo assets/cymbal_short.wav ;;
    bach1s) echo "$out/bach1s.wav" ;;
    *) echo "$photos/$1_256.png" ;;
  esac
}
opts() { case $1 in cymbal | bach1s) echo "${AUDIO[$2]}" ;; *) echo "${IMAGE[$2]}" ;; esac; }

# fit TAG SIGNAL MODEL STEPS HOLDOUT: one fit's --json into $out/TAG.json.
. bench/fit_json.sh
fit() {
  # shellcheck disable=SC2046
  fit_json "$out/$1" "$5" "$(signal_file "$2")" $(opts "$2" "$3") --steps "$4"
}

has_pass() { case " ${PASSES:-steps rates time} " in *" $1 "*) return 0 ;; esac; return 1; }

if has_pass steps; then
  for sig in $IMAGES $SOUNDS; do
    steps=$STEPS
    case $sig in cymbal | bach1s) steps=$AUDIO_STEPS ;; esac
    for model in $MODELS; do
      for hold in ${HOLDS:-0 0.2}; do fit "steps_${sig}_${model}_h$hold" "$sig" "$model" "$steps" "$hold"; done
    done
  done
fi

# Rates: camera (grey), coffee (RGB), each sound.
if has_pass rates && [ ! -s "$out/rates.txt" ]; then
  echo "five_models: timing $RATE_STEPS steps of each model; the machine should be idle (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  for sig in camera coffee $SOUNDS; do
    for model in $MODELS; do fit "rate_${sig}_$model" "$sig" "$model" "$RATE_STEPS" 0; done
  done
  python3 - "$out" > "$out/rates.txt.tmp" <<'PY'
import glob, json, os, sys
for f in sorted(glob.glob(os.path.join(sys.argv[1], "rate_*.json"))):
    _, sig, model = os.path.basename(f)[:-5].split("_")
    print(sig, model, "%.6f" % json.load(open(f))["seconds_per_step"])
PY
  echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg); $(lscpu | sed -n 's/^Model name: *//p'), $THREADS threads" >> "$out/rates.txt.tmp"
  mv "$out/rates.txt.tmp" "$out/rates.txt"
fi
[ -s "$out/rates.txt" ] && cat "$out/rates.txt"

# Equal time: NSTR's budget (its steps at its rate); photos take the rate
# of their channels (camera grey, the others RGB's, timed on coffee).
rate() { awk -v s="$1" -v m="$2" '$1 == s && $2 == m { print $3 }' "$out/rates.txt"; }
for sig in $IMAGES $SOUNDS; do
  has_pass time && [ -s "$out/rates.txt" ] || break
  steps=$STEPS rsig=$sig
  case $sig in cymbal | bach1s) steps=$AUDIO_STEPS ;; camera) ;; *) rsig=coffee ;; esac
  budget=$(python3 -c "print($steps * $(rate "$rsig" nstr))")
  for model in $MODELS; do
    n=$(python3 -c "print(max(1, round($budget / $(rate "$rsig" "$model"))))")
    fit "time_${sig}_${model}_n$n" "$sig" "$model" "$n" 0.2
  done
done

python3 bench/five_models_table.py "$out" "$STEPS" "$AUDIO_STEPS"
