/* fit_view.h - the live viewer of a fit (`inrfit fit --view`, `inrfit
 * view`): a window on its own thread shows the target, the reconstruction,
 * its error, spectra and the model's inner fields while train() runs.
 *
 *   fit_view_open(&model, &sig, prefix, steps, quiet);   before training
 *   if (fit_view_step(&tr, step, loss, psnr)) break;     after every step
 *   fit_view_close();                                    after the outputs
 *
 * The fit thread only copies the parameters when the window asks for a
 * snapshot (a memcpy between two steps, at most every ~150 ms); the window
 * evaluates them on its own thread at its own pace (view_scene.h), so the
 * fit is barely slowed. Without SDL2 (HAVE_SDL2 unset) open says so. */
#ifndef INR_FIT_VIEW_H
#define INR_FIT_VIEW_H

#include "backend.h"
#include "signal_io.h"

/* Options of `inrfit view` (cmd_view.c) that `fit --view` leaves default. */
typedef struct {
    long frames;             /* > 0: draw at least this many frames, wait for
                                the fit to end, save the screenshot, close */
    const char *screenshot;  /* written (atomically) when the window closes */
    int panel;               /* panel side in pixels (0: VIEW_PANEL_DEFAULT) */
    const char *keys;        /* pressed one per frame once the first snapshot
                                is drawn (scripts, tests) */
} fit_view_options;

/* Before anything is loaded: checks that this build has SDL2 and that a
 * window can be opened here. Returns 0, or 1 after printing one line. */
int fit_view_probe(void);

/* Sets the options of the next fit_view_open (cmd_view, before cmd_fit). */
void fit_view_configure(const fit_view_options *o);

/* Opens the window for a fit of model (its layout and initial parameters)
 * to sig; model and sig must stay alive until fit_view_close. prefix names
 * the files the 's' key saves. Returns 0, or 1 after printing one line (no
 * SDL2 support built in, no display). */
int fit_view_open(const inr_model *model, const signal_data *sig, const char *prefix,
                  long steps, int quiet);

/* Called by train() after every step with the step's batch loss and PSNR:
 * hands a snapshot over when the window asked for one, waits while the
 * user has paused. Returns 1 when the user asked to stop the fit, else 0
 * (also when no viewer is open). */
int fit_view_step(inr_device_trainer *tr, long step, double loss, double psnr);

/* After the fit (model holds the final parameters): shows them, then waits
 * until the user closes the window (with --frames: until the frames are
 * drawn, then saves the screenshot). Returns 0, or 1 after printing when
 * the screenshot could not be written. No-op (0) when no viewer is open. */
int fit_view_close(void);

#endif
