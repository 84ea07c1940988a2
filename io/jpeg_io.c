/* jpeg_io.c - JPEG decoding with libjpeg-turbo (see jpeg_io.h).
 *
 * libjpeg reports errors through callbacks that must not return; ours
 * longjmp back to decode(), whose resources all sit in the caller-owned
 * jpeg_reader, so nothing is lost when it fires. */
#include "jpeg_io.h"

#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jpeglib.h>
#include <jerror.h>

#include "exif.h"
#include "file_magic.h"

/* Huffman coding spends at least one bit on each 8x8 block of a component;
 * with sampling factors up to 4 x 4 a file of S bytes thus codes at most
 * 8 S * 64 * 16 pixels. Arithmetic coding has no such floor. */
#define HUFFMAN_PIXELS_PER_BYTE 8192.0

typedef struct {
    struct jpeg_error_mgr mgr;   /* first, so the callbacks can cast */
    jmp_buf jump;
    char reason[JMSG_LENGTH_MAX];
} jpeg_errors;

typedef struct {
    const char *name;            /* for messages */
    size_t total;                /* bytes of the input; 0 when unknown */
    struct jpeg_decompress_struct cinfo;
    jpeg_errors err;
    unsigned char *row;          /* one decoded row; freed by load() */
    float *pixels, *oriented;    /* results; freed by load() unless handed out */
} jpeg_reader;

static void on_error(j_common_ptr c)
{
    jpeg_errors *e = (jpeg_errors *)c->err;
    c->err->format_message(c, e->reason);
    longjmp(e->jump, 1);
}

/* Warnings (level -1) mostly mean corrupt or missing data, which libjpeg
 * would paper over with made-up pixels: refused, except the few that only
 * concern a header detail. Trace messages (level >= 0) are dropped. */
static void on_message(j_common_ptr c, int level)
{
    if (level >= 0) return;
    int code = c->err->msg_code;
    if (code == JWRN_JFIF_MAJOR || code == JWRN_ADOBE_XFORM || code == JWRN_BOGUS_ICC) return;
    on_error(c);
}

int jpeg_signature(const unsigned char *data, size_t size)
{
    return file_magic_input(data, size) == FILE_MAGIC_JPEG;
}

static int orientation_of(j_decompress_ptr c)
{
    for (jpeg_saved_marker_ptr m = c->marker_list; m; m = m->next) {
        int o = m->marker == JPEG_APP0 + 1 ? exif_orientation(m->data, m->data_length) : 0;
        if (o) return o;
    }
    return 0;
}

/* One row of output samples to [0,1]: grey and RGB as they are; CMYK
 * (Adobe files store it inverted, which libjpeg reports) to RGB. */
static void convert_row(const j_decompress_ptr c, const unsigned char *src, float *dst)
{
    JDIMENSION w = c->output_width;
    if (c->out_color_space != JCS_CMYK) {
        for (size_t i = 0; i < (size_t)w * c->output_components; i++) dst[i] = src[i] / 255.0f;
        return;
    }
    for (JDIMENSION x = 0; x < w; x++, src += 4, dst += 3) {
        float k = c->saw_Adobe_marker ? src[3] / 255.0f : 1.0f - src[3] / 255.0f;
        for (int j = 0; j < 3; j++)
            dst[j] = (c->saw_Adobe_marker ? src[j] / 255.0f : 1.0f - src[j] / 255.0f) * k;
    }
}

