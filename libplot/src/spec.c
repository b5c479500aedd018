/* Specs: one chart described in JSON, validated against the kind's option
 * table, with every problem reported (not just the first) at its line and
 * column. */
#include <cjson/cJSON.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart-private.h"
#include "data-private.h"
#include "file-private.h"
#include "json-locate-private.h"
#include "json-syntax-private.h"
#include "limits-private.h"
#include "memory-private.h"
#include "suggest-private.h"
#include "table-private.h"
#include "utf8-private.h"

/* Limits on untrusted input (README, "Limits"). */
#define MAX_DIAGNOSTICS 100

struct cplot_spec {
    cplot_refcount_t refcount;
    char *name;   /* the path shown in messages */
    const char *text;
    size_t length;
    char *kept_text; /* a valid spec's text, to place what cplot_spec_check finds */
    char **diagnostics;
    size_t diagnostic_count;
    cplot_status_t status;
    cplot_chart_t *chart;
    char *description;
    char **tags;
    size_t tag_count;
};

static const char *const spec_keys[] = {"$schema", "chart", "data", "description", "tags", NULL};

/* The offset of the first character that is not valid UTF-8, or `length`:
 * the longest valid prefix, found by halving, stepped back to the start of
 * the character it ends in. */
static size_t first_invalid_utf8(const char *text, size_t length)
{
    if (cplot_utf8_valid(text, length))
        return length;
    size_t good = 0, bad = length;
    while (bad - good > 1) {
        size_t middle = good + (bad - good) / 2;
        if (cplot_utf8_valid(text, middle))
            good = middle;
        else
            bad = middle;
    }
    while (good > 0 && ((unsigned char)text[good] & 0xC0) == 0x80)
        good--;
    return good;
}

static void vadd_diagnostic(cplot_spec_t *spec, cplot_status_t status, const char *pointer,
                            size_t line, size_t column, const char *format, va_list args)
{
    if (spec->status == CPLOT_STATUS_SUCCESS)
        spec->status = status;
    if (spec->diagnostic_count >= MAX_DIAGNOSTICS)
        return;
    char message[1200];
    vsnprintf(message, sizeof message, format, args);
    /* Long keys, values and paths are cut (here or in the message a helper
     * wrote): never leave half a character, diagnostics are UTF-8. */
    message[first_invalid_utf8(message, strlen(message))] = 0;
    cplot_buffer_t out = {0};
    if (!cplot_buffer_printf(&out, "%s:%zu:%zu: %s: %s", spec->name, line, column,
                             pointer && *pointer ? pointer : "/", message))
        return;
    char **grown = cplot_realloc_array(spec->diagnostics, spec->diagnostic_count + 1, sizeof *grown);
    if (!grown) {
        cplot_buffer_release(&out);
        return;
    }
    spec->diagnostics = grown;
    spec->diagnostics[spec->diagnostic_count++] = (char *)out.data;
}

/* A problem at a known place with its JSON pointer. */
static void add_diagnostic_with_place(cplot_spec_t *spec, cplot_status_t status,
                                      const char *pointer, size_t line, size_t column,
                                      const char *format, ...)
    __attribute__((format(printf, 6, 7)));

static void add_diagnostic_with_place(cplot_spec_t *spec, cplot_status_t status,
                                      const char *pointer, size_t line, size_t column,
                                      const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vadd_diagnostic(spec, status, pointer, line, column, format, args);
    va_end(args);
}

/* A problem at a byte offset of the text (malformed input). */
static void add_diagnostic_at(cplot_spec_t *spec, cplot_status_t status, size_t offset,
                              const char *format, ...) __attribute__((format(printf, 4, 5)));

static void add_diagnostic_at(cplot_spec_t *spec, cplot_status_t status, size_t offset,
                              const char *format, ...)
{
    size_t line = 1, column = 1;
    if (spec->text)
        cplot_json_line_column(spec->text, spec->length, offset, &line, &column);
    va_list args;
    va_start(args, format);
    vadd_diagnostic(spec, status, "", line, column, format, args);
    va_end(args);
}

/* A problem with the value (or, with at_key, the member name) at a JSON
 * pointer of well-formed text. */
static void add_diagnostic(cplot_spec_t *spec, cplot_status_t status, const char *pointer,
                           bool at_key, const char *format, ...) __attribute__((format(printf, 5, 6)));

