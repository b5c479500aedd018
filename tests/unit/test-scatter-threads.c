/* Dense scatters rendered with 1, 2, 3 and 7 threads give the same PNG
 * bytes: points put in the stamper's batches on threads and blended strip
 * by strip must reach every pixel in the same order as on one thread
 * (marker shapes, hue groups switching stamps, opacity, points on the
 * plot's edges, markers larger than a strip, HiDPI, several batches, rows
 * not drawn: NaN, infinite, without a group, off a log axis). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "assert-threads.h"
#include "cplot/cplot.h"
#include "figure-private.h"
#include "table-private.h"

/* Deterministic pseudo-random numbers (libc rand differs between C libraries). */
static uint64_t rng_state;
static double uniform(void)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

/* The columns x, y and group of a table being made. */
typedef struct columns {
    double *x, *y;
    const char **g;
    size_t n;
} columns_t;

static columns_t columns_create(size_t n)
{
    columns_t c = {malloc(n * sizeof *c.x), malloc(n * sizeof *c.y), malloc(n * sizeof *c.g), n};
    assert_non_null(c.x);
    assert_non_null(c.y);
    assert_non_null(c.g);
    return c;
}

/* The table of the columns, which are freed. */
static cplot_table_t *table_from(columns_t *c)
{
    cplot_table_t *table = cplot_table_create();
    assert_int_equal(cplot_table_add_numeric(table, "x", c->x, c->n), CPLOT_STATUS_SUCCESS);
    assert_int_equal(cplot_table_add_numeric(table, "y", c->y, c->n), CPLOT_STATUS_SUCCESS);
    assert_int_equal(cplot_table_add_categorical(table, "group", c->g, c->n), CPLOT_STATUS_SUCCESS);
    free(c->x);
    free(c->y);
    free(c->g);
    return table;
}

/* Clustered points, many on the same pixels, a share exactly on the data's
 * extremes (so on the plot's edges, their markers cut by the clip), and
 * four hue groups interleaved so the stamp changes from point to point. */
static cplot_table_t *dense_table(size_t n)
{
    static const char *const groups[] = {"a", "b", "c", "d"};
    columns_t c = columns_create(n);
    double *x = c.x, *y = c.y;
    const char **g = c.g;
    rng_state = 7;
    for (size_t i = 0; i < n; i++) {
        double u = uniform(), v = uniform();
        switch (i % 10) {
        case 0: /* the edges of the data, so of the plot */
            x[i] = u < 0.5 ? 0 : 100;
            y[i] = v * 100;
            break;
        case 1:
            x[i] = u * 100;
            y[i] = v < 0.5 ? 0 : 100;
            break;
        case 2: /* a tight cluster: hundreds of blends per pixel */
            x[i] = 50 + u;
            y[i] = 50 + v;
            break;
        default:
            x[i] = u * 100;
            y[i] = 100 * v * v;
        }
        g[i] = groups[(i * 7 + i / 3) % 4];
    }
    return table_from(&c);
}

/* Rows that are not drawn among those that are: NaN and infinite
 * positions, no group, values a log axis leaves out; and more groups than
 * the palette has colours, so that groups share a stamp style. */
static cplot_table_t *gappy_table(size_t n)
{
    static const char *const groups[] = {"a", "b", "c", "d", "e", "f",
                                         "g", "h", "i", "j", "k", "l"};
    columns_t c = columns_create(n);
    double *x = c.x, *y = c.y;
    const char **g = c.g;
    rng_state = 11;
    for (size_t i = 0; i < n; i++) {
        x[i] = 1 + uniform() * 99;
        y[i] = 1 + 99 * uniform() * uniform();
        g[i] = groups[i % 12];
        switch (i % 17) {
        case 3:
            x[i] = NAN;
            break;
        case 5:
            y[i] = i % 2 ? INFINITY : -INFINITY;
            break;
        case 7:
            g[i] = NULL;
            break;
        case 11:
            y[i] = -y[i]; /* left out on a log axis */
            break;
        case 13:
            x[i] = 0;
            break;
        }
    }
    return table_from(&c);
}

typedef struct scatter_case {
    const char *marker;
    double point_size, alpha, edge_width, scale;
    bool hue;
    int height;
    const char *y_scale; /* NULL for the default */
} scatter_case_t;

