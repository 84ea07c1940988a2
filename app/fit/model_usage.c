/* model_usage.c - the model options' part of `inrfit fit --help`, from the
 * hyper-parameter table (model_options.h) with the defaults of
 * inr_config_default() for images (2-D) and audio (1-D). */
#include <string.h>

#include "fresh_param.h"
#include "model_kinds.h"
#include "model_options.h"

enum { COLUMNS = 79, INDENT = 24 };

/* lead padded to INDENT, then text wrapped at word boundaries. */
static void print_wrapped(FILE *out, const char *lead, const char *text)
{
    int col = fprintf(out, "  %-21s", lead);
    for (int first = 1; *text; first = 0) {
        text += strspn(text, " ");
        int word = (int)strcspn(text, " ");
        if (!first && col + 1 + word > COLUMNS) col = fprintf(out, "\n%*s", INDENT - 1, "");
        col += fprintf(out, " %.*s", word, text);
        text += word;
    }
    fputc('\n', out);
}

/* h's default for kind: "V", or "V, audio A" where audio differs. */
static void default_text(const inr_hparam *h, inr_model_kind kind, char *out, size_t n)
{
    inr_config image = inr_config_default(kind, 2, 3), audio = inr_config_default(kind, 1, 1);
    char a[32], b[32];
    inr_hparam_format(h, &image, a, sizeof a);
    inr_hparam_format(h, &audio, b, sizeof b);
    if (strcmp(a, b) == 0) snprintf(out, n, "%s", a);
    else snprintf(out, n, "%s, audio %s", a, b);
}

/* A common option's defaults over the kinds that use it: the first one's,
 * then "; kind, kind value" for the others. */
static void common_defaults(const inr_hparam *h, char *out, size_t n)
{
    enum { MAX_KINDS = 16 };
    char text[MAX_KINDS][48];
    inr_model_kind kind[MAX_KINDS];
    int m = 0;
    for (inr_model_kind k = 0; m < MAX_KINDS && (k = inr_kind_next(k));) {
        const inr_hparam *list;
        int count = inr_hparams_of(k, &list);
        if (!inr_hparam_in(h, list, count)) continue;
        kind[m] = k;
        default_text(h, kind[m], text[m], sizeof text[m]);
        m++;
    }
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < m && len < n; i++) {
        int first = 1;
        for (int j = 0; j < i; j++) first &= strcmp(text[j], text[i]) != 0;
        if (!first) continue;
        if (i > 0)
            for (int j = i; j < m && len < n; j++)
                if (strcmp(text[j], text[i]) == 0)
                    len += (size_t)snprintf(out + len, n - len, "%s%s", j == i ? "; " : ", ",
                                            inr_model_name(kind[j]));
        if (len < n) len += (size_t)snprintf(out + len, n - len, "%s%.47s", i ? " " : "", text[i]);
    }
}

/* h's help line, "help (defaults)"; labelled, "kinds: help (defaults)"
 * with the kinds whose descriptors list h (by key) when not every kind does. */
static void print_option(FILE *out, const inr_hparam *h, const char *defaults, int labelled)
{
    char lead[48], kinds[160] = "", text[480];
    int count = labelled ? inr_hparam_kinds(h->option, h->key, " and ", kinds, sizeof kinds) : 0;
    int label = labelled && count < inr_kind_count();
    snprintf(lead, sizeof lead, "%s %s", h->option, h->arg);
    snprintf(text, sizeof text, "%s%s%s (%s)", label ? kinds : "", label ? ": " : "", h->help,
             defaults);
    print_wrapped(out, lead, text);
}

void model_options_usage_common(FILE *out)
{
    enum { MAX_MEANINGS = 16 };
    const char *const *options;
    char defaults[256];
    int n = inr_hparam_common_options(&options);
    for (int i = 0; i < n; i++) {
        /* What the option sets, one line per field (by key), in kind order:
         * --sigma is the FFN's B and NSTR's Omega. */
        const inr_hparam *meaning[MAX_MEANINGS];
        int m = 0;
        for (inr_model_kind k = 0; m < MAX_MEANINGS && (k = inr_kind_next(k));) {
            const inr_hparam *h = inr_hparam_for_option(k, options[i]);
            int j = 0;
            while (h && j < m && strcmp(meaning[j]->key, h->key) != 0) j++;
            if (h && j == m) meaning[m++] = h;
        }
        for (int j = 0; j < m; j++) {
            common_defaults(meaning[j], defaults, sizeof defaults);
            print_option(out, meaning[j], defaults, 1);
        }
    }
}

void model_options_usage_kinds(FILE *out)
{
    const inr_hparam *list;
    char defaults[256];
    for (inr_model_kind k = 0; (k = inr_kind_next(k));) {
        int n = inr_hparams_of(k, &list), own = 0;
        for (int i = 0; i < n; i++)
            own += list[i].option && !inr_hparam_option_common(list[i].option);
        if (!own) continue;
        fprintf(out, "--model %s options:\n", inr_model_name(k));
        for (int i = 0; i < n; i++) {
            if (!list[i].option || inr_hparam_option_common(list[i].option)) continue;
            default_text(&list[i], k, defaults, sizeof defaults);
            print_option(out, &list[i], defaults, 0);
        }
    }
}

/* ---- the fit options whose help depends on the kinds ------------------- */

