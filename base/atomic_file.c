/* atomic_file.c - temporary-name-then-rename output files (atomic_file.h). */
#include "atomic_file.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "signal_block.h"
#include "temp_files.h"

enum { MAX_INPUTS = 8 };
static struct { dev_t dev; ino_t ino; } inputs[MAX_INPUTS];
static int n_inputs;

void atomic_protect_fd(int fd)
{
    struct stat st;
    if (n_inputs < MAX_INPUTS && fstat(fd, &st) == 0) {
        inputs[n_inputs].dev = st.st_dev;
        inputs[n_inputs].ino = st.st_ino;
        n_inputs++;
    }
}

/* Resolves a symbolic link into `target` and says how `path` is written:
 * 0 through a temporary file, 1 in place (device, FIFO), or a failure. */
static inr_status resolve(const char *path, char *target, size_t size, int *direct)
{
    struct stat st;
    *direct = 0;
    if (!*path) return inr_fail(INR_ERR_INVALID, "cannot write '': empty file name");
    if (strlen(path) + 48 >= size) return inr_fail(INR_ERR_INVALID, "output path too long");
    snprintf(target, size, "%s", path);
    if (lstat(path, &st) != 0) return INR_OK;   /* a new file (or an unreachable one: open says) */
    if (S_ISLNK(st.st_mode)) {
        char real[PATH_MAX];
        if (!realpath(path, real) || strlen(real) + 48 >= size)
            return inr_fail(INR_ERR_IO, "cannot write '%s': a symbolic link to %s", path,
                            errno == ENOENT ? "a missing file" : strerror(errno));
        snprintf(target, size, "%s", real);
        if (stat(real, &st) != 0) return INR_OK;
    }
    for (int i = 0; i < n_inputs; i++)
        if (st.st_dev == inputs[i].dev && st.st_ino == inputs[i].ino)
            return inr_fail(INR_ERR_INVALID, "cannot write '%s': it is an input of this run",
                            path);
    if (S_ISDIR(st.st_mode))
        return inr_fail(INR_ERR_IO, "cannot write '%s': %s", path, strerror(EISDIR));
    if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) *direct = 1;
    else if (!S_ISREG(st.st_mode))
        return inr_fail(INR_ERR_IO, "cannot write '%s': not a regular file, character "
                        "device or FIFO", path);
    return INR_OK;
}

inr_status atomic_open(const char *path, atomic_file *af)
{
    memset(af, 0, sizeof *af);
    af->slot = -1;
    inr_status st = resolve(path, af->final_path, sizeof af->final_path, &af->direct);
    if (st) return st;
    if (af->direct) {
        af->file = fopen(af->final_path, "wb");
    } else {
        temp_name(af->final_path, "", af->temp_path, sizeof af->temp_path);
        af->file = fopen(af->temp_path, "wb");
        if (af->file) af->slot = temp_files_add(af->temp_path);
    }
    if (!af->file)
        return inr_fail(INR_ERR_IO, "cannot write '%s': %s", path, strerror(errno));
    return INR_OK;
}

static void drop_temp(atomic_file *af)
{
    if (!af->direct && af->temp_path[0]) unlink(af->temp_path);
    temp_files_forget(af->slot);
    af->slot = -1;
    af->temp_path[0] = '\0';
}

void atomic_abort(atomic_file *af)
{
    if (af->file) fclose(af->file);
    af->file = NULL;
    drop_temp(af);
}

/* Flush, fsync (not for devices) and close; deletes the temporary file on failure. */
static inr_status finish(atomic_file *af)
{
    /* fflush first: after an earlier failed write it fails again, with its errno. */
    errno = 0;
    int failed = fflush(af->file) != 0 || ferror(af->file) ||
                 (!af->direct && fsync(fileno(af->file)) != 0);
    int err = errno ? errno : EIO;
    if (fclose(af->file) != 0 && !failed) { failed = 1; err = errno; }
    af->file = NULL;
    if (failed) {
        drop_temp(af);
        return inr_fail(INR_ERR_IO, "cannot write '%s': %s", af->final_path, strerror(err));
    }
    return INR_OK;
}

/* INRFIT_TEST_SIGNAL_AT_COMMIT (atomic_file.h): once per process. */
static void test_hook(void)
{
    static int done;
    const char *s = getenv("INRFIT_TEST_SIGNAL_AT_COMMIT");
    if (done || !s) return;
    done = 1;
    if (strcmp(s, "INT") == 0) inr_signal_self(SIGINT);
    else if (strcmp(s, "TERM") == 0) inr_signal_self(SIGTERM);
}

inr_status atomic_commit(atomic_file *af)
{
    atomic_file *one[1] = { af };
    return atomic_commit_set(one, 1);
}

/* The previous file at a final path, kept under a second name (a hard
 * link) while a set is renamed. */
typedef struct {
    enum { PREVIOUS_NONE, PREVIOUS_KEPT, PREVIOUS_LOST } state;  /* LOST: no link possible */
    int slot;
    char path[4096];
} previous_file;

static void keep_previous(const atomic_file *af, previous_file *p)
{
    p->slot = -1;
    temp_name(af->final_path, ".old", p->path, sizeof p->path);
    if (link(af->final_path, p->path) == 0) {
        p->state = PREVIOUS_KEPT;
        p->slot = temp_files_add(p->path);
    } else {
        p->state = errno == ENOENT ? PREVIOUS_NONE : PREVIOUS_LOST;
    }
}

inr_status atomic_commit_set(atomic_file *const *afs, int n)
{
    inr_status st = INR_OK;
    for (int i = 0; i < n; i++) {
        if (st == INR_OK) st = finish(afs[i]);
        else atomic_abort(afs[i]);
    }
    if (st) {
        for (int i = 0; i < n; i++) drop_temp(afs[i]);
        return st;
    }
    test_hook();
    previous_file *prev = n > 1 ? calloc((size_t)n, sizeof *prev) : NULL;
    if (n > 1 && !prev) {
        for (int i = 0; i < n; i++) drop_temp(afs[i]);
        return inr_fail(INR_ERR_NOMEM, "out of memory committing '%s'", afs[0]->final_path);
    }
    for (int i = 0; prev && i < n; i++)
        if (!afs[i]->direct) keep_previous(afs[i], &prev[i]);
    int failed = -1, err = 0;
    for (int i = 0; i < n && failed < 0; i++) {
        if (afs[i]->direct) continue;
        if (rename(afs[i]->temp_path, afs[i]->final_path) != 0) {
            failed = i;
            err = errno;
        } else {
            temp_files_forget(afs[i]->slot);
            afs[i]->slot = -1;
        }
    }
    if (failed >= 0) {
        for (int i = 0; i < failed; i++) {   /* roll back what was renamed */
            if (afs[i]->direct) continue;
            if (prev[i].state == PREVIOUS_KEPT) rename(prev[i].path, afs[i]->final_path);
            else if (prev[i].state == PREVIOUS_NONE) unlink(afs[i]->final_path);
        }
        for (int i = failed; i < n; i++) drop_temp(afs[i]);
        st = inr_fail(INR_ERR_IO, "cannot write '%s': %s", afs[failed]->final_path,
                      strerror(err));
    }
    for (int i = 0; prev && i < n; i++) {
        if (prev[i].state == PREVIOUS_KEPT) unlink(prev[i].path);
        temp_files_forget(prev[i].slot);
    }
    free(prev);
    return st;
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
