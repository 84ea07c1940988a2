/* diag.c - "inrfit: ..." messages on stderr (see diag.h). */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>

static void message(const char *lead, const char *fmt, va_list ap)
{
    fputs(lead, stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    message("inrfit: ", fmt, ap);
    va_end(ap);
}

void cli_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    message("inrfit: warning: ", fmt, ap);
    va_end(ap);
}
