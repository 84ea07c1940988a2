/* view_scene.h - what the live viewer shows, without SDL: from a snapshot of
 * the parameters it evaluates the reconstruction (on a reduced grid, on the
 * calling thread only), its error, spectra and the model's inner fields
 * (inr/fields.h), and draws panels, status bar and help with cairo
 * (view_paint.h).
 *
 * The window thread owns a scene; nothing here touches the fit. Images:
 * target | reconstruction | |error| over target spectrum | reconstruction
 * spectrum | field (NSTR frequency + flow, HC-INR warp grid, hash-grid
 * levels) or the PSNR and loss curves. Audio: waveforms, error, spectrograms and the
 * field or curve, over an excerpt of at most VIEW_AUDIO_MAX frames. */
#ifndef INR_VIEW_SCENE_H
#define INR_VIEW_SCENE_H

#include "signal_io.h"
#include "view_paint.h"

/* What the fit reports (fit_view.c fills it under its lock). */
typedef struct {
    long step, total;
    double loss, psnr;          /* of the last training batch */
    double lr;                  /* learning rate of the next step */
    double steps_per_s;
    int paused, done;
    const long *hist_step;      /* the curves: hist_n points */
    const float *hist_psnr;
    const float *hist_loss;     /* NULL: the PSNR curve alone */
    int hist_n;
    const char *message;        /* replaces the key hints when not "" */
} view_status;

typedef struct {
    const char *name;           /* "target", "reconstruction", "error", ... */
    int x, y, w, h;             /* where its picture is, in window pixels */
} view_panel;

/* Keys the scene understands besides printable ASCII. */
enum { VIEW_KEY_LEFT = 0x101, VIEW_KEY_RIGHT, VIEW_KEY_UP, VIEW_KEY_DOWN };
/* view_scene_key results. */
enum { VIEW_KEY_IGNORED = 0, VIEW_KEY_REDRAW = 1, VIEW_KEY_EVALUATE = 2 };
enum { VIEW_PANEL_DEFAULT = 256, VIEW_PANEL_MIN = 128, VIEW_PANEL_MAX = 768 };
enum { VIEW_AUDIO_MAX = 1 << 18, VIEW_AUDIO_DEFAULT = 1 << 15 };

typedef struct view_scene view_scene;

/* A scene for a model laid out as cfg fitted to sig (both must outlive
 * it), panels panel_side pixels (VIEW_PANEL_MIN..MAX). */
inr_status view_scene_create(view_scene **out, const inr_config *cfg, const signal_data *sig,
                             int panel_side);
void view_scene_free(view_scene *s);

/* Evaluates everything shown for params (cfg's layout, n_params floats)
 * at training step `step`, on this thread. */
inr_status view_scene_update(view_scene *s, const float *params, long step);
/* Step of the last update (-1 before the first) and the PSNR of the
 * reconstruction panel against the target panel on the evaluated grid. */
long view_scene_step(const view_scene *s);
double view_scene_psnr(const view_scene *s);
/* The snapshot model of the last update (for saving a checkpoint). */
const inr_model *view_scene_model(const view_scene *s);

/* Window size in pixels for the current layout and zoom. */
void view_scene_size(const view_scene *s, int *w, int *h);
/* Draws everything (resizing c to view_scene_size). */
inr_status view_scene_draw(view_scene *s, vpaint *c, const view_status *st);
/* Between evaluations: redraws only what changes with every step (the
 * status bar, the curves when shown) into c as view_scene_draw left
 * it; their rectangles go to dirty (at most max). Returns how many, or -1
 * when c does not have the scene's size (draw everything instead). */
int view_scene_draw_live(view_scene *s, vpaint *c, const view_status *st, view_panel *dirty,
                         int max);
/* The panels of the current layout (at most max); returns how many. */
int view_scene_panels(const view_scene *s, view_panel *out, int max);

/* A key press: VIEW_KEY_EVALUATE when the panels must be evaluated again
 * (zoom, resolution, field), VIEW_KEY_REDRAW, or VIEW_KEY_IGNORED. */
int view_scene_key(view_scene *s, int key);
/* Mouse position in window pixels (-1, -1: outside): draw shows what is
 * under it. */
void view_scene_mouse(view_scene *s, int x, int y);

/* Audio: the excerpt shown, target (reconstruction 0) or the current
 * reconstruction (1), as interleaved float frames at full scale (peak
 * normalised to 1 when louder). Returns 0 for images or before an update. */
int view_scene_sound(const view_scene *s, int reconstruction, const float **frames, long *n,
                     int *channels, int *rate);

/* The keys, one per line (for --help and the help overlay), into out (n
 * bytes; VIEW_KEYS_HELP_MAX holds them). */
#define VIEW_KEYS_HELP_MAX 1536
void view_keys_help(char *out, size_t n);

#endif
