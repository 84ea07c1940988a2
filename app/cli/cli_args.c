/* cli_args.c - strict option and number parsing (see cli_args.h). */
#include "cli_args.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* errno of the first flush of stdout that failed: later calls may change
 * errno before the check at exit. */
static int stdout_errno;

void cli_flush_stdout(void)
{
    if (fflush(stdout) != 0 && !stdout_errno) stdout_errno = errno ? errno : EIO;
}

int cli_stdout_checked(int status)
{
    cli_flush_stdout();
    if (!ferror(stdout)) return status;
    if (stdout_errno) cli_error("cannot write to standard output: %s", strerror(stdout_errno));
    else cli_error("cannot write to standard output");
    return status ? status : 1;
}

int cli_next(cli_args *a)
{
    if (a->i < a->argc && !a->options_ended && strcmp(a->argv[a->i], "--") == 0) {
        a->options_ended = 1;
        a->i++;
    }
    return a->i < a->argc;
}

int cli_is_option(const cli_args *a)
{
    const char *arg = a->argv[a->i];
    return !a->options_ended && arg[0] == '-' && arg[1] != '\0';
}

/* Each name tried on an option that may turn out unknown is a candidate. */
static void consider(cli_args *a, const char *name)
{
    if (!name || !cli_is_option(a)) return;
    if (a->near.word != a->argv[a->i]) suggest_start(&a->near, a->argv[a->i]);
    suggest_offer(&a->near, name);
}

void cli_unknown_option(const cli_args *a, const char *command)
{
    const char *arg = a->argv[a->i];
    const char *hint = a->near.word == arg ? a->near.best : NULL;
    if (hint)
        cli_error("unknown option '%s'; did you mean '%s'? (see 'inrfit %s --help')", arg, hint,
                  command);
    else
        cli_error("unknown option '%s' (see 'inrfit %s --help')", arg, command);
}

int cli_match(cli_args *a, const char *name, int *missing)
{
    if (a->options_ended) return 0;
    consider(a, name);
    const char *arg = a->argv[a->i];
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0) return 0;
    if (arg[n] == '=') {
        a->value = arg + n + 1;
        return 1;
    }
    if (arg[n] != '\0') return 0;
    if (a->i + 1 >= a->argc) {
        cli_error("option '%s' needs a value", name);
        *missing = 1;
        return 1;
    }
    a->value = a->argv[++a->i];
    return 1;
}

int cli_flag(cli_args *a, const char *name, const char *alias)
{
    if (a->options_ended) return 0;
    consider(a, name);
    consider(a, alias);
    const char *arg = a->argv[a->i];
    return strcmp(arg, name) == 0 || (alias && strcmp(arg, alias) == 0);
}

int cli_parse_long(const char *opt, const char *text, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (end == text || *end != '\0' || (errno && errno != ERANGE)) {
        cli_error("%s: '%s' is not a whole number", opt, text);
        return -1;
    }
    if (errno == ERANGE || v < lo || v > hi) {   /* ERANGE: beyond a long */
        cli_error("%s: %s is out of range [%ld, %ld]", opt, text, lo, hi);
        return -1;
    }
    *out = v;
    return 0;
}

int cli_parse_float(const char *opt, const char *text, double lo, double hi, float *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno == ERANGE || end == text || *end != '\0' || !isfinite(v)) {
        cli_error("%s: '%s' is not a finite number", opt, text);
        return -1;
    }
    if (v < lo || v > hi) {
        cli_error("%s: %g is out of range [%g, %g]", opt, v, lo, hi);
        return -1;
    }
    *out = (float)v;
    return 0;
}

int cli_parse_size(const char *opt, const char *text, long max, long *w, long *h)
{
    char buf[64];
    const char *x = strchr(text, 'x');
    if (!x || (size_t)(x - text) >= sizeof buf) {
        cli_error("%s: '%s' is not WIDTHxHEIGHT", opt, text);
        return -1;
    }
    memcpy(buf, text, x - text);
    buf[x - text] = '\0';
    if (cli_parse_long(opt, buf, 1, max, w) || cli_parse_long(opt, x + 1, 1, max, h)) return -1;
    return 0;
}

int cli_operand(cli_args *a, const char *command, const char **operand)
{
    if (cli_is_option(a)) {
        cli_unknown_option(a, command);
        return 2;
    }
    if (*operand) {
        cli_error("unexpected argument '%s'", a->argv[a->i]);
        return 2;
    }
    *operand = a->argv[a->i];
    return 0;
}
