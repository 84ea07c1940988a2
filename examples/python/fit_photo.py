#!/usr/bin/env python3
"""fit_photo.py [PHOTO] [STEPS] - fits a SIREN to a photo with the inrfit
package, renders it at twice the size, and plots the PSNR curve (PSNR on
[0, 1] from each step's training loss) with matplotlib when it is there.

    pip install ./python        # from the repository root
    python3 examples/python/fit_photo.py assets/camera_128.png 300
"""
import math
import os
import sys

import numpy as np

import inrfit

here = os.path.dirname(os.path.abspath(__file__))
photo = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "assets", "camera_128.png")
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 300

sig = inrfit.load(photo)
m = inrfit.fit(sig, model="siren", steps=steps, width=128, layers=3)
print(m, inrfit.metrics(m, sig))
x2 = m.render(scale=2)                          # 2H x 2W x C, float32 in about [0, 1]
np.save("fit_photo_x2.npy", x2)
m.save("fit_photo.inr")                         # `inrfit render fit_photo.inr -o x.png` reads it

# The training loss is the MSE on [-1, 1]: PSNR on [0, 1] = 10 log10(4 / loss).
psnr = [10 * math.log10(4 / loss) for loss in m.losses]
try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    print("fit_photo: no matplotlib, so no plot; final training PSNR %.2f dB" % psnr[-1])
else:
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4))
    a.plot(range(1, len(psnr) + 1), psnr)
    a.set_xlabel("step")
    a.set_ylabel("PSNR (dB)")
    a.set_title("training PSNR")
    b.imshow(np.clip(x2.squeeze(), 0, 1), cmap="gray" if x2.shape[2] == 1 else None)
    b.set_title("rendered at 2x")
    b.axis("off")
    fig.tight_layout()
    fig.savefig("fit_photo_psnr.png", dpi=100)
    print("fit_photo: wrote fit_photo_psnr.png, fit_photo_x2.npy and fit_photo.inr")
