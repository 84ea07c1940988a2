"""inrfit: fit implicit neural representations to images and sounds on the CPU.

A Python face of libinr, the library behind the ``inrfit`` command: numpy
arrays in and out, the same models (SIREN, Fourier features, hash grid,
NSTR, HC-INR), the same checkpoints (a model saved here renders with
``inrfit render`` and the other way round) and the same speed, since every
step runs in libinr with the GIL released.

    >>> import inrfit
    >>> m = inrfit.fit("photo.png", model="siren", steps=500, width=128)
    >>> x2 = m.render(scale=2)               # H*2 x W*2 x C float32
    >>> inrfit.metrics(m, "photo.png")       # {"psnr": ..., "psnr_8bit": ..., "ssim": ...}
    >>> m.save("photo.inr")

Errors are exceptions carrying libinr's one-line reason: ValueError for bad
options or arrays, OSError for files, RuntimeError for a fit that diverged,
MemoryError when out of memory. Ctrl-C during a fit raises KeyboardInterrupt
after the step it arrived in; the model keeps the steps done.
"""
import math
import os
import sys
import time

import numpy as np

from . import _inrfit

__all__ = ["Signal", "Model", "load", "fit", "load_model", "grid", "metrics", "centroid",
           "spectrum", "KINDS"]
__version__ = "0.10.0"

KINDS = _inrfit.kinds()   # from libinr's kind table: ("siren", "ffn", ...)

_MAX_POINTS = 1 << 31


# ---- signals ----------------------------------------------------------------

class Signal:
    """An image or a sound to fit, held by libinr.

    Make one with :func:`load` (a file), :meth:`Signal.from_array` (an
    image array) or :meth:`Signal.from_audio` (samples). Properties: ``kind``
    ("image" or "audio"), ``dims`` (2 or 1), ``channels``, ``height``,
    ``width`` (audio: frames), ``sample_rate`` (audio), ``shape`` (the
    array's: H x W x C or frames x C); ``values()`` gives the values back.
    """

    __slots__ = ("_c",)

    def __init__(self, c):
        if not isinstance(c, _inrfit.CSignal):
            raise TypeError("make a Signal with inrfit.load, Signal.from_array or Signal.from_audio")
        self._c = c

    @classmethod
    def load(cls, path):
        """A PNG, JPEG (EXIF orientation applied) or any sound libsndfile reads."""
        return cls(_inrfit.load_signal(os.fspath(path)))

    @classmethod
    def from_array(cls, a, bit_depth=None):
        """An image: H x W or H x W x C (C 1..4), uint8, uint16 or float in [0, 1].

        uint8 values are divided by 255, uint16 by 65535; a float32 array in
        C order is read without a copy. ``bit_depth`` (8 or 16: how
        ``inrfit render`` writes a PNG of the model) defaults to 16 for
        uint16, else 8.
        """
        a = _as_array(a, "image")
        if a.ndim not in (2, 3):
            raise ValueError("an image array is H x W or H x W x C, this one has %d dimensions"
                             % a.ndim)
        if a.dtype == np.uint8:
            bits, v = 8, a.astype(np.float32) / np.float32(255)
        elif a.dtype == np.uint16:
            bits, v = 16, a.astype(np.float32) / np.float32(65535)
        elif a.dtype.kind == "f":
            bits, v = 8, np.ascontiguousarray(a, dtype=np.float32)
        else:
            raise ValueError("image arrays are uint8, uint16 or float in [0, 1], not %s" % a.dtype)
        if bit_depth is not None:
            bits = int(bit_depth)
        h, w = v.shape[:2]
        c = v.shape[2] if v.ndim == 3 else 1
        if c < 1 or c > 4:
            raise ValueError("an image has 1 to 4 channels, this array has %d" % c)
        return cls(_inrfit.signal_new(v, 2, c, h, w, 0, bits))

    @classmethod
    def from_audio(cls, x, rate=44100):
        """A sound: frames or frames x channels (1..64), float (any scale; int16 is
        divided by 32768), at ``rate`` samples per second."""
        x = _as_array(x, "sound")
        if x.ndim not in (1, 2):
            raise ValueError("a sound array is frames or frames x channels, this one has %d "
                             "dimensions" % x.ndim)
        if x.dtype == np.int16:
            v = x.astype(np.float32) / np.float32(32768)
        elif x.dtype.kind == "f":
            v = np.ascontiguousarray(x, dtype=np.float32)
        else:
            raise ValueError("sound arrays are float (or int16), not %s" % x.dtype)
        rate = _integer(rate, "rate")
        if rate <= 0:
            raise ValueError("rate must be > 0, not %d" % rate)
        c = v.shape[1] if v.ndim == 2 else 1
        return cls(_inrfit.signal_new(v, 1, c, 1, v.shape[0], rate))

    @property
    def dims(self):
        return self._c.shape()[0]

    @property
    def channels(self):
        return self._c.shape()[1]

    @property
    def height(self):
        return self._c.shape()[2]

    @property
    def width(self):
        return self._c.shape()[3]

    @property
    def sample_rate(self):
        return self._c.shape()[4]

    @property
    def kind(self):
        return "image" if self.dims == 2 else "audio"

    @property
    def shape(self):
        d, c, h, w, _ = self._c.shape()
        return (h, w, c) if d == 2 else (w, c)

    def values(self):
        """The values as read or given: H x W x C in [0, 1], or frames x C."""
        out = np.empty(self.shape, dtype=np.float32)
        self._c.values_into(out)
        return out

    def __repr__(self):
        if self.dims == 2:
            return "<inrfit.Signal image %dx%d, %d channel(s)>" % (self.width, self.height,
                                                                    self.channels)
        return "<inrfit.Signal audio %d frames, %d channel(s), %d Hz>" % (
            self.width, self.channels, self.sample_rate)


