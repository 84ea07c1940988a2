/* npy_io.h - float32 arrays as numpy .npy files (format version 1.0), for
 * outputs a pipeline reads back without quantisation (`render -o X.npy`). */
#ifndef INR_APP_NPY_IO_H
#define INR_APP_NPY_IO_H

#include "status.h"

/* Writes values (prod(shape) floats, C order) as float32 in this machine's
 * byte order ('<f4' on x86-64) with the given shape (ndim 1..3), atomically. */
inr_status npy_save_f32(const char *path, const float *values, int ndim, const long *shape);

/* True when path ends in ".npy" (any case). */
int npy_path(const char *path);

#endif
