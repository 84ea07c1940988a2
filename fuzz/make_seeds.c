/* make_seeds.c - writes the committed seed corpora of fuzz/seeds/: small
 * PNGs of every colour type, bit depth and interlacing (libpng), JPEGs
 * (grey, RGB, CMYK; baseline and progressive; every EXIF orientation in
 * both byte orders; tests/jpeg_make.h), and short audio files in every
 * format and encoding the installed libsndfile writes.
 *
 * Build and run (from the repository root):
 *   cc fuzz/make_seeds.c $(pkg-config --cflags --libs libpng libjpeg sndfile) -lm -o /tmp/make_seeds
 *   /tmp/make_seeds fuzz/seeds
 */
#include <math.h>
#include <png.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../tests/jpeg_make.h"

/* Tiny shapes keep every seed well under a kilobyte (Ogg excepted: its
 * codebooks alone take a few kilobytes). */
enum { SEED_W = 7, SEED_H = 5, AUDIO_FRAMES = 48, AUDIO_RATE = 8000 };

static int write_png(const char *dir, int color_type, int depth, int interlace, int trns)
{
    static const char *type_names[7] = { "grey", "", "rgb", "palette", "greyalpha", "", "rgba" };
    char path[512];
    snprintf(path, sizeof path, "%s/%s%d%s%s.png", dir, type_names[color_type], depth,
             interlace ? "_adam7" : "", trns ? "_trns" : "");
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        fclose(f);
        return -1;
    }
    png_init_io(png, f);
    png_set_IHDR(png, info, SEED_W, SEED_H, depth, color_type,
                 interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (color_type == PNG_COLOR_TYPE_PALETTE) {
        png_color pal[16];
        for (int i = 0; i < 16; i++) pal[i] = (png_color){ 17 * i, 255 - 17 * i, 40 + 9 * i };
        png_set_PLTE(png, info, pal, 1 << (depth < 4 ? depth : 4));
        png_byte alpha[4] = { 0, 128, 255, 64 };
        if (trns) png_set_tRNS(png, info, alpha, 4 < (1 << depth) ? 4 : 1 << depth, NULL);
    } else if (trns) {
        png_color_16 key = { 0, 1, 1, 1, 1 };
        png_set_tRNS(png, info, NULL, 0, &key);
    }
    png_write_info(png, info);
    int channels = color_type == 0 || color_type == 3 ? 1 : color_type == 4 ? 2 : color_type == 2 ? 3 : 4;
    size_t rowbytes = ((size_t)SEED_W * channels * depth + 7) / 8;
    png_byte row[64];
    int passes = png_set_interlace_handling(png);
    for (int p = 0; p < passes; p++)
        for (int y = 0; y < SEED_H; y++) {
            for (size_t i = 0; i < rowbytes; i++) row[i] = (png_byte)(37 * (y + 1) * (i + 3) + 11 * p);
            if (color_type == PNG_COLOR_TYPE_PALETTE && depth == 8)
                for (size_t i = 0; i < rowbytes; i++) row[i] %= 16; /* stay in the palette */
            png_write_row(png, row);
        }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    fclose(f);
    return 0;
}

static void png_seeds(const char *dir)
{
    static const struct { int type, depths[5]; } kinds[] = {
        { PNG_COLOR_TYPE_GRAY, { 1, 2, 4, 8, 16 } },
        { PNG_COLOR_TYPE_PALETTE, { 1, 2, 4, 8, 0 } },
        { PNG_COLOR_TYPE_RGB, { 8, 16, 0, 0, 0 } },
        { PNG_COLOR_TYPE_GRAY_ALPHA, { 8, 16, 0, 0, 0 } },
        { PNG_COLOR_TYPE_RGB_ALPHA, { 8, 16, 0, 0, 0 } },
    };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        for (int d = 0; d < 5 && kinds[k].depths[d]; d++) {
            int type = kinds[k].type, depth = kinds[k].depths[d];
            write_png(dir, type, depth, 0, 0);
            if (depth == 8 || depth == 2) write_png(dir, type, depth, 1, 0);
            if ((type == PNG_COLOR_TYPE_PALETTE || type == PNG_COLOR_TYPE_GRAY ||
                 type == PNG_COLOR_TYPE_RGB) && depth >= 2)
                write_png(dir, type, depth, depth == 8, 1);
        }
}

