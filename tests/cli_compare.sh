#!/usr/bin/env bash
# scripts/compare on a tiny run (two small images, siren and ffn, 30 steps,
# small widths, inits default and winner): the CSV and the Markdown tables
# hold the numbers of the per-case reports and logs, winner on ffn is listed
# as unsupported, plots are PNGs; a rerun runs nothing, a removed case is run
# again alone; --list-cases / --run-case split the work; --time stops a fit
# by its time budget and keeps its result.
set -u
INRFIT=${INRFIT:-build/inrfit}
COMPARE="$PWD/scripts/compare"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails+1)); }

python3 - <<'PY'
import math, struct, zlib
def png(path, w, h, c, f):
    raw = b"".join(b"\0" + bytes(int(255 * min(1, max(0, f(x, y, k)))) for x in range(w) for k in range(c))
                   for y in range(h))
    ch = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + ch(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, {1: 0, 3: 2}[c], 0, 0, 0))
                           + ch(b"IDAT", zlib.compress(raw)) + ch(b"IEND", b""))
png("rings.png", 24, 24, 1, lambda x, y, k: 0.5 + 0.5 * math.cos(0.08 * ((x - 12) ** 2 + (y - 12) ** 2)))
png("stripes.png", 28, 20, 3, lambda x, y, k: 0.5 + 0.4 * math.sin(0.5 * x + 0.3 * y + k))
PY
mkdir signals && mv rings.png stripes.png signals/
opts=(signals --models siren,ffn --inits default,winner --steps 30 --inrfit "$INRFIT"
      --fit-args "--width 16 --layers 2 --mapping 16")

# An unknown model is refused before any case runs, with the valid names.
"$COMPARE" signals --models siren,foo --inrfit "$INRFIT" -o refused >refused.txt 2>&1
rc=$?
[ "$rc" -eq 2 ] || fail "--models siren,foo: exit $rc, expected 2"
grep -q "^compare: --models: unknown model 'foo' (expected siren, .*hcinr)" refused.txt ||
    fail "--models siren,foo: $(cat refused.txt)"
[ -e refused ] && fail "--models siren,foo created its output folder"

"$COMPARE" "${opts[@]}" -o out -j 2 >run1.txt 2>&1 || fail "first run: exit $?: $(cat run1.txt)"
grep -q "8 cases, 0 done, 8 to run" run1.txt || fail "first run: $(head -1 run1.txt)"
for f in out/results.csv out/summary.md out/psnr_vs_step_image_siren.png out/psnr_vs_step_image_ffn.png \
         out/psnr_by_signal_image.png; do
    [ -s "$f" ] || fail "missing $f"
