#!/usr/bin/env bash
# bench/nstr_sounds.sh - NSTR on four sounds with and without the phase
# field (--phase-field 1), at the audio default's size (~100k) and at ~200k,
# 300 steps, on all samples and with --holdout 0.2 (held-out SNR). Evidence
# for bench/REPORT_models.md (issue 27), not a test: SNRs depend on steps,
# not on the machine's load.
#
#   bench/nstr_sounds.sh [build-dir]    (STEPS=300 THREADS=2 SOUNDS="bach1s cymbal counting1s guitar1s")
# Sounds: the bundled cymbal clip and the first second of gt_bach.wav,
# gt_counting.wav and guit_em9.flac (sox's trim). Results:
# bench/results/nstr_sounds/RUN.json (one fit's --json each), then a table.
set -eu
build=${1:-build}
INRFIT=${INRFIT:-$build/inrfit}
STEPS=${STEPS:-300}
THREADS=${THREADS:-2}
DATA=${INRFIT_DATA:-tests/data}
out=bench/results/nstr_sounds
. bench/fit_json.sh
mkdir -p "$out"
declare -A SOURCE=([bach1s]=gt_bach.wav [counting1s]=gt_counting.wav [guitar1s]=guit_em9.flac)
for s in "${!SOURCE[@]}"; do
  [ -f "$out/$s.wav" ] || sox "$DATA/audio/${SOURCE[$s]}" "$out/$s.wav" trim 0 1
done
signal_file() { [ "$1" = cymbal ] && echo assets/cymbal_short.wav || echo "$out/$1.wav"; }

# name -> options (nstr: the audio default, K 64 amplitudes on 64..1024)
declare -A VARIANTS=(
  [nstr]=""
  [nstr-k32-pf]="--bases 32 --phase-field 1"
  [nstr-k64-pf]="--phase-field 1"
  [nstr-k128]="--bases 128"
)
for s in ${SOUNDS:-bach1s cymbal counting1s guitar1s}; do
  for name in nstr nstr-k32-pf nstr-k64-pf nstr-k128; do
    for hold in 0 0.2; do
      # shellcheck disable=SC2086
      fit_json "$out/${s}_${name}_h${hold}" "$hold" "$(signal_file "$s")" --model nstr \
          ${VARIANTS[$name]} --steps "$STEPS"
    done
  done
done
python3 bench/holdout_table.py "$out" sound
