#!/usr/bin/env bash
# Installs what inrfit needs on Debian/Ubuntu (run as root or with sudo).
# usage: scripts/install-deps.sh [--core]
# Required: compiler, make, pkg-config, OpenBLAS, libpng, libjpeg-turbo,
# libsndfile, FFTW3, jansson (--json), cairo and DejaVu fonts (pictures);
# oneDNN for bf16 products (fit --precision bf16).
# Optional parts also installed: SDL2 (viewer), Xvfb (viewer tests),
# valgrind (leak checks), sox (audio test fixtures), clang with its
# sanitizer/libFuzzer runtimes and OpenMP (make fuzz, make fuzz-smoke);
# matplotlib (scripts/compare's plots); Pillow (JPEG orientation
# reference in the tests), numpy and venv (the
# safetensors export test, which pip-installs `safetensors` into
# build/pyenv; with python3-dev, python3-pip and python3-setuptools it
# also builds the Python package, tests/python_package.sh), groff and
# man-db (checking the man page); Slurm and munge
# (tests/cli_slurm.sh starts a one-node cluster for compare --slurm).
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# --core: only what building and running inrfit needs; the default adds
# what the tests, the viewer, fuzzing and the comparison script use.
CORE="build-essential pkg-config libopenblas-dev libpng-dev libjpeg62-turbo-dev libsndfile1-dev
      libfftw3-dev libdnnl-dev libjansson-dev libcairo2-dev fonts-dejavu-core"
EXTRA="libsdl2-dev xvfb xauth valgrind sox clang libclang-rt-dev libomp-dev
       python3-pil python3-numpy python3-matplotlib python3-venv python3-dev python3-pip
       python3-setuptools groff-base man-db
       slurmctld slurmd slurm-client munge"
case "${1:-}" in
    --core) PKGS=$CORE ;;
    "") PKGS="$CORE $EXTRA" ;;
    *) echo "usage: scripts/install-deps.sh [--core]" >&2; exit 2 ;;
esac
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $PKGS >/dev/null
echo "inrfit: dependencies installed"
