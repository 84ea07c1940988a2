/* checkpoint_config.c - the keyed configuration of checkpoint format
 * version 3, and the keys of the positional slots of versions 1 and 2
 * (checkpoint_config.h). */
#include "checkpoint_config.h"

#include <string.h>

#include "hparams.h"

/* More than the table holds (asserted). */
enum { MAX_KEYS = 64, RECORD_FIXED = 1 + 1 + 4 };

/* h's value in c as the 32-bit word a file holds. */
static unsigned int word_of(const inr_hparam *h, const inr_config *c)
{
    if (h->type == INR_HP_INT) return (unsigned int)(int)inr_hparam_get(h, c);
    float f = (float)inr_hparam_get(h, c);
    unsigned int v;
    memcpy(&v, &f, 4);
    return v;
}

/* Sets h in c from the 32-bit word a file holds. */
static void set_word(const inr_hparam *h, inr_config *c, unsigned int v)
{
    if (h->type == INR_HP_INT) {
        inr_hparam_set(h, c, (int)v);
    } else {
        float f;
        memcpy(&f, &v, 4);
        inr_hparam_set(h, c, f);
    }
}

/* The descriptor that key, as any version's writer used it, means for c's
 * kind: the kind's own (inr_hparam_for_key: its key, else the key it was
 * stored under, *legacy set), else the table's with that key (a field the
 * kind does not use); NULL when none. */
static const inr_hparam *meant(const inr_config *c, const char *key, int *legacy)
{
    const inr_hparam *h = inr_hparam_for_key(c->kind, key, legacy);
    if (h) return h;
    int i = inr_hparam_index(key);
    return i >= 0 ? inr_hparam_at(i) : NULL;
}

/* Every hyper-parameter of c to what a file without its key means: the
 * value of the files written before the key existed where one is given,
 * else the default of its kind and shape. */
static void set_defaults(inr_config *c)
{
    inr_config def = inr_config_default(c->kind, c->in_dim, c->out_dim);
    const inr_hparam *h;
    for (int i = 0; (h = inr_hparam_at(i)); i++) {
        INR_ASSERT(i < MAX_KEYS);
        int legacy;
        const inr_hparam *own = inr_hparam_for_key(c->kind, h->key, &legacy);
        double v = own && !legacy && own->has_absent ? own->absent : inr_hparam_get(h, &def);
        inr_hparam_set(h, c, v);
    }
}

size_t inr_config_block_size(void)
{
    size_t n = 0;
    const inr_hparam *h;
    for (int i = 0; (h = inr_hparam_at(i)); i++) n += RECORD_FIXED + strlen(h->key);
    INR_ASSERT(n <= INR_CONFIG_BLOCK_MAX);
    return n;
}

size_t inr_config_block_write(const inr_config *c, unsigned char *out, size_t n)
{
    INR_ASSERT(n >= inr_config_block_size());
    size_t pos = 0;
    const inr_hparam *h;
    for (int i = 0; (h = inr_hparam_at(i)); i++) {
        size_t len = strlen(h->key);
        INR_ASSERT(len >= 1 && len <= INR_CONFIG_KEY_MAX);
        unsigned int v = word_of(h, c);
        out[pos++] = (unsigned char)len;
        memcpy(out + pos, h->key, len);
        pos += len;
        out[pos++] = h->type == INR_HP_INT ? 'i' : 'f';
        for (int k = 0; k < 4; k++) out[pos++] = (unsigned char)(v >> (8 * k));
    }
    return pos;
}

static inr_status corrupt(const char *why)
{
    return inr_fail(INR_ERR_FORMAT, "corrupt checkpoint configuration: %s", why);
}

inr_status inr_config_block_read(inr_config *c, const unsigned char *in, size_t n)
{
    set_defaults(c);
    unsigned char seen[MAX_KEYS] = { 0 };
    /* Records under the key a field of the kind was stored under before it
     * had its own (NSTR's "sigma"): applied after the others, unless its
     * own key came too. */
    const inr_hparam *late[MAX_KEYS];
    unsigned int late_v[MAX_KEYS];
    int n_late = 0;
    for (size_t pos = 0; pos < n;) {
        size_t len = in[pos];
        if (len < 1 || len > INR_CONFIG_KEY_MAX || n - pos < RECORD_FIXED + len)
            return corrupt("a record is cut short or its key is too long");
        char key[INR_CONFIG_KEY_MAX + 1];
        memcpy(key, in + pos + 1, len);
        key[len] = '\0';
        if (strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789_") != len)
            return corrupt("a key is not lower-case letters, digits and _");
        unsigned char type = in[pos + 1 + len];
        const unsigned char *p = in + pos + 2 + len;
        unsigned int v = p[0] | (unsigned int)p[1] << 8 | (unsigned int)p[2] << 16 |
                         (unsigned int)p[3] << 24;
        pos += RECORD_FIXED + len;
        if (type != 'i' && type != 'f') return corrupt("a record has an unknown type");
        int legacy = 0;
        const inr_hparam *h = meant(c, key, &legacy);
        if (!h) continue;   /* a newer writer's key: skipped */
        int i = inr_hparam_index(key);
        if (i >= 0 && seen[i]++) return corrupt("a key appears twice");
        const inr_hparam *named = i >= 0 ? inr_hparam_at(i) : h;
        if (type != (named->type == INR_HP_INT ? 'i' : 'f') ||
            type != (h->type == INR_HP_INT ? 'i' : 'f'))
            return corrupt("a key has the wrong type");
        if (legacy) {
            INR_ASSERT(n_late < MAX_KEYS);
            late[n_late] = h;
            late_v[n_late++] = v;
        } else {
            set_word(h, c, v);
        }
    }
    for (int j = 0; j < n_late; j++) {
        int own = inr_hparam_index(late[j]->key);
        if (own < 0 || !seen[own]) set_word(late[j], c, late_v[j]);
    }
    return INR_OK;
}

void inr_config_slots_read(inr_config *c, const char *const *keys, const unsigned int *words,
                           int n)
{
    set_defaults(c);
    for (int i = 0; i < n; i++) {
        const inr_hparam *h = meant(c, keys[i], NULL);
        INR_ASSERT(h);
        set_word(h, c, words[i]);
    }
}

void inr_config_slots_write(const inr_config *c, const char *const *keys, unsigned int *words,
                            int n)
{
    for (int i = 0; i < n; i++) {
        const inr_hparam *h = meant(c, keys[i], NULL);
        INR_ASSERT(h);
        words[i] = word_of(h, c);
    }
}
