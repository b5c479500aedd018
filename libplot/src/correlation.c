/* Correlation matrices as pandas 1.5's DataFrame.corr computes them
 * (pearson, spearman, kendall; pairwise deletion; min_periods). See
 * stats-private.h. */
#include "stats-private.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "memory-private.h"

void cplot_correlation_release(cplot_correlation_t *result)
{
    if (!result)
        return;
    free(result->values);
    memset(result, 0, sizeof *result);
}

/* ------------------------------------------------------------- Pearson */

/* pandas' nancorr for one pair: Welford updates over the complete rows in
 * order. pandas runs it with the later column of the pair as `x`; the
 * updates are not symmetric in x and y, so the caller keeps that role. */
static double pearson(const double *x, const double *y, size_t rows, size_t min_periods)
{
    size_t observations = 0;
    double mean_x = 0.0, mean_y = 0.0, squares_x = 0.0, squares_y = 0.0, products = 0.0;
    for (size_t i = 0; i < rows; i++) {
        double vx = x[i], vy = y[i];
        if (!isfinite(vx) || !isfinite(vy))
            continue;
        observations++;
        double dx = vx - mean_x, dy = vy - mean_y;
        double weight = 1.0 / (double)observations;
        mean_x += weight * dx;
        mean_y += weight * dy;
        squares_x += (vx - mean_x) * dx;
        squares_y += (vy - mean_y) * dy;
        products += (vx - mean_x) * dy;
    }
    if (observations < min_periods)
        return NAN;
    double divisor = sqrt(squares_x * squares_y);
    return divisor != 0.0 ? products / divisor : NAN;
}

/* ------------------------------------------------------------ Spearman */

typedef struct ranked_value {
    double value;
    size_t position;
} ranked_value_t;

static int compare_ranked(const void *left, const void *right)
{
    const ranked_value_t *a = left, *b = right;
    if (a->value < b->value)
        return -1;
    if (a->value > b->value)
        return 1;
    return (a->position > b->position) - (a->position < b->position);
}

/* Average ranks (1-based; ties share the mean of their positions, which
 * is a half-integer and so exact) of values[0..count), into ranks[]. */
static void average_ranks(const double *values, size_t count, ranked_value_t *scratch, double *ranks)
{
    for (size_t i = 0; i < count; i++) {
        scratch[i].value = values[i];
        scratch[i].position = i;
    }
    qsort(scratch, count, sizeof *scratch, compare_ranked);
    size_t start = 0;
    while (start < count) {
        size_t end = start + 1;
        while (end < count && scratch[end].value == scratch[start].value)
            end++;
        double rank = ((double)(start + 1) + (double)end) / 2.0;
        for (size_t k = start; k < end; k++)
            ranks[scratch[k].position] = rank;
        start = end;
    }
}

/* pandas' centred sums on ranks of the complete rows, mean (n + 1) / 2. */
static double spearman_from_ranks(const double *rank_x, const double *rank_y, size_t count)
{
    double mean = ((double)count + 1.0) / 2.0;
    double products = 0.0, squares_x = 0.0, squares_y = 0.0;
    for (size_t i = 0; i < count; i++) {
        double vx = rank_x[i] - mean, vy = rank_y[i] - mean;
        products += vx * vy;
        squares_x += vx * vx;
        squares_y += vy * vy;
    }
    double divisor = sqrt(squares_x * squares_y);
    return divisor != 0.0 ? products / divisor : NAN;
}

/* ------------------------------------------------------------- Kendall */

typedef struct value_pair {
    double x, y;
} value_pair_t;

static int compare_pairs(const void *left, const void *right)
{
    const value_pair_t *a = left, *b = right;
    if (a->x != b->x)
        return a->x < b->x ? -1 : 1;
    return (a->y > b->y) - (a->y < b->y);
}

/* Sorts values[0..count) (using scratch) and returns the number of
 * strict inversions: pairs i < j with values[i] > values[j]. */
static int64_t sort_counting_inversions(double *values, double *scratch, size_t count)
{
    int64_t inversions = 0;
    for (size_t width = 1; width < count; width *= 2) {
        for (size_t left = 0; left < count; left += 2 * width) {
            size_t middle = left + width < count ? left + width : count;
            size_t right = left + 2 * width < count ? left + 2 * width : count;
            size_t i = left, j = middle, out = left;
            while (i < middle && j < right) {
                if (values[j] < values[i]) {
                    inversions += (int64_t)(middle - i);
                    scratch[out++] = values[j++];
                } else {
                    scratch[out++] = values[i++];
                }
            }
            while (i < middle)
                scratch[out++] = values[i++];
            while (j < right)
                scratch[out++] = values[j++];
        }
        memcpy(values, scratch, count * sizeof *values);
    }
    return inversions;
}