def _as_array(a, what):
    try:
        a = np.asarray(a)
    except Exception as e:  # ragged lists and the like
        raise ValueError("not an array of numbers: %s" % e) from None
    if a.dtype.kind not in "uif":
        raise ValueError("%s arrays hold numbers, not %s" % (what, a.dtype))
    if a.size == 0:
        raise ValueError("the %s array is empty (shape %s)" % (what, a.shape))
    if a.ndim > 3:
        raise ValueError("the %s array has %d dimensions; at most 3" % (what, a.ndim))
    if a.dtype.kind == "f" and not np.isfinite(a).all():
        raise ValueError("the %s array holds NaN or infinite values" % what)
    return a


def _integer(v, name):
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
        if isinstance(v, float) and v.is_integer():
            return int(v)
        raise ValueError("%s must be an integer, not %r" % (name, v))
    return int(v)


def load(path):
    """The signal in a file: PNG, JPEG or any sound libsndfile reads (as the CLI)."""
    return Signal.load(path)


def _signal(x):
    """A Signal from a Signal, a path or an image array."""
    if isinstance(x, Signal):
        return x
    if isinstance(x, (str, bytes, os.PathLike)):
        return Signal.load(x)
    return Signal.from_array(x)


# ---- models -----------------------------------------------------------------

def _option_text(v):
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        return repr(float(v))
    if isinstance(v, str):
        return v
    raise ValueError("option values are numbers or strings, not %r" % (v,))


def _parse_value(text):
    for conv in (int, float):
        try:
            return conv(text)
        except ValueError:
            pass
    return text


class _Progress:
    """A tqdm bar when tqdm is there and asked for, else one line on stderr
    (redrawn on a terminal, written once at the end otherwise)."""

    def __init__(self, steps, show, label):
        self.bar = None
        self.show = show and steps > 0
        self.start = time.perf_counter()
        self.last_draw = 0.0
        self.label = label
        self.tty = False
        if not self.show:
            return
        try:
            from tqdm.auto import tqdm
        except ImportError:
            tqdm = None
        if tqdm is not None:
            # Made here, before the fit, so that tqdm's monitor thread does
            # not inherit the signal mask libinr sets while it computes.
            self.bar = tqdm(total=steps, desc=label, unit="step", leave=True)
        else:
            self.tty = sys.stderr.isatty()

    def update(self, step, steps, loss):
        if not self.show:
            return
        if self.bar is not None:
            self.bar.update(step - self.bar.n)
            if step == steps or step % 10 == 0:
                self.bar.set_postfix(loss="%.3g" % loss, refresh=False)
            return
        now = time.perf_counter()
        if self.tty and (now - self.last_draw > 0.1 or step == steps):
            self.last_draw = now
            sys.stderr.write("\r%s %d/%d steps, loss %.4g, %.1f s " % (
                self.label, step, steps, loss, now - self.start))
            sys.stderr.flush()
        self.step, self.steps, self.loss = step, steps, loss

    def close(self):
        if not self.show:
            return
        if self.bar is not None:
            self.bar.close()
            return
        step = getattr(self, "step", 0)
        line = "%s %d/%d steps, loss %.4g, %.1f s" % (
            self.label, step, getattr(self, "steps", 0), getattr(self, "loss", float("nan")),
            time.perf_counter() - self.start)
        sys.stderr.write(("\r" + line + "\n") if self.tty else (line + "\n"))
        sys.stderr.flush()


