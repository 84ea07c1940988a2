/* fields.c - field listing and chunked evaluation (fields.h). */
#include "fields.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chunked.h"
#include "model_kinds.h"
#include "ops_cpu.h"

int inr_model_fields(const inr_model *m, inr_field_info *list, int max)
{
    inr_field_info all[3];
    int n = 0, d = m->cfg.in_dim;
    switch (m->cfg.kind) {
    case INR_MODEL_HASHGRID:
        all[n++] = (inr_field_info){ "levels", m->grid.levels,
                                     "norm of each level's interpolated features (one tile per level)" };
        break;
    case INR_MODEL_NSTR:
        all[n++] = (inr_field_info){ "frequency", 1,
                                     "local frequency nu(x) = sum S_k^2 |Omega_k| / sum S_k^2 (rad/unit)" };
        all[n++] = (inr_field_info){ "flow", d,
                                     "transport flow: sum_k dnu/dS_k F_theta,k(x, S(x)) over nu(x)" };
        break;
    case INR_MODEL_HCINR:
        all[n++] = (inr_field_info){ "warp", d, "warped coordinates u_S(x) (deformed grid lines)" };
        break;
    default:
        break;
    }
    for (int i = 0; i < n && i < max; i++) list[i] = all[i];
    return n < max ? n : max;
}

/* One chunk of field `index` (its position in the list). */
static void field_chunk(const inr_model *m, const void *ctx, const float *x, float *out,
                        int N, float *work)
{
    int index = *(const int *)ctx;
    switch (m->cfg.kind) {
    case INR_MODEL_HASHGRID: {
        const inr_grid *g = &m->grid;
        int L = g->levels, F = g->features;
        hashgrid_forward_cpu(g, m->params, x, work, N);
        for (int n = 0; n < N; n++)
            for (int l = 0; l < L; l++) {
                const float *f = work + ((size_t)n * L + l) * F;
                double s = 0;
                for (int k = 0; k < F; k++) s += (double)f[k] * f[k];
                out[(size_t)n * L + l] = (float)sqrt(s);
            }
        break;
    }
    case INR_MODEL_NSTR:
        nstr_field_cpu(m, index, x, out, N, work);
        break;
    case INR_MODEL_HCINR:
        hcinr_warp_cpu(m, x, out, N, work);
        break;
    default:
        INR_ASSERT(0);
    }
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
