/* kinds.c - the table of model kinds: one descriptor per inr_model_kind
 * (model_kinds.h). To add a kind: its enum value in model.h, its
 * descriptor in its own file, and one row here (and, to train it on a GPU,
 * one row in cuda/trainer_cuda.c's twin table). */
#include <stdio.h>
#include <string.h>

#include "model_kinds.h"

static const inr_model_ops *const KINDS[] = {
    [INR_MODEL_SIREN] = &inr_siren_ops,
    [INR_MODEL_FFN] = &inr_ffn_ops,
    [INR_MODEL_HASHGRID] = &inr_hashgrid_ops,
    [INR_MODEL_NSTR] = &inr_nstr_ops,
    [INR_MODEL_HCINR] = &inr_hcinr_ops,
};
enum { N_KINDS = sizeof KINDS / sizeof KINDS[0] };

const inr_model_ops *inr_kind_ops(inr_model_kind kind)
{
    return kind > 0 && (size_t)kind < N_KINDS ? KINDS[kind] : NULL;
}

int inr_kind_count(void) { return N_KINDS - 1; }

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
    for (size_t k = 1; k < N_KINDS; k++)
        if (KINDS[k] && strcmp(KINDS[k]->name, name) == 0) return (inr_model_kind)k;
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
    for (size_t k = 1; k < N_KINDS; k++) count += KINDS[k] && KINDS[k]->bf16 >= min_bf16;
    out[0] = 0;
    for (size_t k = 1; k < N_KINDS && len < n; k++) {
        if (!KINDS[k] || KINDS[k]->bf16 < min_bf16) continue;
        const char *sep = done == 0 ? "" : done + 1 == count ? " and " : ", ";
        int w = snprintf(out + len, n - len, "%s%s", sep, KINDS[k]->name);
        len += w > 0 ? (size_t)w : 0;
        done++;
    }
}
