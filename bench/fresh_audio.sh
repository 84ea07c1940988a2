#!/usr/bin/env bash
# FreSh on audio (issue 15 item 1): for each clip, FreSh's w0_first pick
# (`fit --fresh`) against a fit of every value of its audio grid (250, 500,
# ..., 5000 at 44.1 kHz), all with the same network and steps. Prints a
# markdown table: pick, its SNR, the grid's best value and SNR, and the gap.
#
#   bench/fresh_audio.sh                  # from the project root, after `make`
#   STEPS=200 NET="--width 64 --layers 3" WORK=/tmp/fa bench/fresh_audio.sh
#
# Clips: 0.25 s excerpts (sox) of five sounds of different character, read
# from ../shared/data/audio (licences in its README) and assets/. WORK=DIR
# keeps the grid fits in DIR and reuses them (the pick is always recomputed).
set -eu
cd "$(dirname "$0")/.."
INRFIT=${INRFIT:-$PWD/build/inrfit}
DATA=${INRFIT_DATA:-$PWD/../shared/data}
STEPS=${STEPS:-200}
NET=${NET:---width 64 --layers 3}
if [ -n "${WORK:-}" ]; then
    work=$WORK
    mkdir -p "$work"
else
    work=$(mktemp -d /tmp/fresh_audio.XXXXXX)
    trap 'rm -rf "$work"' EXIT
fi
NICE="nice -n 10"

# name: sox input and effects (mono, 0.25 s)
sox assets/cymbal_short.wav "$work/cymbal.wav" trim 0 0.25
sox "$DATA/audio/gt_counting.wav" "$work/speech.wav" trim 0.5 0.25
sox "$DATA/audio/gt_bach.wav" "$work/bach.wav" trim 1 0.25
sox "$DATA/audio/guit_em9.flac" "$work/guitar.wav" remix - trim 0.1 0.25
sox "$DATA/audio/loop_amen.flac" "$work/amen.wav" remix - trim 0 0.25
CLIPS=${CLIPS:-cymbal speech bach guitar amen}

snr() { sed -n 's/.*"snr":\([-0-9.eE+]*\).*/\1/p' "$1"; }

echo "SIREN $NET, $STEPS steps, --threads 1, 0.25 s clips at 44.1 kHz; $(lscpu | sed -n 's/^Model name: *//p')"
echo
echo "| clip | FreSh pick | its SNR dB | best of grid | best SNR dB | gap dB | SNR by w0_first (250..5000) |"
echo "|---|---:|---:|---:|---:|---:|---|"
for clip in $CLIPS; do
    in="$work/$clip.wav"
    # shellcheck disable=SC2086
    $NICE "$INRFIT" fit "$in" --fresh --steps 1 $NET --threads 1 -o "$work/${clip}_pick" \
        >/dev/null 2>"$work/${clip}_pick.err"
    pick=$(sed -n 's/^inrfit: FreSh chose w0_first = \([0-9.e+]*\) .*/\1/p' "$work/${clip}_pick.err")
    best="" bestsnr="" picksnr="" row=""
    for v in $(seq 250 250 5000); do
        j="$work/${clip}_$v.json"
        if ! grep -q '"snr"' "$j" 2>/dev/null; then
            # shellcheck disable=SC2086
            $NICE "$INRFIT" fit "$in" --w0-first "$v" --steps "$STEPS" $NET --threads 1 -q --json \
                -o "$work/${clip}_$v" >"$j" 2>/dev/null
        fi
        s=$(snr "$j")
        row="$row $(printf '%.1f' "$s")"
        if [ -z "$best" ] || awk -v a="$s" -v b="$bestsnr" 'BEGIN{exit !(a > b)}'; then
            best=$v bestsnr=$s
        fi
        [ "$v" = "$pick" ] && picksnr=$s
    done
    gap=$(awk -v a="$bestsnr" -v b="$picksnr" 'BEGIN{printf "%.2f", a - b}')
    printf '| %s | %s | %.2f | %s | %.2f | %s |%s |\n' "$clip" "$pick" "$picksnr" "$best" "$bestsnr" "$gap" "$row"
done
