/* test_profile.c - --profile's counters (inr/profile.h): nothing is marked
 * while off; a training step counts exactly its products' FLOPs forward and
 * backward, fp32 or bf16, and its phases fit inside the stage's wall time x
 * threads; an evaluation counts under its own stage; the on-the-spot GEMM
 * peak is a rate. */
#include <stdlib.h>

#include "check.h"
#include "gemm_bf16.h"
#include "gemm_peak.h"
#include "profile.h"
#include "trainer.h"

enum { N = 1000, W = 32, STEPS = 3 };

/* SIREN 2 -> W -> W -> 1: forward FLOPs per point and backward (no input
 * gradient for the coordinate layer). */
static const double FWD = 2.0 * (2 * W + W * W + W * 1);
static const double BWD = 2.0 * (2 * W) + 2.0 * 2 * (W * W) + 2.0 * 2 * (W * 1);

static void make(inr_model *m, inr_precision precision)
{
    inr_config c = inr_config_default(INR_MODEL_SIREN, 2, 1);
    c.width = W;
    c.layers = 2;
    c.precision = precision;
    CHECK(inr_model_create(m, &c) == INR_OK, "%s", inr_error());
    inr_model_init(m);
}

static void train(inr_model *m, const float *x, const float *t, int steps)
{
    inr_train_options o = inr_train_defaults(&m->cfg);
    o.threads = 2;
    inr_trainer tr;
    CHECK(inr_trainer_create(&tr, m, x, t, N, &o) == INR_OK, "%s", inr_error());
    for (int k = 0; k < steps; k++) inr_trainer_step(&tr);
    inr_trainer_free(&tr);
}

static double sum_phases(const inr_profile *p, int s)
{
    double t = 0;
    for (int ph = 0; ph < INR_PHASE_COUNT; ph++) t += p->thread_seconds[s][ph];
    return t;
}

