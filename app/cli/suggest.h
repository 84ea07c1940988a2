/* suggest.h - "did you mean": the known name nearest to a mistyped word.
 *
 * Offer the candidates one by one (the parsers' own tables and matchers do,
 * so there is no second list of names); the nearest one within a distance
 * that grows with the word's length is the suggestion. */
#ifndef INR_SUGGEST_H
#define INR_SUGGEST_H

#include <stddef.h>

typedef struct {
    const char *word;   /* the mistyped word (compared up to an '=') */
    const char *best;   /* nearest candidate close enough so far, or NULL */
    int dist;
} suggest;

/* Optimal-string-alignment distance: insertions, deletions, substitutions
 * and swaps of two neighbours cost 1 each ("fti" -> "fit" is 1). */
int suggest_distance(const char *a, size_t na, const char *b, size_t nb);

void suggest_start(suggest *s, const char *word);
void suggest_offer(suggest *s, const char *candidate);

#endif
