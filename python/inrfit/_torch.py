"""Model.to_torch(): a torch.nn.Module that computes what libinr's eval does,
for SIREN, Fourier-feature MLPs and hash grids (docs/CHECKPOINT.md gives
the tensors and the network; inr/hashgrid.c the grid's arithmetic). The
parameters are trainable torch Parameters (FFN's B a buffer); the output is
in the signal's units (value_scale and value_offset applied)."""
import math

import numpy as np

PI_HASH = (1, 2654435761, 805459861)


def _mlp_layers(sd, first):
    """The dense layers W{first}.., in order, as (W, b) numpy pairs."""
    out, k = [], first
    while "W%d" % k in sd:
        out.append((sd["W%d" % k], sd["b%d" % k]))
        k += 1
    return out


def to_torch(model):
    import torch

    cfg, sd = model.config, model.state_dict()
    kind = model.kind
    scale, offset = float(cfg["value_scale"]), float(cfg["value_offset"])

    class _Linear(torch.nn.Module):
        def __init__(self, W, b):
            super().__init__()
            self.weight = torch.nn.Parameter(torch.from_numpy(W.copy()))
            self.bias = torch.nn.Parameter(torch.from_numpy(b.copy()))

        def forward(self, x):
            return torch.nn.functional.linear(x, self.weight, self.bias)

    class Siren(torch.nn.Module):
        """sin(w0 (x W^T + b)) layers (w0_first in the first), a linear output."""

        def __init__(self):
            super().__init__()
            self.layers = torch.nn.ModuleList(_Linear(W, b) for W, b in _mlp_layers(sd, 0))
            self.w0, self.w0_first = float(cfg["w0"]), float(cfg["w0_first"])

        def forward(self, x):
            for i, layer in enumerate(self.layers[:-1]):
                x = torch.sin((self.w0_first if i == 0 else self.w0) * layer(x))
            return self.layers[-1](x) * scale + offset

    class FFN(torch.nn.Module):
        """[cos 2 pi x B^T, sin 2 pi x B^T], ReLU layers, a linear output."""

        def __init__(self):
            super().__init__()
            self.register_buffer("B", torch.from_numpy(sd["B"].copy()))
            self.layers = torch.nn.ModuleList(_Linear(W, b) for W, b in _mlp_layers(sd, 1))

        def forward(self, x):
            a = 6.2831853071795864769 * (x @ self.B.T)
            x = torch.cat([torch.cos(a), torch.sin(a)], dim=-1)
            for layer in self.layers[:-1]:
                x = torch.relu(layer(x))
            return self.layers[-1](x) * scale + offset

    class HashGrid(torch.nn.Module):
        """Multiresolution grid (dense levels where res^d fits in T, else
        XOR-hashed), d-linear interpolation, ReLU layers, a linear output."""

        def __init__(self):
            super().__init__()
            L, d = int(cfg["levels"]), int(cfg["in_dim"])
            T = 1 << int(cfg["log2_table"])
            base = np.float32(cfg["base_res"])
            if float(cfg["max_res"]) > 0:
                growth = np.float32(math.exp((math.log(float(np.float32(cfg["max_res"]))) -
                                              math.log(float(base))) / (L - 1))) if L > 1 \
                    else np.float32(1)
            else:
                growth = np.float32(cfg["growth"])
            self.d, self.T = d, T
            self.scales, self.res, self.hashed = [], [], []
            tables = []
            for l in range(L):
                s = float(base) * math.pow(float(growth), l) - 1.0
                res = int(math.ceil(s - 1e-4)) + 1
                hashed = res ** d > T
                table = sd["hash%d" % l]
                if table.shape[0] != (T if hashed else res ** d):
                    raise RuntimeError("to_torch: level %d has %d rows, expected %d"
                                       % (l, table.shape[0], T if hashed else res ** d))
                self.scales.append(float(np.float32(s)))
                self.res.append(res)
                self.hashed.append(hashed)
                tables.append(torch.nn.Parameter(torch.from_numpy(table.copy())))
            self.tables = torch.nn.ParameterList(tables)
            self.layers = torch.nn.ModuleList(_Linear(W, b) for W, b in _mlp_layers(sd, 1))

        def encode(self, x):
            feats = []
            for l, table in enumerate(self.tables):
                s, res, hashed = self.scales[l], self.res[l], self.hashed[l]
                p = ((x + 1.0) * 0.5 * s).clamp(0.0, s)
                k = torch.floor(p).clamp(max=res - 2)
                frac = p - k
                k = k.to(torch.int64)
                acc = 0
                for corner in range(1 << self.d):
                    row = torch.zeros(x.shape[0], dtype=torch.int64, device=x.device)
                    w = torch.ones(x.shape[0], dtype=x.dtype, device=x.device)
                    stride = 1
                    for i in range(self.d):
                        up = (corner >> i) & 1
                        ki = k[:, i] + up
                        if hashed:
                            row = row ^ ((ki * PI_HASH[i]) & 0xFFFFFFFF)
                        else:
                            row = row + ki * stride
                            stride *= res
                        w = w * (frac[:, i] if up else 1.0 - frac[:, i])
                    if hashed:
                        row = row & (self.T - 1)
                    acc = acc + w[:, None] * table[row]
                feats.append(acc)
            return torch.cat(feats, dim=-1)

        def forward(self, x):
            x = self.encode(x)
            for layer in self.layers[:-1]:
                x = torch.relu(layer(x))
            return self.layers[-1](x) * scale + offset

    makers = {"siren": Siren, "ffn": FFN, "hashgrid": HashGrid}
    if kind not in makers:
        raise ValueError("to_torch: %s models are not converted (siren, ffn and hashgrid are)"
                         % kind)
    return makers[kind]()
