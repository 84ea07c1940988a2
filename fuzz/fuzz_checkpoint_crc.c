/* fuzz_checkpoint_crc.c - libFuzzer program for the checkpoint reader that
 * keeps its mutations valid past the checksum: each mutant gets its CRC-32
 * redone, so they reach the header, optimizer and parameter checks (the
 * plain target fixes the CRC of a second copy only). Same checks as
 * fuzz_checkpoint; findings replay from tests/regressions/checkpoint/. */
#include "fuzz_targets.h"

#include "checkpoint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_checkpoint_one(data, size);
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    (void)seed;
    size = LLVMFuzzerMutate(data, size, max_size);
    fuzz_fix_crc(data, size);
    return size;
}
