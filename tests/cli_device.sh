#!/usr/bin/env bash
# --device on the command line. Everywhere: an unknown device is a usage
# error (exit 2), --device cpu and --device auto train. Without a usable GPU
# (or with CUDA not built in) --device cuda on fit and render fails with one
# "inrfit: --device cuda: ..." line, exit 1, and leaves no file. With a GPU
# (nvidia-smi lists one and CUDA is built in) it trains and renders, and its
# checkpoint renders the same on the CPU (one parameter layout everywhere),
# for every model kind.
set -u
INRFIT=${INRFIT:-build/inrfit}
. "$(dirname "$0")/lib_cli.sh"
cli_workspace
cd "$dir"

python3 - <<'PY'
import struct, zlib
# A 32x32 grey PNG: a diagonal gradient with a bright square.
rows = []
for y in range(32):
    rows.append(b'\x00' + bytes(255 if 8 <= x < 20 and 8 <= y < 20 else (x + y) * 4 for x in range(32)))
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
open('img.png', 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 32, 32, 8, 0, 0, 0, 0))
                            + chunk(b'IDAT', zlib.compress(b''.join(rows))) + chunk(b'IEND', b''))
PY
fit="$INRFIT fit img.png --width 16 --layers 2 --steps 40 -q"

# Unknown device: usage error on fit and render, one line.
expect_error 2 "--device: unknown device 'tpu'" "fit --device tpu" -- $fit --device tpu -o bad
# CPU and auto train and write both outputs.
$fit --device cpu -o cpu >out 2>err || fail "--device cpu: $(cat err)"
[ -s cpu.inr ] && [ -s cpu.png ] || fail "--device cpu wrote no outputs"
$fit --device auto -o auto >out 2>err || fail "--device auto: $(cat err)"
[ -s auto.inr ] || fail "--device auto wrote no checkpoint"
# --tf32 only changes GPU products: on the CPU the same bits as without it.
$fit --device cpu --tf32 -o cpu_tf32 >out 2>err || fail "--device cpu --tf32: $(cat err)"
cmp -s cpu.png cpu_tf32.png || fail "--tf32 changed a CPU fit"
expect_error 2 "--device: unknown device 'tpu'" "render --device tpu" -- \
    "$INRFIT" render cpu.inr -o bad.png --device tpu

has_gpu=0
command -v nvidia-smi >/dev/null && nvidia-smi -L 2>/dev/null | grep -q '^GPU' && has_gpu=1
if ! { [ $has_gpu -eq 1 ] && $fit --device cuda -o gpu >out 2>err; }; then
    # No GPU, or (with one) no CUDA backend built in: one line, exit 1, no file.
    [ $has_gpu -eq 0 ] || grep -q 'not built' err || fail "nvidia-smi lists a GPU but --device cuda failed: $(cat err)"
    expect_error 1 '--device cuda: ' "fit --device cuda without a usable GPU" -- $fit --device cuda -o nogpu
    expect_error 1 '--device cuda: ' "render --device cuda without a usable GPU" -- \
        "$INRFIT" render cpu.inr -o r.png --device cuda
else
    echo "ok   trained on the GPU"
    [ -s gpu.inr ] && [ -s gpu.png ] || fail "--device cuda wrote no outputs"
    $fit --device cuda --tf32 -o tf32 >out 2>err || fail "--tf32 on the GPU: $(cat err)"
    # Every model kind trains on the GPU, and its checkpoint renders on the CPU.
    for model in ffn hashgrid nstr hcinr; do
        "$INRFIT" fit img.png --model $model --steps 5 -q --device cuda -o $model >out 2>err ||
            fail "$model --device cuda: $(cat err)"
        "$INRFIT" render $model.inr -o ${model}_cpu.png --device cpu >out 2>err ||
            fail "render --device cpu of a GPU $model checkpoint: $(cat err)"
    done
    "$INRFIT" render gpu.inr -o g_cuda.png --scale 2 --device cuda >out 2>err ||
        fail "render --device cuda: $(cat err)"
    "$INRFIT" render gpu.inr -o g_cpu.png --scale 2 --device cpu >out 2>err ||
        fail "render --device cpu of a GPU checkpoint: $(cat err)"
    # The same function evaluated on both devices: 8-bit levels agree to 1.
    python3 - <<'PY' || fail "GPU and CPU renders of one checkpoint differ"
import sys, zlib, struct
def pixels(path):
    d = open(path, 'rb').read(); i = 8; idat = b''; w = h = 0
    while i < len(d):
        n, t = struct.unpack('>I4s', d[i:i+8]); body = d[i+8:i+8+n]; i += 12 + n
        if t == b'IHDR': w, h = struct.unpack('>II', body[:8])
        if t == b'IDAT': idat += body
    raw = zlib.decompress(idat); prev = [0] * w; out = []
    for y in range(h):
        f, row = raw[y*(w+1)], list(raw[y*(w+1)+1:(y+1)*(w+1)])
        for x in range(w):
            a = row[x-1] if x else 0; b = prev[x]; c = prev[x-1] if x else 0
            if f == 1: row[x] = (row[x] + a) & 255
            elif f == 2: row[x] = (row[x] + b) & 255
            elif f == 3: row[x] = (row[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p-a), abs(p-b), abs(p-c)
                row[x] = (row[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += row; prev = row
    return out
a, b = pixels('g_cuda.png'), pixels('g_cpu.png')
worst = max(abs(x - y) for x, y in zip(a, b))
print("ok   GPU vs CPU render of the GPU checkpoint: max difference %d levels" % worst)
sys.exit(0 if len(a) == len(b) == 64 * 64 and worst <= 1 else 1)
PY
fi

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
