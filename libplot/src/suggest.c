#include "suggest-private.h"

#include <stdlib.h>
#include <string.h>

/* Optimal string alignment distance, capped: words longer than this are
 * compared on their first 64 bytes, which is plenty for option names. */
#define MAX_WORD 64

static size_t min3(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;
    return m < c ? m : c;
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t n = strnlen(a, MAX_WORD), m = strnlen(b, MAX_WORD);
    size_t d[MAX_WORD + 1][MAX_WORD + 1];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = min3(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < d[i][j])
                d[i][j] = d[i - 2][j - 2] + 1;
        }
    }
    return d[n][m];
}

const char *cplot_suggest(const char *word, const char *const *candidates, size_t count)
{
    if (!word || !candidates)
        return NULL;
    size_t length = strnlen(word, MAX_WORD);
    size_t limit = (length + 2) / 3;
    if (limit > 2)
        limit = 2;
    if (limit < 1)
        limit = 1;
    const char *best = NULL;
    size_t best_distance = limit + 1;
    for (size_t i = 0; count == (size_t)-1 ? candidates[i] != NULL : i < count; i++) {
        size_t distance = edit_distance(word, candidates[i]);
        /* Replacing the whole word is no typo ("z" is not a misspelt "a"). */
        if (distance >= length)
            continue;
        if (distance < best_distance) {
            best = candidates[i];
            best_distance = distance;
        }
    }
    return best;
}
