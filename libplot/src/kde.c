/* Gaussian kernel density estimates as scipy.stats.gaussian_kde (1-D,
 * unweighted) computes them with seaborn 0.12's bandwidth adjustment and
 * evaluation grid. See stats-private.h. */
#if defined(__linux__)
#define _GNU_SOURCE /* dlvsym */
#endif
#include "stats-private.h"

#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__)
#include <dlfcn.h>
#endif

#include "memory-private.h"
#include "parallel-private.h"

void cplot_kde_options_init(cplot_kde_options_t *options)
{
    if (!options)
        return;
    memset(options, 0, sizeof *options);
    options->bandwidth = CPLOT_KDE_BANDWIDTH_SCOTT;
    options->factor = 1.0;
    options->adjust = 1.0;
    options->gridsize = 200;
    options->cut = 3.0;
    options->clip_min = -INFINITY;
    options->clip_max = INFINITY;
    options->cumulative = false;
}

void cplot_kde_release(cplot_kde_t *kde)
{
    if (!kde)
        return;
    free(kde->grid);
    free(kde->density);
    memset(kde, 0, sizeof *kde);
}

typedef struct kde_fit {
    double factor;      /* rule factor times adjust */
    double bandwidth;   /* scipy's cho_cov: sqrt(var) * factor */
    double covariance_sd; /* seaborn's bw: sqrt(var * factor^2) */
    double minimum, maximum;
    size_t used;
} kde_fit_t;

static cplot_status_t fit(const double *values, size_t count, const cplot_kde_options_t *options,
                          kde_fit_t *result, cplot_kde_problem_t *problem)
{
    *problem = CPLOT_KDE_BAD_OPTIONS;
    if ((count > 0 && !values) || !options)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    if (!(options->adjust > 0.0) || !isfinite(options->adjust))
        return CPLOT_STATUS_INVALID_VALUE;
    if (options->bandwidth == CPLOT_KDE_BANDWIDTH_SCALAR &&
        (!(options->factor > 0.0) || !isfinite(options->factor)))
        return CPLOT_STATUS_INVALID_VALUE;
    if ((unsigned)options->bandwidth > (unsigned)CPLOT_KDE_BANDWIDTH_SCALAR)
        return CPLOT_STATUS_INVALID_ARGUMENT;

    size_t n = 0;
    double minimum = INFINITY, maximum = -INFINITY;
    for (size_t i = 0; i < count; i++) {
        if (!isfinite(values[i]))
            continue;
        n++;
        minimum = fmin(minimum, values[i]);
        maximum = fmax(maximum, values[i]);
    }
    *problem = CPLOT_KDE_TOO_FEW;
    if (n < 2)
        return CPLOT_STATUS_INVALID_VALUE;

    /* The mean and squares in numpy's summation order over the finite
     * values in their original order. */
    const double *finite = values;
    double *copy = NULL;
    if (n != count) {
        copy = cplot_alloc_array(n, sizeof *copy);
        if (!copy)
            return CPLOT_STATUS_NO_MEMORY;
        size_t next = 0;
        for (size_t i = 0; i < count; i++)
            if (isfinite(values[i]))
                copy[next++] = values[i];
        finite = copy;
    }
    double mean = cplot_numpy_sum(finite, n) / (double)n;
    double squares = cplot_numpy_sum_mapped(finite, n, CPLOT_NUMPY_MAP_SQUARED_DEVIATION, mean, 1.0);
    free(copy);
    double variance = squares / (double)(n - 1);
    /* No spread that a double shows, or more than it holds. */
    *problem = isnan(variance) || isinf(variance) ? CPLOT_KDE_TOO_SPREAD : CPLOT_KDE_NO_SPREAD;
    if (!(variance > 0.0) || !isfinite(variance))
        return CPLOT_STATUS_INVALID_VALUE;

    double factor;
    switch (options->bandwidth) {
    case CPLOT_KDE_BANDWIDTH_SILVERMAN:
        factor = pow((double)n * 3.0 / 4.0, -1.0 / 5.0);
        break;
    case CPLOT_KDE_BANDWIDTH_SCALAR:
        factor = options->factor;
        break;
    case CPLOT_KDE_BANDWIDTH_SCOTT:
    default:
        factor = pow((double)n, -1.0 / 5.0);
        break;
    }
    /* seaborn: kde.set_bandwidth(kde.factor * bw_adjust). */
    factor *= options->adjust;
    result->factor = factor;
    result->bandwidth = sqrt(variance) * factor;
    result->covariance_sd = sqrt(variance * (factor * factor));
    result->minimum = minimum;
    result->maximum = maximum;
    result->used = n;
    *problem = isinf(result->bandwidth) ? CPLOT_KDE_TOO_SPREAD : CPLOT_KDE_NO_SPREAD;
    if (!(result->bandwidth > 0.0) || !isfinite(result->bandwidth))
        return CPLOT_STATUS_INVALID_VALUE;
    *problem = CPLOT_KDE_FINE;
    return CPLOT_STATUS_SUCCESS;
}

