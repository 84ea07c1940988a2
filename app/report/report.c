/* report.c - final evaluation, figures and output files of a fit. */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "diag.h"
#include "chunked.h"
#include "fit_holdout.h"
#include "image_io.h"
#include "json_out.h"
#include "metrics.h"
#include "model_size.h"
#include "timer.h"
#include "trainer.h"

/* Quality sums of a reconstruction fed in point order (quality_points)
 * and, for images, in whole rows (quality_rows): the same sums, in the
 * same order, as metric_mse / metric_snr / metric_ssim over the whole
 * arrays, so the figures do not depend on the tiles. */
typedef struct {
    const signal_data *s;
    const fit_holdout *h;      /* NULL: no held-out figures */
    double sse, sse8, sig;     /* all values: (out - ref)^2, 8-bit, ref^2 */
    double h_sse, h_sig;       /* held-out values */
    size_t h_n;
    metric_ssim_stream ssim;
    float *clamped;            /* one row of the output clamped to [0,1] */
} quality_acc;

static void quality_begin(quality_acc *a, const signal_data *s, const fit_holdout *h)
{
    memset(a, 0, sizeof *a);
    a->s = s;
    a->h = h && h->fraction > 0 ? h : NULL;
    if (s->info.kind != INR_SIGNAL_IMAGE) return;
    int C = s->info.channels;
    a->clamped = malloc((size_t)s->info.width * C * sizeof(float));
    if (!a->clamped || metric_ssim_begin(&a->ssim, (int)s->info.height, (int)s->info.width, C,
                                         1.0) != 0) {
        free(a->clamped);
        a->clamped = NULL;
    }
}

/* out: the output values of points p0 .. p0+np-1 (output scale). */
static void quality_points(quality_acc *a, const float *out, long p0, long np)
{
    const signal_data *s = a->s;
    int C = s->info.channels, image = s->info.kind == INR_SIGNAL_IMAGE;
    double sse = a->sse, sse8 = a->sse8, sig = a->sig;
    size_t base = (size_t)p0 * C;
    for (size_t i = 0; i < (size_t)np * C; i++) {
        float ref = signal_original(s, base + i);
        double e = (double)out[i] - ref;
        sse += e * e;
        if (image) {
            float q = roundf(fminf(fmaxf(out[i], 0.0f), 1.0f) * 255.0f) / 255.0f;
            double e8 = (double)q - ref;
            sse8 += e8 * e8;
        } else {
            sig += (double)ref * ref;
        }
    }
    a->sse = sse;
    a->sse8 = sse8;
    a->sig = sig;
    if (!a->h) return;
    const unsigned char *mask = a->h->mask + p0;
    for (long k = 0; k < np; k++) {
        if (!mask[k]) continue;
        for (int c = 0; c < C; c++) {
            float ref = signal_original(s, base + (size_t)k * C + c);
            double e = (double)out[(size_t)k * C + c] - ref;
            a->h_sse += e * e;
            a->h_sig += (double)ref * ref;
        }
        a->h_n += C;
    }
}

/* Images: `rows` whole rows of output values from row y0 on. */
static void quality_rows(quality_acc *a, const float *out, long y0, long rows)
{
    if (!a->clamped) return;
    const signal_data *s = a->s;
    size_t row = (size_t)s->info.width * s->info.channels;
    for (long y = 0; y < rows; y++) {
        const float *o = out + (size_t)y * row;
        /* SSIM of what a viewer sees: the output clamped to [0,1]. */
        for (size_t i = 0; i < row; i++) a->clamped[i] = fminf(fmaxf(o[i], 0.0f), 1.0f);
        metric_ssim_row(&a->ssim, a->clamped, signal_original_row(s, y0 + y));
    }
}

static quality quality_end(quality_acc *a)
{
    const signal_data *s = a->s;
    quality q = { NAN, NAN, NAN, NAN, NAN, NAN };
    size_t n = (size_t)s->n_points * s->info.channels;
    double mse = n ? a->sse / n : 0.0;
    if (s->info.kind == INR_SIGNAL_IMAGE) {
        q.psnr = metric_psnr(mse, 1.0);
        q.psnr_8bit = metric_psnr(n ? a->sse8 / n : 0.0, 1.0);
        double ssim = metric_ssim_end(&a->ssim);
        if (a->clamped) q.ssim = ssim;
        free(a->clamped);
        a->clamped = NULL;
    } else {
        q.snr = a->sse > 0 ? 10.0 * log10(a->sig / a->sse) : INFINITY;
        /* Peak-normalised: errors divided by the peak, peak value 1. */
        q.psnr = metric_psnr(mse / ((double)s->info.value_scale * s->info.value_scale), 1.0);
    }
    if (a->h) {
        double hmse = a->h_n ? a->h_sse / a->h_n : 0.0;
        if (s->info.kind == INR_SIGNAL_IMAGE) {
            q.heldout_psnr = metric_psnr(hmse, 1.0);
        } else {
            q.heldout_snr = a->h_sse > 0 ? 10.0 * log10(a->h_sig / a->h_sse) : INFINITY;
            double scale = s->info.value_scale;
            q.heldout_psnr = metric_psnr(hmse / (scale * scale), 1.0);
        }
    }
    return q;
}

