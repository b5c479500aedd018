/* Tick and number labels: exact strings for linear axes (plain, SI and
 * power-of-ten notation), log axes and single numbers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "format-private.h"

#define MINUS "\xe2\x88\x92"
#define TIMES "\xc3\x97"
#define SUPER_MINUS "\xe2\x81\xbb"
#define SUPER_0 "\xe2\x81\xb0"

enum { MAX_CASE_VALUES = 8 };

typedef struct axis_case {
    double values[MAX_CASE_VALUES];
    size_t count;
    const char *labels[MAX_CASE_VALUES];
} axis_case_t;

typedef void (*axis_formatter_t)(const double *, size_t, char[][CPLOT_LABEL_MAX]);

static void check_axis_cases(axis_formatter_t format, const axis_case_t *cases, size_t case_count)
{
    for (size_t c = 0; c < case_count; c++) {
        char labels[MAX_CASE_VALUES][CPLOT_LABEL_MAX];
        memset(labels, 'x', sizeof labels);
        format(cases[c].values, cases[c].count, labels);
        for (size_t i = 0; i < cases[c].count; i++) {
            if (strcmp(labels[i], cases[c].labels[i]) != 0) {
                fprintf(stderr, "case %zu value %.17g: expected \"%s\", got \"%s\"\n", c,
                        cases[c].values[i], cases[c].labels[i], labels[i]);
                fail();
            }
        }
    }
}

static const axis_case_t linear_cases[] = {
    /* Shared decimals from the grid, not from printing each value. */
    {{0.1, 0.2, 0.30000000000000004, 0.4}, 4, {"0.1", "0.2", "0.3", "0.4"}},
    {{0, 0.5, 1}, 3, {"0.0", "0.5", "1.0"}},
    {{0.1, 0.15, 0.2, 0.25, 0.3}, 5, {"0.10", "0.15", "0.20", "0.25", "0.30"}},
    /* The step is 1 but the ticks sit on halves. */
    {{0.5, 1.5, 2.5}, 3, {"0.5", "1.5", "2.5"}},
    {{8, 10, 12, 14}, 4, {"8", "10", "12", "14"}},
    /* U+2212 and separators. */
    {{-4, 0, 4, 8, 12}, 5, {MINUS "4", "0", "4", "8", "12"}},
    {{-1, -0.5, 0, 0.5}, 4, {MINUS "1.0", MINUS "0.5", "0.0", "0.5"}},
    {{-2500.5, 0, 2500.5}, 3, {MINUS "2,500.5", "0.0", "2,500.5"}},
    {{0, 2500, 5000, 7500, 10000}, 5, {"0", "2,500", "5,000", "7,500", "10,000"}},
    {{-12000, -10000, -8000}, 3, {MINUS "12,000", MINUS "10,000", MINUS "8,000"}},
    {{123456, 123456.25, 123456.5}, 3, {"123,456.00", "123,456.25", "123,456.50"}},
    {{999000, 999500}, 2, {"999,000", "999,500"}},
    /* Never a negative zero. */
    {{-0.0, 1}, 2, {"0", "1"}},
    {{-1e-20, 1, 2}, 3, {"0", "1", "2"}},
    {{-0.001, -0.0005, 0, 0.0005, 0.001},
     5,
     {MINUS "0.0010", MINUS "0.0005", "0.0000", "0.0005", "0.0010"}},
    /* SI suffixes, one per axis, shared decimals, bare zero. */
    {{0, 2.5e6, 5e6, 7.5e6, 1e7}, 5, {"0", "2.5M", "5.0M", "7.5M", "10.0M"}},
    {{1e7, 2e7, 3e7}, 3, {"10M", "20M", "30M"}},
    {{-1.5e6, -1e6, -5e5, 0}, 4, {MINUS "1.5M", MINUS "1.0M", MINUS "0.5M", "0"}},
    {{999000, 999500, 1000000}, 3, {"0.9990M", "0.9995M", "1.0000M"}},
    {{2e9, 4e9, 6e9}, 3, {"2G", "4G", "6G"}},
    {{1e12, 2.5e12}, 2, {"1.0T", "2.5T"}},
    {{1e14, 5e14}, 2, {"100T", "500T"}},
    /* A shared power of ten below 1e-3 and from 1e15. */
    {{1e-9, 2e-9, 3e-9}, 3, {"1" TIMES "10" SUPER_MINUS "\xe2\x81\xb9",
                             "2" TIMES "10" SUPER_MINUS "\xe2\x81\xb9",
                             "3" TIMES "10" SUPER_MINUS "\xe2\x81\xb9"}},
    {{-4e-9, 0, 4e-9, 8e-9, 1.2e-8},
     5,
     {MINUS "0.4" TIMES "10" SUPER_MINUS "\xe2\x81\xb8", "0",
      "0.4" TIMES "10" SUPER_MINUS "\xe2\x81\xb8", "0.8" TIMES "10" SUPER_MINUS "\xe2\x81\xb8",
      "1.2" TIMES "10" SUPER_MINUS "\xe2\x81\xb8"}},
    {{0, 3e-4, 6e-4, 9e-4}, 4, {"0", "3" TIMES "10" SUPER_MINUS "\xe2\x81\xb4",
                                "6" TIMES "10" SUPER_MINUS "\xe2\x81\xb4",
                                "9" TIMES "10" SUPER_MINUS "\xe2\x81\xb4"}},
    {{1e-12, 1.5e-12}, 2, {"1.0" TIMES "10" SUPER_MINUS "\xc2\xb9\xc2\xb2",
                           "1.5" TIMES "10" SUPER_MINUS "\xc2\xb9\xc2\xb2"}},
    {{-DBL_MAX, DBL_MAX}, 2, {MINUS "1.797693" TIMES "10\xc2\xb3\xe2\x81\xb0\xe2\x81\xb8",
                              "1.797693" TIMES "10\xc2\xb3\xe2\x81\xb0\xe2\x81\xb8"}},
    {{1e-310, 3e-310}, 2, {"1" TIMES "10" SUPER_MINUS "\xc2\xb3\xc2\xb9\xe2\x81\xb0",
                           "3" TIMES "10" SUPER_MINUS "\xc2\xb3\xc2\xb9\xe2\x81\xb0"}},
    {{1e15, 2e15}, 2, {"1" TIMES "10\xc2\xb9\xe2\x81\xb5", "2" TIMES "10\xc2\xb9\xe2\x81\xb5"}},
    {{-1.5e20, 1.5e20}, 2, {MINUS "1.5" TIMES "10\xc2\xb2\xe2\x81\xb0",
                            "1.5" TIMES "10\xc2\xb2\xe2\x81\xb0"}},
    /* Rounding must not carry the mantissa to 10. */
    {{9.99e-4, 9.995e-4}, 2, {"9.990" TIMES "10" SUPER_MINUS "\xe2\x81\xb4",
                              "9.995" TIMES "10" SUPER_MINUS "\xe2\x81\xb4"}},
    /* Non-finite and all-zero axes. */
    {{NAN, 1, INFINITY, -INFINITY}, 4, {"NaN", "1", "\xe2\x88\x9e", MINUS "\xe2\x88\x9e"}},
    {{0, 0, 0}, 3, {"0", "0", "0"}},
    /* One value: its own precision, about six significant digits. */
    {{3.25}, 1, {"3.25"}},
};

