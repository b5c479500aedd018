/* The JSON grammar checked ahead of cJSON, and the audit of what cJSON
 * accepts but a spec must not hold (see json-syntax-private.h). */
#include "json-syntax-private.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json-locate-private.h"
#include "memory-private.h"

/* ------------------------------------------------------------- grammar */

typedef struct checker {
    const char *text;
    size_t length;
    size_t at;
    size_t depth;
    cplot_json_syntax_error_t *error;
} checker_t;

static bool fail(checker_t *c, cplot_json_syntax_kind_t kind, size_t offset, size_t extent)
{
    c->error->kind = kind;
    c->error->offset = offset;
    c->error->extent = extent;
    return false;
}

/* The byte at the cursor is wrong: or the text ran out before it. */
static bool fail_here(checker_t *c)
{
    if (c->at >= c->length)
        return fail(c, CPLOT_JSON_END_OF_INPUT, c->length, 0);
    return fail(c, CPLOT_JSON_UNEXPECTED, c->at, 1);
}

static bool is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static void skip_space(checker_t *c)
{
    while (c->at < c->length && is_space(c->text[c->at]))
        c->at++;
}

static bool is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

/* The offset just past the character at `at`: messages quote escapes up to
 * and including the character that spoils them, and must stay UTF-8. A
 * control character is left out (it would break the message's line). */
static size_t character_end(const char *text, size_t length, size_t at)
{
    if (at >= length || (unsigned char)text[at] < 0x20)
        return at;
    size_t end = at + 1;
    while (end < length && ((unsigned char)text[end] & 0xC0) == 0x80)
        end++;
    return end;
}

static bool check_escape(checker_t *c)
{
    size_t start = c->at; /* the backslash */
    if (start + 1 >= c->length)
        return fail(c, CPLOT_JSON_END_OF_INPUT, c->length, 0);
    if (strchr("\"\\/bfnrt", c->text[start + 1]) && c->text[start + 1]) {
        c->at += 2;
        return true;
    }
    if (c->text[start + 1] != 'u')
        return fail(c, CPLOT_JSON_BAD_ESCAPE, start,
                    character_end(c->text, c->length, start + 1) - start);
    long unit = cplot_json_utf16_unit(c->text, c->length, start);
    if (unit < 0) {
        size_t extent = 2;
        while (extent < 6 && start + extent < c->length &&
               isxdigit((unsigned char)c->text[start + extent]))
            extent++;
        if (start + extent >= c->length)
            return fail(c, CPLOT_JSON_END_OF_INPUT, c->length, 0);
        return fail(c, CPLOT_JSON_BAD_ESCAPE, start,
                    character_end(c->text, c->length, start + extent) - start);
    }
    c->at += 6;
    if (unit >= 0xDC00 && unit <= 0xDFFF)
        return fail(c, CPLOT_JSON_LONE_SURROGATE, start, 6);
    if (unit >= 0xD800 && unit <= 0xDBFF) {
        long low = cplot_json_utf16_unit(c->text, c->length, c->at);
        if (low < 0xDC00 || low > 0xDFFF)
            return fail(c, CPLOT_JSON_LONE_SURROGATE, start, 6);
        c->at += 6;
    }
    return true;
}

static bool check_string(checker_t *c)
{
    c->at++; /* the opening quote */
    while (c->at < c->length) {
        unsigned char ch = (unsigned char)c->text[c->at];
        if (ch == '"') {
            c->at++;
            return true;
        }
        if (ch == '\\') {
            if (!check_escape(c))
                return false;
        } else if (ch < 0x20) {
            return fail(c, CPLOT_JSON_CONTROL, c->at, 1);
        } else {
            c->at++;
        }
    }
    return fail(c, CPLOT_JSON_END_OF_INPUT, c->length, 0);
}

