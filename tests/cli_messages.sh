#!/usr/bin/env bash
# Messages a user reads (issue 24): fit --json keeps its warnings on stderr;
# the first line names the batch plainly ("full batch" or "batches of N
# random points", never "minibatch batch"); render -q prints nothing on
# success; a SIREN's safetensors metadata holds SIREN's fields only and the
# coordinate convention (tests/siren_numpy.py checks that part).
set -u
INRFIT=${INRFIT:-build/inrfit}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails+1)); }
cam="$PWD/assets/camera_128.png"
cd "$dir"

# The default SIREN holds more parameters than camera_128 has pixels.
"$INRFIT" fit "$cam" --steps 1 -o j --json >j.json 2>j.err || fail "fit --json: exit $?"
grep -q "warning: the model has .* parameters .* memorise" j.err || fail "--json dropped the warning: $(cat j.err)"
grep -q '"memorised": *true' j.json || fail "the JSON lost the memorisation flag"

"$INRFIT" fit "$cam" --steps 1 --width 16 --layers 1 --batch 100 -o b 2>b.err >/dev/null || fail "fit --batch: exit $?"
grep -q "batches of 100 random points" b.err || fail "batch line: $(head -1 b.err)"
grep -q "minibatch batch" b.err && fail "'minibatch batch' in: $(head -1 b.err)"
"$INRFIT" fit "$cam" --steps 1 --width 16 --layers 1 -o f 2>f.err >/dev/null || fail "fit: exit $?"
grep -q "full batch" f.err || fail "full batch line: $(head -1 f.err)"

out=$("$INRFIT" render f.inr -o r.png -q) || fail "render -q: exit $?"
[ -z "$out" ] && [ -s r.png ] || fail "render -q printed '$out' or wrote nothing"
out=$("$INRFIT" render f.inr -o r2.png) && [ -n "$out" ] || fail "render without -q printed nothing"

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "ok"
