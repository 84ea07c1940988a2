#!/usr/bin/env bash
# profile_gpu.sh BUNDLE OUTDIR - where each benchmark's GPU time goes:
# Nsight Compute (ncu) times KERNELS kernel launches (default 150) of each
# of bench_gpu's benchmarks in its steady state (after SKIP launches,
# default 300: trainer set-up and warm-up), then prints per kernel its
# launches, mean time and share of the total. Clocks are left free
# (--clock-control none), as in the benchmark. Writes OUTDIR/profile_MODEL.csv
# (ncu's per-kernel summary) and prints the tables.
set -u
here=${1:?usage: profile_gpu.sh BUNDLE OUTDIR}
out=${2:?usage: profile_gpu.sh BUNDLE OUTDIR}
mkdir -p "$out"
ncu=$(command -v ncu || ls /opt/nvidia/nsight-compute/*/ncu /usr/local/cuda/bin/ncu 2>/dev/null | head -1)
[ -n "$ncu" ] || { echo "profile_gpu: ncu not found"; exit 77; }
export LD_LIBRARY_PATH="$here/lib:/usr/local/cuda/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
image=$here/data/images/camera.png
for model in ${PROFILE_MODELS:-siren hashgrid nstr hcinr}; do
    csv=$out/profile_$model.csv
    timeout -k 5 120 "$ncu" --clock-control none --metrics gpu__time_duration.sum \
        --launch-skip "${SKIP:-300}" --launch-count "${KERNELS:-150}" --print-summary per-kernel --csv \
        "$here/bench/bench_gpu" "$image" --only "$model" --steps 40 >"$csv" 2>"$out/profile_$model.err"
    echo "== $model (ncu exit $?): kernel, launches, mean us, share"
    python3 - "$csv" <<'PY'
import csv, sys
rows = [r for r in csv.reader(l for l in open(sys.argv[1]) if l.startswith('"'))]
if not rows:
    sys.exit("no ncu rows")
head = rows[0]
def col(name):
    return next(i for i, h in enumerate(head) if h.strip() == name)
try:
    k, inv, metric, avg = col("Kernel Name"), col("Invocations"), col("Metric Name"), col("Average")
except StopIteration:
    sys.exit("unexpected columns: %s" % head)
unit = col("Metric Unit") if "Metric Unit" in [h.strip() for h in head] else None
items = []
for r in rows[1:]:
    if r[metric] != "gpu__time_duration.sum":
        continue
    scale = {"nsecond": 1e-3, "usecond": 1, "msecond": 1e3}.get(r[unit] if unit is not None else "nsecond", 1e-3)
    a = float(r[avg].replace(",", "")) * scale
    items.append((a * int(r[inv]), int(r[inv]), a, r[k][:90]))
total = sum(t for t, *_ in items)
for t, n, a, name in sorted(items, reverse=True):
    print("%6d %10.1f %5.1f%%  %s" % (n, a, 100 * t / total, name))
print("total %.1f us over %d launches" % (total, sum(n for _, n, *_ in items)))
PY
done
