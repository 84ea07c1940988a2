/* atomic_file.h - write outputs under a temporary name, then rename.
 *
 * An interrupted or failed write never leaves a half-written file at the
 * final path:  atomic_open(path, &af); ...write af.file...; then
 * atomic_commit(&af) (flush, fsync, rename) or atomic_abort(&af) (close and
 * delete the temporary file). atomic_commit_set() renames several files as
 * a set: when one cannot be renamed, the others get their previous files
 * back. Temporary files ("PATH.tmp-PID") are recorded in temp_files.h, so
 * that a signal handler can remove them.
 *
 * What a path may be:
 * - a symbolic link is written through: the file it points to is replaced
 *   (atomically, next to it) and the link stays; a link to nothing is refused;
 * - a character device or FIFO (/dev/null, /dev/stdout, a pipe) is written
 *   in place, without a temporary file;
 * - a directory, a block device or a socket is refused, as is a file that
 *   atomic_protect() named an input of this run.
 *
 * Test hook: with INRFIT_TEST_SIGNAL_AT_COMMIT=INT (or TERM) in the
 * environment the process raises that signal once, just before its first
 * rename into place, so tests can check what an interrupted commit leaves.
 */
#ifndef INR_ATOMIC_FILE_H
#define INR_ATOMIC_FILE_H

#include <stdio.h>
#include <sys/types.h>

#include "status.h"

typedef struct {
    FILE *file;          /* open on the temporary path (the device itself when direct) */
    int direct;          /* a device or FIFO, written in place */
    int slot;            /* temp_files.h slot of temp_path, -1 none */
    char final_path[4096];  /* where it goes (a symbolic link's target) */
    char temp_path[4096];
} atomic_file;

inr_status atomic_open(const char *path, atomic_file *af);
/* Flushes, fsyncs and closes (deleting the temporary file on failure), then
 * renames into place. */
inr_status atomic_commit(atomic_file *af);
/* The same for n files, all or nothing: every file is flushed and synced
 * first, then they are renamed; if a rename fails, the ones already renamed
 * are rolled back to their previous content (or removed if they are new). */
inr_status atomic_commit_set(atomic_file *const *afs, int n);
void atomic_abort(atomic_file *af);

/* Records the file open on fd as an input of this run: no output replaces it. */
void atomic_protect_fd(int fd);

/* The whole of data (size bytes) as the file `path`, through atomic_open()
 * and atomic_commit(). */
inr_status atomic_write(const char *path, const void *data, size_t size);

#endif
