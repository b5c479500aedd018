#include "json-locate-private.h"

#include <ctype.h>
#include <string.h>

void cplot_json_line_column(const char *text, size_t length, size_t offset, size_t *line,
                            size_t *column)
{
    size_t l = 1, c = 1;
    for (size_t i = 0; i < offset && i < length; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (ch == '\n') {
            l++;
            c = 1;
        } else if ((ch & 0xC0) != 0x80) { /* count characters, not bytes */
            c++;
        }
    }
    *line = l;
    *column = c;
}

typedef struct scanner {
    const char *text;
    size_t length;
    size_t at;
    int depth;
} scanner_t;

/* Deep enough for any spec; the parser caps nesting well below this. */
#define MAX_DEPTH 1000

static void skip_space(scanner_t *s)
{
    while (s->at < s->length && strchr(" \t\r\n", s->text[s->at]) && s->text[s->at])
        s->at++;
}

static bool skip_string(scanner_t *s)
{
    if (s->at >= s->length || s->text[s->at] != '"')
        return false;
    for (s->at++; s->at < s->length; s->at++) {
        if (s->text[s->at] == '\\')
            s->at++;
        else if (s->text[s->at] == '"') {
            s->at++;
            return true;
        }
    }
    return false;
}

static bool skip_value(scanner_t *s);

static bool skip_container(scanner_t *s, char close)
{
    if (++s->depth > MAX_DEPTH)
        return false;
    s->at++; /* the opening bracket */
    skip_space(s);
    if (s->at < s->length && s->text[s->at] == close) {
        s->at++;
        s->depth--;
        return true;
    }
    for (;;) {
        skip_space(s);
        if (close == '}') {
            if (!skip_string(s))
                return false;
            skip_space(s);
            if (s->at >= s->length || s->text[s->at] != ':')
                return false;
            s->at++;
        }
        if (!skip_value(s))
            return false;
        skip_space(s);
        if (s->at >= s->length)
            return false;
        if (s->text[s->at] == ',') {
            s->at++;
            continue;
        }
        if (s->text[s->at] == close) {
            s->at++;
            s->depth--;
            return true;
        }
        return false;
    }
}

static bool skip_value(scanner_t *s)
{
    skip_space(s);
    if (s->at >= s->length)
        return false;
    char c = s->text[s->at];
    if (c == '"')
        return skip_string(s);
    if (c == '{')
        return skip_container(s, '}');
    if (c == '[')
        return skip_container(s, ']');
    /* numbers, true, false, null */
    size_t start = s->at;
    while (s->at < s->length && !strchr(",]} \t\r\n", s->text[s->at]) && s->text[s->at])
        s->at++;
    return s->at > start;
}

static int hex_value(char c)
{
    static const char digits[] = "0123456789abcdef";
    const char *at = c ? strchr(digits, tolower((unsigned char)c)) : NULL;
    return at ? (int)(at - digits) : -1;
}

long cplot_json_utf16_unit(const char *text, size_t length, size_t at)
{
    if (at >= length || length - at < 6 || text[at] != '\\' || text[at + 1] != 'u')
        return -1;
    long unit = 0;
    for (size_t k = 2; k < 6; k++) {
        int digit = hex_value(text[at + k]);
        if (digit < 0)
            return -1;
        unit = unit * 16 + digit;
    }
    return unit;
}

/* Decodes the character of a JSON string token at token[*i] into UTF-8
 * bytes (escapes included, \uD83D\uDE00 pairs too) and moves past it;
 * returns the byte count (0 for a malformed escape). */
