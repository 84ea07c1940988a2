/* path_name.c - file name parts (path_name.h). */
#include "path_name.h"

#include <stdio.h>
#include <string.h>

const char *path_base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

void path_stem(const char *path, char *out, size_t n)
{
    const char *base = path_base_name(path), *dot = strrchr(base, '.');
    int len = dot && dot != base ? (int)(dot - base) : (int)strlen(base);
    snprintf(out, n, "%.*s", len, base);
}
