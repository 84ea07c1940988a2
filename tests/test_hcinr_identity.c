/* test_hcinr_identity.c - HC-INR starts at the identity warp (inr/hcinr.c):
 * at initialisation u_S(x) = x exactly (the `warp` field), in 1-D and 2-D,
 * and the hypernetwork's output layer still gets a gradient. */
#include <stdlib.h>

#include "check.h"
#include "hcinr.h"

static void check_identity(int d, int scales)
{
    inr_config cfg = inr_config_default(INR_MODEL_HCINR, d, 1);
    cfg.hcinr.scales = scales;
    inr_model m;
    CHECK(inr_model_create(&m, &cfg) == INR_OK, "%s", inr_error());
    inr_model_init(&m);
    enum { N = 257 };
    float x[N * 3], u[N * 3], t[N];
    for (int n = 0; n < N; n++) {
        for (int i = 0; i < d; i++) x[n * d + i] = -1.0f + 2.0f * (float)((n * (i + 3)) % N) / (N - 1);
        t[n] = 0.5f;
    }
    CHECK(inr_model_field(&m, "warp", x, N, u, 1) == INR_OK, "%s", inr_error());
    int moved = 0;
    for (int k = 0; k < N * d; k++) moved += u[k] != x[k];
    CHECK(moved == 0, "d=%d S=%d: %d coordinates moved at init (u %g, x %g)", d, scales, moved,
          u[0], x[0]);

    /* One backward pass: the output layer's weights see da h^T != 0. */
    float *grad = calloc(m.n_params, sizeof(float));
    float *work = malloc(inr_model_workspace(&m, N) * sizeof(float));
    inr_model_forward_backward(&m, m.params, x, t, N, 1.0f, grad, work);
    const inr_layer *L = &m.layer[HC_HYPER_FIRST + 1];
    int nonzero = 0;
    for (size_t k = 0; k < (size_t)L->out * L->in; k++) nonzero += grad[L->w_offset + k] != 0.0f;
    CHECK(nonzero > 0, "d=%d: no gradient reaches the hypernetwork's output layer", d);
    free(grad);
    free(work);
    inr_model_free(&m);
}

int main(void)
{
    check_identity(2, 3);
    check_identity(1, 3);
    check_identity(3, 2);
    return check_result();
}
