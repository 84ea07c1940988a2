#!/usr/bin/env bash
# WINNER and FreSh evidence: fits the same signals with SIREN baselines, WINNER,
# FreSh and WINNER+FreSh for the same number of steps, optionally a small grid
# search over w0_first, and writes bench/REPORT_winner_fresh.md (the text after
# the "hand-written" marker of an existing report is kept).
#
#   bench/winner_fresh.sh                 # from the project root, after `make`
#   STEPS_AUDIO=150 STEPS_IMAGE=150 SHRINK=4 GRID="10 60 100 200" bench/winner_fresh.sh
#
# Every fit runs under `nice -n 10`, one after the other (a 2-core machine
# shared with others). Inputs are cut / shrunk into a temporary folder:
# audio = the first second (sox trim 0 1); images = a box-filter downscale by
# SHRINK (bench/png_shrink.py), so a 512x512 picture becomes 128x128 at 4.
# A held-out check refits camera and gravel on the even pixels of a 255x255
# version and measures the odd ones (bench/heldout_psnr.py).
# WORK=DIR keeps the fits in DIR and reuses the ones already finished there
# with the same arguments.
set -eu
cd "$(dirname "$0")/.."
INRFIT=${INRFIT:-$PWD/build/inrfit}
DATA=${INRFIT_DATA:-$PWD/tests/data}
STEPS_AUDIO=${STEPS_AUDIO:-150}
STEPS_IMAGE=${STEPS_IMAGE:-150}
SHRINK=${SHRINK:-4}
GRID=${GRID-10 60 100 200}
GRID_IMAGE=${GRID_IMAGE:-gravel}
REPORT=${REPORT:-bench/REPORT_winner_fresh.md}
HELDOUT=${HELDOUT-camera gravel}
# The WINNER paper's audio setup (its official script): the first 150,000
# samples, 1000 full-batch steps, AUDIO_NET; SIREN (w0_first 3000) and WINNER.
PAPER_CLIPS=${PAPER_CLIPS-bach counting}
PAPER_STEPS=${PAPER_STEPS:-1000}
PAPER_SAMPLES=${PAPER_SAMPLES:-150000}
# FreSh on audio: bench/fresh_audio.sh's pick-vs-grid table (empty: left out).
FRESH_AUDIO=${FRESH_AUDIO-1}
if [ -n "${WORK:-}" ]; then
    work=$WORK
    mkdir -p "$work"
else
    work=$(mktemp -d /tmp/winner_fresh.XXXXXX)
    trap 'rm -rf "$work"' EXIT
fi
NICE="nice -n 10"
t_start=$(date +%s)

# WINNER's official networks (its SIREN class: n_HLs sine layers, the first
# included, then a linear output; inrfit's --layers counts the same sine
# layers): audio width 222, n_HLs = 4, Adam 1e-4 x0.99 every 20 steps; images
# width 256, n_HLs = 5, Adam 1e-4 x0.998 every 20 steps.
AUDIO_NET="--width 222 --layers 4 --lr 1e-4 --lr-decay 0.99 --lr-decay-every 20"
IMAGE_NET="--width 256 --layers 5 --lr 1e-4 --lr-decay 0.998 --lr-decay-every 20"

