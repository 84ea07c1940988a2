/* cmd_render.c - `inrfit render`: evaluate a checkpoint on a new grid.
 *
 * The model is continuous on [-1,1]^d, so any resolution or sample rate
 * samples the same function; --seconds renders a length of audio measured
 * from the start (beyond the fitted duration it extrapolates). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "checkpoint.h"
#include "chunked.h"
#include "cli_args.h"
#include "commands.h"
#include "field_draw.h"
#include "fit_precision.h"
#include "gemm_bf16.h"
#include "image_io.h"
#include "atomic_file.h"
#include "json_out.h"
#include "outputs.h"
#include "profile_report.h"
#include "signal_io.h"
#include "timer.h"
#include "trainer.h"

/* "  LEAD" padded to 16 columns, then text wrapped at words within 75. */
static void print_option(FILE *out, const char *lead, const char *text)
{
    int col = fprintf(out, "  %-13s", lead);
    for (int first = 1; *text; first = 0) {
        text += strspn(text, " ");
        int word = (int)strcspn(text, " ");
        if (!first && col + 1 + word > 75) col = fprintf(out, "\n%*s", 15, "") - 1;
        col += fprintf(out, " %.*s", word, text);
        text += word;
    }
    fputc('\n', out);
}

void render_usage(FILE *out)
{
    fputs("usage: inrfit render <MODEL.inr> -o <OUT> [--size WxH | --scale S]\n"
          "                     [--rate HZ] [--seconds S] [--bits N] [--threads N] [-q]\n"
          "                     [--device auto|cpu|cuda] [--precision fp32|bf16] [--profile]\n"
          "\n"
          "Evaluates a fitted model at another resolution (images: --size, --scale)\n"
          "or sample rate and length (audio: --rate, --seconds); by default at the\n"
          "size it was fitted to. The format follows OUT's extension: .png for image\n"
          "models; .wav, .flac or .ogg (Vorbis) for audio models; .npy for either gets\n"
          "the values as float32 (numpy: height x width x channels, or frames x\n"
          "channels), neither clamped nor quantised.\n"
          "  --bits N      PNG 8|16, WAV 16|24|32 (float), FLAC 16|24\n"
          "  --json        print the result as one JSON object (size, rate, device,\n"
          "                seconds, the file written and its bytes)\n"
          "  -q, --quiet   no 'rendered' line (errors and warnings still print)\n"
          "  --precision P fp32 or bf16: the products between hidden layers in bf16\n"
          "                (SIREN, FFN, hash grid; the CPU, where it has bf16 products),\n"
          "                faster and within 0.1 dB of fp32 on the bundled photo; default:\n"
          "                the fit's precision on the CPU where bf16 runs, else fp32 (so\n"
          "                a checkpoint renders to its fit's reconstruction)\n"
          "  --profile     time every phase (reading, coordinates, products, activations,\n"
          "                encoding, writing) and set the products against the GEMM peak\n"
          "                measured on the spot: a table on stderr, 'profile' in --json\n",
          out);
    char fields[256], text[640];
    field_kinds_text(fields, sizeof fields);
    snprintf(text, sizeof text, "instead, draw an inner field of the model as a PNG figure "
             "(title, axes, scale, legend): %s; images: a 512-pixel plot on the long side "
             "(--scale S: the fitted size times S), audio: 1024x400; --size WxH sets the whole "
             "picture; '--field list' prints the model's fields", fields);
    print_option(out, "--field NAME", text);
    fputs("  --device D    auto (default: an NVIDIA GPU when built with CUDA and one is\n"
          "                present, else the CPU), cpu or cuda; large renders go in tiles\n",
          out);
}

