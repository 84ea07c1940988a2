/* fit_precision.c - --precision against this CPU (fit_precision.h). */
#include "fit_precision.h"

#include <string.h>

#include "diag.h"
#include "gemm_bf16.h"

int fit_precision_parse(const char *text)
{
    if (strcmp(text, "fp32") == 0) return INR_PRECISION_FP32;
    if (strcmp(text, "bf16") == 0) return INR_PRECISION_BF16;
    if (strcmp(text, "auto") == 0) return FIT_PRECISION_AUTO;
    return FIT_PRECISION_BAD;
}

int fit_precision_resolve(int requested, inr_config *cfg)
{
    char why[200];
    inr_bf16_engine engine = inr_bf16_engine_get(why, sizeof why);
    if (requested == FIT_PRECISION_AUTO)
        cfg->precision = engine == INR_BF16_NATIVE && inr_model_bf16(cfg->kind) == 2
                             ? INR_PRECISION_BF16 : INR_PRECISION_FP32;
    else if (requested == INR_PRECISION_BF16)
        cfg->precision = INR_PRECISION_BF16;
    /* Which kinds take bf16 is the model's own check (inr_model_create). */
    if (cfg->precision != INR_PRECISION_BF16) return 0;
    if (engine == INR_BF16_NONE) {
        cli_error("--precision bf16: %s, so no bf16 products here (use fp32)", why);
        return 2;
    }
    return 0;
}
