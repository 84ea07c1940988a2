/* commands.h - the inrfit subcommands. Each takes the arguments after its
 * name and returns the process exit status: 0 success, 1 runtime failure,
 * 2 usage error. */
#ifndef INR_COMMANDS_H
#define INR_COMMANDS_H

int cmd_fit(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_spectrum(int argc, char **argv);
int cmd_view(int argc, char **argv);
int cmd_export(int argc, char **argv);

/* `inrfit CMD --help` (fit's beside its options, fit_options.h). */
void render_usage(FILE *out);
void info_usage(FILE *out);
void spectrum_usage(FILE *out);
void view_usage(FILE *out);
void export_usage(FILE *out);

#endif
