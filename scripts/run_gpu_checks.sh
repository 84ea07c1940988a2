#!/usr/bin/env bash
# run_gpu_checks.sh OUTDIR - inrfit's GPU checks from a bundle made by
# `make gpu-bundle`, on a machine with an NVIDIA GPU and its driver, cuBLAS 13
# (the CUDA toolkit or PyTorch's nvidia wheels) and, for the comparison,
# PyTorch with CUDA; libpng, libsndfile, OpenBLAS and FFTW come from lib/.
# In order:
#   test_cuda_ops   every CUDA op against its CPU twin, whole fits GPU vs CPU
#   fit_MODEL       `inrfit fit --device cuda` of camera_256 for siren, ffn,
#                   hashgrid, nstr and hcinr (FIT_STEPS, default 300), PSNR
#                   and SSIM kept; then `render --device cpu` of the GPU's
#                   checkpoint must give the fit's PNG to 1 level in 255
#   cli_device      the --device command-line test
#   bench_gpu       GPU speed, with PyTorch beside it when present
# Everything goes to OUTDIR: gpu_results.txt (the full log, a summary at its
# end), fits/ (checkpoints, reconstructions, CPU renders, outputs). A step
# that fails is recorded and the next one runs; each has a time limit, and
# once GPU_CHECKS_BUDGET seconds (330) have passed the rest are skipped, so
# the whole stays under ~6 minutes on an H100. FIT_DEVICE=cpu dry-runs the
# fits where there is no GPU.
# Exit status: 0 when no check failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: run_gpu_checks.sh OUTDIR}
mkdir -p "$out/fits"
out=$(cd "$out" && pwd)
res="$out/gpu_results.txt"
: >"$res"
budget=${GPU_CHECKS_BUDGET:-330}
fit_steps=${FIT_STEPS:-300}
fit_device=${FIT_DEVICE:-cuda}

# The bundle's libraries, for our binaries only (PyTorch keeps its own).
ld="$here/lib"
cublas=
for d in /usr/local/cuda/lib64 /usr/local/cuda-13*/lib64 /usr/local/cuda/targets/x86_64-linux/lib; do
    [ -e "$d/libcublas.so.13" ] && { cublas=$d; break; }
done
if [ -z "$cublas" ] && command -v python3 >/dev/null; then
    site=$(python3 -c 'import os, torch; print(os.path.dirname(os.path.dirname(torch.__file__)))' 2>/dev/null)
    [ -n "$site" ] && cublas=$(find "$site/nvidia" -name 'libcublas.so.13' -printf '%h\n' 2>/dev/null | head -1)
fi
[ -n "$cublas" ] && ld="$ld:$cublas"
export INRFIT_LD_LIBRARY_PATH="$ld${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
wrap=$(mktemp -d)
trap 'rm -rf "$wrap"' EXIT
printf '#!/bin/sh\nLD_LIBRARY_PATH="%s" exec "%s" "$@"\n' "$INRFIT_LD_LIBRARY_PATH" "$here/inrfit" >"$wrap/inrfit"
chmod +x "$wrap/inrfit"
inrfit="$wrap/inrfit"

summary=()
check() {  # check NAME LIMIT_S command...: runs it, output to the log, verdict kept
    local name=$1 limit=$2
    shift 2
    echo "== $name" | tee -a "$res"
    if [ "$SECONDS" -ge "$budget" ]; then
        summary+=("$(printf 'SKIP  %-16s time budget (%ds) spent' "$name" "$budget")")
        echo "SKIP $name (time budget spent)" | tee -a "$res"
        return
    fi
    local t0=$SECONDS rc
    if declare -F "$1" >/dev/null; then
        "$@" >>"$res" 2>&1   # a function of this script: it sets its own limits
    else
        timeout -k 10 "$limit" "$@" >>"$res" 2>&1
    fi
    rc=$?
    local verdict=FAIL
    case $rc in 0) verdict=PASS ;; 77) verdict=SKIP ;; 124 | 137) echo "(timed out after ${limit}s)" >>"$res" ;; esac
    summary+=("$(printf '%-5s %-16s exit %d, %ds' "$verdict" "$name" "$rc" $((SECONDS - t0)))")
    echo "$verdict $name (exit $rc)" | tee -a "$res"
}

