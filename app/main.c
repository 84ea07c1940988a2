/* main.c - the inrfit command line: a table of subcommands (git style). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli_args.h"
#include "commands.h"
#include "fit_interrupts.h"
#include "runtime_info.h"
#include "suggest.h"

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
    { "export", cmd_export, "write a checkpoint's weights as .safetensors (for Python)" },
};
#define N_COMMANDS (sizeof COMMANDS / sizeof COMMANDS[0])

static void usage(FILE *out)
{
    fputs("usage: inrfit <FILE> [fit options]\n"
          "       inrfit <command> [<args>]\n"
          "       inrfit help <command>\n\ncommands:\n", out);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-8s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fputs("\n'inrfit <command> --help' (or 'inrfit help <command>') describes a command's\n"
          "options; options may come before or after the file, and '--' ends them.\n"
          "'inrfit --version' says what runs here (BLAS kernels, vector ISA, CUDA).\n"
          "example: inrfit photo.png --steps 2000 -o photo\n", out);
}

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(name, COMMANDS[i].name) == 0) return &COMMANDS[i];
    return NULL;
}

/* The command nearest to a mistyped word, or NULL when none is close. */
static const char *nearest_command(const char *word)
{
    suggest s;
    suggest_start(&s, word);
    for (size_t i = 0; i < N_COMMANDS; i++) suggest_offer(&s, COMMANDS[i].name);
    suggest_offer(&s, "help");
    return s.best;
}

static int unknown_command(const char *word)
{
    const char *hint = nearest_command(word);
    if (hint) cli_error("unknown command '%s'; did you mean '%s'? (see 'inrfit --help')", word, hint);
    else cli_error("unknown command '%s' (see 'inrfit --help')", word);
    return 2;
}

/* `inrfit help [CMD]`: the general usage, or `inrfit CMD --help`. */
static int help(int argc, char **argv)
{
    if (argc == 0 || strcmp(argv[0], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (argc > 1) {
        cli_error("help takes one command (see 'inrfit --help')");
        return 2;
    }
    const command *c = find_command(argv[0]);
    if (!c) return unknown_command(argv[0]);
    char *args[] = { "--help", NULL };
    return c->run(1, args);
}

/* The command line's outcome, before stdout is checked. */
static int run(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        runtime_info_print(stdout, 0);
        runtime_info_warnings(stderr);
        return 0;
    }
    if (strcmp(argv[1], "help") == 0) return help(argc - 2, argv + 2);
    const command *c = find_command(argv[1]);
    if (c) return c->run(argc - 2, argv + 2);
    /* A word that is neither a command nor a file is a mistyped command when
     * one is near; otherwise fit reports the missing file. */
    if (argv[1][0] != '-' && access(argv[1], F_OK) != 0 && nearest_command(argv[1]))
        return unknown_command(argv[1]);
    /* `inrfit FILE ...` and `inrfit --option ... FILE` are `inrfit fit ...`. */
    return cmd_fit(argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
    interrupts_start();   /* before any thread: they all inherit the block */
    return cli_stdout_checked(run(argc, argv));
}
