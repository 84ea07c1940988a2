/* test_config_parts.c - each kind's hyper-parameters in its own part of
 * inr_config (inr/model.h), so that no field means two things:
 * - --sigma sets the FFN's std of B and NSTR's std of Omega, two fields:
 *   giving it for one kind leaves the other kind's field at its default,
 *   and every option moves only its own field;
 * - an NSTR checkpoint from before omega_std had its key (the std of Omega
 *   under "sigma") loads into omega_std: a file the old writer wrote
 *   (tests/data/checkpoints/nstr_v3_sigma.inr: `inrfit fit
 *   assets/camera_128.png --model nstr --fresh-grid 77 --bases 2 --levels 1
 *   --base-res 4 --max-res 4 --width 4 --layers 1 --lambda 0.5 --steps 1
 *   --no-optimizer-state`), and version-3 and version-2 files made here;
 *   NSTR now writes omega_std, which wins over a "sigma" record;
 * - an export's metadata holds its kind's hyper-parameters only;
 * - the library's option "sigma" still sets NSTR's std of Omega;
 * - no help line of a descriptor names a kind (`fit --help` adds them).
 * It reads the fields through the descriptors (hparams.h) only. */
#include <ctype.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "checkpoint.h"
#include "fit_options.h"
#include "hparams.h"
#include "inr.h"
#include "safetensors.h"

static const inr_fit_info INFO = { INR_SIGNAL_IMAGE, 1, 8, 8, 0, 8, 0.5f, 0.5f, 5, 0, "", 0, 0 };

/* kind's own descriptor with option, or NULL. */
static const inr_hparam *own(inr_model_kind kind, const char *option)
{
    const inr_hparam *list;
    int n = inr_hparams_of(kind, &list);
    for (int i = 0; i < n; i++)
        if (list[i].option && strcmp(list[i].option, option) == 0) return &list[i];
    return NULL;
}

/* The table's descriptor with key, or NULL. */
static const inr_hparam *by_key(const char *key)
{
    int i = inr_hparam_index(key);
    return i >= 0 ? inr_hparam_at(i) : NULL;
}

/* fit_options_parse of "in.png --model kind opt value" applied to kind's
 * image defaults. */
static inr_config given(inr_model_kind kind, const char *opt, const char *value)
{
    char *argv[] = { "in.png", "--model", (char *)inr_model_name(kind), (char *)opt,
                     (char *)value };
    fit_options o;
    CHECK(fit_options_parse(5, argv, &o) == 0, "--model %s %s %s refused", argv[2], opt, value);
    inr_config c = inr_config_default(kind, 2, 3);
    model_options_apply(&o.models, &c);
    return c;
}

static void check_sigma_fields(void)
{
    const inr_hparam *b = own(INR_MODEL_FFN, "--sigma"), *omega = own(INR_MODEL_NSTR, "--sigma");
    CHECK(b && omega, "--sigma is not in the FFN's and NSTR's lists");
    if (!b || !omega) return;
    CHECK(strcmp(b->key, omega->key) != 0 && b->offset != omega->offset,
          "--sigma: the FFN's %s and NSTR's %s are one field", b->key, omega->key);
    CHECK(strcmp(b->help, omega->help) != 0, "--sigma: one help line for two fields");
    inr_config ffn_default = inr_config_default(INR_MODEL_FFN, 2, 3);
    inr_config nstr_default = inr_config_default(INR_MODEL_NSTR, 2, 3);
    inr_config c = given(INR_MODEL_FFN, "--sigma", "5");
    CHECK(inr_hparam_get(b, &c) == 5, "ffn --sigma 5: B's std %g", inr_hparam_get(b, &c));
    CHECK(inr_hparam_get(omega, &c) == inr_hparam_get(omega, &ffn_default),
          "ffn --sigma 5 moved NSTR's %s to %g", omega->key, inr_hparam_get(omega, &c));
    c = given(INR_MODEL_NSTR, "--sigma", "7");
    CHECK(inr_hparam_get(omega, &c) == 7, "nstr --sigma 7: Omega's std %g",
          inr_hparam_get(omega, &c));
    CHECK(inr_hparam_get(b, &c) == inr_hparam_get(b, &nstr_default),
          "nstr --sigma 7 moved the FFN's %s to %g", b->key, inr_hparam_get(b, &c));
}