# The figures of a fit's stdout on one line ("PSNR 31.2 dB, SSIM 0.91, 4.1 s training").
figures() {
    awk '/^PSNR  / { p = $2 } /^SSIM / { s = $2 } /^steps / { t = $4 " " $5 }
         END { printf "PSNR %s dB, SSIM %s, %s training", p ? p : "?", s ? s : "?", t ? t : "?" }' "$1"
}

# Largest difference in 8-bit levels between two PNGs of one size.
png_diff() {
    python3 - "$here/bench" "$1" "$2" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from pngread import read_png
a, b = read_png(sys.argv[2]), read_png(sys.argv[3])
if a[:3] != b[:3]:
    sys.exit("sizes differ: %s vs %s" % (a[:3], b[:3]))
print(max(abs(x - y) for x, y in zip(a[3], b[3])))
PY
}

# fit_model MODEL IMAGE: fit on the GPU (at most 100 s), render the
# checkpoint on the CPU at the fitted size (60 s); the two reconstructions
# may differ by 1 level (a value on a level boundary), not more. The fit's
# figures go to the fits table.
fits=()
fit_model() {
    local m=$1 image=$2 f="$out/fits/$1" rc diff=
    timeout -k 10 100 "$inrfit" fit "$image" --model "$m" --steps "$fit_steps" \
        --device "$fit_device" -q -o "$f" >"$f.txt" 2>&1
    rc=$?
    cat "$f.txt"
    if [ $rc -eq 0 ]; then
        timeout -k 10 60 "$inrfit" render "$f.inr" --device cpu -o "${f}_cpu.png" &&
            diff=$(png_diff "$f.png" "${f}_cpu.png")
        echo "GPU fit's PNG vs CPU render of its checkpoint: max difference ${diff:-?} levels"
    else
        echo "fit --device $fit_device failed (exit $rc)"
    fi
    fits+=("$(printf '%-9s %s, CPU render within %s levels' "$m" "$(figures "$f.txt")" "${diff:-?}")")
    [ $rc -eq 0 ] && [ -n "$diff" ] && [ "$diff" -le 1 ]
}

{
    echo "== machine"
    if command -v nvidia-smi >/dev/null; then
        nvidia-smi -L 2>&1
        nvidia-smi --query-gpu=driver_version,memory.total --format=csv,noheader 2>&1
    else
        echo "nvidia-smi: not available"
    fi
    echo "cuBLAS: ${cublas:-not found (libcublas.so.13)}"
    python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, torch.cuda.is_available())' 2>&1
} | tee -a "$res"

check test_cuda_ops 240 env LD_LIBRARY_PATH="$INRFIT_LD_LIBRARY_PATH" "$here/tests/test_cuda_ops"
image="$here/data/images/camera_256.png"
[ -f "$image" ] || image="$here/data/images/camera.png"
for m in siren ffn hashgrid nstr hcinr; do
    check "fit_$m" 0 fit_model "$m" "$image"
done
check cli_device 120 env INRFIT="$inrfit" bash "$here/tests/cli_device.sh"
check bench_gpu 240 env BENCH_IMAGE="$here/data/images/camera.png" BENCH_STEPS="${BENCH_STEPS:-100}" \
    bash "$here/bench/run_bench_gpu.sh" "$here"

{
    echo "== benchmark"
    if grep -q '^device (inrfit)' "$res"; then
        sed -n '/^device (inrfit)/,/^== /p' "$res" | grep -v '^== '
    else   # no PyTorch comparison: bench_gpu's own figures
        grep -E '^(device|[a-z0-9_]+_(ms_per_step|steps_per_s|tflops|psnr_after_steps|error)) ' "$res"
    fi
    echo "== fits: $(basename "$image"), $fit_steps steps, --device $fit_device"
    printf '%s\n' "${fits[@]}"
    echo "== summary (${SECONDS}s)"
    printf '%s\n' "${summary[@]}"
} | tee -a "$res.summary"
cat "$res.summary" >>"$res"
rm -f "$res.summary"
! printf '%s\n' "${summary[@]}" | grep -q '^FAIL'
