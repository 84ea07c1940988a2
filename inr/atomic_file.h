/* atomic_file.h - write outputs under a temporary name, then rename.
 *
 * An interrupted or failed write never leaves a half-written file at the
 * final path:  FILE *f = atomic_open(path, &af); ...write...;
 * then atomic_commit(&af) (flush, fsync, rename) or atomic_abort(&af)
 * (close and delete the temporary file). */
#ifndef INR_ATOMIC_FILE_H
#define INR_ATOMIC_FILE_H

#include <stdio.h>
#include "status.h"

typedef struct {
    FILE *file;          /* open on the temporary path */
    char final_path[4096];
    char temp_path[4096];
} atomic_file;

inr_status atomic_open(const char *path, atomic_file *af);
inr_status atomic_commit(atomic_file *af);
void atomic_abort(atomic_file *af);

/* The whole of data (size bytes) as the file `path`, atomically. */
inr_status atomic_write(const char *path, const void *data, size_t size);

/* Temporary name next to `path` ("path.tmp-PID"), for writers that need a
 * path rather than a FILE* (libpng, libsndfile). */
void atomic_temp_name(const char *path, char *out, size_t out_size);

/* Renames a finished temporary file into place (deletes it on failure). */
inr_status atomic_rename(const char *temp_path, const char *final_path);

#endif
