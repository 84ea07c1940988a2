/* checkpoint_config.c - the keyed configuration of checkpoint format
 * version 3 (checkpoint_config.h). */
#include "checkpoint_config.h"

#include <string.h>

#include "hparams.h"

/* More than the table holds (asserted). */
enum { MAX_KEYS = 64, RECORD_FIXED = 1 + 1 + 4 };

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
        unsigned int v;
        if (h->type == INR_HP_INT) {
            v = (unsigned int)(int)inr_hparam_get(h, c);
        } else {
            float f = (float)inr_hparam_get(h, c);
            memcpy(&v, &f, 4);
        }
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
    inr_config def = inr_config_default(c->kind, c->in_dim, c->out_dim);
    const inr_hparam *h;
    for (int i = 0; (h = inr_hparam_at(i)); i++) {
        INR_ASSERT(i < MAX_KEYS);
        inr_hparam_set(h, c, inr_hparam_get(h, &def));
    }
    unsigned char seen[MAX_KEYS] = { 0 };
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
        int i = inr_hparam_index(key);
        if (i < 0) continue;   /* a newer writer's key: skipped */
        h = inr_hparam_at(i);
        if (seen[i]++) return corrupt("a key appears twice");
        if (type != (h->type == INR_HP_INT ? 'i' : 'f')) return corrupt("a key has the wrong type");
        if (h->type == INR_HP_INT) {
            inr_hparam_set(h, c, (int)v);
        } else {
            float f;
            memcpy(&f, &v, 4);
            inr_hparam_set(h, c, f);
        }
    }
    return INR_OK;
}
