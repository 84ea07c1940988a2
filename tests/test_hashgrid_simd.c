/* test_hashgrid_simd.c - the vector hash-grid kernels (hashgrid_simd.h) of
 * every ISA this CPU runs against the scalar reference, bit for bit: the
 * features, and the tables after a backward pass that adds into nonzero
 * gradients. Grids of 1, 2 and 3 dimensions, F = 1, 2, 3, 4, 8, dense and
 * hashed levels, offset 0 and 0.5, forced-dense grids; points at random,
 * on vertices, at and beyond the edges (-1, 1, +-inf, NaN, -0), counts that
 * leave partial blocks and span more than one pass of the forward kernel.
 * hashgrid_forward_cpu / hashgrid_backward_cpu (the dispatch) too. */
#include <string.h>

#include "check.h"
#include "elementwise.h"
#include "hashgrid_simd.h"
#include "test_arrays.h"

/* Point n's coordinates: random, or one of the special values on some axes. */
static void fill_points(float *x, int N, int d, const inr_grid *g)
{
    const float special[] = { -1.0f, 1.0f, -1.5f, 1.5f, INFINITY, -INFINITY, NAN, -0.0f,
                              0.0f, 1e-7f, -0.9999999f, 0.9999999f };
    const int ns = (int)(sizeof special / sizeof special[0]);
    for (int n = 0; n < N; n++)
        for (int i = 0; i < d; i++) {
            float v = inr_rng_range(&test_rng, -1.0f, 1.0f);
            int kind = (int)inr_rng_below(&test_rng, 8);
            if (kind == 0) v = special[inr_rng_below(&test_rng, (uint64_t)ns)];
            if (kind == 1) {
                /* a vertex of a random level: x = 2 (v - o) / s - 1 */
                int l = (int)inr_rng_below(&test_rng, (uint64_t)g->levels);
                float s = g->scale[l], k = (float)inr_rng_below(&test_rng, (uint64_t)g->res[l]);
                v = 2.0f * (k - g->shift) / s - 1.0f;
            }
            x[(size_t)n * d + i] = v;
        }
}

static double max_diff(const float *a, const float *b, size_t n)
{
    double m = 0;
    for (size_t i = 0; i < n; i++) {
        double e = fabs((double)a[i] - b[i]);
        if (!(e <= m)) m = e;
    }
    return m;
}

/* One grid, one N: each ISA's forward and backward against the scalar code. */
static void check_grid(const inr_grid *layout, int N, const char *what)
{
    inr_grid g = *layout;
    size_t off = 0;
    for (int l = 0; l < g.levels; l++) {
        g.offset[l] = off + 5;   /* tables not at the buffer's start */
        off += g.rows[l] * g.features;
    }
    size_t P = off + 5, NF = (size_t)N * g.levels * g.features;
    float *params = random_floats(P, -1, 1), *x = alloc_floats((size_t)N * g.dims);
    float *dfeat = random_floats(NF, -1, 1), *dp0 = random_floats(P, -1, 1);
    float *want = alloc_floats(NF), *got = alloc_floats(NF);
    float *dp_want = alloc_floats(P), *dp_got = alloc_floats(P);
    fill_points(x, N, g.dims, &g);
    hashgrid_forward_scalar(&g, params, x, want, N);
    memcpy(dp_want, dp0, P * sizeof(float));
    hashgrid_backward_scalar(&g, params, x, dfeat, dp_want, NULL, N);

    const char *isas[] = { "avx2", "avx512" };
    for (int k = 0; k < 3; k++) {
        const inr_hashgrid_kernels *kern = k < 2 ? inr_hashgrid_kernels_for_isa(isas[k]) : NULL;
        if (k < 2 && !kern) continue;
        const char *name = kern ? kern->isa : "dispatch";
        memset(got, 0xff, NF * sizeof(float));
        memcpy(dp_got, dp0, P * sizeof(float));
        if (kern) {
            kern->forward(&g, params, x, got, N);
            kern->backward(&g, x, dfeat, dp_got, N);
        } else {
            hashgrid_forward_cpu(&g, params, x, got, N);
            hashgrid_backward_cpu(&g, params, x, dfeat, dp_got, NULL, N);
        }
        CHECK(memcmp(got, want, NF * sizeof(float)) == 0, "%s %s N=%d: features differ by %.3g",
              name, what, N, max_diff(got, want, NF));
        CHECK(memcmp(dp_got, dp_want, P * sizeof(float)) == 0,
              "%s %s N=%d: table gradients differ by %.3g", name, what, N,
              max_diff(dp_got, dp_want, P));
    }
    free(params);
    free(x);
    free(dfeat);
    free(dp0);
    free(want);
    free(got);
    free(dp_want);
    free(dp_got);
}

int main(void)
{
    inr_rng_seed(&test_rng, 2024);
    const int Ns[] = { 1, 7, 16, 37, 600 };
    const int Fs[] = { 1, 2, 3, 4, 8, 16 };   /* 16: NSTR's S (K bases) */
    int tested = 0;
    for (int d = 1; d <= 3; d++)
        for (size_t f = 0; f < sizeof Fs / sizeof Fs[0]; f++)
            for (int shift = 0; shift < 2; shift++) {
                /* T = 2^7: the coarse levels dense, the fine ones hashed */
                inr_grid g;
                INR_ASSERT(inr_grid_layout_offset(&g, d, 5, Fs[f], 3.0f, 2.6f, 7, 0,
                                                  shift ? 0.5f : 0.0f) == INR_OK);
                CHECK(!g.hashed[0] && g.hashed[4], "d=%d: levels dense and hashed", d);
                char what[64];
                snprintf(what, sizeof what, "d=%d F=%d shift %d", d, Fs[f], shift);
                for (size_t n = 0; n < sizeof Ns / sizeof Ns[0]; n++) check_grid(&g, Ns[n], what);
                tested++;
            }
    /* Forced dense (NSTR, HC-INR), the default hash grid and a one-level grid. */
    inr_grid g;
    INR_ASSERT(inr_grid_layout(&g, 2, 3, 6, 16.0f, 2.0f, 4, 1) == INR_OK);
    check_grid(&g, 300, "dense d=2 F=6");
    INR_ASSERT(inr_grid_layout(&g, 2, 16, 2, 16.0f, 1.5f, 15, 0) == INR_OK);
    check_grid(&g, 1100, "default L16 F2 T2^15");
    INR_ASSERT(inr_grid_layout(&g, 3, 1, 2, 2.0f, 1.0f, 3, 0) == INR_OK);
    check_grid(&g, 40, "one level res 2");
    for (int k = 0; k < 2; k++) {
        const char *isa = k ? "avx512" : "avx2";
        printf("hashgrid %s: %s\n", isa, inr_hashgrid_kernels_for_isa(isa) ? "tested" : "not on this CPU");
    }
    printf("dispatch: %s elementwise; %d grids x %zu point counts\n",
           inr_elementwise_kernels()->isa, tested, sizeof Ns / sizeof Ns[0]);
    return check_result();
}
