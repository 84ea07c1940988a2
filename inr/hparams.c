/* hparams.c - the common options and the walk over every kind's
 * hyper-parameters (hparams.h). */
#include "hparams.h"

#include <stdio.h>
#include <string.h>

#include "model_kinds.h"

/* Every kind accepts these options, as before they had a table; a kind
 * whose list has no descriptor with one (--w0 for FFN) ignores it. */
static const char *const COMMON[] = {
    "--width", "--layers", "--w0", "--w0-first", "--sigma", "--mapping",
};

/* In the checkpoint but no kind's: set by --precision, not a model option. */
static const inr_hparam STORED[] = {
    INR_HP_INT_("precision", NULL, NULL, precision, 0, 1, "training products: 0 fp32, 1 bf16"),
};

_Static_assert(sizeof(inr_precision) == sizeof(int), "precision is stored as an int");

#define COUNT(a) (int)(sizeof a / sizeof a[0])

int inr_hparam_common_options(const char *const **list)
{
    *list = COMMON;
    return COUNT(COMMON);
}

int inr_hparam_option_common(const char *option)
{
    for (int i = 0; option && i < COUNT(COMMON); i++)
        if (strcmp(COMMON[i], option) == 0) return 1;
    return 0;
}

int inr_hparams_of(inr_model_kind kind, const inr_hparam **list)
{
    const inr_model_ops *ops = inr_kind_ops(kind);
    *list = ops ? ops->hparams : NULL;
    return ops ? ops->n_hparams : 0;
}

/* List g of the walk: 0..kinds-1 each kind's, then the stored ones; -1
 * past the end. */
static int group(int g, const inr_hparam **list)
{
    int kinds = inr_kind_count();
    if (g < kinds) return inr_hparams_of((inr_model_kind)(g + 1), list);
    *list = STORED;
    return g == kinds ? COUNT(STORED) : -1;
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

int inr_hparam_option_index(const char *option)
{
    const inr_hparam *h;
    for (int i = 0; option && (h = inr_hparam_at(i)); i++)
        if (h->option && strcmp(h->option, option) == 0) return i;
    return -1;
}

int inr_hparam_in(const inr_hparam *h, const inr_hparam *list, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(list[i].key, h->key) == 0) return 1;
    return 0;
}

const inr_hparam *inr_hparam_for_option(inr_model_kind kind, const char *option)
{
    const inr_hparam *list;
    int n = inr_hparams_of(kind, &list);
    for (int i = 0; option && i < n; i++)
        if (list[i].option && strcmp(list[i].option, option) == 0) return &list[i];
    return NULL;
}

const inr_hparam *inr_hparam_for_key(inr_model_kind kind, const char *key, int *legacy)
{
    const inr_hparam *list;
    int n = inr_hparams_of(kind, &list);
    if (legacy) *legacy = 0;
    for (int i = 0; i < n; i++)
        if (strcmp(list[i].key, key) == 0) return &list[i];
    for (int i = 0; i < COUNT(STORED); i++)
        if (strcmp(STORED[i].key, key) == 0) return &STORED[i];
    for (int i = 0; i < n; i++)
        if (list[i].was && strcmp(list[i].was, key) == 0) {
            if (legacy) *legacy = 1;
            return &list[i];
        }
    return NULL;
}

int inr_hparam_applies(const inr_hparam *h, inr_model_kind kind)
{
    return h->option &&
           (inr_hparam_option_common(h->option) || inr_hparam_for_option(kind, h->option));
}

int inr_hparam_kinds(const char *option, const char *key, const char *sep_last, char *out,
                     size_t n)
{
    int count = 0, done = 0;
    size_t len = 0;
    for (inr_model_kind k = 0; (k = inr_kind_next(k));) {
        const inr_hparam *h = inr_hparam_for_option(k, option);
        count += h && (!key || strcmp(h->key, key) == 0);
    }
    if (n) out[0] = '\0';
    for (inr_model_kind k = 0; len < n && (k = inr_kind_next(k));) {
        const inr_hparam *h = inr_hparam_for_option(k, option);
        if (!h || (key && strcmp(h->key, key) != 0)) continue;
        const char *sep = done == 0 ? "" : done + 1 == count ? sep_last : ", ";
        int w = snprintf(out + len, n - len, "%s%s", sep, inr_model_name(k));
        len += w > 0 ? (size_t)w : 0;
        done++;
    }
    return count;
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
