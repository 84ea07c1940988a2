#!/usr/bin/env python3
"""Summarise JSON lines written by siren_torch.py --json: PSNR per eval step over seeds
(mean, min, max) and seconds per step.  Usage: ref_summary.py run1.json run2.json ..."""
import json
import statistics
import sys

runs = []
for path in sys.argv[1:]:
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                runs.append(json.loads(line))
if not runs:
    sys.exit("no runs")

by_step = {}
for r in runs:
    print("torch %-14s seed %d: %s | s/step median %.3f mean %.3f (%d timed) | final loss %.6g"
          % (r["torch"], r["seed"],
             "  ".join("@%d %.3f/%.3f" % (e["step"], e["psnr"], e["psnr_8bit"])
                       for e in r["evals"]),
             r["sec_per_step_median"] or 0, r["sec_per_step_mean"] or 0,
             r["timed_steps"], r["final_loss"]))
    for e in r["evals"]:
        by_step.setdefault(e["step"], []).append(e)

print("\nstep | n | PSNR mean [min, max] | 8-bit PSNR mean [min, max]")
for step in sorted(by_step):
    es = by_step[step]
    p = [e["psnr"] for e in es]
    q = [e["psnr_8bit"] for e in es]
    print("%4d | %d | %.3f [%.3f, %.3f] | %.3f [%.3f, %.3f]"
          % (step, len(es), statistics.mean(p), min(p), max(p),
             statistics.mean(q), min(q), max(q)))
