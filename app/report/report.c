/* report.c - final evaluation, figures and output files of a fit. */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "atomic_file.h"
#include "diag.h"
#include "fit_holdout.h"
#include "json_out.h"
#include "metrics.h"
#include "model_size.h"
#include "timer.h"
#include "trainer.h"

quality quality_measure(const signal_data *s, const float *output)
{
    quality q = { NAN, NAN, NAN, NAN, NAN, NAN };
    size_t n = (size_t)s->n_points * s->info.channels;
    if (s->info.kind == INR_SIGNAL_IMAGE) {
        q.psnr = metric_psnr(metric_mse(output, s->original, n), 1.0);
        float *quant = malloc(n * sizeof(float));
        if (quant) {
            for (size_t i = 0; i < n; i++)
                quant[i] = roundf(fminf(fmaxf(output[i], 0.0f), 1.0f) * 255.0f) / 255.0f;
            q.psnr_8bit = metric_psnr(metric_mse(quant, s->original, n), 1.0);
            /* SSIM of what a viewer sees: the output clamped to [0,1]. */
            for (size_t i = 0; i < n; i++) quant[i] = fminf(fmaxf(output[i], 0.0f), 1.0f);
            q.ssim = metric_ssim(quant, s->original, (int)s->info.height, (int)s->info.width,
                                 s->info.channels, 1.0);
            free(quant);
        }
    } else {
        q.snr = metric_snr(s->original, output, n);
        /* Peak-normalised: errors divided by the peak, peak value 1. */
        double mse = metric_mse(output, s->original, n) /
                     ((double)s->info.value_scale * s->info.value_scale);
        q.psnr = metric_psnr(mse, 1.0);
    }
    return q;
}

/* Writes both files as one set: when either fails, the previous pair stays. */
static int write_outputs(const inr_model *m, const signal_data *s, const char *model_path,
                         const char *recon_path, const signal_format *fmt, const float *out,
                         const inr_optimizer_state *state)
{
    atomic_file recon, model;
    inr_status st = atomic_open(recon_path, &recon);
    if (st == INR_OK && (st = atomic_open(model_path, &model)) != INR_OK) atomic_abort(&recon);
    if (st == INR_OK) {
        st = signal_write_file(recon.file, recon_path, fmt, &s->info, out, s->info.height,
                               s->info.width, s->info.sample_rate);
        if (st == INR_OK) st = inr_checkpoint_write(model.file, model_path, m, &s->info, state);
        atomic_file *set[2] = { &recon, &model };
        if (st == INR_OK) st = atomic_commit_set(set, 2);
        else {
            atomic_abort(&recon);
            atomic_abort(&model);
        }
    }
    if (st) cli_error("%s", inr_error());
    return st ? 1 : 0;
}

int report_and_write(const inr_model *m, const signal_data *s, const char *model_path,
                     const char *recon_path, const signal_format *fmt, int threads,
                     const inr_backend *be, const inr_optimizer_state *state,
                     const struct fit_holdout *holdout, quality *q, profile_report *prof)
{
    profile_report off = { 0 };
    if (!prof) prof = &off;
    double since = timer_now();
    size_t n = (size_t)s->n_points * s->info.channels;
    float *out = malloc(n * sizeof(float));
    if (!out) {
        cli_error("out of memory for the reconstruction");
        return 1;
    }
    if (inr_backend_evaluate(be ? be : &inr_backend_cpu, m, s->coords, s->n_points, out,
                             threads) != INR_OK) {
        cli_error("%s", inr_error());
        free(out);
        return 1;
    }
    signal_to_output(&s->info, out, n);
    profile_report_row(prof, "final evaluation", &since, INR_STAGE_EVAL, 0);
    *q = quality_measure(s, out);
    fit_holdout_quality(holdout, s, out, q);
    profile_report_row(prof, "measuring quality", &since, -1, 0);
    int rc = write_outputs(m, s, model_path, recon_path, fmt, out, state);
    profile_report_row(prof, "writing the outputs", &since, -1, 0);
    free(out);
    return rc;
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
    json_put(o, "holdout", json_number(f->holdout));
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
