/* Unit tests for the CSV/TSV reader and the decimal number parser it uses:
 * syntax (quoting, line ends, BOM, delimiters), missing values, type
 * inference, every error with its exact message and position, limits,
 * and the number parser checked bit for bit against strtod. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cplot/cplot.h>

#include "data-private.h"
#include "file-private.h"
#include "memory-private.h"
#include "table-private.h"

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

/* ---- helpers ---- */

static cplot_table_t *read_ok_with(const char *text, size_t length,
                                   const cplot_data_options_t *options)
{
    cplot_table_t *table = (cplot_table_t *)1;
    cplot_data_error_t error;
    cplot_status_t status = cplot_read_csv(text, length, options, &table, &error);
    if (status != CPLOT_STATUS_SUCCESS)
        fail_msg("reading failed with status %d: %s", (int)status, error.message);
    assert_non_null(table);
    assert_string_equal(error.message, "");
    assert_int_equal(error.line, 0);
    return table;
}

static cplot_table_t *read_ok(const char *text)
{
    return read_ok_with(text, strlen(text), NULL);
}

/* Reads text that must fail; checks the status, the whole message and the
 * position, and that no table is handed out. */
static void expect_error_with(const char *text, size_t length, const cplot_data_options_t *options,
                              cplot_status_t expected_status, const char *expected_message,
                              size_t line, size_t column)
{
    cplot_table_t *table = (cplot_table_t *)1;
    cplot_data_error_t error;
    cplot_status_t status = cplot_read_csv(text, length, options, &table, &error);
    assert_null(table);
    assert_string_equal(error.message, expected_message);
    assert_int_equal(status, expected_status);
    assert_int_equal(error.line, line);
    assert_int_equal(error.column, column);
}

static void expect_error(const char *text, const char *expected_message, size_t line,
                         size_t column)
{
    expect_error_with(text, strlen(text), NULL, CPLOT_STATUS_PARSE_ERROR, expected_message, line,
                      column);
}

static size_t column_index(const cplot_table_t *table, const char *name)
{
    long index = cplot_table_find(table, name);
    if (index < 0)
        fail_msg("no column \"%s\"", name);
    return (size_t)index;
}

/* Compares numbers bit for bit, so NaN matches NaN and -0 differs from 0. */
static void assert_numbers(const cplot_table_t *table, const char *name, const double *expected,
                           size_t count)
{
    size_t column = column_index(table, name);
    assert_int_equal(cplot_table_column_type(table, column), CPLOT_COLUMN_NUMERIC);
    assert_int_equal(cplot_table_row_count(table), count);
    const double *values = cplot_table_numeric(table, column);
    assert_non_null(values);
    for (size_t i = 0; i < count; i++) {
        bool same = isnan(expected[i]) ? isnan(values[i])
                                       : memcmp(&values[i], &expected[i], sizeof(double)) == 0;
        if (!same)
            fail_msg("column \"%s\", row %zu: got %.17g, expected %.17g", name, i + 1, values[i],
                     expected[i]);
    }
}

/* Checks a categorical column's levels (in order) and each row's value
 * (NULL for missing). */
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
    assert_non_null(codes);
    for (size_t i = 0; i < count; i++) {
        if (!values[i]) {
            if (codes[i] != -1)
                fail_msg("column \"%s\", row %zu: expected missing, got code %d", name, i + 1,
                         codes[i]);
            continue;
        }
        if (codes[i] < 0 || (size_t)codes[i] >= level_count)
            fail_msg("column \"%s\", row %zu: bad code %d", name, i + 1, codes[i]);
        assert_string_equal(cplot_table_level(table, column, (size_t)codes[i]), values[i]);
    }
}

static void assert_names(const cplot_table_t *table, const char *const *names, size_t count)
{
    assert_int_equal(cplot_table_column_count(table), count);
    for (size_t i = 0; i < count; i++)
        assert_string_equal(cplot_table_column_name(table, i), names[i]);
}

/* ---- syntax ---- */

static void test_numbers_and_categories(void **state)
{
    (void)state;
    cplot_table_t *table = read_ok("a,b,c\n1,x,2.5\n3,y,-4e2\n-0,x,.5\n");
    static const char *const names[] = {"a", "b", "c"};
    assert_names(table, names, 3);
    assert_numbers(table, "a", (const double[]){1, 3, -0.0}, 3);
    static const char *const levels[] = {"x", "y"};
    assert_categories(table, "b", levels, 2, (const char *const[]){"x", "y", "x"}, 3);
    assert_numbers(table, "c", (const double[]){2.5, -400, 0.5}, 3);
    cplot_table_destroy(table);
}

static void test_quoting(void **state)
{
    (void)state;
    const char *text = "\"full name\",note,n\n"
                       "\"Smith, J.\",\"said \"\"hi\"\"\",\"1\"\n"
                       "\"multi\nline\",plain,2\n"
                       "\"\"\"\",\"a \"\"b\"\" c\",\"3\"\n"
                       "\"x,\r\ny\",\"\",4\n";
    cplot_table_t *table = read_ok(text);
    static const char *const names[] = {"full name", "note", "n"};
    assert_names(table, names, 3);
    static const char *const people[] = {"Smith, J.", "multi\nline", "\"", "x,\r\ny"};
    assert_categories(table, "full name", people, 4, people, 4);
    static const char *const notes[] = {"said \"hi\"", "plain", "a \"b\" c"};
    assert_categories(table, "note", notes, 3,
                      (const char *const[]){"said \"hi\"", "plain", "a \"b\" c", NULL}, 4);
    /* A quoted number is still a number. */
    assert_numbers(table, "n", (const double[]){1, 2, 3, 4}, 4);
    cplot_table_destroy(table);

    /* A quote inside an unquoted field is an ordinary character. */
    table = read_ok("a\nsix\" tall\nx\"\n");
    static const char *const values[] = {"six\" tall", "x\""};
    assert_categories(table, "a", values, 2, values, 2);
    cplot_table_destroy(table);
}

static void test_line_ends(void **state)
{
    (void)state;
    cplot_table_t *table = read_ok("a,b\r\n1,2\r\n3,4\r\n");
    assert_numbers(table, "a", (const double[]){1, 3}, 2);
    assert_numbers(table, "b", (const double[]){2, 4}, 2);
    cplot_table_destroy(table);

    /* Lone CRs, no final line end. */
    table = read_ok("a,b\r1,2\r3,4");
    assert_numbers(table, "b", (const double[]){2, 4}, 2);
    cplot_table_destroy(table);

    /* Trailing blank lines are ignored, whatever their line ends. */
    table = read_ok("a\n1\n2\n\n\r\n\n");
    assert_numbers(table, "a", (const double[]){1, 2}, 2);
    cplot_table_destroy(table);
}

static void test_byte_order_mark(void **state)
{
    (void)state;
    cplot_table_t *table = read_ok("\xEF\xBB\xBFname,value\nz,1\n");
    static const char *const names[] = {"name", "value"};
    assert_names(table, names, 2);
    cplot_table_destroy(table);
    /* Positions do not count the mark. */
    expect_error("\xEF\xBB\xBF" "a,a\n", "header column 2 repeats the name \"a\" of column 1", 1,
                 3);
}

static void test_delimiters(void **state)
{
    (void)state;
    /* Guessed: a tab and no comma in the first line. */
    cplot_table_t *table = read_ok("a\tb\n1\t2,5\n");
    static const char *const tab_names[] = {"a", "b"};
    assert_names(table, tab_names, 2);
    assert_numbers(table, "a", (const double[]){1}, 1);
    static const char *const levels[] = {"2,5"};
    assert_categories(table, "b", levels, 1, levels, 1);
    cplot_table_destroy(table);

    /* A comma anywhere in the first line means commas. */
    table = read_ok("a\tb,c\n1\t2,3\n");
    static const char *const comma_names[] = {"a\tb", "c"};
    assert_names(table, comma_names, 2);
    cplot_table_destroy(table);

    /* Explicit delimiters. */
    cplot_data_options_t options = {.delimiter = '\t'};
    const char *text = "a,b\tc\n1\t2\n";
    table = read_ok_with(text, strlen(text), &options);
    static const char *const explicit_names[] = {"a,b", "c"};
    assert_names(table, explicit_names, 2);
    cplot_table_destroy(table);
    options.delimiter = ';';
    text = "x;y\n1,5;2\n";
    table = read_ok_with(text, strlen(text), &options);
    assert_numbers(table, "y", (const double[]){2}, 1);
    cplot_table_destroy(table);

    options.delimiter = '"';
    expect_error_with("a\n", 2, &options, CPLOT_STATUS_INVALID_ARGUMENT,
                      "invalid arguments: a table pointer, text (or a length of 0) and a "
                      "delimiter other than a quote, CR, LF or non-ASCII are needed",
                      0, 0);
}

/* ---- values ---- */

static void test_missing_values(void **state)
{
    (void)state;
    /* One column: a blank line in the middle is a missing value too. */
    cplot_table_t *table = read_ok("x\n1\n\nNA\nN/A\nnull\nNaN\n\"\"\n\"NA\"\n2\n");
    assert_numbers(table, "x", (const double[]){1, NAN, NAN, NAN, NAN, NAN, NAN, NAN, 2}, 9);
    cplot_table_destroy(table);

    /* The list is exact and case-sensitive: other spellings are text. */
    table = read_ok("g\nNA\nnan\nNULL\n\nna\n n/a\nNaN\n");
    static const char *const levels[] = {"nan", "NULL", "na", " n/a"};
    assert_categories(table, "g", levels, 4,
                      (const char *const[]){NULL, "nan", "NULL", NULL, "na", " n/a", NULL}, 7);
    cplot_table_destroy(table);
}

