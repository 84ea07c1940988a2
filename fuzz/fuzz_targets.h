/* fuzz_targets.h - one entry point per byte parser inrfit owns or wraps.
 *
 * Each takes one input and returns 0; a bug shows as a sanitizer report or
 * an abort (fuzz_fail). The libFuzzer programs (fuzz/fuzz_*.c) call them, and
 * so does tests/test_fuzz_regressions.c to replay the kept inputs. */
#ifndef INR_FUZZ_TARGETS_H
#define INR_FUZZ_TARGETS_H

#include <stddef.h>
#include <stdint.h>

/* Lowers the size limits so that no input may allocate more than ~100 MB,
 * makes OpenMP single-threaded and creates the scratch directory for
 * render outputs. Idempotent; every entry point calls it. */
void fuzz_setup(void);

int fuzz_png_one(const uint8_t *data, size_t size);        /* image_load_png_memory */
int fuzz_jpeg_one(const uint8_t *data, size_t size);       /* image_load_jpeg_memory, exif_orientation */
int fuzz_audio_one(const uint8_t *data, size_t size);      /* audio_load_memory */
int fuzz_checkpoint_one(const uint8_t *data, size_t size); /* inr_checkpoint_parse + info/render */
int fuzz_cli_one(const uint8_t *data, size_t size);        /* fit/render/info/spectrum/export argv */
/* First byte: model kind and signal dimension; the rest a configuration
 * block (inr_config_block_read, inr_model_layout, a write-read round trip). */
int fuzz_config_one(const uint8_t *data, size_t size);

/* Replaces the last 4 of size bytes with the CRC-32 of the others
 * (size >= 20: the checkpoint prefix and a CRC). */
void fuzz_fix_crc(uint8_t *data, size_t size);

/* Target names (fuzz_<name>) and their entry points, for the replay test. */
typedef struct {
    const char *name;
    int (*one)(const uint8_t *data, size_t size);
} fuzz_target;
extern const fuzz_target FUZZ_TARGETS[6];

#endif
