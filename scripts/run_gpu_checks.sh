#!/usr/bin/env bash
# run_gpu_checks.sh OUTDIR - inrfit's GPU checks from a bundle made by
# `make gpu-bundle`, on a machine with an NVIDIA GPU and its driver, cuBLAS 13
# (the CUDA toolkit or PyTorch's nvidia wheels) and, for the comparison,
# PyTorch with CUDA; libpng, libsndfile, OpenBLAS and FFTW come from lib/.
# Runs the CUDA op test, the --device CLI test and the GPU benchmark, and
# writes everything to OUTDIR/gpu_results.txt (a summary at its end).
# Exit status: 0 when no check failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: run_gpu_checks.sh OUTDIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
res="$out/gpu_results.txt"
: >"$res"

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

summary=()
check() {  # check NAME command...
    local name=$1
    shift
    echo "== $name" | tee -a "$res"
    local t0=$SECONDS
    "$@" >>"$res" 2>&1
    local rc=$?
    local verdict=FAIL
    case $rc in 0) verdict=PASS ;; 77) verdict=SKIP ;; esac
    summary+=("$(printf '%-5s %-16s exit %d, %ds' "$verdict" "$name" "$rc" $((SECONDS - t0)))")
    echo "$verdict $name (exit $rc)" | tee -a "$res"
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

check test_cuda_ops env LD_LIBRARY_PATH="$INRFIT_LD_LIBRARY_PATH" "$here/tests/test_cuda_ops"
check cli_device env INRFIT="$wrap/inrfit" bash "$here/tests/cli_device.sh"
check bench_gpu env BENCH_IMAGE="$here/data/images/camera.png" BENCH_STEPS="${BENCH_STEPS:-100}" \
    bash "$here/bench/run_bench_gpu.sh" "$here"

{
    echo "== benchmark"
    sed -n '/^device (inrfit)/,$p' "$res"
    echo "== summary"
    printf '%s\n' "${summary[@]}"
} | tee -a "$res.summary"
cat "$res.summary" >>"$res"
rm -f "$res.summary"
! printf '%s\n' "${summary[@]}" | grep -q '^FAIL'
