#!/usr/bin/env python3
"""bench_table.py DIR: the side-by-side table of make bench (bench/run_bench.sh)
from its inrfit runs (NAME.txt, "key value" lines) and PyTorch runs
(NAME.json): seconds per step (medians), PSNR after the run, and how many
times faster inrfit is than each peer."""
import json
import os
import sys

ROWS = [  # inrfit run, peer run, what the peer is
    ("siren-fp32", "siren-eager", "PyTorch eager fp32"),
    ("siren-fp32", "siren-compile", "torch.compile fp32"),
    ("siren-bf16", "siren-autocast-bf16", "PyTorch autocast-bf16"),
    ("siren-bf16", "siren-compile-bf16", "torch.compile + autocast-bf16"),
    ("hashgrid-fp32", "hashgrid-eager", "PyTorch hash grid eager"),
    ("hashgrid-fp32", "hashgrid-compile", "PyTorch hash grid torch.compile"),
]


def ours(d, name):
    try:
        return dict(line.strip().split(None, 1) for line in open(os.path.join(d, name + ".txt"))
                    if line.strip() and not line.startswith("#"))
    except OSError:
        return None


def theirs(d, name):
    try:
        return json.load(open(os.path.join(d, name + ".json")))
    except (OSError, ValueError):
        return None


def main():
    d = sys.argv[1]
    print()
    print("| inrfit | s/step | PSNR dB | peer | s/step | PSNR dB | inrfit faster |")
    print("|---|---:|---:|---|---:|---:|---:|")
    for mine, peer, what in ROWS:
        o, p = ours(d, mine), theirs(d, peer)
        if not o or not p or not p.get("sec_per_step_median"):
            continue
        so, sp = float(o["sec_per_step_median"]), p["sec_per_step_median"]
        print("| %s | %.4f | %.2f | %s %s | %.4f | %.2f | %.2fx |" % (
            mine, so, float(o["psnr_after_steps"]), what, p.get("torch", ""), sp,
            p.get("final_psnr", float("nan")), sp / so))
    o = ours(d, "siren-fp32")
    if o:
        peak = max(float(o["sgemm_peak_2048"]), float(o["sgemm_peak_chunks"]))
        print("\nSIREN fp32 runs at %s GFLOP/s, %.0f%% of the sgemm peak measured in this run "
              "(%s GFLOP/s 2048^3, %s chunk-shaped)." % (
                  o["gflops_achieved"], 100 * float(o["gflops_achieved"]) / peak,
                  o["sgemm_peak_2048"], o["sgemm_peak_chunks"]))


main()
