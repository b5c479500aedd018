/* The folder a build writes into (the staging folder), the pages written
 * so far (for the sitemap), and the build's counters. */
#ifndef CPLOT_SITE_OUTPUT_H
#define CPLOT_SITE_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "site-assets.h"
#include "site-example.h"
#include "site-registry.h"

typedef struct site_output {
    const char *root;     /* the staging folder */
    const char *previous; /* the site being replaced, or NULL */
    site_strings_t sitemap; /* pages to list in sitemap.xml, relative to the root */
    size_t sitemap_capacity;
    size_t pages, images, files;
    size_t io_errors;
    bool check_only; /* compare with `previous` and write nothing */
    bool differs;    /* a file compared differs from the previous one */
} site_output_t;

/* Writes a file at `relative` under the root, creating folders; an error
 * is reported on standard error and counted. A file whose bytes equal the
 * previous site's at the same path is hard-linked from there instead:
 * creating inodes is most of the cost of a rebuild on ext4. With
 * check_only, only compares (and counts) the file. */
bool site_output_write(site_output_t *output, const char *relative, const void *bytes, size_t length);
/* Copies a file from outside into the root. */
bool site_output_copy(site_output_t *output, const char *from, const char *relative);
/* The absolute-ish path of `relative` in the root (the caller frees it). */
char *site_output_path(const site_output_t *output, const char *relative);
void site_output_release(site_output_t *output);

/* Everything page builders read. */
typedef struct site_context {
    const site_registry_t *registry;
    const site_examples_t *examples;
    const site_assets_t *assets;
    const char *base_url; /* "https://host/path/" or NULL */
    site_output_t *output;
    size_t template_errors;
} site_context_t;

/* One page: the layout template wrapped around its content. */
typedef struct site_page {
    const char *path;        /* relative to the site root: "scatter/basic.html" */
    const char *title;       /* plain text */
    const char *description; /* plain text for <meta name="description"> */
    const char *breadcrumbs; /* HTML, or NULL */
    const char *content;     /* HTML */
    const char *head;        /* extra HTML for <head>, or NULL */
    const char *root;        /* the prefix to the site root; NULL: from the path's depth */
    const char *current;     /* nav entry marked current: "home", a family id, "which", "search" */
    bool in_sitemap;
} site_page_t;

bool site_page_write(site_context_t *context, const site_page_t *page);

/* "../" once per folder in `path`: the prefix from the page to the root. */
const char *site_root_of(const char *path);

#endif
