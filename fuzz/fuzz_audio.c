/* fuzz_audio.c - libFuzzer program for the audio decoder
 * (audio_load_memory: libsndfile virtual I/O).
 * The checks live in fuzz_targets.c; 'make fuzz' builds and runs this. */
#include "fuzz_targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_audio_one(data, size);
}
