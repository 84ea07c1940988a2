#!/usr/bin/env bash
# Checkpoints for Python: `inrfit export` writes .safetensors that the
# `safetensors` package loads, and a SIREN evaluated from it in numpy
# (tests/siren_numpy.py) matches `inrfit render -o X.npy` within 1e-5, at
# the fitted size and at another; fit --no-optimizer-state writes a
# weights-only checkpoint (smaller, the same weights, refused by --resume);
# every model kind exports tensors that add up to its parameters; bad
# input gets one line and no output.
set -u
INRFIT=${INRFIT:-build/inrfit}
tests=$(cd "$(dirname "$0")" && pwd)
camera=$tests/../assets/camera_128.png
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fails=0
# shellcheck source=tests/lib_cli.sh
. "$tests/lib_cli.sh"
# shellcheck source=tests/py_env.sh
. "$tests/py_env.sh"
fail() { echo "FAIL $*"; fails=$((fails+1)); }
if ! find_python numpy safetensors; then
    echo "SKIP: no Python with numpy and safetensors (and pip could not install safetensors)"
    exit 77
fi
echo "python: $py"

fit() { "$INRFIT" fit "$camera" --steps 30 --width 64 --layers 3 --seed 1 --threads 2 -q "$@" >/dev/null; }
fit -o "$dir/full" || fail "fit"
fit -o "$dir/small" --no-optimizer-state || fail "fit --no-optimizer-state"
full=$(stat -c %s "$dir/full.inr") small=$(stat -c %s "$dir/small.inr")
[ "$small" -lt $((full * 2 / 5)) ] && echo "ok   checkpoint $full bytes, weights only $small" ||
    fail "--no-optimizer-state: $small bytes against $full"
"$INRFIT" info "$dir/small.inr" | grep -q "trained     30 steps (weights only)" &&
    echo "ok   info says weights only" || fail "info: $("$INRFIT" info "$dir/small.inr" | grep trained)"
expect_error 1 "holds no optimizer state" "--resume from a weights-only checkpoint" -- \
    "$INRFIT" fit "$camera" --resume "$dir/small.inr" --steps 40 -q -o "$dir/again"

"$INRFIT" export "$dir/full.inr" -o "$dir/full.safetensors" >/dev/null &&
    "$INRFIT" export "$dir/small.inr" -o "$dir/small.safetensors" >/dev/null || fail "export"
cmp -s "$dir/full.safetensors" "$dir/small.safetensors" &&
    echo "ok   the same weights: exports identical ($(stat -c %s "$dir/full.safetensors") bytes)" ||
    fail "the two fits export differently"
"$INRFIT" render "$dir/full.inr" -o "$dir/full.npy" >/dev/null &&
    "$INRFIT" render "$dir/full.inr" -o "$dir/other.npy" --size 50x30 >/dev/null || fail "render .npy"
for r in full other; do
    out=$("$py" "$tests/siren_numpy.py" "$dir/full.safetensors" "$dir/$r.npy" 1e-5 2>&1) &&
        echo "ok   $out" || fail "numpy SIREN against render $r: $out"
done

# Every model kind: names, shapes and sizes that add up.
"$INRFIT" fit "$camera" --steps 1 -q --model ffn --mapping 8 --width 8 --layers 1 -o "$dir/ffn" >/dev/null
"$INRFIT" fit "$camera" --steps 1 -q --model hashgrid --levels 2 --log2-table 6 --width 8 -o "$dir/grid" >/dev/null
"$INRFIT" fit "$camera" --steps 1 -q --model nstr --bases 4 --levels 1 --base-res 4 --max-res 4 --width 4 -o "$dir/nstr" >/dev/null
"$INRFIT" fit "$camera" --steps 1 -q --model hcinr --scales 1 --latent-res 4 --width 8 --layers 1 -o "$dir/hcinr" >/dev/null
for k in ffn grid nstr hcinr; do
    line=$("$INRFIT" export "$dir/$k.inr" -o "$dir/$k.safetensors") || { fail "export $k"; continue; }
    n=$(echo "$line" | sed -n 's/.* \([0-9]*\) parameters.*/\1/p')
    out=$("$py" - "$dir/$k.safetensors" "$n" <<'PY' 2>&1
import sys
from safetensors import safe_open
from safetensors.numpy import load_file
t = load_file(sys.argv[1])
with safe_open(sys.argv[1], framework="np") as f:
    meta = f.metadata()
total = sum(v.size for v in t.values())
assert total == int(sys.argv[2]), (total, sys.argv[2])
print(meta["model"], len(t), "tensors", total, "values", {k: v.shape for k, v in list(t.items())[:3]})
PY
) && echo "ok   $out" || fail "$k: $out"
done

expect_error 1 "" "export of a file that is not a checkpoint" -- \
    "$INRFIT" export "$camera" -o "$dir/x.safetensors"
expect_error 2 "needs a model and -o" "export without -o" -- "$INRFIT" export "$dir/full.inr"
expect_error 1 "cannot write" "export into a missing folder" -- \
    "$INRFIT" export "$dir/full.inr" -o "$dir/missing/x.safetensors"
# No export replaces its own checkpoint or a file of another kind.
cp "$dir/full.inr" "$dir/keep.inr"
expect_error 2 "\.safetensors extension" "export over its own checkpoint" -- \
    "$INRFIT" export "$dir/full.inr" -o "$dir/full.inr"
ln "$dir/full.inr" "$dir/link.safetensors"
expect_error 2 "would replace the model" "export over a hard link of its checkpoint" -- \
    "$INRFIT" export "$dir/full.inr" -o "$dir/link.safetensors"
expect_error 2 "\.safetensors" "export to a .png" -- "$INRFIT" export "$dir/full.inr" -o "$dir/x.png"
cmp -s "$dir/full.inr" "$dir/keep.inr" || fail "a refused export changed its checkpoint"

[ "$fails" -eq 0 ] && echo "cli_export: all passed" || { echo "cli_export: $fails failed"; exit 1; }
