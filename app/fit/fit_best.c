/* fit_best.c - the best step's parameters for `inrfit fit --keep-best`. */
#include "fit_best.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

int fit_best_init(fit_best *b, size_t n_params)
{
    memset(b, 0, sizeof *b);
    b->n = n_params;
    b->loss = INFINITY;
    b->step = -1;
    for (int k = 0; k < 2; k++) {
        b->params[k] = malloc(n_params * sizeof(float));
        b->m[k] = malloc(n_params * sizeof(float));
        b->v[k] = malloc(n_params * sizeof(float));
        if (!b->params[k] || !b->m[k] || !b->v[k]) {
            fit_best_free(b);
            cli_error("--keep-best: out of memory for a copy of the parameters");
            return 1;
        }
    }
    return 0;
}

void fit_best_free(fit_best *b)
{
    for (int k = 0; k < 2; k++) {
        free(b->params[k]);
        free(b->m[k]);
        free(b->v[k]);
    }
    memset(b, 0, sizeof *b);
}

int fit_best_snapshot(fit_best *b, inr_device_trainer *tr)
{
    int k = b->spare;
    inr_optimizer_state st;
    b->have_state[k] = inr_device_trainer_get_state(tr, &st) == INR_OK;
    if (b->have_state[k]) {
        b->st[k] = st;
        memcpy(b->m[k], st.adam_m, b->n * sizeof(float));
        memcpy(b->v[k], st.adam_v, b->n * sizeof(float));
        b->st[k].adam_m = b->m[k];
        b->st[k].adam_v = b->v[k];
    }
    if (inr_device_trainer_download(tr) != INR_OK) {   /* a no-op on the CPU */
        cli_error("%s", inr_error());
        return 1;
    }
    memcpy(b->params[k], tr->model->params, b->n * sizeof(float));
    b->st[k].step = tr->step;
    return 0;
}

void fit_best_update(fit_best *b, double loss)
{
    if (!(loss < b->loss)) return;
    b->loss = loss;
    b->step = b->st[b->spare].step;
    b->spare = 1 - b->spare;
}

int fit_best_restore(fit_best *b, inr_model *m, const inr_optimizer_state **st)
{
    if (b->step < 0) return 0;
    int k = 1 - b->spare;
    memcpy(m->params, b->params[k], b->n * sizeof(float));
    *st = b->have_state[k] ? &b->st[k] : NULL;
    return 1;
}
