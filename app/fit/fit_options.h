/* fit_options.h - the options of `inrfit fit`, their defaults and parsing. */
#ifndef INR_FIT_OPTIONS_H
#define INR_FIT_OPTIONS_H

#include <stdio.h>

#include "fresh_select.h"
#include "model.h"
#include "model_options.h"

/* Values a user set; 0 / NULL / negative markers mean "model default". */
typedef struct {
    const char *input;
    const char *prefix;        /* -o */
    const char *log_path;      /* --log */
    const char *plot_path;     /* --plot: the training curve as a PNG */
    inr_model_kind model;      /* 0: siren */
    inr_init_kind init;
    int init_set, seed_set;    /* --init, --seed given (a resume compares them) */
    long steps;                /* 0: default */
    float lr;                  /* 0: model default */
    float lr_decay;            /* 0: off */
    long lr_decay_every;
    long batch;                /* -1: automatic */
    long seed;
    float holdout;             /* --holdout F: fraction of points held out (0: none) */
    int holdout_set;           /* --holdout was given (a resume compares it) */
    long threads;
    int device;                /* --device: INR_DEVICE_AUTO (0), _CPU, _CUDA (backend.h) */
    int tf32;                  /* --tf32: TF32 tensor-core products on the GPU */
    int precision;             /* --precision: 0 fp32, 1 bf16, -1 auto (fit_precision.h) */
    int precision_set;         /* --precision was given */
    long bits;                 /* output bits, 0: default */
    long long max_pixels, max_frames;
    int quiet;
    int view;                  /* --view: the live viewer (fit_view.h) */
    const char *resume;        /* --resume MODEL.inr */
    int json;                  /* --json: the summary as one JSON object */
    int profile;               /* --profile: time per phase (profile_report.h) */
    int no_optimizer_state;    /* --no-optimizer-state: the final PREFIX.inr holds weights only */
    int keep_best;             /* --keep-best: write the lowest-loss step's parameters (fit_best.h) */
    long save_every_steps;     /* --save-every N: checkpoint every N steps */
    double save_every_seconds; /* --save-every Ns: ... or every N seconds */
    int fresh;                 /* --fresh (or --fresh-grid): FreSh chooses (METHODS 3.2) */
    int fresh_grid_n;          /* --fresh-grid values; 0: the model's default grid */
    double fresh_grid[INR_FRESH_MAX_CANDIDATES];
    model_options models;      /* the hyper-parameters (hparams.h) */
} fit_options;

/* --model (o may be NULL), or the default kind. */
static inline inr_model_kind fit_model_kind(const fit_options *o)
{
    return o && o->model ? o->model : INR_MODEL_DEFAULT;
}

/* Parses argv (after "fit"); returns 0, or 2 after printing a one-line
 * error, or 1 when --help was printed (caller exits 0). */
int fit_options_parse(int argc, char **argv, fit_options *o);

/* `inrfit fit --help`. */
void fit_usage(FILE *out);

#endif
