/* Option values and their validation against a kind's option table: the
 * one place that decides whether a value fits an option, used by the C
 * setters and the spec reader alike. */
#ifndef CPLOT_OPTION_PRIVATE_H
#define CPLOT_OPTION_PRIVATE_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "cplot/cplot.h"

/* A value of one of the cplot_value_type_t shapes. type 0 means null:
 * the option is unset and has no default. COLUMN, COLOR and INTEGER are
 * refinements checked on input; values are stored as NUMBER, STRING,
 * BOOL, NUMBERS or STRINGS. */
typedef struct cplot_value {
    unsigned type;
    bool explicit; /* set by the caller or the spec, not the table's default */
    double number;
    bool boolean;
    char *string;
    double *numbers;
    char **strings;
    size_t count;
} cplot_value_t;

void cplot_value_release(cplot_value_t *value);
/* Deep copy; false (dst untouched) when out of memory. */
bool cplot_value_copy(cplot_value_t *dst, const cplot_value_t *src);

/* What a JSON value is, for messages: "a number", "a list", "null", ... */
const char *cplot_json_kind(const cJSON *json);

/* Converts JSON into a value of the shape it has (number, string, bool,
 * array of numbers, array of strings, null). false with a message for
 * other shapes (objects, mixed arrays). */
bool cplot_value_from_json(const cJSON *json, cplot_value_t *out, char *message, size_t size);

/* A JSON number that reads back as exactly `value` (cJSON's own printing
 * accepts a last-digit error, and users compare our numbers with numpy's
 * bit for bit); null for NaN and infinities, which JSON cannot hold. */
cJSON *cplot_json_number(double value);

/* Checks `value` against `option`: accepted types, range, choices, colour
 * syntax. On failure writes "expected ...; got ..." to message and returns
 * CPLOT_STATUS_INVALID_VALUE. */
cplot_status_t cplot_option_check(const cplot_option_info_t *option, const cplot_value_t *value,
                                  char *message, size_t size);

/* A human phrase for what an option accepts: "a number from 0 to 1",
 * "one of \"linear\", \"log\"", ... */
void cplot_option_describe(const cplot_option_info_t *option, char *text, size_t size);

/* The table of a kind: its common options followed by its own. */
size_t cplot_kind_option_count(cplot_kind_t kind);
const cplot_option_info_t *cplot_kind_option(cplot_kind_t kind, size_t index);
/* The index of option `name` in the kind's table, or -1. */
long cplot_kind_option_index(cplot_kind_t kind, const char *name);

#endif
