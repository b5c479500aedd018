/* Rendering every example's images on all cores. Each worker parses its
 * own spec and so owns its chart (the library is thread-safe for distinct
 * objects); examples whose content hash matches the previous build have
 * their files linked from the previous site instead of rendered. */
#ifndef CPLOT_SITE_RENDER_H
#define CPLOT_SITE_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "cplot/cplot.h"
#include "site-cache.h"
#include "site-example.h"

/* One file rendered per example: NAME + suffix in its type's folder. The
 * suffixes use "." and "@", which example names cannot contain, so no two
 * examples' files can collide. */
typedef struct site_variant {
    const char *suffix;
    cplot_format_t format;
    bool thumbnail;   /* 640x448 CSS pixels instead of the spec's size */
    bool dark;
    double scale;
    bool needs_2x;    /* left out when the example is too large for 2x */
} site_variant_t;

extern const site_variant_t site_variants[];
extern const size_t site_variant_count;

/* Thumbnails keep one layout at both densities, like sphinx-gallery's
 * 320x224 thumbnails with a 2x srcset. */
enum { SITE_THUMB_WIDTH = 640, SITE_THUMB_HEIGHT = 448 };

bool site_variant_applies(const site_variant_t *variant, const site_example_t *example);

typedef struct site_render_result {
    size_t rendered, reused, failed; /* examples */
    size_t images;                   /* files written or linked */
    size_t io_errors;
    bool *ok;                        /* per example; the caller frees it */
} site_render_result_t;

/* Renders (or reuses) the files of every example into `staging`, with
 * `threads` workers, printing "[i/n] type/name" on standard error as each
 * finishes. `previous` is the site being replaced (NULL if none) and
 * `cache` its manifest; `force` renders everything. */
/* True when every example is unchanged since the build that wrote
 * `previous` (per its manifest `cache`) and all its files are there;
 * *images is then their number. */
bool site_render_unchanged(const site_examples_t *examples, const char *previous, const site_cache_t *cache,
                           size_t *images);

void site_render_all(const site_examples_t *examples, const char *staging, const char *previous,
                     const site_cache_t *cache, bool force, size_t threads, site_render_result_t *result);

#endif
