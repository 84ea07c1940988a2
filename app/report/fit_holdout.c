/* fit_holdout.c - the training / held-out split of a fit and the quality
 * of the held-out points. */
#include "fit_holdout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "holdout.h"
#include "metrics.h"

int fit_holdout_split(fit_holdout *h, const signal_data *s, double fraction,
                      uint64_t model_seed)
{
    memset(h, 0, sizeof *h);
    if (fraction <= 0) return 0;
    long n = s->n_points;
    int d = s->dims, C = s->info.channels;
    h->fraction = fraction;
    h->mask = malloc((size_t)n);
    if (!h->mask) {
        cli_error("out of memory for --holdout's split");
        return 1;
    }
    h->n_held = inr_holdout_mask(inr_holdout_seed(model_seed), n, fraction, h->mask);
    h->n_train = n - h->n_held;
    if (h->n_held == 0 || h->n_train == 0) {
        cli_error("--holdout %g: of %ld points it holds out %ld, so %s", fraction, n, h->n_held,
                  h->n_held ? "none is left to train on" : "none is left to measure");
        fit_holdout_free(h);
        return 1;
    }
    h->coords = malloc((size_t)h->n_train * d * sizeof(float));
    h->targets = malloc((size_t)h->n_train * C * sizeof(float));
    if (!h->coords || !h->targets) {
        cli_error("out of memory for --holdout's training points");
        fit_holdout_free(h);
        return 1;
    }
    inr_holdout_gather(s->coords, n, d, h->mask, 0, h->coords);
    inr_holdout_gather(s->targets, n, C, h->mask, 0, h->targets);
    return 0;
}

void fit_holdout_free(fit_holdout *h)
{
    free(h->mask);
    free(h->coords);
    free(h->targets);
    memset(h, 0, sizeof *h);
}
