/* checkpoint.h - the .inr file: a fitted model with what it was fitted to.
 *
 * Little-endian, versioned, CRC-32 protected; layout in docs/CHECKPOINT.md.
 * Readers refuse wrong magic, unknown versions, truncation, trailing bytes,
 * checksum mismatches, configurations that do not match the parameter
 * count and any field out of the range a fit writes (docs/CHECKPOINT.md),
 * each with a one-line reason naming it (inr_error()). */
#ifndef INR_CHECKPOINT_H
#define INR_CHECKPOINT_H

#include <stdio.h>

#include "model.h"
#include "rng.h"

/* Written version; readers also accept version 2 (the configuration by
 * position) and 1 (SIREN and FFN only). */
#define INR_CHECKPOINT_VERSION 3

typedef enum { INR_SIGNAL_IMAGE = 1, INR_SIGNAL_AUDIO = 2 } inr_signal_kind;

/* What the model was fitted to and how to map outputs back. */
typedef struct {
    inr_signal_kind kind;
    int channels;
    long height, width;      /* image rows x columns; audio: 1 x frames */
    int sample_rate;         /* audio only */
    int bit_depth;           /* of the source file */
    /* output value = network value * value_scale + value_offset
     * (images: 0.5, 0.5 back to [0,1]; audio: peak, 0). */
    float value_scale, value_offset;
    long step;               /* training steps done */
    float spectral_centroid; /* WINNER's centroid (0 when unused) */
    char fresh_param[16];    /* FreSh: which hyper-parameter it chose ("" none) */
    float fresh_value;
    /* fit --holdout: the fraction of points it never trained on (0: none);
     * a resumed fit keeps the split (the seed draws it). */
    float holdout;
    int format_version;      /* of the file read (set by load; ignored by save) */
} inr_fit_info;

/* Optimizer state for resuming a fit (optional in the file). */
typedef struct {
    float *adam_m, *adam_v;  /* n_params floats each */
    long step;
    inr_rng rng;             /* minibatch sampler */
    /* The schedule, so that a resumed fit continues it exactly. */
    float lr, beta1, beta2, eps, lr_decay;
    int lr_decay_every;
    long batch;              /* points per step */
} inr_optimizer_state;

/* Writes atomically (temporary name, fsync, rename). opt may be NULL. */
inr_status inr_checkpoint_save(const char *path, const inr_model *m,
                               const inr_fit_info *info, const inr_optimizer_state *opt);
/* The same in format version 2 or 3 (0: the current one), for tests and
 * older readers. */
inr_status inr_checkpoint_save_version(const char *path, const inr_model *m,
                                       const inr_fit_info *info,
                                       const inr_optimizer_state *opt, int version);
/* The same bytes into an open file (an atomic_file's; not committed). */
inr_status inr_checkpoint_write(FILE *f, const char *path, const inr_model *m,
                                const inr_fit_info *info, const inr_optimizer_state *opt);
/* Creates m (caller frees with inr_model_free) and fills info. When opt is
 * not NULL and the file holds optimizer state, opt->adam_m/v are allocated
 * (caller frees) and filled; otherwise they are set to NULL. */
inr_status inr_checkpoint_load(const char *path, inr_model *m, inr_fit_info *info,
                               inr_optimizer_state *opt);
/* Same, from a buffer (tests, fuzzing). */
inr_status inr_checkpoint_parse(const unsigned char *data, size_t size, inr_model *m,
                                inr_fit_info *info, inr_optimizer_state *opt);

/* CRC-32 (IEEE, as zlib/PNG) of n bytes, continuing from crc (start 0). */
unsigned int inr_crc32(unsigned int crc, const void *data, size_t n);

#endif
