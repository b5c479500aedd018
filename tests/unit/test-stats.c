/* The numerics of stats-private.h on the REFERENCE.md vectors and on the
 * edge cases each function documents (empty, NaN, limits, errors). The
 * oracle test (tests/oracle/test_stats_oracle.py) compares the same code
 * with numpy/scipy/pandas on generated data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "assert-close.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats-private.h"

static const double reference_x[] = {1, 2, 2, 3, 3, 3, 4, 4, 5, 10};
#define REFERENCE_COUNT (sizeof reference_x / sizeof reference_x[0])

/* ----------------------------------------------------------------- Bins */

static size_t bins_for_rule(cplot_bin_rule_t rule)
{
    cplot_bin_options_t options;
    cplot_bin_options_init(&options);
    options.rule = rule;
    cplot_bins_t bins;
    assert_int_equal(cplot_bins_compute(reference_x, REFERENCE_COUNT, &options, &bins), CPLOT_STATUS_SUCCESS);
    size_t count = bins.bin_count;
    assert_int_equal(bins.edge_count, count + 1);
    assert_true(bins.uniform);
    assert_close(bins.edges[0], 1.0, 0.0);
    assert_close(bins.edges[count], 10.0, 0.0);
    double total = 0;
    for (size_t i = 0; i < count; i++)
        total += bins.counts[i];
    assert_close(total, 10.0, 0.0);
    cplot_bins_release(&bins);
    return count;
}

static void test_bin_rules_reference(void **state)
{
    (void)state;
    assert_int_equal(bins_for_rule(CPLOT_BIN_RULE_AUTO), 6);
    assert_int_equal(bins_for_rule(CPLOT_BIN_RULE_FD), 6);
    assert_int_equal(bins_for_rule(CPLOT_BIN_RULE_STURGES), 5);
    assert_int_equal(bins_for_rule(CPLOT_BIN_RULE_RICE), 5);
    assert_int_equal(bins_for_rule(CPLOT_BIN_RULE_SCOTT), 3);
    assert_int_equal(bins_for_rule(CPLOT_BIN_RULE_SQRT), 4);
    assert_int_equal(bins_for_rule(CPLOT_BIN_RULE_DOANE), 7);
    assert_int_equal(bins_for_rule(CPLOT_BIN_RULE_STONE), 100);
}

static void test_bins_equal_values_and_empty(void **state)
{
    (void)state;
    cplot_bin_options_t options;
    cplot_bin_options_init(&options);
    cplot_bins_t bins;
    const double fives[] = {5, 5, 5};
    assert_int_equal(cplot_bins_compute(fives, 3, &options, &bins), CPLOT_STATUS_SUCCESS);
    assert_int_equal(bins.bin_count, 1);
    assert_close(bins.edges[0], 4.5, 0.0);
    assert_close(bins.edges[1], 5.5, 0.0);
    assert_close(bins.counts[0], 3.0, 0.0);
    cplot_bins_release(&bins);

    /* No data: numpy's (0, 1) and one bin (rules), or `count` bins. */
    assert_int_equal(cplot_bins_compute(NULL, 0, &options, &bins), CPLOT_STATUS_SUCCESS);
    assert_int_equal(bins.bin_count, 1);
    assert_close(bins.edges[0], 0.0, 0.0);
    assert_close(bins.edges[1], 1.0, 0.0);
    cplot_bins_release(&bins);
    options.method = CPLOT_BIN_METHOD_COUNT;
    assert_int_equal(cplot_bins_compute(NULL, 0, &options, &bins), CPLOT_STATUS_SUCCESS);
    assert_int_equal(bins.bin_count, 10);
    assert_close(bins.edges[3], 0.30000000000000004, 0.0); /* linspace: 3 * 0.1 */
    assert_close(bins.edges[10], 1.0, 0.0);
    cplot_bins_release(&bins);

    /* Only non-finite values: skipped and counted. */
    const double missing[] = {NAN, INFINITY, -INFINITY};
    options.method = CPLOT_BIN_METHOD_RULE;
    assert_int_equal(cplot_bins_compute(missing, 3, &options, &bins), CPLOT_STATUS_SUCCESS);
    assert_int_equal(bins.nonfinite, 3);
    assert_int_equal(bins.outside, 0);
    assert_close(bins.counts[0], 0.0, 0.0);
    cplot_bins_release(&bins);
    cplot_bins_release(&bins); /* twice is harmless */
    cplot_bins_release(NULL);
}

static void test_bins_edges_and_range(void **state)
{
    (void)state;
    /* Values exactly on edges: [e_i, e_i+1), the last bin closed. */
    const double values[] = {0, 1, 2, 3, 4, 4, NAN, -1, 5};
    cplot_bin_options_t options;
    cplot_bin_options_init(&options);
    options.method = CPLOT_BIN_METHOD_COUNT;
    options.count = 4;
    options.has_range = true;
    options.range_min = 0;
    options.range_max = 4;
    cplot_bins_t bins;
    assert_int_equal(cplot_bins_compute(values, 9, &options, &bins), CPLOT_STATUS_SUCCESS);
    const double expected[] = {1, 1, 1, 3};
    for (size_t i = 0; i < 4; i++)
        assert_close(bins.counts[i], expected[i], 0.0);
    assert_int_equal(bins.nonfinite, 1);
    assert_int_equal(bins.outside, 2);

    /* The same groups counted into those edges (common_bins). */
    const double group[] = {0.5, 3.9, 4, 7};
    cplot_bins_t again;
    assert_int_equal(cplot_bins_recount(&bins, group, 4, &again), CPLOT_STATUS_SUCCESS);
    assert_close(again.counts[0], 1.0, 0.0);
    assert_close(again.counts[3], 2.0, 0.0);
    assert_int_equal(again.outside, 1);
    cplot_bins_release(&again);
    cplot_bins_release(&bins);

    /* Explicit edges with a repeated edge: the empty bin stays empty. */
    const double edges[] = {0, 2, 2, 4};
    options.method = CPLOT_BIN_METHOD_EDGES;
    options.edges = edges;
    options.edge_count = 4;
    options.has_range = false;
    assert_int_equal(cplot_bins_compute(values, 9, &options, &bins), CPLOT_STATUS_SUCCESS);
    assert_false(bins.uniform);
    assert_close(bins.counts[0], 2.0, 0.0);
    assert_close(bins.counts[1], 0.0, 0.0);
    assert_close(bins.counts[2], 4.0, 0.0);
    cplot_bins_release(&bins);
}

