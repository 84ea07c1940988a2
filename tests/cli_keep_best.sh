#!/usr/bin/env bash
# fit --keep-best (issue 15): with a learning rate so high that the loss
# ends worse than its best, the checkpoint and reconstruction hold the best
# logged step's parameters (their PSNR is that step's, not the last's), the
# checkpoint's step is the steps done before it, and it resumes.
set -u
INRFIT=${INRFIT:-build/inrfit}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fails=0
# shellcheck source=tests/lib_cli.sh
. "$(dirname "$0")/lib_cli.sh"
cd "$dir"
write_pattern_png img.png
fit=("$INRFIT" fit img.png --model siren --width 32 --layers 2 --lr 1 --steps 20 --threads 1 -q
     --json --log log.csv)

# check JSON KEEP: KEEP 1 wants the best logged PSNR, 0 the last step's weights.
check() {
    python3 - "$1" "$2" <<'PY'
import csv, json, sys
q = json.load(open(sys.argv[1]))['quality']['psnr']
rows = list(csv.DictReader(open('log.csv')))
best = max(rows, key=lambda r: float(r['psnr']))
last = float(rows[-1]['psnr'])
if float(best['psnr']) < last + 0.05: sys.exit('the loss did not end worse than its best: no test')
if sys.argv[2] == '1' and abs(q - float(best['psnr'])) > 1e-3:
    sys.exit(f'reconstruction {q:.4f} dB, best logged {best["psnr"]} (step {best["step"]}), last {last}')
if sys.argv[2] == '0' and abs(q - float(best['psnr'])) <= 1e-3:
    sys.exit(f'without --keep-best the reconstruction {q:.4f} dB is the best step\'s')
print(int(best['step']) - 1)
PY
}

if step=$("${fit[@]}" --keep-best -o kb >kb.json && check kb.json 1); then
    echo "ok   --keep-best writes the best step's parameters (after $step steps)"
    got=$("$INRFIT" info --json kb.inr | python3 -c 'import json,sys; print(json.load(sys.stdin)["step"])')
    if [ "$got" = "$step" ]; then echo "ok   the checkpoint says step $step"
    else echo "FAIL checkpoint step $got, expected $step"; fails=$((fails+1)); fi
    if "$INRFIT" fit img.png --resume kb.inr --steps $((step + 2)) -q -o kb2 >/dev/null; then
        echo "ok   the best checkpoint resumes"
    else echo "FAIL --resume of the best checkpoint"; fails=$((fails+1)); fi
else
    echo "FAIL --keep-best: $step"; fails=$((fails+1))
fi
if "${fit[@]}" -o last >last.json && check last.json 0 >/dev/null; then
    echo "ok   without --keep-best the last step's parameters are written"
else
    echo "FAIL without --keep-best"; fails=$((fails+1))
fi
exit $((fails > 0))
