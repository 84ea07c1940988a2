/* api_options.c - inrfit_model_set: options by name (include/inr.h). */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "fresh_param.h"
#include "gemm_bf16.h"
#include "hparams.h"

/* The whole of text as a number in [lo, hi]. */
static int parse_number(const char *name, const char *text, double lo, double hi, int integer,
                        double *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || *end || errno || !isfinite(v) || (integer && v != floor(v)) || v < lo ||
        v > hi) {
        inr_fail(INR_ERR_INVALID, "%s: '%s' is not %s in [%g, %g]", name, text,
                 integer ? "an integer" : "a number", lo, hi);
        return -1;
    }
    *out = v;
    return 0;
}

inrfit_status inrfit_model_set(inrfit_model *m, const char *name, const char *value)
{
    if (!name || !value) return api_status(inr_fail(INR_ERR_INVALID, "option or value missing"));
    double v;
    if (strcmp(name, "threads") == 0) {
        if (parse_number(name, value, 0, 1024, 1, &v)) return INRFIT_ERR_INVALID;
        m->threads = (int)v;
        return INRFIT_OK;
    }
    if (m->made)
        return api_status(inr_fail(INR_ERR_INVALID,
                                   "%s: options are set before the model's first fit", name));
    if (strcmp(name, "init") == 0) {
        int w = strcmp(value, "winner") == 0;
        if (!w && strcmp(value, "default") != 0)
            return api_status(inr_fail(INR_ERR_INVALID,
                                       "init: '%s' is not default or winner", value));
        if (w && !inr_model_winner(m->cfg.kind))
            return api_status(inr_fail(INR_ERR_INVALID, "init winner does not apply to a %s model",
                                       inr_model_name(m->cfg.kind)));
        m->winner = w;
        return INRFIT_OK;
    }
    if (strcmp(name, "fresh") == 0) {
        if (parse_number(name, value, 0, 1, 1, &v)) return INRFIT_ERR_INVALID;
        if (v && !inr_fresh_param_for(m->cfg.kind))
            return api_status(inr_fail(INR_ERR_INVALID,
                                       "fresh: no FreSh hyper-parameter is defined for the %s model",
                                       inr_model_name(m->cfg.kind)));
        m->fresh = (int)v;
        return INRFIT_OK;
    }
    if (strcmp(name, "precision") == 0) {
        int p = strcmp(value, "fp32") == 0   ? INR_PRECISION_FP32
                : strcmp(value, "bf16") == 0 ? INR_PRECISION_BF16
                : strcmp(value, "auto") == 0 ? -1
                                             : -2;
        if (p == -2)
            return api_status(inr_fail(INR_ERR_INVALID,
                                       "precision: '%s' is not fp32, bf16 or auto", value));
        if (p == INR_PRECISION_BF16) {
            char why[200];
            if (!inr_model_bf16(m->cfg.kind))
                return api_status(inr_fail(INR_ERR_INVALID,
                                           "precision bf16 does not apply to a %s model",
                                           inr_model_name(m->cfg.kind)));
            if (inr_bf16_engine_get(why, sizeof why) == INR_BF16_NONE)
                return api_status(inr_fail(INR_ERR_UNSUPPORTED,
                                           "precision bf16: %s, so no bf16 products here (use fp32)",
                                           why));
        }
        m->precision = p;
        m->cfg.precision = p == INR_PRECISION_BF16 ? INR_PRECISION_BF16 : INR_PRECISION_FP32;
        if (p == -1 && inr_bf16_engine_get(NULL, 0) == INR_BF16_NATIVE &&
            inr_model_bf16(m->cfg.kind) == 2)
            m->cfg.precision = INR_PRECISION_BF16;
        return INRFIT_OK;
    }
    if (strcmp(name, "lr") == 0 || strcmp(name, "batch") == 0 || strcmp(name, "seed") == 0) {
        int lr = name[0] == 'l';
        if (parse_number(name, value, lr ? 1e-12 : 0, lr ? 10 : 1e15, !lr, &v))
            return INRFIT_ERR_INVALID;
        if (lr) m->lr = (float)v;
        else if (name[0] == 'b') m->batch = (long)v;
        else m->cfg.seed = (uint64_t)v;
        return INRFIT_OK;
    }
    /* The model's hyper-parameters: the kind's own by key (or by the key it
     * was stored under before, NSTR's "sigma"), with the ranges and
     * exclusions of `inrfit fit --NAME`; another kind's key is accepted and
     * ignored where its option is a common one (as `fit --w0` for the FFN),
     * else refused. */
    const inr_hparam *h = inr_hparam_for_key(m->cfg.kind, name, NULL);
    int k = inr_hparam_index(name);
    const inr_hparam *any = h ? h : k >= 0 ? inr_hparam_at(k) : NULL;
    if (any && any->option) {
        if (!h && !inr_hparam_option_common(any->option))
            return api_status(inr_fail(INR_ERR_INVALID, "%s does not apply to a %s model", name,
                                       inr_model_name(m->cfg.kind)));
        if (parse_number(name, value, any->lo, any->hi, any->type == INR_HP_INT, &v))
            return INRFIT_ERR_INVALID;
        if (!h) return INRFIT_OK;   /* a common option this kind does not use */
        inr_hparam_set(h, &m->cfg, v);
        if (strcmp(h->key, "w0_first") == 0) m->w0_first_set = 1;
        /* N_max sets the growth; a growth given replaces it. */
        const inr_hparam *x =
            h->excludes ? inr_hparam_for_key(m->cfg.kind, h->excludes, NULL) : NULL;
        if (x) inr_hparam_set(x, &m->cfg, 0);
        return INRFIT_OK;
    }
    return api_status(inr_fail(INR_ERR_INVALID, "unknown option '%s'", name));
}
