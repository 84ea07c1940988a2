#!/usr/bin/env bash
# --profile on fit and render: the table on stderr, the "profile" object in
# --json with the command's phases, the engine's breakdown of training and
# evaluation and the products' exact FLOP count; render --precision bf16
# (through the emulation where the CPU has no bf16 products) and its refusals.
set -u
INRFIT=${INRFIT:-build/inrfit}
src=$(cd "$(dirname "$0")/.." && pwd)
. "$src/tests/lib_cli.sh"
cli_workspace
img="$src/assets/camera_128.png"
"$INRFIT" --version | grep -q "^bf16  *no hardware" && export INRFIT_BF16=emulate

"$INRFIT" fit "$img" --width 32 --layers 2 --steps 4 --profile --json -o "$dir/a" \
    >"$dir/fit.json" 2>"$dir/fit.err" || fail "fit --profile exits $?"
grep -q "^profile: " "$dir/fit.err" || fail "no profile table on stderr: $(head -3 "$dir/fit.err")"
grep -q "products backward" "$dir/fit.err" || fail "the table has no 'products backward' line"
# SIREN 2 -> 32 -> 32 -> 1 on 128x128 points, 4 full-batch steps:
# forward 2(2*32 + 32*32 + 32) FLOPs a point, backward 2(2*32) + 4(32*32 + 32).
python3 - "$dir/fit.json" <<'PY' || fail "fit's profile JSON"
import json, sys
d = json.load(open(sys.argv[1]))
p = d["profile"]
names = [r["name"] for r in p["phases"]]
for want in ("reading_the_input", "initialisation", "training", "final_evaluation", "writing_the_outputs"):
    assert want in names, (want, names)
train = next(r for r in p["phases"] if r["name"] == "training")
assert train["steps"] == 4, train
b = {ph["name"]: ph for ph in train["breakdown"]["phases"]}
n = 128 * 128
fwd = 4 * n * 2 * (2 * 32 + 32 * 32 + 32)
bwd = 4 * n * (2 * (2 * 32) + 4 * (32 * 32 + 32))
assert abs(b["products_forward"]["gflop_fp32"] * 1e9 - fwd) < 1, (b["products_forward"], fwd)
assert abs(b["products_backward"]["gflop_fp32"] * 1e9 - bwd) < 1, (b["products_backward"], bwd)
assert train["breakdown"]["calls"] == 4
assert p["gemm_peak"]["fp32_gflops"] > 0
assert 0 < b["products_forward"]["peak_share"]
total = sum(r["seconds"] for r in p["phases"])
assert abs(total - p["total_seconds"]) < 1e-9
PY

"$INRFIT" fit "$img" --width 32 --layers 2 --steps 2 -q --json -o "$dir/b" >"$dir/plain.json" 2>"$dir/plain.err" ||
    fail "fit exits $?"
grep -q "^profile: " "$dir/plain.err" && fail "a fit without --profile printed a profile"
grep -q '"profile"' "$dir/plain.json" && fail "a fit without --profile has a profile in --json"

for p in fp32 bf16; do
    "$INRFIT" render "$dir/a.inr" -o "$dir/r_$p.npy" --precision $p --profile --json \
        >"$dir/r_$p.json" 2>"$dir/r_$p.err" || fail "render --precision $p exits $?"
    grep -q "^profile: " "$dir/r_$p.err" || fail "render --precision $p: no profile table"
done
python3 - "$dir" <<'PY' || fail "render's profile JSON and precision"
import json, sys
d = sys.argv[1]
for p in ("fp32", "bf16"):
    j = json.load(open(f"{d}/r_{p}.json"))
    assert j["precision"] == p, j
    ev = next(r for r in j["profile"]["phases"] if r["name"] == "evaluation")
    f = {ph["name"]: ph for ph in ev["breakdown"]["phases"]}["products_forward"]
    n = 128 * 128
    if p == "fp32":
        assert abs(f["gflop_fp32"] * 1e9 - n * 2 * (2 * 32 + 32 * 32 + 32)) < 1, f
        assert f["gflop_bf16"] == 0
    else:
        assert abs(f["gflop_bf16"] * 1e9 - n * 2 * 32 * 32) < 1, f
# The two renders differ (bf16 ran) but only a little.
def load(path):
    raw = open(path, "rb").read()
    hl = int.from_bytes(raw[8:10], "little")
    import array
    a = array.array("f")
    a.frombytes(raw[10 + hl:])
    return a
a, b = load(f"{d}/r_fp32.npy"), load(f"{d}/r_bf16.npy")
diff = max(abs(x - y) for x, y in zip(a, b))
assert 0 < diff < 0.05, diff
PY

expect_error 2 "--precision: unknown precision 'fp8'" "render unknown precision" -- \
    "$INRFIT" render "$dir/a.inr" -o "$dir/x.png" --precision fp8
expect_error 2 "--profile applies to renders of the signal" "render --profile --field" -- \
    "$INRFIT" render "$dir/a.inr" -o "$dir/x.png" --field list --profile
"$INRFIT" fit "$img" --model nstr --steps 1 -q -o "$dir/n" >/dev/null 2>&1 || fail "nstr fit exits $?"
expect_error 2 "is for siren, ffn and hashgrid, not nstr" "render bf16 of NSTR" -- \
    "$INRFIT" render "$dir/n.inr" -o "$dir/x.png" --precision bf16
expect_error 2 "switched off by INRFIT_BF16=none" "render bf16 switched off" -- \
    env INRFIT_BF16=none "$INRFIT" render "$dir/a.inr" -o "$dir/x.png" --precision bf16
[ -e "$dir/x.png" ] && fail "a refused render wrote its output"
exit $((fails > 0))
