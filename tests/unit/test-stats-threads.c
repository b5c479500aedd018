/* Statistics split across threads give the same bits for every thread
 * count: correlation matrices (pearson, spearman, kendall; missing values,
 * ties, signed zeros), bins and counts (every rule and method), value
 * ranges, and the rendered correlogram and histogram, each at 1, 2, 3 and
 * 7 threads on data large enough to be cut into several tasks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assert-threads.h"
#include "cplot/cplot.h"
#include "parallel-private.h"
#include "stats-private.h"

static const unsigned thread_counts[] = {1, 2, 3, 7};
#define THREAD_SETTINGS (sizeof thread_counts / sizeof thread_counts[0])

/* Deterministic pseudo-random numbers (not libc's rand). */
static uint64_t rng_state;
static double uniform(void)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

static double normal(void)
{
    double u = uniform() * 0.999999 + 0.0000005, v = uniform();
    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

/* ---------------------------------------------------------- Correlation */

#define CORR_ROWS 40000
#define CORR_COLUMNS 10

/* Columns 0-5 complete (one group: ties, signed zeros, a constant
 * column); 6 and 7 miss the same rows (a group of their own, copied
 * out); 8 and 9 miss rows of their own (pairs across groups). */
static double *correlation_data(const double *columns[CORR_COLUMNS])
{
    double *data = malloc(sizeof(double) * CORR_ROWS * CORR_COLUMNS);
    assert_non_null(data);
    rng_state = 7;
    for (size_t r = 0; r < CORR_ROWS; r++) {
        double base = normal();
        double *row[CORR_COLUMNS];
        for (size_t c = 0; c < CORR_COLUMNS; c++)
            row[c] = data + c * CORR_ROWS + r;
        *row[0] = base;
        *row[1] = base * 0.5 + normal();
        *row[2] = floor(base * 3.0 + normal());                      /* many ties */
        *row[3] = uniform() < 0.2 ? (r % 2 ? 0.0 : -0.0) : normal(); /* signed zeros */
        *row[4] = 2.5;                                               /* constant */
        *row[5] = (double)(r % 7) - base;
        bool gap = r % 11 == 3 || uniform() < 0.05;
        *row[6] = gap ? NAN : base + normal();
        *row[7] = gap ? (r % 2 ? INFINITY : NAN) : floor(normal() * 2.0);
        *row[8] = uniform() < 0.1 ? NAN : normal() - base;
        *row[9] = uniform() < 0.03 ? -INFINITY : (double)(int)(uniform() * 10.0);
    }
    for (size_t c = 0; c < CORR_COLUMNS; c++)
        columns[c] = data + c * CORR_ROWS;
    return data;
}

static void test_correlation_any_thread_count(void **state)
{
    (void)state;
    const double *columns[CORR_COLUMNS];
    double *data = correlation_data(columns);
    static const cplot_correlation_method_t methods[] = {
        CPLOT_CORRELATION_PEARSON, CPLOT_CORRELATION_SPEARMAN, CPLOT_CORRELATION_KENDALL};
    for (size_t m = 0; m < 3; m++) {
        cplot_correlation_t first = {0};
        for (size_t t = 0; t < THREAD_SETTINGS; t++) {
            assert_int_equal(cplot_threads_set(thread_counts[t]), CPLOT_STATUS_SUCCESS);
            /* Big enough that ranking and pairs are cut into tasks. */
            if (thread_counts[t] > 1)
                assert_true(cplot_parallel_tasks((size_t)CORR_ROWS * CORR_COLUMNS, 65536) > 1);
            cplot_correlation_t matrix;
            assert_int_equal(
                cplot_correlation_matrix(columns, CORR_COLUMNS, CORR_ROWS, methods[m], 1, &matrix),
                CPLOT_STATUS_SUCCESS);
            assert_int_equal(matrix.size, CORR_COLUMNS);
            if (t == 0) {
                first = matrix;
                /* Not all NaN: the data make real coefficients. */
                assert_true(isfinite(first.values[1 * CORR_COLUMNS + 0]));
                assert_true(isfinite(first.values[9 * CORR_COLUMNS + 6]));
                assert_true(isnan(first.values[4 * CORR_COLUMNS + 0]));
                continue;
            }
            assert_memory_equal(matrix.values, first.values,
                                sizeof(double) * CORR_COLUMNS * CORR_COLUMNS);
            cplot_correlation_release(&matrix);
        }
        cplot_correlation_release(&first);
    }
    assert_int_equal(cplot_threads_set(1), CPLOT_STATUS_SUCCESS);
    free(data);
}

/* ------------------------------------------------------------- Binning */

#define BIN_VALUES 400000

static void assert_same_bins(const cplot_bins_t *a, const cplot_bins_t *b)
{
    assert_int_equal(a->edge_count, b->edge_count);
    assert_int_equal(a->bin_count, b->bin_count);
    assert_int_equal(a->uniform, b->uniform);
    assert_int_equal(a->nonfinite, b->nonfinite);
    assert_int_equal(a->outside, b->outside);
    assert_memory_equal(a->edges, b->edges, a->edge_count * sizeof *a->edges);
    assert_memory_equal(a->counts, b->counts, a->bin_count * sizeof *a->counts);
}

/* Values: `finite_only` gives normal values with ties and signed zeros;
 * otherwise NaN and infinities too. */
static double *bin_data(bool finite_only)
{
    double *values = malloc(sizeof(double) * BIN_VALUES);
    assert_non_null(values);
    rng_state = finite_only ? 11 : 13;
    for (size_t i = 0; i < BIN_VALUES; i++) {
        double u = uniform();
        values[i] = u < 0.1   ? (i % 2 ? 0.0 : -0.0)
                    : u < 0.3 ? floor(normal() * 4.0)
                              : normal() * 3.0;
        if (!finite_only && u > 0.98)
            values[i] = u > 0.99 ? NAN : (i % 2 ? INFINITY : -INFINITY);
    }
    return values;
}

typedef struct bin_case {
    cplot_bin_method_t method;
    cplot_bin_rule_t rule;
    bool has_range;
} bin_case_t;

static void test_bins_any_thread_count(void **state)
{
    (void)state;
    static const bin_case_t cases[] = {
        {CPLOT_BIN_METHOD_RULE, CPLOT_BIN_RULE_AUTO, false},
        {CPLOT_BIN_METHOD_RULE, CPLOT_BIN_RULE_FD, false},
        {CPLOT_BIN_METHOD_RULE, CPLOT_BIN_RULE_FD, true},
        {CPLOT_BIN_METHOD_RULE, CPLOT_BIN_RULE_SCOTT, false},
        {CPLOT_BIN_METHOD_RULE, CPLOT_BIN_RULE_STURGES, true},
        {CPLOT_BIN_METHOD_COUNT, CPLOT_BIN_RULE_AUTO, false},
        {CPLOT_BIN_METHOD_EDGES, CPLOT_BIN_RULE_AUTO, false},
        {CPLOT_BIN_METHOD_WIDTH, CPLOT_BIN_RULE_AUTO, false},
        {CPLOT_BIN_METHOD_DISCRETE, CPLOT_BIN_RULE_AUTO, true},
    };
    static const double edges[] = {-20.0, -3.0, -1.0, -0.0, 0.0, 0.5, 1.0, 2.0, 2.0, 8.0};
    for (int finite_only = 0; finite_only <= 1; finite_only++) {
        double *values = bin_data(finite_only);
        cplot_value_range_t range_first = {0};
        for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
            cplot_bin_options_t options;
            cplot_bin_options_init(&options);
            options.method = cases[c].method;
            options.rule = cases[c].rule;
            options.count = 137;
            options.edges = edges;
            options.edge_count = sizeof edges / sizeof edges[0];
            options.width = 0.37;
            options.has_range = cases[c].has_range;
            options.range_min = -4.0;
            options.range_max = 6.5;
            cplot_bins_t first = {0}, recount_first = {0};
            for (size_t t = 0; t < THREAD_SETTINGS; t++) {
                assert_int_equal(cplot_threads_set(thread_counts[t]), CPLOT_STATUS_SUCCESS);
                cplot_value_range_t range;
                cplot_value_range_of(values, BIN_VALUES, &range);
                cplot_bins_t bins, recount;
                assert_int_equal(cplot_bins_compute(values, BIN_VALUES, &options, &bins),
                                 CPLOT_STATUS_SUCCESS);
                assert_int_equal(cplot_bins_recount(&bins, values + 1, BIN_VALUES - 1, &recount),
                                 CPLOT_STATUS_SUCCESS);
                if (t == 0) {
                    range_first = range;
                    first = bins;
                    recount_first = recount;
                    assert_true(bins.bin_count > 1);
                    continue;
                }
                assert_memory_equal(&range, &range_first, sizeof range);
                assert_same_bins(&bins, &first);
                assert_same_bins(&recount, &recount_first);
                cplot_bins_release(&bins);
                cplot_bins_release(&recount);
            }
            cplot_bins_release(&first);
            cplot_bins_release(&recount_first);
        }
        free(values);
    }
    assert_int_equal(cplot_threads_set(1), CPLOT_STATUS_SUCCESS);
}

