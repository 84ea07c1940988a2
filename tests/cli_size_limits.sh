#!/usr/bin/env bash
# Size limits through the command line: tiny files whose headers claim huge
# signals are refused at once (before their samples are allocated), in one
# "inrfit: ..." line naming --max-pixels / --max-frames, with exit 1 and no
# file left behind.
set -u
INRFIT=${INRFIT:-build/inrfit}
root=$PWD
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fails=0

# Refusals must come at once: within 10 s.
EXPECT_TIMEOUT=10
# shellcheck source=tests/lib_cli.sh
. "$root/tests/lib_cli.sh"

cd "$dir"
python3 - "$root/fuzz/seeds/audio/flac17_Signed_16_bit_PCM.flac" <<'PY'
import struct, sys, zlib
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
def png(name, w, h, color=2):
    idat = zlib.compress(b'\0' * 64)  # a few rows at most: the rest is "missing"
    open(name, 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, color, 0, 0, 0))
                           + chunk(b'IDAT', idat) + chunk(b'IEND', b''))
png('huge.png', 100000, 100000)       # 10^10 pixels, far over the default 2^28
png('wide.png', 2**31 - 1, 1, 0)      # PNG's widest row, a single line
png('big16k.png', 16000, 16000)       # under the default limit, but 69 bytes hold
                                      # at most ~75 KB of rows, not 768 MB
# FLAC whose STREAMINFO claims 3e9 frames (it holds 48).
d = bytearray(open(sys.argv[1], 'rb').read())
assert d[:4] == b'fLaC'
v = int.from_bytes(d[18:26], 'big')
v = (v & ~((1 << 36) - 1)) | 3000000000
d[18:26] = v.to_bytes(8, 'big')
open('huge.flac', 'wb').write(bytes(d))
PY

expect_error 1 "--max-pixels" "PNG of 100000x100000"        -- "$INRFIT" fit huge.png -q
expect_error 1 "--max-pixels" "PNG of 100000x100000 (spectrum)" -- "$INRFIT" spectrum huge.png
expect_error 1 "--max-pixels" "2^31-1 wide PNG"            -- "$INRFIT" fit wide.png -q
expect_error 1 "--max-pixels" "PNG over a lowered limit"   -- "$INRFIT" fit big16k.png -q --max-pixels 1000
expect_error 1 "cannot fit in" "16000x16000 PNG of 69 bytes" -- "$INRFIT" fit big16k.png -q
expect_error 1 "--max-frames" "FLAC claiming 3e9 frames"   -- "$INRFIT" fit huge.flac -q
expect_error 1 "--max-frames" "FLAC claiming 3e9 frames (spectrum)" -- "$INRFIT" spectrum huge.flac
expect_error 1 "--max-frames" "FLAC over a lowered limit"  -- "$INRFIT" fit huge.flac -q --max-frames 10
expect_error 1 "above the limit of 10 " "spectrum --max-frames" -- "$INRFIT" spectrum huge.flac --max-frames 10
expect_error 1 "above the limit of 99 " "spectrum --max-pixels" -- "$INRFIT" spectrum huge.png --max-pixels 99
# With the limit raised the claim is allowed, and the file is found short
# after decoding what it holds (memory grows with the decoded frames).
expect_error 1 "truncated audio (the header says 3000000000 frames, the file holds 48)$" "FLAC claim with --max-frames raised" \
    -- "$INRFIT" fit huge.flac -q --max-frames 4000000000

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