static void test_bins_width_and_discrete(void **state)
{
    (void)state;
    cplot_bin_options_t options;
    cplot_bin_options_init(&options);
    options.method = CPLOT_BIN_METHOD_WIDTH;
    options.width = 2.5;
    cplot_bins_t bins;
    /* np.arange(1, 12.5, 2.5) = 1, 3.5, ..., 11: four bins. */
    assert_int_equal(cplot_bins_compute(reference_x, REFERENCE_COUNT, &options, &bins), CPLOT_STATUS_SUCCESS);
    assert_int_equal(bins.bin_count, 4);
    assert_close(bins.edges[0], 1.0, 0.0);
    assert_close(bins.edges[4], 11.0, 0.0);
    cplot_bins_release(&bins);

    options.method = CPLOT_BIN_METHOD_DISCRETE;
    assert_int_equal(cplot_bins_compute(reference_x, REFERENCE_COUNT, &options, &bins), CPLOT_STATUS_SUCCESS);
    assert_int_equal(bins.bin_count, 10);
    assert_close(bins.edges[0], 0.5, 0.0);
    assert_close(bins.edges[10], 10.5, 0.0);
    assert_close(bins.counts[2], 3.0, 0.0); /* the threes */
    cplot_bins_release(&bins);
}

static void test_bins_errors_and_limits(void **state)
{
    (void)state;
    cplot_bin_options_t options;
    cplot_bin_options_init(&options);
    cplot_bins_t bins;
    assert_int_equal(cplot_bins_compute(reference_x, 3, NULL, &bins), CPLOT_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cplot_bins_compute(NULL, 3, &options, &bins), CPLOT_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cplot_bins_compute(reference_x, 3, &options, NULL), CPLOT_STATUS_INVALID_ARGUMENT);

    options.method = CPLOT_BIN_METHOD_COUNT;
    options.count = 0;
    assert_int_equal(cplot_bins_compute(reference_x, 3, &options, &bins), CPLOT_STATUS_INVALID_VALUE);
    assert_null(bins.edges);
    options.count = CPLOT_BINS_MAX + 1;
    assert_int_equal(cplot_bins_compute(reference_x, 3, &options, &bins), CPLOT_STATUS_LIMIT_EXCEEDED);
    options.count = CPLOT_BINS_MAX;
    assert_int_equal(cplot_bins_compute(reference_x, 3, &options, &bins), CPLOT_STATUS_SUCCESS);
    cplot_bins_release(&bins);

    options.has_range = true;
    options.range_min = 2;
    options.range_max = 1;
    assert_int_equal(cplot_bins_compute(reference_x, 3, &options, &bins), CPLOT_STATUS_INVALID_VALUE);
    options.range_max = INFINITY;
    assert_int_equal(cplot_bins_compute(reference_x, 3, &options, &bins), CPLOT_STATUS_INVALID_VALUE);
    options.has_range = false;

    /* Far outliers make 'fd' ask for more bins than the cap. */
    double outliers[200];
    for (size_t i = 0; i < 200; i++)
        outliers[i] = (double)(i % 10);
    outliers[0] = 1e9;
    options.method = CPLOT_BIN_METHOD_RULE;
    options.rule = CPLOT_BIN_RULE_FD;
    assert_int_equal(cplot_bins_compute(outliers, 200, &options, &bins), CPLOT_STATUS_LIMIT_EXCEEDED);
    /* 'auto', nobody's explicit choice, falls back to sturges there. */
    options.rule = CPLOT_BIN_RULE_AUTO;
    assert_int_equal(cplot_bins_compute(outliers, 200, &options, &bins), CPLOT_STATUS_SUCCESS);
    assert_int_equal(bins.bin_count, (size_t)ceil(log2(200.0) + 1.0));
    cplot_bins_release(&bins);

    /* Outer edges that stay equal after widening: numpy crashes. */
    const double huge[] = {1e20, 1e20};
    options.rule = CPLOT_BIN_RULE_AUTO;
    assert_int_equal(cplot_bins_compute(huge, 2, &options, &bins), CPLOT_STATUS_INVALID_VALUE);

    const double decreasing[] = {0, 2, 1};
    options.method = CPLOT_BIN_METHOD_EDGES;
    options.edges = decreasing;
    options.edge_count = 3;
    assert_int_equal(cplot_bins_compute(reference_x, 3, &options, &bins), CPLOT_STATUS_INVALID_VALUE);
    options.edge_count = 1;
    assert_int_equal(cplot_bins_compute(reference_x, 3, &options, &bins), CPLOT_STATUS_INVALID_VALUE);

    options.method = CPLOT_BIN_METHOD_WIDTH;
    options.width = 0;
    assert_int_equal(cplot_bins_compute(reference_x, 3, &options, &bins), CPLOT_STATUS_INVALID_VALUE);
    options.width = 1e-6; /* 9e6 bins */
    assert_int_equal(cplot_bins_compute(reference_x, REFERENCE_COUNT, &options, &bins),
                     CPLOT_STATUS_LIMIT_EXCEEDED);
    options.method = (cplot_bin_method_t)99;
    assert_int_equal(cplot_bins_compute(reference_x, 3, &options, &bins), CPLOT_STATUS_INVALID_ARGUMENT);
}

