/* test_checkpoint_v3.c - checkpoint format version 3, the configuration by
 * key: every hyper-parameter of every kind round trips (each set away from
 * its default, so a lost key would show), a version-2 file of the same
 * model still loads to the same configuration, unknown keys are skipped, a
 * missing key takes the kind's default, and malformed records are
 * refused. */
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "checkpoint.h"
#include "hparams.h"

static const inr_fit_info INFO = { INR_SIGNAL_IMAGE, 2, 8, 8, 0, 8, 0.5f, 0.5f, 5, 0, "", 0, 0, 0 };

/* kind's defaults with each hyper-parameter it uses moved off its default,
 * small enough to lay out quickly. */
static inr_config moved(inr_model_kind kind)
{
    inr_config c = inr_config_default(kind, 2, 2);
    const inr_hparam *list;
    int n = inr_hparams_of(kind, &list);
    for (int i = 0; i < n; i++) {
        const inr_hparam *h = &list[i];
        double v = inr_hparam_get(h, &c);
        if (h->type == INR_HP_INT) v = v > h->lo + 1 || v + 1 > h->hi ? v - 1 : v + 1;
        else v = v > 0 ? v * 1.25 : 100;
        inr_hparam_set(h, &c, v);
    }
    c.width = 12;   /* smaller than any default */
    if (c.grid.log2_table) c.grid.log2_table = 10;
    return c;
}

/* m saved in version to a temporary file: its bytes, or NULL (*st says
 * why) when the save failed, which must leave no file. */
static unsigned char *try_saved_bytes(const inr_model *m, int version, size_t *size,
                                      inr_status *st)
{
    char dir[] = "/tmp/inrfit-ckpt3-XXXXXX", path[256];
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    snprintf(path, sizeof path, "%s/m.inr", dir);
    *st = inr_checkpoint_save_version(path, m, &INFO, NULL, version);
    unsigned char *data = NULL;
    if (*st == INR_OK) data = read_file_bytes(path, size);
    else CHECK(access(path, F_OK) != 0, "a failed version-%d save left %s", version, path);
    unlink(path);
    rmdir(dir);
    return data;
}

static unsigned char *saved_bytes(const inr_model *m, int version, size_t *size)
{
    inr_status st;
    unsigned char *data = try_saved_bytes(m, version, size, &st);
    CHECK(st == INR_OK, "%s", inr_error());
    return data;
}

static void put_u32(unsigned char *p, unsigned int v)
{
    for (int k = 0; k < 4; k++) p[k] = (unsigned char)(v >> (8 * k));
}

/* Replaces bytes [at, at + cut) of a checkpoint with add (len bytes) and
 * fixes the header size and CRC; parses the result into *back. */
static inr_status spliced(const unsigned char *data, size_t size, size_t at, size_t cut,
                          const void *add, size_t len, inr_model *back)
{
    size_t n = size - cut + len;
    unsigned char *d = malloc(n);
    memcpy(d, data, at);
    if (len) memcpy(d + at, add, len);   /* add may be NULL when nothing is added */
    memcpy(d + at + len, data + at + cut, size - at - cut);
    unsigned int header = data[12] | (unsigned int)data[13] << 8;
    put_u32(d + 12, (unsigned int)(header - cut + len));
    put_u32(d + n - 4, inr_crc32(0, d, n - 4));
    inr_fit_info info;
    inr_status st = inr_checkpoint_parse(d, n, back, &info, NULL);
    free(d);
    return st;
}

/* Offset of the record with key in a version-3 file, and its length. */
static size_t record(const unsigned char *data, const char *key, size_t *len)
{
    size_t end = 16 + (data[12] | (size_t)data[13] << 8);
    for (size_t pos = 16 + 148; pos < end; pos += 6 + data[pos])
        if (data[pos] == strlen(key) && memcmp(data + pos + 1, key, data[pos]) == 0) {
            *len = 6 + data[pos];
            return pos;
        }
    return 0;
}

/* m saved in version and parsed back: the same configuration and weights. */
static void check_round_trip(const inr_model *m, int version, const char *name)
{
    inr_model back;
    size_t size;
    unsigned char *data = saved_bytes(m, version, &size);
    inr_fit_info info;
    CHECK(inr_checkpoint_parse(data, size, &back, &info, NULL) == INR_OK, "%s v%d: %s", name,
          version, inr_error());
    CHECK(info.format_version == version, "%s: version %d", name, info.format_version);
    CHECK(memcmp(&back.cfg, &m->cfg, sizeof m->cfg) == 0, "%s v%d: configuration differs", name,
          version);
    const inr_hparam *h;
    for (int i = 0; (h = inr_hparam_at(i)); i++)
        CHECK(inr_hparam_get(h, &back.cfg) == inr_hparam_get(h, &m->cfg), "%s v%d: %s %g, saved %g",
              name, version, h->key, inr_hparam_get(h, &back.cfg), inr_hparam_get(h, &m->cfg));
    CHECK(memcmp(back.params, m->params, m->n_params * sizeof(float)) == 0, "%s v%d params", name,
          version);
    inr_model_free(&back);
    free(data);
}

