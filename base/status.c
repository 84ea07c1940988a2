/* status.c - per-thread failure reasons for the libraries (see status.h). */
#include "status.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static _Thread_local char last_error[512];

inr_status inr_fail(inr_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return code;
}

const char *inr_error(void) { return last_error; }

void inr_assert_fail(const char *expr, const char *file, int line)
{
    fprintf(stderr, "inrfit: internal error: %s:%d: assertion '%s' failed\n",
            file, line, expr);
    abort();
}
