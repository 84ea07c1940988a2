/* cmd_export.c - `inrfit export`: a checkpoint's weights as .safetensors. */
#include <stdio.h>
#include <sys/stat.h>

#include "checkpoint.h"
#include "cli_args.h"
#include "commands.h"
#include "outputs.h"
#include "safetensors.h"
#include "signal_io.h"

void export_usage(FILE *out)
{
    fputs("usage: inrfit export <MODEL.inr> -o <OUT.safetensors>\n"
          "\n"
          "Writes the model's tensors by name (weights (out, in) as in PyTorch, float32)\n"
          "and its configuration as string metadata (model, w0, w0_first, value_scale,\n"
          "value_offset, ...) in the safetensors format, for Python: weights only, no\n"
          "optimizer state. docs/CHECKPOINT.md lists the tensors of each model.\n"
          "  -o, --output FILE   the file to write (required; a .safetensors name, never\n"
          "                      the checkpoint itself)\n",
          out);
}

int cmd_export(int argc, char **argv)
{
    const char *model_path = NULL, *out_path = NULL;
    cli_args a = { .argc = argc, .argv = argv };
    for (a.i = 0; cli_next(&a); a.i++) {
        int missing = 0;
        if (cli_flag(&a, "--help", "-h")) {
            export_usage(stdout);
            return 0;
        } else if (cli_match(&a, "--output", &missing) || cli_match(&a, "-o", &missing)) {
            out_path = a.value;
        } else if (cli_operand(&a, "export", &model_path)) {
            return 2;
        }
        if (missing) return 2;
    }
    if (!model_path || !out_path) {
        cli_error("export needs a model and -o OUT (see 'inrfit export --help')");
        return 2;
    }
    /* Before any work: a safetensors name, and not the checkpoint itself. */
    if (!path_has_extension(out_path, ".safetensors")) {
        cli_error("'%s': export writes safetensors; give the output a .safetensors extension",
                  out_path);
        return 2;
    }
    named_path in = { "the model", model_path }, output = { "the output", out_path };
    if (outputs_check(&in, 1, &output, 1)) return 2;
    outputs_remove_stale(out_path);
    inr_model m;
    inr_fit_info info;
    if (inr_checkpoint_load(model_path, &m, &info, NULL) != INR_OK) {
        cli_error("%s", inr_error());
        return 1;
    }
    int rc = 0;
    struct stat st;
    if (inr_safetensors_save(out_path, &m, &info) != INR_OK) {
        cli_error("%s", inr_error());
        rc = 1;
    } else {
        printf("exported %s: %s, %d tensors, %zu parameters, %lld bytes\n", out_path,
               inr_model_name(m.cfg.kind), m.n_tensors, m.n_params,
               stat(out_path, &st) == 0 ? (long long)st.st_size : -1LL);
    }
    inr_model_free(&m);
    return rc;
}
