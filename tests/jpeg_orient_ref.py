"""jpeg_orient_ref.py DIR - writes, for tests/test_jpeg_io.c, a 40x24 RGB
picture as DIR/orientK.jpg with EXIF orientation K (1-8), and the way
Pillow shows it (ImageOps.exif_transpose of the decoded JPEG) as
DIR/orientK.png: an outside reference for the orientation inrfit applies."""
import sys

from PIL import Image, ImageOps

out = sys.argv[1]
w, h = 40, 24
img = Image.new("RGB", (w, h))
img.putdata([((x * 6) % 256, (y * 10) % 256, 255 if x < 8 and y < 8 else 40) for y in range(h)
             for x in range(w)])
for k in range(1, 9):
    exif = Image.Exif()
    exif[0x0112] = k
    path = f"{out}/orient{k}.jpg"
    img.save(path, quality=95, exif=exif.tobytes())
    ImageOps.exif_transpose(Image.open(path)).convert("RGB").save(f"{out}/orient{k}.png")
