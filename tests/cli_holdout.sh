#!/usr/bin/env bash
# fit --holdout F: the model trains on a seeded 1-F of the points and the
# report measures the others. A hash grid at its finest level memorises
# what it is shown, so on points it never saw it is clearly worse than on
# the whole image; were the held-out points trained on, the two would agree.
# The split follows the seed, works for audio (held-out SNR), reaches
# --json, and a split with nothing to train on or to measure is refused.
set -u
INRFIT=${INRFIT:-build/inrfit}
COMPARE="$PWD/scripts/compare"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails+1)); }
# shellcheck source=tests/lib_cli.sh
. "$(dirname "$0")/lib_cli.sh"
cp assets/camera_128.png assets/cymbal_short.wav "$dir/"
cd "$dir"
# field FILE KEY: quality.KEY (or a top-level KEY) of a fit's JSON summary.
field() {
    python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); k=sys.argv[2]
print(o["quality"].get(k, o.get(k, "none")))' "$1" "$2"
}
grid=(--model hashgrid --steps 60 --threads 1 -q --json)

"$INRFIT" fit camera_128.png "${grid[@]}" --holdout 0.25 -o h1 >h1.json 2>/dev/null || fail "hashgrid --holdout: exit $?"
"$INRFIT" fit camera_128.png "${grid[@]}" --holdout 0.25 -o h2 >h2.json 2>/dev/null || fail "rerun: exit $?"
"$INRFIT" fit camera_128.png "${grid[@]}" --holdout 0.25 --seed 3 -o h3 >h3.json 2>/dev/null || fail "seed 3: exit $?"
"$INRFIT" fit camera_128.png "${grid[@]}" -o h0 >h0.json 2>/dev/null || fail "no --holdout: exit $?"
python3 - h0.json h1.json h2.json h3.json <<'PY' || fail "image figures"
import json, math, sys
h0, h1, h2, h3 = (json.load(open(p)) for p in sys.argv[1:])
q = h1["quality"]
assert h1["holdout"] == 0.25, h1["holdout"]
assert math.isfinite(q["heldout_psnr"]), q
gap = q["psnr"] - q["heldout_psnr"]
assert gap > 2.0, "held-out %.2f dB vs %.2f dB on all pixels" % (q["heldout_psnr"], q["psnr"])
assert h2["quality"] == q, "the same seed gave another split or fit"
assert h3["quality"]["heldout_psnr"] != q["heldout_psnr"], "another seed gave the same split"
assert "heldout_psnr" not in h0["quality"] and h0["holdout"] == 0, h0["quality"]
print("image: psnr %.2f, held-out %.2f dB" % (q["psnr"], q["heldout_psnr"]))
PY

"$INRFIT" fit camera_128.png --model siren --width 16 --layers 2 --steps 20 --threads 1 --holdout 0.2 \
    -o s >s.txt 2>s.err || fail "siren human report: exit $?"
grep -q "^held-out    PSNR [0-9.]* dB on 20% of the pixels" s.txt || fail "human line: $(cat s.txt)"
grep -q "^inrfit: --holdout 0.2: training on [0-9]* points, [0-9]* held out" s.err \
    || fail "first lines: $(cat s.err)"

"$INRFIT" fit cymbal_short.wav --width 16 --layers 2 --steps 20 --threads 1 -q --json --holdout 0.3 \
    -o a >a.json || fail "audio --holdout: exit $?"
python3 -c 'import json,math,sys; q=json.load(open(sys.argv[1]))["quality"]
assert math.isfinite(q["heldout_snr"]) and math.isfinite(q["heldout_psnr"]), q' a.json \
    || fail "audio held-out figures: $(cat a.json)"

# Every model, image and audio: the held-out figures are finite and the
# split is the one asked for.
for model in siren ffn hashgrid nstr hcinr; do
    for sig in camera_128.png cymbal_short.wav; do
        "$INRFIT" fit "$sig" --model "$model" --steps 3 --threads 1 -q --json --holdout 0.2 \
            -o "all_$model" >"all_$model.json" 2>"all_$model.err" ||
            { fail "$model on $sig --holdout: $(tail -1 "all_$model.err")"; continue; }
        python3 -c 'import json,math,sys; o=json.load(open(sys.argv[1])); q=o["quality"]
