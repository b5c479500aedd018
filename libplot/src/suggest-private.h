/* "Did you mean ...?" suggestions for misspelt option and column names. */
#ifndef CPLOT_SUGGEST_PRIVATE_H
#define CPLOT_SUGGEST_PRIVATE_H

#include <stddef.h>

/* The candidate closest to `word` by edit distance (insert, delete,
 * substitute, swap of neighbours), if it is close enough to be a likely
 * typo: distance at most 2, and at most a third of the word's length
 * rounded up, and less than the word's length. NULL otherwise. `candidates` is NULL-terminated when `count`
 * is (size_t)-1. */
const char *cplot_suggest(const char *word, const char *const *candidates, size_t count);

#endif
