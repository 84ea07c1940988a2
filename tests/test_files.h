/* test_files.h - a scratch directory for the file-format tests and small
 * file helpers: make_tmpdir("audio") creates /tmp/inrfit-test-audio-XXXXXX,
 * tmp_path names a file in it, remove_tmpdir deletes it with its files;
 * plus a seeded xorshift (test_rnd) so fixtures and failures reproduce. */
#ifndef INR_TEST_FILES_H
#define INR_TEST_FILES_H

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[256];

/* 0 on success; prints why and returns -1 otherwise. */
static inline int make_tmpdir(const char *what)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/inrfit-test-%s-XXXXXX", what);
    if (mkdtemp(tmpdir)) return 0;
    perror("mkdtemp");
    return -1;
}

static inline void tmp_path(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", tmpdir, name);
}

static inline void remove_tmpdir(void)
{
    DIR *d = opendir(tmpdir);
    if (!d) return;
    struct dirent *e;
    char path[512];
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
        if (remove(path) != 0) fprintf(stderr, "cannot remove %s\n", path);
    }
    closedir(d);
    rmdir(tmpdir);
}

static inline int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Number of entries in tmpdir whose name starts with `prefix`. */
static inline int count_files(const char *prefix)
{
    DIR *d = opendir(tmpdir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (!strncmp(e->d_name, prefix, strlen(prefix))) n++;
    if (d) closedir(d);
    return n;
}

static inline int write_file(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    size_t put = fwrite(data, 1, size, f);
    return (fclose(f) == 0 && put == size) ? 0 : -1;
}

/* Deterministic xorshift; the test sets test_rnd_state to its seed. */
static uint32_t test_rnd_state = 2463534242u;

static inline uint32_t test_rnd(void)
{
    test_rnd_state ^= test_rnd_state << 13;
    test_rnd_state ^= test_rnd_state >> 17;
    test_rnd_state ^= test_rnd_state << 5;
    return test_rnd_state;
}

#endif
