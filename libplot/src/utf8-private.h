/* UTF-8 validation: every string that reaches Pango or the site must be
 * valid UTF-8, so it is checked once where it enters the library. */
#ifndef CPLOT_UTF8_PRIVATE_H
#define CPLOT_UTF8_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

/* True when the `length` bytes are well-formed UTF-8 (no overlongs, no
 * surrogates, nothing above U+10FFFF). */
bool cplot_utf8_valid(const char *text, size_t length);

/* The longest length <= `length` that does not end inside a multi-byte
 * character of `text` (itself valid UTF-8 at least that far): where to
 * cut a message so that it stays UTF-8. */
size_t cplot_utf8_cut(const char *text, size_t length);

#endif
