/* fuzz_config.c - libFuzzer program for the keyed configuration block of
 * checkpoint version 3 (inr_config_block_read, then the layout).
 * The checks live in fuzz_targets.c; 'make fuzz' builds and runs this. */
#include "fuzz_targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_config_one(data, size);
}