static void check_kind(inr_model_kind kind)
{
    const char *name = inr_model_name(kind);
    inr_config cfg = moved(kind);
    inr_model m;
    CHECK(inr_model_create(&m, &cfg) == INR_OK, "%s: %s", name, inr_error());
    inr_model_init(&m);
    check_round_trip(&m, 3, name);
    if (kind == INR_MODEL_NSTR) {
        /* Version 2 has no key for transport_x: a file of it means F_theta
         * of x and S, so another value is refused, that one kept. Nor for
         * phase_field: such a file's S holds amplitudes only. */
        const int refused[3][2] = { { 0, 0 }, { 1, 1 }, { 0, 1 } };  /* transport_x, phase_field */
        for (int r = 0; r < 3; r++) {
            inr_model_free(&m);
            cfg.nstr.transport_x = refused[r][0];
            cfg.nstr.phase_field = refused[r][1];
            CHECK(inr_model_create(&m, &cfg) == INR_OK, "%s: %s", name, inr_error());
            inr_model_init(&m);
            check_round_trip(&m, 3, name);
            size_t size;
            inr_status st;
            unsigned char *data = try_saved_bytes(&m, 2, &size, &st);
            CHECK(st == INR_ERR_INVALID && !data,
                  "nstr v2 with transport_x %d, phase_field %d was written", refused[r][0],
                  refused[r][1]);
            free(data);
        }
        inr_model_free(&m);
        cfg.nstr.transport_x = 1;
        cfg.nstr.phase_field = 0;
        CHECK(inr_model_create(&m, &cfg) == INR_OK, "%s: %s", name, inr_error());
        inr_model_init(&m);
    }
    check_round_trip(&m, 2, name);
    inr_model_free(&m);
}

static void check_records(void)
{
    inr_config cfg = moved(INR_MODEL_NSTR);
    inr_model m, back;
    CHECK(inr_model_create(&m, &cfg) == INR_OK, "%s", inr_error());
    inr_model_init(&m);
    size_t size, len;
    unsigned char *data = saved_bytes(&m, 3, &size);
    /* An unknown key is skipped. */
    const unsigned char extra[] = { 5, 'f', 'u', 't', 'u', 'r', 'f', 0, 0, 0x80, 0x3f };
    CHECK(spliced(data, size, 16 + 148, 0, extra, sizeof extra, &back) == INR_OK, "unknown key: %s",
          inr_error());
    CHECK(memcmp(&back.cfg, &m.cfg, sizeof m.cfg) == 0, "unknown key changed the configuration");
    inr_model_free(&back);
    /* A missing key takes the kind's default (lambda does not change the
     * layout). */
    size_t at = record(data, "lambda", &len);
    CHECK(at > 0, "no lambda record");
    CHECK(spliced(data, size, at, len, NULL, 0, &back) == INR_OK, "missing lambda: %s", inr_error());
    CHECK(back.cfg.nstr.lambda == inr_config_default(INR_MODEL_NSTR, 2, 2).nstr.lambda, "lambda %g",
          back.cfg.nstr.lambda);
    inr_model_free(&back);
    /* Twice the same key, a wrong type, a bad key, a cut record: refused. */
    unsigned char rec[64];
    memcpy(rec, data + at, len);
    CHECK(spliced(data, size, at, 0, rec, len, &back) != INR_OK, "duplicate key accepted");
    rec[len - 5] = 'i';
    CHECK(spliced(data, size, at, len, rec, len, &back) != INR_OK, "wrong type accepted");
    rec[len - 5] = 'x';
    CHECK(spliced(data, size, at, len, rec, len, &back) != INR_OK, "unknown type accepted");
    memcpy(rec, data + at, len);
    rec[1] = 'L';
    CHECK(spliced(data, size, at, len, rec, len, &back) != INR_OK, "upper-case key accepted");
    CHECK(spliced(data, size, at, len, rec, len - 2, &back) != INR_OK, "cut record accepted");
    rec[0] = 0;
    CHECK(spliced(data, size, at, len, rec, len, &back) != INR_OK, "empty key accepted");
    rec[0] = 200;
    CHECK(spliced(data, size, at, len, rec, len, &back) != INR_OK, "long key accepted");
    /* A header size past the block limit. */
    put_u32(data + 12, 148 + 5000);
    put_u32(data + size - 4, inr_crc32(0, data, size - 4));
    inr_fit_info info;
    CHECK(inr_checkpoint_parse(data, size, &back, &info, NULL) != INR_OK, "huge header accepted");
    free(data);
    inr_model_free(&m);
}

int main(void)
{
    for (int k = 1; k <= inr_kind_count(); k++) check_kind((inr_model_kind)k);
    check_records();
    return check_result();
}
