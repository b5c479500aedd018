/* What the Kendall correlogram could cost: the library's per-pair
 * algorithm (copy the pairs, qsort them by (x, y) through a callback, count
 * y's inversions with a merge sort that copies back every pass), against
 * ranking every column once (30 sorts instead of 435) and, per pair,
 * gathering y's integer ranks in x's order and counting inversions with a
 * ping-pong merge sort on int32. Same tau-b on data without ties (the
 * benchmark's); ties would add one pass over each x run. Not library code.
 *
 *   kendall ROWS [COLUMNS]
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* ---------------------------------------------- as libplot/src/correlation.c */

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

static int64_t tied(size_t run)
{
    return (int64_t)run * (int64_t)(run - 1) / 2;
}

static double kendall_today(const double *x, const double *y, size_t n, value_pair_t *pairs, double *ys,
                            double *scratch)
{
    for (size_t r = 0; r < n; r++)
        pairs[r] = (value_pair_t){x[r], y[r]};
    qsort(pairs, n, sizeof *pairs, compare_pairs);
    int64_t x_ties = 0, joint_ties = 0;
    size_t x_run = 1, joint_run = 1;
    for (size_t i = 1; i <= n; i++) {
        bool same_x = i < n && pairs[i].x == pairs[i - 1].x;
        bool same_both = same_x && pairs[i].y == pairs[i - 1].y;
        if (same_x) {
            x_run++;
        } else {
            x_ties += tied(x_run);
            x_run = 1;
        }
        if (same_both) {
            joint_run++;
        } else {
            joint_ties += tied(joint_run);
            joint_run = 1;
        }
    }
    for (size_t i = 0; i < n; i++)
        ys[i] = pairs[i].y;
    int64_t discordant = sort_counting_inversions(ys, scratch, n);
    int64_t y_ties = 0;
    size_t y_run = 1;
    for (size_t i = 1; i <= n; i++) {
        if (i < n && ys[i] == ys[i - 1]) {
            y_run++;
        } else {
            y_ties += tied(y_run);
            y_run = 1;
        }
    }
    int64_t total = tied(n);
    int64_t s = total - x_ties - y_ties + joint_ties - 2 * discordant;
    return (double)s / sqrt((double)(total - x_ties)) / sqrt((double)(total - y_ties));
}

/* ------------------------------------------------------------- proposed */

static const double *sort_key;

static int compare_index(const void *a, const void *b)
{
    double x = sort_key[*(const uint32_t *)a], y = sort_key[*(const uint32_t *)b];
    return (x > y) - (x < y);
}

/* order[k]: the row with the k-th smallest value; rank[row]: its 0-based
 * rank (no ties in this experiment). Done once per column. */
static void rank_column(const double *v, size_t n, uint32_t *order, uint32_t *rank)
{
    for (size_t r = 0; r < n; r++)
        order[r] = (uint32_t)r;
    sort_key = v;
    qsort(order, n, sizeof *order, compare_index);
    for (size_t k = 0; k < n; k++)
        rank[order[k]] = (uint32_t)k;
}

/* Counts inversions of a[0..n) by bottom-up merge sort, alternating
 * between a and b instead of copying back each pass. */
static int64_t inversions_u32(uint32_t *a, uint32_t *b, size_t n)
{
    int64_t inversions = 0;
    uint32_t *from = a, *to = b;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t left = 0; left < n; left += 2 * width) {
            size_t middle = left + width < n ? left + width : n;
            size_t right = left + 2 * width < n ? left + 2 * width : n;
            size_t i = left, j = middle, out = left;
            while (i < middle && j < right) {
                uint32_t vi = from[i], vj = from[j];
                bool take_right = vj < vi;
                inversions += take_right ? (int64_t)(middle - i) : 0;
                to[out++] = take_right ? vj : vi;
                j += take_right;
                i += !take_right;
            }
            while (i < middle)
                to[out++] = from[i++];
            while (j < right)
                to[out++] = from[j++];
        }
        uint32_t *t = from;
        from = to;
        to = t;
    }
    return inversions;
}

static double kendall_ranked(const uint32_t *order_x, const uint32_t *rank_y, size_t n, uint32_t *a,
                             uint32_t *b)
{
    for (size_t k = 0; k < n; k++)
        a[k] = rank_y[order_x[k]];
    int64_t discordant = inversions_u32(a, b, n);
    int64_t total = tied(n);
    return (double)(total - 2 * discordant) / (double)total;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 100000;
    size_t columns = argc > 2 ? strtoull(argv[2], NULL, 10) : 30;
    double *data = malloc(n * columns * sizeof *data);
    uint64_t s = 7;
    for (size_t i = 0; i < n * columns; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double u1 = ((s >> 11) + 0.5) / 9007199254740992.0;
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double u2 = ((s >> 11) + 0.5) / 9007199254740992.0;
        double g = sqrt(-2 * log(u1)) * cos(2 * M_PI * u2);
        size_t c = i / n, r = i % n;
        /* correlated neighbours: column c leans on column c - 1 */
        data[i] = c ? 0.5 * data[(c - 1) * n + r] + g : g;
    }
    value_pair_t *pairs = malloc(n * sizeof *pairs);
    double *ys = malloc(n * sizeof *ys), *scratch = malloc(n * sizeof *scratch);
    double t0 = now_ms(), check_today = 0;
    for (size_t i = 0; i < columns; i++)
        for (size_t j = i + 1; j < columns; j++)
            check_today += kendall_today(data + j * n, data + i * n, n, pairs, ys, scratch);
    double today = now_ms() - t0;

    uint32_t *order = malloc(n * columns * sizeof *order), *rank = malloc(n * columns * sizeof *rank);
    uint32_t *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    t0 = now_ms();
    for (size_t c = 0; c < columns; c++)
        rank_column(data + c * n, n, order + c * n, rank + c * n);
    double ranking = now_ms() - t0;
    double check_ranked = 0;
    for (size_t i = 0; i < columns; i++)
        for (size_t j = i + 1; j < columns; j++)
            check_ranked += kendall_ranked(order + j * n, rank + i * n, n, a, b);
    double proposed = now_ms() - t0;
    printf("rows=%zu columns=%zu pairs=%zu: today %.0f ms, ranked once %.0f ms (of which ranking %.0f ms): "
           "%.1fx; sum of tau equal: %s\n",
           n, columns, columns * (columns - 1) / 2, today, proposed, ranking, today / proposed,
           fabs(check_today - check_ranked) < 1e-9 ? "yes" : "NO");
    return 0;
}
