/* Unit tests for the JSON data reader: records and columns, type
 * inference and conversion, forced types, every structural error with its
 * exact message, limits, and malformed JSON text with line and column. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "data-private.h"

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

/* ---- helpers ---- */

static cplot_table_t *read_ok_with(const char *text, const cplot_data_options_t *options)
{
    cplot_table_t *table = (cplot_table_t *)1;
    cplot_data_error_t error;
    cplot_status_t status = cplot_read_json_data_text(text, strlen(text), options, &table, &error);
    if (status != CPLOT_STATUS_SUCCESS)
        fail_msg("reading failed with status %d: %s", (int)status, error.message);
    assert_non_null(table);
    assert_string_equal(error.message, "");
    return table;
}

static cplot_table_t *read_ok(const char *text)
{
    return read_ok_with(text, NULL);
}

static void expect_error_with(const char *text, const cplot_data_options_t *options,
                              cplot_status_t expected_status, const char *expected_message,
                              size_t line, size_t column)
{
    cplot_table_t *table = (cplot_table_t *)1;
    cplot_data_error_t error;
    cplot_status_t status = cplot_read_json_data_text(text, strlen(text), options, &table, &error);
    assert_null(table);
    assert_string_equal(error.message, expected_message);
    assert_int_equal(status, expected_status);
    assert_int_equal(error.line, line);
    assert_int_equal(error.column, column);
}

/* Errors found in the parsed tree have no position. */
static void expect_error(const char *text, const char *expected_message)
{
    expect_error_with(text, NULL, CPLOT_STATUS_PARSE_ERROR, expected_message, 0, 0);
}

static size_t column_index(const cplot_table_t *table, const char *name)
{
    long index = cplot_table_find(table, name);
    if (index < 0)
        fail_msg("no column \"%s\"", name);
    return (size_t)index;
}

static void assert_numbers(const cplot_table_t *table, const char *name, const double *expected,
                           size_t count)
{
    size_t column = column_index(table, name);
    assert_int_equal(cplot_table_column_type(table, column), CPLOT_COLUMN_NUMERIC);
    assert_int_equal(cplot_table_row_count(table), count);
    const double *values = cplot_table_numeric(table, column);
    for (size_t i = 0; i < count; i++) {
        bool same = isnan(expected[i]) ? isnan(values[i])
                                       : memcmp(&values[i], &expected[i], sizeof(double)) == 0;
        if (!same)
            fail_msg("column \"%s\", row %zu: got %.17g, expected %.17g", name, i, values[i],
                     expected[i]);
    }
}

static void assert_categories(const cplot_table_t *table, const char *name,
                              const char *const *levels, size_t level_count,
                              const char *const *values, size_t count)
{
    size_t column = column_index(table, name);
    assert_int_equal(cplot_table_column_type(table, column), CPLOT_COLUMN_CATEGORICAL);
    assert_int_equal(cplot_table_level_count(table, column), level_count);
    for (size_t i = 0; i < level_count; i++)
        assert_string_equal(cplot_table_level(table, column, i), levels[i]);
    assert_int_equal(cplot_table_row_count(table), count);
    const int *codes = cplot_table_codes(table, column);
    for (size_t i = 0; i < count; i++) {
        if (!values[i]) {
            assert_int_equal(codes[i], -1);
            continue;
        }
        assert_true(codes[i] >= 0);
        assert_string_equal(cplot_table_level(table, column, (size_t)codes[i]), values[i]);
    }
}

static void assert_names(const cplot_table_t *table, const char *const *names, size_t count)
{
    assert_int_equal(cplot_table_column_count(table), count);
    for (size_t i = 0; i < count; i++)
        assert_string_equal(cplot_table_column_name(table, i), names[i]);
}

/* ---- shapes ---- */

static void test_records(void **state)
{
    (void)state;
    cplot_table_t *table = read_ok("[{\"a\": 1, \"b\": \"x\"},\n"
                                   " {\"b\": \"y\", \"c\": true},\n"
                                   " {\"a\": null, \"c\": false},\n"
                                   " {\"a\": -2.5e3, \"b\": \"x\"}]");
    static const char *const names[] = {"a", "b", "c"};
    assert_names(table, names, 3);
    assert_numbers(table, "a", (const double[]){1, NAN, NAN, -2500}, 4);
    static const char *const b_levels[] = {"x", "y"};
    assert_categories(table, "b", b_levels, 2, (const char *const[]){"x", "y", NULL, "x"}, 4);
    static const char *const c_levels[] = {"true", "false"};
    assert_categories(table, "c", c_levels, 2, (const char *const[]){NULL, "true", "false", NULL},
                      4);
    cplot_table_destroy(table);
}

static void test_columns(void **state)
{
    (void)state;
    cplot_table_t *table = read_ok("{\"x\": [1, 2, 3], \"g\": [\"b\", \"a\", \"b\"], "
                                   "\"none\": [null, null, null]}");
    static const char *const names[] = {"x", "g", "none"};
    assert_names(table, names, 3);
    assert_numbers(table, "x", (const double[]){1, 2, 3}, 3);
    static const char *const levels[] = {"b", "a"};
    assert_categories(table, "g", levels, 2, (const char *const[]){"b", "a", "b"}, 3);
    /* Only nulls: numeric, all missing. */
    assert_numbers(table, "none", (const double[]){NAN, NAN, NAN}, 3);
    cplot_table_destroy(table);
}

