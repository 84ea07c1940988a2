/* fit_init.c - WINNER scales and FreSh selection for `inrfit fit` (fit_init.h):
 * the app side of METHODS 3.1/3.2; the computations live in spectral/winner.c and
 * app/fit/fresh_select.c, this file only sets the configuration and talks. */
#include "fit_init.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "fit_warnings.h"
#include "progress.h"
#include "timer.h"

inr_status fit_apply_winner(const fit_options *o, signal_data *sig, inr_config *cfg,
                            spectral_winner_info *wi)
{
    if (!inr_model_winner(cfg->kind))
        return inr_fail(INR_ERR_INVALID, "WINNER does not apply to the %s model",
                        inr_model_name(cfg->kind));
    if (sig->n_points > 0x7fffffffL)
        return inr_fail(INR_ERR_INVALID, "WINNER: %ld points is too many for one spectrum",
                        sig->n_points);
    float *owned;
    const float *targets = signal_targets(sig, &owned);
    if (!targets) return INR_ERR_NOMEM;
    inr_status st = spectral_winner(targets, (int)sig->n_points, sig->info.channels,
                                    sig->dims, wi);
    free(owned);
    if (st) return st;
    cfg->init = INR_INIT_WINNER;
    cfg->winner_s0 = (float)wi->s0;
    cfg->winner_s1 = (float)wi->s1;
    /* METHODS 3.1 step 5: WINNER trains with w0_first = w0 (30), audio included,
     * where plain SIREN's audio baseline is 3000; its noise supplies the high
     * frequencies instead. */
    if (!model_options_given(&o->models, "w0_first")) cfg->sine.w0_first = cfg->sine.w0;
    sig->info.spectral_centroid = (float)wi->centroid;
    return INR_OK;
}

typedef struct {
    int quiet, tty;
    double start, last;
    int last_done;
} fresh_progress;

static void fresh_progress_cb(void *ctx, int done, int total)
{
    fresh_progress *p = ctx;
    if (p->quiet) return;
    double now = timer_now(), elapsed = now - p->start;
    double eta = done > 0 ? elapsed * (total - done) / done : 0;
    if (p->tty) {
        if (now - p->last < 0.1 && done < total) return;
        char line[128];
        snprintf(line, sizeof line, "FreSh: %d/%d models evaluated, %.0f s, ETA %.0f s", done,
                 total, elapsed, eta);
        progress_redraw(line);
        if (done == total) fputc('\n', stderr);
    } else {
        if (done - p->last_done < total / 10 && now - p->last < 10.0 && done < total) return;
        fprintf(stderr, "FreSh: %d/%d models evaluated, %.0f s, ETA %.0f s\n", done, total,
                elapsed, eta);
        p->last_done = done;
    }
    p->last = now;
    fflush(stderr);
}