static void test_type_inference(void **state)
{
    (void)state;
    const char *text = "empty,n,late,special\n"
                       ",1,2,inf\n"
                       "NA,2,1.0,-Infinity\n"
                       ",3,x, 42 \n"
                       "null,4,1,+1.5E+3\n"
                       ",5,2,-INF\n"
                       ",6,y,1e999\n";
    cplot_table_t *table = read_ok(text);
    assert_numbers(table, "empty", (const double[]){NAN, NAN, NAN, NAN, NAN, NAN}, 6);
    assert_numbers(table, "n", (const double[]){1, 2, 3, 4, 5, 6}, 6);
    /* Turned categorical at row 3: the two rows before are read again as
     * text, and levels keep the order of first appearance. */
    static const char *const levels[] = {"2", "1.0", "x", "1", "y"};
    assert_categories(table, "late", levels, 5,
                      (const char *const[]){"2", "1.0", "x", "1", "2", "y"}, 6);
    assert_numbers(table, "special",
                   (const double[]){INFINITY, -INFINITY, 42, 1500, -INFINITY, INFINITY}, 6);
    cplot_table_destroy(table);

    /* Not decimal numbers: hex, "nan", thousands separators. */
    table = read_ok("a,b,c\n0x10,nan,\"1,000\"\n");
    assert_int_equal(cplot_table_column_type(table, 0), CPLOT_COLUMN_CATEGORICAL);
    assert_int_equal(cplot_table_column_type(table, 1), CPLOT_COLUMN_CATEGORICAL);
    assert_int_equal(cplot_table_column_type(table, 2), CPLOT_COLUMN_CATEGORICAL);
    cplot_table_destroy(table);
}

/* A column that turns categorical after the row arrays have grown several
 * times, with missing values before and after. */
static void test_late_categorical_in_long_file(void **state)
{
    (void)state;
    enum { ROWS = 5000, SWITCH = 3001 };
    cplot_buffer_t text = {0};
    assert_true(cplot_buffer_printf(&text, "i,v\n"));
    for (int row = 0; row < ROWS; row++) {
        if (row == SWITCH)
            assert_true(cplot_buffer_printf(&text, "%d,word\n", row));
        else if (row % 7 == 0)
            assert_true(cplot_buffer_printf(&text, "%d,NA\n", row));
        else
            assert_true(cplot_buffer_printf(&text, "%d,%d\n", row, row % 10));
    }
    cplot_table_t *table = read_ok_with((const char *)text.data, text.size, NULL);
    cplot_buffer_release(&text);
    assert_int_equal(cplot_table_row_count(table), ROWS);
    const double *numbers = cplot_table_numeric(table, 0);
    for (int row = 0; row < ROWS; row++)
        assert_true(numbers[row] == row);
    const int *codes = cplot_table_codes(table, 1);
    assert_non_null(codes);
    /* First appearances: 1 (row 1), 2, ..., 6, then 8, 9, 0 (row 10), 7
     * (row 17), "word" last. */
    static const char *const levels[] = {"1", "2", "3", "4", "5", "6", "8", "9", "0", "7", "word"};
    assert_int_equal(cplot_table_level_count(table, 1), COUNT_OF(levels));
    for (size_t i = 0; i < COUNT_OF(levels); i++)
        assert_string_equal(cplot_table_level(table, 1, i), levels[i]);
    for (int row = 0; row < ROWS; row++) {
        char expected[16];
        if (row == SWITCH)
            snprintf(expected, sizeof expected, "word");
        else if (row % 7 == 0) {
            assert_int_equal(codes[row], -1);
            continue;
        } else
            snprintf(expected, sizeof expected, "%d", row % 10);
        assert_true(codes[row] >= 0);
        assert_string_equal(cplot_table_level(table, 1, (size_t)codes[row]), expected);
    }
    cplot_table_destroy(table);
}

static void test_forced_types(void **state)
{
    (void)state;
    static const char *const categorical[] = {"code", "empty", NULL};
    static const char *const numeric[] = {"n", NULL};
    cplot_data_options_t options = {.categorical = categorical, .numeric = numeric};
    const char *text = "code,n,empty\n10,1,\n7,NA,NA\n10,2.5,\n";
    cplot_table_t *table = read_ok_with(text, strlen(text), &options);
    static const char *const codes[] = {"10", "7"};
    assert_categories(table, "code", codes, 2, (const char *const[]){"10", "7", "10"}, 3);
    assert_numbers(table, "n", (const double[]){1, NAN, 2.5}, 3);
    assert_categories(table, "empty", NULL, 0, (const char *const[]){NULL, NULL, NULL}, 3);
    cplot_table_destroy(table);

    /* A forced numeric column does not quietly lose text. */
    text = "code,n,empty\n10,1,\n7,abc,NA\n";
    expect_error_with(text, strlen(text), &options, CPLOT_STATUS_PARSE_ERROR,
                      "row 2, column 2 (\"n\"): \"abc\" is not a number, but the column is read "
                      "as numeric",
                      3, 3);

    static const char *const unknown[] = {"n", "mass", NULL};
    options = (cplot_data_options_t){.numeric = unknown};
    expect_error_with(text, strlen(text), &options, CPLOT_STATUS_UNKNOWN_COLUMN,
                      "the column \"mass\", given as numeric, is not in the header", 0, 0);
    options = (cplot_data_options_t){.numeric = numeric, .categorical = numeric};
    expect_error_with(text, strlen(text), &options, CPLOT_STATUS_INVALID_ARGUMENT,
                      "the column \"n\" is given as both numeric and categorical", 0, 0);
}

/* ---- errors ---- */

static void test_ragged_rows(void **state)
{
    (void)state;
    expect_error("a,b,c\n1,2,3\n4,5\n", "row 2 (line 3) has 2 fields, but the header has 3 columns",
                 3, 4);
    expect_error("a,b\n1,2\n3,4,5,6\n", "row 2 (line 3) has 4 fields, but the header has 2 columns",
                 3, 5);
    expect_error("a,b\n1\n", "row 1 (line 2) has 1 field, but the header has 2 columns", 2, 2);
    expect_error("a\n1\n2,\n", "row 2 (line 3) has 2 fields, but the header has 1 column", 3, 3);
    expect_error("a,b\n1,2\n\n3,4\n", "row 2 (line 3) is blank, but the header has 2 columns", 3,
                 1);
    /* Lines are counted through quoted line breaks and CRLFs. */
    expect_error("a,b\r\n\"x\r\ny\",1\r\n2\r\n",
                 "row 2 (line 4) has 1 field, but the header has 2 columns", 4, 2);
}

static void test_quote_errors(void **state)
{
    (void)state;
    expect_error("a,b\n1,2\n3,\"abc\n4,5\n",
                 "row 2, column 2 (\"b\"): the quote opened at line 3, column 3 is never closed",
                 3, 3);
    expect_error("a\n\"x\"y\n",
                 "row 1, column 1 (\"a\"): text after the closing quote at line 2, column 4 (only "
                 "a delimiter or a line end may follow it)",
                 2, 4);
    expect_error("\"a,b\n1\n", "header column 1: the quote opened at line 1, column 1 is never "
                               "closed",
                 1, 1);
    /* Columns count characters, not bytes. */
    expect_error("name\n\xC3\xA9t\xC3\xA9,\"\n",
                 "row 1, column 2: the quote opened at line 2, column 5 is never closed", 2, 5);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    expect_error("a,b\n1,\xC3\xA9t\xE9\n", "line 2, column 5: invalid UTF-8 (byte 0xE9)", 2, 5);
    expect_error("a\n\xC0\xAF\n", "line 2, column 1: invalid UTF-8 (byte 0xC0)", 2, 1);
    expect_error("a\n1\n2\n\xED\xA0\x80\n", "line 4, column 1: invalid UTF-8 (byte 0xED)", 4, 1);
    /* In the middle of a long ASCII run, found by the 8-byte skip. */
    expect_error("abcdefghijklmnopqrstuvwxyz\nabcdefghijklmnopq\xFFrstuvwxyz\n",
                 "line 2, column 18: invalid UTF-8 (byte 0xFF)", 2, 18);
    static const char nul[] = "a,b\n1,2\n3,x\0y\n";
    expect_error_with(nul, sizeof nul - 1, NULL, CPLOT_STATUS_PARSE_ERROR,
                      "line 3, column 4: NUL byte", 3, 4);
}

static void test_header_names(void **state)
{
    (void)state;
    expect_error("a,b,a\n1,2,3\n", "header column 3 repeats the name \"a\" of column 1", 1, 5);
    expect_error("a,,b\n1,2,3\n", "header column 2 has an empty name", 1, 3);
    expect_error("a,b,\n1,2,3\n", "header column 3 has an empty name", 1, 5);
    expect_error("\"\",b\n1,2\n", "header column 1 has an empty name", 1, 1);
    expect_error("\n\na,b\n", "the header (line 1) is blank", 1, 1);
    /* Names are kept byte for byte, spaces included. */
    cplot_table_t *table = read_ok("a, a,\"a \"\n1,2,3\n");
    static const char *const names[] = {"a", " a", "a "};
    assert_names(table, names, 3);
    cplot_table_destroy(table);
    /* Long or odd names are escaped and cut in messages. */
    expect_error("\"q\"\"\n\",\"q\"\"\n\"\n",
                 "header column 2 repeats the name \"q\\\"\\n\" of column 1", 2, 3);
    expect_error("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz\n1\n\"x\n",
                 "row 2, column 1 (\"abcdefghijklmnopqrstuvwxyzabcdefghijklmn...\"): the quote "
                 "opened at line 3, column 1 is never closed",
                 3, 1);
    /* Cut at 40 bytes, backing off to the start of the two-byte é. */
    static const char *const long_name[] = {"abcdefghijklmnopqrstuvwxyzabcdefghijklm\xC3\xA9xyz",
                                            NULL};
    cplot_data_options_t options = {.numeric = long_name};
    expect_error_with("a\n", 2, &options, CPLOT_STATUS_UNKNOWN_COLUMN,
                      "the column \"abcdefghijklmnopqrstuvwxyzabcdefghijklm...\", given as "
                      "numeric, is not in the header",
                      0, 0);
}

