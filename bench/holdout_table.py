"""The table of bench/nstr_photos.sh and bench/nstr_sounds.sh from their
--json files, named SIGNAL_VARIANT_hHOLDOUT.json (h0: all points, h0.2:
held out).

    python3 bench/holdout_table.py RESULTS_DIR image|sound
"""
import glob
import json
import os
import sys


def main():
    out, kind = sys.argv[1], sys.argv[2]
    key, signal, points = ("psnr", "image", "pixels") if kind == "image" else ("snr", "sound", "samples")
    rows = {}
    for f in glob.glob(os.path.join(out, "*.json")):
        sig, name, hold = os.path.basename(f)[:-5].rsplit("_", 2)
        j = json.load(open(f))
        q = j["quality"]
        rows.setdefault((sig, name), {})[hold] = (j["parameters"], q[key], q.get("heldout_" + key))
    label = key.upper()
    print("| %s | model | parameters | %s, all %s | held-out %s (0.2) |" % (signal, label, points, label))
    print("|---|---|---:|---:|---:|")
    for (sig, name), r in sorted(rows.items()):
        p = r.get("h0", r.get("h0.2"))[0]
        a = "%.2f" % r["h0"][1] if "h0" in r else ""
        h = "%.2f" % r["h0.2"][2] if "h0.2" in r and r["h0.2"][2] is not None else ""
        print("| %s | %s | %d | %s | %s |" % (sig, name, p, a, h))


if __name__ == "__main__":
    main()
