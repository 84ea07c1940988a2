/* hparams.c - the common hyper-parameters and the walk over every kind's
 * (hparams.h). */
#include "hparams.h"

#include <stdio.h>
#include <string.h>

#include "model_kinds.h"

/* Every kind accepts these options, as before they had a table; a kind
 * that does not list one (--w0 for FFN) ignores it. */
static const inr_hparam COMMON[] = {
    INR_HP_WIDTH, INR_HP_LAYERS, INR_HP_OMEGAS, INR_HP_SIGMA, INR_HP_MAPPING,
};

/* In the checkpoint but no kind's: set by --precision, not a model option. */
static const inr_hparam STORED[] = {
    INR_HP_INT_("precision", NULL, NULL, precision, 0, 1, "training products: 0 fp32, 1 bf16"),
};

_Static_assert(sizeof(inr_precision) == sizeof(int), "precision is stored as an int");

#define COUNT(a) (int)(sizeof a / sizeof a[0])

int inr_hparams_common(const inr_hparam **list)
{
    *list = COMMON;
    return COUNT(COMMON);
}

int inr_hparams_of(inr_model_kind kind, const inr_hparam **list)
{
    const inr_model_ops *ops = inr_kind_ops(kind);
    *list = ops ? ops->hparams : NULL;
    return ops ? ops->n_hparams : 0;
}

/* List g of the walk: 0 the common ones, 1..kinds each kind's, then the
 * stored ones; -1 past the end. */
static int group(int g, const inr_hparam **list)
{
    int kinds = inr_kind_count();
    if (g == 0) return inr_hparams_common(list);
    if (g <= kinds) return inr_hparams_of((inr_model_kind)g, list);
    *list = STORED;
    return g == kinds + 1 ? COUNT(STORED) : -1;
}

/* Whether key appears in a group before g, or in g before position j. */
static int seen(const char *key, int g, int j)
{
    for (int h = 0; h <= g; h++) {
        const inr_hparam *list;
        int n = group(h, &list);
        for (int i = 0; i < (h == g ? j : n); i++)
            if (strcmp(list[i].key, key) == 0) return 1;
    }
    return 0;
}

const inr_hparam *inr_hparam_at(int i)
{
    const inr_hparam *list;
    int n;
    for (int g = 0; i >= 0 && (n = group(g, &list)) >= 0; g++)
        for (int j = 0; j < n; j++)
            if (!seen(list[j].key, g, j) && i-- == 0) return &list[j];
    return NULL;
}

int inr_hparam_index(const char *key)
{
    const inr_hparam *h;
    for (int i = 0; (h = inr_hparam_at(i)); i++)
        if (strcmp(h->key, key) == 0) return i;
    return -1;
}

int inr_hparam_in(const inr_hparam *h, const inr_hparam *list, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(list[i].key, h->key) == 0) return 1;
    return 0;
}

int inr_hparam_applies(const inr_hparam *h, inr_model_kind kind)
{
    const inr_hparam *list;
    if (inr_hparam_in(h, COMMON, COUNT(COMMON))) return 1;
    int n = inr_hparams_of(kind, &list);
    return inr_hparam_in(h, list, n);
}

double inr_hparam_get(const inr_hparam *h, const inr_config *c)
{
    const char *p = (const char *)c + h->offset;
    if (h->type == INR_HP_INT) {
        int v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    float f;
    memcpy(&f, p, sizeof f);
    return f;
}

void inr_hparam_set(const inr_hparam *h, inr_config *c, double v)
{
    char *p = (char *)c + h->offset;
    if (h->type == INR_HP_INT) {
        int i = (int)v;
        memcpy(p, &i, sizeof i);
    } else {
        float f = (float)v;
        memcpy(p, &f, sizeof f);
    }
}

void inr_hparam_format(const inr_hparam *h, const inr_config *c, char *out, size_t n)
{
    if (h->type == INR_HP_INT) snprintf(out, n, "%d", (int)inr_hparam_get(h, c));
    else snprintf(out, n, "%g", inr_hparam_get(h, c));
}
