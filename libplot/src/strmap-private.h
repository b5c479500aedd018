/* A string -> index hash map (open addressing), used to find category
 * levels in O(1) while reading columns of millions of rows. Keys are
 * borrowed: the caller keeps them alive as long as the map. */
#ifndef CPLOT_STRMAP_PRIVATE_H
#define CPLOT_STRMAP_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct cplot_strmap {
    const char **keys;
    size_t *values;
    size_t capacity; /* a power of two, or 0 */
    size_t count;
} cplot_strmap_t;

/* Zero-initialise a map to start empty. */
void cplot_strmap_release(cplot_strmap_t *map);
/* Looks `key` up; true and *value set when present. */
bool cplot_strmap_get(const cplot_strmap_t *map, const char *key, size_t *value);
/* Inserts or replaces; false (map unchanged) when out of memory. */
bool cplot_strmap_put(cplot_strmap_t *map, const char *key, size_t value);

#endif