class Model:
    """A fitted (or to be fitted) implicit neural representation.

    Made by :func:`fit`, :func:`load_model` or ``Model(kind, signal,
    **options)``. ``fit`` continues it, ``eval`` evaluates it at any
    coordinates, ``render`` on a grid, ``save`` writes the .inr checkpoint
    the CLI reads. ``losses`` lists the training loss of every step fitted
    in this process (mean squared error on [-1, 1]).
    """

    def __init__(self, kind="siren", signal=None, **options):
        if isinstance(kind, _inrfit.CModel):
            self._c = kind
        else:
            if signal is None:
                raise ValueError("a new model needs the signal it will fit (its shape)")
            if kind not in KINDS:
                raise ValueError("unknown model %r (expected %s)" % (kind, ", ".join(KINDS)))
            self._c = _inrfit.model_new(kind, _signal(signal)._c)
            for name, value in options.items():
                self.set(name, value)
        self.losses = []

    def set(self, name, value):
        """Sets an option by name (as ``inrfit fit --NAME``) before the first fit:
        the kind's hyper-parameters (width, layers, w0, ...), lr, batch, seed,
        init, fresh, precision; threads at any time."""
        self._c.set(str(name), _option_text(value))
        return self

    def fit(self, signal, steps=1000, progress=True, callback=None):
        """``steps`` more Adam steps on ``signal`` (a Signal, path or image array).

        A model loaded with its optimizer state continues that fit exactly,
        as ``inrfit fit --resume`` does. ``callback(step, steps, loss)`` runs
        after every step (step counts from 1 in this call); returning False
        stops the fit there. With ``progress`` a tqdm bar (when tqdm is
        installed) or one line on stderr shows it. Ctrl-C raises
        KeyboardInterrupt after the step it arrived in; the model keeps the
        steps done. A loss that turns NaN restores the parameters of the
        call's start and raises RuntimeError. Returns the model.
        """
        sig = _signal(signal)
        steps = _integer(steps, "steps")
        if steps < 0:
            raise ValueError("steps must be >= 0, not %d" % steps)
        if callback is not None and not callable(callback):
            raise TypeError("callback must be callable")
        bar = _Progress(steps, progress, "inrfit %s" % self.kind)
        losses = self.losses

        def on_step(step, total, loss):
            losses.append(loss)
            bar.update(step, total, loss)
            if callback is not None:
                return callback(step, total, loss)
            return None

        try:
            self._c.fit(sig._c, steps, on_step)
        finally:
            bar.close()
        return self

    # -- evaluation --

    @property
    def dims(self):
        return self._c.shape()[0]

    @property
    def channels(self):
        return self._c.shape()[1]

    @property
    def fitted_shape(self):
        """The shape of the signal it was fitted to: (H, W, C) or (frames, C)."""
        d, c, h, w, _ = self._c.shape()
        return (h, w, c) if d == 2 else (w, c)

    @property
    def sample_rate(self):
        return self._c.shape()[4]

    def eval(self, coords):
        """The model at ``coords`` ((N, dims) on [-1, 1]; images (row, column)):
        an (N, channels) float32 array in the signal's units (images 0..1,
        not clamped; audio samples). float32 C-order coordinates are read
        without a copy."""
        x = np.asarray(coords)
        if x.dtype.kind not in "uif":
            raise ValueError("coordinates are numbers, not %s" % x.dtype)
        d = self.dims
        if x.ndim == 1 and d == 1:
            x = x.reshape(-1, 1)
        if x.ndim != 2 or x.shape[1] != d:
            raise ValueError("coordinates must be (N, %d), not %s" % (d, x.shape))
        x = np.ascontiguousarray(x, dtype=np.float32)
        out = np.empty((x.shape[0], self.channels), dtype=np.float32)
        if x.shape[0]:
            self._c.eval_into(x, out)
        return out

    def render(self, size=None, scale=None, rate=None, seconds=None):
        """The model on a grid, as ``inrfit render`` evaluates it.

        Images: H x W x C at the fitted size, ``size=(height, width)`` or
        ``scale`` times the fitted size. Audio: frames x C at the fitted rate
        and length, or at ``rate`` Hz for ``seconds`` (the time grid keeps
        the fitted signal's: a point keeps its time)."""
        d, c, h, w, fitted_rate = self._c.shape()
        if d == 2:
            if rate is not None or seconds is not None:
                raise ValueError("rate/seconds apply to audio models, this one is an image")
            if size is not None:
                if scale is not None:
                    raise ValueError("give size or scale, not both")
                try:
                    h, w = (_integer(v, "size") for v in size)
                except TypeError:
                    raise ValueError("size is (height, width), not %r" % (size,)) from None
            elif scale is not None:
                scale = float(scale)
                if not (1e-4 <= scale <= 1e4):
                    raise ValueError("scale %g is not in [1e-4, 1e4]" % scale)
                w, h = _round(w * scale), _round(h * scale)
            if h < 1 or w < 1 or w > _MAX_POINTS // h:
                raise ValueError("render size %dx%d is empty or larger than %d points"
                                 % (w, h, _MAX_POINTS))
            return self.eval(grid((h, w))).reshape(h, w, c)
        if size is not None or scale is not None:
            raise ValueError("size/scale apply to image models, this one is audio")
        duration = w / fitted_rate
        out_rate = _round(float(rate)) if rate is not None else fitted_rate
        secs = float(seconds) if seconds is not None else duration
        if out_rate < 1 or not (secs > 0):
            raise ValueError("rate and seconds must be > 0")
        n = _round(secs * out_rate)
        if n < 1 or n > _MAX_POINTS:
            raise ValueError("render length %d frames is empty or larger than %d" % (n, _MAX_POINTS))
        x_end = -1.0 + 2.0 * secs / duration
        return self.eval(_linspace(-1.0, x_end, n).reshape(-1, 1))

    # -- what it is --

    @property
    def kind(self):
        """"siren", "ffn", "hashgrid", "nstr" or "hcinr"."""
        return self._c.kind()

    @property
    def steps(self):
        """Training steps done (across fits and checkpoints)."""
        return self._c.steps()

    @property
    def parameters(self):
        """Floats the model stores (frozen ones, e.g. FFN's B, included)."""
        return self._c.parameters()

    @property
    def config(self):
        """The configuration and what it was fitted to, as a dict (the keys of
        ``inrfit export``'s metadata: model, the kind's hyper-parameters,
        precision, init, seed, lr, batch, signal, channels, ..., steps)."""
        out = {}
        for line in self._c.config().splitlines():
            k, _, v = line.partition("=")
            out[k] = v if k in ("model", "precision", "init", "signal", "fresh_param") \
                else _parse_value(v)
        return out

    def state_dict(self):
        """The parameters by the checkpoint's names (W0, b0, ..., hash0, ...):
        float32 arrays (copies), weights (out, in) as in PyTorch."""
        return {name: np.frombuffer(data, dtype=np.float32).reshape(shape).copy()
                for name, shape, data in self._c.tensors()}

    def save(self, path, optimizer_state=True):
        """Writes the .inr checkpoint ``inrfit`` reads (atomically); with the
        optimizer state a later fit (here or ``inrfit fit --resume``)
        continues exactly."""
        self._c.save(os.fspath(path), bool(optimizer_state))

    def export(self, path):
        """Writes the weights as .safetensors (as ``inrfit export``)."""
        self._c.export(os.fspath(path))

    def to_torch(self):
        """A torch.nn.Module equal to :meth:`eval` (siren, ffn, hashgrid):
        ``module(coords)`` maps (N, dims) coordinates to (N, C) values in the
        signal's units. Needs torch."""
        from ._torch import to_torch
        return to_torch(self)

    def __repr__(self):
        return "<inrfit.Model %s, %d parameters, %d steps, fitted to %s>" % (
            self.kind, self.parameters, self.steps, "x".join(map(str, self.fitted_shape)))


