"""The inrfit package (python/): fits from arrays and files, checkpoints shared
with the CLI, to_torch, errors, Ctrl-C, memory and threads. Run by `make
test` (tests/python_package.sh) in build/pyenv; INRFIT names the CLI."""
import os
import signal
import subprocess
import sys
import textwrap
import threading

import numpy as np
import pytest

import inrfit

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CAMERA = os.path.join(ROOT, "assets", "camera_128.png")
AUDIO = os.path.join(ROOT, "tests", "data", "audio", "gt_counting.wav")
CLI = os.environ.get("INRFIT", os.path.join(ROOT, "build", "inrfit"))
SMALL = dict(width=32, layers=2, threads=2, progress=False)


def small_fit(sig, steps=10, **kw):
    opts = dict(SMALL)
    opts.update(kw)
    return inrfit.fit(sig, steps=steps, **opts)


@pytest.fixture(scope="module")
def camera():
    return inrfit.load(CAMERA)


# ---- fitting ------------------------------------------------------------------

def test_fit_from_file(camera):
    assert camera.kind == "image" and camera.shape == (128, 128, 1)
    m = small_fit(CAMERA, steps=30)
    assert m.steps == 30 and m.kind == "siren" and len(m.losses) == 30
    assert m.losses[-1] < m.losses[0]
    q = inrfit.metrics(m, camera)
    assert set(q) == {"psnr", "psnr_8bit", "ssim"} and 5 < q["psnr"] < 60
    assert m.render().shape == (128, 128, 1) and m.render(scale=2).shape == (256, 256, 1)
    assert m.render(size=(10, 20)).shape == (10, 20, 1)


def test_fit_from_array_equals_file(camera):
    a = camera.values()
    u8 = np.round(a[..., 0] * 255).astype(np.uint8)   # H x W, as the PNG holds it
    m_file = small_fit(camera)
    m_u8 = small_fit(u8)
    m_f32 = small_fit(inrfit.Signal.from_array(a))
    ref = m_file.render()
    np.testing.assert_array_equal(m_u8.render(), ref)
    np.testing.assert_array_equal(m_f32.render(), ref)


def test_fit_rgb_and_uint16():
    rng = np.random.default_rng(1)
    rgb = rng.random((24, 32, 3))                       # float64
    m = small_fit(rgb, steps=3)
    assert m.render().shape == (24, 32, 3) and m.config["bit_depth"] == 8
    u16 = (rng.random((16, 16)) * 65535).astype(np.uint16)
    assert small_fit(u16, steps=2).config["bit_depth"] == 16


def test_fit_audio_from_file_and_array():
    sig = inrfit.load(AUDIO)
    assert sig.kind == "audio" and sig.sample_rate > 0
    m = small_fit(sig, steps=3, w0_first=3000)
    assert m.render().shape == sig.shape
    assert set(inrfit.metrics(m, sig)) == {"snr", "psnr"}
    half = m.render(rate=sig.sample_rate / 2)
    assert abs(half.shape[0] - sig.shape[0] / 2) <= 1
    x = np.sin(np.linspace(0, 200, 3000)).astype(np.float32)
    a = inrfit.Signal.from_audio(np.stack([x, 0.5 * x], 1), rate=8000)
    assert a.shape == (3000, 2) and a.sample_rate == 8000
    assert small_fit(a, steps=2).render(seconds=0.1).shape == (800, 2)


def test_continue_equals_one_fit(camera):
    one = small_fit(camera, steps=8)
    two = small_fit(camera, steps=5)
    two.fit(camera, 3, progress=False)
    assert two.steps == 8
    np.testing.assert_array_equal(two.render(), one.render())


def test_callback_and_stop(camera):
    seen = []

    def cb(step, steps, loss):
        seen.append((step, steps))
        return step < 4

    m = small_fit(camera, steps=50, callback=cb)
    assert m.steps == 4 and seen == [(1, 50), (2, 50), (3, 50), (4, 50)]


