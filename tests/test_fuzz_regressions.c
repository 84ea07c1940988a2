/* test_fuzz_regressions.c - replays, through the fuzz entry points
 * (fuzz/fuzz_targets.c), every input that once crashed, hung or leaked
 * (tests/regressions/<target>/) and the committed seed corpora
 * (fuzz/seeds/<target>/). A regression aborts or trips a sanitizer (make
 * test-asan); here it must simply run through. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
/* The entry points are compiled in rather than linked: they are not part of
 * libapp, and the fuzz programs build them with clang. */
#include "../fuzz/fuzz_targets.c"

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* Replays every file of dir through target; returns how many. */
static int replay_dir(const char *dir, const fuzz_target *t)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, by_name);
    if (n < 0) return 0;
    int replayed = 0;
    for (int i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
        free(names[i]);
        if (path[strlen(dir) + 1] == '.') continue; /* ., .., README etc. hidden */
        size_t size;
        unsigned char *data = read_file_bytes(path, &size);
        CHECK(data != NULL, "cannot read %s", path);
        if (!data) continue;
        fprintf(stderr, "replay %-10s %s (%zu bytes)\n", t->name, path, size);
        t->one(data, size);
        free(data);
        replayed++;
    }
    free(names);
    return replayed;
}

int main(void)
{
    int total = 0;
    for (size_t k = 0; k < sizeof FUZZ_TARGETS / sizeof FUZZ_TARGETS[0]; k++) {
        const fuzz_target *t = &FUZZ_TARGETS[k];
        char dir[256];
        snprintf(dir, sizeof dir, "tests/regressions/%s", t->name);
        int reg = replay_dir(dir, t);
        snprintf(dir, sizeof dir, "fuzz/seeds/%s", t->name);
        int seeds = replay_dir(dir, t);
        CHECK(seeds > 0, "no seed inputs for fuzz_%s in %s", t->name, dir);
        fprintf(stderr, "fuzz_%s: %d regression inputs, %d seeds replayed\n", t->name, reg, seeds);
        total += reg + seeds;
    }
    CHECK(total > 0, "nothing replayed");
    return check_result();
}
