/* fit_options.c - parsing `inrfit fit` options (fit_options.h). */
#include "fit_options.h"

#include "fit_precision.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "backend.h"
#include "cli_args.h"
#include "holdout.h"
#include "outputs.h"

void fit_usage(FILE *out)
{
    fputs(
        "usage: inrfit fit <FILE> [options]      (or: inrfit <FILE> [options])\n"
        "\n"
        "Fits a network to a PNG or JPEG image or an audio file (WAV, FLAC, OGG, ...;\n"
        "the format is told by content, not by name), then\n"
        "writes PREFIX.inr (the model), the reconstruction PREFIX.png / PREFIX.wav,\n"
        "and prints PSNR/SSIM (images) or SNR/PSNR (audio).\n"
        "\n"
        "model:\n",
        out);
    char kinds[256];
    inr_model_list(kinds, sizeof kinds, 0);
    fprintf(out, "  --model NAME          network: %s (default %s)\n", kinds,
                 inr_model_name(fit_model_kind(NULL)));
    /* The hyper-parameters: their table (hparams.h) and defaults. */
    model_options_usage_common(out);
    model_options_usage_init(out);
    model_options_usage_kinds(out);
    fputs(
        "training:\n"
        "  --steps N             optimisation steps (1000)\n",
        out);
    model_options_usage_training(out);
    fputs(
        "  --seed N              random seed (0); same seed and threads, same result\n"
        "  --holdout F           train on a random 1-F of the points (drawn from the\n"
        "                        seed) and report the quality of the other F, which\n"
        "                        the model never sees (held-out PSNR; audio: SNR);\n"
        "                        --resume keeps the checkpoint's split\n"
        "  --threads N           CPU threads (all cores)\n"
        "  --device auto|cpu|cuda where to train (auto: an NVIDIA GPU when this build\n"
        "                        has CUDA and one is present, else the CPU)\n"
        "  --tf32                GPU: matrix products on TF32 tensor cores (faster,\n"
        "                        ~10-bit mantissas in the products; off: float32)\n",
        out);
    model_options_usage_precision(out);
    fputs(
        "output:\n"
        "  -o, --output PREFIX   output prefix (default: input name without extension + .fit)\n"
        "  --log CSV             write step,loss,psnr,seconds,reg for every step (reg:\n"
        "                        the model's regulariser, 0 for models without one)\n"
        "  --plot FILE.png       draw the training PSNR against the step as a figure\n"
        "  --save-every N|Ns     also save PREFIX.inr (with optimizer state) every N\n"
        "                        steps, or every N seconds with an 's' suffix\n"
        "  --resume MODEL.inr    continue a fit from its checkpoint: same model,\n"
        "                        optimizer state, sampler and schedule; --steps is\n"
        "                        the total to reach; writes back to MODEL's prefix\n"
        "                        unless -o is given; --lr, --lr-decay, --lr-decay-every,\n"
        "                        --threads and --device may change (and are stated),\n"
        "                        model options that differ from MODEL are refused\n"
        "  --no-optimizer-state  the final PREFIX.inr holds the weights only (about a\n"
        "                        third of the size; it cannot be resumed); --save-every\n"
        "                        checkpoints still keep the state\n"
        "  --keep-best           write the parameters of the step with the lowest\n"
        "                        training loss (as --log shows it), with that step's\n"
        "                        optimizer state, instead of the last step's\n"
        "  Ctrl-C / SIGTERM      finish the step, save, report; exit 130 / 143\n"
        "  --bits N              reconstruction bits: PNG 8|16, WAV 16|24|32 (float)\n"
        "  --max-pixels N        refuse larger images (268435456)\n"
        "  --max-frames N        refuse longer audio (1073741824)\n"
        "  --view                open the live viewer while fitting (see 'inrfit view --help')\n"
        "  -q, --quiet           no progress output (warnings still print)\n"
        "  --json                the summary as one JSON object on stdout (full precision;\n"
        "                        quality, timing, model, device, init, files written)\n"
        "  -h, --help            this help\n",
        out);
}

/* --fresh-grid A,B,...: positive finite numbers, at most INR_FRESH_MAX_CANDIDATES.
 * Returns 0, or -1 after printing. */
