/* npy_io.c - numpy .npy writer (npy_io.h). */
#include "npy_io.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

inr_status npy_write_f32(FILE *file, const char *path, const float *values, int ndim,
                         const long *shape)
{
    INR_ASSERT(ndim >= 1 && ndim <= 3);
    /* Magic, version 1.0, header length, then a Python dict padded with
     * spaces and ending in a newline so the data starts 64-aligned. */
    char dict[160];
    size_t count = 1;
    int n = snprintf(dict, sizeof dict, "{'descr': '%cf4', 'fortran_order': False, 'shape': (",
                     __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? '<' : '>');
    for (int i = 0; i < ndim; i++) {
        n += snprintf(dict + n, sizeof dict - n, "%ld,%s", shape[i], i + 1 < ndim ? " " : "");
        count *= (size_t)shape[i];
    }
    n += snprintf(dict + n, sizeof dict - n, "), }");
    size_t header = 10 + (size_t)n + 1, pad = (64 - header % 64) % 64;
    unsigned char pre[10] = { 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0 };
    pre[8] = (unsigned char)((n + pad + 1) & 0xff);
    pre[9] = (unsigned char)((n + pad + 1) >> 8);

    int ok = fwrite(pre, 1, 10, file) == 10 && fwrite(dict, 1, (size_t)n, file) == (size_t)n &&
             fprintf(file, "%*s\n", (int)pad, "") == (int)pad + 1;
    ok = ok && fwrite(values, sizeof(float), count, file) == count;
    if (!ok) return inr_fail(INR_ERR_IO, "cannot write '%s': %s", path, strerror(errno));
    return INR_OK;
}
