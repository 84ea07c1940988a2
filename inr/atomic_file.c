/* atomic_file.c - temporary-name-then-rename output files (atomic_file.h). */
#include "atomic_file.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

void atomic_temp_name(const char *path, char *out, size_t out_size)
{
    snprintf(out, out_size, "%s.tmp-%ld", path, (long)getpid());
}

inr_status atomic_open(const char *path, atomic_file *af)
{
    memset(af, 0, sizeof *af);
    if (strlen(path) + 32 >= sizeof af->final_path)
        return inr_fail(INR_ERR_INVALID, "output path too long");
    snprintf(af->final_path, sizeof af->final_path, "%s", path);
    atomic_temp_name(path, af->temp_path, sizeof af->temp_path);
    af->file = fopen(af->temp_path, "wb");
    if (!af->file)
        return inr_fail(INR_ERR_IO, "cannot write '%s': %s", path, strerror(errno));
    return INR_OK;
}

inr_status atomic_rename(const char *temp_path, const char *final_path)
{
    if (rename(temp_path, final_path) != 0) {
        int err = errno;
        unlink(temp_path);
        return inr_fail(INR_ERR_IO, "cannot write '%s': %s", final_path, strerror(err));
    }
    return INR_OK;
}

inr_status atomic_commit(atomic_file *af)
{
    int failed = ferror(af->file) || fflush(af->file) != 0 ||
                 fsync(fileno(af->file)) != 0;
    int err = errno;
    if (fclose(af->file) != 0 && !failed) { failed = 1; err = errno; }
    af->file = NULL;
    if (failed) {
        unlink(af->temp_path);
        return inr_fail(INR_ERR_IO, "cannot write '%s': %s", af->final_path, strerror(err));
    }
    return atomic_rename(af->temp_path, af->final_path);
}

void atomic_abort(atomic_file *af)
{
    if (af->file) fclose(af->file);
    af->file = NULL;
    unlink(af->temp_path);
}

inr_status atomic_write(const char *path, const void *data, size_t size)
{
    atomic_file af;
    inr_status st = atomic_open(path, &af);
    if (st) return st;
    if (fwrite(data, 1, size, af.file) != size) {
        int err = errno;
        atomic_abort(&af);
        return inr_fail(INR_ERR_IO, "cannot write '%s': %s", path, strerror(err));
    }
    return atomic_commit(&af);
}
