#include "site-highlight.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "site-escape.h"

/* Escapes a slice (the escaper works on NUL-terminated text). */
static void escaped(site_buffer_t *out, const char *text, size_t length)
{
    char *copy = malloc(length + 1);
    if (!copy) {
        out->failed = true;
        return;
    }
    memcpy(copy, text, length);
    copy[length] = 0;
    site_escape_html(out, copy);
    free(copy);
}

static void span(site_buffer_t *out, const char *class_name, const char *text, size_t length)
{
    site_buffer_printf(out, "<span class=\"%s\">", class_name);
    escaped(out, text, length);
    site_buffer_puts(out, "</span>");
}

void site_highlight_json(site_buffer_t *out, const char *text, size_t length)
{
    size_t i = 0;
    while (i < length) {
        char c = text[i];
        size_t start = i;
        if (c == '"') {
            i++;
            while (i < length && text[i] != '"') {
                if (text[i] == '\\' && i + 1 < length)
                    i++;
                i++;
            }
            if (i < length)
                i++;
            /* A string followed by ":" is a key. */
            size_t next = i;
            while (next < length && isspace((unsigned char)text[next]))
                next++;
            span(out, next < length && text[next] == ':' ? "k" : "s", text + start, i - start);
        } else if (c == '-' || isdigit((unsigned char)c)) {
            i++;
            while (i < length && (isdigit((unsigned char)text[i]) || strchr(".eE+-", text[i])))
                i++;
            span(out, "n", text + start, i - start);
        } else if (isalpha((unsigned char)c)) {
            while (i < length && isalpha((unsigned char)text[i]))
                i++;
            span(out, "l", text + start, i - start);
        } else {
            while (i < length && text[i] != '"' && text[i] != '-' && !isalnum((unsigned char)text[i]))
                i++;
            escaped(out, text + start, i - start);
        }
    }
}

static bool is_keyword(const char *word, size_t length)
{
    static const char *const keywords[] = {
        "if", "else", "for", "while", "do", "return", "static", "const", "int", "double", "char",
        "bool", "void", "size_t", "unsigned", "long", "true", "false", "NULL", "sizeof", "struct",
        "NAN", NULL};
    for (size_t i = 0; keywords[i]; i++)
        if (strlen(keywords[i]) == length && memcmp(keywords[i], word, length) == 0)
            return true;
    return false;
}

void site_highlight_c(site_buffer_t *out, const char *text, size_t length)
{
    size_t i = 0;
    while (i < length) {
        char c = text[i];
        size_t start = i;
        bool line_start = i == 0 || text[i - 1] == '\n';
        if (line_start && c == '#') {
            while (i < length && text[i] != '\n')
                i++;
            span(out, "p", text + start, i - start);
        } else if (c == '/' && i + 1 < length && text[i + 1] == '*') {
            const char *end = NULL;
            for (size_t j = i + 2; j + 1 < length; j++)
                if (text[j] == '*' && text[j + 1] == '/') {
                    end = text + j + 2;
                    break;
                }
            i = end ? (size_t)(end - text) : length;
            span(out, "c", text + start, i - start);
        } else if (c == '"' || c == '\'') {
            i++;
            while (i < length && text[i] != c && text[i] != '\n') {
                if (text[i] == '\\' && i + 1 < length)
                    i++;
                i++;
            }
            if (i < length && text[i] == c)
                i++;
            span(out, "s", text + start, i - start);
        } else if (isdigit((unsigned char)c)) {
            while (i < length && (isalnum((unsigned char)text[i]) || text[i] == '.'
                                  || ((text[i] == '+' || text[i] == '-') && (text[i - 1] == 'e' || text[i - 1] == 'E'))))
                i++;
            span(out, "n", text + start, i - start);
        } else if (isalpha((unsigned char)c) || c == '_') {
            while (i < length && (isalnum((unsigned char)text[i]) || text[i] == '_'))
                i++;
            size_t n = i - start;
            if (is_keyword(text + start, n))
                span(out, "k", text + start, n);
            else if (n > 6 && (memcmp(text + start, "cplot_", 6) == 0 || memcmp(text + start, "CPLOT_", 6) == 0))
                span(out, "f", text + start, n);
            else
                escaped(out, text + start, n);
        } else {
            size_t n = site_utf8_sequence((const unsigned char *)text + i);
            i += n ? n : 1;
            escaped(out, text + start, i - start);
        }
    }
}
