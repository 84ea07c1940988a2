/* fields.h - the inner fields a model can export for display: the hash
 * grid's per-level feature norms, NSTR's local frequency nu(x) and its
 * transport flow (METHODS 2.4), HC-INR's warp u_S(x) (METHODS 2.5).
 *
 * Library side only: float arrays over given coordinates; app/figures/field_*.c
 * and the viewer (app/view/) turn them into pictures. */
#ifndef INR_FIELDS_H
#define INR_FIELDS_H

#include "model.h"

typedef struct {
    const char *name;      /* as given to --field                        */
    int channels;          /* values per point                          */
    const char *what;      /* one line for `--field list`                */
} inr_field_info;

/* How a kind's own field is shown (its descriptor's field_view): the hash
 * grid's levels as tiles or strips, NSTR's frequency under its transport
 * flow, HC-INR's warp as deformed grid lines. */
typedef enum {
    INR_FIELD_VIEW_NONE = 0,
    INR_FIELD_VIEW_LEVELS,
    INR_FIELD_VIEW_FLOW,
    INR_FIELD_VIEW_WARP
} inr_field_view;

/* The field view of a model kind (INR_FIELD_VIEW_NONE: no fields, or not a kind). */
inr_field_view inr_kind_field_view(inr_model_kind kind);

/* The fields of m: writes up to max entries to list, returns how many
 * (0 for SIREN and FFN). */
int inr_model_fields(const inr_model *m, inr_field_info *list, int max);

/* out (n, channels) = field `name` of m at coords (n,d), chunked over
 * threads (0: all). Fails with INR_ERR_INVALID for a name m lacks. */
inr_status inr_model_field(const inr_model *m, const char *name, const float *coords,
                           long n, float *out, int threads);

#endif