static void test_linear_labels(void **state)
{
    (void)state;
    check_axis_cases(cplot_format_linear_ticks, linear_cases,
                     sizeof linear_cases / sizeof linear_cases[0]);
}

static void test_linear_labels_are_distinct_off_grid(void **state)
{
    (void)state;
    /* Neighbours one unit in the last place apart lie on the same decimal
     * grid to within rounding, so the grid alone says 0 decimals: the
     * safety net must add decimals until they differ. */
    const double values[] = {1, nextafter(1, 2), 2};
    char labels[3][CPLOT_LABEL_MAX];
    cplot_format_linear_ticks(values, 3, labels);
    assert_string_not_equal(labels[0], labels[1]);
    assert_string_not_equal(labels[1], labels[2]);
    assert_string_equal(labels[0], "1.0000000000000000");
    assert_string_equal(labels[1], "1.0000000000000002");
    assert_string_equal(labels[2], "2.0000000000000000");
}

static void test_labels_fit_and_terminate(void **state)
{
    (void)state;
    /* Extreme inputs: labels stay distinct and NUL-terminated within the
     * buffer. */
    const double extremes[][2] = {
        {-DBL_MAX, DBL_MAX}, {DBL_MIN, 2 * DBL_MIN}, {-5e-324, 5e-324}, {1e-310, 3e-310},
        {1e300, nextafter(1e300, INFINITY)}, {-999999.123456789, 999999.987654321},
    };
    for (size_t c = 0; c < sizeof extremes / sizeof extremes[0]; c++) {
        char labels[2][CPLOT_LABEL_MAX];
        memset(labels, 'x', sizeof labels);
        cplot_format_linear_ticks(extremes[c], 2, labels);
        for (int i = 0; i < 2; i++) {
            size_t length = strnlen(labels[i], CPLOT_LABEL_MAX);
            assert_true(length > 0);
            assert_true(length < CPLOT_LABEL_MAX);
        }
        assert_string_not_equal(labels[0], labels[1]);
        char label[CPLOT_LABEL_MAX];
        memset(label, 'x', sizeof label);
        cplot_format_number(extremes[c][0], 17, label);
        assert_true(strnlen(label, CPLOT_LABEL_MAX) < CPLOT_LABEL_MAX);
    }
    /* Nothing to do is not a crash. */
    cplot_format_linear_ticks(NULL, 3, NULL);
    cplot_format_log_ticks(NULL, 3, NULL);
    cplot_format_number(1, 3, NULL);
    char untouched[1][CPLOT_LABEL_MAX] = {"keep"};
    cplot_format_linear_ticks((const double[]){1}, 0, untouched);
    assert_string_equal(untouched[0], "keep");
}

