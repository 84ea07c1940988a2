/* json_out.c - JSON results on stdout (json_out.h). */
#include "json_out.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "diag.h"

/* Set when a value could not be made: the object is incomplete. */
static int incomplete;

json_t *json_number(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

json_t *json_float(float v)
{
    if (!isfinite(v)) return json_null();
    char text[32];
    for (int digits = 6; digits < 9; digits++) {
        snprintf(text, sizeof text, "%.*g", digits, v);
        double back = strtod(text, NULL);
        if ((float)back == v) return json_real(back);
    }
    return json_real(v);
}

json_t *json_file(const char *role, const char *path)
{
    struct stat sb;
    json_t *f = json_object();
    if (!f) return NULL;
    json_put(f, "role", json_string(role));
    json_put(f, "path", json_string(path));
    json_put(f, "bytes", stat(path, &sb) == 0 ? json_integer(sb.st_size) : json_null());
    return f;
}

void json_put(json_t *obj, const char *key, json_t *value)
{
    if (!obj || !value || json_object_set_new(obj, key, value) != 0) incomplete = 1;
}

int json_print(json_t *obj)
{
    int bad = incomplete || !obj;
    /* JSON_REAL_PRECISION(17) round-trips every double. A write error is
     * main's to report, as for any output on stdout (main.c). */
    if (!bad && json_dumpf(obj, stdout, JSON_COMPACT | JSON_REAL_PRECISION(17)) != 0)
        bad = !ferror(stdout);
    if (!bad) fputc('\n', stdout);
    json_decref(obj);
    incomplete = 0;
    if (bad) cli_error("cannot make the JSON result (out of memory)");
    return bad;
}

json_t *json_init(const inr_config *c, const inr_fit_info *info)
{
    json_t *o = json_object();
    json_put(o, "kind", json_string(c->init == INR_INIT_WINNER ? "winner" : "default"));
    if (c->init == INR_INIT_WINNER) {
        json_put(o, "winner_s0", json_number(c->winner_s0));
        json_put(o, "winner_s1", json_number(c->winner_s1));
    }
    if (info->fresh_param[0]) {
        json_put(o, "fresh_param", json_string(info->fresh_param));
        json_put(o, "fresh_value", json_number(info->fresh_value));
    }
    return o;
}