cplot_status_t cplot_kde_fit(const double *values, size_t count, const cplot_kde_options_t *options,
                             double *factor, double *bandwidth)
{
    kde_fit_t result;
    cplot_kde_problem_t problem;
    cplot_status_t status = fit(values, count, options, &result, &problem);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    if (factor)
        *factor = result.factor;
    if (bandwidth)
        *bandwidth = result.bandwidth;
    return CPLOT_STATUS_SUCCESS;
}

/* scipy.special.ndtr's branches (cephes), on libm's erf and erfc. */
static double normal_cdf(double a)
{
    double x = a * M_SQRT1_2;
    double z = fabs(x);
    if (z < M_SQRT1_2)
        return 0.5 + 0.5 * erf(x);
    double y = 0.5 * erfc(z);
    return x > 0.0 ? 1.0 - y : y;
}

/* ------------------------------------------------------ The exponential */

/* The kernel's exp(). glibc's exp() is a wrapper that calls its core and
 * then checks the result only to set errno; the core, exported for old
 * programs as __exp_finite, gives the very same double. Calling it
 * directly spares the wrapper, 13% of a 10,000-value KDE's instructions
 * (17 of about 80 a term). Where it is missing (another C library, a
 * static program) exp() itself serves. */
typedef double exp_fn(double);

static exp_fn *kernel_exp_fn = exp;
static pthread_once_t kernel_exp_once = PTHREAD_ONCE_INIT;

static void find_kernel_exp(void)
{
#if defined(__GLIBC__)
    /* The version glibc first exported it under: x86-64, then aarch64. */
    static const char *const versions[] = {"GLIBC_2.15", "GLIBC_2.17"};
    for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++) {
        void *core = dlvsym(RTLD_DEFAULT, "__exp_finite", versions[i]);
        if (core) {
            kernel_exp_fn = (exp_fn *)core;
            return;
        }
    }
#endif
}

static exp_fn *kernel_exp(void)
{
    pthread_once(&kernel_exp_once, find_kernel_exp);
    return kernel_exp_fn;
}

double cplot_kde_exp(double x)
{
    return kernel_exp()(x);
}

/* ------------------------------------------- Truncated, uniform grids */

/* On an evenly spaced grid each datum's kernel only matters near it: a
 * term below 2^-57 of the smallest estimate on the grid cannot change any
 * estimate's double. The smallest estimate is at least weight *
 * exp(-m^2/2) * norm, m the largest distance (in bandwidths) from a grid
 * point to its nearest datum, and the n terms beyond R = sqrt(m^2 + 2 (ln
 * n + 40)) bandwidths add up to less than e^-40 of that. So each datum
 * only visits the grid points within R of it. */
typedef struct kde_window {
    double first, step;  /* points[j] ~ first + j * step */
    size_t point_count;
    double radius;       /* R * bandwidth */
    double bandwidth;
    double terms;        /* sum over the data of the points they visit */
} kde_window_t;

