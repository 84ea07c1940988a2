/* npy_io.h - float32 arrays as numpy .npy files (format version 1.0), for
 * outputs a pipeline reads back without quantisation (`render -o X.npy`;
 * signal_io.h chooses it by the extension and commits the file). */
#ifndef INR_APP_NPY_IO_H
#define INR_APP_NPY_IO_H

#include <stdio.h>

#include "status.h"

/* Writes values (prod(shape) floats, C order) as float32 in this machine's
 * byte order ('<f4' on x86-64) with the given shape (ndim 1..3) into an open
 * file; path names it in messages. */
inr_status npy_write_f32(FILE *file, const char *path, const float *values, int ndim,
                         const long *shape);

#endif