static void test_empty_data(void **state)
{
    (void)state;
    const char *texts[] = {"[]", "{}", "\xEF\xBB\xBF []"};
    for (size_t i = 0; i < COUNT_OF(texts); i++) {
        cplot_table_t *table = read_ok(texts[i]);
        assert_int_equal(cplot_table_row_count(table), 0);
        assert_int_equal(cplot_table_column_count(table), 0);
        cplot_table_destroy(table);
    }
    /* Empty columns are fine too. */
    cplot_table_t *table = read_ok("{\"a\": [], \"b\": []}");
    assert_int_equal(cplot_table_row_count(table), 0);
    assert_int_equal(cplot_table_column_count(table), 2);
    cplot_table_destroy(table);
    expect_error("", "the JSON text is empty");
    expect_error(" \n\t", "the JSON text is empty");
    expect_error("\xEF\xBB\xBF", "the JSON text is empty");
}

/* ---- values ---- */

static void test_mixed_types(void **state)
{
    (void)state;
    cplot_table_t *table =
        read_ok("{\"m\": [1, \"x\", 0.1, 1e21, true, null, 2.5e-7, 1.0, \"1\", -0.0, 100]}");
    static const char *const levels[] = {"1", "x", "0.1", "1e+21", "true", "2.5e-07", "-0", "100"};
    assert_categories(table, "m", levels, COUNT_OF(levels),
                      (const char *const[]){"1", "x", "0.1", "1e+21", "true", NULL, "2.5e-07", "1",
                                            "1", "-0", "100"},
                      11);
    cplot_table_destroy(table);

    /* Strings stay strings: "NA" is a level, "" too. */
    table = read_ok("[{\"s\": \"NA\"}, {\"s\": \"\"}, {\"s\": null}, {}]");
    static const char *const strings[] = {"NA", ""};
    assert_categories(table, "s", strings, 2, (const char *const[]){"NA", "", NULL, NULL}, 4);
    cplot_table_destroy(table);
}

static void test_forced_types(void **state)
{
    (void)state;
    static const char *const numeric[] = {"n", NULL};
    static const char *const categorical[] = {"code", NULL};
    cplot_data_options_t options = {.numeric = numeric, .categorical = categorical};
    cplot_table_t *table = read_ok_with("{\"n\": [\"2.5\", \"NA\", 3, null, \" 7 \"], "
                                        "\"code\": [10, 7, 10, null, 0.5]}",
                                        &options);
    assert_numbers(table, "n", (const double[]){2.5, NAN, 3, NAN, 7}, 5);
    static const char *const codes[] = {"10", "7", "0.5"};
    assert_categories(table, "code", codes, 3, (const char *const[]){"10", "7", "10", NULL, "0.5"},
                      5);
    cplot_table_destroy(table);

    options.categorical = NULL;
    expect_error_with("[{\"n\": 1}, {\"n\": \"abc\"}]", &options, CPLOT_STATUS_PARSE_ERROR,
                      "record at index 1, key \"n\": \"abc\" is not a number, but the column is "
                      "read as numeric",
                      0, 0);
    expect_error_with("{\"n\": [1, true]}", &options, CPLOT_STATUS_PARSE_ERROR,
                      "column \"n\", index 1: true is not a number, but the column is read as "
                      "numeric",
                      0, 0);
    static const char *const unknown[] = {"mass", NULL};
    options.numeric = unknown;
    expect_error_with("{\"n\": [1]}", &options, CPLOT_STATUS_UNKNOWN_COLUMN,
                      "the column \"mass\", given as numeric, is not in the data", 0, 0);
    options.numeric = numeric;
    options.categorical = numeric;
    expect_error_with("{\"n\": [1]}", &options, CPLOT_STATUS_INVALID_ARGUMENT,
                      "the column \"n\" is given as both numeric and categorical", 0, 0);
}

/* ---- errors ---- */

static void test_nested_values(void **state)
{
    (void)state;
    expect_error("[{\"a\": 1}, {\"a\": [1, 2]}]",
                 "record at index 1, key \"a\": an array is not a valid value (expected a number, "
                 "string, boolean or null)");
    expect_error("[{\"a\": {\"b\": 1}}]",
                 "record at index 0, key \"a\": an object is not a valid value (expected a "
                 "number, string, boolean or null)");
    expect_error("{\"a\": [1, {\"x\": 1}]}",
                 "column \"a\", index 1: an object is not a valid value (expected a number, "
                 "string, boolean or null)");
}

