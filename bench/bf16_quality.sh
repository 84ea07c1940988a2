#!/usr/bin/env bash
# --precision bf16 against fp32 at issue 11's bar: SIREN 256x4 on
# camera_256, 300 steps, plus SIREN+WINNER and the hash grid, same seed.
# Prints each PSNR pair and the difference (bar: bf16 within 0.3 dB).
# Runs the native engine where the CPU has bf16, else the emulation
# (INRFIT_BF16=emulate: the same numbers at fp32 speed).
# usage: bench/bf16_quality.sh [BUILD] (BENCH_IMAGE, BF16_STEPS override)
set -u
build=${1:-build}
image=${BENCH_IMAGE:-tests/data/images/camera_256.png}
steps=${BF16_STEPS:-300}
[ -f "$image" ] || { echo "bf16_quality: $image not found (set BENCH_IMAGE)"; exit 1; }
"$build/inrfit" --version | grep -q "^bf16  *no hardware" && export INRFIT_BF16=emulate
"$build/inrfit" --version
echo "bf16 engine: ${INRFIT_BF16:-native}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
psnr() { sed -n 's/^PSNR  *\([0-9.]*\) dB.*/\1/p' "$1"; }
for case in "siren:" "siren+winner:--init winner" "hashgrid:--model hashgrid"; do
    name=${case%%:*} flags=${case#*:}
    for p in fp32 bf16; do
        # shellcheck disable=SC2086
        "$build/inrfit" fit "$image" $flags --steps "$steps" --precision $p -q -o "$out/$name-$p" \
            >"$out/$name-$p.txt" || { echo "$name $p failed"; continue 2; }
    done
    a=$(psnr "$out/$name-fp32.txt") b=$(psnr "$out/$name-bf16.txt")
    python3 -c "import sys; a, b = $a, $b; print('%-13s fp32 %.2f dB  bf16 %.2f dB  diff %+.2f dB  %s' % (sys.argv[1], a, b, b - a, 'ok' if b >= a - 0.3 else 'BELOW THE BAR'))" "$name"
done
