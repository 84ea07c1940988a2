#!/usr/bin/env bash
# make install / make uninstall into a temporary DESTDIR: the binary, the
# man page, inr.h, libinr.a and libinr.so (exporting only inrfit_*) and
# inr.pc; examples/ built against that copy through pkg-config, linked to
# the shared library and to the static one, runs on assets/camera_128.png
# (fit with progress, evaluation at 2x, save, reload); the installed inrfit
# reads the example's checkpoint; make uninstall leaves no file behind.
# make passes its variables (CUDA=0 ...) down through MAKEFLAGS.
set -u
INRFIT=${INRFIT:-build/inrfit}
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath --relative-to="$root" "$(dirname "$INRFIT")")
# A sanitizer build (make test-asan) makes a libinr.so that only runs
# under its runtime: packaging is checked by the plain build.
if nm "$INRFIT" 2>/dev/null | grep -q __asan_init; then echo "SKIP: sanitizer build"; exit 77; fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fails=0
fail() { echo "FAIL $*"; fails=$((fails+1)); }
dest=$dir/stage prefix=/usr/local
lib=$dest$prefix/lib
mk() { make --no-print-directory -C "$root" "$@" DESTDIR="$dest" PREFIX="$prefix" BUILD="$build"; }

mk install >"$dir/install.log" 2>&1 || { cat "$dir/install.log"; fail "make install"; }
for f in bin/inrfit share/man/man1/inrfit.1 include/inr.h lib/libinr.a lib/libinr.so \
         lib/libinr.so.0 lib/pkgconfig/inr.pc; do
    [ -e "$dest$prefix/$f" ] || fail "not installed: $f"
done
echo "ok   installed: $(cd "$dest$prefix" && find . -type f -o -type l | sort | tr '\n' ' ')"
"$dest$prefix/bin/inrfit" --version >/dev/null || fail "installed inrfit does not run"
if command -v man >/dev/null; then
    man -l "$dest$prefix/share/man/man1/inrfit.1" 2>&1 | grep -q "EXIT STATUS" &&
        echo "ok   man -l renders the installed page" || fail "man -l"
fi
exported=$(nm -D --defined-only "$lib/libinr.so" | awk '$2 == "T" {print $3}' | sed 's/@.*//')
others=$(grep -v '^inrfit_' <<<"$exported")
[ -z "$others" ] && [ "$(wc -l <<<"$exported")" -ge 15 ] &&
    echo "ok   libinr.so exports $(wc -l <<<"$exported") functions, all inrfit_*" ||
    fail "libinr.so exports: $others"
cc -std=c99 -Wall -Wextra -pedantic -Werror -fsyntax-only -I"$dest$prefix/include" -x c - \
    <<<'#include <inr.h>' && echo "ok   inr.h compiles alone (C99, -pedantic)" || fail "inr.h alone"

export PKG_CONFIG_PATH=$lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$dest
echo "     pkg-config --cflags --libs inr: $(pkg-config --cflags --libs inr)"
if make --no-print-directory -C "$root/examples" all static OUT="$dir" >"$dir/ex.log" 2>&1; then
    out=$(LD_LIBRARY_PATH=$lib "$dir/fit_image" "$root/assets/camera_128.png" "$dir/ex.inr" 100 2>&1)
    grep -q "step 100/100" <<<"$out" && grep -q "reloaded model evaluates identically" <<<"$out" &&
        echo "ok   example (libinr.so): $(tail -1 <<<"$out")" || fail "example: $out"
    LD_LIBRARY_PATH=$lib ldd "$dir/fit_image" | grep -q "libinr.so.0 => $lib" ||
        fail "the example is not linked to the installed libinr.so"
    out=$("$dir/fit_image_static" "$root/assets/camera_128.png" "$dir/ex2.inr" 20 2>&1)
    ! ldd "$dir/fit_image_static" | grep -q libinr && grep -q "evaluates identically" <<<"$out" &&
        echo "ok   example (libinr.a linked in): $(tail -1 <<<"$out")" || fail "static example: $out"
    "$dest$prefix/bin/inrfit" info "$dir/ex.inr" | grep -q "trained     100 steps" &&
        echo "ok   the installed inrfit reads the example's checkpoint" || fail "info of ex.inr"
else
    cat "$dir/ex.log"
    fail "examples do not build against the installed libinr"
fi

mk uninstall >"$dir/uninstall.log" 2>&1 || { cat "$dir/uninstall.log"; fail "make uninstall"; }
left=$(find "$dest" -type f -o -type l)
[ -z "$left" ] && echo "ok   make uninstall left no file" || fail "left behind: $left"

[ "$fails" -eq 0 ] && echo "cli_install: all passed" || { echo "cli_install: $fails failed"; exit 1; }
