#!/usr/bin/env python3
"""PyTorch peer of inrfit's hash grid (docs/METHODS.md §2.3): a plain
multiresolution hash encoding (dense levels where res^2 fits in T, else
XOR-hashed with pi = 1, 2654435761), bilinear interpolation, a ReLU MLP,
Adam (1e-2, 0.9, 0.99, 1e-15), fitted to an image full batch; reports
seconds per step (median after a warm-up) and PSNR as JSON, like
siren_torch.py. Written for the benchmark, in PyTorch's ordinary ops (no
custom kernels), eager or under torch.compile.

    python3 bench/hashgrid_torch.py --image tests/data/images/camera_256.png --steps 12 --json
"""
import argparse
import json
import math
import os
import statistics
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pngread import read_png  # noqa: E402

PI1 = 2654435761


class HashGrid(torch.nn.Module):
    def __init__(self, levels=16, features=2, log2_table=15, base_res=16.0, growth=1.5,
                 width=64, layers=2, out=1):
        super().__init__()
        self.T = 1 << log2_table
        self.scales, self.res, self.dense, tables = [], [], [], []
        for l in range(levels):
            s = base_res * growth ** l - 1.0
            r = int(math.ceil(s)) + 1
            dense = r * r <= self.T
            rows = r * r if dense else self.T
            self.scales.append(s)
            self.res.append(r)
            self.dense.append(dense)
            tables.append(torch.nn.Parameter(torch.empty(rows, features).uniform_(-1e-4, 1e-4)))
        self.tables = torch.nn.ParameterList(tables)
        mlp, n = [], levels * features
        for _ in range(layers):
            mlp += [torch.nn.Linear(n, width), torch.nn.ReLU()]
            n = width
        mlp.append(torch.nn.Linear(n, out))
        self.mlp = torch.nn.Sequential(*mlp)

    def index(self, l, ix, iy):
        if self.dense[l]:
            return iy * self.res[l] + ix
        return (ix ^ (iy * PI1)) % self.T

    def forward(self, x):
        feats = []
        for l, table in enumerate(self.tables):
            s = self.scales[l]
            pos = ((x + 1) * 0.5 * s).clamp(0, s)
            p0 = torch.floor(pos)
            w = pos - p0
            i0 = p0.long()
            i1 = torch.clamp(i0 + 1, max=self.res[l] - 1)
            # coordinates: (row, column) -> grid axes (x_0 = row, x_1 = column)
            a, b = i0[:, 0], i0[:, 1]
            c, d = i1[:, 0], i1[:, 1]
            wa, wb = w[:, 0:1], w[:, 1:2]
            f = (table[self.index(l, a, b)] * (1 - wa) * (1 - wb)
                 + table[self.index(l, c, b)] * wa * (1 - wb)
                 + table[self.index(l, a, d)] * (1 - wa) * wb
                 + table[self.index(l, c, d)] * wa * wb)
            feats.append(f)
        return self.mlp(torch.cat(feats, dim=1))


def load_image(path):
    h, w, c, data = read_png(path)
    pix = np.frombuffer(data, dtype=np.uint8).reshape(h * w, c)[:, :1 if c < 3 else 3]
    ys, xs = np.meshgrid(np.linspace(-1, 1, h), np.linspace(-1, 1, w), indexing="ij")
    coords = np.stack([ys.ravel(), xs.ravel()], 1).astype(np.float32)
    targets = pix.astype(np.float32) / 127.5 - 1.0
    return torch.from_numpy(coords), torch.from_numpy(targets)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--image", required=True)
    ap.add_argument("--steps", type=int, default=12)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--compile", action="store_true", help="torch.compile the model")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    coords, targets = load_image(args.image)
    model = HashGrid(out=targets.shape[1])
    opt = torch.optim.Adam(model.parameters(), lr=1e-2, betas=(0.9, 0.99), eps=1e-15)
    forward = torch.compile(model) if args.compile else model
    times = []
    for k in range(args.steps):
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss = torch.mean((forward(coords) - targets) ** 2)
        loss.backward()
        opt.step()
        if k >= args.warmup:
            times.append(time.perf_counter() - t0)
    with torch.no_grad():
        mse = torch.mean((model(coords) - targets) ** 2).item()
    res = {"torch": torch.__version__, "model": "hashgrid", "compile": args.compile,
           "threads": args.threads, "steps": args.steps, "timed_steps": len(times),
           "sec_per_step_median": statistics.median(times) if times else None,
           "final_psnr": 10 * math.log10(4.0 / mse) if mse > 0 else float("inf")}
    print(json.dumps(res) if args.json else res)


main()