/* fd and auto count most values from their quartiles' buckets, and only
 * those of the buckets holding an edge one by one: the counts must be
 * count_uniform's (cplot_bins_recount counts that way), for data whose
 * values fall on the edges, ties, outliers, small and large counts, at
 * every thread count. */
static void test_fd_counts_from_buckets(void **state)
{
    (void)state;
    enum { MOST = 300000 };
    static const size_t sizes[] = {MOST, 5000, 40};
    double *values = malloc(sizeof(double) * MOST);
    assert_non_null(values);
    for (int shape = 0; shape < 5; shape++) {
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
            size_t n = sizes[s];
            rng_state = 99 + (uint64_t)shape;
            for (size_t i = 0; i < n; i++) {
                double u = uniform();
                switch (shape) {
                case 0: /* bell-shaped, as measurements */
                    values[i] = (u + uniform() + uniform() + uniform()) * 25.0 - 3.0;
                    break;
                case 1: /* whole numbers: many values on the edges */
                    values[i] = floor(u * 40.0);
                    break;
                case 2: /* tenths of a short range: ties everywhere */
                    values[i] = floor(u * 1000.0) / 10.0;
                    break;
                case 3: /* far outliers: few, wide buckets hold most values */
                    values[i] = i % 997 == 0 ? (u - 0.5) * 1e9 : u;
                    break;
                default: /* every value on one of a few edges of 0..60 */
                    values[i] = (double)(6 * (int)(u * 11.0));
                }
            }
            for (int rule = 0; rule < 2; rule++) {
                cplot_bin_options_t options;
                cplot_bin_options_init(&options);
                options.rule = rule ? CPLOT_BIN_RULE_FD : CPLOT_BIN_RULE_AUTO;
                for (size_t t = 0; t < THREAD_SETTINGS; t++) {
                    assert_int_equal(cplot_threads_set(thread_counts[t]), CPLOT_STATUS_SUCCESS);
                    cplot_bins_t bins, recount;
                    cplot_status_t status = cplot_bins_compute(values, n, &options, &bins);
                    if (status == CPLOT_STATUS_LIMIT_EXCEEDED)
                        continue; /* fd with far outliers: too many bins */
                    assert_int_equal(status, CPLOT_STATUS_SUCCESS);
                    assert_int_equal(cplot_bins_recount(&bins, values, n, &recount),
                                     CPLOT_STATUS_SUCCESS);
                    assert_same_bins(&bins, &recount);
                    cplot_bins_release(&bins);
                    cplot_bins_release(&recount);
                }
            }
        }
    }
    assert_int_equal(cplot_threads_set(1), CPLOT_STATUS_SUCCESS);
    free(values);
}

