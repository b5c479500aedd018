/* Syntax highlighting as HTML spans, done at build time so that pages need
 * no JavaScript to show coloured code. */
#ifndef CPLOT_SITE_HIGHLIGHT_H
#define CPLOT_SITE_HIGHLIGHT_H

#include <stddef.h>

#include "site-buffer.h"

/* JSON text: object keys (class "k"), strings ("s"), numbers ("n"),
 * true/false/null ("l"); everything escaped. Malformed input is still
 * escaped, just less coloured. */
void site_highlight_json(site_buffer_t *out, const char *text, size_t length);
/* C source: comments ("c"), string and character literals ("s"), numbers
 * ("n"), keywords and types ("k"), preprocessor lines ("p"), cplot_
 * identifiers ("f"). */
void site_highlight_c(site_buffer_t *out, const char *text, size_t length);

#endif
