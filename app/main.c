/* main.c - the inrfit command line: a table of subcommands (git style). */
#include <stdio.h>
#include <string.h>

#include "cli_args.h"
#include "commands.h"
#include "fit_signals.h"

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command COMMANDS[] = {
    { "fit", cmd_fit, "fit a network to an image or a sound (default command)" },
    { "render", cmd_render, "evaluate a checkpoint at any resolution or sample rate" },
    { "info", cmd_info, "show what a checkpoint holds" },
    { "spectrum", cmd_spectrum, "centroid, WINNER scales, FreSh spectrum and spectrum picture" },
    { "view", cmd_view, "fit with a live window: reconstruction, error, spectra, fields" },
};
#define N_COMMANDS (sizeof COMMANDS / sizeof COMMANDS[0])

static void usage(FILE *out)
{
    fputs("usage: inrfit <FILE> [fit options]\n"
          "       inrfit <command> [<args>]\n\ncommands:\n", out);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-8s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fputs("\n'inrfit <command> --help' describes a command's options.\n"
          "example: inrfit photo.png --steps 2000 -o photo\n", out);
}

int main(int argc, char **argv)
{
    signals_install_cleanup();
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(argv[1], COMMANDS[i].name) == 0) return COMMANDS[i].run(argc - 2, argv + 2);
    if (argv[1][0] == '-') {
        cli_error("unknown option '%s' (see 'inrfit --help')", argv[1]);
        return 2;
    }
    /* `inrfit FILE ...` is `inrfit fit FILE ...`. */
    return cmd_fit(argc - 1, argv + 1);
}