/* The grid points within the radius of x: [*low, *high), maybe empty. */
static void window_of(const kde_window_t *window, double x, size_t *low, size_t *high)
{
    double last = (double)(window->point_count - 1);
    double from = ceil((x - window->radius - window->first) / window->step);
    double to = floor((x + window->radius - window->first) / window->step);
    /* Clamped to the grid (and one past it) before any conversion: x may
     * lie far outside it, where these are huge or infinite. */
    from = from > 0.0 ? from : 0.0;
    from = from < last + 1.0 ? from : last + 1.0;
    to = to < last ? to : last;
    *low = (size_t)from;
    *high = to >= from ? (size_t)to + 1 : *low;
}

/* The grid point nearest x (clamped to the grid). */
static size_t nearest_point(const kde_window_t *window, double x)
{
    double index = nearbyint((x - window->first) / window->step);
    double last = (double)(window->point_count - 1);
    index = index > 0.0 ? index : 0.0;
    return (size_t)(index < last ? index : last);
}

/* Fills `window` when `points` are evenly spaced (to a few ulps), the
 * grid's offsets are not so large against the bandwidth that the spacing's
 * rounding shows, and scratch memory is at hand; false otherwise. With
 * `changes` (2 (point_count + 1) zeros), counts there how many windows
 * start (first half) and end (second half) at each point. */
static bool uniform_window(const double *values, size_t count, size_t used, double bandwidth,
                           const double *points, size_t point_count, kde_window_t *window,
                           size_t *changes)
{
    if (point_count < 2)
        return false;
    double first = points[0], last = points[point_count - 1];
    double step = (last - first) / (double)(point_count - 1);
    if (!(step > 0.0) || !isfinite(step))
        return false;
    double scale = fmax(fabs(first), fabs(last));
    if (scale / bandwidth > 1e4) /* the grid's rounding would show against the bandwidth */
        return false;
    for (size_t j = 0; j < point_count; j++)
        if (fabs(points[j] - (first + (double)j * step)) > 4.0 * DBL_EPSILON * scale)
            return false;
    *window = (kde_window_t){first, step, point_count, 0.0, bandwidth, 0.0};
    /* distance[j]: an upper bound on the distance from point j to its
     * nearest datum, by the triangle inequality from nearby points. */
    double *distance = cplot_alloc_array(point_count, sizeof *distance);
    if (!distance)
        return false;
    for (size_t j = 0; j < point_count; j++)
        distance[j] = INFINITY;
    for (size_t i = 0; i < count; i++) {
        if (!isfinite(values[i]))
            continue;
        size_t j = nearest_point(window, values[i]);
        distance[j] = fmin(distance[j], fabs(values[i] - points[j]));
    }
    for (size_t j = 1; j < point_count; j++)
        distance[j] = fmin(distance[j], distance[j - 1] + step);
    double farthest = distance[point_count - 1];
    for (size_t j = point_count - 1; j-- > 0;) {
        distance[j] = fmin(distance[j], distance[j + 1] + step);
        farthest = fmax(farthest, distance[j]);
    }
    free(distance);
    double m = farthest / bandwidth;
    window->radius = sqrt(m * m + 2.0 * (log((double)used) + 40.0)) * bandwidth;
    if (!isfinite(window->radius))
        return false;
    for (size_t i = 0; i < count; i++) {
        if (!isfinite(values[i]))
            continue;
        size_t low, high;
        window_of(window, values[i], &low, &high);
        window->terms += (double)(high - low);
        if (changes && low < high) {
            changes[low]++;
            changes[point_count + 1 + high]++;
        }
    }
    return true;
}

