/* thread_block.h - per-thread working state that lives as long as the
 * process (oneDNN primitive caches, bf16 operand scratch).
 *
 * Each block is zeroed on first use and also linked into one global list,
 * so that it stays reachable from a global: a thread pool's idle workers
 * keep their blocks, and leak checkers do not count them as lost. */
#ifndef INR_THREAD_BLOCK_H
#define INR_THREAD_BLOCK_H

#include <stddef.h>

/* *slot (a __thread pointer) or, on this thread's first call, a new zeroed
 * block of `size` bytes stored there; NULL when out of memory. */
void *inr_thread_block(void **slot, size_t size);

#endif