static int print_json(const char *model_path, const inr_model *m, const inr_fit_info *info,
                      const char *out_path, long width, long height, int rate,
                      const char *device, double seconds, const profile_report *prof)
{
    int image = info->kind == INR_SIGNAL_IMAGE;
    json_t *o = json_object(), *files = json_array();
    json_put(o, "command", json_string("render"));
    json_put(o, "input", json_string(model_path));
    json_put(o, "signal", json_string(image ? "image" : "audio"));
    json_put(o, "model", json_string(inr_model_name(m->cfg.kind)));
    json_put(o, "channels", json_integer(info->channels));
    if (image) {
        json_put(o, "width", json_integer(width));
        json_put(o, "height", json_integer(height));
    } else {
        json_put(o, "frames", json_integer(width));
        json_put(o, "sample_rate", json_integer(rate));
    }
    json_put(o, "device", json_string(device));
    json_put(o, "precision", json_string(m->eval_bf16 ? "bf16" : "fp32"));
    json_put(o, "seconds", json_number(seconds));
    json_array_append_new(files, json_file("render", out_path));
    json_put(o, "files", files);
    if (prof->on) json_put(o, "profile", profile_report_json(prof));
    return json_print(o);
}

/* --precision bf16: checks that this CPU and the model take it, marks the
 * model, and moves an auto device to the CPU (the GPU renders in fp32).
 * Returns 0 or 2 after a message. */
static int render_bf16(inr_model *m, int *device)
{
    inr_config asked = m->cfg;
    if (fit_precision_resolve(INR_PRECISION_BF16, &asked)) return 2;
    if (inr_model_eval_precision(m, INR_PRECISION_BF16) != INR_OK) {
        cli_error("%s", inr_error());
        return 2;
    }
    if (*device == INR_DEVICE_CUDA) {
        cli_error("--precision bf16 renders on the CPU (use --device cpu, or fp32 on the GPU)");
        return 2;
    }
    *device = INR_DEVICE_CPU;
    return 0;
}

/* Largest render: 2^28 points (a 16384 x 16384 image). */
#define RENDER_MAX_POINTS (1L << 28)
/* Points of a render's tiles: a multiple of the engine's chunks
 * (INR_CHUNK_ROWS), so each chunk holds what it holds in one evaluation of
 * the whole grid. */
#define RENDER_TILE ((long)INR_CHUNK_ROWS * 2048)