static void test_histogram_heights(void **state)
{
    (void)state;
    const double counts[] = {2, 6, 2};
    const double edges[] = {0, 1, 3, 4};
    double heights[3];
    assert_int_equal(cplot_histogram_heights(counts, edges, 3, CPLOT_HISTOGRAM_STAT_DENSITY, false, 0, 1, heights),
                     CPLOT_STATUS_SUCCESS);
    assert_close(heights[0], 0.2, 1e-15);
    assert_close(heights[1], 0.3, 1e-15);
    assert_close(heights[0] * 1 + heights[1] * 2 + heights[2] * 1, 1.0, 1e-15);
    assert_int_equal(cplot_histogram_heights(counts, edges, 3, CPLOT_HISTOGRAM_STAT_DENSITY, true, 0, 1, heights),
                     CPLOT_STATUS_SUCCESS);
    assert_close(heights[2], 1.0, 1e-15);
    assert_int_equal(cplot_histogram_heights(counts, edges, 3, CPLOT_HISTOGRAM_STAT_PERCENT, true, 0, 0.5, heights),
                     CPLOT_STATUS_SUCCESS);
    assert_close(heights[2], 50.0, 1e-13);
    assert_int_equal(cplot_histogram_heights(counts, edges, 3, CPLOT_HISTOGRAM_STAT_FREQUENCY, false, 0, 1, heights),
                     CPLOT_STATUS_SUCCESS);
    assert_close(heights[1], 3.0, 0.0);
    /* Counts are never scaled by the group fraction (seaborn). */
    assert_int_equal(cplot_histogram_heights(counts, edges, 3, CPLOT_HISTOGRAM_STAT_COUNT, true, 0, 0.5, heights),
                     CPLOT_STATUS_SUCCESS);
    assert_close(heights[2], 10.0, 0.0);
    /* An explicit total (e.g. including values outside the bins). */
    assert_int_equal(cplot_histogram_heights(counts, edges, 3, CPLOT_HISTOGRAM_STAT_PROBABILITY, false, 20, 1,
                                             heights),
                     CPLOT_STATUS_SUCCESS);
    assert_close(heights[1], 0.3, 1e-16);
    /* Nothing in the bins: zero heights, not 0/0. */
    const double none[] = {0, 0, 0};
    assert_int_equal(cplot_histogram_heights(none, edges, 3, CPLOT_HISTOGRAM_STAT_DENSITY, false, 0, 1, heights),
                     CPLOT_STATUS_SUCCESS);
    assert_close(heights[1], 0.0, 0.0);
    assert_int_equal(cplot_histogram_heights(counts, edges, 3, CPLOT_HISTOGRAM_STAT_COUNT, false, -1, 1, heights),
                     CPLOT_STATUS_INVALID_VALUE);
    assert_int_equal(cplot_histogram_heights(counts, edges, 3, (cplot_histogram_stat_t)9, false, 0, 1, heights),
                     CPLOT_STATUS_INVALID_ARGUMENT);
}

/* Finite values more than DBL_MAX apart: widths, edges and counts in
 * halves (numpy overflows to inf and fails). */
static void test_bins_span_beyond_double(void **state)
{
    (void)state;
    const double extremes[] = {1e308, -1e308, -0.0, 5e-324};
    cplot_bin_options_t options;
    cplot_bin_options_init(&options);
    cplot_bins_t bins;
    assert_int_equal(cplot_bins_compute(extremes, 4, &options, &bins), CPLOT_STATUS_SUCCESS);
    const double edges[] = {-1e308, -5e307, 0, 5e307, 1e308};
    const double counts[] = {1, 0, 2, 1};
    assert_int_equal(bins.bin_count, 4);
    for (size_t i = 0; i < 5; i++)
        assert_close(bins.edges[i], edges[i], 0.0);
    for (size_t i = 0; i < 4; i++)
        assert_close(bins.counts[i], counts[i], 0.0);
    cplot_bins_release(&bins);
    options.method = CPLOT_BIN_METHOD_COUNT;
    options.count = 3;
    assert_int_equal(cplot_bins_compute(extremes, 4, &options, &bins), CPLOT_STATUS_SUCCESS);
    assert_close(bins.counts[0] + bins.counts[1] + bins.counts[2], 4.0, 0.0);
    cplot_bins_release(&bins);
}

/* fd's quartiles come from bucketed selection: equal to a sort's. */
static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void test_bins_fd_quartiles_exact(void **state)
{
    (void)state;
    enum { N = 5003 };
    double *values = malloc(N * sizeof *values), *sorted = malloc(N * sizeof *sorted);
    assert_non_null(values);
    assert_non_null(sorted);
    uint64_t seed = 7;
    for (int shape = 0; shape < 3; shape++) {
        for (size_t i = 0; i < N; i++) {
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            double u = (double)(seed >> 11) / 9007199254740992.0;
            values[i] = shape == 0 ? u : shape == 1 ? floor(u * 4) : (u < 0.01 ? 1e6 : u) * (i % 2 ? 1 : -1);
        }
        memcpy(sorted, values, N * sizeof *values);
        qsort(sorted, N, sizeof *sorted, compare_doubles);
        /* numpy: 2 * (q75 - q25) * n^(-1/3), q at (n - 1) q exactly here. */
        double q75 = sorted[(N - 1) / 4 * 3], q25 = sorted[(N - 1) / 4];
        double width = 2.0 * (q75 - q25) * pow((double)N, -1.0 / 3.0);
        cplot_bin_options_t options;
        cplot_bin_options_init(&options);
        options.rule = CPLOT_BIN_RULE_FD;
        cplot_bins_t bins;
        cplot_status_t status = cplot_bins_compute(values, N, &options, &bins);
        double span = sorted[N - 1] - sorted[0];
        if (width == 0.0 || ceil(span / width) > CPLOT_BINS_MAX) {
            assert_true(status == CPLOT_STATUS_SUCCESS || status == CPLOT_STATUS_LIMIT_EXCEEDED);
        } else {
            assert_int_equal(status, CPLOT_STATUS_SUCCESS);
            assert_int_equal(bins.bin_count, (size_t)ceil(span / width));
        }
        cplot_bins_release(&bins);
    }
    free(values);
    free(sorted);
}