static int parse_grid(const char *text, fit_options *o)
{
    char buf[32];
    o->fresh = 1;
    o->fresh_grid_n = 0;
    for (const char *p = text;; p++) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (o->fresh_grid_n == INR_FRESH_MAX_CANDIDATES) {
            cli_error("--fresh-grid: more than %d candidates", INR_FRESH_MAX_CANDIDATES);
            return -1;
        }
        if (len == 0 || len >= sizeof buf) {
            cli_error("--fresh-grid: '%s' is not a comma-separated list of numbers", text);
            return -1;
        }
        memcpy(buf, p, len);
        buf[len] = '\0';
        float v;
        if (cli_parse_float("--fresh-grid", buf, 1e-6, 1e6, &v)) return -1;
        o->fresh_grid[o->fresh_grid_n++] = v;
        if (!end) return 0;
        p = end;
    }
}

/* WINNER perturbs the weights of the kinds that take it; FreSh needs a
 * model with a FreSh entry. */
static int check_init_options(const fit_options *o)
{
    inr_model_kind kind = fit_model_kind(o);
    if (o->init == INR_INIT_WINNER && !inr_model_winner(kind)) {
        char kinds[64] = "";
        for (inr_model_kind k = 0; (k = inr_kind_next(k));)
            if (inr_model_winner(k))
                snprintf(kinds + strlen(kinds), sizeof kinds - strlen(kinds), "%s%s",
                         kinds[0] ? " or " : "", inr_model_name(k));
        cli_error("--init winner needs --model %s (it perturbs the first two layers)", kinds);
        return 2;
    }
    if (o->fresh && !inr_fresh_param_for(kind)) {
        cli_error("--fresh: no FreSh hyper-parameter is defined for --model %s", inr_model_name(kind));
        return 2;
    }
    return 0;
}

/* "N" steps or "Ns" seconds. */
/* --plot writes a PNG: its name says so. 1 after a message, else 0. */
static int plot_path_check(const char *path)
{
    size_t n = strlen(path);
    if (n > 4 && strcasecmp(path + n - 4, ".png") == 0) return 0;
    cli_error("--plot: '%s' needs the .png extension (the figure is a PNG)", path);
    return 1;
}

static int parse_save_every(const char *text, fit_options *o)
{
    size_t n = strlen(text);
    if (n > 1 && n < 32 && text[n - 1] == 's') {
        char num[32];
        float secs;
        memcpy(num, text, n - 1);
        num[n - 1] = '\0';
        if (cli_parse_float("--save-every", num, 0.001, 1e9, &secs)) return 1;
        o->save_every_seconds = secs;
        return 0;
    }
    return cli_parse_long("--save-every", text, 1, 1L << 40, &o->save_every_steps) != 0;
}

