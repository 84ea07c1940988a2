/* cmd_view.c - `inrfit view`: `inrfit fit` with the live viewer open
 * (fit_view.h); its own options (--panel, --frames, --screenshot) are taken
 * here and the rest goes to fit with --view. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "cli_args.h"
#include "commands.h"
#include "fields.h"
#include "fit_view.h"
#include "view_scene.h"

void view_usage(FILE *out)
{
    fputs("usage: inrfit view <FILE> [view options] [fit options]\n"
          "\n"
          "Fits like 'inrfit fit' (same options, same outputs) while a window shows the\n"
          "fit live. Images: target, reconstruction, |error| (inferno colour map), the\n"
          "centred log spectra of target and reconstruction, and the model's inner field\n"
          "(below) or the curves (PSNR in dB, loss on a log scale); heat maps have colour\n"
          "bars. Audio: waveforms, error, spectrograms, field or curves; t and r play the\n"
          "excerpt. A status line shows model, step, loss, PSNR, learning rate and\n"
          "steps/s. The fit runs on its own; the window evaluates snapshots of the\n"
          "parameters on its own thread, at a reduced resolution ('e' for full), so the\n"
          "fit is barely slowed. Needs a display (DISPLAY) and SDL2.\n"
          "\n"
          "inner fields, by model:\n",
          out);
    /* From the kinds' descriptors: how each one's field is shown. */
    static const char *const SHOWN[] = {
        [INR_FIELD_VIEW_LEVELS] = "each grid level's feature norm",
        [INR_FIELD_VIEW_FLOW] = "local frequency under transport-flow arrows",
        [INR_FIELD_VIEW_WARP] = "the grid's lines through the coordinate warp",
    };
    for (inr_model_kind k = 0; (k = inr_kind_next(k));) {
        inr_field_view v = inr_kind_field_view(k);
        if (v != INR_FIELD_VIEW_NONE && (size_t)v < sizeof SHOWN / sizeof *SHOWN)
            fprintf(out, "  %-21s %s\n", inr_model_name(k), SHOWN[v]);
    }
    fputs("\n"
          "view options:\n"
          "  --panel PX            panel side in pixels (256; 128..768)\n"
          "  --frames N            draw at least N frames, wait for the fit to end,\n"
          "                        then close (scripts and tests)\n"
          "  --screenshot PNG      save the window there when it closes\n"
          "  --keys KEYS           press these keys, one per frame, once the first\n"
          "                        snapshot is shown (e.g. 'e3' full resolution, error\n"
          "                        panel alone; 's' save; 'q' stop)\n"
          "  -h, --help            this help\n"
          "\n"
          "keys:\n",
          out);
    char keys[VIEW_KEYS_HELP_MAX];
    view_keys_help(keys, sizeof keys);
    const char *k = keys;
    while (*k) {
        const char *nl = strchr(k, '\n');
        int len = nl ? (int)(nl - k) : (int)strlen(k);
        fprintf(out, "  %.*s\n", len, k);
        k += len + (nl != NULL);
    }
    fputs("\n'inrfit fit FILE --view' opens the same window; fit options: 'inrfit fit --help'.\n", out);
}

int cmd_view(int argc, char **argv)
{
    fit_view_options vo = { 0 };
    char **rest = malloc((size_t)(argc + 2) * sizeof *rest);
    if (!rest) {
        cli_error("out of memory");
        return 1;
    }
    int n = 0;
    rest[n++] = "--view";   /* first: after a "--" it would be an operand */
    cli_args a = { .argc = argc, .argv = argv };
    for (a.i = 0; a.i < argc; a.i++) {
        int missing = 0, bad = 0;
        long v = 0;
        if (cli_flag(&a, "--help", "-h")) {
            view_usage(stdout);
            free(rest);
            return 0;
        } else if (cli_match(&a, "--frames", &missing)) {
            bad = !missing && cli_parse_long("--frames", a.value, 1, 1000000, &vo.frames);
        } else if (cli_match(&a, "--screenshot", &missing)) {
            if (!missing) vo.screenshot = a.value;
        } else if (cli_match(&a, "--keys", &missing)) {
            if (!missing) vo.keys = a.value;
        } else if (cli_match(&a, "--panel", &missing)) {
            bad = !missing && cli_parse_long("--panel", a.value, VIEW_PANEL_MIN, VIEW_PANEL_MAX, &v);
            vo.panel = (int)v;
        } else if (strcmp(argv[a.i], "--") == 0) {   /* the rest is fit's, as it is */
            while (a.i < argc) rest[n++] = argv[a.i++];
        } else {
            rest[n++] = argv[a.i];
        }
        if (missing || bad) {
            free(rest);
            return 2;
        }
    }
    /* A screenshot that cannot be written fails now, not after the fit. */
    atomic_file probe;
    if (vo.screenshot && atomic_open(vo.screenshot, &probe) != INR_OK) {
        cli_error("%s", inr_error());
        free(rest);
        return 1;
    }
    if (vo.screenshot) atomic_abort(&probe);
    rest[n] = NULL;
    fit_view_configure(&vo);
    int rc = cmd_fit(n, rest);
    free(rest);
    return rc;
}
