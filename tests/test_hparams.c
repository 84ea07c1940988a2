/* test_hparams.c - the hyper-parameter table (inr/hparams.h) as the
 * command line reads it: every kind's options parse and land in their
 * field, values out of range and options of another kind are refused,
 * --growth and --max-res exclude each other, and `inrfit fit --help` gives
 * each kind's help line of an option with the defaults of
 * inr_config_default(). */
#include <string.h>

#include "check.h"
#include "commands.h"
#include "fit_options.h"
#include "hparams.h"

/* fit_options_parse of "in.png --model kind opt value". */
static int parse(inr_model_kind kind, const char *opt, const char *value, fit_options *o)
{
    char *argv[] = { "in.png", "--model", (char *)inr_model_name(kind), (char *)opt,
                     (char *)value };
    return fit_options_parse(opt ? 5 : 3, argv, o);
}

/* A value inside h's range other than its bounds where it can. */
static double inside(const inr_hparam *h)
{
    return h->type == INR_HP_INT ? (h->lo + 1 <= h->hi ? h->lo + 1 : h->lo) : h->lo + 0.5;
}

static void check_options(inr_model_kind kind)
{
    const inr_hparam *list;
    int n = inr_hparams_of(kind, &list);
    const char *name = inr_model_name(kind);
    CHECK(n > 0, "%s lists no hyper-parameters", name);
    for (int i = 0; i < n; i++) {
        const inr_hparam *h = &list[i];
        if (!h->option) continue;
        fit_options o;
        char text[64];
        double v = inside(h);
        snprintf(text, sizeof text, "%.9g", v);
        CHECK(parse(kind, h->option, text, &o) == 0, "%s %s %s refused", name, h->option, text);
        inr_config c = inr_config_default(kind, 2, 3);
        model_options_apply(&o.models, &c);
        CHECK(inr_hparam_get(h, &c) == (h->type == INR_HP_INT ? v : (float)v),
              "%s %s %s gave %g", name, h->option, text, inr_hparam_get(h, &c));
        CHECK(model_options_given(&o.models, h->key), "%s %s not marked set", name, h->key);
        /* Out of range, below and above. */
        snprintf(text, sizeof text, "%.9g", h->type == INR_HP_INT ? h->lo - 1 : h->lo - 0.5);
        CHECK(parse(kind, h->option, text, &o) == 2, "%s %s %s accepted", name, h->option, text);
        snprintf(text, sizeof text, "%.9g", h->hi * 2 + 1);
        CHECK(parse(kind, h->option, text, &o) == 2, "%s %s %s accepted", name, h->option, text);
    }
    /* Another kind's own options are refused. */
    const inr_hparam *h;
    for (int i = 0; (h = inr_hparam_at(i)); i++) {
        if (!h->option || inr_hparam_applies(h, kind)) continue;
        fit_options o;
        char text[64];
        snprintf(text, sizeof text, "%.9g", inside(h));
        CHECK(parse(kind, h->option, text, &o) == 2, "%s took %s", name, h->option);
    }
}

/* Whether text starts with a label of kinds, "a, b and c: ", and it names
 * kind; *labelled says whether there is one. */
static int label_names(const char *text, const char *kind, int *labelled)
{
    const char *colon = strstr(text, ": ");
    *labelled = 0;
    if (!colon || colon - text > 200) return 0;
    char label[256];
    snprintf(label, sizeof label, "%.*s", (int)(colon - text), text);
    int named = 0;
    for (char *p = label; *p;) {
        size_t n = strcspn(p, ", ");
        char word[64];
        snprintf(word, sizeof word, "%.*s", (int)n, p);
        if (!inr_model_parse(word)) return 0;   /* not a label: help text */
        named |= strcmp(word, kind) == 0;
        p += n;
        if (strncmp(p, ", ", 2) == 0) p += 2;
        else if (strncmp(p, " and ", 5) == 0) p += 5;
        else if (*p) return 0;
    }
    *labelled = 1;
    return named;
}

/* The text `fit --help` gives in parentheses at the end of h's option's
 * entry in the section that starts with head ("model:" or "--model K
 * options:"); with kind, the entry whose label names kind (or that has
 * none), the option having one entry per field it sets. The entry must
 * give h's help line. */
static int help_default(const char *help, const char *head, const inr_hparam *h, const char *kind,
                        char *out, size_t n)
{
    const char *s = strstr(help, head);
    char lead[48];
    snprintf(lead, sizeof lead, "\n  %s ", h->option);
    for (const char *line = s ? strstr(s, lead) : NULL; line; line = strstr(line + 1, lead)) {
        const char *end = strstr(line + 1, "\n  -");
        const char *next = strstr(line + 1, "\n-");
        if (!end || (next && next < end)) end = next ? next : line + strlen(line);
        /* The entry's text, lines joined. */
        char text[1024];
        size_t len = 0;
        for (const char *p = line + strlen(lead); p < end && len + 1 < sizeof text; p++) {
            if (*p == '\n') {
                while (p[1] == ' ') p++;
                text[len++] = ' ';
            } else {
                text[len++] = *p;
            }
        }
        text[len] = '\0';
        const char *body = text + strcspn(text, " ");   /* past the value's name */
        body += strspn(body, " ");
        int labelled;
        if (kind && !label_names(body, kind, &labelled) && labelled) continue;
        if (!strstr(body, h->help)) return 0;
        const char *open = strrchr(text, '(');
        const char *close = open ? strchr(open, ')') : NULL;
        if (!close) return 0;
        snprintf(out, n, "%.*s", (int)(close - open - 1), open + 1);
        return 1;
    }
    return 0;
}

