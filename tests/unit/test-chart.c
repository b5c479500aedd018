/* The chart object: lifecycle, option setters and their errors, the option
 * table, and tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "assert-close.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cplot/cplot.h"

static void test_version_and_status_strings(void **state)
{
    (void)state;
    assert_string_equal(cplot_version_string(), CPLOT_VERSION_STRING);
    assert_string_equal(cplot_status_to_string(CPLOT_STATUS_SUCCESS), "success");
    assert_string_equal(cplot_status_to_string(CPLOT_STATUS_UNKNOWN_OPTION), "unknown option");
    assert_string_equal(cplot_status_to_string((cplot_status_t)999), "unknown status");
    for (int s = 0; s <= CPLOT_STATUS_FONT_ERROR; s++)
        assert_string_not_equal(cplot_status_to_string((cplot_status_t)s), "unknown status");
}

static void test_lifecycle_and_null_safety(void **state)
{
    (void)state;
    cplot_chart_destroy(NULL);
    cplot_table_destroy(NULL);
    cplot_spec_destroy(NULL);
    assert_null(cplot_chart_create((cplot_kind_t)42));
    cplot_chart_t *chart = cplot_chart_create(CPLOT_KIND_SCATTER);
    assert_ptr_equal(cplot_chart_reference(chart), chart);
    cplot_chart_destroy(chart); /* drops the extra reference */
    assert_int_equal(cplot_chart_kind(chart), CPLOT_KIND_SCATTER);
    assert_int_equal(cplot_chart_set_number(NULL, "alpha", 1), CPLOT_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cplot_chart_set_data(chart, NULL), CPLOT_STATUS_INVALID_ARGUMENT);
    cplot_chart_destroy(chart);

    /* A table outlives the chart it was attached to, and the other way. */
    cplot_table_t *table = cplot_table_create();
    double v[] = {1, 2};
    assert_int_equal(cplot_table_add_numeric(table, "v", v, 2), CPLOT_STATUS_SUCCESS);
    chart = cplot_chart_create(CPLOT_KIND_SCATTER);
    cplot_chart_set_data(chart, table);
    cplot_table_destroy(table);
    assert_int_equal(cplot_chart_status(chart), CPLOT_STATUS_SUCCESS);
    cplot_chart_destroy(chart);
}

