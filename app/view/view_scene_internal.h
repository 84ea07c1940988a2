/* view_scene_internal.h - the scene's state, shared by view_scene.c (common
 * parts: snapshot, keys, status bar, curves, help) and the signal kinds
 * view_image.c and view_audio.c. Not for other files. */
#ifndef INR_VIEW_SCENE_INTERNAL_H
#define INR_VIEW_SCENE_INTERNAL_H

#include "fields.h"
#include "view_scene.h"

/* Layout, in pixels: gaps between panels; a title line above each, the
 * two-line status bar at the bottom and the colour bars beside heat maps
 * grow with the text, which grows with the panels (11 px at side 256). */
enum { VIEW_GAP = 8, VIEW_MAX_PANELS = 6 };
static inline int view_text_px(int side) { return side < 234 ? 10 : side > 512 ? 22 : side * 11 / 256; }
#define view_title_h(s) (view_text_px((s)->side) + 3)
#define view_status_h(s) (3 * view_text_px((s)->side) + 1)
#define view_bar_w(s) (4 * view_text_px((s)->side))

/* Colours (0x00RRGGBB). */
#define VIEW_BG 0x1c1c1fu
#define VIEW_PANEL_BG 0x0e0e10u
#define VIEW_TEXT 0xd8d8d8u
#define VIEW_DIM 0x8c8c8cu
#define VIEW_ACCENT 0xfdb42fu   /* reconstruction lines */
#define VIEW_CURVE 0x5ec962u    /* PSNR curve (the loss is VIEW_ACCENT) */

/* What the field panel shows (cycled with 'f'): the model's own field, as
 * its kind's descriptor says (inr_kind_field_view), or the PSNR and loss curves. */
typedef enum {
    FIELD_CURVE = INR_FIELD_VIEW_NONE,
    FIELD_LEVELS = INR_FIELD_VIEW_LEVELS,
    FIELD_FLOW = INR_FIELD_VIEW_FLOW,
    FIELD_WARP = INR_FIELD_VIEW_WARP
} view_field_mode;

typedef struct view_panel_set view_panel_set;

struct view_scene {
    const signal_data *sig;
    const view_panel_set *set;  /* the panels of the signal's kind */
    inr_model model;            /* the snapshot, own parameter buffer */
    int image, C;
    int side;                   /* panel side (zoom) */
    int solo;                   /* 0 every panel, k: panel k alone */
    int full_res;               /* 'e': evaluate at the panel side, not half */
    int help;                   /* 'h': the key overlay */
    view_field_mode modes[2];
    int n_modes, mode;
    int mouse_x, mouse_y;
    long step;                  /* of the last update, -1 none */
    double psnr;                /* panel reconstruction vs panel target */
    char hover[200];            /* what is under the mouse ("" nothing) */
    int fields_ok;              /* field buffers hold the current mode */

    /* images: the evaluation grid eh x ew (pixel centres of the target
     * resized to it, so the two line up exactly) */
    int grid_side, eh, ew;
    float *ecoords;             /* (eh*ew, 2) */
    float *etarget, *erecon;    /* (eh*ew, C) output scale [0,1] */
    float *eerr;                /* (eh*ew) mean |recon - target| */
    float *tspec, *rspec;       /* (eh, ew) centred log |DFT| */
    float spec_lo, spec_hi;     /* of the target's, used for both */
    float *mag;                 /* (eh, ew/2+1) FFT workspace */
    float *field, *field2;      /* levels (n, L) or frequency (n); flow or warp (n, 2) */
    int th, tw;                 /* the target panel's picture */
    float *ptarget;             /* (th, tw, C) */

    /* audio: the excerpt [a0, a0 + alen) */
    long a0, alen, a_loaded0, a_loadedn;
    float *arecon;              /* (alen, C) full scale */
    float *tmono, *rmono;       /* (alen) channel means */
    int win, hop, nfreq, nframes;
    float *tgram, *rgram;       /* (nfreq, nframes) dB, k = 0 first */
    float gram_ref;             /* the target's loudest bin (dB) */
    float *frame, *fmag;        /* (win), (win/2+1) */
    int an;                     /* field samples across the excerpt */
    float *acoords;             /* (an) */
};

/* The panels of one signal kind (view_image.c, view_audio.c); view_scene.c
 * keeps one per inr_signal_kind and calls through it. */
struct view_panel_set {
    int panels;                 /* keys 1..panels show one alone */
    /* Writes the panels' rectangles (at most VIEW_MAX_PANELS), returns how many. */
    int (*layout)(const view_scene *s, view_panel *p);
    void (*size)(const view_scene *s, int *w, int *h);
    /* Evaluates the snapshot into the scene's buffers. */
    inr_status (*update)(view_scene *s);
    void (*draw)(view_scene *s, vpaint *c, const view_status *st);
    void (*free)(view_scene *s);  /* its buffers, not the scene */
    /* Its own keys (NULL: none): a VIEW_KEY_* answer. */
    int (*key)(view_scene *s, int key);
};
extern const view_panel_set view_image_panels, view_audio_panels;

/* Shared drawing (view_scene.c): a panel's title above it, its colour bar
 * (view_bar_w wide) to its right. */
void view_title(vpaint *c, const view_panel *p, const char *text);
void view_bar(vpaint *c, const view_scene *s, const view_panel *p, colormap_kind map, double lo,
              double hi, const char *unit);
void view_curve(vpaint *c, const view_panel *p, const view_status *st, view_scene *s);
/* Index i of the panel under the mouse, or -1. */
int view_hit(const view_scene *s, const view_panel *p, int n);
/* Grows *buf to n floats; returns 0, or -1 when out of memory. */
int view_grow(float **buf, size_t n);

#endif
