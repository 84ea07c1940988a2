/* image_io.c - PNG decoding and encoding with libpng (see image_io.h).
 *
 * libpng reports errors by longjmp; each setjmp lives in a small function whose
 * resources sit in a caller-owned struct, so nothing is lost when it fires.
 */
#include "image_io.h"

#include <errno.h>
#include <math.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "atomic_file.h"

#define PNG_SIG_BYTES 8
#define REASON_MAX 200 /* size of the reason buffers handed to libpng */
#define PNG_METADATA_MAX (64u << 20) /* bytes of one non-IDAT chunk, input size unknown */

static long long max_pixels = IMAGE_MAX_PIXELS_DEFAULT;

void image_set_max_pixels(long long limit)
{
    max_pixels = limit > 0 ? limit : IMAGE_MAX_PIXELS_DEFAULT;
}

inr_status image_check_pixels(const char *name, long long width, long long height)
{
    if (width * height <= max_pixels) return INR_OK;
    return inr_fail(INR_ERR_NOMEM,
                    "'%s' is %lldx%lld = %lld pixels, above the limit of %lld "
                    "(--max-pixels raises it)",
                    name, width, height, width * height, max_pixels);
}

void image_free(image *img)
{
    if (!img) return;
    free(img->pixels);
    memset(img, 0, sizeof *img);
}

/* libpng's reason is kept for our message; png_longjmp never returns. */
static void on_png_error(png_structp png, png_const_charp msg)
{
    char *reason = png_get_error_ptr(png);
    snprintf(reason, REASON_MAX, "%s", msg);
    png_longjmp(png, 1);
}

/* The default handler prints to stderr; libraries must stay quiet, and
 * warnings (bad ancillary CRC, unknown chunks) do not affect the pixels. */
static void on_png_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

/* ---- reading ---------------------------------------------------------- */

typedef struct {
    const char *name;          /* for messages */
    FILE *file;                /* the source is a file ... */
    const unsigned char *data; /* ... or a memory buffer of `size` bytes */
    size_t size;               /* bytes of the buffer */
    size_t pos;                /* bytes consumed so far, signature included */
    size_t total;              /* bytes of the whole input; 0 when unknown */
    int io_errno;              /* set when a read failed (not mere EOF) */
    char reason[REASON_MAX];   /* libpng's message for the last error */
    unsigned char *rows;       /* decoded rows; freed by load() */
    float *pixels;             /* result; freed by load() unless handed out */
} png_reader;

/* libpng 1.6.39 buffers a text, EXIF or palette chunk whole, at the length
 * its header claims, before reading it: a 60-byte file asking for 2 GB got
 * 2 GB. A chunk header is checked here against the bytes that remain. */
static void check_chunk_header(png_structp png, const png_reader *r, const png_byte *hdr)
{
    size_t length = png_get_uint_32(hdr);
    int idat = memcmp(hdr + 4, "IDAT", 4) == 0;
    size_t left = r->total > r->pos ? r->total - r->pos : 0;
    if (r->total && length > left)
        png_error(png, "a chunk claims more bytes than the file holds");
    if (!r->total && !idat && length > PNG_METADATA_MAX)
        png_error(png, "a metadata chunk of over 64 MB");
}

static void read_bytes(png_structp png, png_bytep dst, size_t n)
{
    png_reader *r = png_get_io_ptr(png);
    int got;
    if (r->file) {
        got = fread(dst, 1, n, r->file) == n;
        if (!got && ferror(r->file)) {
            r->io_errno = errno ? errno : EIO;
            png_error(png, "read error");
        }
    } else {
        got = r->size - r->pos >= n;
        if (got) memcpy(dst, r->data + r->pos, n);
    }
    if (!got) png_error(png, "unexpected end of file");
    r->pos += n;
    if (n == 8 && (png_get_io_state(png) & PNG_IO_MASK_LOC) == PNG_IO_CHUNK_HDR)
        check_chunk_header(png, r, dst);
}

/* n samples of 8 or 16 bits (big-endian) -> [0,1]. A division rather than a
 * multiply by 1/maxval, so each value is exactly the correctly rounded
 * s/maxval that callers and tests can reproduce. */
static void convert_row(const unsigned char *src, float *dst, size_t n, int depth)
{
    if (depth == 16)
        for (size_t i = 0; i < n; i++)
            dst[i] = (float)((src[2 * i] << 8) | src[2 * i + 1]) / 65535.0f;
    else
        for (size_t i = 0; i < n; i++) dst[i] = (float)src[i] / 255.0f;
}

/* Runs after the signature was checked. Only `r` (not locals) carries state
 * across the longjmp, which is what setjmp allows without volatile. */
