/* kinds.c - the table of model kinds: one descriptor per inr_model_kind
 * (model_kinds.h). To add a kind: its enum value in model.h, its
 * descriptor in its own file, and one row here (and, to train it on a GPU,
 * one row in cuda/trainer_cuda.c's twin table). A program can also add a
 * kind at run time (inr_kind_register; tests/test_toy_kind.c). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "hcinr.h"
#include "model_kinds.h"

static const inr_model_ops *const KINDS[] = {
    [INR_MODEL_SIREN] = &inr_siren_ops,
    [INR_MODEL_FFN] = &inr_ffn_ops,
    [INR_MODEL_HASHGRID] = &inr_hashgrid_ops,
    [INR_MODEL_NSTR] = &inr_nstr_ops,
    [INR_MODEL_HCINR] = &inr_hcinr_ops,
};
enum { N_KINDS = sizeof KINDS / sizeof KINDS[0], MAX_REGISTERED = 8 };

/* Kinds registered at run time (inr_kind_register): values N_KINDS on. */
static const inr_model_ops *registered[MAX_REGISTERED];
static int n_registered;

/* One past the largest kind value in use. */
static size_t kind_end(void) { return N_KINDS + (size_t)n_registered; }

const inr_model_ops *inr_kind_ops(inr_model_kind kind)
{
    if (kind <= 0) return NULL;
    if ((size_t)kind < N_KINDS) return KINDS[kind];
    return (size_t)kind < kind_end() ? registered[kind - N_KINDS] : NULL;
}

inr_model_kind inr_kind_register(const inr_model_ops *ops)
{
    if (!ops || !ops->name || !ops->layout || !ops->init || !ops->workspace || !ops->forward
        || !ops->forward_backward || n_registered == MAX_REGISTERED || inr_model_parse(ops->name))
        return 0;
    registered[n_registered++] = ops;
    return (inr_model_kind)(kind_end() - 1);
}

inr_model_kind inr_kind_next(inr_model_kind k)
{
    size_t next = k > 0 ? (size_t)k + 1 : 1;
    while (next < kind_end() && !inr_kind_ops((inr_model_kind)next)) next++;
    return next < kind_end() ? (inr_model_kind)next : 0;
}

int inr_kind_count(void) { return (int)kind_end() - 1; }

int inr_model_winner(inr_model_kind kind)
{
    const inr_model_ops *ops = inr_kind_ops(kind);
    return ops ? ops->winner : 0;
}

int inr_model_uses_centroid(inr_model_kind kind)
{
    const inr_model_ops *ops = inr_kind_ops(kind);
    return ops && ops->from_centroid;
}

void inr_config_from_centroid(inr_config *c, double centroid, long n_axis)
{
    const inr_model_ops *ops = inr_kind_ops(c->kind);
    if (ops && ops->from_centroid) ops->from_centroid(c, centroid, n_axis);
}

const char *inr_model_name(inr_model_kind kind)
{
    const inr_model_ops *ops = inr_kind_ops(kind);
    return ops ? ops->name : "unknown";
}

inr_model_kind inr_model_parse(const char *name)
{
    for (inr_model_kind k = 0; (k = inr_kind_next(k));)
        if (strcmp(inr_kind_ops(k)->name, name) == 0) return k;
    return 0;
}

int inr_model_bf16(inr_model_kind kind)
{
    const inr_model_ops *ops = inr_kind_ops(kind);
    return ops ? ops->bf16 : 0;
}

void inr_model_list(char *out, size_t n, int min_bf16)
{
    size_t count = 0, done = 0, len = 0;
    for (inr_model_kind k = 0; (k = inr_kind_next(k));) count += inr_kind_ops(k)->bf16 >= min_bf16;
    out[0] = 0;
    for (inr_model_kind k = 0; len < n && (k = inr_kind_next(k));) {
        const inr_model_ops *ops = inr_kind_ops(k);
        if (ops->bf16 < min_bf16) continue;
        const char *sep = done == 0 ? "" : done + 1 == count ? " and " : ", ";
        int w = snprintf(out + len, n - len, "%s%s", sep, ops->name);
        len += w > 0 ? (size_t)w : 0;
        done++;
    }
}

/* ---- FreSh (fresh_param.h): each kind's entry is in its descriptor ---------- */

const inr_fresh_param *inr_fresh_param_for(inr_model_kind kind)
{
    const inr_model_ops *ops = inr_kind_ops(kind);
    return ops ? ops->fresh : NULL;
}

/* v to three significant digits (a length-scaled grid prints as 340, not
 * 340.091), never to 0. */
static double three_digits(double v)
{
    if (!(v > 0)) return v;
    double unit = pow(10.0, floor(log10(v)) - 2);
    return round(v / unit) * unit;
}

int inr_fresh_default_grid(const inr_fresh_param *p, int dims, double seconds, double *values,
                           int max)
{
    inr_fresh_grid g = dims == 1 ? p->audio : p->image;
    if (dims == 1 && seconds > 0) {
        double k = seconds / INR_FRESH_AUDIO_SECONDS;
        g.first *= k;
        if (!g.geometric) g.step *= k;
    }
    int n = g.n < max ? g.n : max;
    for (int i = 0; i < n; i++)
        values[i] = g.geometric ? round(g.first * pow(g.step, i)) : three_digits(g.first + g.step * i);
    return n;
}