/* Adds weight * exp(-d_j^2 / 2) * norm to density[j] for the `steps`
 * points from `from` on, stepping by `direction` (+1 or -1), d_j =
 * (x - points[j]) / bandwidth: the very expression of exact_range, so
 * every term it keeps is the same double. (A recurrence along the grid,
 * two multiplications per point instead of an exp(), halves the
 * instructions but moves estimates by ~1e-13 relative, and `cplot
 * inspect` promises the same numbers whatever the speed-up.)
 * Going away from x the terms only shrink, so a term that underflows ends
 * the walk. */
static void add_datum(double x, const double *points, size_t from, ptrdiff_t direction, size_t steps,
                      double bandwidth, double weight, double norm, exp_fn *exponential,
                      double *density)
{
    ptrdiff_t j = (ptrdiff_t)from; /* may end at -1: an index, not a pointer */
    for (; steps > 0; steps--, j += direction) {
        double residual = (x - points[j]) / bandwidth;
        double kernel = exponential(-(residual * residual) / 2.0) * norm;
        if (kernel == 0.0)
            return;
        density[j] += weight * kernel;
    }
}

/* ------------------------------------------------ Split by grid range */

/* Every estimate is its own sum, so the grid is cut into ranges of points
 * and each task fills one range: it goes through the data in their order
 * and adds to its own points the very terms one pass over the whole grid
 * adds to them. Each estimate is then the same additions in the same
 * order whatever the cut, and the output does not depend on the thread
 * count. */
enum { TASK_MINIMUM_TERMS = 8192 }; /* ~50 us of exp() calls */

typedef struct kde_split {
    const double *values;
    size_t count, used;
    double bandwidth, weight, norm;
    exp_fn *exponential; /* kernel_exp() */
    const double *points;
    double *density;
    const kde_window_t *window; /* evenly spaced grids only */
    const size_t *changes;      /* and maybe their windows' ends (uniform_window) */
    const size_t *cuts;         /* task t fills points [cuts[t], cuts[t + 1]) */
    cplot_status_t *failures;   /* cumulative: each task's own status */
} kde_split_t;

/* The points [from, to) of an evenly spaced grid: each datum adds to those
 * of its window (window_of) walking out from the one nearest it, as
 * add_datum explains; clamped to the range, the walk keeps each term the
 * whole grid's walk adds there, and a term that underflows still ends it
 * (the terms only shrink going away from the datum). */
static void uniform_range(const kde_split_t *split, size_t from, size_t to)
{
    const kde_window_t *window = split->window;
    memset(split->density + from, 0, (to - from) * sizeof *split->density);
    /* Most data lie clearly outside the range's reach, or reach all of it,
     * or lie clearly beside it: told by comparisons, with a margin wider
     * than window_of's and nearest_point's rounding (and the grid's
     * offsets from first + j * step), before their divisions. */
    double start = split->points[from], end = split->points[to - 1], radius = window->radius;
    double scale = fmax(fabs(split->points[0]), fabs(split->points[window->point_count - 1]));
    double fuzz = window->step + 64.0 * DBL_EPSILON * (scale + radius);
    for (size_t i = 0; i < split->count; i++) {
        double x = split->values[i];
        if (!(x >= start - radius - fuzz && x <= end + radius + fuzz)) /* also NaN and infinities */
            continue;
        size_t low = from, high = to;
        if (!(x <= start + radius - fuzz && x >= end - radius + fuzz)) {
            window_of(window, x, &low, &high);
            low = low > from ? low : from;
            high = high < to ? high : to;
            if (low >= high)
                continue;
        }
        size_t centre = x <= start - fuzz ? low
                        : x >= end + fuzz ? high - 1
                                          : nearest_point(window, x);
        centre = centre < low ? low : centre >= high ? high - 1 : centre;
        add_datum(x, split->points, centre, 1, high - centre, window->bandwidth, split->weight,
                  split->norm, split->exponential, split->density);
        if (centre > low)
            add_datum(x, split->points, centre - 1, -1, centre - low, window->bandwidth,
                      split->weight, split->norm, split->exponential, split->density);
    }
}