static int64_t tied_pairs_in_runs(size_t run)
{
    return (int64_t)run * (int64_t)(run - 1) / 2;
}

/* scipy.stats.kendalltau's tau-b on `count` complete pairs (sorted in
 * place). Knight's algorithm: sort by (x, y), count y's inversions by
 * merge sort. */
static double kendall(value_pair_t *pairs, size_t count, double *y_scratch, double *merge_scratch)
{
    if (count == 0)
        return NAN;
    qsort(pairs, count, sizeof *pairs, compare_pairs);
    int64_t x_ties = 0, joint_ties = 0;
    size_t x_run = 1, joint_run = 1;
    for (size_t i = 1; i <= count; i++) {
        bool same_x = i < count && pairs[i].x == pairs[i - 1].x;
        bool same_both = same_x && pairs[i].y == pairs[i - 1].y;
        if (same_x) {
            x_run++;
        } else {
            x_ties += tied_pairs_in_runs(x_run);
            x_run = 1;
        }
        if (same_both) {
            joint_run++;
        } else {
            joint_ties += tied_pairs_in_runs(joint_run);
            joint_run = 1;
        }
    }
    for (size_t i = 0; i < count; i++)
        y_scratch[i] = pairs[i].y;
    int64_t discordant = sort_counting_inversions(y_scratch, merge_scratch, count);
    int64_t y_ties = 0;
    size_t y_run = 1;
    for (size_t i = 1; i <= count; i++) {
        if (i < count && y_scratch[i] == y_scratch[i - 1]) {
            y_run++;
        } else {
            y_ties += tied_pairs_in_runs(y_run);
            y_run = 1;
        }
    }
    int64_t total = tied_pairs_in_runs(count);
    if (x_ties == total || y_ties == total)
        return NAN;
    int64_t concordant_minus_discordant = total - x_ties - y_ties + joint_ties - 2 * discordant;
    double tau = (double)concordant_minus_discordant / sqrt((double)(total - x_ties)) /
                 sqrt((double)(total - y_ties));
    return fmin(1.0, fmax(-1.0, tau));
}

/* ---------------------------------------------------------- The matrix */

typedef struct workspace {
    size_t rows;
    ranked_value_t *ranked;  /* rows */
    double *buffer_a, *buffer_b, *buffer_c, *buffer_d; /* rows each */
    value_pair_t *pairs;     /* rows */
    double *column_ranks;    /* columns x rows (spearman), NaN where missing */
} workspace_t;

static void workspace_release(workspace_t *work)
{
    free(work->ranked);
    free(work->buffer_a);
    free(work->pairs);
    free(work->column_ranks);
}

/* Spearman for the pair (x = column i, y = column j). Whole-column ranks
 * serve when both columns miss exactly the same rows (then the ranks of
 * the complete rows are the column's ranks); otherwise rank the complete
 * rows afresh. */
static double spearman_pair(const double *const *columns, size_t i, size_t j, size_t min_periods,
                            workspace_t *work)
{
    const double *x = columns[i], *y = columns[j];
    size_t rows = work->rows, complete = 0;
    bool same_rows = true;
    for (size_t r = 0; r < rows; r++) {
        bool fx = isfinite(x[r]), fy = isfinite(y[r]);
        same_rows &= fx == fy;
        if (fx && fy) {
            work->buffer_a[complete] = x[r];
            work->buffer_b[complete] = y[r];
            complete++;
        }
    }
    if (complete < min_periods)
        return NAN;
    if (same_rows) {
        const double *rank_x = work->column_ranks + i * rows, *rank_y = work->column_ranks + j * rows;
        size_t next = 0;
        for (size_t r = 0; r < rows; r++) {
            if (isfinite(x[r]) && isfinite(y[r])) {
                work->buffer_c[next] = rank_x[r];
                work->buffer_d[next] = rank_y[r];
                next++;
            }
        }
    } else {
        average_ranks(work->buffer_a, complete, work->ranked, work->buffer_c);
        average_ranks(work->buffer_b, complete, work->ranked, work->buffer_d);
    }
    return spearman_from_ranks(work->buffer_c, work->buffer_d, complete);
}

static double kendall_pair(const double *x, const double *y, size_t min_periods, bool diagonal,
                           workspace_t *work)
{
    size_t complete = 0;
    for (size_t r = 0; r < work->rows; r++) {
        if (isfinite(x[r]) && isfinite(y[r])) {
            work->pairs[complete].x = x[r];
            work->pairs[complete].y = y[r];
            complete++;
        }
    }
    if (complete < min_periods)
        return NAN;
    if (diagonal) /* pandas sets 1.0 without asking scipy, constant or not */
        return 1.0;
    return kendall(work->pairs, complete, work->buffer_a, work->buffer_b);
}

