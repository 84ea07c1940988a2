#!/usr/bin/env bash
# Kernels chosen from CPU features (issue 11). `inrfit --version` names what
# runs (the products' library and kernels, OpenBLAS's core, the elementwise
# ISA, threads, CUDA); a fit's first line names them too. Every dispatch
# path this CPU runs gives the same fit: each elementwise ISA bit for bit
# (same IEEE operations); oneDNN's products at each ISA up to the CPU's, and
# OpenBLAS's (INRFIT_GEMM=openblas) at each core this CPU supports, within
# 0.02 dB (another summation order). The hash grid's kernels, which follow
# the elementwise ISA, give bit-identical fits as well.
# A core forced from the environment that differs from the features' choice
# is named in one warning line. Where the environment already sets
# OPENBLAS_CORETYPE (machines whose OpenBLAS needs it), it is left alone.
set -u
INRFIT=${INRFIT:-build/inrfit}
src=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fails=0
fail() { echo "FAIL $*"; fails=$((fails+1)); }

"$INRFIT" --version >"$dir/version" 2>"$dir/version.err" || fail "--version exits $?"
for key in inrfit cpu products blas "blas kernels" elementwise threads cuda; do
    grep -q "^$key " "$dir/version" || fail "--version has no '$key' line"
done
cat "$dir/version"
features=$(grep '^cpu features' "$dir/version")
core=$(sed -n 's/^blas kernels \([^ ]*\) .*/\1/p' "$dir/version")
wanted=$(sed -n 's/^blas kernels .*ask for \([^)]*\))/\1/p' "$dir/version")
products=$(sed -n 's/^products  *//p' "$dir/version")
if [ -z "${OPENBLAS_CORETYPE:-}" ] && [ "$core" != "$wanted" ] && case "$products" in OpenBLAS*) true ;; *) false ;; esac &&
   ! grep -q "warning" "$dir/version.err"; then
    fail "OpenBLAS runs '$core', features ask for '$wanted', and no warning says so"
fi

fit() { # NAME ENV...: a small SIREN fit; prints its PSNR
    env "${@:2}" "$INRFIT" fit "$src/assets/camera_128.png" --width 48 --layers 3 --steps 25 \
        --threads 2 -o "$dir/$1" >"$dir/$1.out" 2>"$dir/$1.err" || fail "fit $1 ($*) exits $?"
    sed -n 's/^PSNR  *\([0-9.]*\) dB.*/\1/p' "$dir/$1.out"
}
base=$(fit base INRFIT_ISA=)
grep -qF "$products" "$dir/base.err" || fail "the fit's first line does not name the products ($products)"
same_psnr() { # WHAT PSNR: within 0.02 dB of the features' choice
    python3 -c "import sys; sys.exit(abs($2 - $base) > 0.02)" &&
        echo "ok   $1: PSNR $2 dB (features' choice $base dB)" || fail "$1: PSNR $2 dB, features' choice $base dB"
}

# oneDNN's products at each ISA this CPU runs (ONEDNN_MAX_CPU_ISA caps it);
# a cap below the features' choice is named in a warning.
case "$products" in oneDNN*)
    isas_dnnl="AVX AVX2"
    case "$features" in *"avx512 yes"*) isas_dnnl="$isas_dnnl AVX512_CORE" ;; esac
    for i in $isas_dnnl; do
        psnr=$(fit "dnnl_$i" ONEDNN_MAX_CPU_ISA=$i INRFIT_ISA=)
        lower=$(echo "$i" | tr 'A-Z' 'a-z')
        grep -q "sgemm, $lower[a-z_]* kernels" "$dir/dnnl_$i.err" || fail "ONEDNN_MAX_CPU_ISA=$i did not run $lower"
        [ "$i" = AVX ] && { grep -q "warning: oneDNN runs avx kernels" "$dir/dnnl_$i.err" || fail "a capped oneDNN gives no warning"; }
        same_psnr "oneDNN $lower" "$psnr"
    done ;;
esac

# Every elementwise ISA this CPU runs: bit-identical fits.
isas=avx2
case "$features" in *"avx512 yes"*) isas="avx2 avx512" ;; esac
for isa in $isas; do
    fit "isa_$isa" INRFIT_ISA=$isa >/dev/null
    grep -q ", $isa elementwise)" "$dir/isa_$isa.err" || fail "INRFIT_ISA=$isa did not run $isa"
    cmp -s "$dir/base.inr" "$dir/isa_$isa.inr" && echo "ok   elementwise $isa: same fit" ||
        fail "elementwise $isa gives another fit than $(grep -o "[a-z0-9]* elementwise)" "$dir/base.err")"
done
# The hash grid's kernels (inr/hashgrid_simd.h) follow the elementwise ISA:
# bit-identical fits too.
for isa in $isas; do
    env INRFIT_ISA=$isa "$INRFIT" fit "$src/assets/camera_128.png" --model hashgrid --steps 10 \
        --threads 2 -o "$dir/hg_$isa" >"$dir/hg_$isa.out" 2>"$dir/hg_$isa.err" ||
        fail "hash grid fit INRFIT_ISA=$isa exits $?"
done
for isa in ${isas#avx2}; do
    cmp -s "$dir/hg_avx2.inr" "$dir/hg_$isa.inr" && echo "ok   hash grid $isa: same fit as avx2" ||
        fail "hash grid $isa gives another fit than avx2"
done
INRFIT_ISA=sse9 "$INRFIT" --version 2>&1 >/dev/null | grep -q "warning: INRFIT_ISA=sse9" ||
    fail "an ISA this CPU does not run is not named in a warning"

# Every OpenBLAS core this CPU supports: the same fit within 0.02 dB.
if [ -n "${OPENBLAS_CORETYPE:-}" ]; then
    echo "skip OpenBLAS cores: OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE is set by the environment"
else
    cores="Sandybridge Haswell"
    case "$features" in *"avx512 yes"*) cores="$cores SkylakeX" ;; esac
    case "$core" in Zen) cores="$cores Zen" ;; esac
    for c in $cores; do
        psnr=$(fit "core_$c" OPENBLAS_CORETYPE=$c INRFIT_GEMM=openblas INRFIT_ISA=)
        grep -q "OpenBLAS $c kernels" "$dir/core_$c.err" || fail "OPENBLAS_CORETYPE=$c did not run $c"
        if [ "$c" != "$wanted" ]; then
            grep -q "warning: OPENBLAS_CORETYPE=$c from the environment" "$dir/core_$c.err" ||
                fail "forcing $c over $wanted gives no warning"
        fi
        same_psnr "OpenBLAS $c" "$psnr"
    done
fi
[ "$fails" -eq 0 ] || { echo "$fails failures"; exit 1; }
echo "all dispatch checks passed"
