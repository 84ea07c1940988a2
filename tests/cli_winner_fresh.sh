#!/usr/bin/env bash
# `fit --init winner` and `fit --fresh` through the command line: what they
# print, what the checkpoint records (inrfit info), -q silence, and option
# errors (one line, exit 2, no files). Small networks keep it quick.
set -u
INRFIT=${INRFIT:-build/inrfit}
ASSETS="$PWD/assets"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails+1)); }
small="--steps 2 --width 32 --layers 3"

# WINNER on an image: scales printed, recorded, w0_first = w0 = 30.
"$INRFIT" "$ASSETS/camera_128.png" --init winner $small -o w >out.txt 2>err.txt || fail "winner fit: $(cat err.txt)"
grep -q '^inrfit: WINNER: spectral centroid 0\.1526[0-9]* cycles/sample, z 0\.305[0-9]*, S0 39\.13[0-9]*, S1 0\.122' err.txt \
    || fail "WINNER line: $(grep WINNER err.txt)"
"$INRFIT" info w.inr >info.txt
grep -q '^init        winner (seed 0), centroid 0\.1526[0-9]*, S0 39\.13[0-9]*, S1 0\.122' info.txt || fail "info: $(grep init info.txt)"
grep -q 'w0_first 30$' info.txt || fail "image WINNER w0_first: $(grep omega info.txt)"

# WINNER on audio: w0_first 30 instead of SIREN's audio 3000 ...
"$INRFIT" "$ASSETS/cymbal_short.wav" --init winner --steps 1 --width 16 --layers 2 -q -o wa >/dev/null 2>err.txt || fail "audio winner: $(cat err.txt)"
[ -s err.txt ] && fail "-q printed: $(cat err.txt)"
"$INRFIT" info wa.inr | grep -q 'w0 30, w0_first 30$' || fail "audio WINNER w0_first: $("$INRFIT" info wa.inr | grep omega)"
# ... unless given.
"$INRFIT" "$ASSETS/cymbal_short.wav" --init winner --w0-first 700 --steps 1 --width 16 --layers 2 -q -o wb >/dev/null 2>&1
"$INRFIT" info wb.inr | grep -q 'w0_first 700$' || fail "explicit --w0-first with WINNER"

# FreSh over a given grid: the table marks the choice, info records it.
"$INRFIT" "$ASSETS/camera_128.png" --fresh-grid 10,200 $small -o f >out.txt 2>err.txt || fail "fresh fit: $(cat err.txt)"
grep -q 'FreSh: w0_first among 2 candidates, 10 initialisations each, evaluated on 128x128' err.txt || fail "FreSh header: $(head -3 err.txt)"
[ "$(grep -c '<- chosen' err.txt)" -eq 1 ] || fail "FreSh table: $(cat err.txt)"
chosen=$(sed -n 's/^ *\([0-9.]*\) .*<- chosen$/\1/p' err.txt)
"$INRFIT" info f.inr >info.txt
grep -q "^fresh       chose w0_first = $chosen\$" info.txt || fail "info fresh: $(grep fresh info.txt) (chose $chosen)"
grep -q "w0_first $chosen\$" info.txt || fail "model not trained with the choice: $(grep omega info.txt)"
# Same seed, same choice and same table.
"$INRFIT" "$ASSETS/camera_128.png" --fresh-grid 10,200 $small -o f2 >/dev/null 2>err2.txt
diff <(grep -E '^ +[0-9]' err.txt) <(grep -E '^ +[0-9]' err2.txt) >/dev/null || fail "FreSh not deterministic"

# FFN: FreSh chooses sigma; WINNER + FreSh together.
"$INRFIT" "$ASSETS/camera_128.png" --model ffn --fresh-grid 1,8 $small -q -o g >/dev/null 2>&1 || fail "ffn fresh"
"$INRFIT" info g.inr | grep -q '^fresh       chose sigma = ' || fail "ffn fresh info"
"$INRFIT" "$ASSETS/camera_128.png" --init winner --fresh-grid 10,50 $small -o h >/dev/null 2>err.txt || fail "winner+fresh: $(cat err.txt)"
grep -q 'WINNER' err.txt && grep -q '<- chosen' err.txt || fail "winner+fresh output: $(cat err.txt)"
"$INRFIT" info h.inr | grep -q '^init        winner' || fail "winner+fresh: init lost"