static void same_bytes_on_threads(cplot_table_t *table, const scatter_case_t *c)
{
    cplot_chart_t *chart = cplot_chart_create(CPLOT_KIND_SCATTER);
    cplot_chart_set_data(chart, table);
    cplot_chart_set_string(chart, "x", "x");
    cplot_chart_set_string(chart, "y", "y");
    if (c->hue)
        cplot_chart_set_string(chart, "hue", "group");
    cplot_chart_set_string(chart, "marker", c->marker);
    cplot_chart_set_number(chart, "point_size", c->point_size);
    cplot_chart_set_number(chart, "alpha", c->alpha);
    cplot_chart_set_number(chart, "edge_width", c->edge_width);
    cplot_chart_set_number(chart, "scale", c->scale);
    cplot_chart_set_number(chart, "height", c->height);
    if (c->y_scale)
        cplot_chart_set_string(chart, "y_scale", c->y_scale);
    assert_int_equal(cplot_chart_status(chart), CPLOT_STATUS_SUCCESS);
    char what[64];
    snprintf(what, sizeof what, "marker %s, size %g", c->marker, c->point_size);
    assert_same_png_any_thread_count(chart, what);
    cplot_chart_destroy(chart);
}

static void test_markers_and_groups(void **state)
{
    (void)state;
    cplot_table_t *table = dense_table(20000);
    static const scatter_case_t cases[] = {
        {"circle", 7, 0.3, 0.6, 1, true, 600, NULL},
        {"square", 9, 0.5, 0, 1, true, 600, NULL},
        {"diamond", 5, 0.8, 1.5, 1, false, 600, NULL},
        {"triangle", 7, 0.2, 0.6, 2, true, 400, NULL}, /* HiDPI: stamps at twice the pixels */
        {"triangle_down", 3, 1, 0, 1, true, 600, NULL},
        {"plus", 8, 0.6, 0, 1, true, 600, NULL},
        {"cross", 11, 0.4, 0, 1, false, 300, NULL},
        {"circle", 90, 0.05, 2, 1, true, 600, NULL}, /* each marker spans several strips */
        {"square", 60, 0.1, 0, 1, false, 64, NULL},  /* a plot a few rows high */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        same_bytes_on_threads(table, &cases[i]);
    cplot_table_destroy(table);
}

/* More points than a batch holds, so they are stamped in several. */
static void test_several_batches(void **state)
{
    (void)state;
    cplot_table_t *table = dense_table(150000);
    const scatter_case_t c = {"circle", 7, 0.1, 0.6, 1, true, 600, NULL};
    same_bytes_on_threads(table, &c);
    cplot_table_destroy(table);
}

static void test_rows_not_drawn(void **state)
{
    (void)state;
    cplot_table_t *table = gappy_table(70000);
    static const scatter_case_t cases[] = {
        {"circle", 7, 0.3, 0.6, 1, true, 600, NULL},
        {"square", 6, 0.5, 0, 1, false, 600, "log"},
        {"triangle", 9, 0.4, 1, 1, true, 500, "log"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        same_bytes_on_threads(table, &cases[i]);
    cplot_table_destroy(table);
}

/* The axis range of a column, found on threads in parts, is the one-pass
 * range bit for bit: which of 0 and -0 is the minimum (the first in row
 * order), and the counts of values left out. */
static cplot_axis_t axis_range(const double *values, size_t n, const char *scale)
{
    cplot_table_t *table = cplot_table_create();
    assert_int_equal(cplot_table_add_numeric(table, "v", values, n), CPLOT_STATUS_SUCCESS);
    cplot_chart_t *chart = cplot_chart_create(CPLOT_KIND_SCATTER);
    cplot_chart_set_string(chart, "x_scale", scale);
    cplot_figure_t figure = {.chart = chart, .table = table};
    cplot_axis_t axis = {0};
    assert_int_equal(
        cplot_figure_axis_from_column(&figure, &axis, "x_scale", cplot_table_column(table, "v")),
        CPLOT_STATUS_SUCCESS);
    cplot_chart_destroy(chart);
    cplot_table_destroy(table);
    return axis;
}

static void assert_same_range_any_thread_count(const double *values, size_t n, const char *scale,
                                               double expected_min, double expected_max)
{
    cplot_axis_t expected = axis_range(values, n, scale);
    assert_memory_equal(&expected.data_min, &expected_min, sizeof(double));
    assert_memory_equal(&expected.data_max, &expected_max, sizeof(double));
    for (size_t t = 1; t < CPLOT_TEST_THREAD_COUNTS; t++) {
        assert_int_equal(cplot_threads_set(cplot_test_thread_counts[t]), CPLOT_STATUS_SUCCESS);
        cplot_axis_t axis = axis_range(values, n, scale);
        assert_memory_equal(&axis.data_min, &expected.data_min, sizeof(double));
        assert_memory_equal(&axis.data_max, &expected.data_max, sizeof(double));
        assert_int_equal(axis.missing, expected.missing);
        assert_int_equal(axis.non_finite, expected.non_finite);
        assert_int_equal(axis.non_positive, expected.non_positive);
    }
    assert_int_equal(cplot_threads_set(1), CPLOT_STATUS_SUCCESS);
}

static void test_axis_range_bit_for_bit(void **state)
{
    (void)state;
    const size_t n = 300000;
    double *v = malloc(n * sizeof *v);
    assert_non_null(v);
    for (size_t i = 0; i < n; i++)
        v[i] = i % 97 == 0   ? NAN
               : i % 89 == 0 ? (i % 2 ? INFINITY : -INFINITY)
                             : 1 + (double)(i % 1000);
    /* 0 early, -0 late: the minimum is 0; then the other way round. */
    v[20] = 0.0, v[250001] = -0.0;
    assert_same_range_any_thread_count(v, n, "linear", 0.0, 1000);
    v[20] = -0.0, v[250001] = 0.0;
    assert_same_range_any_thread_count(v, n, "linear", -0.0, 1000);
    /* The first zero in an odd row, others in even rows before and after
     * it in their parts' other lanes. */
    v[20] = 5, v[250001] = 5;
    v[100001] = -0.0, v[100002] = 0.0, v[100004] = 0.0, v[299998] = 0.0;
    assert_same_range_any_thread_count(v, n, "linear", -0.0, 1000);
    v[100001] = 0.0, v[100002] = -0.0, v[100004] = -0.0, v[299998] = -0.0;
    assert_same_range_any_thread_count(v, n, "linear", 0.0, 1000);
    v[100001] = v[100002] = v[100004] = v[299998] = 7;
    v[20] = -0.0, v[250001] = 0.0;
    /* On a log axis both are left out, with every value below 5. */
    for (size_t i = 100000; i < 200000; i++)
        v[i] = i % 3 ? v[i] : 5 - (double)(i % 11);
    assert_same_range_any_thread_count(v, n, "log", 1, 1000);
    /* The maximum among zeros (-0 in row 20 first): all values <= 0. */
    for (size_t i = 0; i < n; i++)
        v[i] = isfinite(v[i]) && v[i] > 0 ? -v[i] : v[i];
    v[150000] = -0.0, v[160000] = 0.0;
    assert_same_range_any_thread_count(v, n, "linear", -1000, -0.0);
    free(v);
}

/* One pass in row order with strict comparisons: the axis range's
 * definition, against which the library's faster scan is checked. */
static cplot_axis_t reference_range(const double *v, size_t n, bool log)
{
    cplot_axis_t axis = {.data_min = INFINITY, .data_max = -INFINITY};
    for (size_t i = 0; i < n; i++) {
        if (isnan(v[i]))
            axis.missing++;
        else if (isinf(v[i]))
            axis.non_finite++;
        else if (log && v[i] <= 0)
            axis.non_positive++;
        else {
            axis.data_min = v[i] < axis.data_min ? v[i] : axis.data_min;
            axis.data_max = v[i] > axis.data_max ? v[i] : axis.data_max;
        }
    }
    if (axis.data_min > axis.data_max)
        axis.data_min = log ? 1 : 0, axis.data_max = log ? 10 : 1;
    return axis;
}

/* Short columns of few distinct values (0 and -0, NaN, infinities,
 * negatives), in every order, with even and odd lengths. */
static void test_axis_range_short_columns(void **state)
{
    (void)state;
    static const double choices[] = {0.0, -0.0, NAN, INFINITY, -INFINITY, -2, -1, 1, 2, 0.5};
    rng_state = 5;
    for (int trial = 0; trial < 20000; trial++) {
        double v[13];
        size_t n = (size_t)(uniform() * 13);
        for (size_t i = 0; i < n; i++)
            v[i] = choices[(size_t)(uniform() * 10)];
        for (int log = 0; log < 2; log++) {
            cplot_axis_t expected = reference_range(v, n, log);
            cplot_axis_t axis = axis_range(v, n, log ? "log" : "linear");
            assert_memory_equal(&axis.data_min, &expected.data_min, sizeof(double));
            assert_memory_equal(&axis.data_max, &expected.data_max, sizeof(double));
            assert_int_equal(axis.missing, expected.missing);
            assert_int_equal(axis.non_finite, expected.non_finite);
            assert_int_equal(axis.non_positive, expected.non_positive);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_markers_and_groups),
        cmocka_unit_test(test_several_batches),
        cmocka_unit_test(test_rows_not_drawn),
        cmocka_unit_test(test_axis_range_bit_for_bit),
        cmocka_unit_test(test_axis_range_short_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
