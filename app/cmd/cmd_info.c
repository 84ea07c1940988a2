/* cmd_info.c - `inrfit info`: what a checkpoint holds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "cli_args.h"
#include "commands.h"
#include "hparams.h"
#include "json_out.h"
#include "model_size.h"

void info_usage(FILE *out)
{
    fputs("usage: inrfit info <MODEL.inr> [--json]\n"
          "\nPrints the model, its configuration, the signal it was fitted to, its\n"
          "size (bytes, bits per pixel or per sample) and its parameter tensors.\n"
          "  --json   the same as one JSON object (every hyper-parameter by its key)\n",
          out);
}

/* Whether m's kind uses the hyper-parameter key. */
static int uses(const inr_model *m, const char *key)
{
    const inr_hparam *list;
    int n = inr_hparams_of(m->cfg.kind, &list);
    for (int i = 0; i < n; i++)
        if (strcmp(list[i].key, key) == 0) return 1;
    return 0;
}

/* The hyper-parameters m's kind uses (hparams.h), then what its grid
 * makes of them: resolutions (kinds with levels), hashed levels (with a
 * table size). */
static void print_hparams(const inr_model *m)
{
    const inr_config *c = &m->cfg;
    const inr_grid *g = &m->grid;
    const inr_hparam *list;
    int n = inr_hparams_of(c->kind, &list);
    printf("hparams    ");
    for (int i = 0; i < n; i++) {
        char value[32];
        inr_hparam_format(&list[i], c, value, sizeof value);
        printf("%s %s %s", i ? "," : "", list[i].key, value);
    }
    printf("\n");
    if (uses(m, "levels")) {
        const inr_grid_config *p = &c->grid;
        float growth = p->max_res > 0 ? inr_grid_growth_for(p->base_res, p->max_res, p->levels)
                                      : p->growth;
        printf("grid        %d levels x %d features, N_min %g, growth %.5g%s, resolution %d..%d\n",
               g->levels, g->features, p->base_res, growth, p->max_res > 0 ? " (from N_max)" : "",
               g->res[0], g->res[g->levels - 1]);
    }
    if (uses(m, "log2_table")) {
        int hashed = 0;
        for (int l = 0; l < g->levels; l++) hashed += g->hashed[l];
        printf("tables      T = 2^%d, %d dense + %d hashed levels\n", c->grid.log2_table,
               g->levels - hashed, hashed);
    }
}

static json_t *hparams_json(const inr_model *m)
{
    const inr_hparam *list;
    int n = inr_hparams_of(m->cfg.kind, &list);
    json_t *o = json_object();
    for (int i = 0; i < n; i++) {
        double v = inr_hparam_get(&list[i], &m->cfg);
        json_put(o, list[i].key, list[i].type == INR_HP_INT ? json_integer((json_int_t)v)
                                                            : json_number(v));
    }
    return o;
}

static int print_json(const char *path, const inr_model *m, const inr_fit_info *info,
                      const inr_optimizer_state *opt)
{
    const inr_config *c = &m->cfg;
    int image = info->kind == INR_SIGNAL_IMAGE;
    json_t *o = json_object(), *init = json_init(c, info), *sig = json_object(),
           *tensors = json_array();
    json_put(o, "command", json_string("info"));
    json_put(o, "input", json_string(path));
    json_put(o, "format_version", json_integer(info->format_version));
    json_put(o, "model", json_string(inr_model_name(c->kind)));
    json_put(o, "in_dim", json_integer(c->in_dim));
    json_put(o, "out_dim", json_integer(c->out_dim));
    json_put(o, "hparams", hparams_json(m));
    json_put(init, "seed", json_integer((json_int_t)c->seed));
    if (c->init == INR_INIT_WINNER) json_put(init, "centroid", json_number(info->spectral_centroid));
    json_put(o, "init", init);
    json_put(sig, "kind", json_string(image ? "image" : "audio"));
    json_put(sig, "channels", json_integer(info->channels));
    if (image) {
        json_put(sig, "width", json_integer(info->width));
        json_put(sig, "height", json_integer(info->height));
        json_put(sig, "bit_depth", json_integer(info->bit_depth));
    } else {
        json_put(sig, "frames", json_integer(info->width));
        json_put(sig, "sample_rate", json_integer(info->sample_rate));
        json_put(sig, "peak", json_number(info->value_scale));
    }
    json_put(o, "signal", sig);
    json_put(o, "precision", json_string(inr_precision_name(c->precision)));
    json_put(o, "step", json_integer(info->step));
    json_put(o, "holdout", json_float(info->holdout));
    json_put(o, "optimizer_state", json_boolean(opt->adam_m != NULL));
    json_put(o, "parameters", json_integer((json_int_t)m->n_trainable));
    json_put(o, "stored_parameters", json_integer((json_int_t)m->n_params));
    json_put(o, "model_bytes", json_integer((json_int_t)(m->n_params * sizeof(float))));
    for (int i = 0; i < m->n_tensors; i++) {
        const inr_tensor *t = &m->tensor[i];
        json_t *e = json_object();
        json_put(e, "name", json_string(t->name));
        json_put(e, "shape", t->cols ? json_pack("[II]", (json_int_t)t->rows, (json_int_t)t->cols)
                                     : json_pack("[I]", (json_int_t)t->rows));
        json_put(e, "size", json_integer((json_int_t)t->size));
        json_put(e, "fixed", json_boolean(t->frozen));
        json_array_append_new(tensors, e);
    }
    json_put(o, "tensors", tensors);
    return json_print(o);
}

