#!/usr/bin/env bash
# make bench: inrfit's SIREN step on camera_256 against the same network,
# init and optimizer in PyTorch on the CPU, side by side in one run.
# BENCH_STEPS (default 12, 2 of them warm-up) and BENCH_THREADS (2) set the run.
# PyTorch: the venv at $TORCH_PYTHON, /opt/torchenv, or the system python3
# (Debian's python3-torch); each one found is run.
set -u
build=${1:-build}
steps=${BENCH_STEPS:-12}
threads=${BENCH_THREADS:-2}
image=${BENCH_IMAGE:-../shared/data/images/camera_256.png}
[ -f "$image" ] || { echo "bench: $image not found (set BENCH_IMAGE)"; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "== inrfit (CPU, $threads threads), $steps steps =="
"$build/bench/bench_cpu" "$image" --steps $((steps - 2)) --threads "$threads" | tee "$out/inrfit.txt"

pythons=()
for py in "${TORCH_PYTHON:-}" /opt/torchenv/bin/python /usr/bin/python3; do
    [ -n "$py" ] && [ -x "$py" ] && "$py" -c "import torch, numpy" 2>/dev/null && pythons+=("$py")
done
if [ ${#pythons[@]} -eq 0 ]; then
    echo "bench: no PyTorch found: install with 'python3 -m venv /opt/torchenv && /opt/torchenv/bin/pip install torch numpy'"
    exit 0
fi
for py in "${pythons[@]}"; do
    tag=$(basename "$(dirname "$(dirname "$py")")")
    echo "== PyTorch via $py =="
    "$py" bench/siren_torch.py --image "$image" --steps "$steps" --warmup 2 --threads "$threads" --json \
        > "$out/torch-$tag.json" || { echo "bench: PyTorch run failed"; continue; }
    python3 - "$out/inrfit.txt" "$out/torch-$tag.json" <<'PY'
import json, sys
ours = dict(line.strip().split(None, 1) for line in open(sys.argv[1]) if line.strip())
peer = json.load(open(sys.argv[2]))
o, p = float(ours["sec_per_step_median"]), peer["sec_per_step_median"]
print("PyTorch %s, %d threads: %.4f s/step (median), PSNR %.3f dB after %d steps"
      % (peer["torch"], peer["threads"], p, peer["final_psnr"], peer["steps"]))
print("inrfit:               %.4f s/step (median), PSNR %.3f dB after %s steps"
      % (o, float(ours["psnr_after_steps"]), ours["total_steps"]))
print("speed-up inrfit vs PyTorch %s: %.2fx per step" % (peer["torch"], p / o))
print("inrfit achieves %s GFLOP/s; sgemm peak here %s GFLOP/s (2048^3), %s GFLOP/s (chunk-shaped)"
      % (ours["gflops_achieved"], ours["sgemm_peak_2048"], ours["sgemm_peak_chunks"]))
PY
done