# fit NAME INPUT ARGS...: runs one fit, leaves $work/NAME.{out,err}, prints a line.
fit() {
    local name=$1 input=$2
    shift 2
    # Kept only if it ran with the same arguments (not, say, fewer steps).
    if [ "$(cat "$work/$name.cmd" 2>/dev/null)" = "$*" ] && grep -q '^wrote' "$work/$name.out" 2>/dev/null; then
        echo "  (kept) $name" >&2
        return 0
    fi
    echo "  inrfit $(basename "$input") $*" >&2
    $NICE "$INRFIT" fit "$input" -o "$work/$name" "$@" >"$work/$name.out" 2>"$work/$name.err" || {
        echo "fit $name failed:" >&2; tail -3 "$work/$name.err" >&2; return 1; }
    printf '%s\n' "$*" >"$work/$name.cmd"
}
val() { sed -n "s/^$2 *\([-0-9.]*\).*/\1/p" "$work/$1.out" | head -1; }
secs() { sed -n 's/^steps .* in \([0-9.]*\) s.*/\1/p' "$work/$1.out"; }
fresh_pick() { sed -n 's/^inrfit: FreSh chose [a-z0-9_]* = \([0-9.e+]*\) (\([0-9.]*\) s)$/\1/p' "$work/$1.err"; }
fresh_secs() { sed -n 's/^inrfit: FreSh chose [a-z0-9_]* = [0-9.e+]* (\([0-9.]*\) s)$/\1/p' "$work/$1.err"; }
winner_line() { sed -n 's/^inrfit: WINNER: spectral centroid \([0-9.]*\) cycles\/sample, z \([0-9.]*\), S0 \([0-9.]*\), S1 \([0-9.]*\).*/centroid \1, z \2, S0 \3, S1 \4/p' "$work/$1.err"; }

# ---- inputs -------------------------------------------------------------------
sox "$DATA/audio/drum_cymbal_open.flac" "$work/cymbal_1s.wav" trim 0 1
sox "$DATA/audio/gt_bach.wav" "$work/bach_1s.wav" trim 0 1
for img in camera gravel astronaut; do
    python3 bench/png_shrink.py "$DATA/images/$img.png" "$work/$img.png" --factor "$SHRINK"
done

# ---- audio: SIREN w0_first 3000, SIREN w0_first 30, WINNER ----------------------
echo "audio ($STEPS_AUDIO steps)" >&2
for clip in cymbal bach; do
    in="$work/${clip}_1s.wav"
    fit "${clip}_siren3000" "$in" --steps "$STEPS_AUDIO" $AUDIO_NET --w0-first 3000
    fit "${clip}_siren30" "$in" --steps "$STEPS_AUDIO" $AUDIO_NET --w0-first 30
    fit "${clip}_winner" "$in" --steps "$STEPS_AUDIO" $AUDIO_NET --init winner
    # FreSh's pick on audio (sweep only: one training step, not compared).
    fit "${clip}_freshpick" "$in" --steps 1 $AUDIO_NET --fresh
done

# ---- images: SIREN, WINNER, FreSh, WINNER+FreSh --------------------------------
echo "images ($STEPS_IMAGE steps)" >&2
for img in camera gravel astronaut; do
    in="$work/$img.png"
    fit "${img}_siren" "$in" --steps "$STEPS_IMAGE" $IMAGE_NET
    fit "${img}_winner" "$in" --steps "$STEPS_IMAGE" $IMAGE_NET --init winner
    fit "${img}_fresh" "$in" --steps "$STEPS_IMAGE" $IMAGE_NET --fresh
    fit "${img}_winfresh" "$in" --steps "$STEPS_IMAGE" $IMAGE_NET --init winner --fresh
done

# ---- grid search over w0_first on one image (trained PSNR per value) ------------
for w in $GRID; do
    fit "grid_$w" "$work/$GRID_IMAGE.png" --steps "$STEPS_IMAGE" $IMAGE_NET --w0-first "$w"
done

# ---- held-out pixels: fit the even pixels of a 255x255 image, score the odd ones --
for img in $HELDOUT; do
    python3 bench/png_shrink.py "$DATA/images/$img.png" "$work/${img}_ref255.png" --factor 2 --keep 255
    python3 bench/png_shrink.py "$DATA/images/$img.png" "$work/${img}_even.png" --factor 2 --keep 255 --stride 2
    for m in siren winner fresh winfresh; do
        case $m in siren) extra="";; winner) extra="--init winner";; fresh) extra="--fresh";;
                   winfresh) extra="--init winner --fresh";; esac
        fit "${img}_ho_$m" "$work/${img}_even.png" --steps "$STEPS_IMAGE" $IMAGE_NET $extra
        $NICE "$INRFIT" render "$work/${img}_ho_$m.inr" --size 255x255 -o "$work/${img}_ho_$m.r255.png" >/dev/null
        python3 bench/heldout_psnr.py "$work/${img}_ref255.png" "$work/${img}_ho_$m.r255.png" \
            >"$work/${img}_ho_$m.heldout"
    done
