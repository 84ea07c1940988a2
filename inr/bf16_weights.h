/* bf16_weights.h - a step's (or an evaluation's) weight matrices packed to
 * bf16 once, for every chunk's products to share.
 *
 * A bf16 product packs its operands on each call (gemm_bf16.c); a weight
 * matrix is the same for all chunks of a step, in the forward product
 * (x W^T) and in the backward one (dy W), so packing it per call repeats
 * the work once per chunk and product. The trainer and the evaluator pack
 * the bf16 layers' weights before their parallel loop and register them;
 * inr_gemm_bf16 then finds an operand among them by address. The weights
 * must not change until inr_bf16_weights_end (the trainer ends before
 * Adam). Registrations of several models (fits in several threads) live
 * side by side; when the table is full, products pack as before. */
#ifndef INR_BF16_WEIGHTS_H
#define INR_BF16_WEIGHTS_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

typedef struct {
    uint16_t *packed;   /* all the packed matrices, one block */
    int n;              /* matrices registered */
} inr_bf16_weights;

/* Packs and registers the weights of m's layers marked bf16 (params: m's
 * values); `all`: 0 registers nothing unless m->eval_bf16 (evaluations),
 * 1 always (training). */
void inr_bf16_weights_begin(inr_bf16_weights *w, const inr_model *m, const float *params, int all);
void inr_bf16_weights_end(inr_bf16_weights *w);

/* The packed copy of the n values from src, if registered (else NULL). */
const uint16_t *inr_bf16_weights_find(const float *src, size_t n);

#endif
