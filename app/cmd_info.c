/* cmd_info.c - `inrfit info`: what a checkpoint holds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "cli_args.h"
#include "commands.h"

void info_usage(FILE *out)
{
    fputs("usage: inrfit info <MODEL.inr>\n"
          "\nPrints the model, its configuration, the signal it was fitted to and\n"
          "its parameter tensors.\n",
          out);
}

int cmd_info(int argc, char **argv)
{
    if (argc == 1 && (strcmp(argv[0], "-h") == 0 || strcmp(argv[0], "--help") == 0)) {
        info_usage(stdout);
        return 0;
    }
    if (argc != 1 || argv[0][0] == '-') {
        if (argc >= 1 && argv[0][0] == '-') cli_error("unknown option '%s'", argv[0]);
        else cli_error("info takes one checkpoint (see 'inrfit info --help')");
        return 2;
    }
    inr_model m;
    inr_fit_info info;
    inr_optimizer_state opt;
    if (inr_checkpoint_load(argv[0], &m, &info, &opt) != INR_OK) {
        cli_error("%s", inr_error());
        return 1;
    }
    const inr_config *c = &m.cfg;
    printf("checkpoint  %s (format version %d)\n", argv[0], INR_CHECKPOINT_VERSION);
    printf("model       %s, %d -> %d, width %d, %d hidden layers\n", inr_model_name(c->kind),
           c->in_dim, c->out_dim, c->width, c->layers);
    if (c->kind == INR_MODEL_SIREN) printf("omega       w0 %g, w0_first %g\n", c->w0, c->w0_first);
    if (c->kind == INR_MODEL_FFN) printf("fourier     sigma %g, %d features\n", c->sigma, c->mapping);
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
    printf("trained     %ld steps%s\n", info.step, opt.adam_m ? " (optimizer state saved)" : "");
    printf("parameters  %zu trainable, %zu stored\n", m.n_trainable, m.n_params);
    for (int i = 0; i < m.n_tensors; i++)
        printf("  %-6s %9zu%s\n", m.tensor[i].name, m.tensor[i].size, m.tensor[i].frozen ? "  (fixed)" : "");
    free(opt.adam_m);
    free(opt.adam_v);
    inr_model_free(&m);
    return 0;
}