static inr_status decode(png_structp png, png_infop info, png_reader *r, image *out)
{
    if (setjmp(png_jmpbuf(png))) {
        if (r->io_errno)
            return inr_fail(INR_ERR_IO, "cannot read '%s': %s", r->name,
                            strerror(r->io_errno));
        return inr_fail(INR_ERR_FORMAT, "'%s': truncated or corrupt PNG (%s)",
                        r->name, r->reason);
    }
    png_set_sig_bytes(png, PNG_SIG_BYTES);
    /* libpng's default caps width and height at 10^6 each; our pixel-count
     * limit below is the one users can raise, so open libpng's to PNG's own. */
    png_set_user_limits(png, 0x7fffffff, 0x7fffffff);
    png_read_info(png, info);

    png_uint_32 width = png_get_image_width(png, info);
    png_uint_32 height = png_get_image_height(png, info);
    int bit_depth = png_get_bit_depth(png, info);
    if (image_check_pixels(r->name, width, height)) return INR_ERR_NOMEM;
    /* Deflate codes at most a 258-byte run in 2 bits (1032:1), so S bytes of
     * input hold at most ~1032 S bytes of rows: a header that asks for more
     * is refused before its pixels are allocated. */
    double row_bytes = (double)png_get_rowbytes(png, info);
    if (r->total && (double)height * row_bytes > 1032.0 * r->total + 4096)
        return inr_fail(INR_ERR_FORMAT,
                        "'%s': truncated or corrupt PNG (%ux%u pixels cannot fit in %zu bytes)",
                        r->name, (unsigned)width, (unsigned)height, r->total);

    /* Palette -> RGB, grey of 1/2/4 bits -> 8 bits (s * 255/maxval, so
     * dividing by 255 below gives exactly s/maxval), tRNS -> alpha. */
    png_set_expand(png);
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    int channels = png_get_channels(png, info);
    int depth = png_get_bit_depth(png, info);
    size_t rowbytes = png_get_rowbytes(png, info);
    INR_ASSERT(channels >= 1 && channels <= 4 && (depth == 8 || depth == 16));
    INR_ASSERT(rowbytes == (size_t)width * channels * (depth / 8));

    /* Interlaced images arrive in 7 sparse passes, so need every row at
     * once; others are converted one row at a time. */
    size_t nrows = passes > 1 ? height : 1;
    size_t row_samples = (size_t)width * channels;
    r->rows = calloc(nrows, rowbytes);
    r->pixels = malloc(row_samples * height * sizeof(float));
    if (!r->rows || !r->pixels)
        return inr_fail(INR_ERR_NOMEM, "'%s': out of memory for a %ux%u image",
                        r->name, (unsigned)width, (unsigned)height);

    for (int pass = 0; pass < passes; pass++) {
        for (png_uint_32 y = 0; y < height; y++) {
            unsigned char *row = r->rows + (passes > 1 ? y * rowbytes : 0);
            png_read_row(png, row, NULL);
            if (passes == 1)
                convert_row(row, r->pixels + y * row_samples, row_samples, depth);
        }
    }
    if (passes > 1)
        for (png_uint_32 y = 0; y < height; y++)
            convert_row(r->rows + y * rowbytes, r->pixels + y * row_samples,
                        row_samples, depth);
    /* Reads on to IEND, so that a file cut after the pixel data, or a bad
     * CRC in the last chunks, is still reported. */
    png_read_end(png, NULL);

    out->width = (int)width;
    out->height = (int)height;
    out->channels = channels;
    out->bit_depth = bit_depth;
    out->pixels = r->pixels;
    r->pixels = NULL;
    return INR_OK;
}

/* Creates the libpng reader around `r` (signature already checked), decodes,
 * and frees whatever the decoder left behind on either path. */
static inr_status load(png_reader *r, image *out)
{
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, r->reason,
                                             on_png_error, on_png_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    inr_status st;
    if (!info)
        st = inr_fail(INR_ERR_NOMEM, "'%s': out of memory starting libpng", r->name);
    else {
        png_set_read_fn(png, r, read_bytes);
        st = decode(png, info, r, out);
    }
    png_destroy_read_struct(png ? &png : NULL, info ? &info : NULL, NULL);
    free(r->rows);
    free(r->pixels);
    return st;
}

inr_status image_load_path(const char *path, image *out, image_stream_loader load)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f) return inr_fail(INR_ERR_IO, "cannot open '%s': %s", path, strerror(errno));
    inr_status st = load(f, path, out);
    fclose(f);
    return st;
}

inr_status image_load_png(const char *path, image *out)
{
    return image_load_path(path, out, image_load_png_stream);
}