static void test_limits(void **state)
{
    (void)state;
    cplot_data_options_t options = {.max_rows = 2, .max_columns = 2, .max_levels = 2};
    const char *text = "a,g\n1,x\n2,y\n";
    cplot_table_t *table = read_ok_with(text, strlen(text), &options);
    assert_int_equal(cplot_table_row_count(table), 2);
    cplot_table_destroy(table);

    text = "a,g\n1,x\n2,y\n3,x\n";
    expect_error_with(text, strlen(text), &options, CPLOT_STATUS_LIMIT_EXCEEDED,
                      "row 3 (line 4): more than 2 data rows (the limit)", 4, 1);
    text = "a,g,h\n1,x,2\n";
    expect_error_with(text, strlen(text), &options, CPLOT_STATUS_LIMIT_EXCEEDED,
                      "the header has more than 2 columns (the limit)", 1, 5);
    text = "a,g\n1,x\n2,y\n";
    options.max_rows = 0;
    options.max_levels = 1;
    expect_error_with(text, strlen(text), &options, CPLOT_STATUS_LIMIT_EXCEEDED,
                      "column 2 (\"g\") has more than 1 distinct values (the limit)", 0, 0);
    /* Also when the extra level is found while reading early rows again. */
    text = "a,g\n1,1\n2,2\n3,x\n4,x\n";
    options.max_levels = 2;
    expect_error_with(text, strlen(text), &options, CPLOT_STATUS_LIMIT_EXCEEDED,
                      "column 2 (\"g\") has more than 2 distinct values (the limit)", 0, 0);
}

static void test_empty_and_header_only(void **state)
{
    (void)state;
    expect_error("", "the input is empty: there is no header row", 0, 0);
    expect_error("\n\r\n", "the input is empty: there is no header row", 0, 0);
    expect_error("\xEF\xBB\xBF", "the input is empty: there is no header row", 0, 0);
    expect_error_with(NULL, 0, NULL, CPLOT_STATUS_PARSE_ERROR,
                      "the input is empty: there is no header row", 0, 0);

    const char *texts[] = {"a,b\n", "a,b", "a,b\r\n\r\n"};
    for (size_t i = 0; i < COUNT_OF(texts); i++) {
        cplot_table_t *table = read_ok(texts[i]);
        static const char *const names[] = {"a", "b"};
        assert_names(table, names, 2);
        assert_int_equal(cplot_table_row_count(table), 0);
        assert_int_equal(cplot_table_column_type(table, 0), CPLOT_COLUMN_NUMERIC);
        assert_non_null(cplot_table_numeric(table, 0));
        cplot_table_destroy(table);
    }
}

static void test_bad_arguments(void **state)
{
    (void)state;
    cplot_data_error_t error;
    assert_int_equal(cplot_read_csv("a\n", 2, NULL, NULL, &error),
                     CPLOT_STATUS_INVALID_ARGUMENT);
    cplot_table_t *table = (cplot_table_t *)1;
    assert_int_equal(cplot_read_csv(NULL, 3, NULL, &table, NULL), CPLOT_STATUS_INVALID_ARGUMENT);
    assert_null(table);
    /* A NULL error pointer is fine on success and failure. */
    assert_int_equal(cplot_read_csv("a\n1\n", 4, NULL, &table, NULL), CPLOT_STATUS_SUCCESS);
    cplot_table_destroy(table);
    assert_int_equal(cplot_read_csv("a,a\n", 4, NULL, &table, NULL), CPLOT_STATUS_PARSE_ERROR);
}

/* ---- number parser ---- */

static void assert_parses(const char *text, double expected)
{
    double value = 12345;
    if (!cplot_parse_number(text, strlen(text), &value))
        fail_msg("\"%s\" was rejected", text);
    if (memcmp(&value, &expected, sizeof value) != 0)
        fail_msg("\"%s\" gave %.17g, expected %.17g", text, value, expected);
}

static void test_number_syntax(void **state)
{
    (void)state;
    assert_parses("0", 0.0);
    assert_parses("-0", -0.0);
    assert_parses("-0.000e5", -0.0);
    assert_parses("+7", 7);
    assert_parses("1.", 1);
    assert_parses(".25", 0.25);
    assert_parses("-123.456e7", -1234560000);
    assert_parses("1E+2", 100);
    assert_parses("00012", 12);
    assert_parses("  3.5  ", 3.5);
    assert_parses("0.1", 0.1);
    assert_parses("12e25", 12e25);
    assert_parses("1e400", INFINITY);
    assert_parses("-1e400", -INFINITY);
    assert_parses("1e-400", 0.0);
    assert_parses("-1e-400", -0.0);
    assert_parses("4.9406564584124654e-324", 4.9406564584124654e-324);
    assert_parses("1.7976931348623157e308", 1.7976931348623157e308);
    assert_parses("9007199254740993", 9007199254740992.0); /* halfway: to even */
    assert_parses("9007199254740995", 9007199254740996.0);
    assert_parses("0e99999999999999999999999", 0.0);
    assert_parses("1e-99999999999999999999999", 0.0);
    assert_parses("inf", INFINITY);
    assert_parses("-Inf", -INFINITY);
    assert_parses("+INFINITY", INFINITY);
    assert_parses("infinity", INFINITY);

    static const char *const rejected[] = {
        "", " ", "-", "+", ".", "-.", "e5", ".e5", "1e", "1e+", "1e-", "1.2.3", "0x10", "nan",
        "NaN", "1,000", "1 2", "--1", "+-1", "\t1", "1\n", "inf1", "infinit", "infinityy", "1e5.",
        "1d5", "\xC2\xA0\x31", "\xD9\xA1",
    };
    for (size_t i = 0; i < COUNT_OF(rejected); i++) {
        double value = 12345;
        if (cplot_parse_number(rejected[i], strlen(rejected[i]), &value))
            fail_msg("\"%s\" was accepted as %g", rejected[i], value);
        assert_true(value == 12345);
    }
    /* Length-delimited: what follows is not read. */
    double value;
    assert_true(cplot_parse_number("12x", 2, &value));
    assert_true(value == 12);
}

/* The exact decimal digits of 5^power, most significant first: 2^-power
 * is these digits times 10^-power. */
static size_t power_of_five_digits(unsigned power, char *digits, size_t size)
{
    unsigned char reversed[1024] = {1};
    size_t count = 1;
    for (unsigned p = 0; p < power; p++) {
        unsigned carry = 0;
        for (size_t i = 0; i < count; i++) {
            unsigned value = reversed[i] * 5u + carry;
            reversed[i] = (unsigned char)(value % 10);
            carry = value / 10;
        }
        if (carry)
            reversed[count++] = (unsigned char)carry;
    }
    assert_true(count < size);
    for (size_t i = 0; i < count; i++)
        digits[i] = (char)('0' + reversed[count - 1 - i]);
    digits[count] = '\0';
    return count;
}

/* Decimals too long for the fast paths go to strtod: hundreds of digits,
 * halfway cases decided by a digit far out, huge exponents. */
static void test_long_numbers(void **state)
{
    (void)state;
    static const char *const cases[] = {
        /* 0.1, and 1 + 2^-53 (halfway between 1 and the next double), exactly
         * and a hair either side. */
        "0.1000000000000000055511151231257827021181583404541015625",
        "0.1000000000000000055511151231257827021181583404541015624",
        "1.00000000000000011102230246251565404236316680908203125",
        "1.00000000000000011102230246251565404236316680908203124",
        "1.00000000000000011102230246251565404236316680908203126",
        /* 2^1024 - 2^970, halfway between DBL_MAX and overflow. */
        "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792",
        "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791.999999999999999999999999999999999999",
        "123456789012345678901234567890e-20",
        "0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001234567890123456789e+100",
    };
    for (size_t i = 0; i < COUNT_OF(cases); i++)
        assert_parses(cases[i], strtod(cases[i], NULL));
    assert_parses(cases[0], 0.1);
    assert_parses(cases[2], 1.0);
    assert_parses(cases[4], 1.0000000000000002);
    assert_parses(cases[5], INFINITY);

    /* 2^-1075, halfway between 0 and the smallest subnormal: 752 digits.
     * Exactly halfway it rounds to 0 (even); any nonzero digit after it,
     * even 1,500 digits later (past the 800 the parser keeps), rounds up. */
    char text[2600];
    size_t length = power_of_five_digits(1075, text, sizeof text);
    assert_int_equal(length, 752);
    strcpy(text + length, "e-1075");
    assert_parses(text, 0.0);
    memset(text + length, '0', 1500);
    strcpy(text + length + 1500, "1e-2576");
    assert_parses(text, 4.9406564584124654e-324);
    assert_true(strtod(text, NULL) == 4.9406564584124654e-324);
    text[length + 1500] = '0';
    assert_parses(text, 0.0);
    /* Just below halfway, however long: 0. */
    text[length - 1]--;
    text[length + 1500] = '9';
    assert_parses(text, 0.0);
}

/* xorshift64*: a fixed, platform-independent sequence. */
static uint64_t next_random(uint64_t *seed)
{
    *seed ^= *seed >> 12;
    *seed ^= *seed << 25;
    *seed ^= *seed >> 27;
    return *seed * 2685821657736338717ull;
}

static void append_digits(char *text, size_t *n, size_t count, uint64_t *seed)
{
    for (size_t i = 0; i < count; i++)
        text[(*n)++] = (char)('0' + next_random(seed) % 10);
}

