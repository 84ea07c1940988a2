/* test_dispatch.c - the kernels chosen from CPU features: OpenBLAS's core
 * from feature bits alone (never the model number), and every elementwise
 * ISA this CPU runs against the scalar formulas and bit for bit against
 * AVX2 (the same IEEE operations at another vector width). */
#include <math.h>
#include <string.h>
#include <strings.h>

#include "blas.h"
#include "check.h"
#include "elementwise.h"
#include "vmath_poly.h"
#include "test_arrays.h"

static inr_cpu avx2_cpu(const char *vendor, int family, int model)
{
    inr_cpu c;
    memset(&c, 0, sizeof c);
    snprintf(c.vendor, sizeof c.vendor, "%s", vendor);
    c.family = family;
    c.model = model;
    c.avx2 = c.fma = c.f16c = c.os_ymm = true;
    return c;
}

static void test_core_choice(void)
{
    /* The CPU of issue 11: family 6 model 207, unknown to OpenBLAS 0.3.21. */
    inr_cpu xeon = avx2_cpu("GenuineIntel", 6, 207);
    xeon.avx512f = xeon.avx512bw = xeon.avx512dq = xeon.avx512vl = xeon.avx512cd = true;
    xeon.os_zmm = xeon.avx512_bf16 = true;
    CHECK(strcmp(inr_blas_core_for(&xeon), "SkylakeX") == 0, "%s", inr_blas_core_for(&xeon));
    CHECK(inr_cpu_has_bf16(&xeon), "AVX512-BF16 counts as bf16 hardware");
    /* A model number no table knows changes nothing. */
    xeon.model = 0xff;
    CHECK(strcmp(inr_blas_core_for(&xeon), "SkylakeX") == 0, "%s", inr_blas_core_for(&xeon));
    /* AVX-512 the OS does not save (no ZMM state in XCR0) is not used. */
    xeon.os_zmm = false;
    CHECK(strcmp(inr_blas_core_for(&xeon), "Haswell") == 0, "%s", inr_blas_core_for(&xeon));
    CHECK(!inr_cpu_has_bf16(&xeon), "no AVX-512 state, no AVX512-BF16");

    inr_cpu zen = avx2_cpu("AuthenticAMD", 23, 1);
    CHECK(strcmp(inr_blas_core_for(&zen), "Zen") == 0, "%s", inr_blas_core_for(&zen));
    zen.family = 0x1a; /* a future family: still Zen by features and vendor */
    CHECK(strcmp(inr_blas_core_for(&zen), "Zen") == 0, "%s", inr_blas_core_for(&zen));
    inr_cpu hygon = avx2_cpu("HygonGenuine", 24, 0);
    CHECK(strcmp(inr_blas_core_for(&hygon), "Zen") == 0, "%s", inr_blas_core_for(&hygon));

    inr_cpu old = avx2_cpu("GenuineIntel", 6, 42);
    old.avx2 = old.fma = false;
    CHECK(strcmp(inr_blas_core_for(&old), "Sandybridge") == 0, "%s", inr_blas_core_for(&old));
    old.os_ymm = false;
    CHECK(strcmp(inr_blas_core_for(&old), "Prescott") == 0, "%s", inr_blas_core_for(&old));

    inr_cpu amx = avx2_cpu("GenuineIntel", 6, 143);
    amx.amx_tile = amx.amx_bf16 = true;
    CHECK(!inr_cpu_has_bf16(&amx), "AMX without the OS's tile state is not usable");
    amx.os_amx = true;
    CHECK(inr_cpu_has_bf16(&amx), "AMX-BF16 with tile state counts as bf16 hardware");
}

/* This machine: it runs this build, so it has x86-64-v3, and the loaded
 * OpenBLAS runs the core its features ask for (or says why not). */
