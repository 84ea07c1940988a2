/* outputs.c - output paths checked before any work (outputs.h). */
#include "outputs.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "temp_files.h"

/* The directory part of path ("." when none), and its last component. */
static const char *split(const char *path, char *dir, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (!slash) snprintf(dir, size, ".");
    else if (slash == path) snprintf(dir, size, "/");
    else snprintf(dir, size, "%.*s", (int)(slash - path), path);
    return slash ? slash + 1 : path;
}

int paths_same(const char *a, const char *b)
{
    struct stat sa, sb;
    int ea = stat(a, &sa) == 0, eb = stat(b, &sb) == 0;
    if (ea || eb) return ea && eb && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    char da[4096], db[4096];
    const char *na = split(a, da, sizeof da), *nb = split(b, db, sizeof db);
    return strcmp(na, nb) == 0 && stat(da, &sa) == 0 && stat(db, &sb) == 0 &&
           sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int outputs_check(const named_path *in, int n_in, const named_path *out, int n_out)
{
    for (int i = 0; i < n_out; i++) {
        if (!out[i].path) continue;
        for (int j = 0; j < n_in; j++)
            if (in[j].path && paths_same(out[i].path, in[j].path)) {
                cli_error("%s '%s' would replace %s '%s': choose another output name",
                          out[i].what, out[i].path, in[j].what, in[j].path);
                return 2;
            }
        for (int j = 0; j < i; j++)
            if (out[j].path && paths_same(out[i].path, out[j].path)) {
                cli_error("%s '%s' and %s '%s' are the same file: give them different names",
                          out[j].what, out[j].path, out[i].what, out[i].path);
                return 2;
            }
    }
    return 0;
}

int output_prefix_check(const char *option, const char *prefix)
{
    char dir[4096];
    const char *name = split(prefix, dir, sizeof dir);
    if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
        cli_error("%s '%s' names no file: give a name (e.g. %s%sresult)", option, prefix,
                  prefix, *prefix && prefix[strlen(prefix) - 1] != '/' ? "/" : "");
        return 2;
    }
    return 0;
}

static void report_stale(const char *path, void *ctx)
{
    (void)ctx;
    cli_error("removed '%s', a temporary file its process (now gone) left behind", path);
}

void outputs_remove_stale(const char *prefix)
{
    temp_files_remove_stale(prefix, report_stale, NULL);
}
