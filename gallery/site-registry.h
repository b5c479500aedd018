/* The registry: families, chart types, data shapes and caveats, read from
 * SPECS/registry.json (caveat bodies from SPECS/caveats/ID.md). Every
 * index, navigation strip and related-types list on the site is generated
 * from it, so a link can only point at something the registry holds. */
#ifndef CPLOT_SITE_REGISTRY_H
#define CPLOT_SITE_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

typedef struct site_strings {
    char **items;
    size_t count;
} site_strings_t;

typedef struct site_family {
    char *id, *name, *summary;
} site_family_t;

/* A data shape of the "which chart?" page (one numeric variable, ...). */
typedef struct site_shape {
    char *id, *name, *summary;
} site_shape_t;

typedef struct site_caveat {
    char *id, *title, *summary;
    char *body; /* Markdown from caveats/ID.md; NULL when the file is missing */
} site_caveat_t;

typedef struct site_mistake {
    char *mistake, *instead; /* Markdown */
} site_mistake_t;

typedef struct site_type {
    char *id, *name;
    size_t family;             /* index into the registry's families */
    char *summary;             /* one line, plain text */
    char *definition, *uses;   /* Markdown */
    site_strings_t kinds;      /* library kinds its examples use (options reference) */
    site_strings_t shapes;     /* ids of site_shape_t */
    site_strings_t caveats;    /* ids of site_caveat_t */
    site_strings_t related;    /* ids of other types */
    site_strings_t order;      /* example names shown first, in this order */
    site_mistake_t *mistakes;
    size_t mistake_count;
} site_type_t;

typedef struct site_registry {
    site_family_t *families;
    size_t family_count;
    site_shape_t *shapes;
    size_t shape_count;
    site_caveat_t *caveats;
    size_t caveat_count;
    site_type_t *types;
    size_t type_count;
    /* The bytes read (registry and caveat files), for the content hash. */
    char *source;
    size_t source_length;
} site_registry_t;

/* Loads SPECS/registry.json. Problems are printed to standard error as
 * "PATH: POINTER: what is wrong"; a reference to something that does not
 * exist is dropped (so no page links to it) and counted in *errors. Returns
 * false only when the registry cannot be used at all (missing, not JSON,
 * out of memory). */
bool site_registry_load(const char *specs, site_registry_t *registry, size_t *errors);
void site_registry_release(site_registry_t *registry);

/* Index lookups by id; -1 when there is none. */
long site_registry_type(const site_registry_t *registry, const char *id);
long site_registry_family(const site_registry_t *registry, const char *id);
long site_registry_shape(const site_registry_t *registry, const char *id);
long site_registry_caveat(const site_registry_t *registry, const char *id);

/* True for a name usable as a path segment of the site: lowercase ASCII
 * letters, digits, "-" and "_", starting with a letter or digit, at most
 * 64 bytes, and none of the names the site itself uses at its top. */
bool site_valid_id(const char *id);

bool site_strings_contains(const site_strings_t *list, const char *item);

#endif
