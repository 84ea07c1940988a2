/* suggest.c - edit distance and the nearest candidate (suggest.h). */
#include "suggest.h"

#include <string.h>

/* Names are short; longer words are not worth a suggestion. */
enum { SUGGEST_MAX_LEN = 64 };

int suggest_distance(const char *a, size_t na, const char *b, size_t nb)
{
    if (na > SUGGEST_MAX_LEN || nb > SUGGEST_MAX_LEN) return SUGGEST_MAX_LEN + 1;
    int d[SUGGEST_MAX_LEN + 1][SUGGEST_MAX_LEN + 1];
    for (size_t i = 0; i <= na; i++) d[i][0] = (int)i;
    for (size_t j = 0; j <= nb; j++) d[0][j] = (int)j;
    for (size_t i = 1; i <= na; i++)
        for (size_t j = 1; j <= nb; j++) {
            int cost = a[i - 1] != b[j - 1];
            int v = d[i - 1][j - 1] + cost;
            if (d[i - 1][j] + 1 < v) v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v) v = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[na][nb];
}

void suggest_start(suggest *s, const char *word)
{
    s->word = word;
    s->best = NULL;
    s->dist = 0;
}

/* The word up to an '=' (an option's value is not part of its name). */
static size_t word_len(const char *w)
{
    const char *eq = strchr(w, '=');
    return eq ? (size_t)(eq - w) : strlen(w);
}

/* Edits allowed for a word of n letters (leading dashes not counted):
 * none for one or two letters, one up to five, then two, then three. */
static int allowed(const char *w, size_t n)
{
    while (n > 0 && *w == '-') w++, n--;
    return n <= 2 ? 0 : n <= 5 ? 1 : n <= 9 ? 2 : 3;
}

void suggest_offer(suggest *s, const char *candidate)
{
    size_t n = word_len(s->word);
    int d = suggest_distance(s->word, n, candidate, strlen(candidate));
    if (d > 0 && d <= allowed(s->word, n) && (!s->best || d < s->dist)) {
        s->best = candidate;
        s->dist = d;
    }
}
