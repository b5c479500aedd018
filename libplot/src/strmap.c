#include "strmap-private.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "memory-private.h"

/* FNV-1a: short keys, no adversarial guarantees needed beyond the caps on
 * category counts the readers enforce. */
static uint64_t hash_string(const char *key)
{
    uint64_t hash = 1469598103934665603ull;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        hash ^= *p;
        hash *= 1099511628211ull;
    }
    return hash;
}

static size_t find_slot(const char **keys, size_t capacity, const char *key)
{
    size_t mask = capacity - 1;
    size_t slot = (size_t)hash_string(key) & mask;
    while (keys[slot] && strcmp(keys[slot], key) != 0)
        slot = (slot + 1) & mask;
    return slot;
}

void cplot_strmap_release(cplot_strmap_t *map)
{
    free(map->keys);
    free(map->values);
    memset(map, 0, sizeof *map);
}

bool cplot_strmap_get(const cplot_strmap_t *map, const char *key, size_t *value)
{
    if (map->capacity == 0)
        return false;
    size_t slot = find_slot(map->keys, map->capacity, key);
    if (!map->keys[slot])
        return false;
    *value = map->values[slot];
    return true;
}

static bool grow(cplot_strmap_t *map)
{
    size_t capacity = map->capacity ? map->capacity * 2 : 16;
    if (capacity < map->capacity)
        return false;
    const char **keys = cplot_calloc_array(capacity, sizeof *keys);
    size_t *values = cplot_alloc_array(capacity, sizeof *values);
    if (!keys || !values) {
        free(keys);
        free(values);
        return false;
    }
    for (size_t i = 0; i < map->capacity; i++) {
        if (!map->keys[i])
            continue;
        size_t slot = find_slot(keys, capacity, map->keys[i]);
        keys[slot] = map->keys[i];
        values[slot] = map->values[i];
    }
    free(map->keys);
    free(map->values);
    map->keys = keys;
    map->values = values;
    map->capacity = capacity;
    return true;
}

bool cplot_strmap_put(cplot_strmap_t *map, const char *key, size_t value)
{
    /* Keep the load factor under 1/2 so probes stay short. */
    if ((map->count + 1) * 2 > map->capacity && !grow(map))
        return false;
    size_t slot = find_slot(map->keys, map->capacity, key);
    if (!map->keys[slot]) {
        map->keys[slot] = key;
        map->count++;
    }
    map->values[slot] = value;
    return true;
}
