/* temp_files.c - temporary files of this process and stale ones of dead
 * processes (temp_files.h). */
#include "temp_files.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A slot is free (0), being filled (1) or holds a path (2); the handler
 * reads only slots in state 2, whose path is complete. */
enum { SLOTS = 32, PATH_MAX_BYTES = 4096 };
static atomic_int state[SLOTS];
static char paths[SLOTS][PATH_MAX_BYTES];

void temp_name(const char *path, const char *suffix, char *out, size_t out_size)
{
    snprintf(out, out_size, "%s%s.tmp-%ld", path, suffix, (long)getpid());
}

int temp_files_add(const char *path)
{
    if (strlen(path) >= PATH_MAX_BYTES) return -1;
    for (int i = 0; i < SLOTS; i++) {
        int expected = 0;
        if (atomic_compare_exchange_strong(&state[i], &expected, 1)) {
            memcpy(paths[i], path, strlen(path) + 1);
            atomic_store(&state[i], 2);
            return i;
        }
    }
    return -1;
}

void temp_files_forget(int slot)
{
    if (slot >= 0 && slot < SLOTS) atomic_store(&state[slot], 0);
}

void temp_files_unlink_all(void)
{
    for (int i = 0; i < SLOTS; i++)
        if (atomic_load(&state[i]) == 2) unlink(paths[i]);
}

/* The PID of NAME when it is BASE.tmp-PID or BASE.<x>.tmp-PID, else 0. */
static long stale_pid(const char *name, const char *base)
{
    size_t n = strlen(base);
    if (strncmp(name, base, n) != 0 || name[n] != '.') return 0;
    const char *tag = strstr(name + n, ".tmp-");
    if (!tag) return 0;
    while (strstr(tag + 1, ".tmp-")) tag = strstr(tag + 1, ".tmp-");
    char *end;
    long pid = strtol(tag + 5, &end, 10);
    return *end == '\0' && end != tag + 5 && pid > 0 ? pid : 0;
}

int temp_files_remove_stale(const char *prefix, void (*report)(const char *path, void *ctx),
                            void *ctx)
{
    char dir[PATH_MAX_BYTES];
    const char *slash = strrchr(prefix, '/');
    const char *base = slash ? slash + 1 : prefix;
    if (!*base || strlen(prefix) >= sizeof dir) return 0;
    if (slash) snprintf(dir, sizeof dir, "%.*s", (int)(slash - prefix) + 1, prefix);
    else snprintf(dir, sizeof dir, "./");
    DIR *d = opendir(dir);
    if (!d) return 0;
    int removed = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        long pid = stale_pid(e->d_name, base);
        /* kill(pid, 0) fails with ESRCH only when no such process exists. */
        if (!pid || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue;
        char path[2 * PATH_MAX_BYTES];
        snprintf(path, sizeof path, "%s%s", slash ? dir : "", e->d_name);
        if (unlink(path) == 0) {
            removed++;
            if (report) report(path, ctx);
        }
    }
    closedir(d);
    return removed;
}