done
for f in out/*.png; do
    [ "$(head -c 8 "$f" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$f is not a PNG"
done
# Each case says when it starts; a model with more parameters than its
# signal has values is marked as memorised in every output.
[ "$(grep -o 'started [a-z]*-' run1.txt | wc -l)" -eq 8 ] || fail "per-case start lines: $(cat run1.txt)"
grep -q "rings-ffn-default-s0: ok PSNR .* (memorised)" run1.txt || fail "progress line lost the memorisation: $(grep rings-ffn-default run1.txt)"
python3 - <<'PY' || fail "memorised flag in results.csv / summary.md"
import csv, json
rows = {r["id"]: r for r in csv.DictReader(open("out/results.csv"))}
assert rows["rings-ffn-default-s0"]["memorised"] == "True", rows["rings-ffn-default-s0"]
assert rows["rings-siren-default-s0"]["memorised"] == "False", rows["rings-siren-default-s0"]
md = open("out/summary.md").read()
line = [l for l in md.splitlines() if l.startswith("| rings | ffn | default |")][0]
assert "(memorised)" in line, line
assert "(memorised): the model holds more parameters" in md
PY
# No audio in the run: no audio plots (images and audio are never mixed).
ls out/*audio* >/dev/null 2>&1 && fail "audio plots for an image-only run: $(ls out/*audio*)"

# The CSV, the tables and the per-case files agree.
python3 - <<'PY' || fail "tables do not match the per-case reports and logs"
import csv, json, math, os, re, sys
bad = []
rows = list(csv.DictReader(open("out/results.csv")))
if len(rows) != 8: bad.append("%d CSV rows, expected 8" % len(rows))
ok = [r for r in rows if r["status"] == "ok"]
unsup = sorted(r["id"] for r in rows if r["status"] == "unsupported")
if unsup != ["rings-ffn-winner-s0", "stripes-ffn-winner-s0"]: bad.append("unsupported: %s" % unsup)
if len(ok) != 6: bad.append("%d ok cases" % len(ok))
psnr = {}
for r in ok:
    d = os.path.join("out", "cases", r["id"])
    report = json.loads(open(os.path.join(d, "stdout.txt")).read())   # inrfit fit --json
    p, s = report["quality"]["psnr"], report["quality"]["ssim"]
    if len(r["psnr"].split(".")[-1]) < 6: bad.append("%s: PSNR %s is rounded" % (r["id"], r["psnr"]))
    last = list(csv.DictReader(open(os.path.join(d, "log.csv"))))[-1]
    if float(r["psnr"]) != p or float(r["ssim"]) != s: bad.append("%s: CSV %s/%s, report %s/%s" % (r["id"], r["psnr"], r["ssim"], p, s))
    if int(last["step"]) != 30 or float(r["final_train_psnr"]) != float(last["psnr"]): bad.append("%s: log end %s" % (r["id"], last))
    if int(r["steps_done"]) != 30: bad.append("%s: steps_done %s" % (r["id"], r["steps_done"]))
    psnr.setdefault((r["model"], r["init"]), []).append((r["signal"], p, s))
md = open("out/summary.md").read()
# One row per signal x model x init (one seed: the case's own figures), never
# a mean across signals.
for (model, init), v in psnr.items():
    for sig, p, s in v:
        row = re.search(r"^\| %s \| %s \| %s \| 1 \| ([0-9.]+) \| ([0-9.]+) \|" % (sig, model, init), md, re.M)
        if not row or abs(float(row.group(1)) - p) > 0.0051 or abs(float(row.group(2)) - s) > 0.000051:
            bad.append("per-signal row %s %s %s: %s, case %.2f / %.4f" % (sig, model, init, row.group(0) if row else "none", p, s))
if "## Audio" in md: bad.append("an audio section for an image-only run")
if re.search(r"over signals", md): bad.append("a mean over signals in the summary")
if "rings-ffn-winner-s0`: unsupported" not in md: bad.append("unsupported cases not listed")
# Paired against default, per signal (one seed: the difference of the two cases).
for sig in ("rings", "stripes"):
    d = [p for s_, p, _ in psnr[("siren", "winner")] if s_ == sig][0] - \
        [p for s_, p, _ in psnr[("siren", "default")] if s_ == sig][0]
    row = re.search(r"^\| %s \| siren \| winner \| 1 \| (-?[0-9.]+) \| (\d) / (\d) \|$" % sig, md, re.M)
    if not row or abs(float(row.group(1)) - d) > 0.0051 or (int(row.group(2)), int(row.group(3))) != (int(d > 0), int(d < 0)):
        bad.append("paired difference %s: %s, expected %.2f" % (sig, row.group(0) if row else "no row", d))
if "## Image: each init against default, per signal" not in md: bad.append("no paired section")
print("\n".join(bad) or "tables match %d cases" % len(ok))
sys.exit(1 if bad else 0)
PY

# A rerun runs nothing and leaves the cases' files alone.
stamp() { find out/cases -type f -printf '%p %T@\n' | sort; }
stamp >before.txt
"$COMPARE" "${opts[@]}" -o out >run2.txt 2>&1 || fail "rerun: exit $?"
grep -q "8 cases, 8 done, 0 to run" run2.txt || fail "rerun: $(head -1 run2.txt)"
stamp >after.txt
cmp -s before.txt after.txt || fail "rerun touched case files: $(diff before.txt after.txt | head -5)"
rm -rf out/cases/stripes-siren-default-s0
"$COMPARE" "${opts[@]}" -o out >run3.txt 2>&1 || fail "after removing a case: exit $?"
grep -q "8 cases, 7 done, 1 to run" run3.txt && grep -q "stripes-siren-default-s0: ok" run3.txt \
    || fail "a removed case is not run again alone: $(cat run3.txt)"

# Cluster style: list, run one by index, then the rest.
"$COMPARE" "${opts[@]}" -o out2 --list-cases >list.txt || fail "--list-cases: exit $?"
[ "$(wc -l <list.txt)" -eq 8 ] && [ "$(head -1 list.txt)" = "0 rings-siren-default-s0" ] || fail "list: $(head -2 list.txt)"
"$COMPARE" "${opts[@]}" -o out2 --run-case 2 >one.txt 2>&1 || fail "--run-case 2: exit $?: $(cat one.txt)"
[ "$(ls out2/cases)" = "$(sed -n 3p list.txt | cut -d' ' -f2)" ] || fail "--run-case 2 ran: $(ls out2/cases)"
"$COMPARE" "${opts[@]}" -o out2 --run-case 2 | grep -q "done already" || fail "--run-case twice reran"
"$COMPARE" "${opts[@]}" -o out2 --report >rep.txt 2>&1 || fail "--report: exit $?"
grep -q "8 cases: 1 ok, 0 failed, 0 unsupported, 7 not run yet" out2/summary.md || fail "partial report: $(sed -n 3p out2/summary.md)"

# A time budget: the fit is stopped by SIGINT and its result kept. The
# budget ends after the fit's 5th step (compare's test hook), not after 2 s,
# so a fast or a busy machine gets the same run.
COMPARE_TEST_BUDGET_STEPS=5 "$COMPARE" signals/rings.png -o out3 --time 2 --inrfit "$INRFIT" \
    --fit-args "--width 16 --layers 2" >t.txt 2>&1 || fail "--time: exit $?: $(cat t.txt)"
python3 - <<'PY' || fail "--time: $(cat out3/results.csv)"
import csv, json; r = list(csv.DictReader(open("out3/results.csv")))[0]
res = json.load(open("out3/cases/rings-siren-default-s0/result.json"))
print("time budget:", r["status"], r["steps_done"], "steps")
assert r["status"] == "ok" and int(r["steps_done"]) >= 5 and float(r["psnr"]) > 0
assert float(r["time_budget"]) == 2 and res["returncode"] == 130, res["returncode"]
PY

# Ctrl-C: exit 130 with one summary line; the finished cases are kept and a
# rerun continues. (Started from Python with SIGINT at its default: a
# background job of a script would ignore it.) The signal comes once the
# first case has started, whenever that is.
python3 - "$COMPARE" "$INRFIT" <<'PY' || fail "Ctrl-C"
import signal, subprocess, sys
cmd = [sys.argv[1], "signals", "-o", "out4", "--models", "siren", "--seeds", "0,1,2,3,4,5",
       "--steps", "200000", "-j", "1", "--inrfit", sys.argv[2], "--fit-args", "--width 16 --layers 2"]
p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                     preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
for line in p.stdout:
    if line.startswith("  started "):
        break
p.send_signal(signal.SIGINT)
out, err = p.communicate(timeout=120)
lines = err.strip().splitlines()
print("Ctrl-C: exit %d, %r" % (p.returncode, lines[-1] if lines else ""))
ok = p.returncode == 130 and len(lines) == 1 and lines[0].startswith("compare: interrupted: ") \
     and "of 12 cases done" in lines[0]
sys.exit(0 if ok else 1)
PY

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "ok"
