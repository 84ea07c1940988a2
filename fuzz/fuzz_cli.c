/* fuzz_cli.c - libFuzzer program for the command-line parsers
 * (fit options; render, info, spectrum arguments).
 * The checks live in fuzz_targets.c; 'make fuzz' builds and runs this. */
#include "fuzz_targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_cli_one(data, size);
}
