/* json_out.h - the --json output of the commands (fit, render, info,
 * spectrum): one JSON object on stdout, built with jansson. Numbers keep
 * full precision (17 significant digits); a non-finite one (an infinite
 * PSNR, an SSIM that does not apply) is null. */
#ifndef INR_JSON_OUT_H
#define INR_JSON_OUT_H

#include <jansson.h>

#include "checkpoint.h"

/* A real, or null when v is not finite. */
json_t *json_number(double v);
/* A float as the shortest decimal that reads back as it (0.2f is 0.2, not
 * 0.20000000298...): for values a user gave as text. */
json_t *json_float(float v);
/* {"role": role, "path": path, "bytes": size of the file now}. */
json_t *json_file(const char *role, const char *path);
/* Sets key of obj to value (stolen); a NULL value (out of memory) is
 * skipped and makes json_print fail. */
void json_put(json_t *obj, const char *key, json_t *value);
/* How the model was initialised: {"kind": "default"|"winner", WINNER's
 * winner_s0 / winner_s1, FreSh's fresh_param / fresh_value when it chose}. */
json_t *json_init(const inr_config *c, const inr_fit_info *info);
/* Prints obj as one line on stdout and frees it; 0, or 1 after a message
 * when it could not be built. Write errors are left for main to report. */
int json_print(json_t *obj);

#endif
