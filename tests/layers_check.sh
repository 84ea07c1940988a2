#!/usr/bin/env bash
# The layers (Makefile, README "Layout") are kept by the build: each folder
# compiles with the include paths of the folders it may use only, so a
# header from a folder above it does not compile. For each layer a probe
# file is compiled with that layer's flags ($BUILD/layer-flags, written by
# make): including a header the layer may use must compile; including one
# from above must fail with "No such file". Also: every source folder has
# a layer, and libinr has no app/ object.
#   tests/layers_check.sh [BUILD]   (make test passes BUILD through INRFIT)
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$(dirname "${INRFIT:-build/inrfit}")}
flags="$build/layer-flags"
[ -r "$flags" ] || { echo "FAIL $flags missing (make $flags)"; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fails=0
cd "$src" || exit 1

# compile LAYER HEADER: exit status of compiling '#include "HEADER"' as a
# file of LAYER; the compiler's messages are left in $dir/err.
compile() {
    local cmd
    cmd=$(awk -v l="$1" '$1 == l { $1 = ""; print; exit }' "$flags")
    [ -n "$cmd" ] || { echo "no flags for layer $1" >"$dir/err"; return 2; }
    printf '#include "%s"\nint layers_probe;\n' "$2" >"$dir/probe.c"
    eval "$cmd -fsyntax-only $dir/probe.c" 2>"$dir/err"
}
may() {
    local layer=$1; shift
    for h in "$@"; do
        if compile "$layer" "$h"; then echo "ok   $layer may include $h"
        else echo "FAIL $layer cannot include $h:"; head -3 "$dir/err"; fails=$((fails+1)); fi
    done
}
may_not() {
    local layer=$1; shift
    for h in "$@"; do
        if compile "$layer" "$h"; then echo "FAIL $layer includes $h (a wrong-way include compiles)"; fails=$((fails+1))
        elif grep -q "$h: No such file" "$dir/err"; then echo "ok   $layer cannot include $h"
        else echo "FAIL $layer on $h: not the missing header that failed:"; head -3 "$dir/err"; fails=$((fails+1)); fi
    done
}

may     base        status.h
may_not base        trainer.h spectral.h
may     spectral    spectral.h status.h
may_not spectral    trainer.h signal_io.h
may     inr         trainer.h kinds_cuda.h
may_not inr         spectral.h signal_io.h inr.h
may     io          signal_io.h trainer.h
may_not io          cli_args.h diag.h report.h commands.h inr.h
may     api         api_internal.h inr.h signal_io.h spectral.h
may_not api         cli_args.h diag.h commands.h
may     app/report  diag.h report.h signal_io.h spectral.h inr.h
may_not app/report  cli_args.h figure.h fit_options.h commands.h
may     app/figures figure.h diag.h signal_io.h
may_not app/figures cli_args.h fit_view.h fit_options.h commands.h
may     app/cli     cli_args.h diag.h
may_not app/cli     figure.h fit_options.h fit_view.h commands.h
may     app/fit     fit_options.h cli_args.h diag.h signal_io.h trainer.h fresh_select.h
may_not app/fit     commands.h figure.h fit_view.h
may     app/view    fit_view.h figure.h cli_args.h diag.h signal_io.h
may_not app/view    commands.h fit_options.h

# Every folder with sources has a layer (only app/'s root and app/cmd/, the
# top, see everything), so a new folder cannot escape the check.
for d in $(find base spectral inr cuda io api app -name '*.c' -printf '%h\n' | sort -u); do
    case $d in app | app/cmd) continue ;; esac
    if awk -v l="$d" '$1 == l { found = 1 } END { exit !found }' "$flags"; then echo "ok   $d is a layer"
    else echo "FAIL $d has sources but no layer (Makefile LAYERS)"; fails=$((fails+1)); fi
done

for lib in "$build/libinr.a" "$build/pic/libinr.a"; do
    [ -e "$lib" ] || continue
    if ar t "$lib" | grep -qxF -f <(find app -name '*.c' -exec basename {} .c \; | sed 's/$/.o/'); then
        echo "FAIL $lib holds an app/ object"; fails=$((fails+1))
    else
        echo "ok   $lib holds no app/ object"
    fi
done

[ "$fails" -eq 0 ]
