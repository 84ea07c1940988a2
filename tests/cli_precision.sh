#!/usr/bin/env bash
# fit --precision (issue 11): fp32 by default; bf16 trains the hidden
# products in bf16 where the CPU has AVX512-BF16 or AMX-BF16 (or under
# INRFIT_BF16=emulate, the fp32 emulation CI uses), and is refused in one
# line (exit 2, nothing written) where neither runs; the checkpoint keeps
# the precision, `info` shows it, render and --resume take it.
set -u
INRFIT=${INRFIT:-build/inrfit}
src=$(cd "$(dirname "$0")/.." && pwd)
. "$src/tests/lib_cli.sh"
cli_workspace
img="$src/assets/camera_128.png"
small="--width 32 --layers 3 --steps 6 -q"

expect_error 2 "--precision: unknown precision 'fp8'" "unknown precision" -- \
    "$INRFIT" fit "$img" --precision fp8 -o "$dir/x"
expect_error 2 "is for siren, ffn and hashgrid" "bf16 on NSTR" -- \
    env INRFIT_BF16=emulate "$INRFIT" fit "$img" --model nstr --precision bf16 -o "$dir/x"
expect_error 2 "switched off by INRFIT_BF16=none" "bf16 switched off" -- \
    env INRFIT_BF16=none "$INRFIT" fit "$img" --precision bf16 -o "$dir/x"
if "$INRFIT" --version | grep -q "^bf16  *no hardware"; then
    expect_error 2 "neither AVX512-BF16 nor AMX-BF16" "bf16 without bf16 hardware" -- \
        env INRFIT_BF16= "$INRFIT" fit "$img" --precision bf16 -o "$dir/x"
    INRFIT_BF16= "$INRFIT" fit "$img" $small --precision auto -o "$dir/auto" || fail "auto exits $?"
    "$INRFIT" info "$dir/auto.inr" | grep -q "^precision   fp32" || fail "auto is not fp32 without bf16 hardware"
else
    INRFIT_BF16= "$INRFIT" fit "$img" $small --precision auto -o "$dir/auto" || fail "auto exits $?"
    "$INRFIT" info "$dir/auto.inr" | grep -q "^precision   bf16" || fail "auto is not bf16 for SIREN on bf16 hardware"
fi

# bf16 through the engine this machine has (the emulation where none).
engine=""
"$INRFIT" --version | grep -q "^bf16  *no hardware" && engine=emulate
export INRFIT_BF16=$engine
"$INRFIT" fit "$img" $small -o "$dir/fp32" || fail "fp32 fit exits $?"
"$INRFIT" fit "$img" $small --precision bf16 -o "$dir/bf16" || fail "bf16 fit exits $?"
"$INRFIT" info "$dir/fp32.inr" | grep -q "^precision   fp32" || fail "info: fp32 checkpoint"
"$INRFIT" info "$dir/bf16.inr" | grep -q "^precision   bf16 (hidden-to-hidden" || fail "info: bf16 checkpoint"
cmp -s "$dir/fp32.inr" "$dir/bf16.inr" && fail "bf16 and fp32 fits are the same file"
"$INRFIT" render "$dir/bf16.inr" -o "$dir/render.png" && cmp -s "$dir/render.png" "$dir/bf16.png" ||
    fail "a bf16 checkpoint does not render to its own reconstruction"
"$INRFIT" fit "$img" --resume "$dir/bf16.inr" --steps 9 -q -o "$dir/resumed" || fail "bf16 resume exits $?"
"$INRFIT" info "$dir/resumed.inr" | grep -q "^precision   bf16" || fail "a resumed bf16 fit is not bf16"
[ "$fails" -eq 0 ] || { echo "$fails failures"; exit 1; }
echo "all precision checks passed"
