/* test_png_chunk_limits.c - a PNG chunk whose header claims more bytes than
 * the file holds is refused before anything of that size is allocated
 * (io/image_io.c). libpng 1.6.39 buffers text, EXIF and palette chunks
 * whole at their claimed length: the fuzzer's 60-byte file made it allocate
 * 1.99 GB. Checked from memory and from a file, for each such chunk type.
 *
 * The test counts allocations by defining malloc (glibc lets an executable
 * interpose it, libpng's calls included); under AddressSanitizer, which owns
 * malloc, only the messages are checked. */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "test_files.h"
#include "image_io.h"
#include "status.h"

#if defined(__SANITIZE_ADDRESS__)
#define COUNT_ALLOCATIONS 0
#else
#define COUNT_ALLOCATIONS 1
extern void *__libc_malloc(size_t size);
static size_t largest_request;
void *malloc(size_t size)
{
    if (size > largest_request) largest_request = size;
    return __libc_malloc(size);
}
#endif

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & -(c & 1u));
    }
    return ~c;
}

static unsigned char *put_u32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
    return p + 4;
}

/* Signature, a valid IHDR for a 1x1 grey image, then a `type` chunk whose
 * header claims `claimed` bytes followed by 9 bytes and a CRC. */
static size_t craft(unsigned char *buf, const char *type, uint32_t claimed)
{
    static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
    unsigned char *p = buf;
    memcpy(p, sig, 8);
    p += 8;
    p = put_u32(p, 13);
    unsigned char *ihdr = p;
    memcpy(p, "IHDR", 4);
    p = put_u32(p + 4, 1);
    p = put_u32(p, 1);
    memcpy(p, "\x08\x00\x00\x00\x00", 5);
    p += 5;
    p = put_u32(p, crc32_of(ihdr, 17));
    p = put_u32(p, claimed);
    memcpy(p, type, 4);
    memcpy(p + 4, "ab\0cdefgh", 9);
    p = put_u32(p + 13, 0);
    return (size_t)(p - buf);
}

static void expect_refused(inr_status st, image *img, const char *what)
{
    CHECK(st != INR_OK, "%s: loaded", what);
    CHECK(strstr(inr_error(), "more bytes than the file holds") != NULL,
          "%s: message '%s'", what, inr_error());
    image_free(img);
}

int main(void)
{
    if (make_tmpdir("pngchunk")) return 1;
    static const char *types[] = { "tEXt", "zTXt", "iTXt", "eXIf", "sPLT", "iCCP", "prVt", "IDAT" };
    for (size_t t = 0; t < sizeof types / sizeof types[0]; t++) {
        unsigned char buf[128];
        size_t n = craft(buf, types[t], 0x76767676u);
        image img;
#if COUNT_ALLOCATIONS
        largest_request = 0;
#endif
        expect_refused(image_load_png_memory(buf, n, &img), &img, types[t]);

        char path[300];
        tmp_path(path, sizeof path, "claim.png");
        FILE *f = fopen(path, "wb");
        CHECK(f && fwrite(buf, 1, n, f) == n, "cannot write %s", path);
        if (f) fclose(f);
        expect_refused(image_load_png(path, &img), &img, types[t]);
#if COUNT_ALLOCATIONS
        CHECK(largest_request < (1u << 20), "%s: an allocation of %zu bytes for a %zu-byte file",
              types[t], largest_request, n);
#endif
    }
    /* A chunk that does fit is still read: the same header, honest length. */
    unsigned char ok[128];
    size_t n = craft(ok, "tEXt", 9);
    image img;
    inr_status st = image_load_png_memory(ok, n, &img);
    CHECK(st != INR_OK && strstr(inr_error(), "more bytes") == NULL,
          "honest chunk: '%s'", inr_error());
    image_free(&img);
    remove_tmpdir();
    return check_result();
}
