/* The build manifest kept in the output (.cplot-cache.json): each
 * example's content hash (spec bytes, data bytes, the library's version
 * and build, the image recipe). An example whose hash is unchanged has its
 * images hard-linked from the previous site instead of rendered again. */
#ifndef CPLOT_SITE_CACHE_H
#define CPLOT_SITE_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "site-example.h"

#define SITE_CACHE_FILE ".cplot-cache.json"

typedef struct site_cache_entry {
    char *id;
    char hash[65];
} site_cache_entry_t;

typedef struct site_cache {
    site_cache_entry_t *entries;
    size_t count;
} site_cache_t;

/* Reads the manifest of the site in `folder`; an absent or unreadable one
 * is an empty cache (everything is rendered), never an error. */
void site_cache_read(const char *folder, site_cache_t *cache);
/* The stored hash of an example, or NULL. */
const char *site_cache_hash(const site_cache_t *cache, const char *id);
/* The manifest text for the examples that were built successfully. */
char *site_cache_text(const site_examples_t *examples, const bool *ok);
void site_cache_release(site_cache_t *cache);

/* What identifies the library's drawing: its version string, and the size
 * and modification time of the loaded libcplot file when it can be found,
 * so that a rebuilt library (same version, new pixels) renders again. */
void site_library_identity(char *identity, size_t size);

#endif
