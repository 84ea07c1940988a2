/* model_size.h - a fitted model read as a compressor, as users of INRs
 * read them: its size in bytes and bits per pixel (audio: per sample of
 * one channel, and kbit/s), in every report (fit, info); and whether it has
 * more trainable parameters than its signal has values, when it can
 * memorise the signal rather than represent it, and a high PSNR says
 * nothing about compression. */
#ifndef INR_MODEL_SIZE_H
#define INR_MODEL_SIZE_H

#include "checkpoint.h"
#include "model.h"

/* Prints the "size" line on stdout and, for a model larger than its signal,
 * a line under it saying so; with warn, also a warning on stderr. Returns 1
 * for a model larger than its signal, else 0. */
int model_size_print(const inr_model *m, const inr_fit_info *info, int warn);
/* Only the warning on stderr (fit --json, whose summary is on stdout). */
int model_size_warn(const inr_model *m, const inr_fit_info *info);

#endif