quality quality_measure(const signal_data *s, const float *output)
{
    quality_acc a;
    quality_begin(&a, s, NULL);
    quality_points(&a, output, 0, s->n_points);
    if (s->info.kind == INR_SIGNAL_IMAGE) quality_rows(&a, output, 0, s->info.height);
    return quality_end(&a);
}

/* Points of the final evaluation's tiles: a multiple of the engine's
 * chunks (INR_CHUNK_ROWS), so that each chunk holds the points it holds
 * in one evaluation of the whole grid. */
enum { REPORT_TILE = INR_CHUNK_ROWS * 2048 };
static long report_tile = REPORT_TILE;

void report_set_tile(long points)
{
    report_tile = points > 0 ? (points + INR_CHUNK_ROWS - 1) / INR_CHUNK_ROWS * INR_CHUNK_ROWS
                             : REPORT_TILE;
}

typedef struct {
    double eval, measure, write;   /* seconds */
    double since;
} report_clock;

static void clock_add(report_clock *c, double *part)
{
    double now = timer_now();
    *part += now - c->since;
    c->since = now;
}

int report_and_write(const inr_model *m, const signal_data *s, const char *model_path,
                     const char *recon_path, const signal_format *fmt, int threads,
                     const inr_backend *be, const inr_optimizer_state *state,
                     const struct fit_holdout *holdout, quality *q, profile_report *prof)
{
    profile_report off = { 0 };
    if (!prof) prof = &off;
    report_clock clk = { 0, 0, 0, timer_now() };
    int C = s->info.channels, d = s->dims;
    long n = s->n_points, W = s->info.width, H = s->info.height;
    int image = s->info.kind == INR_SIGNAL_IMAGE;
    /* A PNG is written row by row as the tiles come; other formats (audio,
     * .npy) take the whole output at the end. */
    int stream = image && !fmt->npy;
    long tile = n < report_tile ? n : report_tile;
    float *full = stream ? NULL : malloc((size_t)n * C * sizeof(float));
    /* A tile after the start of a row the last tile left incomplete. */
    float *buf = stream ? malloc((size_t)(tile + W) * C * sizeof(float)) : NULL;
    float *xbuf = malloc((size_t)tile * d * sizeof(float));
    if ((stream ? !buf : !full) || !xbuf) {
        cli_error("out of memory for the reconstruction");
        free(full); free(buf); free(xbuf);
        return 1;
    }
    atomic_file recon, model;
    inr_status st = atomic_open(recon_path, &recon);
    if (st == INR_OK && (st = atomic_open(model_path, &model)) != INR_OK) atomic_abort(&recon);
    if (st) {
        cli_error("%s", inr_error());
        free(full); free(buf); free(xbuf);
        return 1;
    }
    image_png_writer *png = NULL;
    if (stream)
        st = image_png_begin(recon.file, recon_path, (int)W, (int)H, C, fmt->bits == 16 ? 16 : 8,
                             &png);
    quality_acc acc;
    quality_begin(&acc, s, holdout);
    long carry = 0, y = 0;   /* points of row y in buf (stream); whole rows done */
    clock_add(&clk, &clk.write);
    for (long p0 = 0; st == INR_OK && p0 < n; p0 += tile) {
        long np = n - p0 < tile ? n - p0 : tile;
        float *o = stream ? buf + (size_t)carry * C : full + (size_t)p0 * C;
        st = inr_backend_evaluate(be ? be : &inr_backend_cpu, m, signal_coords(s, p0, np, xbuf),
                                  np, o, threads);
        if (st) break;
        signal_to_output(&s->info, o, (size_t)np * C);
        clock_add(&clk, &clk.eval);
        quality_points(&acc, o, p0, np);
        if (!image) {
            clock_add(&clk, &clk.measure);
            continue;
        }
        float *rows = stream ? buf : full + (size_t)y * W * C;
        long avail = stream ? carry + np : p0 + np - y * W, r = avail / W;
        quality_rows(&acc, rows, y, r);
        clock_add(&clk, &clk.measure);
        if (png) {
            st = image_png_rows(png, rows, (int)r);
            carry = avail - r * W;
            memmove(buf, buf + (size_t)r * W * C, (size_t)carry * C * sizeof(float));
        }
        y += r;
        clock_add(&clk, &clk.write);
    }
    *q = quality_end(&acc);
    if (st == INR_OK)
        st = png ? image_png_end(png)
                 : signal_write_file(recon.file, recon_path, fmt, &s->info, full, H, W,
                                     s->info.sample_rate);
    else if (png)
        image_png_abort(png);
    if (st == INR_OK) st = inr_checkpoint_write(model.file, model_path, m, &s->info, state);
    atomic_file *set[2] = { &recon, &model };
    if (st == INR_OK) st = atomic_commit_set(set, 2);
    else {
        atomic_abort(&recon);
        atomic_abort(&model);
    }
    clock_add(&clk, &clk.write);
    if (st) cli_error("%s", inr_error());
    profile_report_add(prof, "final evaluation", clk.eval, INR_STAGE_EVAL, 0);
    profile_report_add(prof, "measuring quality", clk.measure, -1, 0);
    profile_report_add(prof, "writing the outputs", clk.write, -1, 0);
    free(full);
    free(buf);
    free(xbuf);
    return st ? 1 : 0;
}

