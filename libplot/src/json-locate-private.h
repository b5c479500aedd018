/* Positions in JSON text. cJSON keeps no source positions, so messages
 * about a value ("line 4, column 12: /bins: ...") find it again by walking
 * the text along the value's JSON pointer. */
#ifndef CPLOT_JSON_LOCATE_PRIVATE_H
#define CPLOT_JSON_LOCATE_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#include "memory-private.h"

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

/* The UTF-16 code unit of the escape "\\uXXXX" at text[at], or -1 when
 * there is none there. */
long cplot_json_utf16_unit(const char *text, size_t length, size_t at);

/* Appends the pointer step for member `key`, "/" and the key escaped per
 * RFC 6901 ("~" as "~0", "/" as "~1"), keeping the buffer NUL-terminated;
 * false (buffer possibly grown but its text unchanged) when memory ran out. */
bool cplot_json_pointer_append(cplot_buffer_t *pointer, const char *key);

#endif