static void add_diagnostic(cplot_spec_t *spec, cplot_status_t status, const char *pointer,
                           bool at_key, const char *format, ...)
{
    size_t line = 1, column = 1, offset = 0;
    if (spec->text && pointer &&
        cplot_json_locate(spec->text, spec->length, pointer, at_key, &offset))
        cplot_json_line_column(spec->text, spec->length, offset, &line, &column);
    va_list args;
    va_start(args, format);
    vadd_diagnostic(spec, status, pointer, line, column, format, args);
    va_end(args);
}

/* The JSON pointer of member `key` of `parent`, escaped per RFC 6901, as a
 * new string (release with free), or NULL when memory ran out. Keys may be
 * long: nothing is cut, so the pointer still locates the member and stays
 * valid UTF-8. */
static char *pointer_for(const char *parent, const char *key)
{
    cplot_buffer_t out = {0};
    if (cplot_buffer_printf(&out, "%s", parent) && cplot_json_pointer_append(&out, key))
        return (char *)out.data;
    cplot_buffer_release(&out);
    return NULL;
}

static void list_kinds(char *text, size_t size)
{
    size_t used = 0;
    text[0] = 0;
    for (int k = 0; cplot_kind_name((cplot_kind_t)k) && used < size; k++) {
        int n = snprintf(text + used, size - used, "%s\"%s\"", k ? ", " : "",
                         cplot_kind_name((cplot_kind_t)k));
        used += n > 0 ? (size_t)n : 0;
    }
}

static bool read_kind(cplot_spec_t *spec, const cJSON *root, cplot_kind_t *kind)
{
    const cJSON *chart = cJSON_GetObjectItemCaseSensitive(root, "chart");
    char kinds[400];
    list_kinds(kinds, sizeof kinds);
    if (!chart) {
        add_diagnostic(spec, CPLOT_STATUS_INVALID_SPEC, "", false,
                       "missing \"chart\"; expected one of %s", kinds);
        return false;
    }
    if (!cJSON_IsString(chart)) {
        add_diagnostic(spec, CPLOT_STATUS_INVALID_SPEC, "/chart", false,
                       "\"chart\" is %s; expected one of %s", cplot_json_kind(chart), kinds);
        return false;
    }
    if (cplot_kind_from_name(chart->valuestring, kind))
        return true;
    const char *names[32];
    size_t count = 0;
    for (int k = 0; count < 32 && cplot_kind_name((cplot_kind_t)k); k++)
        names[count++] = cplot_kind_name((cplot_kind_t)k);
    const char *suggestion = cplot_suggest(chart->valuestring, names, count);
    if (suggestion)
        add_diagnostic(spec, CPLOT_STATUS_INVALID_SPEC, "/chart", false,
                       "unknown chart kind \"%s\"; did you mean \"%s\"?", chart->valuestring,
                       suggestion);
    else
        add_diagnostic(spec, CPLOT_STATUS_INVALID_SPEC, "/chart", false,
                       "unknown chart kind \"%s\"; expected one of %s", chart->valuestring, kinds);
    return false;
}

static void read_prose(cplot_spec_t *spec, const cJSON *root)
{
    const cJSON *description = cJSON_GetObjectItemCaseSensitive(root, "description");
    if (description && !cJSON_IsString(description))
        add_diagnostic(spec, CPLOT_STATUS_INVALID_SPEC, "/description", false,
                       "\"description\" is %s; expected a string of Markdown",
                       cplot_json_kind(description));
    else if (description)
        spec->description = cplot_strdup(description->valuestring);

    const cJSON *tags = cJSON_GetObjectItemCaseSensitive(root, "tags");
    if (!tags)
        return;
    if (!cJSON_IsArray(tags)) {
        add_diagnostic(spec, CPLOT_STATUS_INVALID_SPEC, "/tags", false,
                       "\"tags\" is %s; expected a list of strings", cplot_json_kind(tags));
        return;
    }
    size_t count = (size_t)cJSON_GetArraySize(tags), index = 0;
    spec->tags = cplot_calloc_array(count, sizeof(char *));
    for (const cJSON *tag = tags->child; tag && spec->tags; tag = tag->next, index++) {
        if (!cJSON_IsString(tag)) {
            char pointer[64];
            snprintf(pointer, sizeof pointer, "/tags/%zu", index);
            add_diagnostic(spec, CPLOT_STATUS_INVALID_SPEC, pointer, false,
                           "tag is %s; expected a string", cplot_json_kind(tag));
            continue;
        }
        spec->tags[spec->tag_count++] = cplot_strdup(tag->valuestring);
    }
}