static const axis_case_t log_cases[] = {
    /* One style per axis: all plain within 10^-3..10^5, else all powers. */
    {{1, 10, 100, 1000, 10000, 1e5},
     6,
     {"1", "10", "100", "1,000", "10,000", "100,000"}},
    {{1, 10, 100, 1000, 10000, 1e5, 1e6},
     7,
     {"10" SUPER_0, "10\xc2\xb9", "10\xc2\xb2", "10\xc2\xb3", "10\xe2\x81\xb4", "10\xe2\x81\xb5",
      "10\xe2\x81\xb6"}},
    {{1e-5, 1e-4, 0.001, 0.01, 0.1},
     5,
     {"10" SUPER_MINUS "\xe2\x81\xb5", "10" SUPER_MINUS "\xe2\x81\xb4", "10" SUPER_MINUS "\xc2\xb3",
      "10" SUPER_MINUS "\xc2\xb2", "10" SUPER_MINUS "\xc2\xb9"}},
    {{1e-8, 1e-4, 1, 1e4, 1e8},
     5,
     {"10" SUPER_MINUS "\xe2\x81\xb8", "10" SUPER_MINUS "\xe2\x81\xb4", "10" SUPER_0, "10\xe2\x81\xb4",
      "10\xe2\x81\xb8"}},
    {{1e-200, 1, 1e200}, 3, {"10" SUPER_MINUS "\xc2\xb2\xe2\x81\xb0\xe2\x81\xb0", "10" SUPER_0,
                             "10\xc2\xb2\xe2\x81\xb0\xe2\x81\xb0"}},
    /* The gallery's income axis: "100,000", not "10⁵", beside "50,000". */
    {{500, 1000, 2000, 5000, 10000, 20000, 50000, 1e5},
     8,
     {"500", "1,000", "2,000", "5,000", "10,000", "20,000", "50,000", "100,000"}},
    /* 1-2-5 ticks. */
    {{1, 2, 5, 10}, 4, {"1", "2", "5", "10"}},
    {{5, 10, 20}, 3, {"5", "10", "20"}},
    {{0.002, 0.005, 0.01}, 3, {"0.002", "0.005", "0.01"}},
    {{10000, 20000, 50000, 1e5, 2e5, 5e5},
     6,
     {"10,000", "20,000", "50,000", "100,000", "200,000", "500,000"}},
    {{20000, 50000, 1e5, 2e5, 5e5, 1e6},
     6,
     {"2" TIMES "10\xe2\x81\xb4", "5" TIMES "10\xe2\x81\xb4", "10\xe2\x81\xb5", "2" TIMES "10\xe2\x81\xb5",
      "5" TIMES "10\xe2\x81\xb5", "10\xe2\x81\xb6"}},
    {{5e-5, 1e-4}, 2, {"5" TIMES "10" SUPER_MINUS "\xe2\x81\xb5", "10" SUPER_MINUS "\xe2\x81\xb4"}},
    /* Linear fallback ticks read like a linear axis. */
    {{2, 2.25, 2.5, 2.75, 3}, 5, {"2.00", "2.25", "2.50", "2.75", "3.00"}},
    {{2, 4, 6, 8, 10}, 5, {"2", "4", "6", "8", "10"}},
    {{20000, 30000}, 2, {"20,000", "30,000"}},
};