int cmd_info(int argc, char **argv)
{
    const char *path = NULL;
    int operands = 0, json = 0;
    cli_args a = { .argc = argc, .argv = argv };
    for (a.i = 0; cli_next(&a); a.i++) {
        if (cli_flag(&a, "--help", "-h")) {
            info_usage(stdout);
            return 0;
        } else if (cli_flag(&a, "--json", NULL)) {
            json = 1;
            continue;
        } else if (cli_is_option(&a)) {
            cli_unknown_option(&a, "info");
            return 2;
        }
        path = argv[a.i];
        operands++;
    }
    if (operands != 1) {
        cli_error("info takes one checkpoint (see 'inrfit info --help')");
        return 2;
    }
    inr_model m;
    inr_fit_info info;
    inr_optimizer_state opt;
    if (inr_checkpoint_load(path, &m, &info, &opt) != INR_OK) {
        cli_error("%s", inr_error());
        return 1;
    }
    if (json) {
        int rc = print_json(path, &m, &info, &opt);
        free(opt.adam_m);
        free(opt.adam_v);
        inr_model_free(&m);
        return rc;
    }
    const inr_config *c = &m.cfg;
    printf("checkpoint  %s (format version %d)\n", path, info.format_version);
    printf("model       %s, %d -> %d, width %d, %d hidden layers\n", inr_model_name(c->kind),
           c->in_dim, c->out_dim, c->width, c->layers);
    print_hparams(&m);
    printf("init        %s (seed %llu)", c->init == INR_INIT_WINNER ? "winner" : "default",
           (unsigned long long)c->seed);
    if (c->init == INR_INIT_WINNER)
        printf(", centroid %.5f, S0 %.4f, S1 %.4f", info.spectral_centroid, c->winner_s0, c->winner_s1);
    printf("\n");
    if (info.fresh_param[0]) printf("fresh       chose %s = %g\n", info.fresh_param, info.fresh_value);
    if (info.kind == INR_SIGNAL_IMAGE)
        printf("signal      image %ldx%ld, %d channels, %d-bit source\n", info.width, info.height,
               info.channels, info.bit_depth);
    else
        printf("signal      audio %ld frames at %d Hz (%.3f s), %d channels, peak %g\n", info.width,
               info.sample_rate, (double)info.width / info.sample_rate, info.channels,
               info.value_scale);
    printf("precision   %s%s\n", inr_precision_name(c->precision),
           c->precision == INR_PRECISION_BF16
               ? " (hidden-to-hidden products in bf16, fp32 first and output layers, fp32 weights)"
               : "");
    printf("trained     %ld steps%s\n", info.step, opt.adam_m ? " (optimizer state saved)" : " (weights only)");
    if (info.holdout > 0)
        printf("held out    %g of the points, never trained on (fit --holdout; --resume keeps "
               "the split)\n", info.holdout);
    printf("parameters  %zu trainable, %zu stored\n", m.n_trainable, m.n_params);
    model_size_print(&m, &info, 0);
    for (int i = 0; i < m.n_tensors; i++)
        printf("  %-6s %9zu%s\n", m.tensor[i].name, m.tensor[i].size, m.tensor[i].frozen ? "  (fixed)" : "");
    free(opt.adam_m);
    free(opt.adam_v);
    inr_model_free(&m);
    return 0;
}
