"""The tables of bench/five_models.sh from its --json files.

    python3 bench/five_models_table.py RESULTS_DIR STEPS AUDIO_STEPS

Images: PSNR (dB); sounds: SNR (dB). Equal steps: all points / held out
(--holdout 0.2). Equal time: held out, after the steps NSTR's budget buys
each model (in brackets).
"""
import glob
import json
import os
import sys

MODELS = ["siren", "ffn", "hashgrid", "nstr", "hcinr"]
SIGNALS = ["camera", "astronaut", "coffee", "gravel", "cymbal", "bach1s"]
AUDIO = {"cymbal", "bach1s"}


def quality(j, sig, held):
    q = j["quality"]
    key = ("heldout_" if held else "") + ("snr" if sig in AUDIO else "psnr")
    return q.get(key)


def main():
    out, steps, audio_steps = sys.argv[1], sys.argv[2], sys.argv[3]
    runs = {}
    for f in glob.glob(os.path.join(out, "*.json")):
        parts = os.path.basename(f)[:-5].split("_")
        runs[tuple(parts)] = json.load(open(f))
    fmt = lambda v: "" if v is None else "%.2f" % v  # noqa: E731

    print("Equal steps (images %s, sounds %s): all points / held out" % (steps, audio_steps))
    print("| model | " + " | ".join(SIGNALS) + " |")
    print("|---|" + "---:|" * len(SIGNALS))
    for m in MODELS:
        cells = []
        for s in SIGNALS:
            a = runs.get(("steps", s, m, "h0"))
            h = runs.get(("steps", s, m, "h0.2"))
            cells.append("%s / %s" % (fmt(a and quality(a, s, 0)), fmt(h and quality(h, s, 1))))
        print("| %s | %s |" % (m, " | ".join(cells)))

    print()
    print("Parameters (photo RGB / grey camera / sound):")
    for m in MODELS:
        p = [runs.get(("steps", s, m, "h0"), {}).get("parameters") for s in ("coffee", "camera", "cymbal")]
        print("- %s: %s" % (m, " / ".join(str(v) for v in p)))

    print()
    print("Equal time (NSTR's %s steps' worth at each model's rate): held out [steps]" % steps)
    print("| model | " + " | ".join(SIGNALS) + " |")
    print("|---|" + "---:|" * len(SIGNALS))
    for m in MODELS:
        cells = []
        for s in SIGNALS:
            hit = [(k, j) for k, j in runs.items() if k[:3] == ("time", s, m)]
            if not hit:
                cells.append("")
                continue
            k, j = hit[0]
            cells.append("%s [%s]" % (fmt(quality(j, s, 1)), k[3][1:]))
        print("| %s | %s |" % (m, " | ".join(cells)))


if __name__ == "__main__":
    main()