/* A random decimal in the accepted syntax, in one of several shapes. */
static void random_decimal(char *text, size_t size, uint64_t *seed)
{
    uint64_t shape = next_random(seed) % 8;
    size_t n = 0;
    if (shape == 0) {
        /* Every double, printed as precisely as it is stored. */
        uint64_t bits = next_random(seed);
        double value;
        memcpy(&value, &bits, sizeof value);
        if (!isfinite(value))
            value = 1.5;
        snprintf(text, size, "%.17g", value);
        return;
    }
    if (shape == 1) {
        /* Ordinary measurements: %.Nf and %.Ng of moderate values. */
        double value = ((double)(next_random(seed) >> 11) / 9007199254740992.0 - 0.5)
                       * pow(10, (double)(next_random(seed) % 13) - 4);
        int precision = (int)(next_random(seed) % 18);
        snprintf(text, size, next_random(seed) % 2 ? "%.*f" : "%.*g", precision, value);
        return;
    }
    if (shape == 2) {
        /* Exact halfway points between doubles near 2^53..2^64 times a
         * power of ten: the ambiguous case of the extended path. */
        uint64_t odd = ((next_random(seed) | (1ull << 63)) >> (next_random(seed) % 11)) | 1;
        snprintf(text, size, "%" PRIu64 "e%d", odd, (int)(next_random(seed) % 55) - 27);
        return;
    }
    uint64_t sign = next_random(seed) % 3;
    if (sign == 1)
        text[n++] = '-';
    else if (sign == 2)
        text[n++] = '+';
    size_t zeros = next_random(seed) % 4 == 0 ? next_random(seed) % 5 : 0;
    size_t integer = next_random(seed) % 22;
    size_t fraction = next_random(seed) % 22;
    if (shape == 3) {
        integer = 0;
        fraction = 1 + next_random(seed) % 40;
    }
    if (zeros + integer + fraction == 0)
        integer = 1;
    for (size_t i = 0; i < zeros; i++)
        text[n++] = '0';
    append_digits(text, &n, integer, seed);
    if (fraction > 0) {
        text[n++] = '.';
        append_digits(text, &n, fraction, seed);
    } else if (next_random(seed) % 4 == 0) {
        text[n++] = '.'; /* "12." */
    }
    text[n] = '\0';
    if (shape >= 5) {
        int range = shape == 5 ? 30 : shape == 6 ? 330 : 25;
        int exponent = (int)(next_random(seed) % (uint64_t)(2 * range + 1)) - range;
        snprintf(text + n, size - n, "%s%d", next_random(seed) % 2 ? "e" : "E", exponent);
    }
}

static void test_parser_matches_strtod(void **state)
{
    (void)state;
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    size_t mismatches = 0;
    for (int i = 0; i < 1000000; i++) {
        char text[128];
        random_decimal(text, sizeof text, &seed);
        double expected = strtod(text, NULL), value;
        if (!cplot_parse_number(text, strlen(text), &value)) {
            fail_msg("\"%s\" was rejected", text);
        } else if (memcmp(&value, &expected, sizeof value) != 0 && mismatches++ < 10) {
            print_error("\"%s\": got %a, strtod gives %a\n", text, value, expected);
        }
    }
    assert_int_equal(mismatches, 0);
}

/* The reader's own numbers, not cplot_parse_number's: rows of short
 * decimals are read by a loop of their own (whole words of fraction
 * digits at once), rows with anything else by the field-by-field reader,
 * and both must give strtod's double. Two columns of random decimals
 * (every shape of random_decimal, so fast rows and handed-over rows mix),
 * or one, LF and CRLF, read serially and in chunks on threads. */
static void test_reader_numbers_match_strtod(void **state)
{
    (void)state;
    enum { ROWS = 60000 };
    uint64_t seed = 0x2545F4914F6CDD1Dull;
    /* One column (a loop of its own) and two; LF and CRLF. */
    for (int shape = 0; shape < 4; shape++) {
        size_t columns = shape < 2 ? 1 : 2;
        int crlf = shape % 2;
        size_t capacity = 32 + (size_t)ROWS * 2 * 130, n = 0;
        char *text = malloc(capacity);
        double *expected = malloc(sizeof *expected * ROWS * 2);
        assert_non_null(text);
        assert_non_null(expected);
        n += (size_t)sprintf(text, "%s%s", columns == 1 ? "a" : "a,b", crlf ? "\r\n" : "\n");
        for (size_t row = 0; row < ROWS; row++) {
            for (size_t column = 0; column < columns; column++) {
                char number[128];
                /* Half the rows short decimals of 1 to 19 fraction digits,
                 * as measurements are written; the rest random_decimal's. */
                if (row % 2 == 0) {
                    int digits = 1 + (int)(next_random(&seed) % 19);
                    double value = ((double)(next_random(&seed) >> 11) / 9007199254740992.0 - 0.5)
                                   * 200.0;
                    snprintf(number, sizeof number, "%.*f", digits, value);
                } else {
                    random_decimal(number, sizeof number, &seed);
                }
                expected[row * 2 + column] = strtod(number, NULL);
                n += (size_t)sprintf(text + n, "%s%s", number,
                                     column + 1 < columns ? "," : crlf ? "\r\n" : "\n");
            }
        }
        /* No line end after the last row. */
        n -= crlf ? 2 : 1;
        for (unsigned threads = 1; threads <= 2; threads++) {
            assert_int_equal(cplot_threads_set(threads), CPLOT_STATUS_SUCCESS);
            cplot_table_t *table = NULL;
            assert_int_equal(cplot_read_csv(text, n, NULL, &table, NULL), CPLOT_STATUS_SUCCESS);
            assert_int_equal(cplot_table_row_count(table), ROWS);
            for (size_t column = 0; column < columns; column++) {
                const double *values = cplot_table_numeric(table, column);
                assert_non_null(values);
                for (size_t row = 0; row < ROWS; row++) {
                    double want = expected[row * 2 + column];
                    if (memcmp(&values[row], &want, sizeof want) != 0)
                        fail_msg("row %zu, column %zu: got %a, strtod gives %a", row + 1,
                                 column + 1, values[row], want);
                }
            }
            cplot_table_destroy(table);
        }
        assert_int_equal(cplot_threads_set(1), CPLOT_STATUS_SUCCESS);
        free(text);
        free(expected);
    }
}

/* Where the loop for rows of short numbers stops and the field-by-field
 * reader takes over, mid-file: the rows after still read, and the errors
 * are the field reader's, with their positions. */
static void test_number_rows_hand_over(void **state)
{
    (void)state;
    cplot_table_t *table = read_ok("x,y\n1.5,2\n-3,+4.25\n,5\n6,NA\n7.125,8\n9,10");
    const double x[] = {1.5, -3, NAN, 6, 7.125, 9}, y[] = {2, 4.25, 5, NAN, 8, 10};
    assert_numbers(table, "x", x, COUNT_OF(x));
    assert_numbers(table, "y", y, COUNT_OF(y));
    cplot_table_destroy(table);
    /* A text value turns the column categorical after numbers were read. */
    table = read_ok("x,y\n1,2\n3,4\nab,5\n6,7\n");
    const char *const levels[] = {"1", "3", "ab", "6"};
    const char *const values[] = {"1", "3", "ab", "6"};
    assert_categories(table, "x", levels, 4, values, 4);
    const double y2[] = {2, 4, 5, 7};
    assert_numbers(table, "y", y2, COUNT_OF(y2));
    cplot_table_destroy(table);
    /* Numbers with exponents, spaces, twenty digits: read by the fields. */
    table = read_ok("x\n1\n2e3\n 4 \n12345678901234567890\n0.25\n");
    const double x3[] = {1, 2e3, 4, 12345678901234567890.0, 0.25};
    assert_numbers(table, "x", x3, COUNT_OF(x3));
    cplot_table_destroy(table);
    expect_error("x,y\n1,2\n3,4,5\n6,7\n", "row 2 (line 3) has 3 fields, but the header has 2 columns",
                 3, 5);
    expect_error("x,y\n1,2\n3\n6,7\n", "row 2 (line 3) has 1 field, but the header has 2 columns",
                 3, 2);
    expect_error("x,y\n1,2\r\n3\r\n", "row 2 (line 3) has 1 field, but the header has 2 columns",
                 3, 2);
    static const char *const numeric[] = {"y", NULL};
    cplot_data_options_t forced = {.numeric = numeric};
    const char *text = "x,y\n1,2\n3,4\n5,z\n";
    expect_error_with(text, strlen(text), &forced, CPLOT_STATUS_PARSE_ERROR,
                      "row 3, column 2 (\"y\"): \"z\" is not a number, but the column is read "
                      "as numeric",
                      4, 3);
    cplot_data_options_t limited = {.max_rows = 2};
    text = "x,y\n1,2\n3,4\n5,6\n";
    expect_error_with(text, strlen(text), &limited, CPLOT_STATUS_LIMIT_EXCEEDED,
                      "row 3 (line 4): more than 2 data rows (the limit)", 4, 1);
}

/* ---- number formatting (shared with the JSON reader) ---- */

static void assert_formats(double value, const char *expected)
{
    char text[CPLOT_DATA_NUMBER_TEXT_MAX];
    cplot_format_data_number(value, text);
    assert_string_equal(text, expected);
}

static void test_format_number(void **state)
{
    (void)state;
    assert_formats(1, "1");
    assert_formats(-2.5, "-2.5");
    assert_formats(0.1, "0.1");
    assert_formats(0.30000000000000004, "0.30000000000000004");
    assert_formats(100, "100");
    assert_formats(123.456, "123.456");
    assert_formats(1e16, "10000000000000000");
    assert_formats(1e17, "1e+17");
    assert_formats(1e21, "1e+21");
    assert_formats(123456789012345680000.0, "1.2345678901234568e+20");
    assert_formats(0.0001, "0.0001");
    assert_formats(1e-5, "1e-05");
    assert_formats(-1.5e-300, "-1.5e-300");
    assert_formats(5e-324, "5e-324");
    assert_formats(1.7976931348623157e308, "1.7976931348623157e+308");
    assert_formats(0.0, "0");
    assert_formats(-0.0, "-0");
    assert_formats(INFINITY, "inf");
    assert_formats(-INFINITY, "-inf");
    assert_formats(NAN, "nan");

    uint64_t seed = 42;
    for (int i = 0; i < 100000; i++) {
        uint64_t bits = next_random(&seed);
        double value, back;
        memcpy(&value, &bits, sizeof value);
        if (!isfinite(value))
            continue;
        char text[CPLOT_DATA_NUMBER_TEXT_MAX];
        cplot_format_data_number(value, text);
        assert_true(cplot_parse_number(text, strlen(text), &back));
        if (memcmp(&back, &value, sizeof value) != 0)
            fail_msg("%a was written as %s, which reads back as %a", value, text, back);
    }
}

