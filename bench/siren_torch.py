#!/usr/bin/env python3
"""PyTorch peer of inrfit: fit a SIREN (METHODS 2.1) or a Fourier-feature MLP (METHODS 2.2)
to an image, full batch, and report seconds per step and PSNR (METHODS 4).

Needs only torch and numpy (PNG decoding is done by bench/pngread.py).

Examples (from the repository root):
    python3 bench/siren_torch.py --steps 200 --eval-at 50,100,200 --seed 0
    python3 bench/siren_torch.py --model ffn --steps 100 --json
    python3 bench/siren_torch.py --device cuda --image tests/data/images/camera.png

On --device cuda the steps after the warm-up are timed as one block between
two torch.cuda.synchronize() calls (the mean, as inrfit's bench_gpu), and
PSNR is evaluated only after the last step.
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

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_IMAGE = os.path.join(REPO, "tests", "data", "images", "camera_256.png")


# ---------------------------------------------------------------- data
def load_image(path):
    """Returns (H, W, C, coords[N,2], targets[N,C] in [-1,1], pixels[N,C] uint8-as-float)."""
    h, w, c, data = read_png(path)
    pix = np.frombuffer(data, dtype=np.uint8).reshape(h * w, c)
    if c in (2, 4):          # drop alpha
        pix = pix[:, :c - 1]
        c -= 1
    pix = np.ascontiguousarray(pix)
    # METHODS 1: linspace(-1,1) per axis, first coordinate the row (y), second the column (x),
    # row-major (x fastest).
    ys = torch.linspace(-1.0, 1.0, h, dtype=torch.float32)
    xs = torch.linspace(-1.0, 1.0, w, dtype=torch.float32)
    gy, gx = torch.meshgrid(ys, xs, indexing="ij")
    coords = torch.stack([gy.reshape(-1), gx.reshape(-1)], dim=1).contiguous()
    p = torch.from_numpy(pix.astype(np.float32))
    targets = (2.0 * p / 255.0 - 1.0).contiguous()   # v = 2*p/maxval - 1
    return h, w, c, coords, targets, p


# ---------------------------------------------------------------- models
class Siren(torch.nn.Module):
    """2 -> width x n_sine sine layers -> C linear (METHODS 2.1)."""

    def __init__(self, in_dim, out_dim, width, n_sine, w0, w0_first):
        super().__init__()
        self.w0 = w0
        self.w0_first = w0_first
        dims = [in_dim] + [width] * n_sine
        self.sines = torch.nn.ModuleList(
            [torch.nn.Linear(dims[i], dims[i + 1]) for i in range(n_sine)])
        self.out = torch.nn.Linear(width, out_dim)
        with torch.no_grad():
            for i, lin in enumerate(list(self.sines) + [self.out]):
                fan_in = lin.in_features
                if i == 0:
                    bound = 1.0 / in_dim                       # W0 ~ U(-1/d, 1/d)
                else:
                    bound = math.sqrt(6.0 / fan_in) / w0       # later W, output included
                lin.weight.uniform_(-bound, bound)
                bb = 1.0 / math.sqrt(fan_in)                   # biases ~ U(-1/sqrt(fan_in), .)
                lin.bias.uniform_(-bb, bb)

    def forward(self, x):
        h = x
        for i, lin in enumerate(self.sines):
            h = torch.sin((self.w0_first if i == 0 else self.w0) * lin(h))
        return self.out(h)


class FourierMLP(torch.nn.Module):
    """gamma(x) = [cos(2 pi B x), sin(2 pi B x)], B ~ N(0, sigma^2) (m x d, fixed),
    then n_relu ReLU layers of width and a linear output (METHODS 2.2). Default PyTorch
    init for the linear layers."""

    def __init__(self, in_dim, out_dim, width, n_relu, mapping, sigma):
        super().__init__()
        B = torch.randn(mapping, in_dim) * sigma
        self.register_buffer("B2pi", 2.0 * math.pi * B)
        dims = [2 * mapping] + [width] * n_relu
        layers = []
        for i in range(n_relu):
            layers += [torch.nn.Linear(dims[i], dims[i + 1]), torch.nn.ReLU()]
        layers.append(torch.nn.Linear(width, out_dim))
        self.mlp = torch.nn.Sequential(*layers)

    def forward(self, x):
        z = x @ self.B2pi.t()
        return self.mlp(torch.cat([torch.cos(z), torch.sin(z)], dim=1))


# ---------------------------------------------------------------- metrics
def metrics(pred, targets, pix):
    """pred, targets on [-1,1]; pix the original 8-bit values. Returns dict."""
    mse_pm1 = torch.mean((pred - targets) ** 2).item()
    mse01 = mse_pm1 / 4.0
    psnr = 10.0 * math.log10(1.0 / mse01) if mse01 > 0 else float("inf")
    q = torch.round(torch.clamp((pred + 1.0) * 0.5, 0.0, 1.0) * 255.0)
    mse_q = torch.mean(((q - pix) / 255.0) ** 2).item()
    psnr_q = 10.0 * math.log10(1.0 / mse_q) if mse_q > 0 else float("inf")
    return {"mse_pm1": mse_pm1, "psnr": psnr, "psnr_8bit": psnr_q}


# ---------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--image", default=DEFAULT_IMAGE)
    ap.add_argument("--model", choices=["siren", "ffn"], default="siren")
    ap.add_argument("--width", type=int, default=256)
    ap.add_argument("--layers", type=int, default=None,
                    help="SIREN: number of sine layers (default 4); "
                         "FFN: number of ReLU layers (default 3)")
    ap.add_argument("--w0", type=float, default=30.0)
    ap.add_argument("--w0-first", type=float, default=30.0)
    ap.add_argument("--sigma", type=float, default=10.0, help="FFN: std of B")
    ap.add_argument("--mapping", type=int, default=256, help="FFN: mapping size m")
    ap.add_argument("--lr", type=float, default=None,
                    help="Adam learning rate (default 1e-4 SIREN, 1e-3 FFN)")
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=2,
                    help="first steps excluded from timing")
    ap.add_argument("--eval-at", default="",
                    help="comma-separated step counts at which to report PSNR "
                         "(evaluation is not timed); the final step is always reported")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    ap.add_argument("--tf32", action="store_true",
                    help="cuda: allow TF32 tensor cores in float32 matmuls (default off)")
    ap.add_argument("--compile", action="store_true",
                    help="torch.compile the model (Inductor: fused elementwise passes)")
    ap.add_argument("--bf16", action="store_true",
                    help="cpu: products in bf16 under torch.autocast (fp32 master weights)")
    args = ap.parse_args()

    if args.layers is None:
        args.layers = 4 if args.model == "siren" else 3
    if args.lr is None:
        args.lr = 1e-4 if args.model == "siren" else 1e-3
    torch.set_num_threads(args.threads)
    torch.set_default_dtype(torch.float32)

    if args.device == "cuda" and not torch.cuda.is_available():
        sys.exit("siren_torch: --device cuda but torch sees no GPU")
    torch.backends.cuda.matmul.allow_tf32 = args.tf32
    dev = torch.device(args.device)
    h, w, c, coords, targets, pix = load_image(args.image)
    coords, targets, pix = coords.to(dev), targets.to(dev), pix.to(dev)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    if args.model == "siren":
        model = Siren(2, c, args.width, args.layers, args.w0, args.w0_first)
    else:
        model = FourierMLP(2, c, args.width, args.layers, args.mapping, args.sigma)
    model = model.to(dev)
    nparams = sum(p.numel() for p in model.parameters())
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.999), eps=1e-8)

    eval_at = sorted({int(s) for s in args.eval_at.split(",") if s.strip()} | {args.steps})
    evals = []

    def evaluate(step):
        with torch.no_grad():
            m = metrics(model(coords), targets, pix)
        m["step"] = step
        evals.append(m)
        if not args.json:
            print("step %5d  mse_pm1 %.6g  PSNR %.3f dB  PSNR(8-bit) %.3f dB"
                  % (step, m["mse_pm1"], m["psnr"], m["psnr_8bit"]), flush=True)

    times = []
    last_loss = float("nan")

    def train_step():
        opt.zero_grad(set_to_none=True)
        loss = torch.mean((model(coords) - targets) ** 2)
        loss.backward()
        opt.step()
        return loss

    forward = torch.compile(model) if args.compile else model

    if args.device == "cpu":
        for step in range(1, args.steps + 1):
            if step == args.warmup + 1:
                cpu0 = time.process_time()
            t0 = time.perf_counter()
            opt.zero_grad(set_to_none=True)
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
                pred = forward(coords)
            loss = torch.mean((pred.float() - targets) ** 2)
            loss.backward()
            opt.step()
            t1 = time.perf_counter()
            last_loss = loss.item()   # loss of the forward pass before this update
            if step > args.warmup:
                times.append(t1 - t0)
                cpu1 = time.process_time()
            if step in eval_at:
                evaluate(step)
    else:
        for step in range(1, min(args.warmup, args.steps) + 1):
            loss = train_step()
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        for step in range(args.warmup + 1, args.steps + 1):
            loss = train_step()
        torch.cuda.synchronize()
        timed = args.steps - args.warmup
        if timed > 0:
            times = [(time.perf_counter() - t0) / timed] * timed
        last_loss = loss.item()
        evaluate(args.steps)

    res = {
        "torch": torch.__version__,
        "device": torch.cuda.get_device_name(0) if args.device == "cuda" else "cpu",
        "tf32": args.tf32,
        "compile": args.compile,
        "bf16": args.bf16,
        "python": sys.version.split()[0],
        "threads": torch.get_num_threads(),
        "image": os.path.relpath(args.image, REPO),
        "H": h, "W": w, "C": c,
        "model": args.model, "width": args.width, "layers": args.layers,
        "w0": args.w0, "w0_first": args.w0_first,
        "sigma": args.sigma if args.model == "ffn" else None,
        "lr": args.lr, "steps": args.steps, "seed": args.seed, "warmup": args.warmup,
        "params": nparams,
        "timed_steps": len(times),
        "sec_per_step_median": statistics.median(times) if times else None,
        "sec_per_step_mean": statistics.mean(times) if times else None,
        "cpu_sec_per_step": (cpu1 - cpu0) / len(times)
        if args.device == "cpu" and times else None,
        "final_loss": last_loss,
        "final_psnr": evals[-1]["psnr"],
        "final_psnr_8bit": evals[-1]["psnr_8bit"],
        "evals": evals,
    }
    if args.json:
        print(json.dumps(res))
    else:
        print("torch %s (python %s), threads %d" % (res["torch"], res["python"], res["threads"]))
        print("%s %dx%dx%d, model %s width %d layers %d, %d params, lr %g, seed %d"
              % (res["image"], w, h, c, args.model, args.width, args.layers, nparams,
                 args.lr, args.seed))
        if times:
            print("sec/step: median %.4f  mean %.4f  (%d timed steps, %d warm-up)"
                  % (res["sec_per_step_median"], res["sec_per_step_mean"], len(times),
                     args.warmup))
        print("final loss (last training step, mse on [-1,1]) %.6g" % last_loss)
        print("final PSNR %.3f dB, 8-bit PSNR %.3f dB after %d steps"
              % (res["final_psnr"], res["final_psnr_8bit"], args.steps))


if __name__ == "__main__":
    main()