/* The key names a spec of this kind may use, for suggestions. */
static size_t known_keys(cplot_kind_t kind, const char **names, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; spec_keys[i] && n < max; i++)
        names[n++] = spec_keys[i];
    size_t count = cplot_option_count(kind);
    for (size_t i = 0; i < count && n < max; i++)
        names[n++] = cplot_option_at(kind, i)->name;
    return n;
}

/* Sets the option a member of the spec names, or says what is wrong. */
static void read_option(cplot_spec_t *spec, const cJSON *member, cplot_kind_t kind,
                        const char *pointer)
{
    const char *key = member->string;
    const cplot_option_info_t *option = cplot_option_find(kind, key);
    if (!option) {
        const char *names[300];
        size_t count = known_keys(kind, names, 300);
        const char *suggestion = cplot_suggest(key, names, count);
        if (suggestion)
            add_diagnostic(spec, CPLOT_STATUS_INVALID_SPEC, pointer, true,
                           "unknown key \"%s\" for %s charts; did you mean \"%s\"?", key,
                           cplot_kind_name(kind), suggestion);
        else
            add_diagnostic(spec, CPLOT_STATUS_INVALID_SPEC, pointer, true,
                           "unknown key \"%s\" for %s charts; see `cplot schema` for the "
                           "keys there are",
                           key, cplot_kind_name(kind));
        return;
    }
    cplot_value_t value;
    char message[600];
    if (!cplot_value_from_json(member, &value, message, sizeof message)) {
        char expected[500];
        cplot_option_describe(option, expected, sizeof expected);
        add_diagnostic(spec, CPLOT_STATUS_INVALID_SPEC, pointer, false,
                       "expected %s; got %s", expected, message);
        return;
    }
    if (cplot_option_check(option, &value, message, sizeof message) != CPLOT_STATUS_SUCCESS) {
        add_diagnostic(spec, CPLOT_STATUS_INVALID_SPEC, pointer, false, "%s", message);
        cplot_value_release(&value);
        return;
    }
    long index = cplot_kind_option_index(kind, key);
    cplot_value_release(&spec->chart->values[index]);
    spec->chart->values[index] = value;
    spec->chart->values[index].explicit = value.type != 0;
}

static void read_options(cplot_spec_t *spec, const cJSON *root, cplot_kind_t kind)
{
    for (const cJSON *member = root->child; member; member = member->next) {
        bool spec_key = false;
        for (size_t i = 0; spec_keys[i]; i++)
            spec_key = spec_key || strcmp(spec_keys[i], member->string) == 0;
        if (spec_key)
            continue;
        char *pointer = pointer_for("", member->string);
        read_option(spec, member, kind, pointer);
        free(pointer);
    }
}

static char *folder_of(const char *path)
{
    char *copy = cplot_strdup(path);
    if (!copy)
        return NULL;
    char *folder = cplot_strdup(dirname(copy));
    free(copy);
    return folder;
}

/* Reads the "types" object into NULL-terminated name lists. */
static bool read_types(cplot_spec_t *spec, const cJSON *types, const char **categorical,
                       const char **numeric, size_t max)
{
    size_t nc = 0, nn = 0;
    categorical[0] = numeric[0] = NULL;
    if (!types)
        return true;
    if (!cJSON_IsObject(types)) {
        add_diagnostic(spec, CPLOT_STATUS_INVALID_SPEC, "/data/types", false,
                       "\"types\" is %s; expected an object such as {\"year\": \"categorical\"}",
                       cplot_json_kind(types));
        return false;
    }
    bool ok = true;
    for (const cJSON *t = types->child; t; t = t->next) {
        char *pointer = pointer_for("/data/types", t->string);
        bool is_categorical = cJSON_IsString(t) && strcmp(t->valuestring, "categorical") == 0;
        bool is_numeric = cJSON_IsString(t) && strcmp(t->valuestring, "numeric") == 0;
        if (!is_categorical && !is_numeric) {
            add_diagnostic(spec, CPLOT_STATUS_INVALID_SPEC, pointer, false,
                           "expected \"categorical\" or \"numeric\"");
            ok = false;
        } else if (is_categorical && nc < max - 1) {
            categorical[nc++] = t->string;
        } else if (is_numeric && nn < max - 1) {
            numeric[nn++] = t->string;
        }
        free(pointer);
    }
    categorical[nc] = NULL;
    numeric[nn] = NULL;
    return ok;
}

