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
    /* The training points, in order (inr_holdout_gather's, of stored or
     * computed points). */
    inr_points p = signal_points(s);
    for (long k = 0, j = 0; k < n; k++) {
        if (h->mask[k]) continue;
        float *x = h->coords + (size_t)j * d, *t = h->targets + (size_t)j * C;
        const float *px = inr_points_coords(&p, k, 1, x), *pt = inr_points_targets(&p, k, 1, t);
        if (px != x) memcpy(x, px, d * sizeof(float));
        if (pt != t) memcpy(t, pt, C * sizeof(float));
        j++;
    }
    return 0;
}

void fit_holdout_free(fit_holdout *h)
{
    free(h->mask);
    free(h->coords);
    free(h->targets);
    memset(h, 0, sizeof *h);
}
