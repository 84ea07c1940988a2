/* field_draw.h - pictures of a model's inner fields for `inrfit render
 * --field` (the values come from inr/fields.h): hash-grid level tiles,
 * NSTR frequency maps with transport arrows, HC-INR deformed grids. */
#ifndef INR_FIELD_DRAW_H
#define INR_FIELD_DRAW_H

#include <stdio.h>

#include "checkpoint.h"

/* Prints the fields of m, one per line ("name  channels  description"). */
void field_list(const inr_model *m, FILE *out);

/* Evaluates field `name` of m and writes it as an 8-bit RGB PNG at path
 * (atomically). Image models: over a height x width grid (tiles for the
 * hash grid's levels); audio models: a height x width plot along time.
 * Returns INR_OK or a failure with its reason in inr_error(). */
inr_status field_render(const inr_model *m, const char *name, long height, long width,
                        int threads, const char *path);

/* `inrfit render MODEL --field NAME -o OUT`: "list" prints the fields;
 * otherwise draws the field at the fitted size (images; --size w x h or
 * --scale) or as a 1024 x 256 plot (audio; --size). other_opts: options
 * that do not apply (--rate, --seconds, --bits). Returns the exit status
 * after printing any message. */
int field_command(const inr_model *m, const inr_fit_info *info, const char *field,
                  const char *out_path, long w, long h, float scale, int other_opts,
                  int threads);

#endif
