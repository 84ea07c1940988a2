#!/usr/bin/env python3
"""python_vs_torch.py - one run comparing the same SIREN fit (camera_256,
256 x 4 sine layers, w0 30, Adam 1e-4, full batch, 300 steps, CPU) from
Python through the inrfit package, through the CLI (`inrfit fit --json`),
and in PyTorch eager and torch.compile (bench/siren_torch.py). Prints a
table of seconds per step (median after the warm-up steps) and PSNR, the
ratios to inrfit from Python, and writes bench/results/python_vs_torch.json.

    make && build/pyenv/bin/pip install ./python    # the package (or: make test)
    build/pyenv/bin/python bench/python_vs_torch.py --torch-python /opt/torchenv/bin/python

Run it on an otherwise idle machine: it is a timing. --steps 20 for a
quick check that everything runs.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import inrfit

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def python_fit(image, steps, threads, warmup):
    sig = inrfit.load(image)
    stamps = []
    t0 = time.perf_counter()

    def cb(step, total, loss):
        stamps.append(time.perf_counter())

    m = inrfit.fit(sig, model="siren", steps=steps, threads=threads, progress=False, callback=cb)
    total = time.perf_counter() - t0
    per_step = [b - a for a, b in zip(stamps[warmup:], stamps[warmup + 1:])]
    return {"sec_per_step_median": statistics.median(per_step), "seconds": total,
            "final_psnr": inrfit.metrics(m, sig)["psnr"]}


def cli_fit(cli, image, steps, threads, out):
    r = subprocess.run([cli, "fit", image, "--steps", str(steps), "--threads", str(threads),
                        "--json", "-q", "-o", out], stdout=subprocess.PIPE, check=True, text=True)
    j = json.loads(r.stdout)
    return {"sec_per_step_median": j["seconds_per_step"], "seconds": j["seconds"],
            "final_psnr": j["quality"]["psnr"]}


def torch_fit(py, image, steps, threads, compile_):
    cmd = [py, os.path.join(REPO, "bench", "siren_torch.py"), "--image", image, "--steps",
           str(steps), "--threads", str(threads), "--json"] + (["--compile"] if compile_ else [])
    r = subprocess.run(cmd, stdout=subprocess.PIPE, check=True, text=True)
    j = json.loads(r.stdout.strip().splitlines()[-1])
    return {"sec_per_step_median": j["sec_per_step_median"], "final_psnr": j["final_psnr"],
            "torch": j["torch"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--image", default=os.path.join(REPO, "tests", "data", "images", "camera_256.png"))
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--cli", default=os.path.join(REPO, "build", "inrfit"))
    ap.add_argument("--torch-python", default=sys.executable,
                    help="a Python with torch for bench/siren_torch.py (default: this one)")
    ap.add_argument("--no-torch", action="store_true")
    ap.add_argument("--out", default=os.path.join(REPO, "bench", "results", "python_vs_torch.json"))
    args = ap.parse_args()

    runs = {"inrfit (Python)": python_fit(args.image, args.steps, args.threads, args.warmup)}
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    runs["inrfit (CLI)"] = cli_fit(args.cli, args.image, args.steps, args.threads,
                                   os.path.join(os.path.dirname(args.out), "python_vs_torch_cli"))
    if not args.no_torch:
        runs["PyTorch eager"] = torch_fit(args.torch_python, args.image, args.steps, args.threads, False)
        runs["torch.compile"] = torch_fit(args.torch_python, args.image, args.steps, args.threads, True)
    base = runs["inrfit (Python)"]["sec_per_step_median"]
    print("SIREN 256x4, %s, %d steps, %d threads" % (os.path.relpath(args.image, REPO), args.steps,
                                                     args.threads))
    print("%-18s %12s %10s %16s" % ("", "ms/step", "PSNR dB", "x inrfit(Python)"))
    for name, r in runs.items():
        r["ratio_to_python"] = r["sec_per_step_median"] / base
        print("%-18s %12.2f %10.2f %16.2f" % (name, 1e3 * r["sec_per_step_median"], r["final_psnr"],
                                              r["ratio_to_python"]))
    with open(args.out, "w") as f:
        json.dump({"image": args.image, "steps": args.steps, "threads": args.threads, "runs": runs}, f,
                  indent=1)
    print("wrote %s" % os.path.relpath(args.out, REPO))


if __name__ == "__main__":
    main()
