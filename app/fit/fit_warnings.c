/* fit_warnings.c - warnings of a fit (fit_warnings.h). */
#include "fit_warnings.h"

#include <math.h>

#include "diag.h"

void fit_warn_quiet_audio(const signal_data *s, const char *input)
{
    if (s->info.kind != INR_SIGNAL_AUDIO) return;
    double peak = s->info.value_scale, dbfs = 20.0 * log10(peak);
    if (dbfs < FIT_QUIET_DBFS)
        cli_warn("'%s' is nearly silent (peak %.2g, %.0f dBFS, below %.0f): scaled to peak 1 "
                 "for the fit, its noise is fitted as if it were signal", input, peak, dbfs,
                 FIT_QUIET_DBFS);
}

void fit_warn_fresh_edge(const char *param, const double *values, int n, int best)
{
    if (n < 3) return;   /* with two candidates every choice is an edge */
    int lowest = 1, highest = 1;
    for (int v = 0; v < n; v++) {
        if (values[v] < values[best]) lowest = 0;
        if (values[v] > values[best]) highest = 0;
    }
    if (lowest || highest)
        cli_warn("FreSh chose %s = %g, the %s of its %d candidates: the best value may lie %s "
                 "them (try --fresh-grid with %s values)", param, values[best],
                 lowest ? "smallest" : "largest", n, lowest ? "below" : "above",
                 lowest ? "smaller" : "larger");
}