static void print_human(const inr_model *m, const signal_data *s, const fit_summary *f)
{
    const quality *q = &f->q;
    printf("model       %s, %zu parameters\n", inr_model_name(m->cfg.kind), m->n_trainable);
    printf("steps       %ld in %.2f s (%.3f s/step)\n", f->steps, f->seconds,
           f->seconds / f->steps);
    if (s->info.kind == INR_SIGNAL_IMAGE) {
        printf("PSNR        %.2f dB ([0,1] scale)\n", q->psnr);
        printf("PSNR 8-bit  %.2f dB\n", q->psnr_8bit);
        /* SSIM's 11x11 window needs an image of 11 x 11 pixels or more. */
        if (isfinite(q->ssim)) printf("SSIM        %.4f\n", q->ssim);
        else printf("SSIM        n/a (the image is smaller than SSIM's 11x11 window)\n");
        if (isfinite(q->heldout_psnr))
            printf("held-out    PSNR %.2f dB on %.0f%% of the pixels, never trained on\n",
                   q->heldout_psnr, 100.0 * f->holdout);
    } else {
        printf("SNR         %.2f dB\n", q->snr);
        printf("PSNR        %.2f dB (peak-normalised)\n", q->psnr);
        if (isfinite(q->heldout_snr))
            printf("held-out    SNR %.2f dB, PSNR %.2f dB on %.0f%% of the samples, never trained on\n",
                   q->heldout_snr, q->heldout_psnr, 100.0 * f->holdout);
    }
    model_size_print(m, &s->info, 1);
    printf("wrote       %s, %s\n", f->model_path, f->recon_path);
}

static json_t *quality_json(const signal_data *s, const quality *q)
{
    json_t *o = json_object();
    json_put(o, "psnr", json_number(q->psnr));
    if (s->info.kind == INR_SIGNAL_IMAGE) {
        json_put(o, "psnr_8bit", json_number(q->psnr_8bit));
        json_put(o, "ssim", json_number(q->ssim));
    } else {
        json_put(o, "snr", json_number(q->snr));
    }
    if (isfinite(q->heldout_psnr)) {
        json_put(o, "heldout_psnr", json_number(q->heldout_psnr));
        if (s->info.kind != INR_SIGNAL_IMAGE) json_put(o, "heldout_snr", json_number(q->heldout_snr));
    }
    return o;
}

static int print_json(const inr_model *m, const signal_data *s, const fit_summary *f)
{
    const inr_fit_info *info = &s->info;
    json_t *o = json_object(), *files = json_array();
    json_put(o, "command", json_string("fit"));
    json_put(o, "input", json_string(f->input));
    json_put(o, "signal", json_string(info->kind == INR_SIGNAL_IMAGE ? "image" : "audio"));
    json_put(o, "model", json_string(inr_model_name(m->cfg.kind)));
    json_put(o, "parameters", json_integer((json_int_t)m->n_trainable));
    json_put(o, "model_bytes", json_integer((json_int_t)(m->n_params * sizeof(float))));
    json_put(o, "precision", json_string(inr_precision_name(m->cfg.precision)));
    json_put(o, "init", json_init(&m->cfg, info));
    json_put(o, "device", json_string(f->device));
    json_put(o, "threads", json_integer(f->threads));
    json_put(o, "steps", json_integer(f->steps));
    json_put(o, "step", json_integer(info->step));
    json_put(o, "seconds", json_number(f->seconds));
    json_put(o, "seconds_per_step", json_number(f->steps ? f->seconds / f->steps : NAN));
    json_put(o, "quality", quality_json(s, &f->q));
    json_put(o, "holdout", json_float((float)f->holdout));
    double values = (double)info->height * info->width * info->channels;
    json_put(o, "memorised", json_boolean((double)m->n_trainable > values)); /* model_size.h */
    json_put(o, "interrupted", json_boolean(f->interrupted != 0));
    json_array_append_new(files, json_file("checkpoint", f->model_path));
    json_array_append_new(files, json_file("reconstruction", f->recon_path));
    if (f->log_path) json_array_append_new(files, json_file("log", f->log_path));
    json_put(o, "files", files);
    if (f->profile && f->profile->on) json_put(o, "profile", profile_report_json(f->profile));
    return json_print(o);
}

int report_print(const inr_model *m, const signal_data *s, const fit_summary *f, int json)
{
    if (json) {
        model_size_warn(m, &s->info);   /* warnings stay on stderr */
        return print_json(m, s, f);
    }
    print_human(m, s, f);
    return 0;
}
