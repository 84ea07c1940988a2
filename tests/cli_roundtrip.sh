#!/usr/bin/env bash
# fit -> info -> render: rendering a checkpoint at the training size gives
# exactly the reconstruction written at the end of training (bit for bit,
# 16-bit PNG and float WAV), and other sizes / rates have the right shape.
set -eu
INRFIT=${INRFIT:-build/inrfit}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
python3 - <<'PY'
import math, struct, zlib
# 24x20 RGB gradient PNG and a 0.1 s stereo 16-bit WAV chirp.
H, W = 20, 24
raw = b''.join(b'\x00' + bytes(v for x in range(W) for v in ((x * 10) % 256, (y * 12) % 256, ((x + y) * 5) % 256)) for y in range(H))
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
open('img.png', 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', W, H, 8, 2, 0, 0, 0))
                            + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
import wave
w = wave.open('snd.wav', 'wb'); w.setnchannels(2); w.setsampwidth(2); w.setframerate(8000)
frames = b''.join(struct.pack('<hh', int(12000 * math.sin(2 * math.pi * (200 + 2000 * t / 800) * t / 8000)),
                              int(8000 * math.sin(2 * math.pi * 300 * t / 8000))) for t in range(800))
w.writeframes(frames); w.close()
PY
fail() { echo "FAIL: $*"; exit 1; }

"$INRFIT" fit img.png --steps 30 --width 32 --layers 3 --bits 16 -q -o rec > fit.txt
grep -q '^PSNR ' fit.txt || fail "no PSNR line"
"$INRFIT" info rec.inr > info.txt
grep -q 'image 24x20, 3 channels' info.txt || fail "info: $(cat info.txt)"
grep -q 'trained     30 steps' info.txt || fail "info steps: $(cat info.txt)"
"$INRFIT" render rec.inr -o same.png --bits 16 > /dev/null
cmp rec.png same.png || fail "render at training size differs from the fit's reconstruction"
"$INRFIT" render rec.inr -o big.png --scale 2.5 > /dev/null
python3 -c "
import struct; d = open('big.png','rb').read(); w, h = struct.unpack('>II', d[16:24])
assert (w, h) == (60, 50), (w, h)" || fail "scale 2.5 size"
"$INRFIT" render rec.inr -o small.png --size 7x5 > /dev/null
python3 -c "
import struct; d = open('small.png','rb').read(); assert struct.unpack('>II', d[16:24]) == (7, 5)" || fail "--size"

"$INRFIT" fit snd.wav --steps 30 --width 32 --layers 3 --bits 32 -q -o sndrec > fit.txt
grep -q '^SNR ' fit.txt || fail "no SNR line"
"$INRFIT" render sndrec.inr -o same.wav --bits 32 > /dev/null
cmp sndrec.wav same.wav || fail "audio render at training rate differs"
"$INRFIT" render sndrec.inr -o up.wav --rate 16000 > /dev/null
"$INRFIT" render sndrec.inr -o half.wav --seconds 0.05 > /dev/null
python3 -c "
import wave
u = wave.open('up.wav'); assert u.getframerate() == 16000 and u.getnframes() == 1600 and u.getnchannels() == 2, (u.getframerate(), u.getnframes())
h = wave.open('half.wav'); assert h.getnframes() == 400, h.getnframes()" || fail "rate/seconds shapes"
echo "round trips ok"
