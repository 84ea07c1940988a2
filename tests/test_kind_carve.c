/* test_kind_carve.c - the kinds' workspace carves (inr/kind_carve.h),
 * shared by the CPU passes (align 1) and the CUDA twins (align 64): every
 * piece starts on the alignment, inside the count, at its own place;
 * counting and carving agree; the CPU's workspace is the unaligned
 * training carve. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "hcinr.h"
#include "kind_carve.h"

enum { N = 37 };   /* rows: not a multiple of any alignment */

static int by_value(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* The carves' structs hold only float pointers: each piece set starts on
 * the alignment, inside the total, and at its own place. */
static void check_pieces(const char *what, const void *b, size_t size, const float *base,
                         size_t total, size_t align, int expect)
{
    const float *const *p = b;
    size_t n = size / sizeof(float *), off[256];
    int seen = 0;
    for (size_t i = 0; i < n && seen < 256; i++) {
        if (!p[i]) continue;
        off[seen] = (size_t)(p[i] - base);
        CHECK(off[seen] % align == 0 && off[seen] < total, "%s align %zu: piece at %zu of %zu",
              what, align, off[seen], total);
        seen++;
    }
    qsort(off, (size_t)seen, sizeof off[0], by_value);
    for (int i = 1; i < seen; i++)
        CHECK(off[i] > off[i - 1], "%s align %zu: two pieces at %zu", what, align, off[i]);
    CHECK(seen >= expect, "%s align %zu: %d pieces", what, align, seen);
}

typedef size_t (*carve_fn)(const inr_model *m, size_t rows, size_t align, float *work, void *b,
                           int mode);

static size_t enc_mlp(const inr_model *m, size_t rows, size_t align, float *work, void *b, int mode)
{
    return inr_enc_mlp_carve(m, rows, align, work, b, mode);
}
static size_t nstr(const inr_model *m, size_t rows, size_t align, float *work, void *b, int mode)
{
    return inr_nstr_carve(m, rows, align, work, b, mode);
}
static size_t hcinr(const inr_model *m, size_t rows, size_t align, float *work, void *b, int mode)
{
    return inr_hcinr_carve(m, rows, align, work, b, mode);
}

/* Carves m in each mode at alignments 1 and 64; cpu_mode is the mode the
 * CPU's workspace (inr_model_workspace) is counted in. */
static void check_kind(inr_model_kind kind, int in_dim, carve_fn carve, size_t size,
                       const int *modes, int n_modes, int cpu_mode, int expect)
{
    const char *what = inr_model_name(kind);
    inr_config c = inr_config_default(kind, in_dim, 3);
    inr_model m;
    CHECK(inr_model_create(&m, &c) == INR_OK, "%s: %s", what, inr_error());
    void *b = calloc(1, size), *nulls = calloc(1, size);
    for (int i = 0; i < n_modes; i++) {
        size_t total1 = 0;
        for (size_t align = 1; align <= 64; align *= 64) {
            size_t total = carve(&m, N, align, NULL, b, modes[i]);
            CHECK(memcmp(b, nulls, size) == 0, "%s: counting leaves every piece NULL", what);
            float *work = malloc(total * sizeof(float));
            CHECK(carve(&m, N, align, work, b, modes[i]) == total, "%s: carve = count", what);
            check_pieces(what, b, size, work, total, align, expect);
            if (align == 1) total1 = total;
            else CHECK(total >= total1 && total % 64 == 0, "%s: padded %zu vs %zu", what, total, total1);
            free(work);
        }
        if (modes[i] == cpu_mode)
            CHECK(inr_model_workspace(&m, N) == total1, "%s: workspace %zu, carve %zu", what,
                  inr_model_workspace(&m, N), total1);
    }
    free(b);
    free(nulls);
    inr_model_free(&m);
}

int main(void)
{
    const int train_eval[] = { 1, 0 };
    const int nstr_modes[] = {
        NSTR_CARVE_LEVELS | NSTR_CARVE_TRANSPORT | NSTR_CARVE_TRAIN,   /* CPU training */
        NSTR_CARVE_LEVELS | NSTR_CARVE_TRANSPORT,                      /* CPU evaluation */
        NSTR_CARVE_TRANSPORT | NSTR_CARVE_TRAIN,                       /* CUDA training */
        0,                                                             /* CUDA evaluation */
    };
    const inr_model_kind chains[] = { INR_MODEL_SIREN, INR_MODEL_FFN, INR_MODEL_HASHGRID };
    for (int k = 0; k < 3; k++)
        for (int d = 1; d <= 2; d++)
            check_kind(chains[k], d, enc_mlp, sizeof(inr_enc_mlp_buffers), train_eval, 2, 1, 2);
    for (int d = 1; d <= 2; d++) {
        check_kind(INR_MODEL_NSTR, d, nstr, sizeof(inr_nstr_buffers), nstr_modes, 4,
                   nstr_modes[0], 5);
        check_kind(INR_MODEL_HCINR, d, hcinr, sizeof(inr_hcinr_buffers), train_eval, 2, 1, 5);
    }
    return check_result();
}