/* Every kind's every option moves its own field and no other (but the one
 * it excludes). */
static void check_options_own_field(void)
{
    for (int k = 1; k <= inr_kind_count(); k++) {
        const inr_hparam *list;
        int n = inr_hparams_of((inr_model_kind)k, &list);
        inr_config def = inr_config_default((inr_model_kind)k, 2, 3);
        for (int i = 0; i < n; i++) {
            const inr_hparam *h = &list[i];
            if (!h->option) continue;
            char text[32];
            snprintf(text, sizeof text, "%g", h->type == INR_HP_INT ? h->lo + 1 : h->lo + 0.25);
            inr_config c = given((inr_model_kind)k, h->option, text);
            const inr_hparam *g;
            for (int j = 0; (g = inr_hparam_at(j)); j++) {
                if (g->offset == h->offset || (h->excludes && strcmp(g->key, h->excludes) == 0))
                    continue;
                CHECK(inr_hparam_get(g, &c) == inr_hparam_get(g, &def), "%s %s %s moved %s",
                      inr_model_name((inr_model_kind)k), h->option, text, g->key);
            }
        }
    }
}

static unsigned char *saved_bytes(const inr_model *m, int version, size_t *size)
{
    char dir[] = "/tmp/inrfit-parts-XXXXXX", path[256];
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    snprintf(path, sizeof path, "%s/m.inr", dir);
    CHECK(inr_checkpoint_save_version(path, m, &INFO, NULL, version) == INR_OK, "%s", inr_error());
    unsigned char *data = read_file_bytes(path, size);
    unlink(path);
    rmdir(dir);
    return data;
}

static void put_u32(unsigned char *p, unsigned int v)
{
    for (int k = 0; k < 4; k++) p[k] = (unsigned char)(v >> (8 * k));
}

static void put_f32(unsigned char *p, float f)
{
    unsigned int v;
    memcpy(&v, &f, 4);
    put_u32(p, v);
}

static float get_f32(const unsigned char *p)
{
    unsigned int v =
        p[0] | (unsigned int)p[1] << 8 | (unsigned int)p[2] << 16 | (unsigned int)p[3] << 24;
    float f;
    memcpy(&f, &v, 4);
    return f;
}

/* Offset of the record with key in a version-3 file (0: none), its length. */
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

/* data with bytes [at, at + cut) replaced by add (len bytes), the header
 * size and CRC fixed, parsed into *back. */
static inr_status spliced(const unsigned char *data, size_t size, size_t at, size_t cut,
                          const void *add, size_t len, inr_model *back)
{
    size_t n = size - cut + len;
    unsigned char *d = malloc(n);
    memcpy(d, data, at);
    if (len) memcpy(d + at, add, len);
    memcpy(d + at + len, data + at + cut, size - at - cut);
    unsigned int header = data[12] | (unsigned int)data[13] << 8;
    put_u32(d + 12, (unsigned int)(header - cut + len));
    put_u32(d + n - 4, inr_crc32(0, d, n - 4));
    inr_fit_info info;
    inr_status st = inr_checkpoint_parse(d, n, back, &info, NULL);
    free(d);
    return st;
}

/* The checkpoint the writer of before wrote: NSTR's std of Omega 77 under
 * "sigma", no "omega_std". */
