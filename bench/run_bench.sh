#!/usr/bin/env bash
# make bench: inrfit's training step against PyTorch on the same network,
# init, optimizer and image, side by side in one run, printed as a table of
# ratios with the CPU model and the kernels in use:
#   SIREN 256x4 fp32   vs PyTorch eager and torch.compile
#   SIREN 256x4 bf16   vs torch.autocast bf16, eager and compiled (where the
#                      CPU has bf16 hardware: AMX or AVX512-BF16)
#   hash grid L16 F2 T2^15, MLP 64x2, vs a PyTorch hash grid (bench/hashgrid_torch.py),
#                      eager and compiled
# BENCH_STEPS (default 12, 2 of them warm-up), BENCH_THREADS (2) and
# BENCH_IMAGE (tests/data/images/camera_256.png) set the run. PyTorch: the
# python of $TORCH_PYTHON, /opt/torchenv or build/torchenv; when none has
# torch, build/torchenv is made with pip (PyPI's torch, numpy) unless
# BENCH_NO_INSTALL is set. Timings: medians of the timed steps.
set -u
build=${1:-build}
steps=${BENCH_STEPS:-12}
threads=${BENCH_THREADS:-2}
image=${BENCH_IMAGE:-tests/data/images/camera_256.png}
[ -f "$image" ] || { echo "bench: $image not found (set BENCH_IMAGE)"; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "== CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -1)" \
     "(family $(lscpu | sed -n 's/^CPU family: *//p' | head -1)," \
     "model $(lscpu | sed -n 's/^Model: *//p' | head -1)), $threads threads, $steps steps =="

# inrfit NAME ARGS...: one bench_cpu run into $out/NAME.txt.
inrfit() {
    local name=$1
    shift
    echo "== inrfit $name =="
    "$build/bench/bench_cpu" "$image" --steps $((steps - 2)) --threads "$threads" "$@" >"$out/$name.txt" ||
        { echo "bench: inrfit $name failed"; return 1; }
    grep -v '^#' "$out/$name.txt" | grep -E '^(model|sec_per_step_median|psnr_after|gflops|sgemm)'
}
inrfit siren-fp32 || exit 1
grep '^#' "$out/siren-fp32.txt"
bf16=
grep -q "^# bf16  *hardware" "$out/siren-fp32.txt" && bf16=1
[ -n "$bf16" ] && inrfit siren-bf16 --bf16
inrfit hashgrid-fp32 --model hashgrid

torch_python() {
    local py
    for py in "${TORCH_PYTHON:-}" /opt/torchenv/bin/python "$build/torchenv/bin/python"; do
        [ -n "$py" ] && [ -x "$py" ] && "$py" -c "import torch, numpy" 2>/dev/null && { echo "$py"; return; }
    done
}
py=$(torch_python)
if [ -z "$py" ] && [ -z "${BENCH_NO_INSTALL:-}" ]; then
    echo "== no PyTorch found: installing PyPI's torch into $build/torchenv (once; BENCH_NO_INSTALL=1 skips) =="
    python3 -m venv "$build/torchenv" && "$build/torchenv/bin/pip" install -q torch numpy &&
        py=$build/torchenv/bin/python
fi
if [ -z "$py" ]; then
    echo "bench: no PyTorch: set TORCH_PYTHON or let the bench install it (unset BENCH_NO_INSTALL)"
    exit 0
fi

# peer NAME SCRIPT ARGS...: one PyTorch run into $out/NAME.json.
peer() {
    local name=$1 script=$2
    shift 2
    echo "== PyTorch $name ($py) =="
    "$py" "bench/$script" --image "$image" --steps "$steps" --warmup 2 --threads "$threads" --json "$@" \
        >"$out/$name.json" 2>"$out/$name.err" || { echo "bench: PyTorch $name failed: $(tail -1 "$out/$name.err")"; rm -f "$out/$name.json"; }
}
peer siren-eager siren_torch.py
peer siren-compile siren_torch.py --compile
if [ -n "$bf16" ]; then
    peer siren-autocast-bf16 siren_torch.py --bf16
    peer siren-compile-bf16 siren_torch.py --compile --bf16
fi
peer hashgrid-eager hashgrid_torch.py
peer hashgrid-compile hashgrid_torch.py --compile
python3 bench/bench_table.py "$out"
