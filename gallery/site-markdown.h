/* Markdown (descriptions, chart-type prose, caveat pages) to HTML with
 * cmark in safe mode: raw HTML is dropped and javascript:, vbscript:,
 * file: and most data: URLs are blanked by cmark itself. Images are
 * turned into their alternative text, because a spec could otherwise make
 * a page load anything from anywhere. */
#ifndef CPLOT_SITE_MARKDOWN_H
#define CPLOT_SITE_MARKDOWN_H

#include <stddef.h>

#include "site-buffer.h"

void site_markdown_html(site_buffer_t *out, const char *markdown);
/* The text of the Markdown without markup, whitespace collapsed, cut at a
 * word boundary near `max` bytes with "…" (0: no limit); for tooltips,
 * meta descriptions and the search index. Not escaped. */
char *site_markdown_plain(const char *markdown, size_t max);

#endif