static void check_old_file(const inr_hparam *b, const inr_hparam *omega)
{
    char path[512];
    data_path(path, sizeof path, "checkpoints/nstr_v3_sigma.inr");
    inr_model m;
    inr_fit_info info;
    CHECK(inr_checkpoint_load(path, &m, &info, NULL) == INR_OK, "%s", inr_error());
    inr_config def = inr_config_default(INR_MODEL_NSTR, 2, 1);
    const inr_hparam *bases = by_key("bases"), *lambda = by_key("lambda");
    CHECK(m.cfg.kind == INR_MODEL_NSTR && info.format_version == 3, "kind %d version %d",
          (int)m.cfg.kind, info.format_version);
    CHECK(inr_hparam_get(omega, &m.cfg) == 77, "old file: Omega's std %g, want 77",
          inr_hparam_get(omega, &m.cfg));
    CHECK(inr_hparam_get(b, &m.cfg) == inr_hparam_get(b, &def), "old file: the FFN's %s %g",
          b->key, inr_hparam_get(b, &m.cfg));
    CHECK(bases && lambda && inr_hparam_get(bases, &m.cfg) == 2 &&
              inr_hparam_get(lambda, &m.cfg) == 0.5f,
          "old file: bases, lambda");
    /* Written before transport_x: its F_theta saw x, whatever today's default. */
    CHECK(m.cfg.nstr.transport_x == 1, "old file: transport_x %d, want 1",
          m.cfg.nstr.transport_x);
    /* ... and its S held amplitudes only. */
    CHECK(m.cfg.nstr.phase_field == 0, "old file: phase_field %d, want 0", m.cfg.nstr.phase_field);
    CHECK(strcmp(info.fresh_param, "sigma") == 0 && info.fresh_value == 77,
          "old file's FreSh: %s %g", info.fresh_param, info.fresh_value);
    /* Written again, it keeps the value under its own key. */
    size_t size, len;
    unsigned char *data = saved_bytes(&m, 3, &size);
    inr_model back;
    size_t at = record(data, omega->key, &len);
    CHECK(at && get_f32(data + at + len - 4) == 77, "rewritten: no %s 77", omega->key);
    CHECK(inr_checkpoint_parse(data, size, &back, &info, NULL) == INR_OK, "%s", inr_error());
    CHECK(inr_hparam_get(omega, &back.cfg) == 77, "rewritten: %g",
          inr_hparam_get(omega, &back.cfg));
    inr_model_free(&back);
    free(data);
    inr_model_free(&m);
}

static void check_checkpoint_keys(void)
{
    const inr_hparam *b = own(INR_MODEL_FFN, "--sigma"), *omega = own(INR_MODEL_NSTR, "--sigma");
    if (!b || !omega) return;
    check_old_file(b, omega);
    inr_config cfg = inr_config_default(INR_MODEL_NSTR, 2, 1);
    cfg.width = 4;
    inr_hparam_set(by_key("bases"), &cfg, 2);
    inr_hparam_set(by_key("levels"), &cfg, 1);
    inr_hparam_set(by_key("base_res"), &cfg, 4);
    inr_hparam_set(by_key("max_res"), &cfg, 4);
    inr_hparam_set(omega, &cfg, 33);
    cfg.nstr.phase_field = 0;   /* a layout version 2 can hold */
    float b_default = (float)inr_hparam_get(b, &cfg);
    inr_model m, back;
    CHECK(inr_model_create(&m, &cfg) == INR_OK, "%s", inr_error());
    inr_model_init(&m);

    /* Version 3: NSTR's own key; "sigma", if written, is the FFN's field. */
    size_t size, len, slen = 0;
    unsigned char *data = saved_bytes(&m, 3, &size);
    size_t at = record(data, "omega_std", &len), sat = record(data, "sigma", &slen);
    CHECK(at && get_f32(data + at + len - 4) == 33, "no omega_std 33 record");
    CHECK(!sat || get_f32(data + sat + slen - 4) == b_default,
          "an NSTR file's sigma record holds %g", sat ? get_f32(data + sat + slen - 4) : 0);
    if (at && sat) {
        size_t block_end = 16 + (data[12] | (size_t)data[13] << 8);
        unsigned char rec[64];
        memcpy(rec, data + sat, slen);
        put_f32(rec + slen - 4, 44);
        /* The old layout: "sigma" holds Omega's std, omega_std is absent. */
        unsigned char *d = malloc(size);
        memcpy(d, data, size);
        memcpy(d + sat, rec, slen);
        CHECK(spliced(d, size, at, len, NULL, 0, &back) == INR_OK, "old layout: %s", inr_error());
        CHECK(inr_hparam_get(omega, &back.cfg) == 44 && inr_hparam_get(b, &back.cfg) == b_default,
              "old layout: Omega's std %g, B's %g", inr_hparam_get(omega, &back.cfg),
              inr_hparam_get(b, &back.cfg));
        inr_model_free(&back);
        /* Both: the own key wins, also when "sigma" comes after it. */
        CHECK(sat < at, "sigma is written before omega_std");
        memcpy(d, data, sat);
        memcpy(d + sat, data + sat + slen, block_end - sat - slen);
        memcpy(d + block_end - slen, rec, slen);
        memcpy(d + block_end, data + block_end, size - block_end);
        CHECK(spliced(d, size, 0, 0, NULL, 0, &back) == INR_OK, "sigma last: %s", inr_error());
        CHECK(inr_hparam_get(omega, &back.cfg) == 33, "a later sigma record overrode omega_std: %g",
              inr_hparam_get(omega, &back.cfg));
        inr_model_free(&back);
        /* A key twice is still refused. */
        CHECK(spliced(data, size, block_end, 0, rec, slen, &back) == INR_ERR_FORMAT,
              "a second sigma record accepted");
        free(d);
    }
    free(data);

    /* Version 2: the one sigma slot (offset 44) holds NSTR's Omega, as it
     * always did, and reads back into it. */
    data = saved_bytes(&m, 2, &size);
    CHECK(get_f32(data + 44) == 33, "version 2: the sigma slot holds %g", get_f32(data + 44));
    inr_fit_info info;
    CHECK(inr_checkpoint_parse(data, size, &back, &info, NULL) == INR_OK, "%s", inr_error());
    CHECK(inr_hparam_get(omega, &back.cfg) == 33 && inr_hparam_get(b, &back.cfg) == b_default,
          "version 2: Omega's std %g, B's %g", inr_hparam_get(omega, &back.cfg),
          inr_hparam_get(b, &back.cfg));
    inr_model_free(&back);
    free(data);
    inr_model_free(&m);
}