/* What a read opens is checked against the root on the open file itself,
 * so a path that led inside when it was resolved but leads outside when it
 * is opened (a folder swapped for a link in between) is refused. The link
 * below stands for that swap. */
static void test_read_stays_inside_root(void **state)
{
    (void)state;
    char folder[] = "/tmp/cplot-read-XXXXXX";
    assert_non_null(mkdtemp(folder));
    char root[128], inside[160], outside[160], link[160], command[300];
    snprintf(root, sizeof root, "%s/root", folder);
    snprintf(inside, sizeof inside, "%s/in.csv", root);
    snprintf(outside, sizeof outside, "%s/outside.csv", folder);
    snprintf(link, sizeof link, "%s/link.csv", root);
    assert_int_equal(mkdir(root, 0700), 0);
    FILE *f = fopen(inside, "w");
    fputs("a\n1\n", f);
    fclose(f);
    f = fopen(outside, "w");
    fputs("secret\n", f);
    fclose(f);
    assert_int_equal(symlink(outside, link), 0);

    char *data = NULL, message[256];
    size_t size = 0;
    assert_int_equal(cplot_read_file(inside, root, "\"in.csv\"", 1024, &data, &size, message, sizeof message),
                     CPLOT_STATUS_SUCCESS);
    assert_string_equal(data, "a\n1\n");
    free(data);
    assert_int_equal(cplot_read_file(link, root, "\"link.csv\"", 1024, &data, &size, message, sizeof message),
                     CPLOT_STATUS_INVALID_SPEC);
    assert_null(data);
    assert_string_equal(message, "\"link.csv\" leads outside the spec root");
    assert_int_equal(cplot_read_file(outside, root, "\"outside.csv\"", 1024, &data, &size, message,
                                     sizeof message),
                     CPLOT_STATUS_INVALID_SPEC);
    /* Without a root (a program reading its own files) nothing is checked. */
    assert_int_equal(cplot_read_file(link, NULL, "\"link.csv\"", 1024, &data, &size, message, sizeof message),
                     CPLOT_STATUS_SUCCESS);
    assert_string_equal(data, "secret\n");
    free(data);
    snprintf(command, sizeof command, "rm -rf %s", folder);
    assert_int_equal(system(command), 0);
}

/* ---- reading in parallel ---- */

/* Texts of a few megabytes, so that 2, 3 and 7 threads cut them into
 * 8, 12 and 23 to 25 chunks (128 KB at least each): every case is read with 1 thread
 * (the serial reader) and with 2, 3 and 7, and the tables or the errors
 * must be identical, byte for byte. */
enum { PARALLEL_ROWS = 135000 };

typedef struct line_override {
    size_t row; /* data row, from 0 */
    const char *line;
} line_override_t;

typedef struct generated {
    const char *newline;
    bool quotes;    /* a quoted label now and then */
    bool late_text; /* "mixed" gets a word near the end */
    const line_override_t *overrides;
    size_t override_count;
} generated_t;

/* id,value,label,mixed: integers; decimals with missing values, exponents
 * and long mantissas; words (UTF-8 too) from the first row; numbers. */
static char *generate_csv(const generated_t *how, size_t rows, size_t *length)
{
    static const char *const words[] = {"alpha", "beta", "caf\xC3\xA9", "na\xC3\xAFve",
                                        "",      "NA",   "gamma",       "delta"};
    cplot_buffer_t text = {0};
    assert_true(cplot_buffer_printf(&text, "id,value,label,mixed%s", how->newline));
    for (size_t row = 0; row < rows; row++) {
        const char *line = NULL;
        for (size_t k = 0; k < how->override_count; k++)
            if (how->overrides[k].row == row)
                line = how->overrides[k].line;
        if (line) {
            assert_true(cplot_buffer_printf(&text, "%s%s", line, how->newline));
            continue;
        }
        char value[48];
        switch (row % 11) {
        case 3:
            snprintf(value, sizeof value, "%s", row % 2 ? "" : "NA");
            break;
        case 5:
            snprintf(value, sizeof value, "%zue-3", row);
            break;
        case 7:
            snprintf(value, sizeof value, "-1234567890123456789012.5");
            break;
        default:
            snprintf(value, sizeof value, "%s%zu.%02zu", row % 4 ? "" : "-", row / 7, row % 97);
        }
        /* Some rows start with a word in a column of numbers: row 0 of
         * "label" decides it at once; "mixed" only near the end. */
        const char *word = words[(row * 7 + row / 3) % COUNT_OF(words)];
        bool quoted = how->quotes && row % 1000 == 999;
        char mixed[32];
        if (how->late_text && row == rows - rows / 10)
            snprintf(mixed, sizeof mixed, "late");
        else
            snprintf(mixed, sizeof mixed, "%zu", row % 13);
        assert_true(cplot_buffer_printf(&text, "%zu,%s,%s%s%s,%s%s", row, value, quoted ? "\"" : "",
                                        word, quoted ? "\"" : "", mixed, how->newline));
    }
    *length = text.size;
    return (char *)text.data;
}

/* A table the chunked readers made keeps each numeric column's range,
 * found chunk by chunk while parsing: it must be, bit for bit, the range
 * one pass over the column finds (an equal extreme, 0 and -0, being the
 * first met). */
static void assert_ranges_kept(const cplot_table_t *table)
{
    for (size_t c = 0; c < table->column_count; c++) {
        const cplot_column_t *column = &table->columns[c];
        if (column->type != CPLOT_COLUMN_NUMERIC)
            continue;
        if (!column->has_range)
            fail_msg("column %s: no range kept", column->name);
        cplot_value_range_t want;
        cplot_value_range_of(column->numbers, table->row_count, &want);
        if (want.finite != column->range.finite ||
            memcmp(&want.minimum, &column->range.minimum, sizeof want.minimum) != 0 ||
            memcmp(&want.maximum, &column->range.maximum, sizeof want.maximum) != 0)
            fail_msg("column %s: range %zu [%a, %a], one pass gives %zu [%a, %a]", column->name,
                     column->range.finite, column->range.minimum, column->range.maximum,
                     want.finite, want.minimum, want.maximum);
    }
}

static void assert_tables_equal(const cplot_table_t *a, const cplot_table_t *b)
{
    assert_int_equal(a->row_count, b->row_count);
    assert_int_equal(a->column_count, b->column_count);
    for (size_t i = 0; i < a->column_count; i++) {
        const cplot_column_t *x = &a->columns[i], *y = &b->columns[i];
        assert_string_equal(x->name, y->name);
        assert_int_equal(x->type, y->type);
        if (x->type == CPLOT_COLUMN_NUMERIC) {
            assert_memory_equal(x->numbers, y->numbers, a->row_count * sizeof *x->numbers);
            continue;
        }
        assert_memory_equal(x->codes, y->codes, a->row_count * sizeof *x->codes);
        assert_int_equal(x->level_count, y->level_count);
        for (size_t k = 0; k < x->level_count; k++)
            assert_string_equal(x->levels[k], y->levels[k]);
    }
}

typedef enum parallel_expectation { SERIAL_ONLY, PARALLEL, UNCHECKED } parallel_expectation_t;

/* Reads `text` with 1, 2, 3 and 7 threads; the results must be the same.
 * `parallel` says whether 2 or more threads must take the parallel path
 * (for texts it reads) or must leave it to the serial reader. */
static void expect_same_at_all_thread_counts(const char *text, size_t length,
                                             const cplot_data_options_t *options,
                                             parallel_expectation_t parallel)
{
    static const cplot_data_options_t none = {0};
    if (!options)
        options = &none;
    cplot_table_t *serial = NULL;
    cplot_data_error_t serial_error;
    cplot_status_t serial_status = cplot_read_csv(text, length, options, &serial, &serial_error);
    static const unsigned thread_counts[] = {2, 3, 7};
    for (size_t t = 0; t < COUNT_OF(thread_counts); t++) {
        assert_int_equal(cplot_threads_set(thread_counts[t]), CPLOT_STATUS_SUCCESS);
        cplot_table_t *chunked = NULL;
        if (parallel != UNCHECKED) {
            assert_int_equal(cplot_read_csv_in_chunks(text, length, options, &chunked),
                             parallel == PARALLEL);
            assert_int_equal(chunked != NULL, parallel == PARALLEL);
        }
        if (chunked) {
            assert_non_null(serial);
            assert_tables_equal(serial, chunked);
            assert_ranges_kept(chunked);
            cplot_table_destroy(chunked);
        }
        cplot_table_t *table = NULL;
        cplot_data_error_t error;
        assert_int_equal(cplot_read_csv(text, length, options, &table, &error), serial_status);
        assert_string_equal(error.message, serial_error.message);
        assert_int_equal(error.line, serial_error.line);
        assert_int_equal(error.column, serial_error.column);
        if (serial)
            assert_tables_equal(serial, table);
        else
            assert_null(table);
        cplot_table_destroy(table);
    }
    assert_int_equal(cplot_threads_set(1), CPLOT_STATUS_SUCCESS);
    cplot_table_destroy(serial);
}