/* Runs FreSh for cfg's model and applies the chosen value. Returns 0 or 1. */
static int choose_fresh(const fit_options *o, signal_data *sig, inr_config *cfg)
{
    const inr_fresh_param *param = inr_fresh_param_for(cfg->kind);
    if (!param) {
        cli_error("--fresh: no FreSh hyper-parameter is defined for the %s model",
                  inr_model_name(cfg->kind));
        return 1;
    }
    double values[INR_FRESH_MAX_CANDIDATES], dist[INR_FRESH_MAX_CANDIDATES];
    int n = o->fresh_grid_n;
    if (n > 0) memcpy(values, o->fresh_grid, (size_t)n * sizeof(double));
    else {
        double seconds = sig->dims == 1 && sig->info.sample_rate > 0
                             ? (double)sig->n_points / sig->info.sample_rate : 0.0;
        n = inr_fresh_default_grid(param, sig->dims, seconds, values, INR_FRESH_MAX_CANDIDATES);
    }

    double target[SPECTRAL_FRESH_BINS];
    long full[2] = { sig->dims == 2 ? sig->info.height : sig->n_points, sig->info.width };
    float *owned;
    const float *targets = signal_targets(sig, &owned);
    if (!targets || inr_fresh_target_spectrum(targets, sig->dims, full, sig->info.channels,
                                              SPECTRAL_FRESH_BINS, target) != INR_OK) {
        cli_error("FreSh: %s", inr_error());
        free(owned);
        return 1;
    }
    double energy = 0.0;
    for (int b = 0; b < SPECTRAL_FRESH_BINS; b++) energy += target[b];
    if (!(energy > 0.0)) {  /* before the header, so that it stays one line */
        size_t n = (size_t)sig->n_points * sig->info.channels, i = 1;
        while (i < n && targets[i] == targets[0]) i++;
        free(owned);
        if (i == n)
            cli_error("FreSh: '%s' is a constant signal, its spectrum has nothing to match",
                      o->input);
        else {
            long grid[2];
            inr_fresh_eval_shape(sig->dims, sig->n_points, sig->info.height, sig->info.width, grid);
            cli_error("FreSh: '%s' is not constant, but the %ldx%ld grid FreSh compares spectra "
                      "on (%s) is too small for any of its %d frequency bins", o->input,
                      grid[0], grid[1], sig->dims == 2 ? "the image's smaller side, squared"
                                                       : "all frames", SPECTRAL_FRESH_BINS);
        }
        return 1;
    }
    free(owned);
    fresh_progress prog = { o->quiet, isatty(STDERR_FILENO), timer_now(), timer_now(), 0 };
    inr_fresh_options fo = {
        .param = param,
        .values = values,
        .n_values = n,
        .n_inits = INR_FRESH_INITS,
        .nbins = SPECTRAL_FRESH_BINS,
        .threads = (int)o->threads,
        .progress = fresh_progress_cb,
        .progress_ctx = &prog,
    };
    inr_fresh_eval_shape(sig->dims, sig->n_points, sig->info.height, sig->info.width, fo.shape);
    if (!o->quiet) {
        if (sig->dims == 2)
            fprintf(stderr, "inrfit: FreSh: %s among %d candidates, %d initialisations each, "
                    "evaluated on %ldx%ld, %d-bin spectra\n", param->name, n, fo.n_inits,
                    fo.shape[0], fo.shape[1], fo.nbins);
        else
            fprintf(stderr, "inrfit: FreSh: %s among %d candidates, %d initialisations each, "
                    "evaluated on %ld frames, %d-bin spectra\n", param->name, n, fo.n_inits,
                    fo.shape[0], fo.nbins);
    }
    int best = 0;
    if (inr_fresh_select(cfg, target, &fo, dist, &best) != INR_OK) {
        if (!o->quiet && prog.tty) fputc('\n', stderr);
        cli_error("%s", inr_error());
        return 1;
    }
    if (!o->quiet) {
        fprintf(stderr, "%12s  %10s\n", param->name, inr_fresh_distance_name(sig->dims));
        for (int v = 0; v < n; v++)
            fprintf(stderr, "%12g  %10.5f%s\n", values[v], dist[v], v == best ? "  <- chosen" : "");
        fprintf(stderr, "inrfit: FreSh chose %s = %g (%.1f s)\n", param->name, values[best],
                timer_now() - prog.start);
    }
    fit_warn_fresh_edge(param->name, values, n, best);
    param->apply(cfg, values[best]);
    snprintf(sig->info.fresh_param, sizeof sig->info.fresh_param, "%s", param->name);
    sig->info.fresh_value = (float)values[best];
    return 0;
}

int fit_choose_init(const fit_options *o, signal_data *sig, inr_config *cfg)
{
    if (o->init == INR_INIT_WINNER) {
        spectral_winner_info wi;
        if (fit_apply_winner(o, sig, cfg, &wi) != INR_OK) {
            cli_error("%s", inr_error());
            return 1;
        }
        if (!o->quiet)
            fprintf(stderr, "inrfit: WINNER: spectral centroid %.6f cycles/sample, z %.6f, "
                    "S0 %.4f, S1 %.5f (noise std on W0 %.5f, W1 %.6f), w0_first %g\n",
                    wi.centroid, wi.z, wi.s0, wi.s1, wi.s0 / cfg->sine.w0, wi.s1 / cfg->sine.w0,
                    cfg->sine.w0_first);
    }
    if (o->fresh) return choose_fresh(o, sig, cfg);
    return 0;
}
