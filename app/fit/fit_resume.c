/* fit_resume.c - continuing a fit from its checkpoint (fit_resume.h). */
#include "fit_resume.h"

#include "fit_precision.h"

#include <stdio.h>
#include <string.h>

#include "backend.h"
#include "cli_args.h"

int fit_resume_load(const fit_options *o, signal_data *sig, inr_model *model,
                    inr_optimizer_state *state)
{
    inr_fit_info saved;
    if (inr_checkpoint_load(o->resume, model, &saved, state) != INR_OK) {
        cli_error("%s", inr_error());
        return 1;
    }
    const char *why = NULL;
    if (!state->adam_m)
        why = "holds no optimizer state to resume from";
    else if (saved.kind != sig->info.kind || saved.channels != sig->info.channels ||
             saved.height != sig->info.height || saved.width != sig->info.width)
        why = "was fitted to a signal of another kind or size";
    if (why) {
        cli_error("--resume: '%s' %s", o->resume, why);
        return 1;
    }
    sig->info.spectral_centroid = saved.spectral_centroid;
    memcpy(sig->info.fresh_param, saved.fresh_param, sizeof saved.fresh_param);
    sig->info.fresh_value = saved.fresh_value;
    /* The split comes from the seed and the fraction: a resumed fit keeps
     * both, or its "held-out" points would have been trained on. */
    if (o->holdout_set && o->holdout != saved.holdout) {
        cli_error("--resume: --holdout %g contradicts '%s', which was fitted holding out %g of "
                  "the points (a resumed fit keeps its split: drop the option or start a new "
                  "fit)", o->holdout, o->resume, saved.holdout);
        return 2;
    }
    sig->info.holdout = saved.holdout;
    return 0;
}

/* "--resume: --width 99 contradicts 'a.inr', which holds width 256 ...". */
#define CONTRADICTS(option_fmt, option_value, ...)                                        \
    do {                                                                                  \
        char given_[64], saved_[160];                                                     \
        snprintf(given_, sizeof given_, option_fmt, option_value);                        \
        snprintf(saved_, sizeof saved_, __VA_ARGS__);                                     \
        cli_error("--resume: %s contradicts '%s', which holds %s (a resumed fit keeps its " \
                  "model: drop the option or start a new fit)", given_, o->resume, saved_); \
        return 2;                                                                         \
    } while (0)

/* The hyper-parameters given against the checkpoint's: each differs from
 * its saved value, or zeroes one that is set (--growth, NSTR's max_res). */
static int check_hparams(const fit_options *o, const inr_config *c)
{
    inr_config changed = *c;
    model_options_apply(&o->models, &changed);
    for (int i = 0; inr_hparam_at(i); i++) {
        /* the option's field in this kind (none: a common option it ignores) */
        const inr_hparam *h = o->models.set[i] ? model_options_param(i, c->kind) : NULL;
        if (!h) continue;
        const inr_hparam *x = h->excludes ? inr_hparam_for_key(c->kind, h->excludes, NULL) : NULL;
        const inr_hparam *saved = inr_hparam_get(h, &changed) != inr_hparam_get(h, c) ? h
                                  : x && inr_hparam_get(x, c) != 0                  ? x
                                                                                   : NULL;
        if (!saved) continue;
        char value[32], given[64], was[32];
        inr_hparam_format(h, &changed, value, sizeof value);
        snprintf(given, sizeof given, "%s %s", h->option, value);
        inr_hparam_format(saved, c, was, sizeof was);
        CONTRADICTS("%s", given, "%s %s", saved->key, was);
    }
    return 0;
}

int fit_resume_check(const fit_options *o, const inr_model *model,
                     const inr_optimizer_state *state)
{
    const inr_config *c = &model->cfg;
    if (o->model && o->model != c->kind)
        CONTRADICTS("--model %s", inr_model_name(o->model), "model %s", inr_model_name(c->kind));
    int rc = model_options_check(&o->models, c->kind);
    if (rc) return rc;
    if ((rc = check_hparams(o, c))) return rc;
    if (o->init_set && o->init != c->init)
        CONTRADICTS("--init %s", o->init == INR_INIT_WINNER ? "winner" : "default",
                    "a %s initialisation", c->init == INR_INIT_WINNER ? "winner" : "default");
    if (o->precision_set && o->precision != FIT_PRECISION_AUTO &&
        o->precision != (int)c->precision)
        CONTRADICTS("--precision %s", inr_precision_name((inr_precision)o->precision),
                    "a fit in %s", inr_precision_name(c->precision));
    if (o->fresh) CONTRADICTS("%s", "--fresh", "the values chosen when it started");
    if (o->seed_set && (uint64_t)o->seed != c->seed)
        CONTRADICTS("--seed %ld", o->seed, "seed %llu", (unsigned long long)c->seed);
    if (o->batch >= 0 && o->batch != state->batch)
        CONTRADICTS("--batch %ld", o->batch, "batch %ld", state->batch);
    return 0;
}

void fit_resume_prefix(const char *checkpoint, char *out, size_t size)
{
    size_t n = strlen(checkpoint);
    if (n > 4 && strcmp(checkpoint + n - 4, ".inr") == 0 && checkpoint[n - 5] != '/') n -= 4;
    snprintf(out, size, "%.*s", (int)n, checkpoint);
}

void fit_resume_train_options(const fit_options *o, const inr_optimizer_state *saved,
                              inr_train_options *topt)
{
    inr_train_options_resume(topt, saved);   /* as the API resumes */
    if (o->lr > 0) topt->adam.lr = o->lr;
    if (o->lr_decay > 0) topt->lr_decay = o->lr_decay;
    if (o->lr_decay_every) topt->lr_decay_every = (int)o->lr_decay_every;
    else if (o->lr_decay > 0 && saved->lr_decay == 1.0f) topt->lr_decay_every = 20;
}

static void schedule(char *out, size_t size, float lr, float decay, int every)
{
    if (decay == 1.0f || every <= 0) snprintf(out, size, "lr %g", lr);
    else snprintf(out, size, "lr %g x %g every %d steps", lr, decay, every);
}

void fit_resume_describe(const fit_options *o, const inr_optimizer_state *saved,
                         const inr_train_options *topt, long steps, int threads,
                         const char *device)
{
    char now[96], was[96];
    schedule(now, sizeof now, topt->adam.lr, topt->lr_decay, topt->lr_decay_every);
    schedule(was, sizeof was, saved->lr, saved->lr_decay, saved->lr_decay_every);
    int same = strcmp(now, was) == 0;
    /* stdout holds nothing but the JSON object under --json. */
    FILE *out = o->json ? stderr : stdout;
    fprintf(out, "resumed     %s at step %ld, to step %ld; %s%s%s%s; threads %d; on %s\n",
            o->resume, saved->step, steps, now, same ? "" : " (saved: ", same ? "" : was,
            same ? "" : ")", threads, device);
    if (!o->json) cli_flush_stdout();
}
