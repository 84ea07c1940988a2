/* view_internal.h - the state the fit thread (fit_view.c) and the window
 * thread (view_window.c) share, all of it under `lock`. Not for other
 * files. */
#ifndef INR_VIEW_INTERNAL_H
#define INR_VIEW_INTERNAL_H

#include <pthread.h>

#include "fit_view.h"

/* The PSNR and loss curves keep at most HIST_MAX points: when full, every other one
 * is dropped and only every 2nd (4th, ...) step is recorded from then on. */
enum { HIST_MAX = 2048 };

typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;           /* pause, window start, snapshot requests */
    /* set by open, read-only afterwards */
    const inr_model *model;
    const signal_data *sig;
    char prefix[4000];
    long total;
    fit_view_options opt;
    int quiet;
    /* fit -> window */
    float *snap;                   /* (n_params) */
    long snap_step;
    int snap_new;
    long step;
    double loss, psnr;
    double lr;                     /* of the fit's next step */
    long hist_step[HIST_MAX];
    float hist_psnr[HIST_MAX];
    float hist_loss[HIST_MAX];
    int hist_n;
    long hist_stride;
    int done;                      /* fit_view_close was called */
    /* window -> fit */
    int want_snap, paused, quit;
    /* window start: 1 open, -1 failed (reason in error) */
    int ready;
    char error[300];
    int screenshot_failed;
} view_shared;

/* The window thread (view_window.c; a stub without SDL2). */
void *view_window_main(void *arg);
/* Whether a window can be opened here (SDL video starts, on a real
 * display): 0, or -1 with a one-line reason in why (n bytes). */
int view_window_probe(char *why, size_t n);

#endif
