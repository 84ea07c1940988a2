/* checkpoint.c - reading and writing .inr files (docs/CHECKPOINT.md). */
#include "checkpoint.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "atomic_file.h"
#include "checkpoint_config.h"
#include "fresh_param.h"

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
    put(b, MAGIC, 8);
    put_u32(b, (unsigned int)version);
    put_u32(b, (unsigned int)header_bytes_for(version));
    size_t start = b->pos;
    put_u32(b, c->kind);
    put_u32(b, c->in_dim);
    put_u32(b, c->out_dim);
    put_u32(b, keyed ? 0 : c->width);
    put_u32(b, keyed ? 0 : c->layers);
    put_f32(b, keyed ? 0 : c->w0);
    put_f32(b, keyed ? 0 : c->w0_first);
    put_f32(b, keyed ? 0 : c->sigma);
    put_u32(b, keyed ? 0 : c->mapping);
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
    /* reserved in version 1, written as zeros */
    for (size_t i = b->pos - start; i < HEADER_V1_BYTES; i += 4) put_u32(b, 0);
    INR_ASSERT(b->pos - start == HEADER_V1_BYTES);
    if (keyed) {
        b->pos += inr_config_block_write(c, b->data + b->pos, b->size - b->pos);
        INR_ASSERT(b->pos - start == header_bytes_for(version));
        return;
    }
    /* version 2: grids (SPEC 2.3/2.4), NSTR, HC-INR */
    put_u32(b, c->levels);
    put_u32(b, c->features);
    put_u32(b, c->log2_table);
    put_f32(b, c->base_res);
    put_f32(b, c->growth);
    put_f32(b, c->max_res);
    put_f32(b, c->grid_init);
    put_u32(b, c->bases);
    put_f32(b, c->lambda);
    put_u32(b, c->scales);
    put_u32(b, c->latent_res);
    put_u32(b, c->latent_features);
    put_u32(b, c->precision);
    for (size_t i = b->pos - start; i < HEADER_V2_BYTES; i += 4) put_u32(b, 0);
    INR_ASSERT(b->pos - start == HEADER_V2_BYTES);
}

