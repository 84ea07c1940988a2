/* cli_args.h - strict command-line parsing shared by the subcommands.
 *
 * Options are "--name VALUE" or "--name=VALUE"; numbers must parse whole
 * ("10x" is refused) and lie in range; options and operands come in any
 * order, and "--" ends the options. Failures print one line "inrfit: ..."
 * to stderr and return -1; callers exit with status 2.
 *
 * A parser loops `for (a.i = 0; cli_next(&a); a.i++)` over an if-chain of
 * cli_flag / cli_match, then `else if (cli_is_option(&a))` reports
 * cli_unknown_option: every name the chain tried is a candidate for its
 * "did you mean". */
#ifndef INR_CLI_ARGS_H
#define INR_CLI_ARGS_H

#include "diag.h"
#include "suggest.h"

typedef struct {
    int argc;
    char **argv;
    int i;              /* index of the argument being looked at */
    const char *value;  /* value of the matched option */
    int options_ended;  /* after "--": every argument is an operand */
    suggest near;       /* option names tried on an unknown argv[i] */
} cli_args;

/* True while argv[i] exists; steps over the first "--" (ending options). */
int cli_next(cli_args *a);
/* True when argv[i] is an option ("-x", "--name"), not an operand. */
int cli_is_option(const cli_args *a);
/* "unknown option 'X'; did you mean '--Y'? (see 'inrfit CMD --help')". */
void cli_unknown_option(const cli_args *a, const char *command);

/* True when argv[i] is the option `name` (e.g. "--steps"); takes its value
 * from "=VALUE" or the next argument (sets *missing when there is none). */
int cli_match(cli_args *a, const char *name, int *missing);
/* True when argv[i] is the flag `name` (no value; "--flag=..." refused). */
int cli_flag(cli_args *a, const char *name, const char *alias);

/* The end of the if-chain of a command with one operand: an unknown
 * option or a second operand prints one line and returns 2; the first
 * operand is stored in *operand (returns 0). */
int cli_operand(cli_args *a, const char *command, const char **operand);

int cli_parse_long(const char *opt, const char *text, long lo, long hi, long *out);
int cli_parse_float(const char *opt, const char *text, double lo, double hi, float *out);
/* "WxH" with both in [1, max]. */
int cli_parse_size(const char *opt, const char *text, long max, long *w, long *h);

/* Output lost to a full disk or a closed descriptor fails the command,
 * whichever it was: flush stdout with cli_flush_stdout (which keeps why a
 * flush failed), and main returns cli_stdout_checked(status): status when
 * stdout holds no error, else status or 1 after "inrfit: cannot write to
 * standard output: <reason>". */
void cli_flush_stdout(void);
int cli_stdout_checked(int status);

#endif
