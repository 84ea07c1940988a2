/* api_options.c - inrfit_model_set: options by name (include/inr.h). */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"

typedef enum { OPT_INT, OPT_FLOAT } opt_type;

/* A field of inr_config, with the smallest value it takes (the model's own
 * checks refuse combinations when it is made). */
typedef struct {
    const char *name;
    opt_type type;
    size_t offset;
    double min, max;
} config_option;

#define INT_OPT(name, lo, hi) { #name, OPT_INT, offsetof(inr_config, name), lo, hi }
#define FLOAT_OPT(name, lo, hi) { #name, OPT_FLOAT, offsetof(inr_config, name), lo, hi }

static const config_option OPTIONS[] = {
    INT_OPT(width, 1, 8192),         INT_OPT(layers, 1, INR_MAX_LAYERS - 2),
    FLOAT_OPT(w0, 1e-6, 1e6),        FLOAT_OPT(w0_first, 1e-6, 1e6),
    FLOAT_OPT(sigma, 1e-6, 1e6),     INT_OPT(mapping, 1, 8192),
    INT_OPT(levels, 1, INR_GRID_MAX_LEVELS), INT_OPT(features, 1, 64),
    INT_OPT(log2_table, 1, 30),      FLOAT_OPT(base_res, 1, 1e6),
    FLOAT_OPT(growth, 1, 100),       FLOAT_OPT(max_res, 1, 1e7),
    INT_OPT(bases, 1, 4096),         FLOAT_OPT(lambda, 0, 1e6),
    INT_OPT(scales, 1, 16),          INT_OPT(latent_res, 2, 65536),
    INT_OPT(latent_features, 1, 256),
};

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
    if (strcmp(name, "lr") == 0 || strcmp(name, "batch") == 0 || strcmp(name, "seed") == 0) {
        int lr = name[0] == 'l';
        if (parse_number(name, value, lr ? 1e-12 : 0, lr ? 10 : 1e15, !lr, &v))
            return INRFIT_ERR_INVALID;
        if (lr) m->lr = (float)v;
        else if (name[0] == 'b') m->batch = (long)v;
        else m->cfg.seed = (uint64_t)v;
        return INRFIT_OK;
    }
    for (size_t i = 0; i < sizeof OPTIONS / sizeof OPTIONS[0]; i++) {
        const config_option *o = &OPTIONS[i];
        if (strcmp(name, o->name) != 0) continue;
        if (parse_number(name, value, o->min, o->max, o->type == OPT_INT, &v))
            return INRFIT_ERR_INVALID;
        char *field = (char *)&m->cfg + o->offset;
        if (o->type == OPT_INT) *(int *)field = (int)v;
        else *(float *)field = (float)v;
        /* N_max sets the growth; a growth given replaces it. */
        if (strcmp(name, "growth") == 0) m->cfg.max_res = 0;
        return INRFIT_OK;
    }
    return api_status(inr_fail(INR_ERR_INVALID, "unknown option '%s'", name));
}
