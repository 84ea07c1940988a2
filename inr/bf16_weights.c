/* bf16_weights.c - the registry of packed weight matrices (bf16_weights.h). */
#include "bf16_weights.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "gemm_bf16.h"

enum { TABLE_SIZE = 64 };

typedef struct {
    const float *src;
    size_t n;
    const uint16_t *packed;
    const inr_bf16_weights *owner;
} entry;

static entry table[TABLE_SIZE];
static _Atomic int registered;   /* entries in use: lookups skip the lock at 0 */
static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;

static int any_bf16(const inr_model *m)
{
    for (int l = 0; l < m->n_layers; l++)
        if (m->layer[l].bf16) return 1;
    return 0;
}

void inr_bf16_weights_begin(inr_bf16_weights *w, const inr_model *m, const float *params, int all)
{
    w->packed = NULL;
    w->n = 0;
    if ((!all && !m->eval_bf16) || !any_bf16(m)) return;
    size_t total = 0;
    for (int l = 0; l < m->n_layers; l++)
        if (m->layer[l].bf16) total += (size_t)m->layer[l].in * m->layer[l].out;
    if (!(w->packed = malloc(total * sizeof(uint16_t)))) return;   /* products pack per call */
    pthread_rwlock_wrlock(&lock);
    uint16_t *p = w->packed;
    for (int l = 0; l < m->n_layers; l++) {
        const inr_layer *L = &m->layer[l];
        if (!L->bf16) continue;
        size_t n = (size_t)L->in * L->out;
        int slot = 0;
        while (slot < TABLE_SIZE && table[slot].owner) slot++;
        if (slot == TABLE_SIZE) break;
        inr_bf16_pack_fast(params + L->w_offset, p, n);
        table[slot] = (entry){ params + L->w_offset, n, p, w };
        w->n++;
        atomic_fetch_add(&registered, 1);
        p += n;
    }
    pthread_rwlock_unlock(&lock);
}

void inr_bf16_weights_end(inr_bf16_weights *w)
{
    if (w->n) {
        pthread_rwlock_wrlock(&lock);
        for (int slot = 0; slot < TABLE_SIZE; slot++)
            if (table[slot].owner == w) {
                table[slot] = (entry){ 0 };
                atomic_fetch_sub(&registered, 1);
            }
        pthread_rwlock_unlock(&lock);
    }
    free(w->packed);
    w->packed = NULL;
    w->n = 0;
}

const uint16_t *inr_bf16_weights_find(const float *src, size_t n)
{
    if (atomic_load_explicit(&registered, memory_order_acquire) == 0) return NULL;
    const uint16_t *found = NULL;
    pthread_rwlock_rdlock(&lock);
    for (int slot = 0; slot < TABLE_SIZE && !found; slot++)
        if (table[slot].src == src && table[slot].n >= n) found = table[slot].packed;
    pthread_rwlock_unlock(&lock);
    return found;
}
