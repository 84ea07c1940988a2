#!/usr/bin/env bash
# No lost work: a fit stopped (at a chosen step, or by SIGINT / SIGTERM) and
# resumed with --resume ends with exactly the parameters, optimizer state
# and checkpoint bytes of an uninterrupted fit with the same seed and
# threads; --save-every keeps a loadable checkpoint while a fit runs; a fit
# that diverges stops in one line and leaves no output.
set -u
INRFIT=${INRFIT:-build/inrfit}
dir=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$dir"' EXIT
cd "$dir"
fail() { echo "FAIL: $*"; exit 1; }
cp "$OLDPWD/assets/camera_128.png" img.png
common=(--width 32 --layers 3 --threads 2 --seed 3 -q)

# 1. Stop at step 20 of 40 and resume: full batch, and minibatch + lr decay.
for extra in "" "--batch 700 --lr 3e-4 --lr-decay 0.9 --lr-decay-every 7"; do
    # shellcheck disable=SC2086
    "$INRFIT" fit img.png "${common[@]}" $extra --steps 40 -o whole > /dev/null || fail "whole fit"
    # shellcheck disable=SC2086
    "$INRFIT" fit img.png "${common[@]}" $extra --steps 20 -o part > /dev/null || fail "part fit"
    "$INRFIT" fit img.png --resume part.inr --steps 40 --threads 2 -q -o resumed > /dev/null || fail "resume"
    cmp whole.inr resumed.inr || fail "resumed checkpoint differs from the uninterrupted one ($extra)"
    cmp whole.png resumed.png || fail "resumed reconstruction differs ($extra)"
done
echo "ok   stop at 20 + resume to 40 == 40 straight (full batch and minibatch)"

# 2. Ctrl-C and SIGTERM: finish the step, save, report, exit 130 / 143.
for sig in INT TERM; do
    rm -f run.inr run.png
    "$INRFIT" fit img.png "${common[@]}" --steps 100000 --save-every 3 -o run > run.out 2> run.err &
    pid=$!
    # Until the first periodic save, however long the machine takes.
    while [ ! -f run.inr ] && kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    [ -f run.inr ] || fail "--save-every 3 wrote no checkpoint"
    "$INRFIT" info run.inr > /dev/null || fail "periodic checkpoint does not load"
    kill -"$sig" "$pid"
    wait "$pid"
    rc=$?
    want=$([ "$sig" = INT ] && echo 130 || echo 143)
    [ "$rc" -eq "$want" ] || fail "SIG$sig: exit $rc, expected $want"
    grep -q "interrupted at step" run.err || fail "SIG$sig: no message: $(cat run.err)"
    [ -f run.png ] || fail "SIG$sig: no reconstruction written"
    step=$("$INRFIT" info run.inr | sed -n 's/^trained *\([0-9]*\) steps.*/\1/p')
    [ -n "$step" ] && [ "$step" -gt 0 ] && [ "$step" -lt 100000 ] || fail "SIG$sig: bad step '$step'"
    total=$((step + 5))
    "$INRFIT" fit img.png --resume run.inr --steps "$total" --threads 2 -q -o cont > /dev/null || fail "resume after SIG$sig"
    "$INRFIT" fit img.png "${common[@]}" --steps "$total" -o straight > /dev/null || fail "straight fit"
    cmp straight.inr cont.inr || fail "SIG$sig at step $step, resumed to $total: differs from a straight run"
    echo "ok   SIG$sig at step $step: exit $rc, resumed to $total == straight run"
done

# 3. Refusals: a resume past its end, a checkpoint of another signal.
"$INRFIT" fit img.png --resume whole.inr --steps 40 -q -o again 2> err.txt; rc=$?
[ "$rc" -eq 2 ] && grep -q "already at step 40" err.txt || fail "resume at end: exit $rc $(cat err.txt)"
python3 -c "
import struct, zlib
raw = b''.join(b'\x00' + bytes(range(8)) for _ in range(8))
c = lambda t, d: struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
open('small.png', 'wb').write(b'\x89PNG\r\n\x1a\n' + c(b'IHDR', struct.pack('>IIBBBBB', 8, 8, 8, 0, 0, 0, 0)) + c(b'IDAT', zlib.compress(raw)) + c(b'IEND', b''))"
"$INRFIT" fit small.png --resume whole.inr --steps 50 -q -o other 2> err.txt; rc=$?
[ "$rc" -eq 1 ] && grep -q "another kind or size" err.txt && [ ! -f other.inr ] || fail "resume on another signal: exit $rc $(cat err.txt)"
echo "ok   refusals"

# 4. A fit that diverges stops with one line, exit 1, and writes nothing: a
# checkpoint whose output bias is 3e38 gives a float-overflowing gradient,
# Adam turns it into NaN parameters, and the next loss is NaN. The periodic
# saves (--save-every 1) refuse the NaN parameters; the resumed file stays.
python3 - <<'PY'
import struct, zlib
d = bytearray(open('whole.inr', 'rb').read())
P = struct.unpack_from('<Q', d, 144)[0]
params = 16 + struct.unpack_from('<I', d, 12)[0]       # after the header
struct.pack_into('<f', d, params + 4 * (P - 1), 3e38)  # the output bias (one channel)
struct.pack_into('<I', d, len(d) - 4, zlib.crc32(bytes(d[:-4])) & 0xffffffff)
open('huge.inr', 'wb').write(d)
PY
cp huge.inr huge.orig
"$INRFIT" fit img.png --resume huge.inr --steps 60 --threads 2 --save-every 1 -q -o div 2> err.txt; rc=$?
[ "$rc" -eq 1 ] && [ "$(wc -l < err.txt)" -eq 1 ] && grep -q "training diverged at step" err.txt ||
    fail "diverging fit: exit $rc, $(cat err.txt)"
[ ! -e div.inr ] && [ ! -e div.png ] || fail "a diverged fit wrote outputs"
cmp -s huge.inr huge.orig || fail "the resumed checkpoint changed"
echo "ok   divergence: $(cat err.txt)"