static void test_structure_errors(void **state)
{
    (void)state;
    expect_error("{\"a\": [1, 2], \"b\": [1]}", "column \"b\" has 1 value, but column \"a\" has 2");
    expect_error("{\"a\": [1], \"b\": [1, 2, 3]}",
                 "column \"b\" has 3 values, but column \"a\" has 1");
    expect_error("{\"a\": [1], \"b\": 2}", "column \"b\" is a number, not an array of values");
    expect_error("[{\"a\": 1}, 2]", "record at index 1 is a number, not an object");
    expect_error("[{\"a\": 1}, [1]]", "record at index 1 is an array, not an object");
    expect_error("\"text\"",
                 "the data must be an array of records or an object of columns, not a string");
    expect_error("null", "the data must be an array of records or an object of columns, not null");
    expect_error("[{\"a\": 1, \"a\": 2}]", "record at index 0 repeats the key \"a\"");
    expect_error("{\"a\": [1], \"a\": [2]}", "the column \"a\" appears twice");
    expect_error("[{\"a\": 1}, {\"\": 2}]", "record at index 1 has an empty key");
    expect_error("{\"\": [1]}", "the object of columns has an empty key");
}

static void test_malformed_text(void **state)
{
    (void)state;
    expect_error_with("[{\"a\": 1},\n {\"a\": 2,}]", NULL, CPLOT_STATUS_PARSE_ERROR,
                      "line 2, column 11: malformed JSON", 2, 11);
    expect_error_with("{\"a\" 1}", NULL, CPLOT_STATUS_PARSE_ERROR,
                      "line 1, column 6: malformed JSON", 1, 6);
    expect_error_with("[1,\r\n  tru]", NULL, CPLOT_STATUS_PARSE_ERROR,
                      "line 2, column 3: malformed JSON", 2, 3);
    expect_error_with("[{\"a\": 1}] x", NULL, CPLOT_STATUS_PARSE_ERROR,
                      "line 1, column 12: unexpected text after the JSON value", 1, 12);
    expect_error_with("[{\"a\": \"\xC3\xA9\xFF\"}]", NULL, CPLOT_STATUS_PARSE_ERROR,
                      "line 1, column 10: invalid UTF-8 (byte 0xFF)", 1, 10);
    /* Trailing white space is fine. */
    cplot_table_t *table = read_ok("[{\"a\": 1}]\n\n");
    assert_int_equal(cplot_table_row_count(table), 1);
    cplot_table_destroy(table);
}

/* The tree may come from elsewhere (the spec parser), so strings are
 * checked for UTF-8 there too. */
static void test_tree_input(void **state)
{
    (void)state;
    cJSON *json = cJSON_CreateArray();
    cJSON *record = cJSON_CreateObject();
    cJSON_AddItemToArray(json, record);
    cJSON_AddStringToObject(record, "s", "ok");
    record = cJSON_CreateObject();
    cJSON_AddItemToArray(json, record);
    cJSON_AddStringToObject(record, "s", "bad \xFF");
    cplot_table_t *table = (cplot_table_t *)1;
    cplot_data_error_t error;
    assert_int_equal(cplot_read_json_data(json, NULL, &table, &error), CPLOT_STATUS_PARSE_ERROR);
    assert_null(table);
    assert_string_equal(error.message,
                        "record at index 1, key \"s\": the string is not valid UTF-8");
    cJSON_Delete(json);

    assert_int_equal(cplot_read_json_data(NULL, NULL, &table, &error),
                     CPLOT_STATUS_INVALID_ARGUMENT);
    assert_null(table);
    assert_int_equal(cplot_read_json_data_text("[]", 2, NULL, NULL, NULL),
                     CPLOT_STATUS_INVALID_ARGUMENT);
}

static void test_limits(void **state)
{
    (void)state;
    cplot_data_options_t options = {.max_rows = 2, .max_columns = 2, .max_levels = 2};
    cplot_table_t *table = read_ok_with("[{\"a\": 1, \"g\": \"x\"}, {\"g\": \"y\"}]", &options);
    cplot_table_destroy(table);
    expect_error_with("[{}, {}, {}]", &options, CPLOT_STATUS_LIMIT_EXCEEDED,
                      "3 records, more than 2 (the limit)", 0, 0);
    expect_error_with("{\"a\": [1, 2, 3]}", &options, CPLOT_STATUS_LIMIT_EXCEEDED,
                      "column \"a\" has 3 values, more than 2 (the limit)", 0, 0);
    expect_error_with("[{\"a\": 1, \"b\": 2}, {\"c\": 3}]", &options, CPLOT_STATUS_LIMIT_EXCEEDED,
                      "more than 2 columns (the limit)", 0, 0);
    options = (cplot_data_options_t){.max_levels = 2};
    expect_error_with("{\"g\": [\"x\", 1, \"x\", true]}", &options, CPLOT_STATUS_LIMIT_EXCEEDED,
                      "column \"g\" has more than 2 distinct values (the limit)", 0, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_records),
        cmocka_unit_test(test_columns),
        cmocka_unit_test(test_empty_data),
        cmocka_unit_test(test_mixed_types),
        cmocka_unit_test(test_forced_types),
        cmocka_unit_test(test_nested_values),
        cmocka_unit_test(test_structure_errors),
        cmocka_unit_test(test_malformed_text),
        cmocka_unit_test(test_tree_input),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
