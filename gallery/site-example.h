/* Examples: the specs under SPECS/<type>/<name>.json, read and checked
 * once, with everything the pages need (title, description, tags, alt
 * text, the options set, the data file, the equivalent C program and the
 * content hash that decides whether old images can be reused). */
#ifndef CPLOT_SITE_EXAMPLE_H
#define CPLOT_SITE_EXAMPLE_H

#include <stdbool.h>
#include <stddef.h>

#include "site-registry.h"

typedef struct site_example {
    size_t type;          /* index into the registry's types */
    char *name;           /* file name without .json: the page's name */
    char *id;             /* "type/name" */
    char *spec_path;      /* SPECS/type/name.json */
    char *spec_bytes;     /* the file as read, NUL-terminated */
    size_t spec_length;
    char *kind;           /* the spec's "chart" */
    char *title;          /* the "title" option, or the name made readable */
    char *subtitle;       /* may be NULL */
    char *description;    /* Markdown, may be NULL */
    site_strings_t tags;
    site_strings_t options;  /* option keys the spec sets, in spec order */
    char *alt;            /* generated from the kind and channels */
    char *data_path;      /* the data file as found (NULL for inline data) */
    char *data_site_path; /* where its copy goes, relative to the site root */
    size_t data_length;   /* its size in bytes, which roughly predicts the work */
    char *program;        /* the equivalent C program */
    int width, height;    /* the chart's CSS size */
    bool has_2x;          /* false when a 2x PNG would exceed the pixel limit */
    char hash[65];
} site_example_t;

typedef struct site_examples {
    const char *specs_root; /* the folder data must stay inside */
    site_example_t *items;
    size_t count;
    size_t failed;     /* specs that were invalid (reported, left out) */
    size_t io_errors;  /* folders or files that could not be read */
} site_examples_t;

/* Finds and loads every example of every registered type, in type order
 * and within a type in the type's "order" then by name. A bad spec is
 * reported with its diagnostics and left out; folders under SPECS that
 * hold specs but name no registered type are reported too. `identity`
 * (the library's version and build) goes into every content hash. */
void site_examples_load(const char *specs, const site_registry_t *registry, const char *identity,
                        site_examples_t *examples);
void site_examples_release(site_examples_t *examples);
/* Frees one example's fields (for dropping it from the list). */
void site_example_release(site_example_t *example);

/* The first example of a type, and the number it has. */
long site_examples_first_of_type(const site_examples_t *examples, size_t type);
size_t site_examples_count_of_type(const site_examples_t *examples, size_t type);

#endif
