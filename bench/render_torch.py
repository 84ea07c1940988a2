#!/usr/bin/env python3
"""PyTorch peer of `inrfit render`: evaluate a SIREN (METHODS 2.1, the init of
bench/siren_torch.py) on a --size x --size grid, inference only, in chunks of
--chunk points, and report the seconds of the evaluation (coordinates made
before the clock starts, as inrfit's profile counts them apart).

    python3 bench/render_torch.py --size 1024 --json
    python3 bench/render_torch.py --size 2048 --compile --bf16

--compile: torch.compile (Inductor); --bf16: torch.autocast bf16 products.
The median of --repeats renders after one warm-up render is reported.
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from siren_torch import Siren  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=1024)
    ap.add_argument("--width", type=int, default=256)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--channels", type=int, default=1)
    ap.add_argument("--chunk", type=int, default=65536)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--compile", action="store_true")
    ap.add_argument("--bf16", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    model = Siren(2, args.channels, args.width, args.layers, 30.0, 30.0).eval()
    forward = torch.compile(model) if args.compile else model
    lin = torch.linspace(-1.0, 1.0, args.size)
    gy, gx = torch.meshgrid(lin, lin, indexing="ij")
    coords = torch.stack([gy.reshape(-1), gx.reshape(-1)], dim=1).contiguous()
    out = torch.empty(coords.shape[0], args.channels)

    def render():
        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
            for i in range(0, coords.shape[0], args.chunk):
                out[i:i + args.chunk] = forward(coords[i:i + args.chunk]).float()

    render()   # warm-up (and compilation)
    times = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        render()
        times.append(time.perf_counter() - t0)
    res = {"torch": torch.__version__, "threads": torch.get_num_threads(), "size": args.size,
           "width": args.width, "layers": args.layers, "compile": args.compile, "bf16": args.bf16,
           "chunk": args.chunk, "repeats": args.repeats,
           "sec_median": statistics.median(times), "sec_min": min(times)}
    if args.json:
        print(json.dumps(res))
    else:
        print("render %dx%d SIREN %dx%d%s%s: %.3f s (median of %d)"
              % (args.size, args.size, args.width, args.layers, " compiled" if args.compile else "",
                 " bf16" if args.bf16 else "", res["sec_median"], args.repeats))


if __name__ == "__main__":
    main()