done
# ---- the WINNER paper's audio rows: its network, schedule, steps and samples --------
for clip in $PAPER_CLIPS; do
    case $clip in bach) src=gt_bach.wav;; counting) src=gt_counting.wav;;
                  *) echo "unknown paper clip $clip" >&2; exit 2;; esac
    sox "$DATA/audio/$src" "$work/${clip}_paper.wav" trim 0 "${PAPER_SAMPLES}s"
    # The official code reports the best epoch's PSNR: --keep-best writes that step.
    fit "${clip}_paper_siren" "$work/${clip}_paper.wav" --steps "$PAPER_STEPS" $AUDIO_NET \
        --w0-first 3000 --keep-best
    fit "${clip}_paper_winner" "$work/${clip}_paper.wav" --steps "$PAPER_STEPS" $AUDIO_NET \
        --init winner --keep-best
done

# ---- FreSh on audio: its pick against fitting every value of its grid ----------------
if [ -n "$FRESH_AUDIO" ]; then
    echo "FreSh on audio (bench/fresh_audio.sh)" >&2
    WORK="$work/fresh_audio" INRFIT="$INRFIT" INRFIT_DATA="$DATA" bench/fresh_audio.sh \
        >"$work/fresh_audio.md"
fi
t_total=$(( $(date +%s) - t_start ))
# CPU seconds of everything this run started (user + system, children).
times >"$work/times.txt"   # in this shell: a subshell would count only its own children
cpu=$(tail -1 "$work/times.txt" | python3 -c "
import re, sys
t = [float(m) * 60 + float(s) for m, s in re.findall(r'(\d+)m([\d.]+)s', sys.stdin.read())]
print('%.0f' % sum(t))")

# ---- report -----------------------------------------------------------------------
kept=""
if [ -f "$REPORT" ] && grep -q '^<!-- hand-written below' "$REPORT"; then
    kept=$(sed -n '/^<!-- hand-written below/,$p' "$REPORT")
fi
tmp="$REPORT.tmp-$$"
{
    echo "# WINNER and FreSh in inrfit: evidence"
    echo
    echo "Produced by \`bench/winner_fresh.sh\` on $(date -u +%Y-%m-%d) ($(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores shared with other work, every fit under \`nice -n 10\`, one at a time); wall time of this run $((t_total / 60)) min $((t_total % 60)) s, CPU time ${cpu} s (fits already in \$WORK were reused, not rerun)."
    echo
    echo "Settings: audio = first second of each clip (\`sox IN OUT trim 0 1\`, 44,100 frames), $STEPS_AUDIO full-batch steps, \`$AUDIO_NET\` for every method (WINNER's official audio network and decay). Images = ${SHRINK}x box-filter downscales of the 512x512 originals (\`python3 bench/png_shrink.py IN OUT --factor $SHRINK\`), $STEPS_IMAGE full-batch steps, \`$IMAGE_NET\` (WINNER's official image network and decay). Seed 0 everywhere. PSNR: images on the [0,1] scale; audio on the peak-normalised signal. Seconds are training only (FreSh's sweep is listed separately)."
    echo
    echo "## Audio: SIREN (w0_first 3000) vs SIREN (w0_first 30) vs WINNER"
    echo
    echo "| clip | method | PSNR dB | SNR dB | train s | WINNER statistics |"
    echo "|---|---|---|---|---|---|"
    for clip in cymbal bach; do
        for m in siren3000 siren30 winner; do
            n=${clip}_$m
            echo "| $clip | $m | $(val $n PSNR) | $(val $n SNR) | $(secs $n) | $(winner_line $n) |"
        done
    done
    echo
    echo "FreSh on the same audio networks (sweep only; default audio grid for these 1 s clips w0_first 1000, 2000, ..., 20000, as it scales with the clip's length; 64-bin 1-D spectra: |rfft| pooled into 64 equal bands over 0..Nyquist, compared by the centroid gap, docs/FRESH_AUDIO.md; before issue 15 they were bins 1..64, i.e. 1..64 Hz for a 1 s clip, compared by W1):"
    echo
    for clip in cymbal bach; do
        echo "- $clip: chose w0_first $(fresh_pick ${clip}_freshpick) in $(fresh_secs ${clip}_freshpick) s"
    done
    echo
    echo "## Images: SIREN default vs WINNER vs FreSh vs WINNER+FreSh"
    echo
    echo "| image | method | w0_first | PSNR dB | SSIM | train s | FreSh sweep s | WINNER statistics |"
    echo "|---|---|---|---|---|---|---|---|"
    for img in camera gravel astronaut; do
        for m in siren winner fresh winfresh; do
            n=${img}_$m
            w0=30; p=$(fresh_pick $n); [ -n "$p" ] && w0=$p
            echo "| $img | $m | $w0 | $(val $n PSNR) | $(val $n SSIM) | $(secs $n) | $(fresh_secs $n) | $(winner_line $n) |"
        done
    done
    if [ -n "$GRID" ]; then
        echo
        echo "## Grid search on $GRID_IMAGE (SIREN, w0_first varied, $STEPS_IMAGE steps each)"
        echo
        echo "| w0_first | PSNR dB | SSIM | train s |"
        echo "|---|---|---|---|"
        gsum=0
        for w in $GRID; do
            echo "| $w | $(val grid_$w PSNR) | $(val grid_$w SSIM) | $(secs grid_$w) |"
            gsum=$(python3 -c "print('%.1f' % ($gsum + $(secs grid_$w)))")
        done
        echo
        echo "Grid search cost: $gsum s of training for $(echo $GRID | wc -w) values; FreSh's sweep on the same image: $(fresh_secs ${GRID_IMAGE}_fresh) s (chose w0_first $(fresh_pick ${GRID_IMAGE}_fresh), trained to $(val ${GRID_IMAGE}_fresh PSNR) dB; SIREN default w0_first 30: $(val ${GRID_IMAGE}_siren PSNR) dB)."
    fi
    if [ -n "$HELDOUT" ]; then
        echo
        echo "## Held-out pixels (interpolation, not just fitting)"
        echo
        echo "Each image is box-downscaled to 256x256 and cut to 255x255; the model is fitted to its 128x128 even pixels (\`png_shrink.py --factor 2 --keep 255 --stride 2\`), $STEPS_IMAGE steps as above, then rendered at 255x255 (\`inrfit render M.inr --size 255x255\`), whose linspace grid lands exactly on the 255x255 pixels. *fit* is the training PSNR that \`fit\` prints; *held-out* is the 8-bit PSNR over the 48,641 pixels with an odd row or column, never seen in training (\`bench/heldout_psnr.py\`)."
        echo
        echo "| image | method | w0_first | fit PSNR dB | held-out PSNR dB | all 255x255 pixels dB |"
        echo "|---|---|---|---|---|---|"
        for img in $HELDOUT; do
            for m in siren winner fresh winfresh; do
                n=${img}_ho_$m
                w0=30; p=$(fresh_pick $n); [ -n "$p" ] && w0=$p
                read -r all held <"$work/$n.heldout"
                echo "| $img | $m | $w0 | $(val $n PSNR) | $held | $all |"
            done
        done
    fi
    echo
    if [ -n "$PAPER_CLIPS" ]; then
        echo "## The WINNER paper's audio setup"
        echo
        echo "Its official audio script's settings: the first $PAPER_SAMPLES samples of the clip (\`sox IN OUT trim 0 ${PAPER_SAMPLES}s\`, native 44.1 kHz, mono), one full batch per step, $PAPER_STEPS steps, \`$AUDIO_NET\`; SIREN with w0_first 3000 (hidden 30) against SIREN+WINNER (w0_first = w0 = 30, noise from the centroid). PSNR as the official code: peak-normalised waveform, 20 log10(1 / RMSE), the best step's (\`--keep-best\`; the official script prints the maximum over epochs). One seed (0). The paper's own values for these rows could not be read on this machine (see the hand-written part below)."
        echo
        echo "| clip | method | steps | PSNR dB (best step) | SNR dB | train s | WINNER statistics |"
        echo "|---|---|---|---|---|---|---|"
        for clip in $PAPER_CLIPS; do
            for m in siren winner; do
                n=${clip}_paper_$m
                echo "| $clip | $m | $PAPER_STEPS | $(val $n PSNR) | $(val $n SNR) | $(secs $n) | $(winner_line $n) |"
            done
        done
        echo
    fi
    if [ -n "$FRESH_AUDIO" ]; then
        echo "## FreSh on audio: its pick against the best of its grid"
        echo
        echo "\`bench/fresh_audio.sh\` (docs/FRESH_AUDIO.md): per clip, FreSh's w0_first pick (\`fit --fresh\`) against fitting every value of the clip's default audio grid, same network and steps. 0.25 s clips at 44.1 kHz in three sets: *tuning*, the clips the 64 bands were chosen on; *check*, added to test them, then used to choose the centroid gap over W1; *unseen*, fitted only after both choices were fixed. *length*: Bach and speech at 22.05 kHz and 1 s long, which check that the grid follows the clip's length, not its rate."
        echo
        sed -n '/^|/p' "$work/fresh_audio.md"
        echo
        awk -F'|' '/^\| [a-z_0-9]+ \| (tuning|check|unseen|length) /{gsub(/ /, "", $3); n[$3]++; if ($8 + 0 <= 1.0) k[$3]++}
            END{for (s in n) printf "- %s clips within 1 dB of the best of the grid: %d of %d\n", s, k[s] + 0, n[s]}' \
            "$work/fresh_audio.md" | sort -r
        echo
    fi
    echo "## FreSh tables (mean distance over 10 initialisations, 64-bin spectra: W1 for images, the centroid gap for audio)"
    for n in cymbal_freshpick bach_freshpick camera_fresh camera_winfresh gravel_fresh \
             gravel_winfresh astronaut_fresh astronaut_winfresh; do
        echo
        echo "${n%%_*}, ${n#*_}:"
        echo
        echo '```'
        grep -E '^ +[a-z0-9_]+ +mean (W1|gap)$|^ +[0-9.e+]+ +[0-9.]+' "$work/$n.err" || true
        echo '```'
    done
    echo
    echo "## Commands"
    echo
    echo '```sh'
    echo "sox drum_cymbal_open.flac cymbal_1s.wav trim 0 1;  sox gt_bach.wav bach_1s.wav trim 0 1"
    echo "sox gt_bach.wav bach_paper.wav trim 0 ${PAPER_SAMPLES}s;  sox gt_counting.wav counting_paper.wav trim 0 ${PAPER_SAMPLES}s"
    echo "python3 bench/png_shrink.py camera.png camera.png --factor $SHRINK   # also gravel, astronaut"
    echo "python3 bench/png_shrink.py camera.png camera_ref255.png --factor 2 --keep 255; python3 bench/png_shrink.py camera.png camera_even.png --factor 2 --keep 255 --stride 2   # held-out split, also gravel"
    for f in "$work"/*.cmd; do
        n=$(basename "$f" .cmd)
        case $n in *_paper_*) in=${n%%_*}_paper.wav;; cymbal_*|bach_*) in=${n%%_*}_1s.wav;;
                   grid_*) in=$GRID_IMAGE.png;;
                   *_ho_*) in=${n%%_*}_even.png;; *) in=${n%%_*}.png;; esac
        echo "inrfit fit $in -o $n $(cat "$f")"
    done
    echo '```'
    echo
    if [ -n "$kept" ]; then echo "$kept"; else echo "<!-- hand-written below: kept when the script is rerun -->"; fi
} >"$tmp"
mv "$tmp" "$REPORT"
echo "wrote $REPORT ($((t_total / 60)) min)" >&2