/* The first of equal extremes is kept, as one pass keeps it: -0 before 0
 * stays -0 whichever chunk each falls in. */
static void test_value_range_signed_zero(void **state)
{
    (void)state;
    double *values = calloc(BIN_VALUES, sizeof *values);
    assert_non_null(values);
    values[0] = -0.0;
    values[BIN_VALUES - 1] = NAN;
    for (size_t t = 0; t < THREAD_SETTINGS; t++) {
        assert_int_equal(cplot_threads_set(thread_counts[t]), CPLOT_STATUS_SUCCESS);
        cplot_value_range_t range;
        cplot_value_range_of(values, BIN_VALUES, &range);
        assert_int_equal(range.finite, BIN_VALUES - 1);
        assert_true(signbit(range.minimum) && signbit(range.maximum));
    }
    assert_int_equal(cplot_threads_set(1), CPLOT_STATUS_SUCCESS);
    free(values);
}

/* No values at all (a facet panel recounting the shared bins' edges). */
static void test_bins_without_values(void **state)
{
    (void)state;
    static const double edges[] = {0.0, 1.0, 2.0};
    cplot_bin_options_t options;
    cplot_bin_options_init(&options);
    options.method = CPLOT_BIN_METHOD_EDGES;
    options.edges = edges;
    options.edge_count = 3;
    for (size_t t = 0; t < THREAD_SETTINGS; t++) {
        assert_int_equal(cplot_threads_set(thread_counts[t]), CPLOT_STATUS_SUCCESS);
        cplot_value_range_t range;
        cplot_value_range_of(NULL, 0, &range);
        assert_int_equal(range.finite, 0);
        cplot_bins_t bins, recount;
        assert_int_equal(cplot_bins_compute(NULL, 0, &options, &bins), CPLOT_STATUS_SUCCESS);
        assert_int_equal(cplot_bins_recount(&bins, NULL, 0, &recount), CPLOT_STATUS_SUCCESS);
        assert_true(recount.counts[0] == 0.0 && recount.counts[1] == 0.0);
        cplot_bins_release(&bins);
        cplot_bins_release(&recount);
    }
    assert_int_equal(cplot_threads_set(1), CPLOT_STATUS_SUCCESS);
}

