#include "json-locate-private.h"

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

/* Compares a JSON string token at s->at with a pointer step (in which
 * "~1" means "/" and "~0" means "~"). Escapes in keys other than \" and
 * \\ are compared literally, which is enough for option names. */
static bool key_equals(const char *token, size_t token_length, const char *step, size_t step_length)
{
    size_t i = 0, j = 0;
    while (i < token_length && j < step_length) {
        char a = token[i], b = step[j];
        if (a == '\\' && i + 1 < token_length) {
            a = token[++i];
        }
        if (b == '~' && j + 1 < step_length) {
            b = step[j + 1] == '1' ? '/' : '~';
            j++;
        }
        if (a != b)
            return false;
        i++;
        j++;
    }
    return i == token_length && j == step_length;
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