/* The value range, two values at a time, against the plain loop in order:
 * the same count and extremes bit for bit, 0 and -0 included (the first
 * met of equal extremes), with NaN and infinities skipped, at every
 * length and offset from 0 to 9 (odd tails, a pair split by the end). */
static void reference_range(const double *values, size_t count, cplot_value_range_t *range)
{
    *range = (cplot_value_range_t){0, INFINITY, -INFINITY};
    for (size_t i = 0; i < count; i++) {
        if (!isfinite(values[i]))
            continue;
        range->finite++;
        if (values[i] < range->minimum)
            range->minimum = values[i];
        if (values[i] > range->maximum)
            range->maximum = values[i];
    }
}

static void test_value_range_scan(void **state)
{
    (void)state;
    static const double pool[] = {0.0, -0.0, 1.5, -2.25, NAN, INFINITY, -INFINITY, 0.0, -0.0, 3.0};
    enum { LENGTH = 9 };
    uint64_t seed = 11;
    double values[LENGTH + 1];
    for (int trial = 0; trial < 200000; trial++) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        size_t count = (size_t)(seed >> 60) % (LENGTH + 1);
        /* Mostly zeros of both signs and non-finite values, so that equal
         * zero extremes turn up in both lanes and in the tail. */
        for (size_t i = 0; i < count; i++) {
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            values[i] = pool[(seed >> 33) % (sizeof pool / sizeof pool[0])];
        }
        cplot_value_range_t got, want;
        cplot_value_range_scan(values, count, &got);
        reference_range(values, count, &want);
        if (got.finite != want.finite || memcmp(&got.minimum, &want.minimum, sizeof(double)) != 0 ||
            memcmp(&got.maximum, &want.maximum, sizeof(double)) != 0)
            fail_msg("trial %d (%zu values): got %zu [%g, %g], want %zu [%g, %g]", trial, count,
                     got.finite, got.minimum, got.maximum, want.finite, want.minimum, want.maximum);
    }
}

/* ------------------------------------------------------------------ KDE */

/* The truncated kernel on an even grid against the plain sum of every
 * term, in long double: within 1e-13 relative, except far out in the
 * tails (below 1e-10 of the peak, dozens of bandwidths from any datum),
 * where the grid points' own rounding, amplified by the distance, allows
 * 1e-10 (scipy's x/bw - p/bw rounds there as much). */
static void test_kde_truncated_matches_full_sum(void **state)
{
    (void)state;
    enum { N = 3000, G = 300 };
    double *values = malloc(N * sizeof *values);
    assert_non_null(values);
    uint64_t seed = 11;
    for (size_t i = 0; i < N; i++) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        double u = (double)(seed >> 11) / 9007199254740992.0;
        /* two clusters far apart (a gap the grid crosses), one datum NaN */
        values[i] = i == 5 ? NAN : (i % 3 ? 10.0 * u : 500.0 + u * u);
    }
    const double cuts[] = {0.0, 3.0, 40.0}, adjusts[] = {0.05, 1.0, 20.0};
    for (size_t c = 0; c < 3; c++) {
        cplot_kde_options_t options;
        cplot_kde_options_init(&options);
        options.cut = cuts[c];
        options.adjust = adjusts[c];
        options.gridsize = G;
        cplot_kde_t kde;
        assert_int_equal(cplot_kde_compute(values, N, &options, &kde), CPLOT_STATUS_SUCCESS);
        long double norm = 1.0L / (sqrtl(2.0L * 3.14159265358979323846264338327950288L) * kde.bandwidth);
        double peak = 0;
        for (size_t j = 0; j < G; j++)
            peak = fmax(peak, kde.density[j]);
        for (size_t j = 0; j < G; j++) {
            long double sum = 0;
            for (size_t i = 0; i < N; i++) {
                if (isnan(values[i]))
                    continue;
                long double d = ((long double)values[i] - kde.grid[j]) / kde.bandwidth;
                sum += expl(-d * d / 2) * norm;
            }
            double exact = (double)(sum / (N - 1));
            double tolerance = exact > 1e-10 * peak ? 1e-13 : 1e-10;
            assert_close(kde.density[j], exact, tolerance * exact + 1e-300);
        }
        cplot_kde_release(&kde);
    }
    free(values);
}

/* A datum far outside a clipped grid (its window indices would overflow)
 * and the grid inside the data. */
static void test_kde_truncated_far_datum(void **state)
{
    (void)state;
    const double values[] = {1, 2, 3, 1e150, 2.5};
    cplot_kde_options_t options;
    cplot_kde_options_init(&options);
    options.bandwidth = CPLOT_KDE_BANDWIDTH_SCALAR;
    options.factor = 1e-150;
    options.clip_min = 0;
    options.clip_max = 4;
    options.gridsize = 50;
    cplot_kde_t kde;
    assert_int_equal(cplot_kde_compute(values, 5, &options, &kde), CPLOT_STATUS_SUCCESS);
    assert_close(kde.grid[0], 0.0, 0.0);
    assert_close(kde.grid[49], 4.0, 0.0);
    for (size_t j = 0; j < kde.count; j++) {
        long double sum = 0;
        for (size_t i = 0; i < 5; i++) {
            long double d = ((long double)values[i] - kde.grid[j]) / kde.bandwidth;
            sum += expl(-d * d / 2) / (sqrtl(2.0L * 3.14159265358979323846264338327950288L) * kde.bandwidth);
        }
        double exact = (double)(sum / 5);
        assert_close(kde.density[j], exact, 1e-13 * exact + 1e-300);
    }
    cplot_kde_release(&kde);
}

