/* checkpoint.c - reading and writing .inr files (docs/CHECKPOINT.md). */
#include "checkpoint.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "atomic_file.h"
#include "checkpoint_config.h"
#include "fresh_param.h"
#include "holdout.h"
#include "hparams.h"

static const unsigned char MAGIC[8] = { 'I', 'N', 'R', 'F', 'I', 'T', '\r', '\n' };
enum { FLAG_OPTIMIZER = 1 };
/* After the two moment arrays: step, RNG state (4 words), lr, beta1,
 * beta2, eps, lr_decay, lr_decay_every, batch. */
enum { OPTIMIZER_EXTRA_BYTES = 8 + 32 + 5 * 4 + 4 + 8 };
/* Bytes of the header that follows magic, version and header size: version
 * 1 (SIREN, FFN) and version 2, which appends the grid / NSTR / HC-INR
 * fields (64 bytes: 48 of them, the training precision, 12 reserved).
 * Version 3 appends the keyed configuration (checkpoint_config.c) instead,
 * at most CONFIG_MAX_BYTES. */
enum { HEADER_V1_BYTES = 148, HEADER_V2_BYTES = HEADER_V1_BYTES + 64 };
enum { HEADER_MAX_BYTES = HEADER_V1_BYTES + INR_CONFIG_BLOCK_MAX };
/* Version 1 knew kinds 1 (SIREN) and 2 (FFN) only. */
enum { V1_LAST_KIND = 2 };
/* The hyper-parameters at fixed offsets, by key (docs/CHECKPOINT.md):
 * 28..51 in every version (zero in version 3, where the block holds them),
 * 164..215 in version 2. Each slot holds the field its key means for the
 * file's kind (checkpoint_config.h): "sigma" is an NSTR file's omega_std. */
static const char *const SLOTS_V1[] = { "width", "layers", "w0", "w0_first", "sigma", "mapping" };
static const char *const SLOTS_V2[] = { "levels",   "features",   "log2_table", "base_res",
                                        "growth",   "max_res",    "grid_init",  "bases",
                                        "lambda",   "scales",     "latent_res", "latent_features",
                                        "precision" };
enum {
    N_SLOTS_V1 = sizeof SLOTS_V1 / sizeof *SLOTS_V1,
    N_SLOTS_V2 = sizeof SLOTS_V2 / sizeof *SLOTS_V2,
};
/* Source bit depths the readers give (PNG 1..16, JPEG 8..16, audio 16),
 * with room; points per step as far as `fit --batch` goes. */
enum { MAX_BIT_DEPTH = 32 };
#define MAX_BATCH (1L << 30)
/* `fit --lr-decay`'s range. */
#define MIN_LR_DECAY 1e-6f