int fit_options_parse(int argc, char **argv, fit_options *o)
{
    memset(o, 0, sizeof *o);
    o->batch = -1;
    o->init = INR_INIT_DEFAULT;
    cli_args a = { .argc = argc, .argv = argv };
    for (a.i = 0; cli_next(&a); a.i++) {
        const char *arg = argv[a.i];
        int missing = 0, bad = 0;
        if (cli_flag(&a, "--help", "-h")) {
            fit_usage(stdout);
            return 1;
        } else if (cli_flag(&a, "--quiet", "-q")) {
            o->quiet = 1;
        } else if (cli_flag(&a, "--tf32", NULL)) {
            o->tf32 = 1;
        } else if (cli_match(&a, "--precision", &missing)) {
            o->precision_set = !missing;
            if (!missing && (o->precision = fit_precision_parse(a.value)) == FIT_PRECISION_BAD) {
                cli_error("--precision: unknown precision '%s' (expected fp32, bf16 or auto)", a.value);
                bad = 1;
            }
        } else if (cli_flag(&a, "--no-optimizer-state", NULL)) {
            o->no_optimizer_state = 1;
        } else if (cli_flag(&a, "--keep-best", NULL)) {
            o->keep_best = 1;
        } else if (cli_flag(&a, "--json", NULL)) {
            o->json = 1;
        } else if (cli_flag(&a, "--profile", NULL)) {
            o->profile = 1;
        } else if (cli_flag(&a, "--view", NULL)) {
            o->view = 1;
        } else if (cli_match(&a, "--model", &missing)) {
            if (!missing && !(o->model = inr_model_parse(a.value))) {
                char kinds[256];
                inr_model_list(kinds, sizeof kinds, 0);
                cli_error("--model: unknown model '%s' (expected %s)", a.value, kinds);
                bad = 1;
            }
        } else if (model_options_match(&a, &o->models, &missing, &bad)) {
            /* parsed into o->models */
        } else if (cli_match(&a, "--init", &missing)) {
            if (missing) return 2;
            o->init_set = 1;
            if (strcmp(a.value, "default") == 0) o->init = INR_INIT_DEFAULT;
            else if (strcmp(a.value, "winner") == 0) o->init = INR_INIT_WINNER;
            else {
                cli_error("--init: unknown initialisation '%s' (expected default or winner)", a.value);
                bad = 1;
            }
        } else if (cli_flag(&a, "--fresh", NULL)) {
            o->fresh = 1;
        } else if (cli_match(&a, "--fresh-grid", &missing)) {
            bad = !missing && parse_grid(a.value, o);
        } else if (cli_match(&a, "--steps", &missing)) {
            bad = !missing && cli_parse_long("--steps", a.value, 1, 100000000, &o->steps);
        } else if (cli_match(&a, "--lr", &missing)) {
            bad = !missing && cli_parse_float("--lr", a.value, 1e-12, 10, &o->lr);
        } else if (cli_match(&a, "--lr-decay", &missing)) {
            bad = !missing && cli_parse_float("--lr-decay", a.value, 1e-6, 1, &o->lr_decay);
        } else if (cli_match(&a, "--lr-decay-every", &missing)) {
            bad = !missing && cli_parse_long("--lr-decay-every", a.value, 1, 100000000, &o->lr_decay_every);
        } else if (cli_match(&a, "--batch", &missing)) {
            bad = !missing && cli_parse_long("--batch", a.value, 0, 1L << 30, &o->batch);
        } else if (cli_match(&a, "--seed", &missing)) {
            bad = !missing && cli_parse_long("--seed", a.value, 0, 1L << 62, &o->seed);
            o->seed_set = 1;
        } else if (cli_match(&a, "--holdout", &missing)) {
            bad = !missing && cli_parse_float("--holdout", a.value, 0, INR_HOLDOUT_MAX, &o->holdout);
            o->holdout_set = 1;
        } else if (cli_match(&a, "--threads", &missing)) {
            bad = !missing && cli_parse_long("--threads", a.value, 1, 1024, &o->threads);
        } else if (cli_match(&a, "--device", &missing)) {
            if (!missing && (o->device = inr_device_parse(a.value)) < 0) {
                cli_error("--device: unknown device '%s' (expected auto, cpu or cuda)", a.value);
                bad = 1;
            }
        } else if (cli_match(&a, "--bits", &missing)) {
            bad = !missing && cli_parse_long("--bits", a.value, 8, 32, &o->bits);
        } else if (cli_match(&a, "--max-pixels", &missing)) {
            long v = 0;
            bad = !missing && cli_parse_long("--max-pixels", a.value, 1, 1L << 40, &v);
            o->max_pixels = v;
        } else if (cli_match(&a, "--max-frames", &missing)) {
            long v = 0;
            bad = !missing && cli_parse_long("--max-frames", a.value, 1, 1L << 40, &v);
            o->max_frames = v;
        } else if (cli_match(&a, "--output", &missing) || cli_match(&a, "-o", &missing)) {
            bad = !missing && output_prefix_check("-o", a.value);
            o->prefix = a.value;
        } else if (cli_match(&a, "--plot", &missing)) {
            bad = !missing && plot_path_check(a.value);
            o->plot_path = a.value;
        } else if (cli_match(&a, "--log", &missing)) {
            bad = !missing && output_prefix_check("--log", a.value);
            o->log_path = a.value;
        } else if (cli_match(&a, "--resume", &missing)) {
            if (!missing) o->resume = a.value;
        } else if (cli_match(&a, "--save-every", &missing)) {
            bad = !missing && parse_save_every(a.value, o);
        } else if (cli_is_option(&a)) {
            cli_unknown_option(&a, "fit");
            return 2;
        } else if (!o->input) {
            o->input = arg;
        } else {
            cli_error("unexpected argument '%s': fit takes one input file", arg);
            return 2;
        }
        if (missing || bad) return 2;
    }
    if (!o->input) {
        cli_error("fit needs an input file (see 'inrfit fit --help')");
        return 2;
    }
    /* A resumed fit checks these against its checkpoint (fit_resume.h). */
    if (o->resume) return 0;
    int rc = check_init_options(o);
    return rc ? rc : model_options_check(&o->models, fit_model_kind(o));
}