static inr_status write_version(FILE *f, const char *path, const inr_model *m,
                                const inr_fit_info *info, const inr_optimizer_state *opt,
                                int version)
{
    INR_ASSERT(version == 2 || version == 3);
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

/* --- validation: every field a reader uses, each refusal naming it ---- */

/* The header's fields beyond the model's layout (inr_model_layout checks
 * those): what `info` shows and a resumed fit continues from. */
static inr_status check_fit_info(const inr_fit_info *info, const inr_config *c)
{
    if (info->step < 0) return inr_fail(INR_ERR_FORMAT, "step %ld is negative", info->step);
    if (info->bit_depth < 1 || info->bit_depth > 64)
        return inr_fail(INR_ERR_FORMAT, "source bit depth %d is not 1..64", info->bit_depth);
    if (c->init != INR_INIT_DEFAULT && c->init != INR_INIT_WINNER)
        return inr_fail(INR_ERR_FORMAT, "unknown initialisation %u", (unsigned)c->init);
    if (!isfinite(c->winner_s0) || !isfinite(c->winner_s1) || c->winner_s0 < 0 || c->winner_s1 < 0)
        return inr_fail(INR_ERR_FORMAT, "WINNER scales %g, %g are not finite and >= 0",
                        c->winner_s0, c->winner_s1);
    if (!isfinite(info->spectral_centroid) || info->spectral_centroid < 0)
        return inr_fail(INR_ERR_FORMAT, "spectral centroid %g is not finite and >= 0",
                        info->spectral_centroid);
    if (info->value_scale == 0)
        return inr_fail(INR_ERR_FORMAT, "value scale is 0");
    const inr_fresh_param *fresh = inr_fresh_param_for(c->kind);
    if (info->fresh_param[0] && (!fresh || strcmp(fresh->name, info->fresh_param) != 0))
        return inr_fail(INR_ERR_FORMAT, "FreSh parameter '%.15s' is not one of %s's",
                        info->fresh_param, inr_model_name(c->kind));
    if (!isfinite(info->fresh_value))
        return inr_fail(INR_ERR_FORMAT, "FreSh value is not finite");
    if (info->kind == INR_SIGNAL_AUDIO && info->sample_rate > 10000000)
        return inr_fail(INR_ERR_FORMAT, "sample rate %d Hz is over 10 MHz", info->sample_rate);
    return INR_OK;
}

/* The optimizer state's schedule, in the ranges `inrfit fit` accepts. */
static inr_status check_optimizer(const inr_optimizer_state *o)
{
    if (o->step < 0) return inr_fail(INR_ERR_FORMAT, "Adam step %ld is negative", o->step);
    if (!(isfinite(o->lr) && o->lr > 0))
        return inr_fail(INR_ERR_FORMAT, "learning rate %g is not finite and > 0", o->lr);
    if (!(o->beta1 >= 0 && o->beta1 < 1) || !(o->beta2 >= 0 && o->beta2 < 1))
        return inr_fail(INR_ERR_FORMAT, "Adam betas %g, %g are not in [0, 1)", o->beta1, o->beta2);
    if (!(isfinite(o->eps) && o->eps > 0))
        return inr_fail(INR_ERR_FORMAT, "Adam eps %g is not finite and > 0", o->eps);
    if (!(o->lr_decay > 0 && o->lr_decay <= 1))
        return inr_fail(INR_ERR_FORMAT, "learning-rate decay %g is not in (0, 1]", o->lr_decay);
    if (o->lr_decay_every < 1)
        return inr_fail(INR_ERR_FORMAT, "learning-rate decay interval %d is not >= 1",
                        o->lr_decay_every);
    if (o->batch < 0)
        return inr_fail(INR_ERR_FORMAT, "batch %ld is negative", o->batch);
    return INR_OK;
}

/* The Adam moments: m finite, v finite and >= 0. */
static inr_status check_moments(const float *m, const float *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(m[i]) || !isfinite(v[i]) || v[i] < 0)
            return inr_fail(INR_ERR_FORMAT, "Adam state holds NaN, infinity or a negative "
                                            "second moment (parameter %zu)", i);
    return INR_OK;
}

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
    c.width = (int)get_u32(&b);
    c.layers = (int)get_u32(&b);
    c.w0 = get_f32(&b);
    c.w0_first = get_f32(&b);
    c.sigma = get_f32(&b);
    c.mapping = (int)get_u32(&b);
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
    b.pos = 16 + HEADER_V1_BYTES;
    if (version == 1) {
        /* Version 1 held only SIREN and FFN: the newer fields take their
         * defaults. */
        inr_config def = inr_config_default(c.kind, c.in_dim, c.out_dim);
        c.levels = def.levels;
        c.features = def.features;
        c.log2_table = def.log2_table;
        c.base_res = def.base_res;
        c.growth = def.growth;
        c.max_res = def.max_res;
        c.grid_init = def.grid_init;
        c.bases = def.bases;
        c.lambda = def.lambda;
        c.scales = def.scales;
        c.latent_res = def.latent_res;
        c.latent_features = def.latent_features;
        if ((int)c.kind < 1 || (int)c.kind > V1_LAST_KIND)
            return bad("version-1 checkpoint names a model kind it cannot hold");
    } else if (version >= 3) {
        inr_status st = inr_config_block_read(&c, b.data + b.pos, header_bytes - HEADER_V1_BYTES);
        if (st) return st;
    } else {
        c.levels = (int)get_u32(&b);
        c.features = (int)get_u32(&b);
        c.log2_table = (int)get_u32(&b);
        c.base_res = get_f32(&b);
        c.growth = get_f32(&b);
        c.max_res = get_f32(&b);
        c.grid_init = get_f32(&b);
        c.bases = (int)get_u32(&b);
        c.lambda = get_f32(&b);
        c.scales = (int)get_u32(&b);
        c.latent_res = (int)get_u32(&b);
        c.latent_features = (int)get_u32(&b);
        c.precision = get_u32(&b); /* reserved (zero: fp32) before it was written */
    }
    info->format_version = (int)version;

    if (info->kind != INR_SIGNAL_IMAGE && info->kind != INR_SIGNAL_AUDIO)
        return bad("checkpoint names an unknown signal kind");
    if (info->channels != c.out_dim || info->height < 1 || info->width < 1 ||
        info->height > (1L << 30) || info->width > (1L << 40) ||
        !isfinite(info->value_scale) || !isfinite(info->value_offset) ||
        (flags & ~(unsigned int)FLAG_OPTIMIZER))
        return bad("checkpoint header is inconsistent");
    /* Render builds (N, in_dim) coordinates from the signal kind: images are
     * 2-D, audio 1-D (height 1) with a sample rate. */
    if (info->kind == INR_SIGNAL_IMAGE
            ? c.in_dim != 2
            : c.in_dim != 1 || info->height != 1 || info->sample_rate < 1)
        return bad("checkpoint model does not match its signal");
    /* The size is checked against the layout before anything is allocated,
     * so a short file cannot ask for gigabytes. */
    if (inr_model_layout(m, &c))
        return inr_fail(INR_ERR_FORMAT, "checkpoint holds an invalid model: %s", inr_error());
    size_t n = m->n_params;
    if (n_params != n) return bad("checkpoint size does not match its model");
    inr_status st = check_fit_info(info, &c);
    if (st) return st;
    *has_optimizer = (flags & FLAG_OPTIMIZER) != 0;
    *expect = 16 + (size_t)header_bytes + 4 * n + 4 + (*has_optimizer ? 8 * n + OPTIMIZER_EXTRA_BYTES : 0);
    return INR_OK;
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
    bytes b = { (unsigned char *)data, size, 16 + (size_t)header_bytes, 0 };
    if ((st = inr_model_create(m, &c))) return st;
    get_f32s(&b, m->params, n);
    if (has_optimizer) {
        /* Read and checked also when the caller does not keep it (info). */
        inr_optimizer_state local = { 0 }, *o = opt ? opt : &local;
        o->adam_m = malloc(n * sizeof(float));
        o->adam_v = malloc(n * sizeof(float));
        if (!o->adam_m || !o->adam_v) {
            free(o->adam_m);
            free(o->adam_v);
            memset(o, 0, sizeof *o);
            inr_model_free(m);
            return inr_fail(INR_ERR_NOMEM, "out of memory reading the optimizer state");
        }
        get_f32s(&b, o->adam_m, n);
        get_f32s(&b, o->adam_v, n);
        o->step = (long)get_u64(&b);
        for (int i = 0; i < 4; i++) o->rng.s[i] = get_u64(&b);
        o->lr = get_f32(&b);
        o->beta1 = get_f32(&b);
        o->beta2 = get_f32(&b);
        o->eps = get_f32(&b);
        o->lr_decay = get_f32(&b);
        o->lr_decay_every = (int)get_u32(&b);
        o->batch = (long)get_u64(&b);
        if ((st = check_moments(o->adam_m, o->adam_v, n)) == INR_OK) st = check_optimizer(o);
        if (st || !opt) {
            free(o->adam_m);
            free(o->adam_v);
            memset(o, 0, sizeof *o);
        }
        if (st) {
            inr_model_free(m);
            return st;
        }
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
