/* Positions in JSON text. cJSON keeps no source positions, so messages
 * about a value ("line 4, column 12: /bins: ...") find it again by walking
 * the text along the value's JSON pointer. */
#ifndef CPLOT_JSON_LOCATE_PRIVATE_H
#define CPLOT_JSON_LOCATE_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

/* The 1-based line and column (in characters, counting a tab as one) of
 * byte `offset` in text. */
void cplot_json_line_column(const char *text, size_t length, size_t offset, size_t *line,
                            size_t *column);

/* Finds the value at `pointer` (RFC 6901, "" for the root, "/data/url",
 * "/tags/2") in well-formed JSON text. With `want_key`, and when the last
 * step is an object member, the offset is that of the member's key (where
 * an editor should put the cursor for "unknown key"). false when the
 * pointer does not resolve. */
bool cplot_json_locate(const char *text, size_t length, const char *pointer, bool want_key,
                       size_t *offset);

#endif
