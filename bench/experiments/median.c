/* What the histogram's median costs: glibc qsort of a copy (what
 * cplot_median does today, through a comparison callback) against a
 * quickselect of the same copy (expected linear time), on N normal values.
 * Not library code; numbers for the benchmark report.
 *
 *   median N
 */
#include <math.h>
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

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The k-th smallest of v[0..n), partially reordering v (Hoare partition
 * around a median-of-three pivot). */
static double select_kth(double *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        double a = v[lo], b = v[mid], c = v[hi];
        double pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
        size_t i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i <= j) {
                double t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return v[k];
    }
    return v[k];
}

static double select_median(double *v, size_t n)
{
    double upper = select_kth(v, n, n / 2);
    if (n % 2)
        return upper;
    /* The lower middle is the largest of the part below n/2. */
    double lower = v[0];
    for (size_t i = 1; i < n / 2; i++)
        if (v[i] > lower)
            lower = v[i];
    return (lower + upper) / 2;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000;
    double *values = malloc(n * sizeof *values), *copy = malloc(n * sizeof *copy);
    uint64_t s = 99;
    for (size_t i = 0; i < n; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double u1 = ((s >> 11) + 0.5) / 9007199254740992.0;
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double u2 = ((s >> 11) + 0.5) / 9007199254740992.0;
        values[i] = 50 + 10 * sqrt(-2 * log(u1)) * cos(2 * M_PI * u2);
    }
    double t0 = now_ms();
    memcpy(copy, values, n * sizeof *copy);
    qsort(copy, n, sizeof *copy, compare_doubles);
    double sorted = n % 2 ? copy[n / 2] : (copy[n / 2 - 1] + copy[n / 2]) / 2;
    double qsort_ms = now_ms() - t0;

    t0 = now_ms();
    memcpy(copy, values, n * sizeof *copy);
    double selected = select_median(copy, n);
    double select_ms = now_ms() - t0;
    printf("n=%zu  qsort %.1f ms  quickselect %.1f ms  (%.0fx)  same median: %s\n", n, qsort_ms,
           select_ms, qsort_ms / select_ms, sorted == selected ? "yes" : "NO");
    free(values);
    free(copy);
    return sorted != selected;
}
