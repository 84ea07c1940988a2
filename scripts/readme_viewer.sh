#!/usr/bin/env bash
# readme_viewer.sh - the README's viewer screenshot, docs/img/viewer_nstr.png:
# `inrfit view` fitting NSTR to assets/camera_128.png for 200 steps under a
# virtual X server (xvfb-run), saved once the fit is done.
# usage: scripts/readme_viewer.sh [INRFIT]   (default build/inrfit)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
inrfit=${1:-$root/build/inrfit}
command -v xvfb-run >/dev/null || { echo "readme_viewer.sh: xvfb-run is not installed (apt install xvfb)" >&2; exit 1; }
out=$root/docs/img/viewer_nstr.png
mkdir -p "$root/docs/img"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The fit's own outputs go to a scratch folder; only the screenshot stays.
(cd "$tmp" && xvfb-run -a -s "-screen 0 1280x1024x24" "$inrfit" view "$root/assets/camera_128.png" \
    --model nstr --lambda 1e-3 --steps 200 -q -o nstr --frames 3 --screenshot "$out")
echo "wrote $out ($(wc -c <"$out") bytes)"