static void test_kde_work_limit_and_diagnosis(void **state)
{
    (void)state;
    cplot_kde_options_t options;
    cplot_kde_options_init(&options);
    cplot_kde_t kde;
    options.max_work = 100; /* 10 values on 200 points want 2000 terms at most */
    assert_int_equal(cplot_kde_compute(reference_x, REFERENCE_COUNT, &options, &kde), CPLOT_STATUS_LIMIT_EXCEEDED);
    assert_null(kde.grid);
    options.max_work = 2000;
    assert_int_equal(cplot_kde_compute(reference_x, REFERENCE_COUNT, &options, &kde), CPLOT_STATUS_SUCCESS);
    double work = cplot_kde_work(reference_x, REFERENCE_COUNT, kde.bandwidth, kde.grid, kde.count, false);
    assert_true(work > 0 && work <= 2000);
    assert_close(cplot_kde_work(reference_x, REFERENCE_COUNT, kde.bandwidth, kde.grid, kde.count, true),
                 2000 * CPLOT_KDE_CDF_WORK, 0.0);
    cplot_kde_release(&kde);

    cplot_kde_options_init(&options);
    const double spread[] = {1e308, -1e308, 1, NAN}, equal[] = {2, 2, 2}, one[] = {1, INFINITY};
    assert_int_equal(cplot_kde_diagnose(spread, 4, &options), CPLOT_KDE_TOO_SPREAD);
    assert_int_equal(cplot_kde_diagnose(equal, 3, &options), CPLOT_KDE_NO_SPREAD);
    assert_int_equal(cplot_kde_diagnose(one, 2, &options), CPLOT_KDE_TOO_FEW);
    assert_int_equal(cplot_kde_diagnose(reference_x, REFERENCE_COUNT, &options), CPLOT_KDE_FINE);
    /* Finite variance, but the grid's ends (3 bandwidths out) overflow. */
    const double near_max[] = {1.5e308, 1.7e308};
    assert_int_equal(cplot_kde_compute(near_max, 2, &options, &kde), CPLOT_STATUS_INVALID_VALUE);
    assert_int_equal(cplot_kde_diagnose(near_max, 2, &options), CPLOT_KDE_TOO_SPREAD);
    options.adjust = -1;
    assert_int_equal(cplot_kde_diagnose(reference_x, REFERENCE_COUNT, &options), CPLOT_KDE_BAD_OPTIONS);
}

static void test_kde_reference(void **state)
{
    (void)state;
    cplot_kde_options_t options;
    cplot_kde_options_init(&options);
    double factor, bandwidth;
    assert_int_equal(cplot_kde_fit(reference_x, REFERENCE_COUNT, &options, &factor, &bandwidth),
                     CPLOT_STATUS_SUCCESS);
    assert_close(factor, 0.630957, 5e-7);
    assert_close(bandwidth, 1.575289, 5e-7);
    const double point = 3.0;
    double density;
    assert_int_equal(cplot_kde_evaluate(reference_x, REFERENCE_COUNT, bandwidth, &point, 1, false, &density),
                     CPLOT_STATUS_SUCCESS);
    assert_close(density, 0.181414, 5e-7);

    cplot_kde_t kde;
    assert_int_equal(cplot_kde_compute(reference_x, REFERENCE_COUNT, &options, &kde), CPLOT_STATUS_SUCCESS);
    assert_int_equal(kde.count, 200);
    assert_int_equal(kde.used, 10);
    assert_close(kde.grid[0], 1.0 - 3 * bandwidth, 1e-12);
    assert_close(kde.grid[199], 10.0 + 3 * bandwidth, 1e-12);
    double area = 0;
    for (size_t i = 1; i < kde.count; i++)
        area += (kde.grid[i] - kde.grid[i - 1]) * (kde.density[i] + kde.density[i - 1]) / 2;
    assert_close(area, 1.0, 0.01);
    cplot_kde_release(&kde);

    /* Silverman and bw_adjust multiply into the factor. */
    options.bandwidth = CPLOT_KDE_BANDWIDTH_SILVERMAN;
    options.adjust = 2.0;
    assert_int_equal(cplot_kde_fit(reference_x, REFERENCE_COUNT, &options, &factor, NULL), CPLOT_STATUS_SUCCESS);
    assert_close(factor, 2.0 * pow(7.5, -0.2), 1e-15);

    /* Cumulative: rises to nearly 1 at the end of the grid. */
    cplot_kde_options_init(&options);
    options.cumulative = true;
    assert_int_equal(cplot_kde_compute(reference_x, REFERENCE_COUNT, &options, &kde), CPLOT_STATUS_SUCCESS);
    assert_close(kde.density[0], 0.0, 0.0);
    assert_close(kde.density[199], 1.0, 0.01);
    cplot_kde_release(&kde);
}

static void test_kde_failures(void **state)
{
    (void)state;
    cplot_kde_options_t options;
    cplot_kde_options_init(&options);
    cplot_kde_t kde;
    const double one[] = {1.0, NAN};
    const double constant[] = {2.0, 2.0, 2.0};
    assert_int_equal(cplot_kde_compute(one, 2, &options, &kde), CPLOT_STATUS_INVALID_VALUE);
    assert_null(kde.grid);
    assert_int_equal(cplot_kde_compute(constant, 3, &options, &kde), CPLOT_STATUS_INVALID_VALUE);
    assert_int_equal(cplot_kde_compute(NULL, 0, &options, &kde), CPLOT_STATUS_INVALID_VALUE);
    assert_int_equal(cplot_kde_compute(reference_x, 3, NULL, &kde), CPLOT_STATUS_INVALID_ARGUMENT);
    options.gridsize = 0;
    assert_int_equal(cplot_kde_compute(reference_x, 3, &options, &kde), CPLOT_STATUS_INVALID_VALUE);
    cplot_kde_options_init(&options);
    options.adjust = -1;
    assert_int_equal(cplot_kde_compute(reference_x, 3, &options, &kde), CPLOT_STATUS_INVALID_VALUE);
    cplot_kde_options_init(&options);
    options.clip_min = 5;
    options.clip_max = 4;
    assert_int_equal(cplot_kde_compute(reference_x, 3, &options, &kde), CPLOT_STATUS_INVALID_VALUE);
    double density;
    const double point = 0;
    assert_int_equal(cplot_kde_evaluate(reference_x, 3, 0.0, &point, 1, false, &density), CPLOT_STATUS_INVALID_VALUE);
}

