/* safetensors.c - weights-only export (safetensors.h). */
#include "safetensors.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "hparams.h"

/* A growing string; `failed` is set when an allocation failed. */
typedef struct {
    char *s;
    size_t len, cap;
    int failed;
} text;

static void add(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (t->failed || n < 0) return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = (t->len + n + 1) * 2;
        char *s = realloc(t->s, cap);
        if (!s) {
            t->failed = 1;
            return;
        }
        t->s = s;
        t->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    t->len += n;
}

/* A JSON string: quotes, backslashes and control bytes escaped (other
 * bytes pass as they are; the checkpoint's strings are ASCII). */
static void add_string(text *t, const char *s)
{
    add(t, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') add(t, "\\%c", c);
        else if (c < 0x20 || c == 0x7f) add(t, "\\u%04x", c);
        else add(t, "%c", c);
    }
    add(t, "\"");
}

static void meta(text *t, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void meta(text *t, const char *key, const char *fmt, ...)
{
    char value[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(value, sizeof value, fmt, ap);
    va_end(ap);
    add(t, ",");
    add_string(t, key);
    add(t, ":");
    add_string(t, value);
}

/* Every field of the checkpoint header; floats with 9 digits, which read
 * back to the same float32. */
static void add_metadata(text *t, const inr_config *c, const inr_fit_info *f)
{
    add(t, "\"__metadata__\":{\"format\":\"inrfit\"");
    meta(t, "model", "%s", inr_model_name(c->kind));
    meta(t, "in_dim", "%d", c->in_dim);
    meta(t, "out_dim", "%d", c->out_dim);
    /* The kind's own hyper-parameters by their checkpoint keys (hparams.h). */
    const inr_hparam *list;
    int n = inr_hparams_of(c->kind, &list);
    for (int i = 0; i < n; i++) {
        const inr_hparam *h = &list[i];
        if (h->type == INR_HP_INT) meta(t, h->key, "%d", (int)inr_hparam_get(h, c));
        else meta(t, h->key, "%.9g", inr_hparam_get(h, c));
    }
    meta(t, "coordinates", "%s", c->in_dim == 2 ? "linspace(-1,1) per axis, (row, column), rows first"
                                                : "linspace(-1,1) over the clip's frames");
    meta(t, "precision", "%s", inr_precision_name(c->precision));
    meta(t, "init", "%s", c->init == INR_INIT_WINNER ? "winner" : "default");
    meta(t, "winner_s0", "%.9g", c->winner_s0);
    meta(t, "winner_s1", "%.9g", c->winner_s1);
    meta(t, "seed", "%llu", (unsigned long long)c->seed);
    meta(t, "signal", "%s", f->kind == INR_SIGNAL_IMAGE ? "image" : "audio");
    meta(t, "channels", "%d", f->channels);
    meta(t, "signal_height", "%ld", f->height);
    meta(t, "signal_width", "%ld", f->width);
    meta(t, "sample_rate", "%d", f->sample_rate);
    meta(t, "bit_depth", "%d", f->bit_depth);
    meta(t, "value_scale", "%.9g", f->value_scale);
    meta(t, "value_offset", "%.9g", f->value_offset);
    meta(t, "steps", "%ld", f->step);
    meta(t, "spectral_centroid", "%.9g", f->spectral_centroid);
    char fresh[sizeof f->fresh_param + 1] = { 0 };
    memcpy(fresh, f->fresh_param, sizeof f->fresh_param);
    meta(t, "fresh_param", "%s", fresh);
    meta(t, "fresh_value", "%.9g", f->fresh_value);
    add(t, "}");
}

/* The file: header length, header, parameters as little-endian float32. */
static unsigned char *file_bytes(const text *header, const inr_model *m, size_t *size)
{
    *size = 8 + header->len + 4 * m->n_params;
    unsigned char *b = malloc(*size), *p = b;
    if (!b) return NULL;
    for (int i = 0; i < 8; i++) *p++ = (unsigned char)((unsigned long long)header->len >> (8 * i));
    memcpy(p, header->s, header->len);
    p += header->len;
    for (size_t i = 0; i < m->n_params; i++, p += 4) {
        unsigned int u;
        memcpy(&u, &m->params[i], 4);
        p[0] = (unsigned char)u;
        p[1] = (unsigned char)(u >> 8);
        p[2] = (unsigned char)(u >> 16);
        p[3] = (unsigned char)(u >> 24);
    }
    return b;
}

inr_status inr_safetensors_save(const char *path, const inr_model *m, const inr_fit_info *info)
{
    text t = { 0 };
    add(&t, "{");
    for (int i = 0; i < m->n_tensors; i++) {
        const inr_tensor *x = &m->tensor[i];
        INR_ASSERT(x->offset == (i ? m->tensor[i - 1].offset + m->tensor[i - 1].size : 0));
        add_string(&t, x->name);
        if (x->cols) add(&t, ":{\"dtype\":\"F32\",\"shape\":[%zu,%zu]", x->rows, x->cols);
        else add(&t, ":{\"dtype\":\"F32\",\"shape\":[%zu]", x->rows);
        add(&t, ",\"data_offsets\":[%zu,%zu]},", 4 * x->offset, 4 * (x->offset + x->size));
    }
    add_metadata(&t, &m->cfg, info);
    add(&t, "}");
    while (!t.failed && t.len % 8) add(&t, " ");   /* the data starts 8-aligned */
    size_t size = 0;
    unsigned char *bytes = t.failed ? NULL : file_bytes(&t, m, &size);
    free(t.s);
    if (!bytes) return inr_fail(INR_ERR_NOMEM, "cannot write '%s': out of memory", path);
    inr_status st = atomic_write(path, bytes, size);
    free(bytes);
    return st;
}