int main(void)
{
    setenv("INRFIT_BF16", "emulate", 1);   /* bf16 products on any CPU */
    float *x = malloc(sizeof(float) * N * 2), *t = malloc(sizeof(float) * N), *y = malloc(sizeof(float) * N);
    for (int i = 0; i < N; i++) {
        x[2 * i] = -1 + 2.0f * (i % 40) / 39;
        x[2 * i + 1] = -1 + 2.0f * (i / 40) / 24;
        t[i] = x[2 * i] * x[2 * i + 1];
    }
    inr_model m;
    make(&m, INR_PRECISION_FP32);
    inr_profile p;

    inr_profile_start();
    inr_profile_stop();
    train(&m, x, t, 1);
    inr_profile_read(&p);
    CHECK(p.stage_calls[INR_STAGE_TRAIN] == 0 && p.flops_fp32[INR_STAGE_TRAIN][INR_PHASE_PRODUCTS_FWD] == 0,
          "a step marked nothing while profiling is off");

    inr_profile_start();
    train(&m, x, t, STEPS);
    inr_profile_read(&p);
    int s = INR_STAGE_TRAIN;
    CHECK(p.stage_calls[s] == STEPS, "%ld training steps counted, ran %d", p.stage_calls[s], STEPS);
    CHECK(p.flops_fp32[s][INR_PHASE_PRODUCTS_FWD] == STEPS * N * FWD, "forward FLOPs %.0f, expected %.0f",
          p.flops_fp32[s][INR_PHASE_PRODUCTS_FWD], STEPS * N * FWD);
    CHECK(p.flops_fp32[s][INR_PHASE_PRODUCTS_BWD] == STEPS * N * BWD, "backward FLOPs %.0f, expected %.0f",
          p.flops_fp32[s][INR_PHASE_PRODUCTS_BWD], STEPS * N * BWD);
    CHECK(p.flops_bf16[s][INR_PHASE_PRODUCTS_FWD] == 0, "an fp32 fit ran no bf16 products");
    CHECK(p.thread_seconds[s][INR_PHASE_PRODUCTS_FWD] > 0 && p.thread_seconds[s][INR_PHASE_ACTIVATIONS] > 0 &&
          p.thread_seconds[s][INR_PHASE_LOSS] > 0 && p.thread_seconds[s][INR_PHASE_OPTIMIZER] > 0,
          "products, activations, loss and optimizer were timed");
    CHECK(p.stage_seconds[s] > 0 && p.stage_thread_seconds[s] >= 2 * p.stage_seconds[s] * 0.999,
          "the stage's wall time x 2 threads: %g of %g s", p.stage_thread_seconds[s], p.stage_seconds[s]);
    CHECK(sum_phases(&p, s) <= p.stage_thread_seconds[s] * 1.001 + 1e-6,
          "the phases (%g thread-s) fit in the stage's wall x threads (%g)", sum_phases(&p, s),
          p.stage_thread_seconds[s]);
    CHECK(p.stage_calls[INR_STAGE_EVAL] == 0, "training is no evaluation");

    inr_profile_start();
    CHECK(inr_model_evaluate(&m, x, N, y, 2) == INR_OK, "%s", inr_error());
    inr_profile_read(&p);
    CHECK(p.stage_calls[INR_STAGE_EVAL] == 1 && p.stage_calls[INR_STAGE_TRAIN] == 0,
          "one evaluation counted under its stage");
    CHECK(p.flops_fp32[INR_STAGE_EVAL][INR_PHASE_PRODUCTS_FWD] == N * FWD, "evaluation FLOPs %.0f, expected %.0f",
          p.flops_fp32[INR_STAGE_EVAL][INR_PHASE_PRODUCTS_FWD], N * FWD);

    /* bf16: the hidden-to-hidden product only; in training and, once asked
     * for, in evaluation. */
    inr_model_free(&m);
    make(&m, INR_PRECISION_BF16);
    inr_profile_start();
    train(&m, x, t, 1);
    CHECK(inr_model_evaluate(&m, x, N, y, 2) == INR_OK, "%s", inr_error());
    inr_profile_read(&p);
    CHECK(p.flops_bf16[s][INR_PHASE_PRODUCTS_FWD] == 2.0 * N * W * W, "bf16 training FLOPs forward %.0f",
          p.flops_bf16[s][INR_PHASE_PRODUCTS_FWD]);
    CHECK(p.flops_bf16[s][INR_PHASE_PRODUCTS_BWD] == 4.0 * N * W * W, "bf16 training FLOPs backward %.0f",
          p.flops_bf16[s][INR_PHASE_PRODUCTS_BWD]);
    CHECK(p.flops_bf16[INR_STAGE_EVAL][INR_PHASE_PRODUCTS_FWD] == 0, "evaluation is fp32 unless asked");
    CHECK(inr_model_eval_precision(&m, INR_PRECISION_BF16) == INR_OK, "%s", inr_error());
    inr_profile_start();
    CHECK(inr_model_evaluate(&m, x, N, y, 2) == INR_OK, "%s", inr_error());
    inr_profile_read(&p);
    CHECK(p.flops_bf16[INR_STAGE_EVAL][INR_PHASE_PRODUCTS_FWD] == 2.0 * N * W * W &&
          p.flops_fp32[INR_STAGE_EVAL][INR_PHASE_PRODUCTS_FWD] == N * (FWD - 2.0 * W * W),
          "a bf16 evaluation: bf16 %.0f, fp32 %.0f FLOPs", p.flops_bf16[INR_STAGE_EVAL][INR_PHASE_PRODUCTS_FWD],
          p.flops_fp32[INR_STAGE_EVAL][INR_PHASE_PRODUCTS_FWD]);
    inr_profile_stop();
    inr_model_free(&m);

    inr_config nstr = inr_config_default(INR_MODEL_NSTR, 2, 1);
    CHECK(inr_model_create(&m, &nstr) == INR_OK, "%s", inr_error());
    CHECK(inr_model_eval_precision(&m, INR_PRECISION_BF16) != INR_OK, "NSTR refuses a bf16 evaluation");
    inr_model_free(&m);

    double fp32 = inr_gemm_peak_gflops(2, 64, W, 0, 0.01), bf16 = inr_gemm_peak_gflops(2, 64, W, 1, 0.01);
    CHECK(fp32 > 0 && bf16 > 0, "GEMM peaks %g and %g GFLOP/s", fp32, bf16);
    free(x);
    free(t);
    free(y);
    return check_result();
}
