#include "site-escape.h"

#include <stdint.h>
#include <string.h>

size_t site_utf8_sequence(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    size_t length;
    uint32_t code;
    if ((s[0] & 0xe0) == 0xc0) {
        length = 2;
        code = s[0] & 0x1f;
    } else if ((s[0] & 0xf0) == 0xe0) {
        length = 3;
        code = s[0] & 0x0f;
    } else if ((s[0] & 0xf8) == 0xf0) {
        length = 4;
        code = s[0] & 0x07;
    } else {
        return 0;
    }
    for (size_t i = 1; i < length; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        code = code << 6 | (s[i] & 0x3f);
    }
    /* Overlong forms, surrogates and code points past U+10FFFF. */
    static const uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < smallest[length] || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff)
        return 0;
    /* C1 controls and noncharacters are HTML parse errors. */
    if ((code >= 0x80 && code <= 0x9f) || (code >= 0xfdd0 && code <= 0xfdef) || (code & 0xfffe) == 0xfffe)
        return 0;
    return length;
}

static const char replacement[] = "\xef\xbf\xbd";

void site_escape_html(site_buffer_t *out, const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    const unsigned char *run = p; /* bytes not yet copied that need no escape */
    while (*p) {
        const char *entity = NULL;
        size_t skip = 1;
        switch (*p) {
        case '&': entity = "&amp;"; break;
        case '<': entity = "&lt;"; break;
        case '>': entity = "&gt;"; break;
        case '"': entity = "&quot;"; break;
        case '\'': entity = "&#39;"; break;
        case '\t':
        case '\n':
            break;
        case '\r':
            entity = "\n";
            break;
        default:
            if (*p < 0x20 || *p == 0x7f) {
                entity = replacement;
            } else if (*p >= 0x80) {
                skip = site_utf8_sequence(p);
                if (skip == 0) {
                    entity = replacement;
                    skip = 1;
                }
            }
        }
        if (entity) {
            site_buffer_append(out, (const char *)run, (size_t)(p - run));
            site_buffer_puts(out, entity);
            p += skip;
            run = p;
        } else {
            p += skip;
        }
    }
    site_buffer_append(out, (const char *)run, (size_t)(p - run));
}

void site_escape_url_component(site_buffer_t *out, const char *text)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
            || c == '_' || c == '.' || c == '~') {
            site_buffer_append(out, (const char *)p, 1);
        } else {
            char encoded[3] = {'%', hex[c >> 4], hex[c & 15]};
            site_buffer_append(out, encoded, 3);
        }
    }
}

void site_escape_json(site_buffer_t *out, const char *text)
{
    site_buffer_puts(out, "\"");
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        unsigned char c = *p;
        if (c == '"' || c == '\\') {
            char pair[2] = {'\\', (char)c};
            site_buffer_append(out, pair, 2);
            p++;
        } else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x7f) {
            site_buffer_printf(out, "\\u%04x", c);
            p++;
        } else if (c >= 0x80) {
            size_t n = site_utf8_sequence(p);
            if (n == 0) {
                site_buffer_puts(out, "\\ufffd");
                p++;
            } else {
                site_buffer_append(out, (const char *)p, n);
                p += n;
            }
        } else {
            site_buffer_append(out, (const char *)p, 1);
            p++;
        }
    }
    site_buffer_puts(out, "\"");
}

void site_escape_c(site_buffer_t *out, const char *text)
{
    site_buffer_puts(out, "\"");
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        unsigned char c = *p;
        if (c == '"' || c == '\\') {
            char pair[2] = {'\\', (char)c};
            site_buffer_append(out, pair, 2);
        } else if (c == '\n') {
            site_buffer_puts(out, "\\n");
        } else if (c == '\t') {
            site_buffer_puts(out, "\\t");
        } else if (c == '?' && p[1] == '?') {
            site_buffer_puts(out, "?\\");
        } else if (c < 0x20 || c == 0x7f) {
            /* Three octal digits always end the escape, unlike \x. */
            site_buffer_printf(out, "\\%03o", c);
        } else if (c >= 0x80) {
            size_t n = site_utf8_sequence(p);
            if (n == 0) {
                site_buffer_printf(out, "\\%03o", c);
            } else {
                site_buffer_append(out, (const char *)p, n);
                p += n - 1;
            }
        } else {
            site_buffer_append(out, (const char *)p, 1);
        }
        p++;
    }
    site_buffer_puts(out, "\"");
}