static cplot_table_t *read_data(cplot_spec_t *spec, const cJSON *root, const char *base,
                                const char *data_root)
{
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(root, "data");
    if (!data) {
        add_diagnostic(spec, CPLOT_STATUS_INVALID_SPEC, "", false,
                       "missing \"data\"; expected {\"url\": \"file.csv\"} or {\"values\": [...]}");
        return NULL;
    }
    if (!cJSON_IsObject(data)) {
        add_diagnostic(spec, CPLOT_STATUS_INVALID_SPEC, "/data", false,
                       "\"data\" is %s; expected {\"url\": \"file.csv\"} or {\"values\": [...]}",
                       cplot_json_kind(data));
        return NULL;
    }
    for (const cJSON *member = data->child; member; member = member->next) {
        static const char *const data_keys[] = {"url", "values", "types", NULL};
        bool known = false;
        for (size_t i = 0; data_keys[i]; i++)
            known = known || strcmp(data_keys[i], member->string) == 0;
        if (!known) {
            char *pointer = pointer_for("/data", member->string);
            const char *suggestion = cplot_suggest(member->string, data_keys, (size_t)-1);
            add_diagnostic(spec, CPLOT_STATUS_INVALID_SPEC, pointer, true,
                           "unknown key \"%s\" in \"data\"%s%s%s; expected \"url\", \"values\" or \"types\"",
                           member->string, suggestion ? "; did you mean \"" : "",
                           suggestion ? suggestion : "", suggestion ? "\"?" : "");
            free(pointer);
        }
    }
    const cJSON *url = cJSON_GetObjectItemCaseSensitive(data, "url");
    const cJSON *values = cJSON_GetObjectItemCaseSensitive(data, "values");
    if ((url != NULL) == (values != NULL)) {
        add_diagnostic(spec, CPLOT_STATUS_INVALID_SPEC, "/data", false,
                       "\"data\" needs exactly one of \"url\" or \"values\"");
        return NULL;
    }
    const char *categorical[64], *numeric[64];
    if (!read_types(spec, cJSON_GetObjectItemCaseSensitive(data, "types"), categorical, numeric, 64))
        return NULL;
    cplot_data_options_t options = {0};
    options.categorical = categorical;
    options.numeric = numeric;
    cplot_data_error_t error = {0};
    cplot_table_t *table = NULL;
    cplot_status_t status;
    if (values) {
        status = cplot_read_json_data(values, &options, &table, &error);
        if (status != CPLOT_STATUS_SUCCESS)
            add_diagnostic(spec, status, "/data/values", false, "%s", error.message);
        return table;
    }
    if (!cJSON_IsString(url)) {
        add_diagnostic(spec, CPLOT_STATUS_INVALID_SPEC, "/data/url", false,
                       "\"url\" is %s; expected a relative file path", cplot_json_kind(url));
        return NULL;
    }
    char message[600];
    char *path = NULL;
    status = cplot_resolve_inside(base, url->valuestring, data_root, &path, message, sizeof message);
    if (status != CPLOT_STATUS_SUCCESS) {
        add_diagnostic(spec, status, "/data/url", false, "%s", message);
        return NULL;
    }
    status = cplot_read_data_file(path, data_root, url->valuestring, &options, &table, message,
                                  sizeof message);
    if (status != CPLOT_STATUS_SUCCESS)
        add_diagnostic(spec, status, "/data/url", false, "%s", message);
    free(path);
    return table;
}

/* Column options must name columns of the data: checked here too so that
 * `cplot validate` reports them at their line and column. */
