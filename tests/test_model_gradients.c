/* test_model_gradients.c - finite-difference checks of whole hash-grid,
 * NSTR and HC-INR models (every parameter of a small network): NSTR with
 * its data term alone and with a strong transport regulariser (whose
 * gradient runs through grad_x S and F_theta), HC-INR through the latent
 * grid, the hypernetwork and the whole warp chain. */
#include "fd_check.h"
#include "ops_cpu.h"

/* h = 1e-3; the ReLU sub-networks (g_phi, F_theta, the hypernetwork) skip
 * parameters at kinks (fd_options). param_noise: grids start near zero or
 * constant, so every parameter is perturbed for every path to carry
 * signal. */
static double check_model(inr_config cfg, const char *what, float param_noise,
                          size_t min_nonzero)
{
    fd_options o = { .h = 1e-3f, .param_noise = param_noise, .x_range = 0.9f,
                     .min_nonzero = min_nonzero, .skip_kinks = 1 };
    return fd_check_model(cfg, what, &o);
}

int main(void)
{
    blas_use_single_thread();

    /* Hash grid: a dense level (res 4) and a hashed one (res 16 > 2^6 rows in 2-D). */
    inr_config hg = inr_config_default(INR_MODEL_HASHGRID, 2, 3);
    hg.grid.levels = 2;
    hg.grid.features = 2;
    hg.grid.log2_table = 6;
    hg.grid.base_res = 4;
    hg.grid.growth = 4;
    hg.width = 8;
    hg.layers = 2;
    check_model(hg, "hashgrid 2-D", 0.5f, 100);
    hg.in_dim = 1;
    hg.out_dim = 2;
    check_model(hg, "hashgrid 1-D", 0.5f, 80);

    /* NSTR: a small std of Omega keeps sin(Omega x) smooth at the FD step. */
    inr_config ns = inr_config_default(INR_MODEL_NSTR, 2, 2);
    ns.nstr.bases = 3;
    ns.grid.levels = 2;
    ns.grid.base_res = 4;
    ns.grid.max_res = 8;
    ns.width = 6;
    ns.layers = 1;
    ns.nstr.omega_std = 2;
    ns.nstr.phase_field = 0;   /* amplitudes only first; the phase field below */
    ns.nstr.lambda = 0;
    double reg0 = check_model(ns, "nstr data term", 0.3f, 150);
    CHECK(reg0 == 0, "lambda 0 gave a regulariser %g", reg0);
    /* A strong regulariser so that its gradient dominates the check. */
    ns.nstr.lambda = 5;
    ns.nstr.transport_x = 1;
    double reg = check_model(ns, "nstr with transport term", 0.3f, 2000);
    CHECK(reg > 1e-3, "regulariser %g is too small to test anything", reg);
    ns.nstr.transport_x = 0;
    reg = check_model(ns, "nstr with transport term F(S)", 0.3f, 1500);
    CHECK(reg > 1e-3, "F(S): regulariser %g is too small to test anything", reg);
    ns.nstr.transport_x = 1;
    /* The phase field: S (2K wide) moves theta too; data term alone, then
     * the transport term over all 2K components. Finer levels start at
     * U(+-grid_init) in the phases as well, so every path is non-zero. */
    ns.nstr.phase_field = 1;
    ns.nstr.lambda = 0;
    reg0 = check_model(ns, "nstr phase field data term", 0.3f, 150);
    CHECK(reg0 == 0, "phase field, lambda 0 gave a regulariser %g", reg0);
    ns.nstr.lambda = 5;
    reg = check_model(ns, "nstr phase field with transport term", 0.3f, 2000);
    CHECK(reg > 1e-3, "phase field: regulariser %g is too small to test anything", reg);
    ns.nstr.phase_field = 0;
    ns.in_dim = 1;
    ns.out_dim = 1;
    check_model(ns, "nstr 1-D with transport term", 0.3f, 1500);
    ns.nstr.phase_field = 1;
    check_model(ns, "nstr 1-D phase field with transport term", 0.3f, 1500);
    ns.nstr.phase_field = 0;

    /* HC-INR: small w0 keeps the SIREN smooth at the FD step. */
    inr_config hc = inr_config_default(INR_MODEL_HCINR, 2, 2);
    hc.hcinr.scales = 3;
    hc.hcinr.latent_res = 4;
    hc.hcinr.latent_features = 3;
    hc.width = 10;
    hc.layers = 2;
    hc.sine.w0 = 2;
    hc.sine.w0_first = 3;
    check_model(hc, "hcinr 2-D", 0.3f, 1000);
    hc.in_dim = 1;
    hc.out_dim = 1;
    hc.hcinr.scales = 2;
    check_model(hc, "hcinr 1-D", 0.3f, 300);
    return check_result();
}
