/* checkpoint_config.h - the configuration block of checkpoint format
 * version 3 (docs/CHECKPOINT.md): one record per hyper-parameter of the
 * table (hparams.h), found by key rather than by position.
 *
 * A record is: u8 key length (1..INR_CONFIG_KEY_MAX), the key (a-z, 0-9,
 * _), u8 type ('i' int32, 'f' float32), the value (4 bytes, little-endian).
 * Reading starts from the kind's defaults; a key this inrfit does not know
 * is skipped (a newer writer's; the parameter count still has to match),
 * a known key twice or with another type is refused. A key means the
 * field of the file's kind: its own, else the one the kind's descriptor
 * says was stored under it before it had its own key (hparams.h, was:
 * "sigma" is NSTR's omega_std in a file without "omega_std"), else the
 * table's field of that key. */
#ifndef INR_CHECKPOINT_CONFIG_H
#define INR_CHECKPOINT_CONFIG_H

#include <stddef.h>

#include "model.h"

#define INR_CONFIG_KEY_MAX 31
#define INR_CONFIG_BLOCK_MAX 4096

/* Bytes the block of every hyper-parameter takes. */
size_t inr_config_block_size(void);
/* Writes it into out (n >= inr_config_block_size()); returns its size. */
size_t inr_config_block_write(const inr_config *c, unsigned char *out, size_t n);
/* Sets c's hyper-parameters from the block in (n bytes): the defaults of
 * c->kind, c->in_dim, c->out_dim, then each record. */
inr_status inr_config_block_read(inr_config *c, const unsigned char *in, size_t n);

/* The positional slots of versions 1 and 2, named by key (checkpoint.c
 * lists them): read sets c's hyper-parameters to the defaults of c->kind,
 * c->in_dim, c->out_dim, then each slot's 32-bit word (int or float by its
 * key's type) into the field the key means for c's kind, as the block's
 * records do; write gives the words. Every key must be the table's. */
void inr_config_slots_read(inr_config *c, const char *const *keys, const unsigned int *words,
                           int n);
void inr_config_slots_write(const inr_config *c, const char *const *keys, unsigned int *words,
                            int n);

#endif
