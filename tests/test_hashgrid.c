/* test_hashgrid.c - the multiresolution hash encoding (METHODS 2.3): the hash
 * and the level resolutions against hand-computed values, exact lookups at
 * vertices, and finite-difference checks of every backward pass (tables of
 * a dense and a hashed level, input gradients, the closed-form Jacobian and
 * its backward) in 1, 2 and 3 dimensions. */
#include <string.h>

#include "fd_check.h"
#include "hashgrid.h"

static void check_hash_and_levels(void)
{
    /* Hand-computed: 5 * 2654435761 mod 2^32 = 387276917, XOR 3. */
    uint32_t c1[2] = { 3, 5 }, c2[2] = { 0, 1 }, c3[3] = { 7, 11, 13 }, c4[2] = { 100, 200 };
    CHECK(hashgrid_hash(c1, 2) == 387276918u, "hash(3,5) = %u", hashgrid_hash(c1, 2));
    CHECK(hashgrid_hash(c2, 2) == 2654435761u, "hash(0,1)");
    CHECK(hashgrid_hash(c3, 3) == 3162261517u, "hash(7,11,13) = %u", hashgrid_hash(c3, 3));
    CHECK((hashgrid_hash(c4, 2) & 32767u) == 4652u, "hash(100,200) mod 2^15");

    /* METHODS 2.3: s_l = 16 * 1.5^l - 1, resolution ceil(s_l) + 1; with
     * T = 2^12 the levels up to 54^2 = 2916 are dense, 81^2 = 6561 hashed. */
    inr_grid g;
    CHECK(inr_grid_layout(&g, 2, 6, 2, 16.0f, 1.5f, 12, 0) == INR_OK, "%s", inr_error());
    const float scale[6] = { 15, 23, 35, 53, 80, 120.5f };
    const int res[6] = { 16, 24, 36, 54, 81, 122 };
    const size_t rows[6] = { 256, 576, 1296, 2916, 4096, 4096 };
    for (int l = 0; l < 6; l++) {
        CHECK_CLOSE(g.scale[l], scale[l], 1e-4, 0);
        CHECK(g.res[l] == res[l], "level %d resolution %d want %d", l, g.res[l], res[l]);
        CHECK(g.rows[l] == rows[l], "level %d rows %zu want %zu", l, g.rows[l], rows[l]);
        CHECK(g.hashed[l] == (l >= 4), "level %d hashed %d", l, g.hashed[l]);
    }
    CHECK(inr_grid_floats(&g) == 2 * (256 + 576 + 1296 + 2916 + 4096 + 4096), "floats");
    /* b from N_max (METHODS 2.3): 16 levels 16..256 give b = 16^(1/15). */
    float b = inr_grid_growth_for(16, 256, 16);
    CHECK_CLOSE(b, 1.2030250360821166, 1e-6, 0);
    CHECK(inr_grid_layout(&g, 2, 16, 2, 16.0f, b, 19, 0) == INR_OK, "%s", inr_error());
    CHECK(g.res[0] == 16 && g.res[15] == 256 && g.res[5] == 41, "N_max levels %d %d %d",
          g.res[0], g.res[15], g.res[5]);
    /* force_dense keeps every level dense (NSTR, HC-INR). */
    CHECK(inr_grid_layout(&g, 2, 2, 1, 64.0f, 2.0f, 4, 1) == INR_OK && !g.hashed[1] &&
              g.rows[1] == 128 * 128,
          "force_dense");
    CHECK(inr_grid_layout(&g, 2, 33, 2, 16, 1.5f, 15, 0) != INR_OK, "33 levels accepted");
    CHECK(inr_grid_layout(&g, 2, 4, 2, 1.0f, 1.5f, 15, 0) != INR_OK, "N_min 1 accepted");
}

