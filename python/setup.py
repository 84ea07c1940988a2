"""Builds inrfit._inrfit against the repository's libinr.

The extension links build/pic/libinr.a (position-independent objects of
base/, inr/, spectral/, api/ and the signal loaders) statically, so the
installed package needs no `make install`; it needs at run time only the
shared libraries libinr itself does (libpng, libjpeg, libsndfile, FFTW3f,
libgomp, oneDNN where built with it; OpenBLAS opened at run time). Those
link flags come from the Makefile (`make print-lib-ldflags`), not from a
list kept here.

Environment: INRFIT_ROOT (the repository; default: the folder above this
one), INRFIT_BUILD (the Makefile's BUILD folder, default ROOT/build), MAKE
(default make), CUDA (passed on to make when set; else the BUILD
folder's own choice), INRFIT_JOBS (make -j, 2)."""
import os
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.environ.get("INRFIT_ROOT", os.path.join(HERE, "..")))
BUILD = os.path.abspath(os.environ.get("INRFIT_BUILD", os.path.join(ROOT, "build")))
# setuptools' own outputs go under BUILD, not into the source tree.
os.makedirs(os.path.join(BUILD, "python"), exist_ok=True)


def make(*targets, capture=False):
    cmd = [os.environ.get("MAKE", "make"), "--no-print-directory", "-C", ROOT, "BUILD=" + BUILD]
    cuda = os.environ.get("CUDA")
    stamp = os.path.join(BUILD, "cuda-config")
    if not cuda and os.path.exists(stamp):
        # The build folder's own choice, so that its CUDA objects are not
        # remade by a `make lib` that detects nvcc differently.
        with open(stamp) as f:
            cuda = "" if f.read().strip() == "1" else "0"
    if cuda:
        cmd.append("CUDA=" + cuda)
    jobs = os.environ.get("INRFIT_JOBS", "2")
    cmd += ["-j" + jobs, *targets]
    # Not a sub-make of whatever make runs pip: no jobserver of its own.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    if capture:
        return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True,
                              env=env).stdout.strip()
    subprocess.run(cmd, check=True, stdout=sys.stderr, env=env)
    return None


class BuildWithLibinr(build_ext):
    """`make lib` first, then the extension with libinr's link flags."""

    def run(self):
        if not os.path.exists(os.path.join(ROOT, "include", "inr.h")):
            sys.exit("inrfit: the repository was not found at %s (set INRFIT_ROOT)" % ROOT)
        make("lib")
        ldflags = make("print-lib-ldflags", capture=True).split()
        for ext in self.extensions:
            ext.extra_objects = [os.path.join(BUILD, "pic", "libinr.a")]
            ext.extra_link_args = ["-Wl,--exclude-libs,ALL"] + ldflags
        super().run()


setup(
    ext_modules=[
        Extension(
            "inrfit._inrfit",
            sources=["inrfit/_inrfit.c"],
            include_dirs=[os.path.join(ROOT, "include")],
            extra_compile_args=["-std=c11", "-Wall", "-Wextra", "-fopenmp"],
        )
    ],
    cmdclass={"build_ext": BuildWithLibinr},
    options={
        "build": {"build_base": os.path.join(BUILD, "python", "build")},
        "egg_info": {"egg_base": os.path.join(BUILD, "python")},
    },
)
