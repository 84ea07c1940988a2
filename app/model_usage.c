/* model_usage.c - the model options' part of `inrfit fit --help`, from the
 * hyper-parameter table (model_options.h) with the defaults of
 * inr_config_default() for images (2-D) and audio (1-D). */
#include <string.h>

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
    for (int k = 1; k <= inr_kind_count() && m < MAX_KINDS; k++) {
        const inr_hparam *list;
        int count = inr_hparams_of((inr_model_kind)k, &list);
        if (!inr_hparam_in(h, list, count)) continue;
        kind[m] = (inr_model_kind)k;
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

static void print_option(FILE *out, const inr_hparam *h, const char *defaults)
{
    char lead[48], text[320];
    snprintf(lead, sizeof lead, "%s %s", h->option, h->arg);
    snprintf(text, sizeof text, "%s (%s)", h->help, defaults);
    print_wrapped(out, lead, text);
}

void model_options_usage_common(FILE *out)
{
    const inr_hparam *list;
    char defaults[256];
    int n = inr_hparams_common(&list);
    for (int i = 0; i < n; i++) {
        common_defaults(&list[i], defaults, sizeof defaults);
        print_option(out, &list[i], defaults);
    }
}

void model_options_usage_kinds(FILE *out)
{
    const inr_hparam *list, *common;
    char defaults[256];
    int n_common = inr_hparams_common(&common);
    for (int k = 1; k <= inr_kind_count(); k++) {
        int n = inr_hparams_of((inr_model_kind)k, &list), own = 0;
        for (int i = 0; i < n; i++) own += list[i].option && !inr_hparam_in(&list[i], common, n_common);
        if (!own) continue;
        fprintf(out, "--model %s options:\n", inr_model_name((inr_model_kind)k));
        for (int i = 0; i < n; i++) {
            if (!list[i].option || inr_hparam_in(&list[i], common, n_common)) continue;
            default_text(&list[i], (inr_model_kind)k, defaults, sizeof defaults);
            print_option(out, &list[i], defaults);
        }
    }
}
