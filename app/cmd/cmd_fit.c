/* cmd_fit.c - `inrfit fit`: load a signal, train, report, write outputs. */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "audio_io.h"
#include "backend.h"
#include "commands.h"
#include "diag.h"
#include "fit_best.h"
#include "fit_holdout.h"
#include "fit_init.h"
#include "fit_options.h"
#include "fit_plot.h"
#include "fit_precision.h"
#include "fit_resume.h"
#include "fit_interrupts.h"
#include "fit_view.h"
#include "fit_warnings.h"
#include "image_io.h"
#include "metrics.h"
#include "outputs.h"
#include "path_name.h"
#include "profile_report.h"
#include "progress.h"
#include "report.h"
#include "runtime_info.h"
#include "signal_io.h"
#include "timer.h"
#include "trainer.h"

static inr_config make_config(const fit_options *o, const signal_data *s)
{
    inr_config c = inr_config_default(fit_model_kind(o), s->dims, s->info.channels);
    model_options_from_target(&c, s);   /* before the options: they win */
    model_options_apply(&o->models, &c);
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

/* "dir/photo.png" -> "photo.fit" (n > 4). */
static void default_prefix(const char *input, char *out, size_t n)
{
    path_stem(input, out, n - 4);
    strcat(out, ".fit");
}

/* Where and how often a running fit saves itself (--save-every). */
typedef struct {
    const char *model_path;
    inr_model *model;
    signal_data *sig;
    long every_steps;
    double every_seconds, last_time;
    long saved_step;          /* step of the last good checkpoint (-1: none) */
} fit_saver;

/* Writes the current parameters and optimizer state to model_path
 * (atomically, so a good checkpoint is never replaced by a broken one). */
static int save_progress(inr_device_trainer *tr, fit_saver *sv)
{
    inr_optimizer_state st;
    int have_state = inr_device_trainer_get_state(tr, &st) == INR_OK;
    /* On a GPU model->params is stale until downloaded: fetch, then check. */
    if (inr_device_trainer_download(tr) != INR_OK) {
        cli_error("%s", inr_error());
        return 1;
    }
    for (size_t i = 0; i < sv->model->n_params; i++)
        if (!isfinite(sv->model->params[i])) return 0;   /* keep the last good one */
    sv->sig->info.step = tr->step;
    if (inr_checkpoint_save(sv->model_path, sv->model, &sv->sig->info,
                            have_state ? &st : NULL) != INR_OK) {
        cli_error("%s", inr_error());
        return 1;
    }
    sv->saved_step = tr->step;
    return 0;
}

/* Trains until `steps` steps are done in all (a resumed fit starts at
 * tr->step), with progress, the CSV log (when log->file; the caller commits
 * it) and periodic checkpoints. Stops early, with *stopped set to the
 * signal, on SIGINT/SIGTERM. Returns 0 or 1.
 * Steps run in groups of the backend's sync_every (1 on the CPU; on a GPU
 * the losses of a group arrive together, with one time stamp). */
static int train(inr_device_trainer *tr, long steps, const fit_options *o, int image,
                 double *seconds, fit_saver *sv, atomic_file *log, int *stopped,
                 fit_best *best, fit_plot *plot)
{
    if (log->file) fprintf(log->file, "step,loss,psnr,seconds,reg\n");
    progress bar;
    long first = tr->step + 1;
    progress_begin(&bar, steps, o->quiet, "PSNR");
    double t0 = timer_now();
    sv->last_time = t0;
    enum { GROUP_MAX = 64 };
    double losses[GROUP_MAX], regs[GROUP_MAX];
    int group = tr->backend->sync_every < GROUP_MAX ? tr->backend->sync_every : GROUP_MAX;
    if (best) group = 1;   /* a snapshot before every step */
    int rc = 0;
    *stopped = 0;
    for (long s = first; s <= steps; s++) {
        progress_test_gate();
        long j = (s - first) % group;
        int k = (int)(steps - s + 1 < group ? steps - s + 1 : group);
        if (best && fit_best_snapshot(best, tr)) {
            rc = 1;
            break;
        }
        if (j == 0 && inr_device_trainer_steps_reg(tr, k, losses, regs) != INR_OK) {
            cli_error("%s", inr_error());
            rc = 1;
            break;
        }
        double loss = losses[j];
        if (best) fit_best_update(best, loss);
        if (!isfinite(loss)) {
            progress_end(&bar);
            if (sv->saved_step >= 0)
                cli_error("training diverged at step %ld (loss is %g); the last good checkpoint "
                          "is %s (step %ld); try a smaller --lr", s, loss, sv->model_path,
                          sv->saved_step);
            else
                cli_error("training diverged at step %ld (loss is %g); try a smaller --lr", s, loss);
            return 1;
        }
        /* The loss is the MSE of the batch on [-1,1] before this update. */
        double psnr = image ? metric_psnr_pm1(loss) : metric_psnr(loss, 1.0);
        progress_update(&bar, s, loss, psnr);
        if (o->plot_path) fit_plot_add(plot, s, psnr);
        if (fit_view_step(tr, s, loss, psnr)) steps = s;   /* 'q' in the viewer: stop here */
        if (log->file)
            fprintf(log->file, "%ld,%.8g,%.4f,%.4f,%.8g\n", s, loss, psnr, timer_now() - t0,
                    regs[j]);
        if (j != group - 1 && s != steps) continue;   /* the device is mid-group */
        if ((*stopped = fit_interrupts_pending())) break;
        double now = timer_now();
        if (s < steps && ((sv->every_steps && s % sv->every_steps == 0) ||
                          (sv->every_seconds > 0 && now - sv->last_time >= sv->every_seconds))) {
            sv->last_time = now;
            if (save_progress(tr, sv)) {
                rc = 1;
                break;
            }
        }
    }
    progress_end(&bar);
    *seconds = timer_now() - t0;
    return rc;
}

/* Training options from the command line, or from the resumed state. */
static inr_train_options make_train_options(const fit_options *o, const inr_config *cfg,
                                            long n_train, const inr_optimizer_state *resumed)
{
    inr_train_options topt = inr_train_defaults(cfg);
    topt.threads = (int)o->threads;
    topt.tf32 = o->tf32;
    if (resumed) {
        fit_resume_train_options(o, resumed, &topt);
        return topt;
    }
    if (o->lr > 0) topt.adam.lr = o->lr;
    if (o->lr_decay > 0) {
        topt.lr_decay = o->lr_decay;
        topt.lr_decay_every = o->lr_decay_every ? (int)o->lr_decay_every : 20;
    }
    topt.batch = o->batch >= 0 ? o->batch : inr_auto_batch(cfg, n_train);
    return topt;
}

/* The output names: -o, the resumed checkpoint's prefix, or the input's
 * name + ".fit"; the checks of outputs.h. Returns 0 or 2 (after printing). */
static int output_paths(const fit_options *o, inr_signal_kind kind, char *prefix, size_t np,
                        char *model_path, char *recon_path, size_t n)
{
    if (o->prefix) snprintf(prefix, np, "%s", o->prefix);
    else if (o->resume) fit_resume_prefix(o->resume, prefix, np);
    else default_prefix(o->input, prefix, np);
    snprintf(model_path, n, "%s.inr", prefix);
    snprintf(recon_path, n, "%s%s", prefix, signal_extension(kind));
    named_path input = { "the input", o->input }, resumed = { "the resumed checkpoint", o->resume };
    named_path out[4] = { { "the checkpoint", model_path }, { "the reconstruction", recon_path },
                          { "--log", o->log_path }, { "--plot", o->plot_path } };
    /* The checkpoint may replace the one it resumes from, nothing else may. */
    return outputs_check(&input, 1, out, 4) || outputs_check(&resumed, 1, out + 1, 3) ? 2 : 0;
}

int cmd_fit(int argc, char **argv)
{
    fit_options o;
    int rc = fit_options_parse(argc, argv, &o);
    if (rc) return rc == 1 ? 0 : 2;
    if (o.max_pixels) image_set_max_pixels(o.max_pixels);
    if (o.max_frames) audio_set_max_frames(o.max_frames);
    if (o.threads) omp_set_num_threads((int)o.threads);
    if (o.view && fit_view_probe()) return 1;   /* no window possible: say so before any work */

    profile_report prof;
    profile_report_begin(&prof, o.profile);
    double since = prof.started;
    signal_data sig;
    /* Held once, as read (coordinates and targets computed where needed),
     * but for the viewer's, which reads them whole. */
    if ((o.view ? signal_load(o.input, &sig) : signal_load_lean(o.input, &sig)) != INR_OK) {
        cli_error("%s", inr_error());
        return 1;
    }
    profile_report_row(&prof, "reading the input", &since, -1, 0);
    fit_warn_quiet_audio(&sig, o.input);
    inr_model model = { 0 };
    inr_optimizer_state resumed = { 0 };
    inr_device_trainer tr = { 0 };
    fit_best best = { 0 };
    fit_plot plot = { 0 };
    fit_holdout hold = { 0 };
    atomic_file log = { 0 };
    int image = sig.info.kind == INR_SIGNAL_IMAGE;
    char prefix[4000], model_path[4096], recon_path[4096];
    signal_format recon_format;
    if ((rc = output_paths(&o, sig.info.kind, prefix, sizeof prefix, model_path, recon_path,
                           sizeof model_path)))
        goto done;
    if (signal_format_for(recon_path, sig.info.kind, (int)o.bits, &recon_format) != INR_OK) {
        cli_error("%s", inr_error());
        rc = 2;
        goto done;
    }
    inr_config cfg;
    if (o.resume) {
        /* The checkpoint defines the model; its optimizer state restores
         * on either device (a GPU draws other minibatches than the CPU). */
        if ((rc = fit_resume_load(&o, &sig, &model, &resumed)) ||
            (rc = fit_resume_check(&o, &model, &resumed)))
            goto done;
        cfg = model.cfg;
        if ((rc = fit_precision_resolve(INR_PRECISION_FP32, &cfg))) goto done;
    } else {
        cfg = make_config(&o, &sig);
        if ((rc = fit_precision_resolve(o.precision, &cfg))) goto done;
        if (inr_model_create(&model, &cfg) != INR_OK) {
            cli_error("%s", inr_error());
            rc = 2;
            goto done;
        }
    }
    /* The device first: --device cuda without a GPU fails here, in one line,
     * before anything is computed or written. */
    const inr_backend *backend;
    char device_desc[400];
    if (inr_backend_select((inr_device)o.device, &model, &backend, device_desc,
                           sizeof device_desc) != INR_OK) {
        cli_error("--device %s: %s", inr_device_name((inr_device)o.device), inr_error());
        rc = 1;
        goto done;
    }
    rc = probe_writable(model_path) || probe_writable(recon_path) ||
         (o.log_path && probe_writable(o.log_path)) || (o.plot_path && probe_writable(o.plot_path));
    if (rc) goto done;
    outputs_remove_stale(prefix);   /* what killed runs left: PREFIX*.tmp-PID */
    if (o.log_path) outputs_remove_stale(o.log_path);
    if (o.plot_path) outputs_remove_stale(o.plot_path);

    if (!o.resume) {
        /* WINNER scales and FreSh's choice may change cfg (fit_init.c); the
         * model is laid out again from it. */
        if ((rc = fit_choose_init(&o, &sig, &cfg))) goto done;
        inr_model_free(&model);
        if (inr_model_create(&model, &cfg) != INR_OK) {
            cli_error("%s", inr_error());
            rc = 1;
            goto done;
        }
        inr_model_init(&model);
    }
    /* --holdout: the trainer sees only the training points (the same split
     * on a resume, as it comes from the model's seed and the fraction the
     * checkpoint holds). */
    if (o.resume) o.holdout = sig.info.holdout;
    if ((rc = fit_holdout_split(&hold, &sig, o.holdout, model.cfg.seed))) goto done;
    sig.info.holdout = (float)hold.fraction;   /* into every checkpoint it writes */
    inr_points train_pts = hold.fraction > 0
                           ? inr_points_arrays(hold.coords, hold.targets, hold.n_train, sig.dims,
                                               sig.info.channels)
                           : signal_points(&sig);
    long n_train = train_pts.n;
    inr_train_options topt = make_train_options(&o, &cfg, n_train, o.resume ? &resumed : NULL);
    long steps = o.steps ? o.steps : 1000;
    if (inr_device_trainer_create_points(&tr, backend, &model, &train_pts, &topt) ||
        (o.resume && inr_device_trainer_set_state(&tr, &resumed))) {
        cli_error("%s", inr_error());
        rc = 1;
        goto done;
    }
    if (o.resume && tr.step >= steps) {
        cli_error("--resume: '%s' is already at step %ld; ask for more with --steps", o.resume,
                  tr.step);
        rc = 2;
        goto done;
    }
    /* From here until every output is committed, SIGINT / SIGTERM only ask
     * the fit to stop: the outputs are still written. It starts before the
     * fit's first line, which says training begins (the warnings after it
     * may load OpenBLAS, which takes a while). */
    fit_interrupts_install();
    char batch_text[32];
    snprintf(batch_text, sizeof batch_text, "%ld random points", tr.batch);
    if (!o.quiet)
        fprintf(stderr, "inrfit: %s: %s, %ld points x %d channels; %s %dx%d, %zu parameters, %s%s; on %s%s\n",
                o.input, sig.format, sig.n_points, sig.info.channels, inr_model_name(cfg.kind),
                cfg.width, cfg.layers, model.n_trainable,
                tr.batch == n_train ? "full batch" : "batches of ",
                tr.batch == n_train ? "" : batch_text, device_desc,
                o.resume ? "; resuming" : "");
    if (!o.quiet && hold.fraction > 0)
        fprintf(stderr, "inrfit: --holdout %g: training on %ld points, %ld held out to measure\n",
                hold.fraction, hold.n_train, hold.n_held);
    if (!o.quiet && backend == &inr_backend_cpu) runtime_info_warnings(stderr);
    if (o.resume)
        fit_resume_describe(&o, &resumed, &topt, steps, o.threads ? (int)o.threads
                                                                  : omp_get_max_threads(),
                            device_desc);
    if (o.log_path && atomic_open(o.log_path, &log) != INR_OK) {
        cli_error("%s", inr_error());
        rc = 1;
        goto done;
    }
    double seconds = 0;
    int stopped = 0;
    fit_saver saver = { model_path, &model, &sig, o.save_every_steps, o.save_every_seconds, 0, -1 };
    if (o.keep_best && fit_best_init(&best, model.n_params)) {
        rc = 1;
        goto done;
    }
    rc = o.view ? fit_view_open(&model, &sig, prefix, steps, o.quiet) : 0;
    /* The engine's marks start here: FreSh's trial fits are initialisation. */
    profile_report_row(&prof, "initialisation", &since, -1, 0);
    if (o.profile) inr_profile_start();
    long first_step = tr.step;
    if (rc == 0)
        rc = train(&tr, steps, &o, image, &seconds, &saver, &log, &stopped,
                   o.keep_best ? &best : NULL, &plot);
    profile_report_row(&prof, "training", &since, INR_STAGE_TRAIN, tr.step - first_step);
    sig.info.step = tr.step;
    if (rc == 0 && inr_device_trainer_download(&tr) != INR_OK) {
        cli_error("%s", inr_error());
        rc = 1;
    }
    const inr_optimizer_state *best_state = NULL;
    int kept = rc == 0 && o.keep_best && fit_best_restore(&best, &model, &best_state);
    if (kept) {
        sig.info.step = best.step;
        if (!o.quiet)
            fprintf(stderr, "inrfit: --keep-best: writing the parameters after %ld steps (loss %.6g)\n",
                    best.step, best.loss);
    }
    int trained = rc == 0;
    fit_summary summary = { .input = o.input, .device = device_desc, .model_path = model_path,
                            .recon_path = recon_path, .log_path = o.log_path,
                            .steps = tr.step - (o.resume ? resumed.step : 0),
                            .seconds = seconds,
                            .threads = o.threads ? (int)o.threads : omp_get_max_threads(),
                            .holdout = hold.fraction };
    /* The final evaluation runs in the fit's precision (the metrics stay
     * fp32); bf16 products are the CPU's. */
    if (trained && backend == &inr_backend_cpu && inr_model_eval_precision(&model, cfg.precision))
        cli_warn("%s: the final evaluation runs in fp32", inr_error());
    if (trained) {
        inr_optimizer_state state;
        int have_state = !o.no_optimizer_state &&
                         (kept ? best_state != NULL
                               : inr_device_trainer_get_state(&tr, &state) == INR_OK);
        if (have_state && kept) state = *best_state;
        rc = report_and_write(&model, &sig, model_path, recon_path, &recon_format,
                              (int)o.threads, backend, have_state ? &state : NULL,
                              hold.fraction > 0 ? &hold : NULL, &summary.q, &prof);
        since = timer_now();
    }
    int written = trained && rc == 0;
    /* The log of a fit that trained is kept whatever happened to the other
     * outputs; a log that cannot be written does not cost them. */
    if (log.file) {
        if (!trained) atomic_abort(&log);
        else if (atomic_commit(&log) != INR_OK) {
            cli_error("%s (the model and reconstruction were written)", inr_error());
            if (rc == 0) rc = 1;
        }
    }
    if (written && o.plot_path) {
        char title[300];
        snprintf(title, sizeof title, "%s: %s %dx%d", path_base_name(o.input),
                 inr_model_name(cfg.kind), cfg.width, cfg.layers);
        if (fit_plot_write(&plot, o.plot_path, title) != INR_OK) {
            cli_error("%s (the model and reconstruction were written)", inr_error());
            if (rc == 0) rc = 1;
        }
    }
    if (o.log_path || o.plot_path) profile_report_row(&prof, "the log and plot", &since, -1, 0);
    if (!stopped) stopped = fit_interrupts_pending();   /* a signal while writing */
    summary.interrupted = stopped;
    if (written && o.profile) {
        profile_report_end(&prof, summary.threads, cfg.width, backend != &inr_backend_cpu);
        profile_report_print(&prof, stderr);
        summary.profile = &prof;
    }
    if (written && report_print(&model, &sig, &summary, o.json) && rc == 0) rc = 1;
    fit_interrupts_restore();
    if (fit_view_close() && rc == 0) rc = 1;   /* after the outputs: the window may stay open */
    if (rc == 0 && stopped) {
        if (o.no_optimizer_state)
            cli_error("interrupted at step %ld of %ld: saved %s (weights only)", tr.step, steps,
                      model_path);
        else
            cli_error("interrupted at step %ld of %ld: saved %s (continue with --resume %s)",
                      tr.step, steps, model_path, model_path);
        rc = 128 + stopped;
    }
done:
    fit_interrupts_restore();   /* also where a failure skipped the outputs */
    fit_best_free(&best);
    fit_plot_free(&plot);
    fit_holdout_free(&hold);
    if (log.file) atomic_abort(&log);
    inr_device_trainer_free(&tr);
    free(resumed.adam_m);
    free(resumed.adam_v);
    inr_model_free(&model);
    signal_free(&sig);
    return rc;
}
