/* status.c - per-thread failure reasons for the libraries (see status.h). */
#include "status.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local char last_error[512];

inr_status inr_fail(inr_status code, const char *fmt, ...)
{
    /* Formatted aside first, so an argument may be inr_error() itself. */
    char scratch[sizeof last_error];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(scratch, sizeof scratch, fmt, ap);
    va_end(ap);
    memcpy(last_error, scratch, sizeof last_error);
    return code;
}

const char *inr_error(void) { return last_error; }

void inr_assert_fail(const char *expr, const char *file, int line)
{
    fprintf(stderr, "inrfit: internal error: %s:%d: assertion '%s' failed\n",
            file, line, expr);
    abort();
}