/* "a, b and c": the kinds for which want(kind) holds ("none" if none). */
static void kinds_where(int (*want)(inr_model_kind), char *out, size_t n)
{
    size_t len = 0;
    int count = 0, total = 0;
    for (inr_model_kind k = 0; (k = inr_kind_next(k));) total += want(k) != 0;
    out[0] = '\0';
    for (inr_model_kind k = 0; len < n && (k = inr_kind_next(k));) {
        if (!want(k)) continue;
        count++;
        len += (size_t)snprintf(out + len, n - len, "%s%s",
                                count == 1 ? "" : count == total ? " and " : ", ",
                                inr_model_name(k));
    }
    if (!total) snprintf(out, n, "none");
}

static int takes_winner(inr_model_kind k) { return inr_model_winner(k); }
static int takes_bf16(inr_model_kind k) { return inr_model_bf16(k) >= 1; }
static int auto_bf16(inr_model_kind k) { return inr_model_bf16(k) >= 2; }
static int minibatches(inr_model_kind k) { return inr_kind_ops(k)->auto_minibatch; }

/* A FreSh grid as "10,20..200" (linear) or "32..4152 (x1.5)" (geometric). */
static void grid_text(const inr_fresh_param *f, int dims, char *out, size_t n)
{
    double v[64];
    int m = inr_fresh_default_grid(f, dims, INR_FRESH_AUDIO_SECONDS, v, 64);
    if (m < 3) snprintf(out, n, m == 2 ? "%g,%g" : "%g", v[0], m == 2 ? v[1] : 0);
    else if (!(dims == 1 ? f->audio : f->image).geometric)
        snprintf(out, n, "%g,%g..%g", v[0], v[1], v[m - 1]);
    else snprintf(out, n, "%g..%g (x%.3g)", v[0], v[m - 1], v[1] / v[0]);
}

void model_options_usage_init(FILE *out)
{
    char kinds[160], text[1200];
    kinds_where(takes_winner, kinds, sizeof kinds);
    snprintf(text, sizeof text,
             "initialisation; winner (%s): noise on W0 and W1 scaled from the target's "
             "spectral centroid, and w0_first = w0 = 30, also for audio (METHODS 3.1; an explicit "
             "--w0-first still wins)", kinds);
    print_wrapped(out, "--init default|winner", text);
    size_t len = (size_t)snprintf(text, sizeof text,
                                  "FreSh: before training, pick the model's FreSh "
                                  "hyper-parameter whose untrained output spectrum is nearest the "
                                  "target's (10 initialisations per candidate); candidates for "
                                  "images, then audio for a %g s clip (scaled with the clip's length, "
                                  "whatever its rate):", INR_FRESH_AUDIO_SECONDS);
    for (inr_model_kind k = 0; len < sizeof text && (k = inr_kind_next(k));) {
        const inr_fresh_param *f = inr_fresh_param_for(k);
        if (!f) continue;
        char image[64], audio[64];
        grid_text(f, 2, image, sizeof image);
        grid_text(f, 1, audio, sizeof audio);
        len += (size_t)snprintf(text + len, sizeof text - len, " %s %s %s, audio %s;",
                                inr_model_name(k), f->name, image, audio);
    }
    if (len && len < sizeof text) text[len - 1] = '.';   /* the last ';' */
    if (len < sizeof text)
        snprintf(text + len, sizeof text - len, " Audio spectra: |rfft| pooled into 64 equal "
                 "bands over 0..Nyquist, compared by the gap between their centroids "
                 "(docs/FRESH_AUDIO.md)");
    print_wrapped(out, "--fresh", text);
    print_wrapped(out, "--fresh-grid A,B,...", "FreSh over these candidates instead (implies --fresh)");
}

void model_options_usage_training(FILE *out)
{
    char text[600], kinds[160];
    size_t len = (size_t)snprintf(text, sizeof text, "Adam learning rate (");
    for (inr_model_kind k = 0; len < sizeof text && (k = inr_kind_next(k));) {
        const inr_model_ops *ops = inr_kind_ops(k);
        len += (size_t)snprintf(text + len, sizeof text - len, "%s%s %g", k > 1 ? ", " : "",
                                ops->name, ops->lr);
        if (ops->lr_audio && ops->lr_audio != ops->lr && len < sizeof text)
            len += (size_t)snprintf(text + len, sizeof text - len, " (audio %g)", ops->lr_audio);
    }
    if (len < sizeof text) snprintf(text + len, sizeof text - len, ")");
    print_wrapped(out, "--lr F", text);
    print_wrapped(out, "--lr-decay F", "multiply the learning rate by F ...");
    print_wrapped(out, "--lr-decay-every N", "... every N steps (20)");
    kinds_where(minibatches, kinds, sizeof kinds);
    snprintf(text, sizeof text, "points per step (0 = full batch; default full batch up to "
             "262144 points, else 65536 random points; %s: 65536 random points whenever "
             "N > 65536)", kinds);
    print_wrapped(out, "--batch N", text);
}

void model_options_usage_precision(FILE *out)
{
    char text[600], take[160], pick[160];
    kinds_where(takes_bf16, take, sizeof take);
    kinds_where(auto_bf16, pick, sizeof pick);
    snprintf(text, sizeof text, "CPU products: fp32 (default), bf16 (hidden-to-hidden products "
             "in bf16 on AMX / AVX512-BF16, the final evaluation's too; fp32 weights, Adam, "
             "first/output layers and metrics; %s), "
             "or auto (bf16 for %s where the CPU has it)", take, pick);
    print_wrapped(out, "--precision P", text);
}