/* At a vertex the interpolation returns that vertex's row exactly. */
static void check_vertex_lookup(void)
{
    inr_grid g;
    inr_grid_layout(&g, 2, 2, 3, 4.0f, 4.0f, 5, 0);  /* res 4 dense (16 rows), res 16 hashed (32) */
    CHECK(!g.hashed[0] && g.hashed[1] && g.rows[0] == 16 && g.rows[1] == 32, "layout");
    g.offset[0] = 0;
    g.offset[1] = g.rows[0] * 3;
    float params[(16 + 32) * 3], feat[6];
    inr_rng rng;
    inr_rng_seed(&rng, 5);
    fill(&rng, params, sizeof params / sizeof params[0], 1);
    /* Vertex (3,5) of level 1 (s = 15): x_i = 2 v_i / 15 - 1; also vertex
     * (0.75*3, ...) is not on level 0, so only level 1 is checked. */
    float x[2] = { 2.0f * 3 / 15 - 1, 2.0f * 5 / 15 - 1 };
    hashgrid_forward_cpu(&g, params, x, feat, 1);
    size_t row = 387276918u & 31u;
    for (int f = 0; f < 3; f++) CHECK_CLOSE(feat[3 + f], params[g.offset[1] + row * 3 + f], 1e-5, 0);
    /* Vertex (1,2) of level 0 (s = 3) is dense row 1 + 2*4 = 9. */
    float x0[2] = { 2.0f * 1 / 3 - 1, 2.0f * 2 / 3 - 1 };
    hashgrid_forward_cpu(&g, params, x0, feat, 1);
    for (int f = 0; f < 3; f++) CHECK_CLOSE(feat[f], params[9 * 3 + f], 1e-5, 0);
}

/* tiny-cuda-nn's half-cell shift: level 0 (s = 3) gets ceil(3.5) + 1 = 5
 * vertices per axis, vertex (1,2) sits at pos = v (x_i = 2 (v_i - 0.5)/3
 * - 1), dense row 1 + 2*5 = 11; x = -1 and x = 1 interpolate between the
 * first two and the last two vertices, halfway. */
static void check_shifted_lookup(void)
{
    inr_grid g;
    CHECK(inr_grid_layout_offset(&g, 2, 1, 1, 4.0f, 1.0f, 10, 0, 0.5f) == INR_OK, "%s",
          inr_error());
    CHECK(g.res[0] == 5 && g.rows[0] == 25 && !g.hashed[0], "shifted level: res %d rows %zu",
          g.res[0], g.rows[0]);
    float params[25], feat;
    for (int i = 0; i < 25; i++) params[i] = (float)i;
    float x[2] = { 2.0f * 0.5f / 3 - 1, 2.0f * 1.5f / 3 - 1 };
    hashgrid_forward_cpu(&g, params, x, &feat, 1);
    CHECK_CLOSE(feat, 11.0f, 1e-4, 0);
    float lo[2] = { -1, -1 }, hi[2] = { 1, 1 };
    hashgrid_forward_cpu(&g, params, lo, &feat, 1);
    CHECK_CLOSE(feat, (0 + 1 + 5 + 6) / 4.0f, 1e-5, 0);
    hashgrid_forward_cpu(&g, params, hi, &feat, 1);
    CHECK_CLOSE(feat, (18 + 19 + 23 + 24) / 4.0f, 1e-5, 0);
    CHECK(inr_grid_layout_offset(&g, 2, 1, 1, 4.0f, 1.0f, 10, 0, 0.25f) != INR_OK,
          "shift 0.25 accepted");
}

/* Central differences. Table gradients are exact (the features are linear
 * in the tables): step 1e-2 leaves only float32 rounding, ~1e-6 here. For
 * x the features are piecewise polynomial: points within 3 steps of a cell
 * border on any level are skipped, elsewhere the error is rounding only
 * (~1e-7 * |f| / h ~ 1e-4 at h = 1e-3). */
#define H_TABLE 1e-2f
#define H_X 1e-3f

static int near_border(const inr_grid *g, const float *x)
{
    for (int l = 0; l < g->levels; l++)
        for (int i = 0; i < g->dims; i++) {
            float p = (x[i] + 1) * 0.5f * g->scale[l] + g->shift, frac = p - floorf(p);
            float margin = 3 * H_X * 0.5f * g->scale[l];
            if (frac < margin || frac > 1 - margin) return 1;
        }
    return 0;
}

