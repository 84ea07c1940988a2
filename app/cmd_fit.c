/* cmd_fit.c - `inrfit fit`: load a signal, train, report, write outputs. */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "audio_io.h"
#include "backend.h"
#include "cli_args.h"
#include "commands.h"
#include "fit_init.h"
#include "fit_options.h"
#include "fit_view.h"
#include "image_io.h"
#include "metrics.h"
#include "progress.h"
#include "report.h"
#include "signal.h"
#include "trainer.h"

/* Full batch up to this many points; beyond, random minibatches of
 * AUTO_MINIBATCH points keep a step's cost bounded. */
enum { FULL_BATCH_LIMIT = 1 << 18, AUTO_MINIBATCH = 1 << 16 };

static inr_config make_config(const fit_options *o, const signal_data *s)
{
    inr_config c = inr_config_default(o->model ? o->model : INR_MODEL_SIREN, s->dims,
                                      s->info.channels);
    if (o->width) c.width = (int)o->width;
    if (o->layers) c.layers = (int)o->layers;
    if (o->mapping) c.mapping = (int)o->mapping;
    if (o->w0 > 0) c.w0 = o->w0;
    if (o->w0_first > 0) c.w0_first = o->w0_first;
    if (o->sigma > 0) c.sigma = o->sigma;
    model_options_apply(&o->models, &c);
    if (c.kind == INR_MODEL_NSTR && !(o->sigma > 0)) model_nstr_sigma(&c, s);
    c.seed = (uint64_t)o->seed;
    c.init = o->init;
    return c;
}

/* Fails early, before any training, when an output cannot be created. */
static int probe_writable(const char *path)
{
    atomic_file af;
    if (atomic_open(path, &af) != INR_OK) {
        cli_error("%s", inr_error());
        return -1;
    }
    atomic_abort(&af);
    return 0;
}

static void default_prefix(const char *input, char *out, size_t n)
{
    const char *base = strrchr(input, '/');
    base = base ? base + 1 : input;
    const char *dot = strrchr(base, '.');
    int len = dot && dot != base ? (int)(dot - base) : (int)strlen(base);
    snprintf(out, n, "%.*s.fit", len, base);
}

/* Trains for o->steps steps with progress and an optional CSV log (written
 * to a temporary name and renamed when complete). Returns 0 or 1. Steps run
 * in groups of the backend's sync_every (1 on the CPU; on a GPU the losses
 * of a group arrive together, with one time stamp). */
static int train(inr_device_trainer *tr, long steps, const fit_options *o, int image,
                 double *seconds)
{
    atomic_file log = { 0 };
    if (o->log_path) {
        if (atomic_open(o->log_path, &log) != INR_OK) {
            cli_error("%s", inr_error());
            return 1;
        }
        fprintf(log.file, "step,loss,psnr,seconds\n");
    }
    progress bar;
    progress_begin(&bar, steps, o->quiet, "PSNR");
    double t0 = progress_now();
    enum { GROUP_MAX = 64 };
    double losses[GROUP_MAX];
    int group = tr->backend->sync_every < GROUP_MAX ? tr->backend->sync_every : GROUP_MAX;
    for (long s = 1; s <= steps; s++) {
        long j = (s - 1) % group;
        if (j == 0 && inr_device_trainer_steps(tr, (int)(steps - s + 1 < group ? steps - s + 1 : group),
                                               losses) != INR_OK) {
            progress_end(&bar);
            cli_error("%s", inr_error());
            if (o->log_path) atomic_abort(&log);
            return 1;
        }
        double loss = losses[j];
        if (!isfinite(loss)) {
            progress_end(&bar);
            cli_error("training diverged at step %ld (loss is %g); try a smaller --lr", s, loss);
            if (o->log_path) atomic_abort(&log);
            return 1;
        }
        /* The loss is the MSE of the batch on [-1,1] before this update. */
        double psnr = image ? metric_psnr_pm1(loss) : metric_psnr(loss, 1.0);
        progress_update(&bar, s, loss, psnr);
        if (fit_view_step(tr, s, loss, psnr)) steps = s;   /* 'q' in the viewer: stop here */
        if (o->log_path)
            fprintf(log.file, "%ld,%.8g,%.4f,%.4f\n", s, loss, psnr, progress_now() - t0);
    }
    progress_end(&bar);
    *seconds = progress_now() - t0;
    if (o->log_path && atomic_commit(&log) != INR_OK) {
        cli_error("%s", inr_error());
        return 1;
    }
    return 0;
}