static void check_columns(cplot_spec_t *spec, const cJSON *root, cplot_kind_t kind,
                          const cplot_table_t *table)
{
    for (const cJSON *member = root->child; member; member = member->next) {
        const cplot_option_info_t *option = cplot_option_find(kind, member->string);
        if (!option || !(option->types & CPLOT_VALUE_COLUMN) || !cJSON_IsString(member))
            continue;
        if (cplot_table_find(table, member->valuestring) >= 0)
            continue;
        char message[1000];
        cplot_table_missing_column_message(table, member->valuestring, message, sizeof message);
        char *pointer = pointer_for("", member->string);
        add_diagnostic(spec, CPLOT_STATUS_INVALID_SPEC, pointer, false, "%s", message);
        free(pointer);
    }
}

static size_t first_nul(const char *text, size_t length)
{
    const char *nul = memchr(text, 0, length);
    return nul ? (size_t)(nul - text) : length;
}


/* Says where and why malformed text is malformed. */
static void report_syntax_error(cplot_spec_t *spec, const cplot_json_syntax_error_t *error)
{
    const char *at = spec->text + error->offset;
    int extent = (int)error->extent;
    unsigned char c = error->offset < spec->length ? (unsigned char)*at : 0;
    switch (error->kind) {
    case CPLOT_JSON_END_OF_INPUT:
        add_diagnostic_at(spec, CPLOT_STATUS_PARSE_ERROR, error->offset,
                          "malformed JSON: unexpected end of input");
        break;
    case CPLOT_JSON_TOO_DEEP:
        add_diagnostic_at(spec, CPLOT_STATUS_PARSE_ERROR, error->offset,
                          "malformed JSON: nested more than %d levels deep", CPLOT_JSON_MAX_DEPTH);
        break;
    case CPLOT_JSON_BAD_ESCAPE:
        add_diagnostic_at(spec, CPLOT_STATUS_PARSE_ERROR, error->offset,
                          "malformed JSON: \"%.*s\" is not an escape; expected \\\", \\\\, \\/, "
                          "\\b, \\f, \\n, \\r, \\t or \\u and four hex digits",
                          extent, at);
        break;
    case CPLOT_JSON_LONE_SURROGATE:
        add_diagnostic_at(spec, CPLOT_STATUS_PARSE_ERROR, error->offset,
                          "malformed JSON: \"%.*s\" is a lone UTF-16 surrogate", extent, at);
        break;
    case CPLOT_JSON_CONTROL:
        add_diagnostic_at(spec, CPLOT_STATUS_PARSE_ERROR, error->offset,
                          "malformed JSON: control character U+%04X inside a string; write it "
                          "escaped, as \\u%04X", c, c);
        break;
    case CPLOT_JSON_AFTER_END:
    case CPLOT_JSON_UNEXPECTED:
    default: {
        const char *after = error->kind == CPLOT_JSON_AFTER_END ? " after the end of the spec" : "";
        if (c == '\'')
            add_diagnostic_at(spec, CPLOT_STATUS_PARSE_ERROR, error->offset,
                              "malformed JSON: unexpected ' (JSON strings take double quotes)%s",
                              after);
        else if (c > 32 && c < 127)
            add_diagnostic_at(spec, CPLOT_STATUS_PARSE_ERROR, error->offset,
                              "malformed JSON: unexpected '%c'%s", c, after);
        else
            add_diagnostic_at(spec, CPLOT_STATUS_PARSE_ERROR, error->offset, "malformed JSON%s",
                              after);
    }
    }
}

static void report_json_problem(void *context, cplot_json_problem_t problem, const char *pointer,
                                size_t offset, size_t first_offset)
{
    cplot_spec_t *spec = context;
    size_t line, column;
    cplot_json_line_column(spec->text, spec->length, offset, &line, &column);
    if (problem == CPLOT_JSON_NUL_ESCAPE || problem == CPLOT_JSON_NUL_ESCAPE_KEY) {
        add_diagnostic_with_place(spec, CPLOT_STATUS_PARSE_ERROR, pointer, line, column,
                                  "the %s contains \\u0000 (a NUL character)",
                                  problem == CPLOT_JSON_NUL_ESCAPE ? "string" : "key");
        return;
    }
    size_t first_line, first_column;
    cplot_json_line_column(spec->text, spec->length, first_offset, &first_line, &first_column);
    const char *key = strrchr(pointer, '/');
    add_diagnostic_with_place(spec, CPLOT_STATUS_INVALID_SPEC, pointer, line, column,
                              "\"%s\" is given %s (also at line %zu, column %zu)",
                              key ? key + 1 : pointer,
                              problem == CPLOT_JSON_DUPLICATE_KEY ? "twice" : "again", first_line,
                              first_column);
}

