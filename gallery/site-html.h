/* HTML fragments more than one page uses: chart pictures with their 2x
 * and dark variants, example and chart-type cards, breadcrumbs, links. */
#ifndef CPLOT_SITE_HTML_H
#define CPLOT_SITE_HTML_H

#include <stdbool.h>

#include "site-buffer.h"
#include "site-output.h"

/* <picture> with the dark variant under prefers-color-scheme: dark and a
 * 1x/2x srcset for each; `thumbnail` picks the 320x224 thumbnail. */
void site_html_picture(site_buffer_t *out, const char *root, const site_example_t *example,
                       bool thumbnail, bool lazy);
/* The URL of an example's page, a type's page, a family's page. */
void site_html_example_url(site_buffer_t *out, const char *root, const site_example_t *example);
void site_html_type_url(site_buffer_t *out, const char *root, const site_type_t *type);
void site_html_family_url(site_buffer_t *out, const char *root, const site_family_t *family);
/* An example's card: thumbnail, title as caption, the description's first
 * words as tooltip; `type_name` adds the chart type under the title. */
void site_html_example_card(site_buffer_t *out, const char *root, const site_example_t *example,
                            const char *type_name);
/* A chart type's card: its first example's thumbnail (or a "no examples
 * yet" placeholder), name, summary and number of examples. */
void site_html_type_card(site_buffer_t *out, const site_context_t *context, const char *root, size_t type);
/* <nav class="crumbs"> from pairs of (label, href); the last has no link. */
void site_html_breadcrumbs(site_buffer_t *out, const char *const *labels, const char *const *hrefs,
                           size_t count);

#endif
