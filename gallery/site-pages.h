/* The page builders. Each writes one kind of page through the layout
 * template; all links are generated from the registry and the examples
 * that built, so no page links to itself or to a page that is not there. */
#ifndef CPLOT_SITE_PAGES_H
#define CPLOT_SITE_PAGES_H

#include "site-output.h"

void site_page_home(site_context_t *context);
void site_page_family(site_context_t *context, size_t family);
void site_page_which(site_context_t *context);
void site_page_search(site_context_t *context);
void site_page_not_found(site_context_t *context);
void site_page_type(site_context_t *context, size_t type);
void site_page_example(site_context_t *context, size_t example);
void site_page_caveat(site_context_t *context, size_t caveat);

/* search.json: every page with its title, kind, summary and tags. */
void site_write_search_index(site_context_t *context);
/* sitemap.xml from the pages written so far. */
void site_write_sitemap(site_context_t *context);

#endif
