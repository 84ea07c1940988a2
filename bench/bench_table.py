#!/usr/bin/env python3
"""bench_table.py DIR: the side-by-side table of make bench (bench/run_bench.sh)
from its inrfit runs (NAME.txt, "key value" lines) and PyTorch runs
(NAME.json): seconds per step (medians), PSNR after the run, and how many
times faster inrfit is than each peer; then the renders (render-P.jsonl,
three `inrfit render --profile --json` runs, against render_torch.py)."""
import json
import os
import statistics
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


RENDER_ROWS = [  # inrfit precision, peer run, what the peer is
    ("fp32", "render-eager", "PyTorch eager fp32"),
    ("fp32", "render-compile", "torch.compile fp32"),
    ("bf16", "render-autocast-bf16", "PyTorch autocast-bf16"),
    ("bf16", "render-compile-bf16", "torch.compile + autocast-bf16"),
]


def render_seconds(d, precision):
    """Median seconds of the evaluation phase of inrfit's renders (None if absent)."""
    try:
        runs = [json.loads(line) for line in open(os.path.join(d, "render-%s.jsonl" % precision))
                if line.strip()]
    except (OSError, ValueError):
        return None, None
    secs = [next(r["seconds"] for r in j["profile"]["phases"] if r["name"] == "evaluation")
            for j in runs]
    return (statistics.median(secs), runs[0]["width"]) if secs else (None, None)


def render_table(d):
    lines = []
    for precision, peer, what in RENDER_ROWS:
        so, size = render_seconds(d, precision)
        p = theirs(d, peer)
        if so is None or not p:
            continue
        sp = p["sec_median"]
        lines.append("| render %dx%d %s | %.3f | %s %s | %.3f | %.2fx |" % (
            size, size, precision, so, what, p.get("torch", ""), sp, sp / so))
    if lines:
        print()
        print("| inrfit | s (evaluation) | peer | s | inrfit faster |")
        print("|---|---:|---|---:|---:|")
        print("\n".join(lines))


main()
render_table(sys.argv[1])
