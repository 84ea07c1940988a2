/* fit_view.c - the fit's side of the live viewer (fit_view.h): opening the
 * window thread, the per-step hook that hands parameter snapshots over and
 * holds the fit while paused, and closing. */
#include "fit_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "fit_interrupts.h"
#include "view_internal.h"

static fit_view_options configured;

void fit_view_configure(const fit_view_options *o) { configured = *o; }

#ifdef HAVE_SDL2
/* One window per process: train() reaches it through fit_view_step
 * without a handle, so the training loop needs no viewer argument. */
static view_shared *active;
static pthread_t window_thread;

int fit_view_probe(void)
{
    char why[300];
    if (view_window_probe(why, sizeof why) == 0) return 0;
    cli_error("%s", why);
    return 1;
}

int fit_view_open(const inr_model *model, const signal_data *sig, const char *prefix,
                  long steps, int quiet)
{
    view_shared *v = calloc(1, sizeof *v);
    float *snap = malloc((model->n_params ? model->n_params : 1) * sizeof(float));
    if (!v || !snap) {
        free(v);
        free(snap);
        cli_error("out of memory for the viewer");
        return 1;
    }
    pthread_mutex_init(&v->lock, NULL);
    pthread_cond_init(&v->cond, NULL);
    v->model = model;
    v->sig = sig;
    snprintf(v->prefix, sizeof v->prefix, "%s", prefix);
    v->total = steps;
    v->opt = configured;
    v->snap = snap;
    memcpy(snap, model->params, model->n_params * sizeof(float));   /* step 0 */
    v->snap_new = 1;
    v->hist_stride = 1;
    v->quiet = quiet;
    v->psnr = v->loss = 0;
    if (pthread_create(&window_thread, NULL, view_window_main, v) != 0) {
        cli_error("cannot start the viewer thread");
        free(snap);
        free(v);
        return 1;
    }
    pthread_mutex_lock(&v->lock);
    while (v->ready == 0) pthread_cond_wait(&v->cond, &v->lock);
    pthread_mutex_unlock(&v->lock);
    if (v->ready < 0) {
        pthread_join(window_thread, NULL);
        cli_error("%s", v->error);
        free(snap);
        free(v);
        return 1;
    }
    if (!quiet && !v->opt.frames)
        fprintf(stderr, "inrfit: viewer open (space pause, s save, q stop, h help)\n");
    active = v;
    return 0;
}

int fit_view_step(inr_device_trainer *tr, long step, double loss, double psnr)
{
    view_shared *v = active;
    if (!v) return 0;
    pthread_mutex_lock(&v->lock);
    v->step = step;
    v->loss = loss;
    v->psnr = psnr;
    v->lr = inr_train_lr(&tr->opt, tr->step);   /* the trainer's schedule */
    if (step % v->hist_stride == 0) {
        if (v->hist_n == HIST_MAX) {
            for (int i = 0; i < HIST_MAX / 2; i++) {
                v->hist_step[i] = v->hist_step[2 * i + 1];
                v->hist_psnr[i] = v->hist_psnr[2 * i + 1];
                v->hist_loss[i] = v->hist_loss[2 * i + 1];
            }
            v->hist_n = HIST_MAX / 2;
            v->hist_stride *= 2;
        }
        if (step % v->hist_stride == 0) {
            v->hist_step[v->hist_n] = step;
            v->hist_loss[v->hist_n] = (float)loss;
            v->hist_psnr[v->hist_n++] = (float)psnr;
        }
    }
    /* A snapshot when the window asked, and before holding for a pause or a
     * stop so that the window shows where the fit is. */
    if (v->want_snap || v->paused || v->quit) {
        /* On a GPU the parameters live there: fetch them (the CPU trains
         * model->params in place, download is a no-op). A failed fetch only
         * skips this snapshot. */
        if (inr_device_trainer_download(tr) == INR_OK) {
            memcpy(v->snap, tr->model->params, tr->model->n_params * sizeof(float));
            v->snap_step = step;
            v->snap_new = 1;
        }
        v->want_snap = 0;
        pthread_cond_broadcast(&v->cond);
    }
    /* Paused: wake up now and then, so that Ctrl-C or SIGTERM (which only
     * set a flag) still stop the fit; train() then sees the signal. */
    while (v->paused && !v->quit && !fit_interrupts_pending()) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 100 * 1000 * 1000;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&v->cond, &v->lock, &until);
    }
    int quit = v->quit;
    pthread_mutex_unlock(&v->lock);
    return quit;
}

int fit_view_close(void)
{
    view_shared *v = active;
    if (!v) return 0;
    pthread_mutex_lock(&v->lock);
    /* The final parameters (downloaded by the fit), whatever the last
     * snapshot was. */
    memcpy(v->snap, v->model->params, v->model->n_params * sizeof(float));
    v->snap_step = v->step;
    v->snap_new = 1;
    v->done = 1;
    v->paused = 0;
    /* Ctrl-C or SIGTERM stopped the fit: the user wants out, window too. */
    if (fit_interrupts_pending()) v->quit = 1;
    int interactive = !v->opt.frames && !v->quit;
    pthread_cond_broadcast(&v->cond);
    pthread_mutex_unlock(&v->lock);
    if (interactive && !v->quiet) fprintf(stderr, "inrfit: fit done; the viewer stays open until q or the window is closed\n");
    pthread_join(window_thread, NULL);
    int rc = v->screenshot_failed ? 1 : 0;
    active = NULL;
    pthread_cond_destroy(&v->cond);
    pthread_mutex_destroy(&v->lock);
    free(v->snap);
    free(v);
    return rc;
}

#else /* no SDL2 */

int fit_view_probe(void)
{
    cli_error("the viewer needs SDL2 support, which is not built in (install libsdl2-dev and rebuild)");
    return 1;
}

int fit_view_open(const inr_model *model, const signal_data *sig, const char *prefix,
                  long steps, int quiet)
{
    (void)model, (void)sig, (void)prefix, (void)steps, (void)quiet;
    cli_error("the viewer needs SDL2 support, which is not built in (install libsdl2-dev and rebuild)");
    return 1;
}

int fit_view_step(inr_device_trainer *tr, long step, double loss, double psnr)
{
    (void)tr, (void)step, (void)loss, (void)psnr;
    return 0;
}

int fit_view_close(void) { return 0; }

#endif