def test_progress_line_without_tqdm(camera, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    m = inrfit.Model("siren", camera, width=16, layers=1, threads=2)
    m.fit(camera, 3, progress=True)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "3/3 steps" in err


def test_options(camera):
    m = small_fit(camera, steps=2, init="winner", seed=3, lr=1e-3, w0=20)
    c = m.config
    assert c["init"] == "winner" and c["seed"] == 3 and c["w0"] == 20 and c["spectral_centroid"] > 0
    assert abs(c["lr"] - 1e-3) < 1e-9
    f = inrfit.fit(camera, model="ffn", steps=1, fresh=True, width=16, layers=1, mapping=16,
                   threads=2, progress=False)
    assert f.config["fresh_param"] == "sigma"


def test_kinds_from_the_library():
    assert inrfit.KINDS[:5] == ("siren", "ffn", "hashgrid", "nstr", "hcinr")
    with pytest.raises(ValueError, match="expected siren, ffn"):
        inrfit.fit(CAMERA, model="nerf", steps=1, progress=False)


def test_bf16_fit_close_to_fp32():
    """precision="bf16" trains the hidden products in bf16 (on the CPU's bf16
    products, else on the exact emulation, INRFIT_BF16=emulate) and ends
    within 0.3 dB of the same fit in fp32, as the CLI's test_quality_bf16."""
    script = textwrap.dedent("""
        import sys, inrfit
        sig = inrfit.load(sys.argv[1])
        for p in ("fp32", "bf16"):
            m = inrfit.fit(sig, steps=100, width=64, layers=3, threads=2, progress=False,
                           precision=p)
            print(m.config["precision"], inrfit.metrics(m, sig)["psnr"])
    """)
    env = dict(os.environ)
    run = lambda: subprocess.run([sys.executable, "-c", script, CAMERA], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, env=env, timeout=600)
    r = run()
    if r.returncode != 0 and "no bf16 products here" in r.stderr:
        env["INRFIT_BF16"] = "emulate"
        r = run()
    assert r.returncode == 0, r.stderr
    (p32, q32), (p16, q16) = [(w[0], float(w[1])) for w in map(str.split, r.stdout.splitlines())]
    assert p32 == "fp32" and p16 == "bf16", r.stdout
    assert q32 > 15 and q16 > q32 - 0.3 and q16 != q32, r.stdout


def test_spectral_tools_and_grid(camera):
    assert inrfit.centroid(camera) > 0
    s = inrfit.spectrum(camera)
    assert s.shape == (64,) and s.dtype == np.float64 and s[0] > 0
    assert inrfit.winner_scales(CAMERA)["s0"] > 0
    g = inrfit.grid((3, 4))
    assert g.shape == (12, 2) and g.dtype == np.float32
    np.testing.assert_array_equal(g[:4, 0], -1) and np.testing.assert_array_equal(g[:4, 1],
                                                                                 [-1, -1 / 3, 1 / 3, 1])
    assert inrfit.grid(5).shape == (5, 1)


def test_state_dict(camera):
    m = small_fit(camera, steps=1)
    sd = m.state_dict()
    assert list(sd) == ["W0", "b0", "W1", "b1", "W2", "b2"]
    assert sd["W0"].shape == (32, 2) and sd["W2"].shape == (1, 32)
    assert sum(v.size for v in sd.values()) == m.parameters


# ---- checkpoints shared with the CLI -------------------------------------------

def cli(*args):
    r = subprocess.run([CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert r.returncode == 0, r.stderr
    return r


def test_python_checkpoint_renders_in_cli(camera, tmp_path):
    m = small_fit(camera, steps=10)
    m.save(tmp_path / "py.inr")
    cli("render", str(tmp_path / "py.inr"), "-o", str(tmp_path / "x.npy"), "-q")
    np.testing.assert_allclose(np.load(tmp_path / "x.npy"), m.render(), rtol=0, atol=1e-5)
    cli("render", str(tmp_path / "py.inr"), "--scale", "2", "-o", str(tmp_path / "x2.npy"), "-q")
    np.testing.assert_allclose(np.load(tmp_path / "x2.npy"), m.render(scale=2), rtol=0, atol=1e-5)
    # and the CLI continues it
    cli("fit", CAMERA, "--resume", str(tmp_path / "py.inr"), "--steps", "12", "-o",
        str(tmp_path / "more"), "-q")
    assert inrfit.load_model(tmp_path / "more.inr").steps == 12


def test_cli_checkpoint_renders_in_python(tmp_path):
    cli("fit", CAMERA, "--width", "32", "--layers", "2", "--steps", "10", "--threads", "2",
        "-o", str(tmp_path / "c"), "-q")
    cli("render", str(tmp_path / "c.inr"), "-o", str(tmp_path / "c.npy"), "-q")
    m = inrfit.load_model(tmp_path / "c.inr")
    assert m.steps == 10 and m.kind == "siren"
    np.testing.assert_allclose(m.render(), np.load(tmp_path / "c.npy"), rtol=0, atol=1e-5)
    m.fit(CAMERA, 2, progress=False)      # the optimizer state came along
    assert m.steps == 12


def test_save_without_state(camera, tmp_path):
    m = small_fit(camera, steps=2)
    m.save(tmp_path / "a.inr", optimizer_state=True)
    m.save(tmp_path / "b.inr", optimizer_state=False)
    assert os.path.getsize(tmp_path / "b.inr") < os.path.getsize(tmp_path / "a.inr")
    np.testing.assert_array_equal(inrfit.load_model(tmp_path / "b.inr").render(), m.render())


@pytest.mark.parametrize("kind,hp", [("siren", dict(width=32, layers=2)),
                                     ("ffn", dict(width=32, layers=2, mapping=32)),
                                     ("hashgrid", dict(levels=8, log2_table=12))])
def test_to_torch(camera, kind, hp):
    torch = pytest.importorskip("torch")
    m = inrfit.fit(camera, model=kind, steps=10, threads=2, progress=False, **hp)
    mod = m.to_torch()
    with torch.no_grad():
        y = mod(torch.from_numpy(inrfit.grid((128, 128)))).numpy().reshape(128, 128, 1)
    np.testing.assert_allclose(y, m.render(), rtol=0, atol=1e-4)


# ---- errors --------------------------------------------------------------------

@pytest.mark.parametrize("bad", [np.zeros((0, 4)), np.zeros((2, 2, 2, 2)), np.zeros(()),
                                 np.array([[0.5, np.nan]]), np.zeros((4, 4), dtype=complex),
                                 np.array([["a", "b"]]), np.zeros((3, 3), dtype=bool),
                                 np.full((4, 4), 1.5), np.zeros((4, 4, 5)), np.zeros((4, 4), np.int32)])
def test_bad_arrays(bad):
    with pytest.raises(ValueError):
        inrfit.Signal.from_array(bad)


def test_bad_audio():
    for bad in (np.zeros(0), np.zeros((3, 3, 3)), np.zeros(100), np.array([np.inf, 1.0])):
        with pytest.raises(ValueError):
            inrfit.Signal.from_audio(bad, rate=8000)
    with pytest.raises(ValueError):
        inrfit.Signal.from_audio(np.ones(10), rate=0)


def test_bad_options(camera):
    for kw in (dict(width=0), dict(nope=3), dict(model="mlp"), dict(init="other"),
               dict(precision="fp8"), dict(device="tpu"), dict(steps=-1), dict(levels=4),
               dict(lr="fast")):
        with pytest.raises(ValueError):
            inrfit.fit(camera, **dict(dict(steps=1, progress=False), **kw))
    m = small_fit(camera, steps=1)
    with pytest.raises(ValueError):
        m.set("width", 64)                      # after the first fit
    with pytest.raises(ValueError):
        m.eval(np.zeros((4, 3), np.float32))
    with pytest.raises(ValueError):
        m.render(rate=8000)
    with pytest.raises(ValueError):
        m.fit(inrfit.Signal.from_array(np.zeros((4, 4, 3))), 1)


def test_file_errors(tmp_path):
    with pytest.raises(OSError, match="missing"):
        inrfit.load(tmp_path / "missing.png")
    (tmp_path / "junk.inr").write_bytes(b"not a checkpoint")
    with pytest.raises(OSError):
        inrfit.load_model(tmp_path / "junk.inr")
    with pytest.raises(OSError):
        inrfit.load_model(tmp_path / "none.inr")
    m = small_fit(CAMERA, steps=1)
    with pytest.raises(OSError):
        m.save(tmp_path / "no" / "dir" / "m.inr")


def test_diverged_fit(camera, tmp_path):
    """A checkpoint whose output bias is 3e38 (as tests/cli_resume.sh makes
    one): the loss overflows, RuntimeError, the parameters stay."""
    import struct
    import zlib
    small_fit(camera, steps=1).save(tmp_path / "ok.inr")
    d = bytearray((tmp_path / "ok.inr").read_bytes())
    n_params = struct.unpack_from("<Q", d, 144)[0]
    params = 16 + struct.unpack_from("<I", d, 12)[0]
    struct.pack_into("<f", d, params + 4 * (n_params - 1), 3e38)
    struct.pack_into("<I", d, len(d) - 4, zlib.crc32(bytes(d[:-4])) & 0xFFFFFFFF)
    (tmp_path / "huge.inr").write_bytes(bytes(d))
    m = inrfit.load_model(tmp_path / "huge.inr")
    before = m.state_dict()
    with pytest.raises(RuntimeError, match="diverged"):
        m.fit(camera, 5, progress=False)
    for k, v in m.state_dict().items():
        np.testing.assert_array_equal(v, before[k])


# ---- Ctrl-C, memory, threads ------------------------------------------------------

def test_keyboard_interrupt_within_a_step(tmp_path):
    """SIGINT sent from the callback at step 5 of a 100000-step fit: the
    KeyboardInterrupt reaches the caller, the model keeps the steps the
    callback saw finished (or the one under way), and it fits on."""
    script = textwrap.dedent("""
        import os, signal, sys
        import inrfit
        # Python leaves SIGINT ignored when it starts with it ignored (a
        # background job of a non-interactive shell): take it as at a terminal.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        sig = inrfit.load(sys.argv[1])
        m = inrfit.Model("siren", sig, width=16, layers=1, threads=2)
        seen = []
        def cb(step, steps, loss):
            seen.append(step)
            if step == 5:
                os.kill(os.getpid(), signal.SIGINT)
        try:
            m.fit(sig, 100000, progress=False, callback=cb)
            print("no interrupt")
        except KeyboardInterrupt:
            print("interrupted", m.steps, seen[-1])
        m.fit(sig, 2, progress=False)
        print("then", m.steps)
    """)
    r = subprocess.run([sys.executable, "-c", script, CAMERA], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    words = r.stdout.split()
    assert words[0] == "interrupted", r.stdout
    steps, last = int(words[1]), int(words[2])
    # The signal is taken either by the callback's PyErr_CheckSignals (the
    # model then has the steps the callback saw) or, pending, by the
    # library after the step under way (one more step than the callback saw).
    assert last == 5 and steps in (5, 6), r.stdout
    assert words[3:] == ["then", str(steps + 2)], r.stdout


def test_keyboard_interrupt_from_another_thread(tmp_path):
    """With a second Python thread the kernel may hand SIGINT to it; the
    fit still stops within a step."""
    script = textwrap.dedent("""
        import os, signal, sys, threading
        import inrfit
        signal.signal(signal.SIGINT, signal.default_int_handler)   # as above
        sig = inrfit.load(sys.argv[1])
        m = inrfit.Model("siren", sig, width=16, layers=1, threads=2)
        stop = threading.Event()
        idle = threading.Thread(target=stop.wait)
        idle.start()
        seen = []
        def cb(step, steps, loss):
            seen.append(step)
            if step == 5:
                os.kill(os.getpid(), signal.SIGINT)
        try:
            m.fit(sig, 100000, progress=False, callback=cb)
            print("no interrupt")
        except KeyboardInterrupt:
            print("interrupted", m.steps, seen[-1])
        stop.set()
    """)
    r = subprocess.run([sys.executable, "-c", script, CAMERA], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    words = r.stdout.split()
    assert words[0] == "interrupted" and int(words[1]) - int(words[2]) in (0, 1) \
        and 5 <= int(words[1]) <= 7, r.stdout   # as above: the callback's step or the next


def rss_pages():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1])


def test_eval_loop_keeps_rss_flat(camera):
    m = small_fit(camera, steps=1)
    x = np.random.default_rng(0).uniform(-1, 1, (64, 2)).astype(np.float32)
    for _ in range(200):
        m.eval(x)
    before = rss_pages()
    for _ in range(10000):
        m.eval(x)
    grown_kib = (rss_pages() - before) * os.sysconf("SC_PAGE_SIZE") / 1024
    assert grown_kib < 4096, "RSS grew by %d KiB over 10,000 evals" % grown_kib


def test_two_fits_in_two_threads(camera):
    rgb = np.random.default_rng(2).random((48, 48, 3)).astype(np.float32)
    jobs = [(camera, 0), (rgb, 1)]
    seq = [inrfit.fit(s, steps=15, seed=seed, width=32, layers=2, threads=1,
                      progress=False).render() for s, seed in jobs]
    out, errors = [None, None], []

    def run(i):
        try:
            s, seed = jobs[i]
            out[i] = inrfit.fit(s, steps=15, seed=seed, width=32, layers=2, threads=1,
                                progress=False).render()
        except BaseException as e:  # noqa: B902 - reported below
            errors.append(e)

    ts = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert not errors, errors
    for got, want in zip(out, seq):
        np.testing.assert_array_equal(got, want)


def test_one_model_one_thread_at_a_time(camera):
    m = inrfit.Model("siren", camera, width=16, layers=1, threads=2)
    errors = []

    def cb(step, steps, loss):
        if step == 1:
            try:
                m.eval(np.zeros((1, 2), np.float32))
            except RuntimeError as e:
                errors.append(e)

    m.fit(camera, 2, progress=False, callback=cb)
    assert errors and "in use" in str(errors[0])
