#!/usr/bin/env bash
# make bench-gpu: inrfit's CUDA backend against PyTorch on the same GPU, in
# one run. SIREN 256x4, full batch on a 512x512 image: ms/step and achieved
# TFLOP/s with float32 products (both sides' default) and with TF32; then
# the hash grid (L16 F2 log2T 15, 64x2 MLP, batches of 2^18 random
# coordinates): steps/s; NSTR and HC-INR at their defaults, full batch on
# the image: ms/step (inrfit only).
#   bench/run_bench_gpu.sh DIR     DIR/bench/bench_gpu is the benchmark binary
#                                  (a build folder or the GPU bundle)
# Exit 77 when skipped (CUDA not built in, or no GPU).
# BENCH_STEPS (default 100 timed steps) and BENCH_IMAGE set the run;
# PyTorch: $TORCH_PYTHON, /opt/torchenv/bin/python or python3 (with CUDA).
set -u
dir=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
steps=${BENCH_STEPS:-100}
image=${BENCH_IMAGE:-tests/data/images/camera.png}
[ -f "$image" ] || { echo "bench-gpu: $image not found (set BENCH_IMAGE)"; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "== inrfit CUDA backend: $steps timed steps (+5 warm-up) =="
# INRFIT_LD_LIBRARY_PATH (set by the GPU bundle) applies to our binary only.
LD_LIBRARY_PATH="${INRFIT_LD_LIBRARY_PATH:-${LD_LIBRARY_PATH:-}}" \
    "$dir/bench/bench_gpu" "$image" --steps "$steps" >"$out/inrfit.txt"
rc=$?
cat "$out/inrfit.txt"
if [ "$rc" -eq 77 ]; then
    echo "bench-gpu: skipped: $(sed -n 's/^skip //p' "$out/inrfit.txt")"
    exit 77
fi
[ "$rc" -eq 0 ] || { echo "bench-gpu: bench_gpu failed (exit $rc)"; exit 1; }

py=
for cand in "${TORCH_PYTHON:-}" /opt/torchenv/bin/python python3; do
    [ -n "$cand" ] && command -v "$cand" >/dev/null &&
        "$cand" -c "import torch, numpy, sys; sys.exit(0 if torch.cuda.is_available() else 1)" 2>/dev/null &&
        { py=$cand; break; }
done
if [ -z "$py" ]; then
    echo "bench-gpu: no PyTorch with CUDA found (set TORCH_PYTHON): inrfit figures only"
    exit 0
fi
for mode in fp32 tf32; do
    flag=; [ "$mode" = tf32 ] && flag=--tf32
    echo "== PyTorch ($py, $mode) =="
    "$py" "$here/siren_torch.py" --device cuda $flag --image "$image" --steps $((steps + 5)) \
        --warmup 5 --json >"$out/torch-$mode.json" || { echo "bench-gpu: PyTorch run failed"; exit 1; }
done
python3 - "$out/inrfit.txt" "$out/torch-fp32.json" "$out/torch-tf32.json" <<'PY'
import json, sys
ours = dict(l.split(None, 1) for l in open(sys.argv[1]) if l.strip())
gflop = float(ours["siren_gflop_per_step"])
print("device (inrfit): %s" % ours["device"].strip())
for mode, path, key in (("fp32", sys.argv[2], "siren_ms_per_step"),
                        ("tf32", sys.argv[3], "siren_tf32_ms_per_step")):
    peer = json.load(open(path))
    o, p = float(ours[key]), 1e3 * peer["sec_per_step_mean"]
    if mode == "fp32":
        print("device (PyTorch %s): %s" % (peer["torch"], peer["device"]))
    print("SIREN 256x4 full batch, %s: inrfit %.3f ms/step (%.1f TFLOP/s), PyTorch %.3f ms/step "
          "(%.1f TFLOP/s): inrfit %.2fx" % (mode, o, gflop / o, p, gflop / p, p / o))
fp32, tf32 = (json.load(open(p)) for p in sys.argv[2:4])
print("SIREN PSNR after the run: fp32: inrfit %.2f dB, PyTorch %.2f dB; tf32: inrfit %.2f dB, "
      "PyTorch %.2f dB" % (float(ours["siren_psnr_after_steps"]), fp32["final_psnr"],
                           float(ours["siren_tf32_psnr_after_steps"]), tf32["final_psnr"]))
# PyTorch eager's defaults keep float32 products; inrfit --tf32 against them.
print("SIREN inrfit --tf32 against PyTorch eager at its defaults (fp32): %.2fx (PSNR %.2f vs %.2f dB)"
      % (1e3 * fp32["sec_per_step_mean"] / float(ours["siren_tf32_ms_per_step"]),
         float(ours["siren_tf32_psnr_after_steps"]), fp32["final_psnr"]))
if "hashgrid_steps_per_s" in ours:
    print("hash grid L16 F2 log2T 15 + 64x2 MLP, batch 2^18: inrfit %s steps/s (TF32 MLP: %s; "
          "goal 1500 on an H100, tiny-cuda-nn ~1000 on an RTX 4090)"
          % (ours["hashgrid_steps_per_s"].strip(),
             ours.get("hashgrid_tf32_steps_per_s", "not run").strip()))
else:
    print("hash grid: pending")
for kind, label in (("nstr", "NSTR"), ("hcinr", "HC-INR")):
    if kind + "_ms_per_step" in ours:
        print("%s defaults, full batch (%s): inrfit %.3f ms/step, PSNR %.2f dB after the run"
              % (label, ours[kind].strip(), float(ours[kind + "_ms_per_step"]),
                 float(ours[kind + "_psnr_after_steps"])))
    else:
        print("%s: %s" % (label, ours.get(kind + "_error", "not run").strip()))
PY