/* Every datum's term at every point of [from, to), as scipy's loop. */
static void exact_range(const kde_split_t *split, size_t from, size_t to)
{
    for (size_t j = from; j < to; j++) {
        double point = split->points[j];
        double estimate = 0.0;
        for (size_t i = 0; i < split->count; i++) {
            double x = split->values[i];
            if (!isfinite(x))
                continue;
            double residual = (x - point) / split->bandwidth;
            double kernel = split->exponential(-(residual * residual) / 2.0) * split->norm;
            estimate += split->weight * kernel;
        }
        split->density[j] = estimate;
    }
}

/* The integrals from points[0] to the points [from, to). scipy sums each
 * point's n terms with np.sum (pairwise), so they are collected first, in
 * the task's own scratch. */
static cplot_status_t cumulative_range(const kde_split_t *split, size_t from, size_t to)
{
    double *terms = cplot_alloc_array(split->used, sizeof *terms);
    if (!terms)
        return CPLOT_STATUS_NO_MEMORY;
    double low = split->points[0];
    for (size_t j = from; j < to; j++) {
        size_t next = 0;
        for (size_t i = 0; i < split->count; i++) {
            double x = split->values[i];
            if (!isfinite(x))
                continue;
            double upper = normal_cdf((split->points[j] - x) / split->bandwidth);
            double lower = normal_cdf((low - x) / split->bandwidth);
            terms[next++] = split->weight * (upper - lower);
        }
        split->density[j] = cplot_numpy_sum(terms, split->used);
    }
    free(terms);
    return CPLOT_STATUS_SUCCESS;
}

static void uniform_task(void *context, size_t index)
{
    const kde_split_t *split = context;
    uniform_range(split, split->cuts[index], split->cuts[index + 1]);
}

static void exact_task(void *context, size_t index)
{
    const kde_split_t *split = context;
    exact_range(split, split->cuts[index], split->cuts[index + 1]);
}

static void cumulative_task(void *context, size_t index)
{
    kde_split_t *split = context;
    split->failures[index] = cumulative_range(split, split->cuts[index], split->cuts[index + 1]);
}

/* Cuts an evenly spaced grid into at most `tasks` ranges of about equal
 * numbers of terms (the data crowd some points and leave the tails nearly
 * bare), from where the windows start and end: cuts[0..*ranges]. */
static void cut_by_terms(const kde_split_t *split, size_t tasks, size_t *cuts, size_t *ranges)
{
    const kde_window_t *window = split->window;
    size_t point_count = window->point_count;
    const size_t *starts = split->changes, *ends = split->changes + point_count + 1;
    size_t covering = 0, done = 0, made = 0;
    cuts[0] = 0;
    for (size_t j = 0; j < point_count && made + 1 < tasks; j++) {
        covering += starts[j];
        covering -= ends[j];
        done += covering;
        /* Point j closes range `made` once the terms so far reach its share. */
        if ((double)done >= window->terms * (double)(made + 1) / (double)tasks)
            cuts[++made] = j + 1;
    }
    if (cuts[made] < point_count)
        cuts[++made] = point_count;
    *ranges = made;
}

/* Into how many tasks to cut `terms` kernel terms: with `per_thread`, no
 * more than threads (see run_split). */
static size_t tasks_for(double terms, bool per_thread)
{
    size_t work = terms < 1e18 ? (size_t)terms : (size_t)1e18;
    return per_thread ? cplot_parallel_tasks_per_thread(work, TASK_MINIMUM_TERMS)
                      : cplot_parallel_tasks(work, TASK_MINIMUM_TERMS);
}

/* Cuts `point_count` points into `tasks` ranges of equal length. */
static void cut_evenly(size_t point_count, size_t tasks, size_t *cuts)
{
    for (size_t t = 0; t <= tasks; t++)
        cuts[t] = cplot_parallel_part_start(point_count, tasks, t);
}

/* Runs `task` on the grid cut into ranges for `terms` terms in all (one
 * range on one thread, for small work, or when the cut's memory is
 * missing) and returns the first failure a range recorded. */
