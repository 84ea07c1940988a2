/* diag.h - the messages every part of the tool prints: one line,
 * "inrfit: <msg>" or "inrfit: warning: <msg>", to stderr. Kept apart from
 * the argument parser (cli_args.h) so that what only talks need not see it. */
#ifndef INR_DIAG_H
#define INR_DIAG_H

void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