/* Whether a common option's defaults, "V; kind, kind W; ...", give kind
 * the value want: in the segment that names it, else the first. */
static int common_states(const char *got, const char *kind, const char *want)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", got);
    char *seg = strstr(buf, "; ");
    if (seg) *seg = '\0';
    for (char *s = seg ? seg + 2 : NULL; s;) {
        char *next = strstr(s, "; ");
        if (next) *next = '\0';
        char *p = s;
        int named = 0;
        for (;;) {
            size_t n = strcspn(p, ", ");
            named |= n == strlen(kind) && strncmp(p, kind, n) == 0;
            p += n;
            if (strncmp(p, ", ", 2) != 0) break;
            p += 2;
        }
        if (named) return *p == ' ' && strcmp(p + 1, want) == 0;
        s = next ? next + 2 : NULL;
    }
    return strcmp(buf, want) == 0;
}

static void check_usage_defaults(void)
{
    char *help = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&help, &size);
    fit_usage(f);
    fclose(f);
    for (int k = 1; k <= inr_kind_count(); k++) {
        const inr_hparam *list;
        int n = inr_hparams_of((inr_model_kind)k, &list);
        const char *name = inr_model_name((inr_model_kind)k);
        char head[64];
        snprintf(head, sizeof head, "--model %s options:", name);
        for (int i = 0; i < n; i++) {
            const inr_hparam *h = &list[i];
            if (!h->option) continue;
            int is_common = inr_hparam_option_common(h->option);
            inr_config image = inr_config_default((inr_model_kind)k, 2, 3);
            inr_config audio = inr_config_default((inr_model_kind)k, 1, 1);
            char a[32], b[32], want[80], got[256];
            inr_hparam_format(h, &image, a, sizeof a);
            inr_hparam_format(h, &audio, b, sizeof b);
            if (strcmp(a, b) == 0) snprintf(want, sizeof want, "%s", a);
            else snprintf(want, sizeof want, "%s, audio %s", a, b);
            CHECK(help_default(help, is_common ? "model:" : head, h, is_common ? name : NULL, got,
                          sizeof got),
                  "fit --help has no %s (its help line) for %s", h->option, name);
            /* A common option states the default of every kind that uses it. */
            CHECK(is_common ? common_states(got, name, want) : strcmp(got, want) == 0,
                  "%s %s: help says (%s), inr_config_default %s", name, h->option, got, want);
        }
    }
    free(help);
}

int main(void)
{
    for (int k = 1; k <= inr_kind_count(); k++) check_options((inr_model_kind)k);
    /* Keys are unique in the walk. */
    const inr_hparam *h, *g;
    for (int i = 0; (h = inr_hparam_at(i)); i++)
        for (int j = 0; (g = inr_hparam_at(j)) && j < i; j++)
            CHECK(strcmp(h->key, g->key) != 0, "%s twice", h->key);
    /* --growth and --max-res: not both; --growth zeroes NSTR's N_max. */
    fit_options o;
    char *both[] = { "in.png", "--model", "nstr", "--growth", "2", "--max-res", "100" };
    CHECK(fit_options_parse(7, both, &o) == 2, "--growth with --max-res accepted");
    CHECK(parse(INR_MODEL_NSTR, "--growth", "2", &o) == 0, "--growth refused");
    inr_config c = inr_config_default(INR_MODEL_NSTR, 2, 1);
    CHECK(c.grid.max_res > 0, "NSTR's default N_max");
    model_options_apply(&o.models, &c);
    CHECK(c.grid.growth == 2 && c.grid.max_res == 0, "growth %g max_res %g", c.grid.growth,
          c.grid.max_res);
    /* lambda may be 0 and is then set. */
    CHECK(parse(INR_MODEL_NSTR, "--lambda", "0", &o) == 0, "--lambda 0 refused");
    c = inr_config_default(INR_MODEL_NSTR, 2, 1);
    model_options_apply(&o.models, &c);
    CHECK(c.nstr.lambda == 0, "lambda %g", c.nstr.lambda);
    /* WINNER is SIREN's. */
    char *winner[] = { "in.png", "--model", "ffn", "--init", "winner" };
    CHECK(fit_options_parse(5, winner, &o) == 2, "ffn took --init winner");
    CHECK(inr_model_winner(INR_MODEL_SIREN) && !inr_model_winner(INR_MODEL_FFN), "winner flags");
    check_usage_defaults();
    return check_result();
}
