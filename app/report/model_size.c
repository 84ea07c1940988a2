/* model_size.c - size and bit rate of a model (model_size.h). */
#include "model_size.h"

#include <stdio.h>

#include "diag.h"

static double signal_values(const inr_fit_info *info)
{
    return (double)info->height * info->width * info->channels;
}

int model_size_warn(const inr_model *m, const inr_fit_info *info)
{
    double values = signal_values(info);
    if (!((double)m->n_trainable > values)) return 0;
    cli_warn("the model has %zu parameters for %.0f values in the %s (%.1fx): it can memorise "
             "the signal rather than represent it, so its PSNR is no measure of compression",
             m->n_trainable, values, info->kind == INR_SIGNAL_IMAGE ? "image" : "sound",
             m->n_trainable / values);
    return 1;
}

int model_size_print(const inr_model *m, const inr_fit_info *info, int warn)
{
    int image = info->kind == INR_SIGNAL_IMAGE;
    /* Every stored float is needed to evaluate the model (fixed ones too). */
    double bytes = (double)m->n_params * sizeof(float), bits = 8.0 * bytes;
    double points = (double)info->height * info->width, values = signal_values(info);
    if (image)
        printf("size        %.0f bytes (float32), %.2f bits per pixel\n", bytes, bits / points);
    else
        printf("size        %.0f bytes (float32), %.2f bits per sample, %.1f kbit/s\n", bytes,
               bits / values, bits / 1000.0 / (info->width / (double)info->sample_rate));
    if (!((double)m->n_trainable > values)) return 0;
    printf("            %zu parameters > %.0f values in the %s: memorised, not compressed\n",
           m->n_trainable, values, image ? "image" : "sound");
    if (warn) model_size_warn(m, info);
    return 1;
}
