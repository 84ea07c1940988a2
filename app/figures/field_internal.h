/* field_internal.h - what field_draw.c hands the field pictures (internal):
 * the model, the field, the picture's titles and size, and where it goes.
 * field_image.c draws image models' fields, field_audio.c audio models'. */
#ifndef INR_FIELD_INTERNAL_H
#define INR_FIELD_INTERNAL_H

#include <stdio.h>

#include "figure.h"
#include "fields.h"

typedef struct {
    const inr_model *m;
    const char *field;       /* its name */
    int channels, threads;
    long fit_w, fit_h;       /* the fitted image in pixels; audio: fit_w frames */
    int rate;                /* audio sample rate */
    int want_w, want_h;      /* the plot size asked (images; 0: the default) */
    figure_heatmap spec;     /* title, subtitle and picture size set (0: the default) */
    char title[320], subtitle[320];
    FILE *out;               /* the PNG, and its name for messages */
    const char *path;
} field_pic;

/* field_pic.c: *out (n, channels) = field `name` at coords (n, d), newly allocated
 * (NULL on failure). */
inr_status field_eval(const field_pic *p, const char *name, const float *coords, long n,
                      int channels, float **out);

/* The picture of p's field as the kind's field view shows it. */
inr_status field_image_draw(field_pic *p, inr_field_view view);
inr_status field_audio_draw(field_pic *p, inr_field_view view);

/* Finite min and max of v[i*stride], i < n (0, 1 when none; hi > lo). */
void field_range(const float *v, size_t n, size_t stride, float *lo, float *hi);
/* A picture too small for its plot: the failure to return. */
inr_status field_too_small(const field_pic *p);
/* The picture's size once set: INR_OK, or a failure when over 2^24 pixels. */
inr_status field_check_size(const field_pic *p);

#endif
