#!/usr/bin/env bash
# make bench: inrfit's training step against PyTorch on the same network,
# init, optimizer and image, side by side in one run, printed as a table of
# ratios with the CPU model and the kernels in use:
#   SIREN 256x4 fp32   vs PyTorch eager and torch.compile
#   SIREN 256x4 bf16   vs torch.autocast bf16, eager and compiled (where the
#                      CPU has bf16 hardware: AMX or AVX512-BF16)
#   hash grid L16 F2 T2^15, MLP 64x2, vs a PyTorch hash grid (bench/hashgrid_torch.py),
#                      eager and compiled
#   render of SIREN 256x4 at BENCH_RENDER_SIZE^2 (1024), fp32 and bf16, vs
#                      bench/render_torch.py eager, compiled, autocast-bf16
# and the --profile of a SIREN fit (fp32, and bf16 where the CPU has it).
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

# Where a fit's time goes: --profile of the same SIREN fit.
profile() {
    echo "== inrfit fit --profile ($*, $steps steps) =="
    "$build/inrfit" fit "$image" --steps "$steps" --threads "$threads" --profile -q -o "$out/prof" "$@" \
        2>&1 >/dev/null | sed -n '/^profile:/,/^  total/p'
}
profile --precision fp32
[ -n "$bf16" ] && profile --precision bf16

# Rendering: a SIREN 256x4 checkpoint evaluated on a size^2 grid, three
# times each; the evaluation's seconds come from --profile.
rsize=${BENCH_RENDER_SIZE:-1024}
"$build/inrfit" fit "$image" --steps 1 -q -o "$out/render" >/dev/null 2>&1 || echo "bench: the render checkpoint failed"
render() {
    local p=$1 i
    echo "== inrfit render ${rsize}x${rsize} --precision $p =="
    for i in 1 2 3; do
        "$build/inrfit" render "$out/render.inr" -o "$out/render.npy" --size "${rsize}x$rsize" \
            --threads "$threads" --precision "$p" --profile --json 2>/dev/null
    done >"$out/render-$p.jsonl"
}
render fp32
[ -n "$bf16" ] && render bf16

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
# render peers: no image, a size^2 grid.
rpeer() {
    local name=$1
    shift
    echo "== PyTorch $name ($py) =="
    "$py" bench/render_torch.py --size "$rsize" --threads "$threads" --json "$@" \
        >"$out/$name.json" 2>"$out/$name.err" || { echo "bench: PyTorch $name failed: $(tail -1 "$out/$name.err")"; rm -f "$out/$name.json"; }
}
rpeer render-eager
rpeer render-compile --compile
if [ -n "$bf16" ]; then
    rpeer render-autocast-bf16 --bf16
    rpeer render-compile-bf16 --compile --bf16
fi
python3 bench/bench_table.py "$out"