static void test_parallel_reading_matches_serial(void **state)
{
    (void)state;
    static const char *const newlines[] = {"\n", "\r\n"};
    for (size_t n = 0; n < COUNT_OF(newlines); n++) {
        for (int late = 0; late <= 1; late++) {
            generated_t how = {.newline = newlines[n], .late_text = late};
            size_t length;
            char *text = generate_csv(&how, PARALLEL_ROWS, &length);
            assert_true(length > 23 * 128 * 1024 && length < 26 * 128 * 1024);
            expect_same_at_all_thread_counts(text, length, NULL, PARALLEL);
            free(text);
        }
    }
    /* Forced types; "mixed" forced categorical although it holds numbers. */
    static const char *const numeric[] = {"id", NULL}, *const categorical[] = {"mixed", NULL};
    cplot_data_options_t forced = {.numeric = numeric, .categorical = categorical};
    generated_t how = {.newline = "\n"};
    size_t length;
    char *text = generate_csv(&how, PARALLEL_ROWS, &length);
    expect_same_at_all_thread_counts(text, length, &forced, PARALLEL);
    /* No trailing line break; a byte order mark (which cplot_read_csv
     * takes off before the parallel path). */
    expect_same_at_all_thread_counts(text, length - 1, NULL, PARALLEL);
    char *marked = malloc(length + 3);
    assert_non_null(marked);
    memcpy(marked, "\xEF\xBB\xBF", 3);
    memcpy(marked + 3, text, length);
    expect_same_at_all_thread_counts(marked, length + 3, NULL, UNCHECKED);
    free(marked);
    free(text);
}

static void test_parallel_reading_leaves_quotes_to_serial(void **state)
{
    (void)state;
    generated_t how = {.newline = "\n", .quotes = true};
    size_t length;
    char *text = generate_csv(&how, PARALLEL_ROWS, &length);
    expect_same_at_all_thread_counts(text, length, NULL, SERIAL_ONLY);
    free(text);
    /* A quoted field with line breaks in it: any cut could fall inside. */
    line_override_t multiline[] = {{PARALLEL_ROWS / 2, "1,2,\"two\nlines\r\nand more\",3"}};
    generated_t spanning = {.newline = "\n", .overrides = multiline, .override_count = 1};
    text = generate_csv(&spanning, PARALLEL_ROWS, &length);
    expect_same_at_all_thread_counts(text, length, NULL, SERIAL_ONLY);
    free(text);
    /* Only CR line ends: no LF to cut at. */
    generated_t classic = {.newline = "\r"};
    text = generate_csv(&classic, PARALLEL_ROWS, &length);
    expect_same_at_all_thread_counts(text, length, NULL, SERIAL_ONLY);
    free(text);
}

/* Errors at rows spread over the text and around where 2, 3 and 7
 * threads cut it: the serial reader's message (the first error in the
 * file, with its line and column) whatever the thread count. */
static void test_parallel_reading_errors(void **state)
{
    (void)state;
    static const struct {
        const char *line;
        parallel_expectation_t parallel; /* when the second line is fine */
    } bad_lines[] = {
        {"1,2,x", SERIAL_ONLY},        /* too few fields */
        {"1,2,x,4,5", SERIAL_ONLY},    /* too many */
        {"", SERIAL_ONLY},             /* blank */
        {"1,2,\xC3(,4", SERIAL_ONLY},  /* invalid UTF-8 */
        {"1,2,x\xC3\xA9,4", PARALLEL}, /* fine: a word */
        {"1,2,x,4e", PARALLEL},        /* fine: "mixed" turns categorical */
    };
    /* The text is cut into 8, 12 and about 23 chunks by 2, 3 and 7 threads. */
    size_t rows[20], row_count = 0;
    static const size_t cuts[] = {8, 12, 23};
    for (size_t c = 0; c < COUNT_OF(cuts); c++)
        for (size_t k = 1; k < cuts[c]; k += cuts[c] / 2 - 1) {
            rows[row_count++] = PARALLEL_ROWS * k / cuts[c];
            rows[row_count++] = PARALLEL_ROWS * k / cuts[c] + 1;
        }
    rows[row_count++] = 0;
    rows[row_count++] = PARALLEL_ROWS - 1;
    assert_true(row_count <= COUNT_OF(rows));
    for (size_t b = 0; b < COUNT_OF(bad_lines); b++) {
        for (size_t r = b % 3; r < row_count; r += 3) {
            /* Two errors: the earlier one must be reported. */
            line_override_t overrides[] = {{rows[r], bad_lines[b].line},
                                           {rows[r] + PARALLEL_ROWS / 5, "1,2"}};
            bool second = rows[r] + PARALLEL_ROWS / 5 < PARALLEL_ROWS;
            generated_t how = {.newline = r % 2 ? "\r\n" : "\n",
                               .overrides = overrides,
                               .override_count = second ? 2 : 1};
            size_t length;
            char *text = generate_csv(&how, PARALLEL_ROWS, &length);
            expect_same_at_all_thread_counts(text, length, NULL,
                                             second ? SERIAL_ONLY : bad_lines[b].parallel);
            free(text);
        }
    }
    /* A NUL byte, and a word in a column forced numeric. */
    generated_t how = {.newline = "\n"};
    size_t length;
    char *text = generate_csv(&how, PARALLEL_ROWS, &length);
    text[length / 2] = '\0';
    expect_same_at_all_thread_counts(text, length, NULL, SERIAL_ONLY);
    free(text);
    text = generate_csv(&how, PARALLEL_ROWS, &length);
    static const char *const numeric[] = {"label", NULL};
    cplot_data_options_t forced = {.numeric = numeric};
    expect_same_at_all_thread_counts(text, length, &forced, SERIAL_ONLY);
    free(text);
}

/* The survey of a chunk's bytes (rows counted, quotes, lone CRs, NUL and
 * non-ASCII bytes found) goes sixteen bytes at a time, with a word and
 * byte loop for the rest: every kind of byte must be found at any offset
 * within the sixteen and far from a chunk's end. Pure ASCII text with one
 * odd byte in the middle of its 40,000 rows, at sixteen offsets. */
static void test_parallel_survey_finds_every_byte(void **state)
{
    (void)state;
    enum { ROWS = 40000 }; /* about 440 KB: three chunks at 7 threads */
    static const struct {
        const char *value;
        parallel_expectation_t parallel;
    } odd[] = {
        {"x\xC3(y", SERIAL_ONLY},     /* invalid UTF-8 */
        {"caf\xC3\xA9", PARALLEL},    /* valid UTF-8: read in chunks */
        {"x\"y", SERIAL_ONLY},        /* a quote */
        {"x\ry", SERIAL_ONLY},        /* a lone CR: a line end, here a short row */
        {"x\r7,y", PARALLEL},         /* a lone CR ending a row: counted as one */
    };
    for (size_t k = 0; k < COUNT_OF(odd); k++) {
        for (size_t offset = 0; offset < 16; offset++) {
            cplot_buffer_t text = {0};
            assert_true(cplot_buffer_printf(&text, "a,b\n"));
            for (size_t row = 0; row < ROWS; row++) {
                bool here = row == ROWS / 2;
                /* Pad the row before the odd one to move its byte along. */
                assert_true(cplot_buffer_printf(&text, "%zu,%s%.*s\n", row,
                                                here ? odd[k].value : "word",
                                                row + 1 == ROWS / 2 ? (int)offset : 0,
                                                "zzzzzzzzzzzzzzzz"));
            }
            expect_same_at_all_thread_counts((const char *)text.data, text.size, NULL,
                                             odd[k].parallel);
            cplot_buffer_release(&text);
        }
    }
}

static void test_parallel_reading_limits(void **state)
{
    (void)state;
    generated_t how = {.newline = "\n"};
    size_t length;
    char *text = generate_csv(&how, PARALLEL_ROWS, &length);
    cplot_data_options_t limits = {.max_rows = PARALLEL_ROWS};
    expect_same_at_all_thread_counts(text, length, &limits, PARALLEL);
    limits.max_rows = PARALLEL_ROWS - 1;
    expect_same_at_all_thread_counts(text, length, &limits, SERIAL_ONLY);
    /* "label" has 6 levels; "mixed" (made categorical) 13, each chunk all
     * of them, so only the merge goes over a limit of 12. */
    static const char *const categorical[] = {"mixed", NULL};
    cplot_data_options_t levels = {.categorical = categorical, .max_levels = 13};
    expect_same_at_all_thread_counts(text, length, &levels, PARALLEL);
    levels.max_levels = 12;
    expect_same_at_all_thread_counts(text, length, &levels, SERIAL_ONLY);
    free(text);
    /* Levels spread over the chunks: each under the limit, together over. */
    cplot_buffer_t spread = {0};
    assert_true(cplot_buffer_printf(&spread, "word,n\n"));
    for (size_t row = 0; row < PARALLEL_ROWS; row++)
        assert_true(cplot_buffer_printf(&spread, "w%zu,%zu.5\n", row * 40 / PARALLEL_ROWS, row));
    cplot_data_options_t forty = {.max_levels = 40};
    expect_same_at_all_thread_counts((const char *)spread.data, spread.size, &forty, PARALLEL);
    forty.max_levels = 39;
    expect_same_at_all_thread_counts((const char *)spread.data, spread.size, &forty, SERIAL_ONLY);
    cplot_buffer_release(&spread);
}

