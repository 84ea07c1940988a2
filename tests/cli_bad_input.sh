#!/usr/bin/env bash
# Bad input through the command line: every case must exit non-zero with
# exactly one "inrfit: ..." line on stderr and leave no output file behind.
set -u
INRFIT=${INRFIT:-build/inrfit}
root=$PWD
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fails=0

# shellcheck source=tests/lib_cli.sh
. "$(dirname "$0")/lib_cli.sh"
# expect_fail CODE WHAT -- command...: any one-line message.
expect_fail() { local code=$1 what=$2; shift 3; expect_error "$code" "" "$what" -- "$@"; }

cd "$dir"
# Inputs (made here so the test needs nothing else).
: > empty.png
echo "hello, not an image" > notes.txt
python3 - <<'PY'
import struct, wave, zlib
# A valid 16x16 grey PNG, then truncated and corrupted copies.
raw = b''.join(b'\x00' + bytes(range(16)) for _ in range(16))
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 16, 16, 8, 0, 0, 0, 0)) \
    + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b'')
open('good.png', 'wb').write(png)
open('truncated.png', 'wb').write(png[:60])
bad = bytearray(png); bad[45] ^= 0xff
open('corrupt.png', 'wb').write(bytes(bad))
# Zero-length audio, and float audio holding NaN and Inf.
w = wave.open('silence0.wav', 'wb'); w.setnchannels(1); w.setsampwidth(2); w.setframerate(8000); w.close()
def float_wav(name, samples):
    data = struct.pack('<%df' % len(samples), *samples)
    fmt = struct.pack('<HHIIHH', 3, 1, 8000, 32000, 4, 32)
    body = b'WAVE' + b'fmt ' + struct.pack('<I', 16) + fmt + b'fact' + struct.pack('<II', 4, len(samples)) \
        + b'data' + struct.pack('<I', len(data)) + data
    open(name, 'wb').write(b'RIFF' + struct.pack('<I', len(body)) + body)
float_wav('nan.wav', [0.0, 0.5, float('nan'), 0.1] * 50)
float_wav('inf.wav', [0.0, 0.5, float('inf'), 0.1] * 50)
float_wav('zeros.wav', [0.0] * 200)
# 16-bit WAVs of 400 frames: a header that claims 10 MB of data, and one
# whose sizes a streaming writer left as 0xFFFFFFFF.
def pcm_wav(name, riff, size):
    data = bytes((i * 37) & 255 for i in range(800))
    fmt = struct.pack('<HHIIHH', 1, 1, 8000, 16000, 2, 16)
    open(name, 'wb').write(b'RIFF' + struct.pack('<I', riff) + b'WAVE' + b'fmt ' + struct.pack('<I', 16)
                           + fmt + b'data' + struct.pack('<I', size) + data)
pcm_wav('claims10MB.wav', 36 + 10000000, 10000000)
pcm_wav('streamed.wav', 0xFFFFFFFF, 0xFFFFFFFF)
PY
# A FLAC cut in half (sox's, or inrfit's own where sox is absent).
if command -v sox >/dev/null; then
    sox "$root/assets/cymbal_short.wav" cymbal.flac
else
    "$INRFIT" fit "$root/assets/cymbal_short.wav" --steps 1 --width 8 --layers 2 -q -o cym >/dev/null 2>&1
    "$INRFIT" render cym.inr -o cymbal.flac -q >/dev/null 2>&1
    rm -f cym.*
fi
head -c $(($(stat -c %s cymbal.flac) / 2)) cymbal.flac > half.flac
# A real checkpoint to corrupt.
"$INRFIT" fit good.png --steps 2 --width 8 --layers 2 -q -o model >/dev/null 2>&1 || { echo "FAIL: could not fit good.png"; exit 1; }
head -c 100 model.inr > truncated.inr
python3 -c "
d = bytearray(open('model.inr','rb').read()); d[200] ^= 0x55; open('flipped.inr','wb').write(d)"
cp notes.txt notes.inr
mkdir readonly && chmod 555 readonly