int cmd_fit(int argc, char **argv)
{
    fit_options o;
    int rc = fit_options_parse(argc, argv, &o);
    if (rc) return rc == 1 ? 0 : 2;
    if (o.max_pixels) image_set_max_pixels(o.max_pixels);
    if (o.max_frames) audio_set_max_frames(o.max_frames);
    if (o.threads) omp_set_num_threads((int)o.threads);

    signal_data sig;
    if (signal_load(o.input, &sig) != INR_OK) {
        cli_error("%s", inr_error());
        return 1;
    }
    int image = sig.info.kind == INR_SIGNAL_IMAGE;
    if (o.bits && (image ? (o.bits != 8 && o.bits != 16)
                         : (o.bits != 16 && o.bits != 24 && o.bits != 32))) {
        cli_error("--bits: %ld is not available for %s output (%s)", o.bits,
                  image ? "PNG" : "WAV", image ? "8 or 16" : "16, 24 or 32");
        signal_free(&sig);
        return 2;
    }
    inr_config cfg = make_config(&o, &sig);
    inr_model model;
    if (inr_model_create(&model, &cfg) != INR_OK) {
        cli_error("%s", inr_error());
        signal_free(&sig);
        return 2;
    }
    /* The device first: --device cuda without a GPU fails here, in one line,
     * before anything is computed or written. */
    const inr_backend *backend;
    char device_desc[400];
    if (inr_backend_select((inr_device)o.device, &model, &backend, device_desc,
                           sizeof device_desc) != INR_OK) {
        cli_error("--device %s: %s", inr_device_name((inr_device)o.device), inr_error());
        inr_model_free(&model);
        signal_free(&sig);
        return 1;
    }

    char prefix[4000], model_path[4096], recon_path[4096];
    if (o.prefix) snprintf(prefix, sizeof prefix, "%s", o.prefix);
    else default_prefix(o.input, prefix, sizeof prefix);
    snprintf(model_path, sizeof model_path, "%s.inr", prefix);
    snprintf(recon_path, sizeof recon_path, "%s%s", prefix, signal_extension(sig.info.kind));
    rc = probe_writable(model_path) || probe_writable(recon_path) ||
         (o.log_path && probe_writable(o.log_path));
    if (rc) {
        inr_model_free(&model);
        signal_free(&sig);
        return 1;
    }

    /* WINNER scales and FreSh's choice may change cfg (fit_init.c); the model
     * is laid out again from it. */
    rc = fit_choose_init(&o, &sig, &cfg);
    if (rc == 0) {
        inr_model_free(&model);
        if (inr_model_create(&model, &cfg) != INR_OK) {
            cli_error("%s", inr_error());
            rc = 1;
        }
    }
    if (rc) {
        inr_model_free(&model);
        signal_free(&sig);
        return rc;
    }
    inr_model_init(&model);
    inr_train_options topt = inr_train_defaults(&cfg);
    if (o.lr > 0) topt.adam.lr = o.lr;
    if (o.lr_decay > 0) {
        topt.lr_decay = o.lr_decay;
        topt.lr_decay_every = o.lr_decay_every ? (int)o.lr_decay_every : 20;
    }
    /* SPEC 2.3: the hash grid trains on random minibatches whenever the
     * signal has more points than one (the trainer clamps to N). */
    topt.batch = o.batch >= 0 ? o.batch
                 : sig.n_points > FULL_BATCH_LIMIT || cfg.kind == INR_MODEL_HASHGRID
                     ? AUTO_MINIBATCH : 0;
    topt.threads = (int)o.threads;
    long steps = o.steps ? o.steps : 1000;

    inr_device_trainer tr;
    if (inr_device_trainer_create(&tr, backend, &model, sig.coords, sig.targets, sig.n_points,
                                  &topt)) {
        cli_error("%s", inr_error());
        inr_model_free(&model);
        signal_free(&sig);
        return 1;
    }
    if (!o.quiet)
        fprintf(stderr, "inrfit: %s: %s, %ld points x %d channels; %s %dx%d, %zu parameters, %s batch; on %s\n",
                o.input, sig.format, sig.n_points, sig.info.channels, inr_model_name(cfg.kind),
                cfg.width, cfg.layers, model.n_trainable,
                tr.batch == sig.n_points ? "full" : "minibatch", device_desc);
    double seconds = 0;
    rc = o.view ? fit_view_open(&model, &sig, prefix, steps, o.quiet) : 0;
    if (rc == 0) rc = train(&tr, steps, &o, image, &seconds);
    sig.info.step = tr.step;
    if (rc == 0 && inr_device_trainer_download(&tr) != INR_OK) {
        cli_error("%s", inr_error());
        rc = 1;
    }
    inr_device_trainer_free(&tr);
    if (rc == 0) rc = report_and_write(&model, &sig, model_path, recon_path,
                                       (int)o.bits, seconds, sig.info.step, (int)o.threads, backend);
    if (fit_view_close() && rc == 0) rc = 1;   /* after the outputs: the window may stay open */
    inr_model_free(&model);
    signal_free(&sig);
    return rc;
}