int cmd_render(int argc, char **argv)
{
    const char *model_path = NULL, *out_path = NULL, *field = NULL;
    long w = 0, h = 0, bits = 0, threads = 0;
    int device = INR_DEVICE_AUTO, json = 0, quiet = 0, profile = 0;
    int precision = -1;   /* not asked */
    float scale = 0, rate = 0, seconds = 0;
    cli_args a = { .argc = argc, .argv = argv };
    for (a.i = 0; cli_next(&a); a.i++) {
        int missing = 0, bad = 0;
        if (cli_flag(&a, "--help", "-h")) {
            render_usage(stdout);
            return 0;
        } else if (cli_flag(&a, "--json", NULL)) {
            json = 1;
        } else if (cli_flag(&a, "--quiet", "-q")) {
            quiet = 1;
        } else if (cli_flag(&a, "--profile", NULL)) {
            profile = 1;
        } else if (cli_match(&a, "--precision", &missing)) {
            precision = missing ? -1 : fit_precision_parse(a.value);
            if (!missing && precision != INR_PRECISION_FP32 && precision != INR_PRECISION_BF16) {
                cli_error("--precision: unknown precision '%s' (expected fp32 or bf16)", a.value);
                bad = 1;
            }
        } else if (cli_match(&a, "--output", &missing) || cli_match(&a, "-o", &missing)) {
            out_path = a.value;
        } else if (cli_match(&a, "--size", &missing)) {
            bad = !missing && cli_parse_size("--size", a.value, 65536, &w, &h);
        } else if (cli_match(&a, "--scale", &missing)) {
            bad = !missing && cli_parse_float("--scale", a.value, 1e-4, 1e4, &scale);
        } else if (cli_match(&a, "--rate", &missing)) {
            bad = !missing && cli_parse_float("--rate", a.value, 1, 1e7, &rate);
        } else if (cli_match(&a, "--seconds", &missing)) {
            bad = !missing && cli_parse_float("--seconds", a.value, 1e-6, 1e5, &seconds);
        } else if (cli_match(&a, "--bits", &missing)) {
            bad = !missing && cli_parse_long("--bits", a.value, 8, 32, &bits);
        } else if (cli_match(&a, "--threads", &missing)) {
            bad = !missing && cli_parse_long("--threads", a.value, 1, 1024, &threads);
        } else if (cli_match(&a, "--field", &missing)) {
            field = a.value;
        } else if (cli_match(&a, "--device", &missing)) {
            if (!missing && (device = inr_device_parse(a.value)) < 0) {
                cli_error("--device: unknown device '%s' (expected auto, cpu or cuda)", a.value);
                bad = 1;
            }
        } else if (cli_operand(&a, "render", &model_path)) {
            return 2;
        }
        if (missing || bad) return 2;
    }
    if (!model_path || (!out_path && !(field && strcmp(field, "list") == 0))) {
        cli_error("render needs a model and -o OUT (see 'inrfit render --help')");
        return 2;
    }

    if (field && profile) {
        cli_error("--profile applies to renders of the signal, not to --field");
        return 2;
    }
    profile_report prof;
    profile_report_begin(&prof, profile);
    double since = prof.started;
    inr_model m;
    inr_fit_info info;
    if (inr_checkpoint_load(model_path, &m, &info, NULL) != INR_OK) {
        cli_error("%s", inr_error());
        return 1;
    }
    profile_report_row(&prof, "reading the model", &since, -1, 0);
    if (precision == INR_PRECISION_BF16 && render_bf16(&m, &device)) {
        inr_model_free(&m);
        return 2;
    }
    /* Before any work: the output's format, and that it replaces no input. */
    int listing = field && strcmp(field, "list") == 0;
    signal_format fmt;
    named_path in = { "the model", model_path }, output = { "the output", out_path };
    if (!listing && signal_format_for(out_path, field ? INR_SIGNAL_IMAGE : info.kind, (int)bits,
                                      &fmt) != INR_OK) {
        cli_error("%s%s", inr_error(), field ? " (fields are drawn as PNG)" : "");
        inr_model_free(&m);
        return 2;
    }
    if (!listing && field && fmt.npy) {
        cli_error("'%s': --field draws a PNG; give OUT a .png extension", out_path);
        inr_model_free(&m);
        return 2;
    }
    if (!listing && outputs_check(&in, 1, &output, 1)) {
        inr_model_free(&m);
        return 2;
    }
    if (field && json) {
        cli_error("--json applies to renders of the signal, not to --field");
        inr_model_free(&m);
        return 2;
    }
    if (!listing) outputs_remove_stale(out_path);
    if (field) {
        int rc_field = field_command(&m, &info, model_path, field, out_path, w, h, scale,
                                     rate || seconds || bits, (int)threads, quiet);
        inr_model_free(&m);
        return rc_field;
    }
    int image = info.kind == INR_SIGNAL_IMAGE;
    if ((image && (rate || seconds)) || (!image && (w || scale))) {
        cli_error("%s", image ? "--rate/--seconds apply to audio models, this one is an image"
                              : "--size/--scale apply to image models, this one is audio");
        inr_model_free(&m);
        return 2;
    }
    long height = info.height, width = info.width;
    int out_rate = info.sample_rate;
    /* Audio: the grid step stays that of the fitted signal at its rate, so
     * a point keeps its time; n_frames counts the rendered points. */
    double x_end = 1.0;
    if (image) {
        if (w) { width = w; height = h; }
        else if (scale) {
            width = lround(info.width * (double)scale);
            height = lround(info.height * (double)scale);
        }
    } else {
        double duration = (double)info.width / info.sample_rate;
        if (rate) out_rate = (int)lround(rate);
        double secs = seconds ? seconds : duration;
        width = lround(secs * out_rate);
        x_end = -1.0 + 2.0 * secs / duration;
    }
    if (width < 1 || height < 1 || width > RENDER_MAX_POINTS / height) {
        /* The size the checkpoint stores is a file problem; an asked one, usage. */
        int asked = w || scale || rate || seconds;
        cli_error("render size %ldx%ld%s is empty or larger than %ld points%s", width, height,
                  asked ? "" : " stored in the checkpoint", RENDER_MAX_POINTS,
                  asked ? "" : " (choose one with --size or --scale)");
        inr_model_free(&m);
        return asked ? 2 : 1;
    }
    const inr_backend *backend;
    char device_desc[400];
    if (inr_backend_select((inr_device)device, &m, &backend, device_desc,
                           sizeof device_desc) != INR_OK) {
        cli_error("--device %s: %s", inr_device_name((inr_device)device), inr_error());
        inr_model_free(&m);
        return 1;
    }
    /* Not asked: a bf16 fit renders as its final evaluation ran, on the CPU
     * where bf16 products run. */
    if (precision < 0 && backend == &inr_backend_cpu && m.cfg.precision == INR_PRECISION_BF16 &&
        inr_bf16_engine_get(NULL, 0) != INR_BF16_NONE)
        inr_model_eval_precision(&m, INR_PRECISION_BF16);
    double t0 = timer_now();
    size_t n = (size_t)width * height, C = (size_t)info.channels;
    /* The grid is evaluated in tiles of computed coordinates; a PNG takes
     * each tile's whole rows as they come, other formats the whole output. */
    int stream = image && !fmt.npy;
    long tile = (long)n < RENDER_TILE ? (long)n : RENDER_TILE;
    float *coords = malloc((size_t)tile * m.cfg.in_dim * sizeof(float));
    float *out = malloc((stream ? (size_t)(tile + width) : n) * C * sizeof(float));
    int rc = 0;
    if (!coords || !out) {
        cli_error("out of memory for a %ldx%ld render", width, height);
        rc = 1;
    } else {
        double mark = timer_now(), t_coords = mark - since, t_eval = 0, t_write = 0;
        if (profile) inr_profile_start();
        atomic_file af;
        image_png_writer *png = NULL;
        inr_status st = INR_OK;
        if (stream && (st = atomic_open(out_path, &af)) == INR_OK &&
            (st = image_png_begin(af.file, out_path, (int)width, (int)height, (int)C,
                                  fmt.bits == 16 ? 16 : 8, &png)) != INR_OK)
            atomic_abort(&af);
        long shape[2] = { height, width }, carry = 0;
        t_write += timer_now() - mark;
        for (long p0 = 0; st == INR_OK && p0 < (long)n; p0 += tile) {
            long np = (long)n - p0 < tile ? (long)n - p0 : tile;
            mark = timer_now();
            if (image) inr_grid_coords_range(2, shape, p0, np, coords);
            else
                /* Same time grid as the fitted signal: linspace(-1, x_end, width). */
                for (long i = 0; i < np; i++) coords[i] = inr_linspace_at(-1.0, x_end, p0 + i, width);
            double now = timer_now();
            t_coords += now - mark;
            mark = now;
            float *o = stream ? out + (size_t)carry * C : out + (size_t)p0 * C;
            if ((st = inr_backend_evaluate(backend, &m, coords, np, o, (int)threads)) != INR_OK)
                break;
            signal_to_output(&info, o, (size_t)np * C);
            now = timer_now();
            t_eval += now - mark;
            mark = now;
            if (stream) {
                long avail = carry + np, r = avail / width;
                st = image_png_rows(png, out, (int)r);
                carry = avail - r * width;
                memmove(out, out + (size_t)r * width * C, (size_t)carry * C * sizeof(float));
            }
            t_write += timer_now() - mark;
        }
        mark = timer_now();
        if (stream && png) {
            if (st == INR_OK) st = image_png_end(png);
            else image_png_abort(png);
            if (st == INR_OK) st = atomic_commit(&af);
            else atomic_abort(&af);
        } else if (st == INR_OK) {
            st = signal_write(out_path, &fmt, &info, out, height, width, out_rate);
        }
        t_write += timer_now() - mark;
        profile_report_add(&prof, "coordinates", t_coords, -1, 0);
        profile_report_add(&prof, "evaluation", t_eval, INR_STAGE_EVAL, 0);
        profile_report_add(&prof, "writing the output", t_write, -1, 0);
        if (st != INR_OK) {
            cli_error("%s", inr_error());
            rc = 1;
        } else {
            if (profile) {
                profile_report_end(&prof, inr_resolve_threads((int)threads), m.cfg.width,
                                   backend != &inr_backend_cpu);
                profile_report_print(&prof, stderr);
            }
            if (json)
                rc = print_json(model_path, &m, &info, out_path, width, height, out_rate,
                                device_desc, timer_now() - t0, &prof);
            else if (!quiet) {
                printf("rendered %s: %ldx%ld%s\n", out_path, width, height,
                       image ? "" : " frames");
            }
        }
    }
    free(coords);
    free(out);
    inr_model_free(&m);
    return rc;
}