/* A file large enough to be read in parts on threads reads the same. */
static void test_read_file_in_parallel(void **state)
{
    (void)state;
    char path[] = "/tmp/cplot-test-read-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    enum { SIZE = 9 * 1024 * 1024 + 12345 };
    char *bytes = malloc(SIZE);
    assert_non_null(bytes);
    for (size_t i = 0; i < SIZE; i++)
        bytes[i] = (char)('a' + (i * 7 + i / 4099) % 26);
    assert_int_equal(write(fd, bytes, SIZE), SIZE);
    close(fd);
    static const unsigned thread_counts[] = {1, 2, 3, 7};
    for (size_t t = 0; t < COUNT_OF(thread_counts); t++) {
        assert_int_equal(cplot_threads_set(thread_counts[t]), CPLOT_STATUS_SUCCESS);
        char *data = NULL, message[256];
        size_t size = 0;
        assert_int_equal(
            cplot_read_file(path, NULL, "\"big\"", SIZE, &data, &size, message, sizeof message),
            CPLOT_STATUS_SUCCESS);
        assert_int_equal(size, SIZE);
        assert_memory_equal(data, bytes, SIZE);
        assert_int_equal(data[SIZE], 0);
        free(data);
        assert_int_equal(
            cplot_read_file(path, NULL, "\"big\"", SIZE - 1, &data, &size, message, sizeof message),
            CPLOT_STATUS_LIMIT_EXCEEDED);
        assert_null(data);
    }
    assert_int_equal(cplot_threads_set(1), CPLOT_STATUS_SUCCESS);
    free(bytes);
    unlink(path);
}

/* ---- reading a file while reading it ---- */

