/* Kernel density estimates split across threads by grid range give the
 * same doubles at any thread count: cplot_kde_evaluate's three paths
 * (evenly spaced grid, any grid, cumulative) on data large enough to be
 * split, and the histogram and density charts drawn from them. */
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
#include "stats-private.h"

static const unsigned thread_counts[] = {1, 2, 3, 7};
#define THREAD_COUNTS (sizeof thread_counts / sizeof thread_counts[0])

/* A fixed pseudo-random stream, the same on every platform. */
static double uniform(uint64_t *state)
{
    *state = *state * 6364136223846793005u + 1442695040888963407u;
    return (double)(*state >> 11) / 9007199254740992.0;
}

/* Two bumps, a far cluster (whose kernels underflow on much of the grid,
 * so walks end early) and a few non-finite values the estimate skips. */
static double *sample(size_t count, uint64_t seed)
{
    double *values = malloc(count * sizeof *values);
    assert_non_null(values);
    uint64_t state = seed;
    for (size_t i = 0; i < count; i++) {
        double bump = uniform(&state) + uniform(&state) + uniform(&state) - 1.5;
        double which = uniform(&state);
        values[i] = which < 0.6 ? 10 + 3 * bump : which < 0.98 ? 25 + bump : 400 + bump;
        if (i % 997 == 13)
            values[i] = i % 2 ? NAN : INFINITY;
    }
    return values;
}

/* Evaluates at every thread count and checks each result has the very
 * bits of the one-thread result. */
static void check_evaluate(const double *values, size_t count, double bandwidth,
                           const double *points, size_t point_count, bool cumulative)
{
    double *expected = malloc(point_count * sizeof *expected);
    double *density = malloc(point_count * sizeof *density);
    assert_non_null(expected);
    assert_non_null(density);
    for (size_t t = 0; t < THREAD_COUNTS; t++) {
        assert_int_equal(cplot_threads_set(thread_counts[t]), CPLOT_STATUS_SUCCESS);
        memset(density, 0xA5, point_count * sizeof *density); /* nothing left from the last run */
        assert_int_equal(
            cplot_kde_evaluate(values, count, bandwidth, points, point_count, cumulative, density),
            CPLOT_STATUS_SUCCESS);
        if (t == 0)
            memcpy(expected, density, point_count * sizeof *density);
        else
            assert_memory_equal(density, expected, point_count * sizeof *density);
    }
    assert_int_equal(cplot_threads_set(1), CPLOT_STATUS_SUCCESS);
    double sum = 0;
    for (size_t j = 0; j < point_count; j++)
        sum += expected[j];
    assert_true(sum > 0 && isfinite(sum)); /* a real estimate, not zeros */
    free(expected);
    free(density);
}

static void linspace(double low, double high, size_t count, double *points)
{
    for (size_t j = 0; j < count; j++)
        points[j] = low + (high - low) * (double)j / (double)(count - 1);
}

static void test_uniform_grid_any_thread_count(void **state)
{
    (void)state;
    enum { COUNT = 20000 };
    double *values = sample(COUNT, 1);
    static const size_t grid_sizes[] = {200, 1001};
    static const double bandwidths[] = {0.05, 0.4, 1.5, 6.0};
    for (size_t g = 0; g < 2; g++) {
        size_t point_count = grid_sizes[g];
        double *points = malloc(point_count * sizeof *points);
        assert_non_null(points);
        linspace(2.0, 410.0, point_count, points);
        for (size_t b = 0; b < 4; b++) {
            /* Enough terms to be cut into several tasks. */
            assert_true(cplot_kde_work(values, COUNT, bandwidths[b], points, point_count, false) >
                        1e5);
            check_evaluate(values, COUNT, bandwidths[b], points, point_count, false);
        }
        free(points);
    }
    free(values);
}

/* Unevenly spaced points take the full loop, split the same way. */
static void test_any_grid_any_thread_count(void **state)
{
    (void)state;
    enum { COUNT = 5000, POINTS = 150 };
    double *values = sample(COUNT, 2);
    double points[POINTS];
    for (size_t j = 0; j < POINTS; j++)
        points[j] = 2.0 + 0.02 * (double)(j * j);
    for (double bandwidth = 0.3; bandwidth < 10; bandwidth *= 5)
        check_evaluate(values, COUNT, bandwidth, points, POINTS, false);
    free(values);
}

/* Cumulative estimates collect each point's terms in a task's own
 * scratch before their pairwise sum. */
static void test_cumulative_any_thread_count(void **state)
{
    (void)state;
    enum { COUNT = 3000, POINTS = 120 };
    double *values = sample(COUNT, 3);
    double points[POINTS];
    linspace(0.0, 420.0, POINTS, points);
    check_evaluate(values, COUNT, 0.7, points, POINTS, true);
    check_evaluate(values, COUNT, 4.0, points, POINTS, true);
    free(values);
}

static cplot_table_t *grouped_table(size_t rows)
{
    double *values = sample(rows, 4);
    const char *names[] = {"a", "b", "c"};
    const char **groups = malloc(rows * sizeof *groups);
    assert_non_null(groups);
    for (size_t i = 0; i < rows; i++) {
        groups[i] = names[i % 3];
        if (!isfinite(values[i]) || values[i] > 100)
            values[i] = 17.0 + (double)(i % 5); /* the charts' axes stay on the bumps */
    }
    cplot_table_t *table = cplot_table_create();
    assert_int_equal(cplot_table_add_numeric(table, "value", values, rows), CPLOT_STATUS_SUCCESS);
    assert_int_equal(cplot_table_add_categorical(table, "group", (const char *const *)groups, rows),
                     CPLOT_STATUS_SUCCESS);
    free(groups);
    free(values);
    return table;
}

static void test_charts_any_thread_count(void **state)
{
    (void)state;
    cplot_table_t *table = grouped_table(30000);

    cplot_chart_t *histogram = cplot_chart_create(CPLOT_KIND_HISTOGRAM);
    cplot_chart_set_data(histogram, table);
    cplot_chart_set_string(histogram, "x", "value");
    cplot_chart_set_string(histogram, "hue", "group");
    cplot_chart_set_bool(histogram, "kde", true);
    assert_int_equal(cplot_chart_status(histogram), CPLOT_STATUS_SUCCESS);
    assert_same_png_any_thread_count(histogram, "histogram with KDEs by hue");
    cplot_chart_destroy(histogram);

    /* Stacked curves are evaluated again on one shared grid. */
    cplot_chart_t *density = cplot_chart_create(CPLOT_KIND_DENSITY);
    cplot_chart_set_data(density, table);
    cplot_chart_set_string(density, "x", "value");
    cplot_chart_set_string(density, "hue", "group");
    cplot_chart_set_string(density, "multiple", "stack");
    cplot_chart_set_number(density, "bw_adjust", 0.5);
    assert_int_equal(cplot_chart_status(density), CPLOT_STATUS_SUCCESS);
    assert_same_png_any_thread_count(density, "stacked density");
    cplot_chart_set_bool(density, "cumulative", true);
    cplot_chart_set_number(density, "gridsize", 60);
    assert_int_equal(cplot_chart_status(density), CPLOT_STATUS_SUCCESS);
    assert_same_png_any_thread_count(density, "cumulative stacked density");
    cplot_chart_destroy(density);

    cplot_table_destroy(table);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uniform_grid_any_thread_count),
        cmocka_unit_test(test_any_grid_any_thread_count),
        cmocka_unit_test(test_cumulative_any_thread_count),
        cmocka_unit_test(test_charts_any_thread_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
