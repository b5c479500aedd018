/* The site's own files: page templates (site/templates/) and the static
 * assets copied into every build (site/assets/: stylesheet, script,
 * icon). They are compiled into the command (gallery/embed-site.cmake),
 * or read from a folder given with --site while a theme is being worked
 * on, so that changing the CSS needs no rebuild. */
#ifndef CPLOT_SITE_ASSETS_H
#define CPLOT_SITE_ASSETS_H

#include <stdbool.h>
#include <stddef.h>

#include "site-buffer.h"

typedef struct site_asset {
    const char *path; /* relative to site/, e.g. "assets/style.css" */
    const unsigned char *bytes;
    size_t length;
} site_asset_t;

extern const site_asset_t site_embedded_assets[];
extern const size_t site_embedded_asset_count;

typedef struct site_assets {
    const site_asset_t *items;
    size_t count;
    site_asset_t *owned; /* when read from a folder */
    bool *allocated;     /* which of owned's bytes were read (the rest are embedded) */
} site_assets_t;

/* The compiled-in files (folder NULL) or those under `folder`. */
bool site_assets_load(const char *folder, site_assets_t *assets);
void site_assets_release(site_assets_t *assets);
const site_asset_t *site_assets_find(const site_assets_t *assets, const char *path);

/* A template variable: `{{name}}` in a template is replaced by the value
 * escaped as HTML text, `{{{name}}}` by the value as it is (HTML the
 * generator built and escaped itself). */
typedef struct site_variable {
    const char *name;
    const char *value;
} site_variable_t;

/* Expands a template; false (and the name in `unknown`, 64 bytes) when it
 * uses a variable that is not given, so a typo in a template is an error
 * rather than a hole in every page. */
bool site_template_expand(site_buffer_t *out, const char *text, size_t length,
                          const site_variable_t *variables, size_t count, char *unknown);

#endif
