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
image=${BENCH_IMAGE:-tests/data/images/camera_256.png}
[ -f "$image" ] || { echo "bench: $image not found (set BENCH_IMAGE)"; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "== inrfit (CPU, $threads threads), $steps steps =="
"$build/bench/bench_cpu" "$image" --steps $((steps - 2)) --threads "$threads" | tee "$out/inrfit.txt"
if [ -z "${BENCH_SKIP_OPENBLAS:-}" ] && grep -q "^# products  *oneDNN" "$out/inrfit.txt"; then
    echo "== inrfit with OpenBLAS's products (INRFIT_GEMM=openblas), $steps steps =="
    INRFIT_GEMM=openblas "$build/bench/bench_cpu" "$image" --steps $((steps - 2)) --threads "$threads" |
        grep -v '^#' | tee "$out/inrfit-openblas.txt"
fi

pythons=()
for py in "${TORCH_PYTHON:-}" /opt/torchenv/bin/python /usr/bin/python3; do
    [ -n "$py" ] && [ -x "$py" ] && "$py" -c "import torch, numpy" 2>/dev/null && pythons+=("$py")
done
if [ ${#pythons[@]} -eq 0 ]; then
    echo "bench: no PyTorch found: install with 'python3 -m venv /opt/torchenv && /opt/torchenv/bin/pip install torch numpy'"
    exit 0
fi
# Peers: eager and torch.compile (Inductor, PyTorch's strongest CPU form)
# in float32; where inrfit --version reports bf16 hardware also PyTorch's
# own bf16 (torch.autocast). The CPU and the kernels are printed above.
variants=("eager:" "compile:--compile")
grep -q "^# bf16  *hardware" "$out/inrfit.txt" && variants+=("autocast-bf16:--bf16" "compile-bf16:--compile --bf16")
for py in "${pythons[@]}"; do
  for v in "${variants[@]}"; do
    name=${v%%:*} flags=${v#*:}
    tag=$(basename "$(dirname "$(dirname "$py")")")-$name
    echo "== PyTorch via $py ($name) =="
    # shellcheck disable=SC2086
    "$py" bench/siren_torch.py --image "$image" --steps "$steps" --warmup 2 --threads "$threads" --json \
        $flags > "$out/torch-$tag.json" 2>"$out/torch-$tag.err" ||
        { echo "bench: PyTorch $name failed: $(tail -1 "$out/torch-$tag.err")"; continue; }
    python3 - "$out/inrfit.txt" "$out/torch-$tag.json" "$name" <<'PY'
import json, sys
ours = dict(line.strip().split(None, 1) for line in open(sys.argv[1])
            if line.strip() and not line.startswith("#"))
peer, name = json.load(open(sys.argv[2])), sys.argv[3]
o, p = float(ours["sec_per_step_median"]), peer["sec_per_step_median"]
print("PyTorch %s %s, %d threads: %.4f s/step (median), PSNR %.3f dB after %d steps"
      % (peer["torch"], name, peer["threads"], p, peer["final_psnr"], peer["steps"]))
print("inrfit:               %.4f s/step (median), PSNR %.3f dB after %s steps"
      % (o, float(ours["psnr_after_steps"]), ours["total_steps"]))
print("speed-up inrfit vs PyTorch %s %s: %.2fx per step" % (peer["torch"], name, p / o))
if peer.get("cpu_sec_per_step"):
    oc, pc = float(ours["cpu_sec_per_step"]), peer["cpu_sec_per_step"]
    print("CPU seconds per step: inrfit %.3f, PyTorch %.3f: %.2fx less CPU time" % (oc, pc, pc / oc))
peak = max(float(ours["sgemm_peak_2048"]), float(ours["sgemm_peak_chunks"]))
print("inrfit achieves %s GFLOP/s = %.0f%% of the sgemm peak measured here (%s GFLOP/s 2048^3, %s chunk-shaped)"
      % (ours["gflops_achieved"], 100 * float(ours["gflops_achieved"]) / peak,
         ours["sgemm_peak_2048"], ours["sgemm_peak_chunks"]))
PY
  done
done