def _round(x):
    """C's lround: halves away from zero."""
    return int(math.floor(abs(x) + 0.5)) * (1 if x >= 0 else -1)


def _linspace(lo, hi, n):
    """libinr's linspace, value for value: lo + (hi - lo) k / (n - 1) in double."""
    if n == 1:
        return np.array([lo], dtype=np.float32)
    k = np.arange(n, dtype=np.float64)
    return (lo + (hi - lo) * k / float(n - 1)).astype(np.float32)


def fit(signal, model="siren", steps=1000, init="default", fresh=False, precision="fp32", seed=0,
        threads=None, device="auto", progress=True, callback=None, **hparams):
    """Fits a new model to ``signal`` (a Signal, a path, or an image array).

    model: "siren", "ffn", "hashgrid", "nstr" or "hcinr". init: "default" or
    "winner" (WINNER's noise from the signal's spectral centroid, SIREN).
    fresh: FreSh chooses the kind's embedding hyper-parameter first.
    precision: "fp32", "bf16" or "auto" (as ``inrfit fit --precision``).
    threads: None for all cores. device: "auto" or "cpu" (libinr fits on the
    CPU; the CLI's ``--device cuda`` runs the GPU). hparams: the CLI's model
    options by name (width=128, layers=3, w0=30, lr=1e-4, batch=0, ...).
    progress and callback as in :meth:`Model.fit`.

    Returns the Model. On KeyboardInterrupt the model fitted so far is the
    exception's ``model`` attribute.
    """
    if device not in ("auto", "cpu"):
        raise ValueError("device %r: the library fits on the CPU ('auto' or 'cpu'); "
                         "`inrfit fit --device cuda` runs the GPU" % (device,))
    if model not in KINDS:
        raise ValueError("unknown model %r (expected %s)" % (model, ", ".join(KINDS)))
    sig = _signal(signal)
    m = Model(model, sig)
    m.set("seed", _integer(seed, "seed"))
    if threads is not None:
        m.set("threads", _integer(threads, "threads"))
    if init != "default":
        m.set("init", init)
    if fresh:
        m.set("fresh", 1)
    if precision != "fp32":
        m.set("precision", precision)
    for name, value in hparams.items():
        m.set(name, value)
    try:
        m.fit(sig, steps, progress=progress, callback=callback)
    except KeyboardInterrupt as e:
        e.model = m
        raise
    return m


