/* field_draw.h - pictures of a model's inner fields for `inrfit render
 * --field` (the values come from inr/fields.h), drawn as figures (title,
 * axes, colour bar, legend): hash-grid levels as small multiples, NSTR
 * frequency maps under transport arrows, warped grids, and plots along
 * time for audio models. */
#ifndef INR_FIELD_DRAW_H
#define INR_FIELD_DRAW_H

#include <stdio.h>

#include "checkpoint.h"

/* Prints the fields of m, one per line ("name  channels  description"). */
void field_list(const inr_model *m, FILE *out);
/* The fields of every kind that has some, from the kinds' descriptors, as
 * "kind 'a', kind 'b' and 'c'" into out (n bytes), for --help. */
void field_kinds_text(char *out, size_t n);

/* `inrfit render MODEL --field NAME -o OUT`: "list" prints the fields;
 * otherwise draws the field into a PNG, written atomically: images with
 * a 512-pixel plot on the long side (--scale S: the fitted size times S),
 * audio as a 1024x400 plot; --size WxH sets the whole picture. other_opts:
 * options that do not apply (--rate, --seconds, --bits); quiet: no
 * "rendered" line. Returns the exit status after printing any message. */
int field_command(const inr_model *m, const inr_fit_info *info, const char *model_path,
                  const char *field, const char *out_path, long w, long h, float scale,
                  int other_opts, int threads, int quiet);

#endif