/* The spec's JSON tree, or NULL with the reason reported: malformed text,
 * or what cJSON would take but a spec may not hold (\u0000 in a string, a
 * repeated key). */
static cJSON *parse_json(cplot_spec_t *spec)
{
    cplot_json_syntax_error_t error;
    if (cplot_json_find_syntax_error(spec->text, spec->length, &error)) {
        report_syntax_error(spec, &error);
        return NULL;
    }
    cJSON *root = cJSON_ParseWithLengthOpts(spec->text, spec->length, NULL, false);
    if (!root) { /* well-formed, so cJSON can only have run out of memory */
        add_diagnostic_at(spec, CPLOT_STATUS_NO_MEMORY, 0, "out of memory");
        return NULL;
    }
    size_t problems = spec->diagnostic_count;
    if (!cplot_json_audit(spec->text, spec->length, root, report_json_problem, spec))
        add_diagnostic_at(spec, CPLOT_STATUS_NO_MEMORY, 0, "out of memory");
    if (spec->status != CPLOT_STATUS_SUCCESS || spec->diagnostic_count > problems) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

static void parse_into(cplot_spec_t *spec, const char *base, const char *data_root)
{
    size_t limit = cplot_limit(CPLOT_LIMIT_SPEC_BYTES);
    if (spec->length > limit) {
        add_diagnostic(spec, CPLOT_STATUS_LIMIT_EXCEEDED, "", false,
                       "the spec is %zu bytes; the limit is %zu", spec->length, limit);
        return;
    }
    size_t nul = first_nul(spec->text, spec->length);
    size_t bad = first_invalid_utf8(spec->text, spec->length);
    if (bad < spec->length && bad <= nul) {
        add_diagnostic_at(spec, CPLOT_STATUS_PARSE_ERROR, bad, "not valid UTF-8");
        return;
    }
    if (nul < spec->length) {
        add_diagnostic_at(spec, CPLOT_STATUS_PARSE_ERROR, nul,
                          "NUL byte (JSON text may not contain one)");
        return;
    }
    cJSON *root = parse_json(spec);
    if (!root)
        return;
    if (!cJSON_IsObject(root)) {
        add_diagnostic(spec, CPLOT_STATUS_INVALID_SPEC, "", false,
                       "a spec is a JSON object; this is %s", cplot_json_kind(root));
        cJSON_Delete(root);
        return;
    }
    cplot_kind_t kind;
    bool have_kind = read_kind(spec, root, &kind);
    read_prose(spec, root);
    if (have_kind) {
        spec->chart = cplot_chart_create(kind);
        if (!spec->chart) {
            add_diagnostic(spec, CPLOT_STATUS_NO_MEMORY, "", false, "out of memory");
            cJSON_Delete(root);
            return;
        }
        read_options(spec, root, kind);
    }
    cplot_table_t *table = read_data(spec, root, base, data_root);
    if (table && have_kind) {
        check_columns(spec, root, kind, table);
        cplot_chart_set_data(spec->chart, table);
    }
    cplot_table_destroy(table);
    cJSON_Delete(root);
    if (spec->status != CPLOT_STATUS_SUCCESS) {
        cplot_chart_destroy(spec->chart);
        spec->chart = NULL;
    }
}

cplot_status_t cplot_spec_parse(const char *text, size_t length, const char *path,
                                const char *root, cplot_spec_t **out)
{
    if (!out)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    *out = NULL;
    if (!text && length > 0)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    cplot_spec_t *spec = calloc(1, sizeof *spec);
    if (!spec)
        return CPLOT_STATUS_NO_MEMORY;
    cplot_refcount_init(&spec->refcount);
    spec->name = cplot_strdup(path ? path : "<input>");
    char *base = path ? folder_of(path) : cplot_strdup(".");
    if (!spec->name || !base) {
        free(base);
        cplot_spec_destroy(spec);
        return CPLOT_STATUS_NO_MEMORY;
    }
    spec->text = text ? text : "";
    spec->length = length;
    parse_into(spec, base, root ? root : base);
    spec->text = NULL; /* borrowed only while parsing */
    if (spec->status == CPLOT_STATUS_SUCCESS && length > 0) {
        spec->kept_text = malloc(length);
        if (spec->kept_text)
            memcpy(spec->kept_text, text, length);
    }
    free(base);
    *out = spec;
    return spec->status;
}

cplot_status_t cplot_spec_load(const char *path, const char *root, cplot_spec_t **out)
{
    if (!out || !path)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    *out = NULL;
    char *text;
    size_t length;
    char message[600];
    cplot_status_t status = cplot_read_file(path, NULL, path, cplot_limit(CPLOT_LIMIT_SPEC_BYTES), &text, &length, message, sizeof message);
    if (status != CPLOT_STATUS_SUCCESS) {
        cplot_spec_t *spec = calloc(1, sizeof *spec);
        if (!spec)
            return CPLOT_STATUS_NO_MEMORY;
        cplot_refcount_init(&spec->refcount);
        spec->name = cplot_strdup(path);
        if (spec->name)
            add_diagnostic(spec, status, "", false, "%s", message);
        spec->status = status;
        *out = spec;
        return status;
    }
    status = cplot_spec_parse(text, length, path, root, out);
    free(text);
    return status;
}

cplot_spec_t *cplot_spec_reference(cplot_spec_t *spec)
{
    if (spec)
        cplot_refcount_increment(&spec->refcount);
    return spec;
}

void cplot_spec_destroy(cplot_spec_t *spec)
{
    if (!spec || !cplot_refcount_decrement(&spec->refcount))
        return;
    for (size_t i = 0; i < spec->diagnostic_count; i++)
        free(spec->diagnostics[i]);
    free(spec->diagnostics);
    for (size_t i = 0; i < spec->tag_count; i++)
        free(spec->tags[i]);
    free(spec->tags);
    free(spec->description);
    free(spec->name);
    free(spec->kept_text);
    cplot_chart_destroy(spec->chart);
    free(spec);
}

size_t cplot_spec_diagnostic_count(const cplot_spec_t *spec)
{
    return spec ? spec->diagnostic_count : 0;
}

const char *cplot_spec_diagnostic(const cplot_spec_t *spec, size_t index)
{
    return spec && index < spec->diagnostic_count ? spec->diagnostics[index] : NULL;
}

cplot_chart_t *cplot_spec_chart(const cplot_spec_t *spec)
{
    return spec ? spec->chart : NULL;
}

const char *cplot_spec_description(const cplot_spec_t *spec)
{
    return spec ? spec->description : NULL;
}

size_t cplot_spec_tag_count(const cplot_spec_t *spec)
{
    return spec ? spec->tag_count : 0;
}

const char *cplot_spec_tag(const cplot_spec_t *spec, size_t index)
{
    return spec && index < spec->tag_count ? spec->tags[index] : NULL;
}

/* The option a planning message is about: `option "NAME": ` at its start
 * (messages of panels, "panel a: ...", stay whole). Returns the length of
 * that prefix and copies NAME, or 0. */
static size_t option_prefix(const char *message, char *name, size_t size)
{
    static const char lead[] = "option \"";
    if (strncmp(message, lead, sizeof lead - 1) != 0)
        return 0;
    const char *start = message + sizeof lead - 1;
    const char *end = strstr(start, "\": ");
    if (!end || (size_t)(end - start) >= size)
        return 0;
    memcpy(name, start, (size_t)(end - start));
    name[end - start] = 0;
    return (size_t)(end - message) + 3;
}

cplot_status_t cplot_spec_check(cplot_spec_t *spec)
{
    if (!spec)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    if (spec->status != CPLOT_STATUS_SUCCESS || !spec->chart)
        return spec->status;
    cplot_status_t status = cplot_chart_check(spec->chart);
    if (status == CPLOT_STATUS_SUCCESS)
        return status;
    const char *message = cplot_chart_error_message(spec->chart);
    if (!*message)
        message = cplot_status_to_string(status);
    char name[256];
    size_t prefix = option_prefix(message, name, sizeof name);
    char *pointer = prefix ? pointer_for("", name) : NULL;
    spec->text = spec->kept_text;
    add_diagnostic(spec, status, pointer ? pointer : "", false, "%s", message + prefix);
    spec->text = NULL;
    free(pointer);
    cplot_chart_destroy(spec->chart); /* an invalid spec has no chart */
    spec->chart = NULL;
    return status;
}