expect_fail 1 "missing file"        -- "$INRFIT" fit missing.png -q
expect_fail 1 "empty file"          -- "$INRFIT" fit empty.png -q
expect_fail 1 "truncated PNG"       -- "$INRFIT" fit truncated.png -q
expect_fail 1 "corrupt PNG"         -- "$INRFIT" fit corrupt.png -q
expect_error 1 "'notes.txt' is neither a PNG nor a JPEG image, nor audio in a format libsndfile knows;" \
    "not an image"                      -- "$INRFIT" fit notes.txt -q
expect_fail 1 "directory"           -- "$INRFIT" fit readonly -q
expect_fail 1 "zero-length audio"   -- "$INRFIT" fit silence0.wav -q
expect_fail 1 "NaN samples"         -- "$INRFIT" fit nan.wav -q
expect_fail 1 "Inf samples"         -- "$INRFIT" fit inf.wav -q
expect_fail 1 "silent audio"        -- "$INRFIT" fit zeros.wav -q
expect_error 1 "'claims10MB.wav': truncated audio (the header says 5000000 frames, the file holds 400)$" \
    "WAV claiming 10 MB"                -- "$INRFIT" fit claims10MB.wav -q
expect_error 1 "'half.flac': truncated audio (the header says 11025 frames, the file holds [0-9]*)$" \
    "FLAC cut in half"                  -- "$INRFIT" fit half.flac -q
for intact in streamed.wav cymbal.flac; do
    if "$INRFIT" fit "$intact" --steps 1 --width 8 --layers 2 -q -o intact >/dev/null 2>&1; then
        echo "ok   intact $intact loads"
    else
        echo "FAIL intact $intact refused"; fails=$((fails+1))
    fi
    rm -f intact.*
done
expect_fail 2 "unknown option"      -- "$INRFIT" fit good.png --bogus
expect_fail 2 "unknown command opt" -- "$INRFIT" --bogus
expect_fail 2 "malformed steps"     -- "$INRFIT" fit good.png --steps 10x
expect_fail 2 "negative lr"         -- "$INRFIT" fit good.png --lr -1
expect_fail 2 "NaN lr"              -- "$INRFIT" fit good.png --lr nan
expect_fail 2 "missing value"       -- "$INRFIT" fit good.png --steps
expect_fail 2 "unknown model"       -- "$INRFIT" fit good.png --model cnn
expect_fail 2 "bad bits"            -- "$INRFIT" fit good.png --bits 12
expect_fail 2 "no input"            -- "$INRFIT" fit -q
expect_fail 1 "unwritable dir"      -- "$INRFIT" fit good.png --steps 1 -q -o /nonexistent-dir/out
if [ "$(id -u)" -ne 0 ]; then
expect_fail 1 "read-only dir"       -- "$INRFIT" fit good.png --steps 1 -q -o readonly/out
fi
expect_fail 1 "unwritable log"      -- "$INRFIT" fit good.png --steps 1 -q -o out --log /nonexistent-dir/log.csv
expect_fail 1 "truncated ckpt info" -- "$INRFIT" info truncated.inr
expect_fail 1 "flipped ckpt info"   -- "$INRFIT" info flipped.inr
expect_fail 1 "text as ckpt"        -- "$INRFIT" info notes.inr
expect_fail 1 "missing ckpt"        -- "$INRFIT" render missing.inr -o r.png
expect_fail 1 "corrupt ckpt render" -- "$INRFIT" render flipped.inr -o r.png
expect_fail 2 "render no output"    -- "$INRFIT" render model.inr
expect_fail 2 "render bad size"     -- "$INRFIT" render model.inr -o r.png --size 10y10
expect_fail 2 "render audio opt"    -- "$INRFIT" render model.inr -o r.png --rate 8000
expect_fail 1 "render unwritable"   -- "$INRFIT" render model.inr -o /nonexistent-dir/r.png
expect_fail 2 "info extra args"     -- "$INRFIT" info model.inr more.inr

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