/* The safetensors metadata of a small model of kind: each descriptor's key
 * is there exactly when kind lists it. */
static void check_metadata(inr_model_kind kind)
{
    const char *name = inr_model_name(kind);
    inr_config cfg = inr_config_default(kind, 2, 1);
    cfg.width = 4;
    cfg.layers = 1;
    const inr_hparam *p;
    if ((p = own(kind, "--mapping"))) inr_hparam_set(p, &cfg, 4);
    if ((p = own(kind, "--levels"))) inr_hparam_set(p, &cfg, 1);
    if ((p = own(kind, "--base-res"))) inr_hparam_set(p, &cfg, 4);
    if ((p = own(kind, "--max-res"))) inr_hparam_set(p, &cfg, 4);
    if ((p = own(kind, "--log2-table"))) inr_hparam_set(p, &cfg, 6);
    if ((p = own(kind, "--bases"))) inr_hparam_set(p, &cfg, 2);
    if ((p = own(kind, "--latent-res"))) inr_hparam_set(p, &cfg, 4);
    inr_model m;
    CHECK(inr_model_create(&m, &cfg) == INR_OK, "%s: %s", name, inr_error());
    inr_model_init(&m);
    char dir[] = "/tmp/inrfit-meta-XXXXXX", path[256];
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    snprintf(path, sizeof path, "%s/m.safetensors", dir);
    CHECK(inr_safetensors_save(path, &m, &INFO) == INR_OK, "%s", inr_error());
    size_t size;
    unsigned char *data = read_file_bytes(path, &size);
    unlink(path);
    rmdir(dir);
    size_t n = data[0] | (size_t)data[1] << 8 | (size_t)data[2] << 16;
    char *json = malloc(n + 1);
    memcpy(json, data + 8, n);
    json[n] = '\0';
    const char *meta = strstr(json, "\"__metadata__\"");
    CHECK(meta != NULL, "%s: no metadata", name);
    const inr_hparam *list, *h;
    int count = inr_hparams_of(kind, &list);
    for (int i = 0; meta && (h = inr_hparam_at(i)); i++) {
        if (!h->option) continue;   /* stored only (precision): metadata of its own */
        char quoted[48];
        snprintf(quoted, sizeof quoted, "\"%s\":", h->key);
        int listed = inr_hparam_in(h, list, count), there = strstr(meta, quoted) != NULL;
        CHECK(listed == there, "%s metadata: %s %s", name, h->key,
              listed ? "missing" : "not its kind's");
    }
    free(json);
    free(data);
    inr_model_free(&m);
}

/* The library's options by name: NSTR's std of Omega as "sigma" (its name
 * before it had its own key) and as "omega_std"; the FFN's as "sigma". */