inr_status image_load_png_stream(FILE *f, const char *name, image *out)
{
    memset(out, 0, sizeof *out);
    unsigned char sig[PNG_SIG_BYTES];
    size_t got = fread(sig, 1, sizeof sig, f);
    if (ferror(f) && errno == EISDIR) /* fopen accepts directories on Linux */
        return inr_fail(INR_ERR_IO, "cannot open '%s': %s", name, strerror(EISDIR));
    if (ferror(f)) return inr_fail(INR_ERR_IO, "cannot read '%s': %s", name, strerror(errno));
    if (got == 0) return inr_fail(INR_ERR_FORMAT, "'%s' is empty, not a PNG file", name);
    if (got < sizeof sig || png_sig_cmp(sig, 0, sizeof sig) != 0)
        return inr_fail(INR_ERR_FORMAT, "'%s' is not a PNG file", name);
    struct stat sb;
    png_reader r = { .name = name, .file = f, .pos = PNG_SIG_BYTES };
    if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode)) r.total = (size_t)sb.st_size;
    return load(&r, out);
}

inr_status image_load_png_memory(const unsigned char *data, size_t size, image *out)
{
    return image_load_png_named(data, size, "<memory>", out);
}

inr_status image_load_png_named(const unsigned char *data, size_t size, const char *name,
                                image *out)
{
    memset(out, 0, sizeof *out);
    if (size == 0)
        return inr_fail(INR_ERR_FORMAT, "'%s' is empty, not a PNG file", name);
    if (size < PNG_SIG_BYTES || png_sig_cmp(data, 0, PNG_SIG_BYTES) != 0)
        return inr_fail(INR_ERR_FORMAT, "'%s' is not a PNG file", name);
    png_reader r = { .name = name, .data = data, .size = size, .pos = PNG_SIG_BYTES,
                     .total = size };
    return load(&r, out);
}

/* ---- writing ---------------------------------------------------------- */

/* A PNG being written row by row (image_io.h). libpng's errors longjmp to
 * the setjmp of the call that raised them; each call keeps its own. */
struct image_png_writer {
    FILE *file;              /* the temporary file */
    const char *path;        /* for messages */
    int io_errno;            /* set when a write failed */
    char reason[REASON_MAX]; /* libpng's message for the last error */
    unsigned char *row;      /* one encoded row */
    png_structp png;
    png_infop info;
    int width, height, channels, bit_depth, rows;
};

static void write_bytes(png_structp png, png_bytep src, size_t n)
{
    image_png_writer *w = png_get_io_ptr(png);
    if (fwrite(src, 1, n, w->file) != n) {
        w->io_errno = errno ? errno : EIO;
        png_error(png, "write error");
    }
}

/* Flushing happens once, with fsync, before the rename. */
static void flush_bytes(png_structp png) { (void)png; }

/* [0,1] -> nearest of 0..maxval; values outside are clamped (NaN was
 * refused by the caller). */
static unsigned quantize(float v, unsigned maxval)
{
    if (!(v > 0.0f)) return 0;
    if (v >= 1.0f) return maxval;
    return (unsigned)((double)v * maxval + 0.5);
}

static inr_status write_failed(const image_png_writer *w)
{
    if (w->io_errno)
        return inr_fail(INR_ERR_IO, "cannot write '%s': %s", w->path, strerror(w->io_errno));
    return inr_fail(INR_ERR_IO, "cannot write '%s': %s", w->path, w->reason);
}