/* The source manager is set; reads, checks and decodes. */
static inr_status decode(jpeg_reader *r, image *out)
{
    j_decompress_ptr c = &r->cinfo;
    if (setjmp(r->err.jump))
        return inr_fail(INR_ERR_FORMAT, "'%s': truncated or corrupt JPEG (%s)", r->name,
                        r->err.reason);
    jpeg_save_markers(c, JPEG_APP0 + 1, 0xffff);
    jpeg_read_header(c, TRUE);
    out->orientation = orientation_of(c);   /* saved markers live until the end */
    long long w = c->image_width, h = c->image_height;
    if (image_check_pixels(r->name, w, h)) return INR_ERR_NOMEM;
    if (!c->arith_code && r->total && (double)w * h > HUFFMAN_PIXELS_PER_BYTE * r->total)
        return inr_fail(INR_ERR_FORMAT,
                        "'%s': truncated or corrupt JPEG (%lldx%lld pixels cannot fit in %zu bytes)",
                        r->name, w, h, r->total);
    int cmyk = c->jpeg_color_space == JCS_CMYK || c->jpeg_color_space == JCS_YCCK;
    c->out_color_space = c->num_components == 1 ? JCS_GRAYSCALE : cmyk ? JCS_CMYK : JCS_RGB;
    jpeg_start_decompress(c);
    int channels = c->out_color_space == JCS_GRAYSCALE ? 1 : 3;
    size_t row_samples = (size_t)c->output_width * channels;
    r->row = malloc((size_t)c->output_width * c->output_components);
    r->pixels = malloc(row_samples * c->output_height * sizeof(float));
    if (!r->row || !r->pixels)
        return inr_fail(INR_ERR_NOMEM, "'%s': out of memory for a %lldx%lld image", r->name, w, h);
    while (c->output_scanline < c->output_height) {
        float *dst = r->pixels + row_samples * c->output_scanline;
        JSAMPROW rows[1] = { r->row };
        if (jpeg_read_scanlines(c, rows, 1) != 1)
            return inr_fail(INR_ERR_FORMAT, "'%s': truncated JPEG", r->name);
        convert_row(c, r->row, dst);
    }
    /* Reads on to the end marker, so a file cut after the last row is
     * still reported. */
    jpeg_finish_decompress(c);

    out->width = (int)c->output_width;
    out->height = (int)c->output_height;
    if (out->orientation > 1) {
        r->oriented = malloc(row_samples * c->output_height * sizeof(float));
        if (!r->oriented)
            return inr_fail(INR_ERR_NOMEM, "'%s': out of memory for a %lldx%lld image", r->name,
                            w, h);
        exif_orient(r->pixels, out->width, out->height, channels, out->orientation, r->oriented,
                    &out->width, &out->height);
        float *t = r->pixels;
        r->pixels = r->oriented;
        r->oriented = t;
    }
    out->channels = channels;
    out->bit_depth = c->data_precision;
    out->pixels = r->pixels;
    r->pixels = NULL;
    return INR_OK;
}

/* Sets up libjpeg around r (attach a source with `attach`), decodes, and
 * frees whatever the decoder left behind on either path. */
static inr_status load(jpeg_reader *r, FILE *file, const unsigned char *data, size_t size,
                       image *out)
{
    r->cinfo.err = jpeg_std_error(&r->err.mgr);
    r->err.mgr.error_exit = on_error;
    r->err.mgr.emit_message = on_message;
    inr_status st;
    if (setjmp(r->err.jump)) {
        st = inr_fail(INR_ERR_NOMEM, "'%s': cannot start libjpeg (%s)", r->name, r->err.reason);
    } else {
        jpeg_create_decompress(&r->cinfo);
        if (file) jpeg_stdio_src(&r->cinfo, file);
        else jpeg_mem_src(&r->cinfo, data, (unsigned long)size);
        st = decode(r, out);
    }
    jpeg_destroy_decompress(&r->cinfo);
    free(r->row);
    free(r->pixels);
    free(r->oriented);
    if (st) memset(out, 0, sizeof *out);
    return st;
}

inr_status image_load_jpeg(const char *path, image *out)
{
    return image_load_path(path, out, image_load_jpeg_stream);
}

inr_status image_load_jpeg_stream(FILE *f, const char *name, image *out)
{
    memset(out, 0, sizeof *out);
    unsigned char head[3];
    long start = ftell(f);
    size_t got = fread(head, 1, sizeof head, f);
    struct stat sb;
    if (ferror(f))
        return inr_fail(INR_ERR_IO, "cannot read '%s': %s", name, strerror(errno));
    if (!jpeg_signature(head, got))
        return inr_fail(INR_ERR_FORMAT, "'%s' is not a JPEG file", name);
    if (start < 0 || fseek(f, start, SEEK_SET) != 0)
        return inr_fail(INR_ERR_IO, "cannot read '%s': %s", name, strerror(errno));
    jpeg_reader r = { .name = name };
    if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > start)
        r.total = (size_t)(sb.st_size - start);
    return load(&r, f, NULL, 0, out);
}

inr_status image_load_jpeg_memory(const unsigned char *data, size_t size, image *out)
{
    return image_load_jpeg_named(data, size, "<memory>", out);
}

inr_status image_load_jpeg_named(const unsigned char *data, size_t size, const char *name,
                                 image *out)
{
    memset(out, 0, sizeof *out);
    if (!jpeg_signature(data, size))
        return inr_fail(INR_ERR_FORMAT, "'%s' is not a JPEG file", name);
    jpeg_reader r = { .name = name, .total = size };
    return load(&r, NULL, data, size, out);
}
