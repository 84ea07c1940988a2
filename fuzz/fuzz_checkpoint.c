/* fuzz_checkpoint.c - libFuzzer program for the checkpoint reader
 * (inr_checkpoint_parse, then info and render).
 * The checks live in fuzz_targets.c; 'make fuzz' builds and runs this. */
#include "fuzz_targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_checkpoint_one(data, size);
}