static void test_this_machine(void)
{
    const inr_cpu *cpu = inr_cpu_features();
    const char *user = getenv("OPENBLAS_CORETYPE"); /* before inrfit sets it */
    CHECK(inr_cpu_has_v3(cpu), "a CPU that runs this build has AVX2 + FMA");
    CHECK(inr_blas_load(), "OpenBLAS loads: %s", inr_blas_error());
    printf("blas kernels %s, features ask for %s%s%s\n", inr_blas_core(), inr_blas_wanted_core(),
           user ? ", OPENBLAS_CORETYPE=" : "", user ? user : "");
    if (!inr_blas_warning())
        CHECK(strcasecmp(inr_blas_core(), inr_blas_wanted_core()) == 0,
              "without a warning the wanted core runs: %s vs %s", inr_blas_core(),
              inr_blas_wanted_core());
    printf("products: %s\n", inr_products_name());
    if (inr_products_onednn() && !getenv("ONEDNN_MAX_CPU_ISA"))
        CHECK(inr_products_warning() == NULL, "oneDNN runs below the features: %s",
              inr_products_warning());
    const inr_elementwise *best = inr_elementwise_kernels();
    const char *widest = inr_cpu_has_avx512(cpu) ? "avx512" : "avx2";
    if (!getenv("INRFIT_ISA"))
        CHECK(strcmp(best->isa, widest) == 0, "picked %s, widest is %s", best->isa, widest);
}