static cplot_status_t run_split(kde_split_t *split, size_t point_count, double terms,
                                cplot_parallel_task_fn task)
{
    /* Ranges of equal terms need no more tasks than threads to even out,
     * and more cut each datum's walk into more, shorter ones: on hist_kde
     * (200 points) 2 threads took 3.0 ms with 2 tasks, 3.6 ms with 8. */
    size_t tasks = tasks_for(terms, split->changes != NULL);
    tasks = tasks < point_count ? tasks : point_count;
    size_t whole[2] = {0, point_count};
    cplot_status_t whole_failure = CPLOT_STATUS_SUCCESS;
    size_t *cuts = tasks > 1 ? cplot_alloc_array(tasks + 1, sizeof *cuts) : NULL;
    cplot_status_t *failures = cuts ? cplot_alloc_array(tasks, sizeof *failures) : NULL;
    size_t ranges = tasks;
    bool cut = failures != NULL;
    if (cut && split->changes)
        cut_by_terms(split, tasks, cuts, &ranges);
    else if (cut)
        cut_evenly(point_count, tasks, cuts);
    split->cuts = cut ? cuts : whole;
    split->failures = cut ? failures : &whole_failure;
    ranges = cut ? ranges : 1;
    for (size_t t = 0; t < ranges; t++)
        split->failures[t] = CPLOT_STATUS_SUCCESS;
    cplot_parallel_run(ranges, task, split);
    cplot_status_t status = CPLOT_STATUS_SUCCESS;
    for (size_t t = 0; t < ranges && status == CPLOT_STATUS_SUCCESS; t++)
        status = split->failures[t];
    free(cuts);
    free(failures);
    return status;
}

cplot_status_t cplot_kde_evaluate(const double *values, size_t count, double bandwidth,
                                  const double *points, size_t point_count, bool cumulative,
                                  double *density)
{
    if ((count > 0 && !values) || (point_count > 0 && (!points || !density)))
        return CPLOT_STATUS_INVALID_ARGUMENT;
    if (!(bandwidth > 0.0) || !isfinite(bandwidth))
        return CPLOT_STATUS_INVALID_VALUE;
    size_t n = 0;
    for (size_t i = 0; i < count; i++)
        n += isfinite(values[i]) != 0;
    if (n == 0)
        return CPLOT_STATUS_INVALID_VALUE;
    if (point_count == 0)
        return CPLOT_STATUS_SUCCESS;
    kde_split_t split = {
        .values = values,
        .count = count,
        .used = n,
        .bandwidth = bandwidth,
        /* scipy's weights are ones(n) / n, multiplied into each term. */
        .weight = 1.0 / (double)n,
        /* scipy: norm = (2 pi)^(-1/2) / h; each term exp(-r^2/2) * norm. */
        .norm = pow(2.0 * M_PI, -0.5) / bandwidth,
        .exponential = kernel_exp(),
        .points = points,
        .density = density,
    };
    double all = (double)n * (double)point_count;
    if (cumulative)
        return run_split(&split, point_count, all * CPLOT_KDE_CDF_WORK, cumulative_task);
    /* Where the windows start and end, to cut the grid at equal numbers
     * of terms, when it may be cut at all (all: the most terms there are). */
    size_t *changes =
        tasks_for(all, true) > 1 ? cplot_calloc_array(2 * (point_count + 1), sizeof *changes) : NULL;
    kde_window_t window;
    cplot_status_t status;
    if (uniform_window(values, count, n, bandwidth, points, point_count, &window, changes)) {
        split.window = &window;
        split.changes = changes;
        status = run_split(&split, point_count, window.terms, uniform_task);
    } else {
        status = run_split(&split, point_count, all, exact_task);
    }
    free(changes);
    return status;
}

