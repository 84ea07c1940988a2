"""siren_numpy.py MODEL.safetensors RENDER.npy [TOL] - evaluates an exported
SIREN in numpy (float64) exactly as inr/model.c does and compares it with
`inrfit render -o RENDER.npy` of the same model: the render's grid
(linspace(-1, 1, n) per axis, rows first, as float32), y = sin(w0 (x W^T + b))
per sine layer (w0_first in the first), a linear output layer, then
value * value_scale + value_offset. Prints the largest difference and
exits 1 when it is above TOL (1e-5)."""
import sys

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file

model, render = sys.argv[1], sys.argv[2]
tol = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-5
with safe_open(model, framework="np") as f:
    meta = f.metadata()
tensors = load_file(model)
assert meta["format"] == "inrfit" and meta["model"] == "siren", meta
# Only SIREN's own fields, and the coordinate convention.
assert not {"sigma", "mapping", "lambda", "log2_table", "bases", "latent_res", "grid_init"} & set(meta), meta
assert meta["coordinates"].startswith("linspace(-1,1)"), meta
layers, w0, w0_first = int(meta["layers"]), float(meta["w0"]), float(meta["w0_first"])
assert sorted(tensors) == sorted([f"{p}{k}" for k in range(layers + 1) for p in "Wb"]), list(tensors)
assert all(t.dtype == np.float32 for t in tensors.values())

want = np.load(render)
if meta["signal"] == "image":
    h, w, c = want.shape
    ys = np.linspace(-1, 1, h).astype(np.float32)
    xs = np.linspace(-1, 1, w).astype(np.float32)
    x = np.stack(np.meshgrid(ys, xs, indexing="ij"), -1).reshape(-1, 2).astype(np.float64)
else:
    n, c = want.shape
    x = np.linspace(-1, 1, n).astype(np.float32).reshape(-1, 1).astype(np.float64)
for k in range(layers):
    W, b = tensors[f"W{k}"].astype(np.float64), tensors[f"b{k}"].astype(np.float64)
    x = np.sin((w0_first if k == 0 else w0) * (x @ W.T + b))
y = x @ tensors[f"W{layers}"].astype(np.float64).T + tensors[f"b{layers}"]
y = y * float(meta["value_scale"]) + float(meta["value_offset"])
diff = np.abs(y.reshape(want.shape) - want).max()
print(f"siren_numpy: {want.shape} values, largest difference from inrfit render {diff:.3g} "
      f"(tolerance {tol:g})")
sys.exit(0 if diff <= tol else 1)