static void write_temporary(const char *text, size_t length, char path[32])
{
    strcpy(path, "/tmp/cplot-test-csv-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, length), (ssize_t)length);
    close(fd);
}

/* The table or the "file:line:column: message" the serial reader gives
 * for `text`, as cplot_read_data_file words it for the file `name`. */
static cplot_status_t read_serially(const char *text, size_t length,
                                    const cplot_data_options_t *options, const char *name,
                                    cplot_table_t **table, char message[640])
{
    cplot_data_error_t error;
    cplot_status_t status = cplot_read_csv_serially(text, length, options, table, &error);
    message[0] = 0;
    if (status != CPLOT_STATUS_SUCCESS && error.line)
        snprintf(message, 640, "%s:%zu:%zu: %s", name, error.line, error.column, error.message);
    else if (status != CPLOT_STATUS_SUCCESS)
        snprintf(message, 640, "%s: %s", name, error.message);
    return status;
}

/* Reads the file of `text` with cplot_read_csv_stream in pieces of each of
 * `pieces` bytes, at 1, 2, 3 and 7 threads: the table must be the serial
 * reader's (`streamed`) or the stream must give up, keeping nothing; and
 * the whole file reader, cplot_read_data_file, must give the serial
 * reader's table or exactly its message. */
static void expect_streamed(const char *text, size_t length, const cplot_data_options_t *options,
                            const size_t *pieces, size_t piece_count, bool streamed)
{
    char path[32], expected_message[640];
    write_temporary(text, length, path);
    cplot_table_t *serial = NULL;
    cplot_status_t serial_status =
        read_serially(text, length, options, path, &serial, expected_message);
    static const unsigned thread_counts[] = {1, 2, 3, 7};
    for (size_t t = 0; t < COUNT_OF(thread_counts); t++) {
        assert_int_equal(cplot_threads_set(thread_counts[t]), CPLOT_STATUS_SUCCESS);
        for (size_t p = 0; p < piece_count; p++) {
            int fd = open(path, O_RDONLY);
            assert_true(fd >= 0);
            cplot_table_t *table = (cplot_table_t *)1;
            cplot_csv_stream_t outcome =
                cplot_read_csv_stream(fd, length, options, pieces[p], &table);
            close(fd);
            if (length / 2 < pieces[p]) {
                assert_int_equal(outcome, CPLOT_CSV_STREAM_DECLINED);
            } else if (!streamed) {
                assert_int_equal(outcome, CPLOT_CSV_STREAM_FAILED);
            } else {
                if (outcome != CPLOT_CSV_STREAM_READ)
                    fail_msg("pieces of %zu bytes at %u threads: not read", pieces[p],
                             thread_counts[t]);
                assert_tables_equal(serial, table);
                assert_ranges_kept(table);
            }
            if (outcome != CPLOT_CSV_STREAM_READ)
                assert_null(table);
            cplot_table_destroy(table);
        }
        cplot_table_t *table = NULL;
        char message[640] = "";
        assert_int_equal(
            cplot_read_data_file(path, NULL, path, options, &table, message, sizeof message),
            serial_status);
        if (serial) {
            assert_tables_equal(serial, table);
        } else {
            assert_null(table);
            assert_string_equal(message, expected_message);
        }
        cplot_table_destroy(table);
    }
    assert_int_equal(cplot_threads_set(1), CPLOT_STATUS_SUCCESS);
    cplot_table_destroy(serial);
    unlink(path);
}

/* Pieces of 1 to 13 bytes put every line, CR LF pair, UTF-8 sequence and
 * the byte order mark across a piece's edge somewhere. */
static const size_t tiny_pieces[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 13, 64};

static void expect_streamed_text(const char *text, bool streamed)
{
    expect_streamed(text, strlen(text), NULL, tiny_pieces, COUNT_OF(tiny_pieces), streamed);
}

static void test_stream_piece_edges(void **state)
{
    (void)state;
    expect_streamed_text("a,b\n1,2\n3,4\n5,6\n-7.25,8e3\n", true);
    expect_streamed_text("a,b\n1,2\n3,4\n5,6\n-7.25,8e3", true); /* no line end at the end */
    expect_streamed_text("a,b\r\n1,2\r\n3,4\r\n5,6\r\n\r\n", true);
    expect_streamed_text("a,b\r1,2\r3,4\n5,6\r\n7,8\r", true); /* every kind of line end */
    expect_streamed_text("a\n1\n\nNA\n2\n\n\n", true);         /* blank rows are missing values */
    expect_streamed_text("a\tb\n1\t2\n3\t4\n", true);          /* the delimiter guessed */
    expect_streamed_text("name,v\ncaf\xC3\xA9,1\nna\xC3\xAFve,2\n\xE2\x82\xACuro,3\n"
                         "\xF0\x9F\x98\x80,4\ncaf\xC3\xA9,5\n",
                         true);
    expect_streamed_text("\xEF\xBB\xBF"
                         "a,b\n1,2\n3,4\n",
                         true);
    expect_streamed_text("\"a\",\"b,c\"\n1,2\n3,4\n", true);    /* quotes in the header only */
    expect_streamed_text("a,b\n1,x\n3,4\ny,\n", true);          /* text in the first row */
    expect_streamed_text("a,b\n1,2\n3,4\n5,late\n7,8\n", true); /* text later: read again */
    /* Ranges kept chunk by chunk: zeros of both signs in either order,
     * infinities, missing values, extremes in any chunk. */
    expect_streamed_text("a,b,c,d,e\n0,-0,NA,0,-0\n-0,0,,-0,0\n1e999,-1e999,NA,-0,0\n"
                         "-3,7,,-0,0\n0,-0,NA,-0,0\n-0,0,,-0,0\n9,-9,NA,-0,0\n",
                         true);
    expect_streamed_text("a,b\n", true);                        /* a header alone */
    expect_streamed_text("a,b\n\n\n", true);
    /* The serial reader's, always: quotes, errors, no header. */
    expect_streamed_text("a,b\n1,\"x\"\n2,y\n", false);
    expect_streamed_text("a,b\n1,\"x\ny\"\n2,y\n", false);
    expect_streamed_text("a,b\n1,2\n3\n4,5\n", false);
    expect_streamed_text("a,b\n1,2\n3,4,5\n4,5\n", false);
    expect_streamed_text("a,b\n1,2\n\n4,5\n", false);
    expect_streamed_text("a,b\n1,2\n3,\xC3(\n", false);
    expect_streamed_text("a,a\n1,2\n3,4\n", false);
    expect_streamed_text("\n\n\n\n\n\n", false);
    expect_streamed_text("\xEF\xBB\xBF\n\n\n\n", false);
    /* Empty files are too small to stream; the whole reader says why. */
    expect_streamed_text("", false);
    expect_streamed_text("\n", false);
    /* A NUL byte. */
    expect_streamed("a,b\n1,2\n3,\0\n5,6\n", 16, NULL, tiny_pieces, COUNT_OF(tiny_pieces), false);
}

static void test_stream_options_and_limits(void **state)
{
    (void)state;
    static const char text[] = "k,x\nu,1\nv,2\nu,3\nw,4\n";
    static const char *const numeric[] = {"x", NULL}, *const categorical[] = {"x", NULL};
    cplot_data_options_t options = {.categorical = categorical};
    expect_streamed(text, strlen(text), &options, tiny_pieces, COUNT_OF(tiny_pieces), true);
    options = (cplot_data_options_t){.numeric = numeric, .delimiter = ','};
    expect_streamed(text, strlen(text), &options, tiny_pieces, COUNT_OF(tiny_pieces), true);
    options = (cplot_data_options_t){.max_rows = 4, .max_levels = 3};
    expect_streamed(text, strlen(text), &options, tiny_pieces, COUNT_OF(tiny_pieces), true);
    options.max_rows = 3;
    expect_streamed(text, strlen(text), &options, tiny_pieces, COUNT_OF(tiny_pieces), false);
    options = (cplot_data_options_t){.max_levels = 2};
    expect_streamed(text, strlen(text), &options, tiny_pieces, COUNT_OF(tiny_pieces), false);
    options = (cplot_data_options_t){.numeric = (const char *const[]){"k", NULL}};
    expect_streamed(text, strlen(text), &options, tiny_pieces, COUNT_OF(tiny_pieces), false);
    options = (cplot_data_options_t){.delimiter = '"'};
    expect_streamed(text, strlen(text), &options, tiny_pieces, COUNT_OF(tiny_pieces), false);
}

/* Lines and headers longer than a piece, and than the reader's limits on
 * them (a line of 2.5 MB, a header of over 64 KB). */
static void test_stream_long_lines(void **state)
{
    (void)state;
    cplot_buffer_t text = {0};
    assert_true(cplot_buffer_printf(&text, "a,b\n"));
    for (size_t row = 0; row < 2000; row++)
        assert_true(cplot_buffer_printf(&text, "%zu,%s\n", row, row % 700 == 5 ? "word" : "1.5"));
    static const size_t pieces[] = {100, 4096, 5000};
    expect_streamed((const char *)text.data, text.size, NULL, pieces, COUNT_OF(pieces), true);
    /* A line running on more than 1 MB past its piece: the serial reader's. */
    text.size = 0;
    assert_true(cplot_buffer_printf(&text, "a,b\n1,2\n"));
    for (size_t i = 0; i < 2500 * 1024 / 8; i++)
        assert_true(cplot_buffer_append(&text, "xxxxxxxx", 8));
    assert_true(cplot_buffer_printf(&text, ",3\n4,5\n"));
    static const size_t big_pieces[] = {4096, 300 * 1024};
    expect_streamed((const char *)text.data, text.size, NULL, big_pieces, COUNT_OF(big_pieces),
                    false);
    /* A header of 100 columns with names of 1000 bytes: read in a few
     * goes; pieces after it. */
    text.size = 0;
    for (size_t column = 0; column < 100; column++) {
        assert_true(cplot_buffer_printf(&text, "%s%04zu", column ? "," : "", column));
        for (size_t i = 0; i < 1000 / 8; i++)
            assert_true(cplot_buffer_append(&text, "nnnnnnnn", 8));
    }
    for (size_t row = 0; row < 3000; row++)
        for (size_t column = 0; column < 100; column++)
            assert_true(
                cplot_buffer_printf(&text, "%s%zu", column ? "," : "\n", row * column % 17));
    static const size_t header_pieces[] = {997, 50000};
    expect_streamed((const char *)text.data, text.size, NULL, header_pieces,
                    COUNT_OF(header_pieces), true);
    cplot_buffer_release(&text);
}

/* A file that is shorter or longer than its size said (it changed after
 * fstat): the stream gives up, keeping nothing. */
static void test_stream_changed_file(void **state)
{
    (void)state;
    static const char text[] = "a,b\n1,2\n3,4\n5,6\n7,8\n";
    size_t length = strlen(text);
    char path[32];
    write_temporary(text, length, path);
    static const unsigned thread_counts[] = {1, 3};
    for (size_t t = 0; t < COUNT_OF(thread_counts); t++) {
        assert_int_equal(cplot_threads_set(thread_counts[t]), CPLOT_STATUS_SUCCESS);
        for (size_t piece = 1; piece < 8; piece++) {
            int fd = open(path, O_RDONLY);
            assert_true(fd >= 0);
            cplot_table_t *table = NULL;
            /* Grown: the last rows would be missing. */
            assert_int_equal(cplot_read_csv_stream(fd, length - 4, NULL, piece, &table),
                             CPLOT_CSV_STREAM_FAILED);
            assert_null(table);
            /* Shrunk: reads come back short. */
            assert_int_equal(cplot_read_csv_stream(fd, length + 5000, NULL, piece, &table),
                             CPLOT_CSV_STREAM_FAILED);
            assert_null(table);
            assert_int_equal(cplot_read_csv_stream(fd, length, NULL, piece, &table),
                             CPLOT_CSV_STREAM_READ);
            assert_int_equal(cplot_table_row_count(table), 4);
            cplot_table_destroy(table);
            close(fd);
        }
    }
    assert_int_equal(cplot_threads_set(1), CPLOT_STATUS_SUCCESS);
    unlink(path);
}

/* A short random CSV text: one to three columns, rows of numbers, words,
 * missing values and UTF-8 ended by LF, CR LF or CR, and now and then one
 * byte spoilt (a quote, a NUL, a delimiter, a line end, a broken UTF-8
 * sequence). */
static size_t random_csv(uint64_t *seed, char text[256])
{
    static const char *const fields[] = {
        "1", "23", ".5", "-4", "1e3", "x", "NA", "", "\xC3\xA9t\xC3\xA9", " 7 ", "0.25"};
    static const char *const line_ends[] = {"\n", "\n", "\r\n", "\r"};
    static const char spoilers[] = {'"', '\0', ',', '\n', '\r', '\xC3'};
    size_t columns = 1 + next_random(seed) % 3, rows = next_random(seed) % 7, length = 0;
    const char *line_end = line_ends[next_random(seed) % COUNT_OF(line_ends)];
    length += (size_t)snprintf(text, 256, "%s%s",
                               columns == 1   ? "a"
                               : columns == 2 ? "a,b"
                                              : "a,b,c",
                               line_end);
    for (size_t row = 0; row < rows; row++) {
        for (size_t column = 0; column < columns; column++)
            length += (size_t)snprintf(text + length, 256 - length, "%s%s", column ? "," : "",
                                       fields[next_random(seed) % COUNT_OF(fields)]);
        if (row + 1 < rows || next_random(seed) % 2)
            length += (size_t)snprintf(text + length, 256 - length, "%s",
                                       line_ends[next_random(seed) % COUNT_OF(line_ends)]);
    }
    if (length > 0 && next_random(seed) % 6 == 0)
        text[next_random(seed) % length] = spoilers[next_random(seed) % COUNT_OF(spoilers)];
    return length;
}

/* Random texts read in pieces of 1 to 7 bytes at 1 and 3 threads: whatever
 * the stream reads, the serial reader reads the same; the rest it leaves
 * to the serial reader. */
static void test_stream_random_texts(void **state)
{
    (void)state;
    uint64_t seed = 20261126;
    char path[32];
    for (int round = 0; round < 400; round++) {
        char text[256];
        size_t length = random_csv(&seed, text);
        cplot_table_t *serial = NULL;
        cplot_data_error_t error;
        cplot_status_t status = cplot_read_csv_serially(text, length, NULL, &serial, &error);
        write_temporary(text, length, path);
        static const unsigned thread_counts[] = {1, 3};
        for (size_t t = 0; t < COUNT_OF(thread_counts); t++) {
            assert_int_equal(cplot_threads_set(thread_counts[t]), CPLOT_STATUS_SUCCESS);
            for (size_t piece = 1; piece <= 7; piece++) {
                int fd = open(path, O_RDONLY);
                assert_true(fd >= 0);
                cplot_table_t *table = NULL;
                cplot_csv_stream_t outcome = cplot_read_csv_stream(fd, length, NULL, piece, &table);
                close(fd);
                if (outcome == CPLOT_CSV_STREAM_READ) {
                    if (status != CPLOT_STATUS_SUCCESS)
                        fail_msg("round %d, pieces of %zu: read what the serial reader refuses: %s",
                                 round, piece, error.message);
                    assert_tables_equal(serial, table);
                } else {
                    assert_null(table);
                    assert_int_equal(outcome, length / 2 < piece ? CPLOT_CSV_STREAM_DECLINED
                                                                 : CPLOT_CSV_STREAM_FAILED);
                }
                cplot_table_destroy(table);
            }
        }
        cplot_table_destroy(serial);
        unlink(path);
    }
    assert_int_equal(cplot_threads_set(1), CPLOT_STATUS_SUCCESS);
}

/* The generated texts of the parallel tests, as files read in pieces of
 * 64 KB and of the library's size, and read whole by the data file reader:
 * the serial reader's tables and messages at every thread count. */
static void test_stream_large_files(void **state)
{
    (void)state;
    static const size_t pieces[] = {64 * 1024, 333333, CPLOT_CSV_PIECE_BYTES};
    static const char *const newlines[] = {"\n", "\r\n"};
    for (size_t n = 0; n < COUNT_OF(newlines); n++) {
        generated_t how = {.newline = newlines[n], .late_text = n == 1};
        size_t length;
        char *text = generate_csv(&how, PARALLEL_ROWS, &length);
        expect_streamed(text, length, NULL, pieces, COUNT_OF(pieces), true);
        free(text);
    }
    generated_t quoted = {.newline = "\n", .quotes = true};
    size_t length;
    char *text = generate_csv(&quoted, PARALLEL_ROWS, &length);
    expect_streamed(text, length, NULL, pieces, COUNT_OF(pieces), false);
    free(text);
    line_override_t bad[] = {{PARALLEL_ROWS / 3, "1,2,x"}};
    generated_t broken = {.newline = "\n", .overrides = bad, .override_count = 1};
    text = generate_csv(&broken, PARALLEL_ROWS, &length);
    expect_streamed(text, length, NULL, pieces, COUNT_OF(pieces), false);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers_and_categories),
        cmocka_unit_test(test_read_stays_inside_root),
        cmocka_unit_test(test_read_file_in_parallel),
        cmocka_unit_test(test_quoting),
        cmocka_unit_test(test_line_ends),
        cmocka_unit_test(test_byte_order_mark),
        cmocka_unit_test(test_delimiters),
        cmocka_unit_test(test_missing_values),
        cmocka_unit_test(test_type_inference),
        cmocka_unit_test(test_late_categorical_in_long_file),
        cmocka_unit_test(test_forced_types),
        cmocka_unit_test(test_ragged_rows),
        cmocka_unit_test(test_quote_errors),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_header_names),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_empty_and_header_only),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_number_syntax),
        cmocka_unit_test(test_long_numbers),
        cmocka_unit_test(test_parser_matches_strtod),
        cmocka_unit_test(test_reader_numbers_match_strtod),
        cmocka_unit_test(test_number_rows_hand_over),
        cmocka_unit_test(test_format_number),
        cmocka_unit_test(test_parallel_reading_matches_serial),
        cmocka_unit_test(test_parallel_reading_leaves_quotes_to_serial),
        cmocka_unit_test(test_parallel_reading_errors),
        cmocka_unit_test(test_parallel_reading_limits),
        cmocka_unit_test(test_parallel_survey_finds_every_byte),
        cmocka_unit_test(test_stream_piece_edges),
        cmocka_unit_test(test_stream_options_and_limits),
        cmocka_unit_test(test_stream_long_lines),
        cmocka_unit_test(test_stream_changed_file),
        cmocka_unit_test(test_stream_random_texts),
        cmocka_unit_test(test_stream_large_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