cplot_status_t cplot_kde_compute(const double *values, size_t count, const cplot_kde_options_t *options,
                                 cplot_kde_t *kde)
{
    if (!kde)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    memset(kde, 0, sizeof *kde);
    kde_fit_t result;
    cplot_kde_problem_t problem;
    cplot_status_t status = fit(values, count, options, &result, &problem);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    if (options->gridsize == 0 || !isfinite(options->cut) || isnan(options->clip_min) ||
        isnan(options->clip_max) || options->clip_min > options->clip_max)
        return CPLOT_STATUS_INVALID_VALUE;

    /* seaborn's _define_support_grid, with bw from kde.covariance. */
    double reach = result.covariance_sd * options->cut;
    double grid_min = fmax(result.minimum - reach, options->clip_min);
    double grid_max = fmin(result.maximum + reach, options->clip_max);
    if (!(grid_min <= grid_max) || !isfinite(grid_min) || !isfinite(grid_max))
        return CPLOT_STATUS_INVALID_VALUE;

    kde->grid = cplot_alloc_array(options->gridsize, sizeof *kde->grid);
    kde->density = cplot_alloc_array(options->gridsize, sizeof *kde->density);
    if (!kde->grid || !kde->density) {
        cplot_kde_release(kde);
        return CPLOT_STATUS_NO_MEMORY;
    }
    kde->count = options->gridsize;
    cplot_numpy_linspace(grid_min, grid_max, kde->count, kde->grid);
    /* scipy's integrate_box_1d takes its sd from the covariance too. */
    double bandwidth = options->cumulative ? result.covariance_sd : result.bandwidth;
    if (options->max_work > 0.0 && cplot_kde_work_exceeds(values, count, bandwidth, kde->grid, kde->count,
                                                          options->cumulative, options->max_work)) {
        cplot_kde_release(kde);
        return CPLOT_STATUS_LIMIT_EXCEEDED;
    }
    status = cplot_kde_evaluate(values, count, bandwidth, kde->grid, kde->count, options->cumulative,
                                kde->density);
    if (status != CPLOT_STATUS_SUCCESS) {
        cplot_kde_release(kde);
        return status;
    }
    kde->factor = result.factor;
    kde->bandwidth = result.bandwidth;
    kde->used = result.used;
    kde->nonfinite = count - result.used;
    return CPLOT_STATUS_SUCCESS;
}

double cplot_kde_work(const double *values, size_t count, double bandwidth, const double *points,
                      size_t point_count, bool cumulative)
{
    size_t used = 0;
    for (size_t i = 0; values && i < count; i++)
        used += isfinite(values[i]) != 0;
    double all = (double)used * (double)point_count;
    if (cumulative)
        return all * CPLOT_KDE_CDF_WORK;
    kde_window_t window;
    if (points && bandwidth > 0.0 && isfinite(bandwidth) &&
        uniform_window(values, count, used, bandwidth, points, point_count, &window, NULL))
        return window.terms;
    return all;
}

bool cplot_kde_work_exceeds(const double *values, size_t count, double bandwidth, const double *points,
                            size_t point_count, bool cumulative, double limit)
{
    /* Every term of every value: the bound that needs no window. */
    double most = (double)count * (double)point_count * (cumulative ? CPLOT_KDE_CDF_WORK : 1.0);
    return most > limit && cplot_kde_work(values, count, bandwidth, points, point_count, cumulative) > limit;
}

cplot_kde_problem_t cplot_kde_diagnose(const double *values, size_t count, const cplot_kde_options_t *options)
{
    kde_fit_t result;
    cplot_kde_problem_t problem;
    if (fit(values, count, options, &result, &problem) != CPLOT_STATUS_SUCCESS)
        return problem;
    /* The grid's ends overflow when the data sit near the ends of the
     * double range (cplot_kde_compute's other INVALID_VALUE). */
    double reach = result.covariance_sd * options->cut;
    if (isfinite(options->cut) && (!isfinite(result.minimum - reach) || !isfinite(result.maximum + reach)))
        return CPLOT_KDE_TOO_SPREAD;
    return CPLOT_KDE_FINE;
}