# Option errors: exit 2, one line, nothing written.
mkdir bad && cd bad
expect_usage() {
    local what=$1
    shift
    "$@" >../.out 2>../.err
    local rc=$?
    if [ "$rc" -ne 2 ] || [ "$(wc -l <../.err)" -ne 1 ] || ! grep -q '^inrfit: ' ../.err || [ -n "$(ls -A .)" ]; then
        fail "$what: exit $rc: $(cat ../.err) $(ls -A .)"
    else
        echo "ok   $what: $(cat ../.err)"
    fi
}
expect_usage "winner with ffn"   "$INRFIT" "$ASSETS/camera_128.png" --init winner --model ffn
expect_usage "bad init"          "$INRFIT" "$ASSETS/camera_128.png" --init lecun
expect_usage "empty grid item"   "$INRFIT" "$ASSETS/camera_128.png" --fresh-grid 10,,20
expect_usage "grid not a number" "$INRFIT" "$ASSETS/camera_128.png" --fresh-grid 10,abc
expect_usage "negative grid"     "$INRFIT" "$ASSETS/camera_128.png" --fresh-grid=-5
expect_usage "trailing comma"    "$INRFIT" "$ASSETS/camera_128.png" --fresh-grid 10,
expect_usage "fresh with value"  "$INRFIT" "$ASSETS/camera_128.png" --fresh=1

# FreSh's hyper-parameters of the hash grid (N_max) and NSTR (omega_std, --sigma).
for pair in "hashgrid:n_max" "nstr:omega_std"; do
    model=${pair%%:*} param=${pair#*:}
    if "$INRFIT" fit "$ASSETS/camera_128.png" --model "$model" --fresh --steps 1 -q -o "$dir/fr_$model" > /dev/null 2>&1 &&
       "$INRFIT" info "$dir/fr_$model.inr" | grep -q "fresh *chose $param = "; then
        echo "ok   FreSh on $model chooses $param"
    else
        echo "FAIL FreSh on $model"; fails=$((fails+1))
    fi
done

# Stereo audio: WINNER mixes it to mono first, as the official pipeline loads
# it (librosa mono=True), so a stereo file of the cymbal (right = 0.5 left)
# gets the mono file's z and scales; before, z was 4 times smaller.
python3 - "$ASSETS/cymbal_short.wav" stereo.wav <<'PY'
import struct, sys, wave
r = wave.open(sys.argv[1]); n = r.getnframes(); rate = r.getframerate()
left = struct.unpack("<%dh" % n, r.readframes(n))
w = wave.open(sys.argv[2], "wb"); w.setnchannels(2); w.setsampwidth(2); w.setframerate(rate)
w.writeframes(b"".join(struct.pack("<hh", v, v // 2) for v in left)); w.close()
PY
"$INRFIT" spectrum "$ASSETS/cymbal_short.wav" -o mono --json >mono.json || fail "spectrum mono"
"$INRFIT" spectrum stereo.wav -o stereo --json >stereo.json || fail "spectrum stereo"
python3 - mono.json stereo.json <<'PY' || fail "stereo WINNER z differs from mono"
import json, sys
m, s = (json.load(open(f))["winner"] for f in sys.argv[1:])
ok = abs(m["z"] - s["z"]) < 2e-3 * m["z"] and abs(m["s0"] - s["s0"]) < 2e-3 * m["s0"]
print("mono z %.6f S0 %.3f, stereo z %.6f S0 %.3f" % (m["z"], m["s0"], s["z"], s["s0"]))
sys.exit(0 if ok else 1)
PY

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
