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

/* The kinds that take h, as "a, b or c". */
static void kinds_taking(const inr_hparam *h, char *out, size_t n)
{
    int count = 0, done = 0;
    size_t len = 0;
    for (inr_model_kind k = 0; (k = inr_kind_next(k));) count += inr_hparam_applies(h, k);
    out[0] = '\0';
    for (inr_model_kind k = 0; len < n && (k = inr_kind_next(k));) {
        if (!inr_hparam_applies(h, k)) continue;
        const char *sep = done == 0 ? "" : done + 1 == count ? " or " : ", ";
        int w = snprintf(out + len, n - len, "%s%s", sep, inr_model_name(k));
        len += w > 0 ? (size_t)w : 0;
        done++;
    }
}

int model_options_check(const model_options *mo, inr_model_kind kind)
{
    const inr_hparam *h;
    for (int i = 0; (h = inr_hparam_at(i)); i++) {
        if (!mo->set[i]) continue;
        if (!inr_hparam_applies(h, kind)) {
            char kinds[128];
            kinds_taking(h, kinds, sizeof kinds);
            cli_error("%s applies to --model %s, not %s", h->option, kinds, inr_model_name(kind));
            return 2;
        }
        int other = h->excludes ? inr_hparam_index(h->excludes) : -1;
        if (other >= 0 && mo->set[other]) {
            const inr_hparam *x = inr_hparam_at(other);
            cli_error("give %s or %s, not both (%s sets the %s)", x->option, h->option,
                      x->option, h->key);
            return 2;
        }
    }
    return 0;
}

void model_options_apply(const model_options *mo, inr_config *c)
{
    const inr_hparam *h;
    for (int i = 0; (h = inr_hparam_at(i)); i++) {
        if (!mo->set[i]) continue;
        inr_hparam_set(h, c, mo->value[i]);
        int other = h->excludes ? inr_hparam_index(h->excludes) : -1;
        if (other >= 0) inr_hparam_set(inr_hparam_at(other), c, 0);
    }
}

int model_options_given(const model_options *mo, const char *key)
{
    int i = inr_hparam_index(key);
    return i >= 0 && mo->set[i];
}

void model_options_give(model_options *mo, const char *key, double value)
{
    int i = inr_hparam_index(key);
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