static void test_setter_errors_are_sticky_with_messages(void **state)
{
    (void)state;
    cplot_chart_t *chart = cplot_chart_create(CPLOT_KIND_SCATTER);
    assert_int_equal(cplot_chart_set_number(chart, "alpha", 0.5), CPLOT_STATUS_SUCCESS);
    assert_string_equal(cplot_chart_error_message(chart), "");

    assert_int_equal(cplot_chart_set_number(chart, "alpah", 0.5), CPLOT_STATUS_UNKNOWN_OPTION);
    assert_string_equal(cplot_chart_error_message(chart),
                        "unknown option \"alpah\" for scatter charts; did you mean \"alpha\"?");
    /* Later errors do not replace the first one. */
    assert_int_equal(cplot_chart_set_number(chart, "alpha", 2), CPLOT_STATUS_INVALID_VALUE);
    assert_int_equal(cplot_chart_status(chart), CPLOT_STATUS_UNKNOWN_OPTION);
    assert_string_equal(cplot_chart_error_message(chart),
                        "unknown option \"alpah\" for scatter charts; did you mean \"alpha\"?");
    /* And drawing refuses with the sticky error. */
    unsigned char *data;
    size_t size;
    assert_int_equal(cplot_chart_render(chart, CPLOT_FORMAT_PNG, &data, &size),
                     CPLOT_STATUS_UNKNOWN_OPTION);
    assert_null(data);
    cplot_chart_destroy(chart);

    static const struct {
        const char *name;
        int kind; /* 0 number, 1 string, 2 bool */
        double number;
        const char *string;
        cplot_status_t status;
        const char *message;
    } cases[] = {
        {"alpha", 0, 1.5, NULL, CPLOT_STATUS_INVALID_VALUE,
         "option \"alpha\": expected a number from 0 to 1; got 1.5"},
        {"alpha", 0, NAN, NULL, CPLOT_STATUS_INVALID_VALUE,
         "option \"alpha\": expected a number from 0 to 1; got nan"},
        {"width", 0, 800.5, NULL, CPLOT_STATUS_INVALID_VALUE,
         "option \"width\": expected a whole number from 64 to 10000; got 800.5"},
        {"theme", 1, 0, "pink", CPLOT_STATUS_INVALID_VALUE,
         "option \"theme\": expected one of \"light\", \"dark\"; got \"pink\""},
        {"x_scale", 1, 0, "logarithmic", CPLOT_STATUS_INVALID_VALUE,
         "option \"x_scale\": expected one of \"linear\", \"log\"; got \"logarithmic\""},
        {"color", 1, 0, "#12", CPLOT_STATUS_INVALID_VALUE,
         "option \"color\": expected a colour (\"#rrggbb\" or a CSS name); got \"#12\""},
        {"title", 2, 0, NULL, CPLOT_STATUS_INVALID_VALUE,
         "option \"title\": expected a string; got true"},
        {"title", 1, 0, "\xff\xfe", CPLOT_STATUS_INVALID_VALUE,
         "option \"title\": expected a string; got a string that is not valid UTF-8"},
        {"bogus", 0, 1, NULL, CPLOT_STATUS_UNKNOWN_OPTION,
         "unknown option \"bogus\" for scatter charts"},
        {"huee", 1, 0, "x", CPLOT_STATUS_UNKNOWN_OPTION,
         "unknown option \"huee\" for scatter charts; did you mean \"hue\"?"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        chart = cplot_chart_create(CPLOT_KIND_SCATTER);
        cplot_status_t status = cases[i].kind == 0
                                    ? cplot_chart_set_number(chart, cases[i].name, cases[i].number)
                                : cases[i].kind == 1
                                    ? cplot_chart_set_string(chart, cases[i].name, cases[i].string)
                                    : cplot_chart_set_bool(chart, cases[i].name, true);
        assert_int_equal(status, cases[i].status);
        assert_string_equal(cplot_chart_error_message(chart), cases[i].message);
        cplot_chart_destroy(chart);
    }
}

static void test_option_table(void **state)
{
    (void)state;
    size_t count = cplot_option_count(CPLOT_KIND_SCATTER);
    assert_true(count > 20);
    assert_null(cplot_option_at(CPLOT_KIND_SCATTER, count));
    assert_int_equal(cplot_option_count((cplot_kind_t)99), 0);
    for (size_t i = 0; i < count; i++) {
        const cplot_option_info_t *o = cplot_option_at(CPLOT_KIND_SCATTER, i);
        assert_non_null(o->name);
        assert_non_null(o->doc);
        assert_true(strlen(o->doc) > 10);
        assert_ptr_equal(cplot_option_find(CPLOT_KIND_SCATTER, o->name), o);
        /* Names are unique. */
        for (size_t j = i + 1; j < count; j++)
            assert_string_not_equal(o->name, cplot_option_at(CPLOT_KIND_SCATTER, j)->name);
    }
    const cplot_option_info_t *alpha = cplot_option_find(CPLOT_KIND_SCATTER, "alpha");
    assert_string_equal(alpha->default_value, "0.8");
    assert_true(alpha->types & CPLOT_VALUE_NUMBER);
    assert_close(alpha->maximum, 1, 0);
    assert_string_equal(cplot_kind_name(CPLOT_KIND_SCATTER), "scatter");
    cplot_kind_t kind;
    assert_true(cplot_kind_from_name("scatter", &kind));
    assert_false(cplot_kind_from_name("scater", &kind));
    /* unset restores the table's default */
    cplot_chart_t *chart = cplot_chart_create(CPLOT_KIND_SCATTER);
    assert_int_equal(cplot_chart_set_string(chart, "theme", "dark"), CPLOT_STATUS_SUCCESS);
    assert_int_equal(cplot_chart_unset(chart, "theme"), CPLOT_STATUS_SUCCESS);
    assert_int_equal(cplot_chart_unset(chart, "nope"), CPLOT_STATUS_UNKNOWN_OPTION);
    cplot_chart_destroy(chart);
}

static void test_tables(void **state)
{
    (void)state;
    cplot_table_t *table = cplot_table_create();
    double a[] = {1, NAN, 3};
    const char *g[] = {"b", NULL, "a"};
    assert_int_equal(cplot_table_add_numeric(table, "a", a, 3), CPLOT_STATUS_SUCCESS);
    assert_int_equal(cplot_table_add_numeric(table, "a", a, 3), CPLOT_STATUS_DUPLICATE_COLUMN);
    assert_int_equal(cplot_table_add_numeric(table, "short", a, 2), CPLOT_STATUS_LENGTH_MISMATCH);
    assert_int_equal(cplot_table_add_numeric(table, "null", NULL, 3), CPLOT_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cplot_table_add_categorical(table, "g", g, 3), CPLOT_STATUS_SUCCESS);
    const char *bad[] = {"ok", "\xc3\x28", "x"};
    assert_int_equal(cplot_table_add_categorical(table, "bad", bad, 3), CPLOT_STATUS_INVALID_VALUE);
    assert_int_equal(cplot_table_row_count(table), 3);
    assert_int_equal(cplot_table_column_count(table), 2);
    assert_int_equal(cplot_table_find(table, "g"), 1);
    assert_int_equal(cplot_table_find(table, "zz"), -1);
    assert_int_equal(cplot_table_column_type(table, 1), CPLOT_COLUMN_CATEGORICAL);
    assert_null(cplot_table_numeric(table, 1));
    assert_true(isnan(cplot_table_numeric(table, 0)[1]));
    assert_int_equal(cplot_table_level_count(table, 1), 2);
    assert_string_equal(cplot_table_level(table, 1, 0), "b"); /* first appearance */
    const int *codes = cplot_table_codes(table, 1);
    assert_int_equal(codes[0], 0);
    assert_int_equal(codes[1], -1);
    assert_int_equal(codes[2], 1);

    const char *order[] = {"a", "b", "unused"};
    assert_int_equal(cplot_table_set_levels(table, "g", order, 3), CPLOT_STATUS_SUCCESS);
    codes = cplot_table_codes(table, 1);
    assert_int_equal(codes[0], 1);
    assert_int_equal(codes[2], 0);
    assert_string_equal(cplot_table_level(table, 1, 2), "unused");
    /* A failed reorder changes nothing. */
    const char *missing[] = {"a"};
    assert_int_equal(cplot_table_set_levels(table, "g", missing, 1), CPLOT_STATUS_INVALID_VALUE);
    const char *repeated[] = {"a", "a", "b"};
    assert_int_equal(cplot_table_set_levels(table, "g", repeated, 3), CPLOT_STATUS_INVALID_VALUE);
    assert_int_equal(cplot_table_level_count(table, 1), 3);
    assert_int_equal(cplot_table_codes(table, 1)[0], 1);
    assert_int_equal(cplot_table_set_levels(table, "a", order, 3), CPLOT_STATUS_COLUMN_TYPE);

    /* Many levels stay correct (the hash map grows). */
    enum { N = 20000 };
    static char names[N][8];
    static const char *values[N];
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "k%d", i % 5000);
        values[i] = names[i];
    }
    cplot_table_t *big = cplot_table_create();
    assert_int_equal(cplot_table_add_categorical(big, "k", values, N), CPLOT_STATUS_SUCCESS);
    assert_int_equal(cplot_table_level_count(big, 0), 5000);
    assert_int_equal(cplot_table_codes(big, 0)[N - 1], 4999);
    assert_string_equal(cplot_table_level(big, 0, 1234), "k1234");
    cplot_table_destroy(big);
    cplot_table_destroy(table);
}

static void test_format_from_path(void **state)
{
    (void)state;
    cplot_format_t format;
    assert_true(cplot_format_from_path("a/b.PNG", &format));
    assert_int_equal(format, CPLOT_FORMAT_PNG);
    assert_true(cplot_format_from_path("x.svg", &format));
    assert_int_equal(format, CPLOT_FORMAT_SVG);
    assert_true(cplot_format_from_path("x.pdf", &format));
    assert_int_equal(format, CPLOT_FORMAT_PDF);
    assert_false(cplot_format_from_path("x.jpg", &format));
    assert_false(cplot_format_from_path("png", &format));
    assert_false(cplot_format_from_path(NULL, &format));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version_and_status_strings),
        cmocka_unit_test(test_lifecycle_and_null_safety),
        cmocka_unit_test(test_setter_errors_are_sticky_with_messages),
        cmocka_unit_test(test_option_table),
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_format_from_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
