#!/usr/bin/env bash
# make gpu-bundle: BUILD/gpu-bundle/, everything a GPU machine without
# libpng/libsndfile/OpenBLAS/FFTW needs to run inrfit's GPU checks:
#   inrfit, tests/test_cuda_ops, tests/cli_device.sh (+ lib_cli.sh), bench/bench_gpu and the
#   PyTorch peer scripts, data/images/camera{,_256}.png, lib/ (the shared
#   libraries ldd lists beyond the base system: glibc, libstdc++, libgcc_s,
#   zlib and the CUDA libraries stay the machine's own), run_gpu_checks.sh
#   (the op test, a --device cuda fit of each model with a CPU render of its
#   checkpoint, the CLI test and the benchmark; see its header).
# Usage: scripts/gpu_bundle.sh BUILD
set -eu
build=${1:-build}
data=${INRFIT_DATA:-tests/data}
b=$build/gpu-bundle
rm -rf "$b"
mkdir -p "$b/lib" "$b/tests" "$b/bench" "$b/data/images"
cp "$build/inrfit" "$b/"
cp "$build/tests/test_cuda_ops" tests/cli_device.sh tests/lib_cli.sh "$b/tests/"
cp "$build/bench/bench_gpu" bench/run_bench_gpu.sh bench/profile_gpu.sh bench/siren_torch.py bench/pngread.py "$b/bench/"
cp scripts/run_gpu_checks.sh "$b/"
for f in camera.png camera_256.png; do
    if [ -f "$data/images/$f" ]; then cp "$data/images/$f" "$b/data/images/"
    else echo "gpu-bundle: $data/images/$f not found (benchmarks will need BENCH_IMAGE)"; fi
done

# Base system: the C library family, the compiler runtime, zlib, and CUDA
# (the machine's driver and toolkit; cudart is linked statically and cuBLAS
# is opened at run time).
# OpenBLAS is opened at run time (inr/blas.c), so ldd does not list it: it
# and its own libraries are added by hand.
blas=$(ldconfig -p | awk '$1 == "libopenblas.so.0" { print $NF; exit }')
[ -n "$blas" ] || { echo "gpu-bundle: libopenblas.so.0 not found by ldconfig"; exit 1; }
base='^(linux-vdso|ld-linux|libc|libm|libdl|libpthread|librt|libresolv|libutil|libstdc\+\+|libgcc_s|libz|libcuda|libcudart|libcublas|libcublasLt)\.so'
{
    echo "libopenblas.so.0 $blas"
    for bin in "$b/inrfit" "$b/tests/test_cuda_ops" "$b/bench/bench_gpu" "$blas"; do
        ldd "$bin" | awk '/=> \// { print $1, $3 }'
    done
} | sort -u | while read -r name path; do
    if ! [[ "$name" =~ $base ]]; then cp -L "$path" "$b/lib/$name"; fi
done
echo "gpu-bundle: $b ($(du -sh "$b" | cut -f1)): $(ls "$b/lib" | tr '\n' ' ')"
# The folder is ~60 MB (OpenBLAS alone 36): one compressed file (~25 MB) is
# what travels to a GPU machine with a transfer limit.
tar czf "$b.tar.gz" -C "$(dirname "$b")" "$(basename "$b")"
echo "gpu-bundle: $b.tar.gz ($(du -sh "$b.tar.gz" | cut -f1)) holds the same"
echo "gpu-bundle: on the GPU machine run: $b/run_gpu_checks.sh OUTDIR"
echo "gpu-bundle:   or: tar xzf gpu-bundle.tar.gz && gpu-bundle/run_gpu_checks.sh OUTDIR"