static bool check_digits(checker_t *c)
{
    if (c->at >= c->length || !is_digit(c->text[c->at]))
        return fail_here(c);
    while (c->at < c->length && is_digit(c->text[c->at]))
        c->at++;
    return true;
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool check_number(checker_t *c)
{
    if (c->text[c->at] == '-')
        c->at++;
    if (c->at < c->length && c->text[c->at] == '0')
        c->at++;
    else if (!check_digits(c))
        return false;
    if (c->at < c->length && c->text[c->at] == '.') {
        c->at++;
        if (!check_digits(c))
            return false;
    }
    if (c->at < c->length && (c->text[c->at] == 'e' || c->text[c->at] == 'E')) {
        c->at++;
        if (c->at < c->length && (c->text[c->at] == '+' || c->text[c->at] == '-'))
            c->at++;
        if (!check_digits(c))
            return false;
    }
    return true;
}

static bool check_word(checker_t *c, const char *word)
{
    for (size_t k = 0; word[k]; k++, c->at++)
        if (c->at >= c->length || c->text[c->at] != word[k])
            return fail_here(c);
    return true;
}

static bool check_value(checker_t *c);

/* An object or array: members separated by commas, no trailing comma. */
static bool check_container(checker_t *c, char close)
{
    if (++c->depth > CPLOT_JSON_MAX_DEPTH)
        return fail(c, CPLOT_JSON_TOO_DEEP, c->at, 1);
    c->at++; /* the opening bracket */
    skip_space(c);
    if (c->at < c->length && c->text[c->at] == close) {
        c->at++;
        c->depth--;
        return true;
    }
    for (;;) {
        skip_space(c);
        if (close == '}') {
            if (c->at >= c->length || c->text[c->at] != '"')
                return fail_here(c);
            if (!check_string(c))
                return false;
            skip_space(c);
            if (c->at >= c->length || c->text[c->at] != ':')
                return fail_here(c);
            c->at++;
        }
        if (!check_value(c))
            return false;
        skip_space(c);
        if (c->at < c->length && c->text[c->at] == ',') {
            c->at++;
            continue;
        }
        if (c->at < c->length && c->text[c->at] == close) {
            c->at++;
            c->depth--;
            return true;
        }
        return fail_here(c);
    }
}

static bool check_value(checker_t *c)
{
    skip_space(c);
    if (c->at >= c->length)
        return fail_here(c);
    switch (c->text[c->at]) {
    case '{':
        return check_container(c, '}');
    case '[':
        return check_container(c, ']');
    case '"':
        return check_string(c);
    case 't':
        return check_word(c, "true");
    case 'f':
        return check_word(c, "false");
    case 'n':
        return check_word(c, "null");
    default:
        if (c->text[c->at] == '-' || is_digit(c->text[c->at]))
            return check_number(c);
        return fail_here(c);
    }
}

bool cplot_json_find_syntax_error(const char *text, size_t length, cplot_json_syntax_error_t *error)
{
    checker_t c = {text, length, 0, 0, error};
    /* cJSON skips a UTF-8 byte order mark, and so do spec files' editors. */
    if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        c.at = 3;
    if (!check_value(&c))
        return true;
    skip_space(&c);
    if (c.at < length)
        return !fail(&c, CPLOT_JSON_AFTER_END, c.at, 1);
    return false;
}

/* --------------------------------------------------------------- audit */

typedef struct problem {
    cplot_json_problem_t kind;
    char *pointer;
    size_t offset, first_offset;
} problem_t;

typedef struct auditor {
    const char *text;
    size_t length;
    size_t at;
    cplot_buffer_t pointer; /* of the value being walked, NUL-terminated */
    problem_t *problems;    /* found in walking order, reported in text order */
    size_t problem_count;
    bool ok;
} auditor_t;

static void found(auditor_t *a, cplot_json_problem_t kind, size_t offset, size_t first_offset)
{
    problem_t *grown = cplot_realloc_array(a->problems, a->problem_count + 1, sizeof *grown);
    char *pointer = cplot_strdup(a->pointer.data ? (const char *)a->pointer.data : "");
    if (!grown || !pointer) {
        free(pointer);
        if (grown)
            a->problems = grown;
        a->ok = false;
        return;
    }
    a->problems = grown;
    a->problems[a->problem_count++] = (problem_t){kind, pointer, offset, first_offset};
}

static int by_offset(const void *left, const void *right)
{
    const problem_t *l = left, *r = right;
    return (l->offset > r->offset) - (l->offset < r->offset);
}

typedef struct member {
    const char *key; /* as cJSON decoded it */
    size_t offset;   /* of the key in the text */
    size_t index;    /* in the object, to report in document order */
    size_t first;    /* the offset of the key's first appearance, or SIZE_MAX */
    size_t earlier;  /* how many times the key appeared before */
} member_t;

static void audit_skip_space(auditor_t *a)
{
    while (a->at < a->length && is_space(a->text[a->at]))
        a->at++;
}

/* Whether the string token at a->at holds the escape \u0000; moves past it. */
static bool audit_string(auditor_t *a)
{
    bool nul = false;
    for (a->at++; a->at < a->length && a->text[a->at] != '"'; a->at++) {
        if (a->text[a->at] != '\\')
            continue;
        nul = nul || cplot_json_utf16_unit(a->text, a->length, a->at) == 0;
        a->at++; /* the escaped character; the rest of \uXXXX is plain */
    }
    a->at++; /* the closing quote */
    return nul;
}

/* Appends "/key" to the pointer; returns the old size to truncate back to. */
static size_t push_key(auditor_t *a, const char *key)
{
    size_t old = a->pointer.size;
    a->ok = cplot_json_pointer_append(&a->pointer, key) && a->ok;
    return old;
}

static size_t push_index(auditor_t *a, size_t index)
{
    size_t old = a->pointer.size;
    a->ok = a->ok && cplot_buffer_printf(&a->pointer, "/%zu", index);
    return old;
}

static void pop(auditor_t *a, size_t old)
{
    a->pointer.size = old;
    if (a->pointer.data)
        a->pointer.data[old] = 0;
}

static int by_key_then_offset(const void *left, const void *right)
{
    const member_t *l = left, *r = right;
    int order = strcmp(l->key, r->key);
    return order ? order : (l->offset > r->offset) - (l->offset < r->offset);
}

static int by_index(const void *left, const void *right)
{
    const member_t *l = left, *r = right;
    return (l->index > r->index) - (l->index < r->index);
}

static void audit_value(auditor_t *a, const cJSON *node);

/* Reports repeated keys, each against its first appearance. Sorting keeps
 * an object of many members (inline data) from costing n² comparisons. */
static void report_duplicates(auditor_t *a, member_t *members, size_t count)
{
    if (count < 2) /* and qsort may not take the NULL of an empty object */
        return;
    qsort(members, count, sizeof *members, by_key_then_offset);
    bool any = false;
    for (size_t i = 1; i < count; i++) {
        if (strcmp(members[i].key, members[i - 1].key) == 0) {
            members[i].first =
                members[i - 1].first == SIZE_MAX ? members[i - 1].offset : members[i - 1].first;
            members[i].earlier = members[i - 1].earlier + 1;
            any = true;
        }
    }
    if (!any)
        return;
    qsort(members, count, sizeof *members, by_index);
    for (size_t i = 0; i < count; i++) {
        if (members[i].first == SIZE_MAX)
            continue;
        size_t old = push_key(a, members[i].key);
        found(a, members[i].earlier == 1 ? CPLOT_JSON_DUPLICATE_KEY : CPLOT_JSON_REPEATED_KEY,
              members[i].offset, members[i].first);
        pop(a, old);
    }
}

/* Walks an object's members (the text holds them in the tree's order) and
 * moves past its closing brace. */
static void audit_object(auditor_t *a, const cJSON *node)
{
    size_t count = (size_t)cJSON_GetArraySize(node);
    member_t *members = count ? cplot_alloc_array(count, sizeof *members) : NULL;
    if (count && !members)
        a->ok = false;
    a->at++; /* { */
    size_t index = 0;
    for (const cJSON *child = node->child; child && a->ok; child = child->next, index++) {
        audit_skip_space(a);
        if (a->at >= a->length || a->text[a->at] != '"') {
            a->ok = false; /* the text and the tree disagree: cannot happen */
            break;
        }
        size_t key_offset = a->at;
        /* cJSON's copy of such a key ends at the NUL: name the object. */
        if (audit_string(a))
            found(a, CPLOT_JSON_NUL_ESCAPE_KEY, key_offset, 0);
        size_t old = push_key(a, child->string);
        members[index] = (member_t){child->string, key_offset, index, SIZE_MAX, 0};
        audit_skip_space(a);
        a->at++; /* : */
        audit_value(a, child);
        pop(a, old);
        audit_skip_space(a);
        a->at++; /* , or } */
    }
    if (!node->child) {
        audit_skip_space(a);
        a->at++; /* } */
    }
    if (a->ok)
        report_duplicates(a, members, count);
    free(members);
}

static void audit_array(auditor_t *a, const cJSON *node)
{
    a->at++; /* [ */
    size_t index = 0;
    for (const cJSON *child = node->child; child && a->ok; child = child->next, index++) {
        size_t old = push_index(a, index);
        audit_value(a, child);
        pop(a, old);
        audit_skip_space(a);
        a->at++; /* , or ] */
    }
    if (!node->child) {
        audit_skip_space(a);
        a->at++; /* ] */
    }
}

static void audit_value(auditor_t *a, const cJSON *node)
{
    audit_skip_space(a);
    if (a->at >= a->length)
        a->ok = false;
    if (!a->ok)
        return;
    char first = a->text[a->at];
    if (first == '{' && cJSON_IsObject(node)) {
        audit_object(a, node);
    } else if (first == '[' && cJSON_IsArray(node)) {
        audit_array(a, node);
    } else if (first == '"' && cJSON_IsString(node)) {
        size_t offset = a->at;
        if (audit_string(a))
            found(a, CPLOT_JSON_NUL_ESCAPE, offset, 0);
    } else if (first != '{' && first != '[' && first != '"') {
        while (a->at < a->length && !is_space(a->text[a->at]) && a->text[a->at] != ',' &&
               a->text[a->at] != ']' && a->text[a->at] != '}')
            a->at++;
    } else {
        a->ok = false; /* the text and the tree disagree: cannot happen */
    }
}

bool cplot_json_audit(const char *text, size_t length, const cJSON *root,
                      cplot_json_problem_report_t report, void *context)
{
    auditor_t a = {text, length, 0, {0}, NULL, 0, true};
    if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        a.at = 3;
    a.ok = cplot_buffer_append(&a.pointer, "", 1);
    a.pointer.size = 0;
    if (a.ok)
        audit_value(&a, root);
    cplot_buffer_release(&a.pointer);
    if (a.problem_count > 1)
        qsort(a.problems, a.problem_count, sizeof *a.problems, by_offset);
    for (size_t i = 0; i < a.problem_count; i++) {
        report(context, a.problems[i].kind, a.problems[i].pointer, a.problems[i].offset,
               a.problems[i].first_offset);
        free(a.problems[i].pointer);
    }
    free(a.problems);
    return a.ok;
}