static void check_gradients(int d, float shift)
{
    enum { N = 7, F = 2 };
    inr_grid g;
    /* T = 2^5: level 0 (res 4, 5 shifted) is dense for d <= 2; level 1 (res
     * 16) is dense for d = 1 and hashed for d = 2, 3 (d = 2: one of each). */
    CHECK(inr_grid_layout_offset(&g, d, 2, F, 4.0f, 4.0f, 5, 0, shift) == INR_OK, "%s",
          inr_error());
    CHECK(d > 2 || !g.hashed[0], "d=%d shift %g: level 0 hashed", d, shift);
    g.offset[0] = 0;
    g.offset[1] = g.rows[0] * F;
    size_t P = inr_grid_floats(&g), LF = 2 * F;
    float *params = malloc(P * sizeof(float)), *dparams = calloc(P, sizeof(float));
    float *jparams = calloc(P, sizeof(float));
    float x[N * 3], r[N * 2 * F], rj[N * 2 * F * 3], feat[N * 2 * F], jac[N * 2 * F * 3],
        dx[N * 3];
    inr_rng rng;
    inr_rng_seed(&rng, 11 + d);
    fill(&rng, params, P, 1);
    for (int n = 0; n < N; n++)
        do fill(&rng, x + n * d, d, 0.95f);
        while (near_border(&g, x + n * d));
    fill(&rng, r, N * LF, 1);
    fill(&rng, rj, N * LF * d, 1);
    hashgrid_backward_cpu(&g, params, x, r, dparams, dx, N);
    hashgrid_jacobian_backward_cpu(&g, x, rj, jparams, N);
    int bad = 0;
    for (size_t i = 0; i < P; i++) {
        float keep = params[i];
        params[i] = keep + H_TABLE;
        hashgrid_forward_cpu(&g, params, x, feat, N);
        double up = dot(r, feat, N * LF);
        hashgrid_jacobian_cpu(&g, params, x, jac, N);
        double jup = dot(rj, jac, N * LF * d);
        params[i] = keep - H_TABLE;
        hashgrid_forward_cpu(&g, params, x, feat, N);
        double down = dot(r, feat, N * LF);
        hashgrid_jacobian_cpu(&g, params, x, jac, N);
        double jdown = dot(rj, jac, N * LF * d);
        params[i] = keep;
        double fd = (up - down) / (2 * H_TABLE), jfd = (jup - jdown) / (2 * H_TABLE);
        if (fabs(dparams[i] - fd) > 1e-4 + 1e-4 * fabs(fd) && bad++ < 5)
            CHECK_CLOSE(dparams[i], fd, 1e-4, 1e-4);
        /* The jacobian carries s/2 (up to 8 here) per unit of x. */
        if (fabs(jparams[i] - jfd) > 1e-3 + 1e-4 * fabs(jfd) && bad++ < 5)
            CHECK_CLOSE(jparams[i], jfd, 1e-3, 1e-4);
    }
    CHECK(bad == 0, "d=%d: %d table gradients disagree", d, bad);
    /* Input gradient and the Jacobian against differences in x. */
    hashgrid_jacobian_cpu(&g, params, x, jac, N);
    float fu[N * 2 * F], fdn[N * 2 * F];
    for (int n = 0; n < N; n++)
        for (int i = 0; i < d; i++) {
            float keep = x[n * d + i];
            x[n * d + i] = keep + H_X;
            hashgrid_forward_cpu(&g, params, x, fu, N);
            x[n * d + i] = keep - H_X;
            hashgrid_forward_cpu(&g, params, x, fdn, N);
            x[n * d + i] = keep;
            double gx = 0;
            for (size_t j = 0; j < LF; j++) {
                double fd = (fu[n * LF + j] - fdn[n * LF + j]) / (2 * H_X);
                gx += r[n * LF + j] * fd;
                /* jac is (N, L, d, F): level j / F, feature j % F */
                CHECK_CLOSE(jac[((n * 2 + j / F) * d + i) * F + j % F], fd, 2e-3, 2e-3);
            }
            CHECK_CLOSE(dx[n * d + i], gx, 2e-3, 2e-3);
        }
    free(params);
    free(dparams);
    free(jparams);
}

int main(void)
{
    check_hash_and_levels();
    check_vertex_lookup();
    check_shifted_lookup();
    for (int d = 1; d <= 3; d++) {
        check_gradients(d, 0.0f);
        check_gradients(d, 0.5f);
    }
    return check_result();
}