unsigned int inr_crc32(unsigned int crc, const void *data, size_t n)
{
    static unsigned int table[256];
    static int ready;
    if (!ready) {
        for (unsigned int i = 0; i < 256; i++) {
            unsigned int c = i;
            for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        ready = 1;
    }
    const unsigned char *p = data;
    crc = ~crc;
    for (size_t i = 0; i < n; i++) crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
    return ~crc;
}

/* --- little-endian byte buffer --------------------------------------- */

typedef struct {
    unsigned char *data;
    size_t size, pos;
    int overrun;
} bytes;

static void put(bytes *b, const void *src, size_t n)
{
    INR_ASSERT(b->pos + n <= b->size);
    memcpy(b->data + b->pos, src, n);
    b->pos += n;
}
static void put_u32(bytes *b, unsigned int v)
{
    unsigned char x[4] = { v, v >> 8, v >> 16, v >> 24 };
    put(b, x, 4);
}
static void put_u64(bytes *b, unsigned long long v)
{
    put_u32(b, (unsigned int)v);
    put_u32(b, (unsigned int)(v >> 32));
}
static void put_f32(bytes *b, float f)
{
    unsigned int v;
    memcpy(&v, &f, 4);
    put_u32(b, v);
}
static void put_f32s(bytes *b, const float *f, size_t n)
{
    for (size_t i = 0; i < n; i++) put_f32(b, f[i]);
}

static unsigned int get_u32(bytes *b)
{
    if (b->pos + 4 > b->size) {
        b->overrun = 1;
        return 0;
    }
    const unsigned char *x = b->data + b->pos;
    b->pos += 4;
    return x[0] | (unsigned int)x[1] << 8 | (unsigned int)x[2] << 16 | (unsigned int)x[3] << 24;
}
static unsigned long long get_u64(bytes *b)
{
    unsigned long long lo = get_u32(b);
    return lo | (unsigned long long)get_u32(b) << 32;
}
static float get_f32(bytes *b)
{
    unsigned int v = get_u32(b);
    float f;
    memcpy(&f, &v, 4);
    return f;
}
static void get_f32s(bytes *b, float *f, size_t n)
{
    for (size_t i = 0; i < n; i++) f[i] = get_f32(b);
}

/* --- writing ---------------------------------------------------------- */

/* Header bytes after the 16-byte prefix in version (2 or 3). */
static size_t header_bytes_for(int version)
{
    return version == 2 ? HEADER_V2_BYTES : HEADER_V1_BYTES + inr_config_block_size();
}

static void put_header(bytes *b, const inr_model *m, const inr_fit_info *info,
                       const inr_optimizer_state *opt, int version)
{
    const inr_config *c = &m->cfg;
    int keyed = version >= 3;   /* the hyper-parameters go by key, their slots are 0 */
    unsigned int v1[N_SLOTS_V1] = { 0 }, v2[N_SLOTS_V2];
    if (!keyed) inr_config_slots_write(c, SLOTS_V1, v1, N_SLOTS_V1);
    put(b, MAGIC, 8);
    put_u32(b, (unsigned int)version);
    put_u32(b, (unsigned int)header_bytes_for(version));
    size_t start = b->pos;
    put_u32(b, c->kind);
    put_u32(b, c->in_dim);
    put_u32(b, c->out_dim);
    for (int i = 0; i < N_SLOTS_V1; i++) put_u32(b, v1[i]);
    put_u32(b, c->init);
    put_f32(b, c->winner_s0);
    put_f32(b, c->winner_s1);
    put_u64(b, c->seed);
    put_u32(b, info->kind);
    put_u32(b, info->channels);
    put_u64(b, info->height);
    put_u64(b, info->width);
    put_u32(b, info->sample_rate);
    put_u32(b, info->bit_depth);
    put_f32(b, info->value_scale);
    put_f32(b, info->value_offset);
    put_u64(b, info->step);
    put_f32(b, info->spectral_centroid);
    put(b, info->fresh_param, 16);
    put_f32(b, info->fresh_value);
    put_u64(b, m->n_params);
    put_u32(b, opt ? FLAG_OPTIMIZER : 0);
    put_f32(b, info->holdout);   /* reserved (zero) before it was written */
    /* reserved in version 1, written as zeros */
    for (size_t i = b->pos - start; i < HEADER_V1_BYTES; i += 4) put_u32(b, 0);
    INR_ASSERT(b->pos - start == HEADER_V1_BYTES);
    if (keyed) {
        b->pos += inr_config_block_write(c, b->data + b->pos, b->size - b->pos);
        INR_ASSERT(b->pos - start == header_bytes_for(version));
        return;
    }
    /* version 2: grids (METHODS 2.3/2.4), NSTR, HC-INR, precision */
    inr_config_slots_write(c, SLOTS_V2, v2, N_SLOTS_V2);
    for (int i = 0; i < N_SLOTS_V2; i++) put_u32(b, v2[i]);
    for (size_t i = b->pos - start; i < HEADER_V2_BYTES; i += 4) put_u32(b, 0);
    INR_ASSERT(b->pos - start == HEADER_V2_BYTES);
}

static inr_status write_version(FILE *f, const char *path, const inr_model *m,
                                const inr_fit_info *info, const inr_optimizer_state *opt,
                                int version)
{
    INR_ASSERT(version == 2 || version == 3);
    /* A key newer than version 2 whose value such a file could not mean. */
    const inr_hparam *list;
    int nh = inr_hparams_of(m->cfg.kind, &list);
    for (int i = 0; version < 3 && i < nh; i++)
        if (list[i].has_absent && inr_hparam_get(&list[i], &m->cfg) != list[i].absent)
            return inr_fail(INR_ERR_INVALID, "checkpoint version %d cannot hold %s %g",
                            version, list[i].key, inr_hparam_get(&list[i], &m->cfg));
    size_t n = m->n_params;
    size_t size = 16 + header_bytes_for(version) + 4 * n + 4;
    if (opt) size += 8 * n + OPTIMIZER_EXTRA_BYTES;
    bytes b = { malloc(size), size, 0, 0 };
    if (!b.data) return inr_fail(INR_ERR_NOMEM, "out of memory writing '%s'", path);
    put_header(&b, m, info, opt, version);
    put_f32s(&b, m->params, n);
    if (opt) {
        put_f32s(&b, opt->adam_m, n);
        put_f32s(&b, opt->adam_v, n);
        put_u64(&b, opt->step);
        for (int i = 0; i < 4; i++) put_u64(&b, opt->rng.s[i]);
        put_f32(&b, opt->lr);
        put_f32(&b, opt->beta1);
        put_f32(&b, opt->beta2);
        put_f32(&b, opt->eps);
        put_f32(&b, opt->lr_decay);
        put_u32(&b, (unsigned int)opt->lr_decay_every);
        put_u64(&b, (unsigned long long)opt->batch);
    }
    put_u32(&b, inr_crc32(0, b.data, b.pos));
    INR_ASSERT(b.pos == size);
    inr_status st = INR_OK;
    if (fwrite(b.data, 1, size, f) != size)
        st = inr_fail(INR_ERR_IO, "cannot write '%s': %s", path, strerror(errno));
    free(b.data);
    return st;
}

inr_status inr_checkpoint_write(FILE *f, const char *path, const inr_model *m,
                                const inr_fit_info *info, const inr_optimizer_state *opt)
{
    return write_version(f, path, m, info, opt, INR_CHECKPOINT_VERSION);
}

inr_status inr_checkpoint_save_version(const char *path, const inr_model *m,
                                       const inr_fit_info *info,
                                       const inr_optimizer_state *opt, int version)
{
    atomic_file af;
    inr_status st = atomic_open(path, &af);
    if (st) return st;
    st = write_version(af.file, path, m, info, opt, version ? version : INR_CHECKPOINT_VERSION);
    if (st) {
        atomic_abort(&af);
        return st;
    }
    return atomic_commit(&af);
}

inr_status inr_checkpoint_save(const char *path, const inr_model *m,
                               const inr_fit_info *info, const inr_optimizer_state *opt)
{
    return inr_checkpoint_save_version(path, m, info, opt, 0);
}

/* --- reading ---------------------------------------------------------- */

static inr_status bad(const char *why) { return inr_fail(INR_ERR_FORMAT, "%s", why); }

/* Magic, version and header size: the first 16 bytes. */
static inr_status check_prefix(const unsigned char *data, size_t size, unsigned int *version,
                               unsigned int *header_bytes)
{
    if (size < 8 || memcmp(data, MAGIC, 8) != 0) return bad("not an inrfit checkpoint (bad magic)");
    bytes b = { (unsigned char *)data, size, 8, 0 };
    *version = get_u32(&b);
    *header_bytes = get_u32(&b);
    if (b.overrun) return bad("truncated checkpoint");
    if (*version < 1 || *version > INR_CHECKPOINT_VERSION)
        return inr_fail(INR_ERR_FORMAT, "unsupported checkpoint version %u (this inrfit reads 1..%d)",
                        *version, INR_CHECKPOINT_VERSION);
    if (*version <= 2 ? *header_bytes != (*version == 1 ? HEADER_V1_BYTES : HEADER_V2_BYTES)
                      : *header_bytes < HEADER_V1_BYTES || *header_bytes > HEADER_MAX_BYTES)
        return bad("corrupt checkpoint header");
    return INR_OK;
}

/* Whether name is a FreSh choice: kind's FreSh parameter or a
 * hyper-parameter's key. */
static int known_fresh_param(const char *name, inr_model_kind kind)
{
    const inr_fresh_param *p = inr_fresh_param_for(kind);
    return (p && strcmp(name, p->name) == 0) || inr_hparam_index(name) >= 0;
}

/* The fit info's fields that the layout does not check (c: the model). */
static inr_status check_info(const inr_fit_info *info, const inr_config *c)
{
    const char *why = NULL;
    char what[64] = "";
    if (info->step < 0)
        return inr_fail(INR_ERR_FORMAT, "step %ld is negative", info->step);
    if (info->bit_depth < 1 || info->bit_depth > MAX_BIT_DEPTH)
        return inr_fail(INR_ERR_FORMAT, "bit depth %u is not 1..%d",
                        (unsigned int)info->bit_depth, MAX_BIT_DEPTH);
    if (info->kind == INR_SIGNAL_AUDIO && info->sample_rate < 1)
        return inr_fail(INR_ERR_FORMAT, "sample rate %u is not 1..%d",
                        (unsigned int)info->sample_rate, INT_MAX);
    if (c->init != INR_INIT_DEFAULT && c->init != INR_INIT_WINNER)
        return inr_fail(INR_ERR_FORMAT, "unknown initialisation %u", (unsigned int)c->init);
    if (!isfinite(c->winner_s0)) why = "winner_s0";
    else if (!isfinite(c->winner_s1)) why = "winner_s1";
    else if (!isfinite(info->spectral_centroid)) why = "spectral centroid";
    else if (!isfinite(info->fresh_value)) why = "FreSh value";
    else if (!isfinite(info->value_offset)) why = "value offset";
    if (why) return inr_fail(INR_ERR_FORMAT, "%s is not finite", why);
    if (!(info->holdout >= 0 && info->holdout <= INR_HOLDOUT_MAX))
        return inr_fail(INR_ERR_FORMAT, "held-out fraction %g is not 0..%g", info->holdout,
                        INR_HOLDOUT_MAX);
    if (!isfinite(info->value_scale) || info->value_scale == 0)
        return inr_fail(INR_ERR_FORMAT, "value scale %g is not finite and nonzero",
                        info->value_scale);
    if (info->fresh_param[0] && !known_fresh_param(info->fresh_param, c->kind)) {
        for (size_t i = 0; info->fresh_param[i] && i + 1 < sizeof what; i++) {
            char ch = info->fresh_param[i];
            what[i] = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' ? ch : '?';
        }
        return inr_fail(INR_ERR_FORMAT, "unknown FreSh hyper-parameter '%s'", what);
    }
    return INR_OK;
}

/* The header after the first 16 bytes (data holds at least 16 +
 * header_bytes): m gets the configuration and layout (nothing allocated),
 * *expect the file size they imply. */
static inr_status parse_header(const unsigned char *data, size_t size, unsigned int version,
                               unsigned int header_bytes, inr_model *m, inr_fit_info *info,
                               int *has_optimizer, size_t *expect)
{
    bytes b = { (unsigned char *)data, size, 16, 0 };
    inr_config c;
    memset(&c, 0, sizeof c);
    c.kind = get_u32(&b);
    c.in_dim = (int)get_u32(&b);
    c.out_dim = (int)get_u32(&b);
    unsigned int slots[N_SLOTS_V1 + N_SLOTS_V2];
    for (int i = 0; i < N_SLOTS_V1; i++) slots[i] = get_u32(&b);
    c.init = get_u32(&b);
    c.winner_s0 = get_f32(&b);
    c.winner_s1 = get_f32(&b);
    c.seed = get_u64(&b);
    info->kind = get_u32(&b);
    info->channels = (int)get_u32(&b);
    info->height = (long)get_u64(&b);
    info->width = (long)get_u64(&b);
    info->sample_rate = (int)get_u32(&b);
    info->bit_depth = (int)get_u32(&b);
    info->value_scale = get_f32(&b);
    info->value_offset = get_f32(&b);
    info->step = (long)get_u64(&b);
    info->spectral_centroid = get_f32(&b);
    memcpy(info->fresh_param, b.data + b.pos, 16);
    b.pos += 16;
    info->fresh_param[15] = '\0';
    info->fresh_value = get_f32(&b);
    unsigned long long n_params = get_u64(&b);
    unsigned int flags = get_u32(&b);
    info->holdout = get_f32(&b);
    b.pos = 16 + HEADER_V1_BYTES;
    if (version == 1) {
        /* Version 1 held only SIREN and FFN: the newer fields take their
         * defaults. */
        if ((int)c.kind < 1 || (int)c.kind > V1_LAST_KIND)
            return bad("version-1 checkpoint names a model kind it cannot hold");
        inr_config_slots_read(&c, SLOTS_V1, slots, N_SLOTS_V1);
    } else if (version >= 3) {
        inr_status cst = inr_config_block_read(&c, b.data + b.pos, header_bytes - HEADER_V1_BYTES);
        if (cst) return cst;
    } else {
        const char *keys[N_SLOTS_V1 + N_SLOTS_V2];
        for (int i = 0; i < N_SLOTS_V1; i++) keys[i] = SLOTS_V1[i];
        for (int i = 0; i < N_SLOTS_V2; i++) {
            keys[N_SLOTS_V1 + i] = SLOTS_V2[i];
            /* precision was reserved (zero: fp32) before it was written */
            slots[N_SLOTS_V1 + i] = get_u32(&b);
        }
        inr_config_slots_read(&c, keys, slots, N_SLOTS_V1 + N_SLOTS_V2);
    }
    info->format_version = (int)version;

    if (info->kind != INR_SIGNAL_IMAGE && info->kind != INR_SIGNAL_AUDIO)
        return bad("checkpoint names an unknown signal kind");
    if (info->channels != c.out_dim || info->height < 1 || info->width < 1 ||
        info->height > (1L << 30) || info->width > (1L << 40) ||
        (flags & ~(unsigned int)FLAG_OPTIMIZER))
        return bad("checkpoint header is inconsistent");
    /* Render builds (N, in_dim) coordinates from the signal kind: images are
     * 2-D, audio 1-D (height 1) with a sample rate. */
    if (info->kind == INR_SIGNAL_IMAGE ? c.in_dim != 2 : c.in_dim != 1 || info->height != 1)
        return bad("checkpoint model does not match its signal");
    inr_status st = check_info(info, &c);
    if (st) return st;
    /* The size is checked against the layout before anything is allocated,
     * so a short file cannot ask for gigabytes. */
    if (inr_model_layout(m, &c))
        return inr_fail(INR_ERR_FORMAT, "checkpoint holds an invalid model: %s", inr_error());
    size_t n = m->n_params;
    if (n_params != n) return bad("checkpoint size does not match its model");
    *has_optimizer = (flags & FLAG_OPTIMIZER) != 0;
    *expect = 16 + (size_t)header_bytes + 4 * n + 4 + (*has_optimizer ? 8 * n + OPTIMIZER_EXTRA_BYTES : 0);
    return INR_OK;
}

/* Whether the n little-endian floats at p are finite. */
static int floats_finite(const unsigned char *p, size_t n)
{
    bytes b = { (unsigned char *)p, 4 * n, 0, 0 };
    for (size_t i = 0; i < n; i++)
        if (!isfinite(get_f32(&b))) return 0;
    return 1;
}

/* Whether any of the n little-endian floats at p is below zero. */
static int floats_negative(const unsigned char *p, size_t n)
{
    bytes b = { (unsigned char *)p, 4 * n, 0, 0 };
    for (size_t i = 0; i < n; i++)
        if (get_f32(&b) < 0) return 1;
    return 0;
}

/* The schedule's values: each in the range a fit can give it. */
static inr_status check_schedule(const inr_optimizer_state *o, long header_step)
{
    if (o->step < 0) return inr_fail(INR_ERR_FORMAT, "optimizer step %ld is negative", o->step);
    if (o->step != header_step)
        return inr_fail(INR_ERR_FORMAT, "optimizer step %ld differs from the header's step %ld",
                        o->step, header_step);
    const char *name = NULL, *range = NULL;
    float v = 0;
    if (!(isfinite(o->lr) && o->lr > 0)) name = "lr", v = o->lr, range = "finite and > 0";
    else if (!(o->beta1 >= 0 && o->beta1 < 1)) name = "beta1", v = o->beta1, range = "in [0, 1)";
    else if (!(o->beta2 >= 0 && o->beta2 < 1)) name = "beta2", v = o->beta2, range = "in [0, 1)";
    else if (!(isfinite(o->eps) && o->eps > 0)) name = "eps", v = o->eps, range = "finite and > 0";
    else if (!(o->lr_decay >= MIN_LR_DECAY && o->lr_decay <= 1))
        name = "lr_decay", v = o->lr_decay, range = "in [1e-06, 1]";
    if (name) return inr_fail(INR_ERR_FORMAT, "optimizer %s %g is not %s", name, v, range);
    if (o->lr_decay_every < 1)
        return inr_fail(INR_ERR_FORMAT, "optimizer lr_decay_every %u is not >= 1",
                        (unsigned int)o->lr_decay_every);
    if (o->batch < 0 || o->batch > MAX_BATCH)
        return inr_fail(INR_ERR_FORMAT, "optimizer batch %llu is not 0..%ld",
                        (unsigned long long)o->batch, MAX_BATCH);
    return INR_OK;
}

/* The optimizer block at data + at (the size checked) for n parameters:
 * the moments are checked where they lie, the rest read into *o (its
 * moments left NULL). */
static inr_status read_optimizer(const unsigned char *data, size_t at, size_t n,
                                 long header_step, inr_optimizer_state *o)
{
    const unsigned char *m = data + at, *v = m + 4 * n;
    if (!floats_finite(m, n) || !floats_finite(v, n))
        return bad("Adam state holds NaN or infinity");
    if (floats_negative(v, n)) return bad("Adam second moment holds a negative value");
    bytes b = { (unsigned char *)data, at + 8 * n + OPTIMIZER_EXTRA_BYTES, at + 8 * n, 0 };
    o->step = (long)get_u64(&b);
    for (int i = 0; i < 4; i++) o->rng.s[i] = get_u64(&b);
    o->lr = get_f32(&b);
    o->beta1 = get_f32(&b);
    o->beta2 = get_f32(&b);
    o->eps = get_f32(&b);
    o->lr_decay = get_f32(&b);
    o->lr_decay_every = (int)get_u32(&b);
    o->batch = (long)get_u64(&b);
    return check_schedule(o, header_step);
}

inr_status inr_checkpoint_parse(const unsigned char *data, size_t size, inr_model *m,
                                inr_fit_info *info, inr_optimizer_state *opt)
{
    memset(m, 0, sizeof *m);
    memset(info, 0, sizeof *info);
    if (opt) memset(opt, 0, sizeof *opt);
    unsigned int version = 0, header_bytes = 0;
    inr_status st = check_prefix(data, size, &version, &header_bytes);
    if (st) return st;
    if (size < 16 + (size_t)header_bytes + 4) return bad("truncated checkpoint");
    unsigned int stored_crc = data[size - 4] | (unsigned int)data[size - 3] << 8 |
                              (unsigned int)data[size - 2] << 16 | (unsigned int)data[size - 1] << 24;
    if (inr_crc32(0, data, size - 4) != stored_crc)
        return bad("checkpoint is truncated or corrupt (checksum mismatch)");

    int has_optimizer;
    size_t expect;
    if ((st = parse_header(data, size, version, header_bytes, m, info, &has_optimizer, &expect)))
        return st;
    if (size != expect)
        return bad(size < expect ? "truncated checkpoint" : "checkpoint size does not match its model");
    inr_config c = m->cfg;
    size_t n = m->n_params;
    size_t at = 16 + (size_t)header_bytes;   /* the parameters */
    inr_optimizer_state saved = { 0 };
    if (has_optimizer && (st = read_optimizer(data, at + 4 * n, n, info->step, &saved)))
        return st;
    bytes b = { (unsigned char *)data, size, at, 0 };
    if ((st = inr_model_create(m, &c))) return st;
    get_f32s(&b, m->params, n);
    if (has_optimizer && opt) {
        *opt = saved;
        opt->adam_m = malloc(n * sizeof(float));
        opt->adam_v = malloc(n * sizeof(float));
        if (!opt->adam_m || !opt->adam_v) {
            free(opt->adam_m);
            free(opt->adam_v);
            memset(opt, 0, sizeof *opt);
            inr_model_free(m);
            return inr_fail(INR_ERR_NOMEM, "out of memory reading the optimizer state");
        }
        get_f32s(&b, opt->adam_m, n);
        get_f32s(&b, opt->adam_v, n);
    }
    for (size_t i = 0; i < n; i++)
        if (!isfinite(m->params[i])) {
            inr_model_free(m);
            if (opt) { free(opt->adam_m); free(opt->adam_v); memset(opt, 0, sizeof *opt); }
            return bad("checkpoint parameters contain NaN or infinity");
        }
    return INR_OK;
}

/* Reads what the header declares and one byte more (which must not be
 * there), never more than a regular file holds: a stream of zeros or an
 * endless pipe fails after its first bytes. */
static inr_status read_checkpoint(FILE *f, unsigned char **data, size_t *size)
{
    unsigned char head[16 + HEADER_MAX_BYTES];
    unsigned int version = 0, header_bytes = 0;
    size_t got = fread(head, 1, 16, f);
    inr_status st = check_prefix(head, got, &version, &header_bytes);
    if (st) return st;
    got += fread(head + 16, 1, header_bytes, f);
    if (got < 16 + (size_t)header_bytes) return bad("truncated checkpoint");
    inr_model layout;
    inr_fit_info info;
    int has_optimizer;
    size_t expect;
    if ((st = parse_header(head, got, version, header_bytes, &layout, &info, &has_optimizer,
                           &expect)))
        return st;
    size_t cap = expect + 1;
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) && (size_t)sb.st_size < cap)
        cap = (size_t)sb.st_size > got ? (size_t)sb.st_size : got;
    if (!(*data = malloc(cap))) return inr_fail(INR_ERR_NOMEM, "out of memory reading a checkpoint");
    memcpy(*data, head, got);
    *size = got + fread(*data + got, 1, cap - got, f);
    if (ferror(f)) return inr_fail(INR_ERR_IO, "read error: %s", strerror(errno));
    if (*size > expect) return bad("checkpoint size does not match its model");
    return INR_OK;
}

inr_status inr_checkpoint_load(const char *path, inr_model *m, inr_fit_info *info,
                               inr_optimizer_state *opt)
{
    memset(m, 0, sizeof *m);
    memset(info, 0, sizeof *info);
    if (opt) memset(opt, 0, sizeof *opt);
    FILE *f = fopen(path, "rb");
    if (!f) return inr_fail(INR_ERR_IO, "cannot open '%s': %s", path, strerror(errno));
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        fclose(f);
        return inr_fail(INR_ERR_IO, "cannot open '%s': %s", path, strerror(EISDIR));
    }
    unsigned char *data = NULL;
    size_t size = 0;
    inr_status st = read_checkpoint(f, &data, &size);
    fclose(f);
    if (st == INR_OK) st = inr_checkpoint_parse(data, size, m, info, opt);
    free(data);
    if (st && st != INR_ERR_NOMEM) return inr_fail(st, "'%s': %s", path, inr_error());
    return st;
}
