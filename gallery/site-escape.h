/* Escaping for every context the generator writes untrusted text into:
 * HTML text and attribute values, URL query components, JSON strings and
 * C string literals. Spec titles, descriptions, tags, column names and
 * category labels all pass through here; nothing reaches a page raw. */
#ifndef CPLOT_SITE_ESCAPE_H
#define CPLOT_SITE_ESCAPE_H

#include "site-buffer.h"

/* HTML text or a quoted attribute value (both quote kinds are escaped, so
 * one function serves both contexts). Invalid UTF-8 and control
 * characters, which HTML5 parsers report as errors, become U+FFFD. */
void site_escape_html(site_buffer_t *out, const char *text);
/* Percent-encodes everything but unreserved characters (RFC 3986), for a
 * value inside a URL's query; the result still needs site_escape_html
 * when it goes into an attribute (it cannot contain anything that would
 * change there, but the rule is kept simple: everything is escaped). */
void site_escape_url_component(site_buffer_t *out, const char *text);
/* A JSON string with its quotes. "<" and ">" are written as \u003c and
 * \u003e so the text can sit inside a <script> element too. */
void site_escape_json(site_buffer_t *out, const char *text);
/* A C string literal with its quotes: backslash, quote, control bytes and
 * "?" after "?" (trigraphs) escaped; valid UTF-8 is kept readable. */
void site_escape_c(site_buffer_t *out, const char *text);

/* The length of the valid UTF-8 sequence at `text` (1 to 4), or 0 if the
 * bytes there are not one. */
size_t site_utf8_sequence(const unsigned char *text);

#endif
