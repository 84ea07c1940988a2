/* fuzz_jpeg.c - libFuzzer program for the JPEG decoder (image_load_jpeg_memory) and
 * the EXIF orientation parser.
 * The checks live in fuzz_targets.c; 'make fuzz' builds and runs this. */
#include "fuzz_targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_jpeg_one(data, size);
}
