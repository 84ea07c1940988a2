/* temp_files.h - the temporary files of this process ("PATH.tmp-PID"), so
 * that a signal handler can remove them, and the stale ones that a killed
 * process (kill -9, power loss) left behind, so that the next run removes them.
 */
#ifndef INR_TEMP_FILES_H
#define INR_TEMP_FILES_H

#include <stddef.h>

/* "path.tmp-PID" for this process. */
void temp_name(const char *path, const char *suffix, char *out, size_t out_size);

/* Records a temporary file that exists now; returns its slot, or -1 when
 * the table is full (the file is then not removed on a signal). */
int temp_files_add(const char *path);
/* Forgets a slot (its file was renamed into place or removed); -1 is a no-op. */
void temp_files_forget(int slot);
/* Removes every recorded temporary file. Async-signal-safe. */
void temp_files_unlink_all(void);

/* Removes "PREFIX.tmp-PID" and "PREFIX.<anything>.tmp-PID" next to PREFIX
 * whose process PID is gone (a live process keeps its files), calling
 * report(path, ctx) for each one removed. Returns how many were removed. */
int temp_files_remove_stale(const char *prefix, void (*report)(const char *path, void *ctx),
                            void *ctx);

#endif
