#!/usr/bin/env bash
# run_fuzz.sh - runs libFuzzer targets for a bounded time each and prints
# executions and findings per target (make fuzz, make fuzz-smoke).
#
# usage: fuzz/run_fuzz.sh FUZZ_BUILD SECONDS INRFIT TARGET...
#   FUZZ_BUILD  where make fuzz-build put fuzz/fuzz_<target>
#   SECONDS     time per target
#   INRFIT      a built inrfit, used to make seed checkpoints
#   TARGET      png, jpeg, audio, checkpoint, checkpoint_crc, config, cli
#               (checkpoint_crc takes the checkpoint seeds and regressions)
# Corpora grow in FUZZ_BUILD/fuzz/corpus/<target> (kept between runs); seeds
# come from fuzz/seeds/ (committed), assets/, tests/data (small files,
# prefixes of big audio) and fresh checkpoints. A finding (crash, leak,
# timeout, out-of-memory) is written to FUZZ_BUILD/fuzz/findings/<target>/;
# the script exits 1 when there is one. FUZZ_FLAGS adds libFuzzer flags.
set -u
build=$1 secs=$2 inrfit=$3
shift 3
root=$(cd "$(dirname "$0")/.." && pwd)
data=${INRFIT_DATA:-$root/tests/data}
work=$build/fuzz
gen=$work/generated
mkdir -p "$gen/png" "$gen/audio" "$gen/checkpoint" "$work/logs"

# ---- run-time seeds (not committed) ----------------------------------------
# Small real files as they are; big audio as 16 KB prefixes (which are also
# "truncated file" cases).
for f in "$root"/assets/*.png "$data"/images/camera_256.png; do
    [ -f "$f" ] && [ "$(stat -c %s "$f")" -le 65536 ] && cp -f "$f" "$gen/png/"
done
for f in "$root"/assets/*.wav "$data"/audio/*.wav "$data"/audio/*.flac; do
    [ -f "$f" ] && head -c 16384 "$f" > "$gen/audio/prefix_$(basename "$f")"
done
# A checkpoint of every model kind, image and audio, from 1-step fits of tiny
# signals (skipped when inrfit is missing or cannot fit them).
if [ -x "$inrfit" ] && [ ! -e "$gen/checkpoint/.done" ]; then
    tmp=$(mktemp -d)
    python3 - "$tmp/small.png" "$tmp/small.wav" <<'PY'
import math, struct, sys, wave, zlib
raw = b''.join(b'\0' + bytes((x * 16 + y * 5) % 256 for x in range(12)) for y in range(9))
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
open(sys.argv[1], 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 12, 9, 8, 0, 0, 0, 0))
                              + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
w = wave.open(sys.argv[2], 'wb'); w.setnchannels(1); w.setsampwidth(2); w.setframerate(8000)
w.writeframes(b''.join(struct.pack('<h', int(9000 * math.sin(0.4 * i))) for i in range(80))); w.close()
PY
    fit() { "$inrfit" fit "$@" --steps 1 -q >/dev/null 2>&1; }
    for sig in png wav; do
        s=$tmp/small.$sig
        fit "$s" --width 8 --layers 2 -o "$tmp/siren_$sig"
        fit "$s" --model ffn --mapping 4 --width 8 --layers 1 -o "$tmp/ffn_$sig"
        fit "$s" --model hashgrid --levels 2 --features 2 --log2-table 4 --width 8 --layers 1 -o "$tmp/grid_$sig"
        fit "$s" --model nstr --bases 2 --levels 1 --base-res 2 --max-res 2 --width 4 --layers 1 -o "$tmp/nstr_$sig"
        fit "$s" --model hcinr --scales 1 --latent-res 2 --latent-features 1 --width 4 --layers 1 -o "$tmp/hcinr_$sig"
        fit "$s" --init winner --width 8 --layers 1 -o "$tmp/winner_$sig"
    done
    cp -f "$tmp"/*.inr "$gen/checkpoint/" 2>/dev/null
    rm -rf "$tmp"
    touch "$gen/checkpoint/.done"
fi
# Every option name the commands document, as a dictionary for the CLI target.
if [ -x "$inrfit" ]; then
    for c in fit render info spectrum export; do "$inrfit" "$c" --help 2>/dev/null; done |
        grep -o -- '--\?-[a-z][a-z0-9-]*' | sort -u | sed 's/.*/"&"/' > "$work/cli.dict"
fi

# ---- runs ------------------------------------------------------------------
# Leaks are findings (LSan, suppressions for third-party libraries in
# tests/lsan.supp); UBSan aborts (the build uses -fno-sanitize-recover).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
total=0 found=0
printf '%-16s %12s %8s %8s %s\n' target executions seconds corpus findings
for t in "$@"; do
    bin=$build/fuzz/fuzz_$t
    if [ ! -x "$bin" ]; then echo "fuzz: $bin is missing (make fuzz-build)"; exit 2; fi
    corpus=$work/corpus/$t findings=$work/findings/$t
    mkdir -p "$corpus" "$findings"
    extra=()
    case $t in
        png|jpeg|audio) extra+=(-max_len=65536) ;;
        checkpoint|checkpoint_crc) extra+=(-max_len=32768) ;;
        config) extra+=(-max_len=4097) ;;
        cli) extra+=(-max_len=512); [ -s "$work/cli.dict" ] && extra+=(-dict="$work/cli.dict") ;;
    esac
    from=${t%_crc}   # the inputs it shares
    seeds=("$root/fuzz/seeds/$from")
    [ -d "$gen/$from" ] && seeds+=("$gen/$from")
    [ -d "$root/tests/regressions/$from" ] && seeds+=("$root/tests/regressions/$from")
    log=$work/logs/$t.log
    before=$(ls "$findings" | wc -l) start=$SECONDS
    # -close_fd_mask=3: the commands print; libFuzzer keeps its own stderr.
    "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -close_fd_mask=3 \
        -print_final_stats=1 -artifact_prefix="$findings/" "${extra[@]}" ${FUZZ_FLAGS:-} \
        "$corpus" "${seeds[@]}" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    took=$((SECONDS - start))
    new=$(( $(ls "$findings" | wc -l) - before ))
    [ "$rc" -ne 0 ] && [ "$new" -eq 0 ] && new=1 # died without an artifact
    printf '%-16s %12s %8s %8s %s\n' "fuzz_$t" "${execs:-?}" "${took:-?}" \
        "$(ls "$corpus" | wc -l)" "$new$([ "$new" -gt 0 ] && echo " (see $log, $findings)")"
    if [ "$new" -gt 0 ]; then
        grep -m1 -A12 'ERROR\|^fuzz:\|Assertion\|runtime error' "$log" | sed 's/^/    | /'
    fi
    total=$((total + ${execs:-0}))
    found=$((found + new))
done
echo "fuzz: $total executions in total, $found finding(s)"
[ "$found" -eq 0 ]