/* ---------------------------------------------------------- Correlation */

static void test_correlation_reference(void **state)
{
    (void)state;
    const double a[] = {1, 2, 3, 4, 5, NAN, 7};
    const double b[] = {2, 1, 4, 3, 7, 8, NAN};
    const double c[] = {1, 1, 2, 2, 3, 3, 3};
    const double *columns[] = {a, b, c};
    const struct {
        cplot_correlation_method_t method;
        double ab, ac, bc;
    } cases[] = {{CPLOT_CORRELATION_PEARSON, 0.824163, 0.931589, 0.962828},
                 {CPLOT_CORRELATION_SPEARMAN, 0.8, 0.956183, 0.956183},
                 {CPLOT_CORRELATION_KENDALL, 0.6, 0.894427, 0.894427}};
    for (size_t i = 0; i < 3; i++) {
        cplot_correlation_t matrix;
        assert_int_equal(cplot_correlation_matrix(columns, 3, 7, cases[i].method, 1, &matrix),
                         CPLOT_STATUS_SUCCESS);
        assert_int_equal(matrix.size, 3);
        assert_close(matrix.values[1], cases[i].ab, 5e-7);
        assert_close(matrix.values[2], cases[i].ac, 5e-7);
        assert_close(matrix.values[5], cases[i].bc, 5e-7);
        assert_close(matrix.values[7], cases[i].bc, 5e-7);
        assert_close(matrix.values[0], 1.0, 0.0);
        cplot_correlation_release(&matrix);
        double r;
        assert_int_equal(cplot_correlation_pair(a, b, 7, cases[i].method, 1, &r), CPLOT_STATUS_SUCCESS);
        assert_close(r, cases[i].ab, 5e-7);
    }
}

static void test_correlation_constant_and_min_periods(void **state)
{
    (void)state;
    const double x[] = {1, 2, 3, 4, 5};
    const double constant[] = {3, 3, 3, 3, NAN};
    const double *columns[] = {x, constant};
    cplot_correlation_t matrix;
    /* pandas: a constant column is NaN everywhere for pearson/spearman, but
     * its kendall diagonal is 1. */
    assert_int_equal(cplot_correlation_matrix(columns, 2, 5, CPLOT_CORRELATION_PEARSON, 1, &matrix),
                     CPLOT_STATUS_SUCCESS);
    assert_true(isnan(matrix.values[1]));
    assert_true(isnan(matrix.values[3]));
    assert_close(matrix.values[0], 1.0, 0.0);
    cplot_correlation_release(&matrix);
    assert_int_equal(cplot_correlation_matrix(columns, 2, 5, CPLOT_CORRELATION_SPEARMAN, 1, &matrix),
                     CPLOT_STATUS_SUCCESS);
    assert_true(isnan(matrix.values[3]));
    cplot_correlation_release(&matrix);
    assert_int_equal(cplot_correlation_matrix(columns, 2, 5, CPLOT_CORRELATION_KENDALL, 1, &matrix),
                     CPLOT_STATUS_SUCCESS);
    assert_close(matrix.values[3], 1.0, 0.0);
    assert_true(isnan(matrix.values[1]));
    cplot_correlation_release(&matrix);
    /* min_periods above the complete rows (4) gives NaN, diagonal too. */
    assert_int_equal(cplot_correlation_matrix(columns, 2, 5, CPLOT_CORRELATION_KENDALL, 5, &matrix),
                     CPLOT_STATUS_SUCCESS);
    assert_close(matrix.values[0], 1.0, 0.0);
    assert_true(isnan(matrix.values[3]));
    assert_true(isnan(matrix.values[1]));
    cplot_correlation_release(&matrix);
    /* Empty and invalid. */
    assert_int_equal(cplot_correlation_matrix(NULL, 0, 0, CPLOT_CORRELATION_PEARSON, 1, &matrix),
                     CPLOT_STATUS_SUCCESS);
    assert_int_equal(matrix.size, 0);
    cplot_correlation_release(&matrix);
    assert_int_equal(cplot_correlation_matrix(columns, 2, 5, (cplot_correlation_method_t)7, 1, &matrix),
                     CPLOT_STATUS_INVALID_ARGUMENT);
    const double *holes[] = {x, NULL};
    assert_int_equal(cplot_correlation_matrix(holes, 2, 5, CPLOT_CORRELATION_PEARSON, 1, &matrix),
                     CPLOT_STATUS_INVALID_ARGUMENT);
}

/* ------------------------------------------------------------- Summary */

