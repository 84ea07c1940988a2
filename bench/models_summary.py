"""Tables for bench/REPORT_models.md from the runs of bench/models.sh.

For each signal: every model's trainable parameters, steps/s, quality after
the same number of steps (the final evaluation printed by `inrfit fit`), and
quality at the same wall-clock time T = the shortest run of that signal (the
last CSV row at or before T; the CSV holds the full-batch loss of each step
before its update). Images: PSNR on [0,1]; audio: SNR, derived from the
CSV's peak-normalised PSNR by the offset SNR - PSNR of the final evaluation.

    python3 bench/models_summary.py bench/results/models
"""
import csv
import os
import re
import sys

MODELS = ["siren", "ffn", "hashgrid", "nstr", "hcinr"]
SIGNALS = ["camera", "astronaut", "coffee", "cymbal"]


def final(path):
    text = open(path).read()
    get = lambda key: float(re.search(r"^%s\s+([-0-9.]+)" % key, text, re.M).group(1))
    steps = re.search(r"^steps\s+(\d+) in ([0-9.]+) s", text, re.M)
    params = int(re.search(r"^model\s+\S+, (\d+) parameters", text, re.M).group(1))
    r = {"params": params, "steps": int(steps.group(1)), "seconds": float(steps.group(2)),
         "psnr": get("PSNR")}
    if re.search(r"^SNR\s", text, re.M):
        r["snr"] = get("SNR")
    return r


def log(path):
    with open(path) as f:
        return [(int(r["step"]), float(r["psnr"]), float(r["seconds"])) for r in csv.DictReader(f)]


def main(out):
    for sig in SIGNALS:
        runs = {}
        for m in MODELS:
            base = os.path.join(out, "%s_%s" % (sig, m))
            if os.path.exists(base + ".txt") and os.path.exists(base + ".csv"):
                runs[m] = (final(base + ".txt"), log(base + ".csv"))
        if not runs:
            continue
        audio = sig == "cymbal"
        unit = "SNR dB" if audio else "PSNR dB"
        T = min(r[1][-1][2] for r in runs.values())
        steps = next(iter(runs.values()))[0]["steps"]
        print("\n### %s\n" % sig)
        print("| model | parameters | steps/s | %s after %d steps | %s at %.1f s (step) |"
              % (unit, steps, unit, T))
        print("|---|---:|---:|---:|---:|")
        for m in MODELS:
            if m not in runs:
                continue
            fin, rows = runs[m]
            q = fin["snr"] if audio else fin["psnr"]
            offset = fin["snr"] - fin["psnr"] if audio else 0.0
            at = [r for r in rows if r[2] <= T + 1e-9]
            step_t, psnr_t = (at[-1][0], at[-1][1] + offset) if at else (0, float("nan"))
            print("| %s | %d | %.2f | %.2f | %.2f (%d) |"
                  % (m, fin["params"], fin["steps"] / fin["seconds"], q, psnr_t, step_t))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench/results/models")
