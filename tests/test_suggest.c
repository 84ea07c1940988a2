/* test_suggest.c - the edit distance and the choice of suggestion behind
 * "did you mean" (app/cli/suggest.c). */
#include <string.h>

#include "check.h"
#include "suggest.h"

static int dist(const char *a, const char *b) { return suggest_distance(a, strlen(a), b, strlen(b)); }

static const char *nearest(const char *word, const char *const *names)
{
    suggest s;
    suggest_start(&s, word);
    for (; *names; names++) suggest_offer(&s, *names);
    return s.best;
}

static int same(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

int main(void)
{
    CHECK(dist("fit", "fit") == 0, "identical");
    CHECK(dist("fti", "fit") == 1, "a swap of neighbours costs 1: %d", dist("fti", "fit"));
    CHECK(dist("--stpes", "--steps") == 1, "swap inside");
    CHECK(dist("rendr", "render") == 1, "insertion");
    CHECK(dist("kitten", "sitting") == 3, "classic Levenshtein case: %d", dist("kitten", "sitting"));
    CHECK(dist("", "abc") == 3 && dist("abc", "") == 3, "empty");
    CHECK(dist("ab", "ba") == 1 && dist("abc", "ca") == 3, "OSA: no edit of a swapped pair");

    static const char *const cmds[] = { "fit", "render", "info", "spectrum", "view", "help", NULL };
    static const char *const opts[] = { "--steps", "--seed", "--sigma", "--w0", "--w0-first",
                                        "-o", "--output", "-q", "--quiet", NULL };
    const char *got;
    CHECK(same(got = nearest("fti", cmds), "fit"), "fti -> %s", got ? got : "none");
    CHECK(same(got = nearest("specturm", cmds), "spectrum"), "specturm -> %s", got ? got : "none");
    CHECK(same(got = nearest("photo", cmds), NULL), "photo -> %s", got);
    CHECK(same(got = nearest("--stpes=10", opts), "--steps"), "value ignored: %s", got ? got : "none");
    CHECK(same(got = nearest("--w0frist", opts), "--w0-first"), "--w0frist -> %s", got ? got : "none");
    CHECK(same(got = nearest("--steps", opts), NULL), "a known name is not a typo");
    /* Short words get no guess ("-x" is not "-o" or "-q"). */
    CHECK(same(got = nearest("-x", opts), NULL), "-x -> %s", got);
    CHECK(same(got = nearest("--sed", opts), "--seed"), "--sed -> %s", got ? got : "none");
    CHECK(same(got = nearest("--bogus", opts), NULL), "--bogus -> %s", got);
    return check_result();
}