static inr_status start(image_png_writer *w)
{
    if (setjmp(png_jmpbuf(w->png))) return write_failed(w);
    static const int color_types[4] = { PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA,
                                        PNG_COLOR_TYPE_RGB, PNG_COLOR_TYPE_RGB_ALPHA };
    png_set_write_fn(w->png, w, write_bytes, flush_bytes);
    png_set_IHDR(w->png, w->info, (png_uint_32)w->width, (png_uint_32)w->height, w->bit_depth,
                 color_types[w->channels - 1], PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(w->png, w->info);
    return INR_OK;
}

static inr_status put_row(image_png_writer *w)
{
    if (setjmp(png_jmpbuf(w->png))) return write_failed(w);
    png_write_row(w->png, w->row);
    return INR_OK;
}

static inr_status finish(image_png_writer *w)
{
    if (setjmp(png_jmpbuf(w->png))) return write_failed(w);
    png_write_end(w->png, NULL);
    return INR_OK;
}

void image_png_abort(image_png_writer *w)
{
    if (!w) return;
    png_destroy_write_struct(w->png ? &w->png : NULL, w->info ? &w->info : NULL);
    free(w->row);
    free(w);
}

/* What a PNG can hold: a non-empty image (have_pixels: its values are
 * there) of 1 to 4 channels at 8 or 16 bits. */
static inr_status png_shape_check(const char *path, int have_pixels, int width, int height,
                                  int channels, int bit_depth)
{
    if (!have_pixels || width <= 0 || height <= 0)
        return inr_fail(INR_ERR_INVALID, "cannot write '%s': empty image (%dx%d)",
                        path, width, height);
    if (channels < 1 || channels > 4)
        return inr_fail(INR_ERR_INVALID, "cannot write '%s': %d channels (PNG takes 1 to 4)",
                        path, channels);
    if (bit_depth != 8 && bit_depth != 16)
        return inr_fail(INR_ERR_INVALID, "cannot write '%s': bit depth %d (8 or 16 allowed)",
                        path, bit_depth);
    return INR_OK;
}

inr_status image_png_begin(FILE *f, const char *path, int width, int height, int channels,
                           int bit_depth, image_png_writer **out)
{
    *out = NULL;
    inr_status shape = png_shape_check(path, 1, width, height, channels, bit_depth);
    if (shape) return shape;
    image_png_writer *w = calloc(1, sizeof *w);
    if (!w) return inr_fail(INR_ERR_NOMEM, "cannot write '%s': out of memory", path);
    w->file = f;
    w->path = path;
    w->width = width;
    w->height = height;
    w->channels = channels;
    w->bit_depth = bit_depth;
    w->png = png_create_write_struct(PNG_LIBPNG_VER_STRING, w->reason, on_png_error,
                                     on_png_warning);
    w->info = w->png ? png_create_info_struct(w->png) : NULL;
    w->row = malloc((size_t)width * channels * (bit_depth / 8));
    inr_status st = !w->info || !w->row
                        ? inr_fail(INR_ERR_NOMEM, "cannot write '%s': out of memory", path)
                        : start(w);
    if (st) {
        image_png_abort(w);
        return st;
    }
    *out = w;
    return INR_OK;
}

inr_status image_png_rows(image_png_writer *w, const float *pixels, int rows)
{
    size_t row_samples = (size_t)w->width * w->channels;
    if (rows < 0 || rows > w->height - w->rows)
        return inr_fail(INR_ERR_INVALID, "cannot write '%s': more rows than its %d", w->path,
                        w->height);
    for (size_t i = 0; i < row_samples * rows; i++)
        if (isnan(pixels[i]))
            return inr_fail(INR_ERR_INVALID, "cannot write '%s': pixel values contain NaN",
                            w->path);
    unsigned maxval = w->bit_depth == 16 ? 65535u : 255u;
    for (int y = 0; y < rows; y++) {
        const float *src = pixels + (size_t)y * row_samples;
        for (size_t i = 0; i < row_samples; i++) {
            unsigned q = quantize(src[i], maxval);
            if (w->bit_depth == 16) {
                w->row[2 * i] = (unsigned char)(q >> 8); /* PNG is big-endian */
                w->row[2 * i + 1] = (unsigned char)(q & 0xff);
            } else {
                w->row[i] = (unsigned char)q;
            }
        }
        inr_status st = put_row(w);
        if (st) return st;
        w->rows++;
    }
    return INR_OK;
}

inr_status image_png_end(image_png_writer *w)
{
    inr_status st = w->rows == w->height
                        ? finish(w)
                        : inr_fail(INR_ERR_INVALID, "cannot write '%s': %d of its %d rows",
                                   w->path, w->rows, w->height);
    image_png_abort(w);
    return st;
}

inr_status image_write_png(FILE *f, const char *path, const float *pixels, int width,
                           int height, int channels, int bit_depth)
{
    inr_status shape = png_shape_check(path, pixels != NULL, width, height, channels, bit_depth);
    if (shape) return shape;
    /* NaN anywhere is refused before a byte is written. */
    size_t n = (size_t)width * height * channels;
    for (size_t i = 0; i < n; i++)
        if (isnan(pixels[i]))
            return inr_fail(INR_ERR_INVALID, "cannot write '%s': pixel values contain NaN",
                            path);
    image_png_writer *w;
    inr_status st = image_png_begin(f, path, width, height, channels, bit_depth, &w);
    if (st) return st;
    if ((st = image_png_rows(w, pixels, height)) != INR_OK) {
        image_png_abort(w);
        return st;
    }
    return image_png_end(w);
}

inr_status image_save_png(const char *path, const float *pixels, int width,
                          int height, int channels, int bit_depth)
{
    atomic_file af;
    inr_status st = atomic_open(path, &af);
    if (st) return st;
    st = image_write_png(af.file, path, pixels, width, height, channels, bit_depth);
    if (st) {
        atomic_abort(&af);
        return st;
    }
    return atomic_commit(&af);
}
