/* model_options.c - the model options of `inrfit fit` from the
 * hyper-parameter table (model_options.h). */
#include "model_options.h"

#include <stdlib.h>
#include <string.h>

#include "spectral.h"

int model_options_match(cli_args *a, model_options *mo, int *missing, int *bad)
{
    const inr_hparam *h;
    for (int i = 0; (h = inr_hparam_at(i)); i++) {
        INR_ASSERT(i < MODEL_OPTIONS_MAX);
        if (!h->option || !cli_match(a, h->option, missing)) continue;
        if (*missing) return 1;
        if (h->type == INR_HP_INT) {
            long v = 0;
            *bad = cli_parse_long(h->option, a->value, (long)h->lo, (long)h->hi, &v);
            mo->value[i] = (double)v;
        } else {
            float v = 0;
            *bad = cli_parse_float(h->option, a->value, h->lo, h->hi, &v);
            mo->value[i] = v;
        }
        mo->set[i] = !*bad;
        return 1;
    }
    return 0;
}

const inr_hparam *model_options_param(int i, inr_model_kind kind)
{
    const inr_hparam *h = inr_hparam_at(i);
    return h ? inr_hparam_for_option(kind, h->option) : NULL;
}

/* kind's descriptor that h excludes (--growth: max_res), or NULL. */
static const inr_hparam *excluded(const inr_hparam *h, inr_model_kind kind)
{
    if (!h->excludes) return NULL;
    const inr_hparam *x = inr_hparam_for_key(kind, h->excludes, NULL);
    int i = inr_hparam_index(h->excludes);
    return x ? x : i >= 0 ? inr_hparam_at(i) : NULL;
}

int model_options_check(const model_options *mo, inr_model_kind kind)
{
    const inr_hparam *h;
    for (int i = 0; (h = inr_hparam_at(i)); i++) {
        if (!mo->set[i]) continue;
        if (!inr_hparam_applies(h, kind)) {
            char kinds[128];
            inr_hparam_kinds(h->option, NULL, " or ", kinds, sizeof kinds);
            cli_error("%s applies to --model %s, not %s", h->option, kinds, inr_model_name(kind));
            return 2;
        }
        const inr_hparam *own = model_options_param(i, kind);
        const inr_hparam *x = own ? excluded(own, kind) : NULL;
        int other = x ? inr_hparam_option_index(x->option) : -1;
        if (other >= 0 && mo->set[other]) {
            cli_error("give %s or %s, not both (%s sets the %s)", x->option, own->option,
                      x->option, own->key);
            return 2;
        }
    }
    return 0;
}

void model_options_apply(const model_options *mo, inr_config *c)
{
    const inr_hparam *h;
    for (int i = 0; (h = inr_hparam_at(i)); i++) {
        const inr_hparam *own = mo->set[i] ? model_options_param(i, c->kind) : NULL;
        if (!own) continue;   /* not given, or a common option the kind ignores */
        inr_hparam_set(own, c, mo->value[i]);
        const inr_hparam *x = excluded(own, c->kind);
        if (x) inr_hparam_set(x, c, 0);
    }
}

/* Where the value of key's option is kept, or -1. */
static int slot(const char *key)
{
    int i = inr_hparam_index(key);
    return i >= 0 ? inr_hparam_option_index(inr_hparam_at(i)->option) : -1;
}

int model_options_given(const model_options *mo, const char *key)
{
    int i = slot(key);
    return i >= 0 && mo->set[i];
}

void model_options_give(model_options *mo, const char *key, double value)
{
    int i = slot(key);
    INR_ASSERT(i >= 0);
    mo->value[i] = value;
    mo->set[i] = 1;
}

void model_options_from_target(inr_config *c, const signal_data *s)
{
    if (!inr_model_uses_centroid(c->kind)) return;
    int C = s->info.channels;
    double *cen = malloc((size_t)C * sizeof(double));
    float *owned = NULL;
    const float *targets = cen && s->n_points <= 0x7fffffffL ? signal_targets(s, &owned) : NULL;
    if (!targets || spectral_centroid(targets, (int)s->n_points, C, cen) != INR_OK) {
        free(cen);
        free(owned);
        return;
    }
    free(owned);
    double mean = 0;
    for (int k = 0; k < C; k++) mean += cen[k] / C;
    free(cen);
    inr_config_from_centroid(c, mean, s->info.width);
}
