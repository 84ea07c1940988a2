/* fuzz_png.c - libFuzzer program for the PNG decoder (image_load_png_memory).
 * The checks live in fuzz_targets.c; 'make fuzz' builds and runs this. */
#include "fuzz_targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_png_one(data, size);
}
