/* api_signal.c - the public status codes, signals and render grid
 * (include/inr.h). */
#include <stdlib.h>

#include "api_internal.h"

_Static_assert(INRFIT_ERR_IO == (int)INR_ERR_IO && INRFIT_ERR_FORMAT == (int)INR_ERR_FORMAT &&
                   INRFIT_ERR_INVALID == (int)INR_ERR_INVALID &&
                   INRFIT_ERR_NOMEM == (int)INR_ERR_NOMEM &&
                   INRFIT_ERR_UNSUPPORTED == (int)INR_ERR_UNSUPPORTED,
               "the public status codes are the library's");

const char *inrfit_error(void) { return inr_error(); }

const char *inrfit_status_name(inrfit_status st)
{
    static const char *names[] = { "ok", "i/o error", "format error", "invalid argument",
                                   "out of memory", "unsupported", "interrupted" };
    return (unsigned)st < sizeof names / sizeof names[0] ? names[st] : "unknown status";
}

inrfit_status inrfit_signal_load(const char *path, inrfit_signal **out)
{
    *out = NULL;
    if (!path) return api_status(inr_fail(INR_ERR_INVALID, "no path given"));
    inrfit_signal *s = malloc(sizeof *s);
    if (!s) return api_status(inr_fail(INR_ERR_NOMEM, "out of memory"));
    inr_status st = signal_load(path, &s->data);
    if (st) {
        free(s);
        return api_status(st);
    }
    *out = s;
    return INRFIT_OK;
}

void inrfit_signal_shape(const inrfit_signal *s, inrfit_shape *out)
{
    const inr_fit_info *i = &s->data.info;
    *out = (inrfit_shape){ s->data.dims, i->channels, i->height, i->width, i->sample_rate };
}

void inrfit_signal_free(inrfit_signal *s)
{
    if (!s) return;
    signal_free(&s->data);
    free(s);
}

void inrfit_grid(const inrfit_shape *shape, float *coords)
{
    long dims[2] = { shape->height, shape->width };
    if (shape->dims == 2) inr_grid_coords(2, dims, coords);
    else inr_grid_coords(1, dims + 1, coords);
}