/* ----------------------------------------------------------- Rendering */

static void test_correlogram_render_any_thread_count(void **state)
{
    (void)state;
    const double *columns[CORR_COLUMNS];
    double *data = correlation_data(columns);
    cplot_table_t *table = cplot_table_create();
    for (size_t c = 0; c < CORR_COLUMNS; c++) {
        char name[16];
        snprintf(name, sizeof name, "c%zu", c);
        assert_int_equal(cplot_table_add_numeric(table, name, columns[c], CORR_ROWS),
                         CPLOT_STATUS_SUCCESS);
    }
    static const char *const methods[] = {"pearson", "spearman", "kendall"};
    for (size_t m = 0; m < 3; m++) {
        cplot_chart_t *chart = cplot_chart_create(CPLOT_KIND_CORRELOGRAM);
        cplot_chart_set_data(chart, table);
        cplot_chart_set_string(chart, "method", methods[m]);
        assert_int_equal(cplot_chart_status(chart), CPLOT_STATUS_SUCCESS);
        assert_same_png_any_thread_count(chart, methods[m]);
        cplot_chart_destroy(chart);
    }
    cplot_table_destroy(table);
    free(data);
}

static void test_histogram_render_any_thread_count(void **state)
{
    (void)state;
    for (int finite_only = 0; finite_only <= 1; finite_only++) {
        double *values = bin_data(finite_only);
        cplot_table_t *table = cplot_table_create();
        assert_int_equal(cplot_table_add_numeric(table, "value", values, BIN_VALUES),
                         CPLOT_STATUS_SUCCESS);
        cplot_chart_t *chart = cplot_chart_create(CPLOT_KIND_HISTOGRAM);
        cplot_chart_set_data(chart, table);
        cplot_chart_set_string(chart, "x", "value");
        assert_int_equal(cplot_chart_status(chart), CPLOT_STATUS_SUCCESS);
        assert_same_png_any_thread_count(chart, finite_only ? "histogram" : "histogram with NaN and infinities");
        cplot_chart_destroy(chart);
        cplot_table_destroy(table);
        free(values);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_correlation_any_thread_count),
        cmocka_unit_test(test_bins_any_thread_count),
        cmocka_unit_test(test_fd_counts_from_buckets),
        cmocka_unit_test(test_value_range_signed_zero),
        cmocka_unit_test(test_bins_without_values),
        cmocka_unit_test(test_correlogram_render_any_thread_count),
        cmocka_unit_test(test_histogram_render_any_thread_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
