/* api_internal.h - what the public handles of include/inr.h hold: the
 * internal signal, model, fit description and optimizer state. */
#ifndef INR_API_INTERNAL_H
#define INR_API_INTERNAL_H

#include "inr.h"

#include "checkpoint.h"
#include "signal_io.h"
#include "trainer.h"

struct inrfit_signal {
    signal_data data;
};

struct inrfit_model {
    inr_config cfg;           /* until the model is made, then model.cfg */
    inr_model model;          /* made (laid out, initialised) on first use */
    int made;
    inr_fit_info info;        /* the signal's shape and output mapping */
    inr_optimizer_state state;   /* owned adam_m/adam_v; NULL when none */
    float lr;                 /* 0: the model's default */
    long batch;               /* -1: automatic */
    int threads;              /* 0: all cores */
    /* Choices made on the signal of the first fit (inrfit_model_set). */
    int winner;               /* init winner */
    int fresh;                /* FreSh */
    int precision;            /* -1 auto, else inr_precision */
    int w0_first_set;         /* w0_first given: WINNER keeps it */
};

/* WINNER and FreSh on the signal, into m->cfg and m->info (api_init.c). */
inrfit_status api_choose_init(inrfit_model *m, const struct inrfit_signal *s);

/* The status of an internal failure, whose reason inr_error() holds. */
static inline inrfit_status api_status(inr_status st) { return (inrfit_status)st; }

#endif
