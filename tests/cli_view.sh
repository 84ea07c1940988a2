#!/usr/bin/env bash
# `inrfit view` under Xvfb: screenshots taken after 1 and after 150 steps
# hold the panels they should (the reconstruction panel's PSNR against the
# target panel rises and matches the fit's own figure, the error panel
# darkens, the spectra converge, the status line has text (cairo's, which
# changes with the step), colour bars beside the error panel and the
# spectrograms and none beside the reconstruction); keys given with
# --keys save a checkpoint + screenshot and stop a fit early; audio and NSTR
# get their panels; without a display: one line, exit 1, nothing written.
# Skips (77) without Xvfb or without SDL2 support in the binary.
set -u
INRFIT=${INRFIT:-build/inrfit}
ASSETS="$PWD/assets"
CHECK="python3 $PWD/tests/view_png.py"
# The viewer prints its panels' places on stderr for view_png.py only here.
export INRFIT_TEST_PANELS=1
dir=$(mktemp -d)
xpid=
trap '[ -n "$xpid" ] && kill "$xpid" 2>/dev/null; rm -rf "$dir"' EXIT
cd "$dir"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails+1)); }

"$INRFIT" view --help >help.txt || fail "view --help: exit $?"
for key in "space " "q, Esc" "s  " "--frames" "--screenshot"; do
    grep -q -- "$key" help.txt || fail "view --help does not list '$key'"
done

# --- no display: one line, exit 1, no output file ---------------------------------
mkdir nodisp
(cd nodisp && env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER "$INRFIT" view "$ASSETS/camera_128.png" \
    --steps 2 >../out.txt 2>../err.txt)
rc=$?
if grep -q "not built in" err.txt; then
    echo "SKIP: this inrfit has no SDL2 support: $(cat err.txt)"; exit 77
fi
[ "$rc" -eq 1 ] || fail "no display: exit $rc, expected 1"
[ "$(wc -l <err.txt)" -eq 1 ] && grep -q '^inrfit: .*display' err.txt || fail "no display: $(cat err.txt)"
[ -z "$(ls -A nodisp)" ] || fail "no display: left $(ls -A nodisp)"

# One Xvfb for the whole test, on a display number nobody holds.
command -v Xvfb >/dev/null || { echo "SKIP: Xvfb not installed"; exit 77; }
for n in $(seq 101 160); do
    [ -e /tmp/.X$n-lock ] || [ -e /tmp/.X11-unix/X$n ] && continue
    Xvfb :$n -screen 0 1280x1024x24 -nolisten tcp -noreset >/dev/null 2>&1 &
    xpid=$!
    # Up to 30 s: a loaded machine starts it slowly (a display another run
    # took makes it exit at once).
    for _ in $(seq 600); do [ -S /tmp/.X11-unix/X$n ] || ! kill -0 $xpid 2>/dev/null && break; sleep 0.05; done
    if [ -S /tmp/.X11-unix/X$n ] && kill -0 $xpid 2>/dev/null; then export DISPLAY=:$n; break; fi
    kill $xpid 2>/dev/null
    xpid=
done
[ -n "$xpid" ] || { echo "SKIP: could not start Xvfb"; exit 77; }
view() { "$INRFIT" view "$@"; }
value() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }

# --- image: the panels after 1 and after 150 steps ----------------------------------
small=(--model siren --width 32 --layers 2 --threads 2 -q)
for s in 1 150; do
    view "$ASSETS/camera_128.png" "${small[@]}" --steps $s -o cam$s --frames 3 --screenshot shot$s.png \
        >out$s.txt 2>err$s.txt || fail "view --steps $s: exit $?: $(cat err$s.txt)"
    [ -s shot$s.png ] || { fail "no screenshot after $s steps"; continue; }
    $CHECK shot$s.png err$s.txt >m$s.txt || fail "reading shot$s.png"
    ! grep -q "^panel" out$s.txt || fail "panel lines on stdout"
    grep -q "^screenshot  shot$s.png, 932x598, step $s," out$s.txt || fail "screenshot line: $(grep screenshot out$s.txt)"
    grep -q "^size 932 598$" m$s.txt || fail "screenshot size: $(grep size m$s.txt)"
    [ "$(grep -c '^panel [a-z_]* 256 256$' m$s.txt)" -eq 6 ] || fail "six 256x256 panels: $(grep panel m$s.txt)"
    [ -f cam$s.inr ] && [ -f cam$s.png ] || fail "the fit's outputs are missing after $s steps"
    # The 128x128 image is evaluated on its own grid, so the panels' PSNR is
    # the fit's PSNR (up to the 8-bit screenshot: 0.3 dB).
    python3 - "$(value psnr_target_recon m$s.txt)" "$(awk '/^PSNR  /{print $2}' out$s.txt)" <<'PY' || fail "panel PSNR vs fit PSNR after $s steps"
