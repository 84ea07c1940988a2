#!/usr/bin/env bash
# bench/large_fit.sh - issue 28 item 5: an RGB hash-grid fit (STEPS
# minibatch steps) and a render of its checkpoint at 2048^2, 4096^2 and
# 8192^2 (SIDES), each with its peak RSS (getrusage of the child) and
# --profile's phases, then a table of peak RSS and seconds per million
# points of every phase that grows with the image (training is 65,536
# points a step whatever the size, so it is given per step).
# Not part of make bench: 8192^2 takes minutes and 67M points of PNG.
#
#   bench/large_fit.sh [build-dir]     (SIDES="2048 4096 8192" STEPS=4 THREADS=2)
set -eu
build=${1:-build}
INRFIT=${INRFIT:-$build/inrfit}
SIDES=${SIDES:-2048 4096 8192}
STEPS=${STEPS:-4}
THREADS=${THREADS:-2}
DATA=${INRFIT_DATA:-tests/data}
out=${OUT_DIR:-bench/results/large}
mkdir -p "$out"

# run_rss NAME command...: --json to NAME.json, peak RSS (bytes) to NAME.rss.
run_rss() {
    local name=$1
    shift
    python3 - "$out/$name" "$@" <<'PY'
import resource, subprocess, sys
with open(sys.argv[1] + ".json", "w") as f:
    rc = subprocess.run(sys.argv[2:], stdout=f).returncode
open(sys.argv[1] + ".rss", "w").write("%d\n" % (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024))
sys.exit(rc)
PY
}

# The photos: astronaut fitted small, rendered at each side (a real photo's
# content, smooth between its 512^2 pixels).
[ -s "$out/small.inr" ] || "$INRFIT" fit "$DATA/images/astronaut.png" --model hashgrid --steps 50 \
    --threads "$THREADS" -q -o "$out/small" >/dev/null
for side in $SIDES; do
    img="$out/photo_$side.png"
    [ -s "$img" ] || "$INRFIT" render "$out/small.inr" --size "${side}x$side" --threads "$THREADS" \
        -q -o "$img"
    echo "== ${side}x$side: fit ($STEPS steps), then render =="
    run_rss "fit_$side" "$INRFIT" fit "$img" --model hashgrid --steps "$STEPS" --threads "$THREADS" \
        --profile --json -q -o "$out/fit_$side" 2>/dev/null
    run_rss "render_$side" "$INRFIT" render "$out/fit_$side.inr" --size "${side}x$side" \
        --threads "$THREADS" --profile --json -q -o "$out/render_$side.png" 2>/dev/null
done

python3 - "$out" "$STEPS" $SIDES <<'PY'
import json, os, sys
out, steps, sides = sys.argv[1], int(sys.argv[2]), [int(s) for s in sys.argv[3:]]
def load(name):
    j = json.load(open(os.path.join(out, name + ".json")))
    rss = int(open(os.path.join(out, name + ".rss")).read())
    return {p["name"]: p["seconds"] for p in j["profile"]["phases"]}, j["seconds"], rss
print("| size | points | command | peak RSS MB | B/point | seconds | training s/step | s per 1M points, all else | phases, s per 1M points |")
print("|---|---:|---|---:|---:|---:|---:|---:|---|")
for side in sides:
    n = side * side
    for cmd in ("fit", "render"):
        ph, _, rss = load("%s_%d" % (cmd, side))
        total = sum(ph.values())
        train = ph.pop("training", None)
        rest = sum(ph.values()) / n * 1e6
        per = ", ".join("%s %.3f" % (k.replace("_", " "), v / n * 1e6) for k, v in ph.items())
        print("| %dx%d | %d | %s | %.0f | %.1f | %.1f | %s | %.3f | %s |" % (
            side, side, n, cmd, rss / 2**20, rss / n, total,
            "%.4f" % (train / steps) if train is not None else "", rest, per))
PY