static void test_log_labels(void **state)
{
    (void)state;
    check_axis_cases(cplot_format_log_ticks, log_cases, sizeof log_cases / sizeof log_cases[0]);
}

typedef struct number_case {
    double value;
    int significant;
    const char *label;
} number_case_t;

static const number_case_t number_cases[] = {
    {0, 3, "0"},
    {-0.0, 3, "0"},
    {1, 3, "1"},
    {-1, 3, MINUS "1"},
    {3.14159, 4, "3.142"},
    {2.5, 6, "2.5"},
    {0.30000000000000004, 15, "0.3"},
    {1234.5678, 4, "1,235"},
    {12345.678, 10, "12,345.678"},
    {-2500.5, 6, MINUS "2,500.5"},
    {100, 1, "100"},
    {0.001, 3, "0.001"},
    {-0.001, 3, MINUS "0.001"},
    {0.000123456, 3, "1.23" TIMES "10" SUPER_MINUS "\xe2\x81\xb4"},
    {999999.7, 3, "1M"},
    {1234567, 4, "1.235M"},
    {-9.99999e9, 4, MINUS "10G"},
    {2.5e12, 3, "2.5T"},
    {123456789, 20, "123.456789M"},
    {1e15, 2, "1" TIMES "10\xc2\xb9\xe2\x81\xb5"},
    {1e20, 3, "1" TIMES "10\xc2\xb2\xe2\x81\xb0"},
    {0.5, 0, "0.5"},
    {0.96, 1, "1"},
    {NAN, 3, "NaN"},
    {INFINITY, 3, "\xe2\x88\x9e"},
    {-INFINITY, 3, MINUS "\xe2\x88\x9e"},
};

static void test_number_labels(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof number_cases / sizeof number_cases[0]; c++) {
        char label[CPLOT_LABEL_MAX];
        memset(label, 'x', sizeof label);
        cplot_format_number(number_cases[c].value, number_cases[c].significant, label);
        if (strcmp(label, number_cases[c].label) != 0) {
            fprintf(stderr, "%.17g with %d digits: expected \"%s\", got \"%s\"\n",
                    number_cases[c].value, number_cases[c].significant, number_cases[c].label,
                    label);
            fail();
        }
    }
}

static void test_labels_ignore_the_locale(void **state)
{
    (void)state;
    static const char *const comma_locales[] = {"de_DE.UTF-8", "fr_FR.UTF-8", "de_DE.utf8",
                                                "fr_FR.utf8"};
    const char *found = NULL;
    for (size_t i = 0; i < sizeof comma_locales / sizeof comma_locales[0] && !found; i++) {
        if (setlocale(LC_NUMERIC, comma_locales[i]))
            found = comma_locales[i];
    }
    if (!found)
        skip();
    const double values[] = {0, 0.5, 1};
    char labels[3][CPLOT_LABEL_MAX];
    cplot_format_linear_ticks(values, 3, labels);
    char number[CPLOT_LABEL_MAX];
    cplot_format_number(1234.5, 5, number);
    setlocale(LC_NUMERIC, "C");
    assert_string_equal(labels[1], "0.5");
    assert_string_equal(number, "1,234.5");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_linear_labels),
        cmocka_unit_test(test_linear_labels_are_distinct_off_grid),
        cmocka_unit_test(test_labels_fit_and_terminate),
        cmocka_unit_test(test_log_labels),
        cmocka_unit_test(test_number_labels),
        cmocka_unit_test(test_labels_ignore_the_locale),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