/* One ISA's kernels against the formulas (and bit for bit against AVX2). */
static void test_kernels(const inr_elementwise *k, const inr_elementwise *ref)
{
    enum { N = 4099 }; /* not a multiple of any vector width */
    float *x = random_floats(N, -3000.0f, 3000.0f), *s = alloc_floats(N), *c = alloc_floats(N);
    float *s_ref = alloc_floats(N), *c_ref = alloc_floats(N);
    k->sincos(x, s, c, N);
    ref->sincos(x, s_ref, c_ref, N);
    double worst = 0;
    for (int i = 0; i < N; i++) {
        worst = fmax(worst, fabs(s[i] - sin((double)x[i])));
        worst = fmax(worst, fabs(c[i] - cos((double)x[i])));
    }
    CHECK(worst < 2e-6, "%s: sincos off by %.3g", k->isa, worst);
    CHECK(memcmp(s, s_ref, sizeof(float) * N) == 0 && memcmp(c, c_ref, sizeof(float) * N) == 0,
          "%s: sincos bit-identical to %s", k->isa, ref->isa);

    /* The float reduction up to its limit, and an array with one argument
     * beyond it (the double reduction then runs on all of it). */
    float limits[2] = { SINCOS_SMALL_LIMIT, 1e6f };
    for (int t = 0; t < 2; t++) {
        float *xl = random_floats(N, -SINCOS_SMALL_LIMIT, SINCOS_SMALL_LIMIT);
        xl[N / 2] = limits[t];
        k->sincos(xl, s, c, N);
        ref->sincos(xl, s_ref, c_ref, N);
        worst = 0;
        for (int i = 0; i < N; i++) {
            worst = fmax(worst, fabs(s[i] - sin((double)xl[i])));
            worst = fmax(worst, fabs(c[i] - cos((double)xl[i])));
        }
        CHECK(worst < 2e-6, "%s: sincos to |x| = %g off by %.3g", k->isa, limits[t], worst);
        CHECK(memcmp(s, s_ref, sizeof(float) * N) == 0 && memcmp(c, c_ref, sizeof(float) * N) == 0,
              "%s: sincos to |x| = %g bit-identical to %s", k->isa, limits[t], ref->isa);
        free(xl);
    }

    /* Sine layer: z = sin(w0 z), cs = w0 cos(w0 z); backward dz = dy cs. */
    float *z = random_floats(N, -1.0f, 1.0f), *z_ref = copy_floats(z, N), *z0 = copy_floats(z, N);
    float *dy = random_floats(N, -1.0f, 1.0f), *dz = alloc_floats(N), *dz_ref = alloc_floats(N);
    k->sine_forward(z, c, 30.0f, N);
    ref->sine_forward(z_ref, c_ref, 30.0f, N);
    k->sine_backward(dy, c, dz, N);
    ref->sine_backward(dy, c_ref, dz_ref, N);
    CHECK(memcmp(z, z_ref, sizeof(float) * N) == 0 && memcmp(dz, dz_ref, sizeof(float) * N) == 0,
          "%s: sine layer bit-identical to %s", k->isa, ref->isa);
    worst = 0;
    for (int i = 0; i < N; i++) {
        double arg = 30.0 * (double)z0[i];
        worst = fmax(worst, fabs(z[i] - sin(arg)));
        worst = fmax(worst, fabs(dz[i] - dy[i] * 30.0 * cos(arg)) / 30.0);
    }
    CHECK(worst < 2e-6, "%s: sine layer off by %.3g", k->isa, worst);

    /* ReLU: y = max(y, 0), dz = dy where y > 0. */
    float *y = random_floats(N, -1.0f, 1.0f);
    k->relu_forward(y, N);
    k->relu_backward(dy, y, dz, N);
    int bad = 0;
    for (int i = 0; i < N; i++) bad += y[i] < 0 || dz[i] != (y[i] > 0 ? dy[i] : 0.0f);
    CHECK(bad == 0, "%s: relu wrong at %d places", k->isa, bad);

    /* Adam against its formula in double, and against AVX2 bit for bit. */
    float *p = random_floats(N, -1.0f, 1.0f), *g = random_floats(N, -1.0f, 1.0f);
    float *m = random_floats(N, -0.1f, 0.1f), *v = random_floats(N, 0.0f, 0.1f);
    float *p2 = copy_floats(p, N), *m2 = copy_floats(m, N), *v2 = copy_floats(v, N);
    float *p0 = copy_floats(p, N), *m0 = copy_floats(m, N), *v0 = copy_floats(v, N);
    inr_adam_step st = { 0.9f, 0.999f, 1e-3f / (1.0f - 0.9f), 1.0f / sqrtf(1.0f - 0.999f), 1e-8f };
    k->adam(p, g, m, v, N, &st);
    ref->adam(p2, g, m2, v2, N, &st);
    CHECK(memcmp(p, p2, sizeof(float) * N) == 0, "%s: Adam bit-identical to %s", k->isa, ref->isa);
    /* fp32 rounding of p (|p| <= ~1) plus a small part of the step. */
    int off = 0;
    for (int i = 0; i < N; i++) {
        double mi = 0.9 * m0[i] + 0.1 * g[i], vi = 0.999 * v0[i] + 0.001 * (double)g[i] * g[i];
        double pi = p0[i] - st.step_size * mi / (sqrt(vi) * st.inv_sqrt_bc2 + st.eps);
        off += fabs(p[i] - pi) > 3e-7 + 1e-4 * fabs(p0[i] - pi);
    }
    CHECK(off == 0, "%s: Adam off its formula at %d of %d values", k->isa, off, N);
    /* Sparse Adam (a third of the gradients 0): those entries kept, the rest
     * as Adam, bit for bit. */
    for (int i = 0; i < N; i += 3) g[i] = 0.0f;
    memcpy(p2, p0, sizeof(float) * N), memcpy(m2, m0, sizeof(float) * N), memcpy(v2, v0, sizeof(float) * N);
    memcpy(p, p0, sizeof(float) * N), memcpy(m, m0, sizeof(float) * N), memcpy(v, v0, sizeof(float) * N);
    k->adam_sparse(p, g, m, v, N, &st);
    ref->adam(p2, g, m2, v2, N, &st);
    int wrong = 0;
    for (int i = 0; i < N; i++)
        wrong += g[i] == 0.0f ? p[i] != p0[i] || m[i] != m0[i] || v[i] != v0[i]
                              : memcmp(&p[i], &p2[i], 4) || memcmp(&m[i], &m2[i], 4) ||
                                    memcmp(&v[i], &v2[i], 4);
    CHECK(wrong == 0, "%s: sparse Adam wrong at %d of %d values", k->isa, wrong, N);

    float *all[] = { x, s, c, s_ref, c_ref, z, z_ref, z0, dy, dz, dz_ref, y, p, g, m, v, p2, m2, v2,
                     p0, m0, v0 };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) free(all[i]);
}

int main(void)
{
    inr_rng_seed(&test_rng, 11);
    test_core_choice();
    test_this_machine();
    const inr_elementwise *avx2 = inr_elementwise_for_isa("avx2");
    CHECK(avx2 != NULL, "AVX2 kernels run here");
    CHECK(inr_elementwise_for_isa("sse2") == NULL, "an ISA not built in is refused");
    for (int i = 0; avx2 && i < inr_elementwise_n_isas; i++) {
        const inr_elementwise *k = inr_elementwise_for_isa(inr_elementwise_isas[i]);
        printf("elementwise %s: %s\n", inr_elementwise_isas[i], k ? "tested" : "not on this CPU");
        if (k) test_kernels(k, avx2);
    }
    return check_result();
}
