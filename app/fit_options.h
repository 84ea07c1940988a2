/* fit_options.h - the options of `inrfit fit`, their defaults and parsing. */
#ifndef INR_FIT_OPTIONS_H
#define INR_FIT_OPTIONS_H

#include <stdio.h>

#include "model.h"

/* Values a user set; 0 / NULL / negative markers mean "model default". */
typedef struct {
    const char *input;
    const char *prefix;        /* -o */
    const char *log_path;      /* --log */
    inr_model_kind model;      /* 0: siren */
    inr_init_kind init;
    long steps;                /* 0: default */
    float lr;                  /* 0: model default */
    float lr_decay;            /* 0: off */
    long lr_decay_every;
    long width, layers, mapping;
    float w0, w0_first, sigma;
    long batch;                /* -1: automatic */
    long seed;
    long threads;
    long bits;                 /* output bits, 0: default */
    long long max_pixels, max_frames;
    int quiet;
} fit_options;

/* Parses argv (after "fit"); returns 0, or 2 after printing a one-line
 * error, or 1 when --help was printed (caller exits 0). */
int fit_options_parse(int argc, char **argv, fit_options *o);

#endif