def load_model(path):
    """A model from an .inr checkpoint (written here or by ``inrfit fit``)."""
    return Model(_inrfit.load_model(os.fspath(path)))


def grid(shape):
    """The coordinates ``render`` evaluates: for (height, width) an
    (height*width, 2) float32 array of (row, column) on linspace(-1, 1) per
    axis, rows first; for (n,) or n an (n, 1) array."""
    if isinstance(shape, (int, np.integer)):
        shape = (int(shape),)
    shape = tuple(_integer(v, "shape") for v in shape)
    if len(shape) == 1:
        n = shape[0]
        if n < 1:
            raise ValueError("a grid of %d points" % n)
        return _linspace(-1.0, 1.0, n).reshape(-1, 1)
    if len(shape) != 2:
        raise ValueError("grid shapes are (height, width) or (n,), not %r" % (shape,))
    h, w = shape
    if h < 1 or w < 1 or w > _MAX_POINTS // h:
        raise ValueError("a %dx%d grid is empty or larger than %d points" % (w, h, _MAX_POINTS))
    out = np.empty((h * w, 2), dtype=np.float32)
    _inrfit.grid_into(2, h, w, out)
    return out


def metrics(model, signal):
    """The model's quality on ``signal`` (a Signal, path or image array), as
    ``inrfit fit`` reports it: images {"psnr", "psnr_8bit", "ssim"} (PSNR on
    [0, 1]), audio {"snr", "psnr"} (PSNR peak-normalised)."""
    psnr, psnr8, ssim, snr = model._c.quality(_signal(signal)._c)
    if model.dims == 2:
        return {"psnr": psnr, "psnr_8bit": psnr8, "ssim": ssim}
    return {"snr": snr, "psnr": psnr}


def centroid(a):
    """WINNER's spectral centroid of a signal (a Signal, path or image array),
    in cycles per sample of the flattened training values (docs/METHODS.md 3.1)."""
    return _signal(a)._c.winner()[0]


def winner_scales(a):
    """WINNER's figures for a signal: {"centroid", "z", "s0", "s1"}."""
    c, z, s0, s1 = _signal(a)._c.winner()
    return {"centroid": c, "z": z, "s0": s0, "s1": s1}


def spectrum(a, bins=64):
    """FreSh's spectrum of a signal (a Signal, path or image array): ``bins``
    float64 values (docs/METHODS.md 3.2: images resized to S x S and binned
    by radius, audio in equal bands up to Nyquist)."""
    bins = _integer(bins, "bins")
    if not 1 <= bins <= 4096:
        raise ValueError("bins must be in [1, 4096], not %d" % bins)
    out = np.empty(bins, dtype=np.float64)
    _signal(a)._c.spectrum_into(out)
    return out
