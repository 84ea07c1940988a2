/* thread_block.c - per-thread blocks on one global list (thread_block.h). */
#include "thread_block.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct block_header {
    struct block_header *next;
    max_align_t align[]; /* the block follows, aligned for any type */
} block_header;

static block_header *blocks;
static pthread_mutex_t blocks_lock = PTHREAD_MUTEX_INITIALIZER;

void *inr_thread_block(void **slot, size_t size)
{
    if (*slot) return *slot;
    block_header *h = calloc(1, sizeof *h + size);
    if (!h) return NULL;
    pthread_mutex_lock(&blocks_lock);
    h->next = blocks;
    blocks = h;
    pthread_mutex_unlock(&blocks_lock);
    *slot = h->align;
    return *slot;
}