static cplot_status_t workspace_init(workspace_t *work, const double *const *columns, size_t column_count,
                                     size_t rows, cplot_correlation_method_t method)
{
    memset(work, 0, sizeof *work);
    work->rows = rows;
    if (method == CPLOT_CORRELATION_PEARSON)
        return CPLOT_STATUS_SUCCESS;
    work->ranked = cplot_alloc_array(rows, sizeof *work->ranked);
    work->buffer_a = cplot_alloc_array(rows, 4 * sizeof *work->buffer_a);
    work->pairs = cplot_alloc_array(rows, sizeof *work->pairs);
    if (!work->ranked || !work->buffer_a || !work->pairs)
        return CPLOT_STATUS_NO_MEMORY;
    work->buffer_b = work->buffer_a + rows;
    work->buffer_c = work->buffer_a + 2 * rows;
    work->buffer_d = work->buffer_a + 3 * rows;
    if (method != CPLOT_CORRELATION_SPEARMAN)
        return CPLOT_STATUS_SUCCESS;
    if (column_count != 0 && rows > SIZE_MAX / column_count)
        return CPLOT_STATUS_NO_MEMORY;
    work->column_ranks = cplot_alloc_array(column_count * rows, sizeof *work->column_ranks);
    if (!work->column_ranks)
        return CPLOT_STATUS_NO_MEMORY;
    for (size_t c = 0; c < column_count; c++) {
        double *ranks = work->column_ranks + c * rows;
        size_t finite = 0;
        for (size_t r = 0; r < rows; r++)
            if (isfinite(columns[c][r]))
                work->buffer_a[finite++] = columns[c][r];
        average_ranks(work->buffer_a, finite, work->ranked, work->buffer_b);
        size_t next = 0;
        for (size_t r = 0; r < rows; r++)
            ranks[r] = isfinite(columns[c][r]) ? work->buffer_b[next++] : NAN;
    }
    return CPLOT_STATUS_SUCCESS;
}

static double coefficient(const double *const *columns, size_t i, size_t j, cplot_correlation_method_t method,
                          size_t min_periods, workspace_t *work)
{
    switch (method) {
    case CPLOT_CORRELATION_SPEARMAN:
        return spearman_pair(columns, i, j, min_periods, work);
    case CPLOT_CORRELATION_KENDALL:
        /* pandas calls kendalltau(earlier column, later column); the two
         * square roots divide in that order. */
        return kendall_pair(columns[j], columns[i], min_periods, i == j, work);
    case CPLOT_CORRELATION_PEARSON:
    default:
        return pearson(columns[i], columns[j], work->rows, min_periods);
    }
}

cplot_status_t cplot_correlation_matrix(const double *const *columns, size_t column_count,
                                        size_t row_count, cplot_correlation_method_t method,
                                        size_t min_periods, cplot_correlation_t *result)
{
    if (!result)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    memset(result, 0, sizeof *result);
    if ((unsigned)method > (unsigned)CPLOT_CORRELATION_KENDALL)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    if (column_count > 0 && !columns)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    for (size_t c = 0; c < column_count && row_count > 0; c++)
        if (!columns[c])
            return CPLOT_STATUS_INVALID_ARGUMENT;
    if (column_count != 0 && column_count > SIZE_MAX / column_count)
        return CPLOT_STATUS_NO_MEMORY;
    double *values = cplot_alloc_array(column_count * column_count, sizeof *values);
    if (!values)
        return CPLOT_STATUS_NO_MEMORY;
    workspace_t work;
    cplot_status_t status = workspace_init(&work, columns, column_count, row_count, method);
    if (status != CPLOT_STATUS_SUCCESS) {
        workspace_release(&work);
        free(values);
        return status;
    }
    /* pandas' loop: xi over columns, yi up to xi, x = the later column. */
    for (size_t i = 0; i < column_count; i++) {
        for (size_t j = 0; j <= i; j++) {
            double r = coefficient(columns, i, j, method, min_periods, &work);
            values[i * column_count + j] = r;
            values[j * column_count + i] = r;
        }
    }
    workspace_release(&work);
    result->values = values;
    result->size = column_count;
    return CPLOT_STATUS_SUCCESS;
}

cplot_status_t cplot_correlation_pair(const double *x, const double *y, size_t count,
                                      cplot_correlation_method_t method, size_t min_periods,
                                      double *r)
{
    if (!r)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    const double *columns[2] = {x, y};
    cplot_correlation_t matrix;
    cplot_status_t status = cplot_correlation_matrix(columns, 2, count, method, min_periods, &matrix);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    *r = matrix.values[1];
    cplot_correlation_release(&matrix);
    return CPLOT_STATUS_SUCCESS;
}
