/* api_init.c - the choices a first fit makes on its signal (include/inr.h,
 * inrfit_model_set's init and fresh): WINNER's noise scales from the
 * target's spectral centroid (docs/METHODS.md 3.1) and FreSh's choice of
 * the embedding hyper-parameter (3.2), as `inrfit fit --init winner` and
 * `--fresh` make them (app/fit_init.c), without the messages. */
#include <stdio.h>
#include <string.h>

#include "api_internal.h"
#include "fresh_select.h"
#include "spectral.h"

static inrfit_status apply_winner(inrfit_model *m, signal_data *sig)
{
    if (sig->n_points > 0x7fffffffL)
        return api_status(inr_fail(INR_ERR_INVALID, "WINNER: %ld points is too many for one spectrum",
                                   sig->n_points));
    spectral_winner_info wi;
    inr_status st = spectral_winner(sig->targets, (int)sig->n_points, sig->info.channels,
                                    sig->dims, &wi);
    if (st) return api_status(st);
    m->cfg.init = INR_INIT_WINNER;
    m->cfg.winner_s0 = (float)wi.s0;
    m->cfg.winner_s1 = (float)wi.s1;
    if (!m->w0_first_set) m->cfg.sine.w0_first = m->cfg.sine.w0;
    m->info.spectral_centroid = (float)wi.centroid;
    return INRFIT_OK;
}

static inrfit_status choose_fresh(inrfit_model *m, const signal_data *sig)
{
    const inr_fresh_param *param = inr_fresh_param_for(m->cfg.kind);
    if (!param)
        return api_status(inr_fail(INR_ERR_INVALID,
                                   "fresh: no FreSh hyper-parameter is defined for the %s model",
                                   inr_model_name(m->cfg.kind)));
    double values[INR_FRESH_MAX_CANDIDATES], dist[INR_FRESH_MAX_CANDIDATES];
    double seconds = sig->dims == 1 && sig->info.sample_rate > 0
                         ? (double)sig->n_points / sig->info.sample_rate : 0.0;
    int n = inr_fresh_default_grid(param, sig->dims, seconds, values, INR_FRESH_MAX_CANDIDATES);
    double target[SPECTRAL_FRESH_BINS];
    long full[2] = { sig->dims == 2 ? sig->info.height : sig->n_points, sig->info.width };
    inr_status st = inr_fresh_target_spectrum(sig->targets, sig->dims, full, sig->info.channels,
                                              SPECTRAL_FRESH_BINS, target);
    if (st) return api_status(st);
    double energy = 0.0;
    for (int b = 0; b < SPECTRAL_FRESH_BINS; b++) energy += target[b];
    if (!(energy > 0.0))
        return api_status(inr_fail(INR_ERR_INVALID,
                                   "FreSh: the signal's spectrum is empty (constant, or too "
                                   "small for any of its %d frequency bins)", SPECTRAL_FRESH_BINS));
    inr_fresh_options fo = {
        .param = param,
        .values = values,
        .n_values = n,
        .n_inits = INR_FRESH_INITS,
        .nbins = SPECTRAL_FRESH_BINS,
        .threads = m->threads,
    };
    inr_fresh_eval_shape(sig->dims, sig->n_points, sig->info.height, sig->info.width, fo.shape);
    int best = 0;
    st = inr_fresh_select(&m->cfg, target, &fo, dist, &best);
    if (st) return api_status(st);
    param->apply(&m->cfg, values[best]);
    snprintf(m->info.fresh_param, sizeof m->info.fresh_param, "%s", param->name);
    m->info.fresh_value = (float)values[best];
    return INRFIT_OK;
}

inrfit_status api_choose_init(inrfit_model *m, const inrfit_signal *s)
{
    /* WINNER records its centroid in the signal's info, which the fit then
     * copies; a const signal here, so a copy of the description. */
    signal_data sig = s->data;
    inrfit_status st = INRFIT_OK;
    if (m->winner && (st = apply_winner(m, &sig))) return st;
    if (m->fresh) st = choose_fresh(m, &sig);
    return st;
}
