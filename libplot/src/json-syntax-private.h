/* What cJSON does not say about spec text: where and why malformed JSON is
 * malformed (cJSON gives only an offset, sometimes one byte late), and what
 * it accepts but a spec must not hold: strings with \u0000 (C strings would
 * silently end there) and keys repeated in one object (parsers disagree on
 * which one wins). */
#ifndef CPLOT_JSON_SYNTAX_PRIVATE_H
#define CPLOT_JSON_SYNTAX_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

/* cJSON's own nesting limit (CJSON_NESTING_LIMIT): containers nested deeper
 * than this are malformed for the parser, so for us too. */
#define CPLOT_JSON_MAX_DEPTH 1000

typedef enum cplot_json_syntax_kind {
    CPLOT_JSON_UNEXPECTED,     /* a byte that cannot start or continue what came before */
    CPLOT_JSON_END_OF_INPUT,   /* the text ends inside a value (or holds none) */
    CPLOT_JSON_TOO_DEEP,       /* an opening bracket past CPLOT_JSON_MAX_DEPTH levels */
    CPLOT_JSON_BAD_ESCAPE,     /* a backslash escape JSON does not have */
    CPLOT_JSON_LONE_SURROGATE, /* \uD800-\uDFFF not forming a pair */
    CPLOT_JSON_CONTROL,        /* a raw control character (below U+0020) in a string */
    CPLOT_JSON_AFTER_END,      /* something after the one top-level value */
} cplot_json_syntax_kind_t;

typedef struct cplot_json_syntax_error {
    cplot_json_syntax_kind_t kind;
    size_t offset; /* byte offset of the problem; `length` for END_OF_INPUT */
    size_t extent; /* for the escapes: how many bytes the escape spans */
} cplot_json_syntax_error_t;

/* Finds the first syntax error in `length` bytes of JSON text by RFC 8259
 * (one value, white space around it), stricter than cJSON: cJSON takes
 * "01", "1.", raw control characters in strings and "\uZZZZ" (as U+0000),
 * and reports some errors one byte late. Checking first makes the place
 * and the reason exact and leaves no room for parsers to disagree on what
 * a spec says. true and *error filled when the text is malformed. */
bool cplot_json_find_syntax_error(const char *text, size_t length,
                                  cplot_json_syntax_error_t *error);

typedef enum cplot_json_problem {
    CPLOT_JSON_NUL_ESCAPE,     /* a string value holding \u0000 */
    CPLOT_JSON_NUL_ESCAPE_KEY, /* a key holding \u0000; `pointer` is its object's */
    CPLOT_JSON_DUPLICATE_KEY,  /* the second appearance of a key in its object */
    CPLOT_JSON_REPEATED_KEY,   /* the third or a later one */
} cplot_json_problem_t;

/* Called for each problem, in the order of the text: `pointer`
 * is the value's JSON pointer (RFC 6901), `offset` the byte offset of the
 * string (for a key: of the key) and, for a duplicate, `first_offset` that
 * of the key's first appearance. */
typedef void (*cplot_json_problem_report_t)(void *context, cplot_json_problem_t problem,
                                            const char *pointer, size_t offset,
                                            size_t first_offset);

/* Walks `root`, the tree cJSON parsed from exactly this text, alongside
 * the text and reports each problem. false when memory ran out (some
 * problems may then go unreported). */
bool cplot_json_audit(const char *text, size_t length, const cJSON *root,
                      cplot_json_problem_report_t report, void *context);

#endif