static void check_api_names(void)
{
    inrfit_signal *sig;
    CHECK(inrfit_signal_load("assets/camera_128.png", &sig) == INRFIT_OK, "%s", inrfit_error());
    if (!sig) return;
    inrfit_model *m;
    char cfg[4096];
    CHECK(inrfit_model_new("nstr", sig, &m) == INRFIT_OK, "%s", inrfit_error());
    CHECK(inrfit_model_set(m, "sigma", "9") == INRFIT_OK, "nstr sigma: %s", inrfit_error());
    CHECK(inrfit_model_config(m, cfg, sizeof cfg) == INRFIT_OK && strstr(cfg, "\nomega_std=9\n") &&
              !strstr(cfg, "\nsigma="),
          "nstr sigma 9: %s", cfg);
    CHECK(inrfit_model_set(m, "omega_std", "8") == INRFIT_OK, "nstr omega_std: %s", inrfit_error());
    CHECK(inrfit_model_config(m, cfg, sizeof cfg) == INRFIT_OK && strstr(cfg, "\nomega_std=8\n"),
          "nstr omega_std 8: %s", cfg);
    inrfit_model_free(m);
    CHECK(inrfit_model_new("ffn", sig, &m) == INRFIT_OK, "%s", inrfit_error());
    CHECK(inrfit_model_set(m, "sigma", "3") == INRFIT_OK, "ffn sigma: %s", inrfit_error());
    CHECK(inrfit_model_config(m, cfg, sizeof cfg) == INRFIT_OK && strstr(cfg, "\nsigma=3\n") &&
              !strstr(cfg, "omega_std"),
          "ffn sigma 3: %s", cfg);
    inrfit_model_free(m);
    /* The message of an unknown kind lists the kinds there are. */
    CHECK(inrfit_model_new("nope", sig, &m) != INRFIT_OK, "an unknown kind made");
    for (int k = 1; k <= inr_kind_count(); k++)
        CHECK(strstr(inrfit_error(), inr_model_name((inr_model_kind)k)) != NULL,
              "'%s' does not name %s", inrfit_error(), inr_model_name((inr_model_kind)k));
    inrfit_signal_free(sig);
}

/* Whether word occurs in text as a word, ignoring case. */
static int has_word(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = text; *p; p++)
        if (strncasecmp(p, word, n) == 0 && (p == text || !isalnum((unsigned char)p[-1])) &&
            !isalnum((unsigned char)p[n]))
            return 1;
    return 0;
}

static void check_help_names_no_kind(void)
{
    const inr_hparam *h;
    for (int i = 0; (h = inr_hparam_at(i)); i++)
        for (int k = 1; k <= inr_kind_count(); k++)
            CHECK(!has_word(h->help, inr_model_name((inr_model_kind)k)), "%s's help names %s: %s",
                  h->key, inr_model_name((inr_model_kind)k), h->help);
}

/* NSTR's std of Omega from the spectral centroid (nstr.c): images take 0.15
 * of the centroid's angular frequency pi c (n - 1), audio all of it; a
 * centroid of 0 keeps the default. */
static void check_nstr_centroid(void)
{
    inr_config img = inr_config_default(INR_MODEL_NSTR, 2, 3);
    inr_config_from_centroid(&img, 0.1, 256);
    double want = 0.15 * M_PI * 0.1 * 255;
    CHECK(fabs(img.nstr.omega_std - want) < 1e-4 * want, "image: omega_std %g, want %g",
          img.nstr.omega_std, want);
    inr_config snd = inr_config_default(INR_MODEL_NSTR, 1, 1);
    inr_config_from_centroid(&snd, 0.05, 4001);
    want = M_PI * 0.05 * 4000;
    CHECK(fabs(snd.nstr.omega_std - want) < 1e-4 * want, "audio: omega_std %g, want %g",
          snd.nstr.omega_std, want);
    inr_config keep = inr_config_default(INR_MODEL_NSTR, 2, 1);
    float def = keep.nstr.omega_std;
    inr_config_from_centroid(&keep, 0.0, 256);
    CHECK(keep.nstr.omega_std == def, "centroid 0 changed omega_std to %g", keep.nstr.omega_std);
}

int main(void)
{
    check_nstr_centroid();
    check_sigma_fields();
    check_options_own_field();
    check_checkpoint_keys();
    for (int k = 1; k <= inr_kind_count(); k++) check_metadata((inr_model_kind)k);
    check_api_names();
    check_help_names_no_kind();
    return check_result();
}