static size_t decode_character(const char *token, size_t length, size_t *i, char out[4])
{
    if (token[*i] != '\\' || *i + 1 >= length) {
        out[0] = token[(*i)++];
        return 1;
    }
    static const char escapes[] = "\"\"\\\\//b\bf\fn\nr\rt\t";
    for (size_t k = 0; escapes[k]; k += 2) {
        if (token[*i + 1] == escapes[k]) {
            out[0] = escapes[k + 1];
            *i += 2;
            return 1;
        }
    }
    long code = cplot_json_utf16_unit(token, length, *i);
    if (code < 0)
        return 0;
    *i += 6;
    if (code >= 0xD800 && code <= 0xDBFF && *i < length && token[*i] == '\\') {
        long low = cplot_json_utf16_unit(token, length, *i);
        if (low >= 0xDC00 && low <= 0xDFFF) {
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
            *i += 6;
        }
    }
    if (code < 0x80) {
        out[0] = (char)code;
        return 1;
    }
    if (code < 0x800) {
        out[0] = (char)(0xC0 | (code >> 6));
        out[1] = (char)(0x80 | (code & 0x3F));
        return 2;
    }
    if (code < 0x10000) {
        out[0] = (char)(0xE0 | (code >> 12));
        out[1] = (char)(0x80 | ((code >> 6) & 0x3F));
        out[2] = (char)(0x80 | (code & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (code >> 18));
    out[1] = (char)(0x80 | ((code >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((code >> 6) & 0x3F));
    out[3] = (char)(0x80 | (code & 0x3F));
    return 4;
}

/* Compares a JSON string token (without its quotes) with a pointer step
 * (in which "~1" means "/" and "~0" means "~"), escapes decoded, so that
 * a key written "\u00e9t\u00e9" is found as "été". */
static bool key_equals(const char *token, size_t token_length, const char *step, size_t step_length)
{
    size_t i = 0, j = 0;
    while (i < token_length) {
        char bytes[4];
        size_t count = decode_character(token, token_length, &i, bytes);
        if (count == 0)
            return false;
        for (size_t k = 0; k < count; k++) {
            if (j >= step_length)
                return false;
            char b = step[j];
            if (b == '~' && j + 1 < step_length) {
                b = step[j + 1] == '1' ? '/' : '~';
                j++;
            }
            if (bytes[k] != b)
                return false;
            j++;
        }
    }
    return j == step_length;
}

bool cplot_json_locate(const char *text, size_t length, const char *pointer, bool want_key,
                       size_t *offset)
{
    scanner_t s = {text, length, 0, 0};
    skip_space(&s);
    const char *step = pointer;
    size_t key_offset = s.at;
    bool last_was_member = false;
    while (*step == '/') {
        step++;
        size_t step_length = strcspn(step, "/");
        skip_space(&s);
        if (s.at >= length)
            return false;
        char open = text[s.at];
        if (open == '{') {
            s.at++;
            for (;;) {
                skip_space(&s);
                if (s.at >= length || text[s.at] != '"')
                    return false;
                size_t key_start = s.at;
                if (!skip_string(&s))
                    return false;
                size_t key_length = s.at - key_start - 2; /* without the quotes */
                skip_space(&s);
                if (s.at >= length || text[s.at] != ':')
                    return false;
                s.at++;
                if (key_equals(text + key_start + 1, key_length, step, step_length)) {
                    key_offset = key_start;
                    break;
                }
                if (!skip_value(&s))
                    return false;
                skip_space(&s);
                if (s.at >= length || text[s.at] != ',')
                    return false;
                s.at++;
            }
            last_was_member = true;
        } else if (open == '[') {
            size_t index = 0;
            for (size_t k = 0; k < step_length; k++) {
                if (step[k] < '0' || step[k] > '9')
                    return false;
                index = index * 10 + (size_t)(step[k] - '0');
            }
            s.at++;
            for (size_t k = 0; k < index; k++) {
                if (!skip_value(&s))
                    return false;
                skip_space(&s);
                if (s.at >= length || text[s.at] != ',')
                    return false;
                s.at++;
            }
            last_was_member = false;
        } else {
            return false;
        }
        step += step_length;
    }
    skip_space(&s);
    *offset = want_key && last_was_member ? key_offset : s.at;
    return s.at <= length;
}

bool cplot_json_pointer_append(cplot_buffer_t *pointer, const char *key)
{
    size_t old = pointer->size;
    bool ok = cplot_buffer_append(pointer, "/", 1);
    for (const char *p = key; ok && *p; p++) {
        if (*p == '~' || *p == '/')
            ok = cplot_buffer_append(pointer, *p == '~' ? "~0" : "~1", 2);
        else
            ok = cplot_buffer_append(pointer, p, 1);
    }
    ok = ok && cplot_buffer_append(pointer, "", 1);
    if (ok)
        pointer->size--; /* the NUL stays, outside the size */
    else
        pointer->size = old;
    if (pointer->data)
        pointer->data[pointer->size] = 0;
    return ok;
}