import sys; a, b = map(float, sys.argv[1:]); print("panel", a, "fit", b); sys.exit(abs(a - b) > 0.3)
PY
    [ "$(value status_text m$s.txt)" -gt 500 ] || fail "status line looks empty after $s steps"
    grep -q "^bar error 1$" m$s.txt || fail "no colour bar beside the error panel after $s steps"
    grep -q "^bar reconstruction 0$" m$s.txt || fail "a colour bar beside the reconstruction after $s steps"
done
if [ -s m1.txt ] && [ -s m150.txt ] && [ "$(value status_digest m1.txt)" = "$(value status_digest m150.txt)" ]; then
    fail "the status line is the same after 1 and after 150 steps"
fi
if [ -s m1.txt ] && [ -s m150.txt ]; then
    python3 - m1.txt m150.txt <<'PY' || fail "panels did not improve between step 1 and step 150"
import sys
a, b = ({l.split()[0]: l.split()[1] for l in open(f)} for f in sys.argv[1:])
p1, p2 = float(a["psnr_target_recon"]), float(b["psnr_target_recon"])
e1, e2 = float(a["error_mean"]), float(b["error_mean"])
s1, s2 = float(a["spectrum_diff"]), float(b["spectrum_diff"])
print("PSNR %.2f -> %.2f dB, error %.1f -> %.1f, spectrum diff %.1f -> %.1f" % (p1, p2, e1, e2, s1, s2))
sys.exit(not (p2 > p1 + 3 and e2 < 0.8 * e1 and s2 < s1))
PY
fi

# --- keys: 's' saves a checkpoint and a screenshot, 'q' stops the fit -------------------
view "$ASSETS/camera_128.png" "${small[@]}" --steps 1000000 -o keys --keys sq >out.txt 2>err.txt \
    || fail "--keys sq: exit $?: $(cat err.txt)"
steps=$(awk '/^steps /{print $2}' out.txt)
[ -n "$steps" ] && [ "$steps" -lt 1000000 ] || fail "q did not stop the fit: steps '$steps'"
ls keys.step*.inr >/dev/null 2>&1 && ls keys.view*.png >/dev/null 2>&1 || fail "s saved nothing: $(ls)"
for f in keys.step*.inr; do "$INRFIT" info "$f" >/dev/null || fail "info $f"; done
[ -f keys.inr ] && [ -f keys.png ] || fail "a stopped fit still writes its outputs"

# --- audio and NSTR get their panels -------------------------------------------------------
view "$ASSETS/cymbal_short.wav" "${small[@]}" --steps 10 -o cym --frames 2 --screenshot cym.png >out.txt 2>err.txt \
    || fail "audio view: exit $?: $(cat err.txt)"
for p in waveform error "target spectrogram" "reconstruction spectrogram" field; do
    grep -q "^panel       $p " err.txt || fail "audio: no $p panel"
done
$CHECK cym.png err.txt >m.txt || fail "reading cym.png"
grep -q "^bar target_spectrogram 1$" m.txt || fail "audio: no colour bar beside the target spectrogram"
view "$ASSETS/camera_128.png" --model nstr --width 16 --threads 2 -q --steps 2 -o nstr --frames 2 \
    --screenshot nstr.png >out.txt 2>err.txt || fail "NSTR view: exit $?: $(cat err.txt)"
[ "$(grep -c '^panel ' err.txt)" -eq 6 ] || fail "NSTR: panels $(grep -c '^panel ' err.txt)"

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "ok"
