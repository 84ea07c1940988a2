/* fields.c - a model's fields (fields.h) from its kind's descriptor. */
#include "fields.h"

#include <stdlib.h>
#include <string.h>

#include "chunked.h"
#include "model_kinds.h"

inr_field_view inr_kind_field_view(inr_model_kind kind)
{
    const inr_model_ops *k = inr_kind_ops(kind);
    return k ? k->field_view : INR_FIELD_VIEW_NONE;
}

int inr_model_fields(const inr_model *m, inr_field_info *list, int max)
{
    const inr_model_ops *k = inr_kind_ops(m->cfg.kind);
    return k && k->fields ? k->fields(m, list, max) : 0;
}

static void field_chunk(const inr_model *m, const void *ctx, const float *x, float *out,
                        int N, float *work)
{
    inr_kind_ops(m->cfg.kind)->field(m, *(const int *)ctx, x, out, N, work);
}

inr_status inr_model_field(const inr_model *m, const char *name, const float *coords,
                           long n, float *out, int threads)
{
    inr_field_info list[4];
    int count = inr_model_fields(m, list, 4), index = -1;
    for (int i = 0; i < count; i++)
        if (strcmp(list[i].name, name) == 0) index = i;
    if (index < 0)
        return inr_fail(INR_ERR_INVALID, "a %s model has no field '%s'", inr_model_name(m->cfg.kind), name);
    inr_status st = inr_chunked_map(m, coords, n, out, list[index].channels, threads,
                                    field_chunk, &index);
    return st ? inr_fail(st, "out of memory evaluating field '%s'", name) : INR_OK;
}
