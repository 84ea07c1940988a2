/* test_fit_plot.c - fit --plot's "best" is the best of every step, also of
 * those a long fit's drawing leaves out (it draws every k-th of 4000+). */
#include <math.h>

#include "check.h"
#include "fit_plot.h"

int main(void)
{
    fit_plot p = { 0 };
    CHECK(isnan(fit_plot_best(&p)), "no step: best %g", fit_plot_best(&p));
    /* 9001 steps are drawn every 3rd; the peak sits on step 4000, left out. */
    for (long s = 0; s < 9001; s++) fit_plot_add(&p, s + 1, s == 4000 ? 40.0 : 20.0 + s * 1e-4);
    fit_plot_add(&p, 9002, NAN);
    CHECK(p.n == 9002, "%ld steps recorded", p.n);
    CHECK(fit_plot_best(&p) == 40.0, "best %.4f, expected 40", fit_plot_best(&p));
    fit_plot_free(&p);
    return check_result();
}