static void jpeg_seeds(const char *dir)
{
    static const char *kinds[5] = { "", "grey", "", "rgb", "cmyk" };
    unsigned char samples[SEED_W * SEED_H * 4];
    for (size_t i = 0; i < sizeof samples; i++) samples[i] = (unsigned char)(37 * i + 11);
    for (int comps = 1; comps <= 4; comps++) {
        if (comps == 2) continue;
        for (int o = 0; o <= 8; o++) {
            /* Orientations on RGB only, in both byte orders; grey and CMYK
             * baseline and progressive. */
            if (o && comps != 3) continue;
            for (int v = 0; v < 2; v++) {
                unsigned char *data;
                unsigned long size;
                jpeg_make(samples, SEED_W, SEED_H, comps, o ? 80 : 90 - 40 * v, !o && v, o, v,
                          &data, &size);
                char path[512], tag[32] = "";
                if (o) snprintf(tag, sizeof tag, "_exif_%s%d", v ? "mm" : "ii", o);
                else if (v) snprintf(tag, sizeof tag, "_progressive");
                snprintf(path, sizeof path, "%s/%s%s.jpg", dir, kinds[comps], tag);
                FILE *f = fopen(path, "wb");
                if (f) {
                    fwrite(data, 1, size, f);
                    fclose(f);
                }
                free(data);
            }
        }
    }
}

/* One file per (major format, subtype) pair libsndfile accepts at 8 kHz,
 * stereo where allowed, else mono (GSM, G.72x, VOX); RAW is left out (it
 * needs its format given to read). */
static void audio_seeds(const char *dir)
{
    int n_major = 0, n_sub = 0;
    sf_command(NULL, SFC_GET_FORMAT_MAJOR_COUNT, &n_major, sizeof n_major);
    sf_command(NULL, SFC_GET_FORMAT_SUBTYPE_COUNT, &n_sub, sizeof n_sub);
    float buf[2 * AUDIO_FRAMES];
    for (int i = 0; i < AUDIO_FRAMES; i++) {
        buf[2 * i] = 0.8f * sinf(0.3f * i);
        buf[2 * i + 1] = 0.5f * cosf(0.11f * i * i);
    }
    for (int a = 0; a < n_major; a++) {
        SF_FORMAT_INFO major = { .format = a };
        sf_command(NULL, SFC_GET_FORMAT_MAJOR, &major, sizeof major);
        if (major.format == SF_FORMAT_RAW) continue;
        for (int b = 0; b < n_sub; b++) {
            SF_FORMAT_INFO sub = { .format = b };
            sf_command(NULL, SFC_GET_FORMAT_SUBTYPE, &sub, sizeof sub);
            SF_INFO info = { .samplerate = AUDIO_RATE, .channels = 2,
                             .format = major.format | sub.format };
            if (!sf_format_check(&info)) info.channels = 1;
            if (!sf_format_check(&info)) continue;
            char name[160], path[512];
            /* extension + major id (WAV, WAVEX and NIST all use .wav) + subtype */
            snprintf(name, sizeof name, "%s%02x_%s", major.extension, major.format >> 16, sub.name);
            for (char *c = name; *c; c++)
                if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')))
                    *c = '_';
            snprintf(path, sizeof path, "%s/%s.%s", dir, name, major.extension);
            SNDFILE *sf = sf_open(path, SFM_WRITE, &info);
            if (!sf) continue;
            if (info.channels == 1)
                for (int i = 0; i < AUDIO_FRAMES; i++) sf_write_float(sf, buf + 2 * i, 1);
            else
                sf_writef_float(sf, buf, AUDIO_FRAMES);
            sf_close(sf);
        }
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: make_seeds OUTDIR\n");
        return 2;
    }
    char png_dir[400], jpeg_dir[400], audio_dir[400];
    snprintf(png_dir, sizeof png_dir, "%s/png", argv[1]);
    snprintf(jpeg_dir, sizeof jpeg_dir, "%s/jpeg", argv[1]);
    snprintf(audio_dir, sizeof audio_dir, "%s/audio", argv[1]);
    mkdir(argv[1], 0777);
    mkdir(png_dir, 0777);
    mkdir(jpeg_dir, 0777);
    mkdir(audio_dir, 0777);
    png_seeds(png_dir);
    jpeg_seeds(jpeg_dir);
    audio_seeds(audio_dir);
    return 0;
}