static void test_quantiles_and_summary(void **state)
{
    (void)state;
    const double values[] = {4, NAN, 1, 3, 2, INFINITY};
    const double probabilities[] = {0.25, 0.5, 0.9, 0, 1};
    double results[5];
    assert_int_equal(cplot_quantiles(values, 6, probabilities, 5, results), CPLOT_STATUS_SUCCESS);
    assert_close(results[0], 1.75, 0.0);
    assert_close(results[1], 2.5, 0.0);
    assert_close(results[2], 3.7, 1e-15);
    assert_close(results[3], 1.0, 0.0);
    assert_close(results[4], 4.0, 0.0);
    double median;
    assert_int_equal(cplot_median(values, 6, &median), CPLOT_STATUS_SUCCESS);
    assert_close(median, 2.5, 0.0);
    const double bad[] = {1.5};
    assert_int_equal(cplot_quantiles(values, 6, bad, 1, results), CPLOT_STATUS_INVALID_VALUE);
    assert_int_equal(cplot_median(NULL, 0, &median), CPLOT_STATUS_SUCCESS);
    assert_true(isnan(median));
    assert_true(isnan(cplot_quantile_sorted(NULL, 0, 0.5)));

    cplot_summary_t summary;
    assert_int_equal(cplot_summary_compute(values, 6, 0.95, &summary), CPLOT_STATUS_SUCCESS);
    assert_int_equal(summary.count, 4);
    assert_int_equal(summary.nonfinite, 2);
    assert_close(summary.mean, 2.5, 0.0);
    assert_close(summary.sd, sqrt(5.0 / 3.0), 1e-15);
    assert_close(summary.se, sqrt(5.0 / 3.0) / 2.0, 1e-15);
    assert_close(summary.ci_high - summary.mean, 3.1824463052837086 * summary.se, 1e-14);
    assert_int_equal(cplot_summary_compute(values, 1, 0.95, &summary), CPLOT_STATUS_SUCCESS);
    assert_close(summary.mean, 4.0, 0.0);
    assert_true(isnan(summary.sd));
    assert_true(isnan(summary.ci_low));
    assert_int_equal(cplot_summary_compute(values, 6, 1.0, &summary), CPLOT_STATUS_INVALID_VALUE);
}

static void test_t_and_normal_quantiles(void **state)
{
    (void)state;
    /* 40-digit values (mpmath); scipy 1.10's t.ppf is off by up to ~2e-9. */
    assert_close(cplot_t_quantile(0.975, 1), 12.706204736174694, 1e-13 * 12.7);
    assert_close(cplot_t_quantile(0.975, 2), 4.302652729749462, 1e-13 * 4.3);
    assert_close(cplot_t_quantile(0.975, 3), 3.1824463052837086, 1e-13 * 3.2);
    assert_close(cplot_t_quantile(0.975, 10), 2.2281388519862744, 1e-13 * 2.2);
    assert_close(cplot_t_quantile(0.975, 30), 2.0422724563012378, 1e-13 * 2.0);
    assert_close(cplot_t_quantile(0.025, 30), -2.0422724563012378, 1e-13 * 2.0);
    assert_close(cplot_t_quantile(0.975, INFINITY), 1.9599639845400538, 1e-15);
    assert_close(cplot_normal_quantile(0.975), 1.9599639845400538, 1e-15);
    assert_close(cplot_normal_quantile(0.5), 0.0, 0.0);
    assert_true(isinf(cplot_t_quantile(1.0, 5)) && cplot_t_quantile(1.0, 5) > 0);
    assert_true(isinf(cplot_t_quantile(0.0, 5)) && cplot_t_quantile(0.0, 5) < 0);
    assert_true(isnan(cplot_t_quantile(0.5, 0)));
    assert_true(isnan(cplot_t_quantile(NAN, 3)));
    assert_true(isnan(cplot_normal_quantile(1.5)));
}

static void test_numpy_sum_and_linspace(void **state)
{
    (void)state;
    /* numpy's eight running sums pair the ones up before they meet 2^53,
     * where a left-to-right loop would round every one of them away. */
    double values[16];
    for (size_t i = 0; i < 16; i++)
        values[i] = i == 0 ? 9007199254740992.0 : 1.0;
    assert_close(cplot_numpy_sum(values, 16), 9007199254740992.0 + 14.0, 0.0);
    assert_close(cplot_numpy_sum(NULL, 0), 0.0, 0.0);
    double grid[5];
    cplot_numpy_linspace(0.0, 1.0, 5, grid);
    assert_close(grid[1], 0.25, 0.0);
    assert_close(grid[4], 1.0, 0.0);
    cplot_numpy_linspace(2.0, 3.0, 1, grid);
    assert_close(grid[0], 2.0, 0.0);
}

/* ---------------------------------------------------------- Regression */

static void test_regression(void **state)
{
    (void)state;
    const double x[] = {0, 1, 2, 3, NAN};
    const double y[] = {1, 3.5, 4.5, 7, 100};
    cplot_regression_t fit;
    assert_int_equal(cplot_regression_fit(x, y, 5, 0.95, &fit), CPLOT_STATUS_SUCCESS);
    assert_int_equal(fit.count, 4);
    assert_int_equal(fit.skipped, 1);
    assert_close(fit.slope, 1.9, 1e-15);
    assert_close(fit.intercept, 1.15, 1e-15);
    assert_close(fit.residual_sd, sqrt(0.45 / 2.0), 1e-15);
    double fitted, half_width;
    cplot_regression_predict(&fit, 1.5, &fitted, &half_width);
    assert_close(fitted, 4.0, 1e-15);
    assert_close(half_width, 4.302652729749462 * sqrt(0.225) * 0.5, 1e-13);

    cplot_regression_band_t band;
    assert_int_equal(cplot_regression_band(&fit, 0.0, 3.0, 100, &band), CPLOT_STATUS_SUCCESS);
    assert_int_equal(band.count, 100);
    assert_close(band.x[99], 3.0, 0.0);
    assert_true(band.lower[0] < band.fitted[0] && band.fitted[0] < band.upper[0]);
    /* Narrowest at the mean of x. */
    assert_true(band.upper[0] - band.lower[0] > band.upper[50] - band.lower[50]);
    cplot_regression_band_release(&band);
    cplot_regression_band_release(&band);
    assert_int_equal(cplot_regression_band(&fit, 0.0, 3.0, 0, &band), CPLOT_STATUS_INVALID_VALUE);

    const double flat[] = {2, 2, 2, 2};
    assert_int_equal(cplot_regression_fit(flat, y, 4, 0.95, &fit), CPLOT_STATUS_INVALID_VALUE);
    assert_int_equal(cplot_regression_fit(x, y, 2, 0.95, &fit), CPLOT_STATUS_INVALID_VALUE);
    assert_int_equal(cplot_regression_fit(NULL, y, 2, 0.95, &fit), CPLOT_STATUS_INVALID_ARGUMENT);
}