k = "heldout_snr" if sys.argv[2].endswith(".wav") else "heldout_psnr"
assert o["holdout"] == 0.2 and math.isfinite(q[k]), q' "all_$model.json" "$sig" ||
            fail "$model on $sig: held-out figures $(cat "all_$model.json")"
    done
done

# scripts/compare --holdout: the held-out figure in the CSV and the table.
mkdir sig && cp camera_128.png sig/
"$COMPARE" sig -o cmp --models siren --steps 10 --holdout 0.25 --inrfit "$INRFIT" \
    --fit-args "--width 16 --layers 2" >cmp.out 2>&1 || fail "compare --holdout: $(tail -3 cmp.out)"
python3 -c 'import csv,math,sys; r=list(csv.DictReader(open(sys.argv[1])))
assert len(r) == 1 and math.isfinite(float(r[0]["heldout_psnr"])), r' cmp/results.csv \
    || fail "compare CSV: $(cat cmp/results.csv 2>&1)"
grep -q "held-out PSNR dB" cmp/summary.md || fail "compare table: $(cat cmp/summary.md 2>&1)"
grep -q "held-out [0-9.]* dB" cmp.out || fail "compare's case line: $(cat cmp.out)"

# A resumed fit keeps its split: the checkpoint records the fraction, so
# 30 + 30 steps are the 60 of h1 (its held-out points never trained on),
# `info` shows it, and another --holdout on a resume is refused.
"$INRFIT" fit camera_128.png "${grid[@]/60/30}" --holdout 0.25 -o r >/dev/null 2>&1 || fail "30 steps: exit $?"
"$INRFIT" info r.inr | grep -q "^held out    0.25 of the points" || fail "info: $("$INRFIT" info r.inr)"
[ "$("$INRFIT" info r.inr --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["holdout"])')" = 0.25 ] ||
    fail "info --json: no holdout 0.25"
"$INRFIT" fit camera_128.png "${grid[@]}" --resume r.inr -o r2 >r2.json 2>r2.err || fail "resume: $(cat r2.err)"
python3 - h1.json r2.json <<'PY' || fail "resumed split"
import json, sys
h1, r2 = (json.load(open(p)) for p in sys.argv[1:])
assert r2["holdout"] == 0.25, r2["holdout"]
assert r2["quality"]["heldout_psnr"] == h1["quality"]["heldout_psnr"], (r2["quality"], h1["quality"])
PY
"$INRFIT" fit camera_128.png "${grid[@]}" --resume r.inr --holdout 0.25 -o r3 >/dev/null 2>&1 ||
    fail "resume with the same --holdout: exit $?"
expect_error 2 "--resume: --holdout 0.1 contradicts 'r.inr', which was fitted holding out 0.25" \
    "resume with another --holdout" -- "$INRFIT" fit camera_128.png "${grid[@]}" --resume r.inr --holdout 0.1 -o r4
expect_error 2 "--resume: --holdout 0.2 contradicts 'h0.inr', which was fitted holding out 0 " \
    "a fit on every point resumed with --holdout" -- \
    "$INRFIT" fit camera_128.png "${grid[@]/60/90}" --resume h0.inr --holdout 0.2 -o r5

write_pattern_png tiny.png
python3 -c 'import struct,zlib,sys
raw=b"\0\x80"
ch=lambda t,d: struct.pack(">I",len(d))+t+d+struct.pack(">I",zlib.crc32(t+d))
open("one.png","wb").write(b"\x89PNG\r\n\x1a\n"+ch(b"IHDR",struct.pack(">IIBBBBB",1,1,8,0,0,0,0))+ch(b"IDAT",zlib.compress(raw))+ch(b"IEND",b""))'
expect_error 2 "--holdout: .*1" "--holdout 1" -- "$INRFIT" fit tiny.png --holdout 1 -q
expect_error 2 "--holdout: " "--holdout -0.1" -- "$INRFIT" fit tiny.png --holdout -0.1 -q
expect_error 1 "none is left to measure" "one pixel, nothing held out" -- \
    "$INRFIT" fit one.png --holdout 0.01 --steps 2 -q

[ "$fails" -eq 0 ] && echo ok || { echo "$fails failure(s)"; exit 1; }