/* -------------------------------------------------------------- Orders */

/* The KDE's exp() is glibc's core without its errno wrapper: it must give
 * exp()'s very bits everywhere, or estimates would move. The arguments
 * cover the kernel's range (r^2/2 from 0 to past underflow), the
 * specials, and a sweep of random doubles. */
static void test_kde_exp_is_exp(void **state)
{
    (void)state;
    static const double specials[] = {0.0, -0.0, -1e-300, -0x1p-1074, -0.5, -1.0, -708.0, -708.4,
                                      -709.0, -744.0, -745.1, -745.2, -746.0, -1e300, -INFINITY,
                                      1.0, 700.0, 709.7, 710.0, INFINITY};
    for (size_t i = 0; i < sizeof specials / sizeof specials[0]; i++) {
        double want = exp(specials[i]), got = cplot_kde_exp(specials[i]);
        if (memcmp(&want, &got, sizeof want) != 0)
            fail_msg("exp(%a): %a, kernel's %a", specials[i], want, got);
    }
    uint64_t seed = 0x9e3779b97f4a7c15u;
    for (int i = 0; i < 1000000; i++) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        double x = -760.0 * (double)(seed >> 11) * 0x1p-53; /* [-760, 0] */
        if (i % 4 == 0)
            x *= 1e-6; /* near 0, where the result is near 1 */
        double want = exp(x), got = cplot_kde_exp(x);
        if (memcmp(&want, &got, sizeof want) != 0)
            fail_msg("exp(%a): %a, kernel's %a", x, want, got);
    }
    double nan_result = cplot_kde_exp(NAN);
    assert_true(isnan(nan_result));
}

static void test_orders(void **state)
{
    (void)state;
    /* Two blocks: {0, 2} (r 0.9) and {1, 3} (r 0.8). R: hclust merges
     * (1,3) then (2,4), order 1 3 2 4. */
    const double matrix[16] = {1, 0.1, 0.9, 0.1, 0.1, 1, 0.1, 0.8, 0.9, 0.1, 1, 0.1, 0.1, 0.8, 0.1, 1};
    size_t order[4];
    assert_int_equal(cplot_correlation_order(matrix, 4, NULL, CPLOT_CORRELATION_ORDER_HCLUST, order),
                     CPLOT_STATUS_SUCCESS);
    const size_t expected[] = {0, 2, 1, 3};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(order[i], expected[i]);
    assert_int_equal(cplot_correlation_order(matrix, 4, NULL, CPLOT_CORRELATION_ORDER_ORIGINAL, order),
                     CPLOT_STATUS_SUCCESS);
    assert_int_equal(order[3], 3);

    /* 2 x 2 as LAPACK's dlaev2 gives R: e1 = (sign r, 1) / sqrt 2. */
    const double negative[4] = {1, -0.5, -0.5, 1};
    assert_int_equal(cplot_correlation_order(negative, 2, NULL, CPLOT_CORRELATION_ORDER_FPC, order),
                     CPLOT_STATUS_SUCCESS);
    assert_int_equal(order[0], 0);
    assert_int_equal(order[1], 1);

    const char *names[] = {"mpg", "Cyl", "cyl", "_x"};
    assert_int_equal(cplot_correlation_order(NULL, 4, names, CPLOT_CORRELATION_ORDER_ALPHABET, order),
                     CPLOT_STATUS_SUCCESS);
    const size_t alphabetical[] = {3, 2, 1, 0};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(order[i], alphabetical[i]);

    const double broken[4] = {1, NAN, NAN, 1};
    assert_int_equal(cplot_correlation_order(broken, 2, NULL, CPLOT_CORRELATION_ORDER_AOE, order),
                     CPLOT_STATUS_INVALID_VALUE);
    assert_int_equal(cplot_correlation_order(matrix, 4, NULL, CPLOT_CORRELATION_ORDER_ALPHABET, order),
                     CPLOT_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cplot_correlation_order(matrix, 1, NULL, CPLOT_CORRELATION_ORDER_AOE, order),
                     CPLOT_STATUS_SUCCESS);
    assert_int_equal(order[0], 0);
    assert_int_equal(cplot_correlation_order(matrix, 4, NULL, (cplot_correlation_order_t)12, order),
                     CPLOT_STATUS_INVALID_ARGUMENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bin_rules_reference),
        cmocka_unit_test(test_bins_equal_values_and_empty),
        cmocka_unit_test(test_bins_edges_and_range),
        cmocka_unit_test(test_bins_width_and_discrete),
        cmocka_unit_test(test_bins_errors_and_limits),
        cmocka_unit_test(test_histogram_heights),
        cmocka_unit_test(test_kde_reference),
        cmocka_unit_test(test_kde_failures),
        cmocka_unit_test(test_bins_span_beyond_double),
        cmocka_unit_test(test_bins_fd_quartiles_exact),
        cmocka_unit_test(test_value_range_scan),
        cmocka_unit_test(test_kde_truncated_matches_full_sum),
        cmocka_unit_test(test_kde_truncated_far_datum),
        cmocka_unit_test(test_kde_work_limit_and_diagnosis),
        cmocka_unit_test(test_correlation_reference),
        cmocka_unit_test(test_correlation_constant_and_min_periods),
        cmocka_unit_test(test_quantiles_and_summary),
        cmocka_unit_test(test_t_and_normal_quantiles),
        cmocka_unit_test(test_numpy_sum_and_linspace),
        cmocka_unit_test(test_regression),
        cmocka_unit_test(test_orders),
        cmocka_unit_test(test_kde_exp_is_exp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
