/* The numerics behind the chart kinds: histogram bins and their stats,
 * Gaussian KDE, correlation matrices, summaries (mean, sd, se, quantiles,
 * Student t quantile, confidence intervals), least-squares regression with
 * its confidence band, and the variable orderings of correlograms.
 *
 * No drawing here: nothing below calls Cairo or Pango (cplot/cplot.h comes
 * in only for cplot_status_t). "Correct" means: the same numbers as the
 * tools users compare with (Debian 12: numpy 1.24, scipy 1.10, pandas 1.5,
 * seaborn 0.12, and R for the correlogram orders), see
 * shared/REFERENCE.md. Each function says where it follows them operation
 * by operation (so results are equal bit for bit, which matters wherever a
 * ceil() or a comparison follows) and where it deliberately does not.
 *
 * Conventions shared by every function below:
 * - Missing data: a value that is NaN or ±inf is "non-finite". Functions
 *   that take data skip non-finite values (pairwise for two columns) and
 *   say how many they skipped (cplot_numpy_sum* and
 *   cplot_quantile_sorted, the building blocks, take their input as is).
 * - Errors are values: CPLOT_STATUS_INVALID_ARGUMENT for a NULL pointer
 *   that is required or an unknown enum; CPLOT_STATUS_INVALID_VALUE for
 *   numbers that make the computation undefined (documented per function);
 *   CPLOT_STATUS_LIMIT_EXCEEDED past a documented limit;
 *   CPLOT_STATUS_NO_MEMORY when an (overflow-checked) allocation fails.
 *   A function that fails leaves its output struct zeroed (safe to
 *   release) and never prints.
 * - Result structs are owned by the caller: declare one (any contents),
 *   pass its address, and call the matching *_release() when done, also
 *   after a failure. Release functions are NULL-safe and leave the struct
 *   zeroed, so releasing twice is harmless.
 * - Input arrays are borrowed for the duration of the call only; no
 *   function keeps a pointer to its input. Pure functions of their
 *   arguments: distinct calls may run in parallel threads.
 */
#ifndef CPLOT_STATS_PRIVATE_H
#define CPLOT_STATS_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#include "cplot/cplot.h"

/* ================================================================ Bins */

/* More bins than this is an error (CPLOT_STATUS_LIMIT_EXCEEDED) rather
 * than an allocation: numpy allocates whatever a rule asks for, and 'fd'
 * on data with one far outlier asks for millions. */
#define CPLOT_BINS_MAX 100000

/* The 'stone' rule builds one histogram per candidate bin count, up to
 * max(100, sqrt(n)) of them, so it costs O(n * max(100, sqrt n)): about
 * 2 s for a million values (numpy: 11 s). Beyond this many (finite,
 * in-range) values it is refused with CPLOT_STATUS_LIMIT_EXCEEDED. */
#define CPLOT_BINS_STONE_MAX_VALUES 1000000

/* numpy.histogram_bin_edges' named rules (REFERENCE.md gives formulas). */
typedef enum cplot_bin_rule {
    CPLOT_BIN_RULE_AUTO, /* min(fd, sturges) when fd > 0, else sturges */
    CPLOT_BIN_RULE_FD,
    CPLOT_BIN_RULE_DOANE,
    CPLOT_BIN_RULE_SCOTT,
    CPLOT_BIN_RULE_STONE,
    CPLOT_BIN_RULE_RICE,
    CPLOT_BIN_RULE_STURGES,
    CPLOT_BIN_RULE_SQRT
} cplot_bin_rule_t;

/* How the edges are chosen. */
typedef enum cplot_bin_method {
    CPLOT_BIN_METHOD_RULE,    /* options.rule (numpy bins="<rule>") */
    CPLOT_BIN_METHOD_COUNT,   /* options.count equal bins (numpy bins=<int>) */
    CPLOT_BIN_METHOD_EDGES,   /* options.edges as given (numpy bins=<array>) */
    CPLOT_BIN_METHOD_WIDTH,   /* options.width (seaborn binwidth=) */
    CPLOT_BIN_METHOD_DISCRETE /* unit bins centred on integers (seaborn discrete=True) */
} cplot_bin_method_t;

typedef struct cplot_bin_options {
    cplot_bin_method_t method;
    cplot_bin_rule_t rule;  /* METHOD_RULE */
    size_t count;           /* METHOD_COUNT: 1 .. CPLOT_BINS_MAX */
    const double *edges;    /* METHOD_EDGES: borrowed during the call */
    size_t edge_count;      /* METHOD_EDGES: 2 .. CPLOT_BINS_MAX + 1 */
    double width;           /* METHOD_WIDTH: finite, > 0 */
    bool has_range;         /* numpy range= / seaborn binrange= */
    double range_min, range_max;
} cplot_bin_options_t;

/* Sets seaborn's histplot defaults: METHOD_RULE with RULE_AUTO, count 10
 * (numpy's default when METHOD_COUNT is chosen), no range. */
void cplot_bin_options_init(cplot_bin_options_t *options);

typedef struct cplot_bins {
    double *edges;      /* edge_count = bin_count + 1 ascending edges */
    size_t edge_count;
    double *counts;     /* bin_count counts (whole numbers, exact) */
    size_t bin_count;
    bool uniform;       /* equal-width bins, counted numpy's arithmetic way */
    size_t nonfinite;   /* values skipped because NaN or ±inf */
    size_t outside;     /* finite values outside [edges[0], edges[last]] */
} cplot_bins_t;

/* Histogram bin edges and counts of `values` (count of them; NULL is fine
 * when count is 0), as numpy.histogram(values[finite], bins, range) and
 * seaborn 0.12's histplot compute them.
 *
 * Edges, by method:
 * - RULE and COUNT: numpy.histogram_bin_edges. The outer edges are the
 *   range, else the finite data's min and max; equal outer edges become
 *   first - 0.5, last + 0.5; no data and no range gives (0, 1). A rule
 *   estimates a width h from the finite data inside the range (see
 *   REFERENCE.md; sums follow numpy's pairwise order and powers and logs
 *   are the libm calls numpy's Python-level code makes, so h is numpy's h
 *   to the bit, except that numpy on AVX-512 machines takes np.log2 and
 *   np.power from SVML, an ulp away at times: the bin count can then
 *   differ only where span / h is within an ulp of a whole number), then
 *   bins = ceil((last - first) / h), or 1 when h is 0 or no data is in the
 *   range. The edges are np.linspace(first, last, bins + 1): first + i*step
 *   with step = (last - first) / bins and the last edge exactly `last`.
 *   Where numpy fails we go on: when 'auto' (min of fd and sturges) asks
 *   for more than CPLOT_BINS_MAX bins (fd's, with far outliers) it takes
 *   sturges' instead; when finite data lie more than DBL_MAX apart, spans
 *   and widths are computed in halves ((max/2 - min/2) ... * 2) and the
 *   counting searches the edges.
 *   fd's quartiles are numpy.percentile's exactly, found by counting into
 *   coarse buckets and selecting inside the few that hold the ranks: O(n).
 * - EDGES: the given edges (finite, non-decreasing, at least 2), copied.
 * - WIDTH: seaborn's np.arange(start, stop + width, width) from the range
 *   or the data's min/max (arange's own arithmetic: start + i*((start +
 *   width) - start)), plus one more edge when arange stops short of `stop`
 *   or gives one edge, as seaborn's _statistics.Histogram does (seaborn
 *   0.12.2's univariate Hist lacks that fix and drops the top values or
 *   fails in those cases; we keep every value). Then, as seaborn passes
 *   bins=n, range=(min, max) on to numpy, the edges become
 *   linspace(first, last, n + 1) of those ends.
 * - DISCRETE: seaborn's np.arange(start - 0.5, stop + 1.5) the same way.
 *   WIDTH and DISCRETE with no data and no range give the edges (0, 1).
 *
 * Counting: bin i holds e_i <= v < e_(i+1), the last bin also v == last;
 * values outside are counted in `outside`, non-finite ones in `nonfinite`.
 * Equal-width bins (all methods but EDGES) use numpy's O(n) arithmetic
 * (index = (v - first) * bins / (last - first), truncated, then one
 * correction step against the edges), so values exactly on an edge land
 * where numpy puts them; EDGES use a binary search over the edges,
 * equivalent to numpy's searchsorted.
 *
 * Errors: INVALID_ARGUMENT for NULL options/bins or values == NULL with
 * count > 0, or an unknown method or rule; INVALID_VALUE for a range that
 * is not finite or has min > max, count 0, edges that are not finite or
 * decrease or are fewer than 2, a width that is not finite and > 0, or
 * outer edges whose difference overflows or stays 0 after widening (|v|
 * around 1e16 and more; numpy crashes there); LIMIT_EXCEEDED for more than
 * CPLOT_BINS_MAX bins or 'stone' on more than CPLOT_BINS_STONE_MAX_VALUES
 * values; NO_MEMORY. */
cplot_status_t cplot_bins_compute(const double *values, size_t count,
                                  const cplot_bin_options_t *options, cplot_bins_t *bins);

/* How many of the values are finite, and the least and greatest of those
 * (INFINITY and -INFINITY when none is): the first thing
 * cplot_bins_compute finds out, in a pass over the data. */
typedef struct cplot_value_range {
    size_t finite;
    double minimum, maximum;
} cplot_value_range_t;

void cplot_value_range_of(const double *values, size_t count, cplot_value_range_t *range);

/* cplot_value_range_of in one pass on the calling thread, for callers
 * already on a task of their own (a reader's chunk). */
void cplot_value_range_scan(const double *values, size_t count, cplot_value_range_t *range);

/* Extends `range` (of earlier values) by `next` (of the values right
 * after them): the range of both, as one pass over them all finds it (an
 * equal extreme, 0 and -0, stays the first one met). */
void cplot_value_range_merge(cplot_value_range_t *range, const cplot_value_range_t *next);

/* cplot_bins_compute with the range of `values` known beforehand (from
 * cplot_value_range_of on the same values), saving that pass over large
 * data. */
cplot_status_t cplot_bins_compute_in_range(const double *values, size_t count,
                                           const cplot_value_range_t *range,
                                           const cplot_bin_options_t *options, cplot_bins_t *bins);

/* Counts another data set into the edges of `shared` (seaborn's
 * common_bins for hue groups): `out` gets a copy of the edges and the
 * counts of `values`, counted the way `shared` was (arithmetic for uniform
 * bins, search otherwise). `out` must not be `shared`. Errors:
 * INVALID_ARGUMENT (NULLs, or `shared` holds no edges), NO_MEMORY. */
cplot_status_t cplot_bins_recount(const cplot_bins_t *shared, const double *values, size_t count,
                                  cplot_bins_t *out);

/* Frees the arrays and zeroes the struct. NULL is fine. */
void cplot_bins_release(cplot_bins_t *bins);

/* seaborn's histogram statistics. */
typedef enum cplot_histogram_stat {
    CPLOT_HISTOGRAM_STAT_COUNT,
    CPLOT_HISTOGRAM_STAT_FREQUENCY,   /* count / width */
    CPLOT_HISTOGRAM_STAT_PROBABILITY, /* count / total (seaborn: also "proportion") */
    CPLOT_HISTOGRAM_STAT_PERCENT,     /* count / total * 100 */
    CPLOT_HISTOGRAM_STAT_DENSITY      /* count / width / total */
} cplot_histogram_stat_t;

/* Bar heights from counts, as seaborn 0.12's Hist._normalize and histplot
 * compute them, into `heights` (bin_count entries, caller's array; may be
 * `counts` itself). `edges` has bin_count + 1 entries.
 *
 * `total` is the count the heights are normalised by; 0 means the sum of
 * `counts` (seaborn: hist.sum(), the values inside the bins). When the
 * total is 0 (no values) the normalised heights are 0, where seaborn
 * divides 0 by 0 and draws NaN. `cumulative` accumulates the heights
 * (times the widths first for FREQUENCY and DENSITY, so the last height
 * is the total area). Then every stat but COUNT is multiplied by
 * `group_fraction`, seaborn's common_norm scaling n_group / n_total
 * (pass 1 for a single histogram; seaborn never scales counts).
 *
 * Errors: INVALID_ARGUMENT (NULLs with bin_count > 0, unknown stat),
 * INVALID_VALUE (total or group_fraction negative or not finite). */
cplot_status_t cplot_histogram_heights(const double *counts, const double *edges, size_t bin_count,
                                       cplot_histogram_stat_t stat, bool cumulative, double total,
                                       double group_fraction, double *heights);

/* ================================================================= KDE */

typedef enum cplot_kde_bandwidth {
    CPLOT_KDE_BANDWIDTH_SCOTT,     /* factor n^(-1/5) */
    CPLOT_KDE_BANDWIDTH_SILVERMAN, /* factor (3n/4)^(-1/5) */
    CPLOT_KDE_BANDWIDTH_SCALAR     /* factor = options.factor */
} cplot_kde_bandwidth_t;

typedef struct cplot_kde_options {
    cplot_kde_bandwidth_t bandwidth; /* scipy's bw_method */
    double factor;                   /* BANDWIDTH_SCALAR: finite, > 0 */
    double adjust;                   /* seaborn bw_adjust: finite, > 0 */
    size_t gridsize;                 /* >= 1 */
    double cut;                      /* finite */
    double clip_min, clip_max;       /* ±inf: no clipping */
    bool cumulative;                 /* the integral from the grid's start */
    double max_work;                 /* cplot_kde_work above this: LIMIT_EXCEEDED; 0: no limit */
} cplot_kde_options_t;

/* One term of a cumulative estimate (two erfc calls) in kernel terms. */
#define CPLOT_KDE_CDF_WORK 16.0

/* seaborn kdeplot's defaults: Scott, adjust 1, gridsize 200, cut 3, no
 * clip, not cumulative, no work limit. (histplot's kde overlay uses cut 0.) */
void cplot_kde_options_init(cplot_kde_options_t *options);

typedef struct cplot_kde {
    double *grid;      /* count points */
    double *density;   /* count values (or the cumulative integral) */
    size_t count;
    double factor;     /* scipy's kde.factor times the adjust */
    double bandwidth;  /* kernel sd: factor * sample sd (ddof 1) */
    size_t used;       /* finite values the estimate is built from */
    size_t nonfinite;  /* values skipped */
} cplot_kde_t;

/* Bandwidth of scipy.stats.gaussian_kde (1-D, unweighted) as seaborn sets
 * it: factor = rule factor (n = finite values) * adjust; bandwidth =
 * sqrt(var) * factor with var the ddof-1 variance. Either output pointer
 * may be NULL. Errors: INVALID_ARGUMENT (values NULL with count > 0,
 * options NULL, unknown rule); INVALID_VALUE when fewer than 2 finite
 * values or their variance is 0 (scipy raises and seaborn skips the
 * curve), or factor/adjust not finite and > 0. */
cplot_status_t cplot_kde_fit(const double *values, size_t count, const cplot_kde_options_t *options,
                             double *factor, double *bandwidth);

/* The density of the finite `values` with kernel sd `bandwidth` at each of
 * `points` (point_count of them) into `density` (caller's array): the mean
 * of normal pdfs, summed data point by data point in order like scipy's
 * gaussian_kernel_estimate. With `cumulative`, the integral from
 * points[0] to each point instead (scipy's integrate_box_1d, which seaborn
 * uses): the mean of Phi((p - x)/bw) - Phi((points[0] - x)/bw).
 * Residuals are formed as (x - p)/bw where scipy computes x/bw - p/bw; the
 * two agree to ~1e-15 relative unless |x|/bw is huge (data far from 0
 * compared with its spread), where scipy loses digits and we don't.
 * Cost, when `points` are evenly spaced (to a few ulps; every grid here
 * is) and not cumulative: each datum adds only to the points within R =
 * sqrt(m^2 + 2 (ln n + 40)) bandwidths of it, m the largest distance in
 * bandwidths from a point to its nearest datum, so all the terms left out
 * together stay below e^-40 of every estimate. Each kept term is the same
 * exp() the full loop computes, added in data order, so the estimates
 * equal the full loop's (checked on every spec: `cplot inspect` output is
 * unchanged). 10,000 normal values on 200 points: about 1/3 of the
 * kernel evaluations of the full loop.
 * Otherwise O(used * point_count) exp() calls (as scipy), or erfc pairs
 * when cumulative. Grids whose offsets exceed 1e4 bandwidths take that
 * exact path too. cplot_kde_work tells the cost first. No limit here: see
 * cplot_kde_options_t.max_work. Errors: INVALID_ARGUMENT (NULLs);
 * INVALID_VALUE (no finite value, bandwidth not finite and > 0). */
cplot_status_t cplot_kde_evaluate(const double *values, size_t count, double bandwidth,
                                  const double *points, size_t point_count, bool cumulative,
                                  double *density);

/* The exp() cplot_kde_evaluate's kernel calls: glibc's core without its
 * errno wrapper where it can be found, else exp() (see kde.c). Either way
 * the same double as exp() for every argument. */
double cplot_kde_exp(double x);

/* seaborn's KDE: fit as cplot_kde_fit, then the grid np.linspace(max(min
 * - cut*bw, clip_min), min(max + cut*bw, clip_max), gridsize) with bw =
 * sqrt(var * factor^2) as seaborn takes it from kde.covariance, then
 * cplot_kde_evaluate on it. Errors: those of cplot_kde_fit, INVALID_VALUE
 * for gridsize 0, cut not finite, clip_min > clip_max or NaN, or a grid
 * that ends up empty or reversed by the clip; LIMIT_EXCEEDED when
 * options.max_work > 0 and cplot_kde_work says more; NO_MEMORY. */
cplot_status_t cplot_kde_compute(const double *values, size_t count, const cplot_kde_options_t *options,
                                 cplot_kde_t *kde);

void cplot_kde_release(cplot_kde_t *kde);

/* The number of kernel terms cplot_kde_evaluate will add up for these
 * arguments: on an evenly spaced grid only the points near each datum
 * count (see cplot_kde_evaluate), else used * point_count; cumulative
 * terms count CPLOT_KDE_CDF_WORK each. O(used + point_count). */
double cplot_kde_work(const double *values, size_t count, double bandwidth, const double *points,
                      size_t point_count, bool cumulative);

/* cplot_kde_work(...) > limit, without its O(used + point_count) pass
 * when count * point_count (times CPLOT_KDE_CDF_WORK) stays within. */
bool cplot_kde_work_exceeds(const double *values, size_t count, double bandwidth, const double *points,
                            size_t point_count, bool cumulative, double limit);

/* Why cplot_kde_compute would fail with INVALID_VALUE on these values,
 * for messages: fewer than two finite values, no spread a double shows
 * (all equal, or a variance or bandwidth that underflows), more spread
 * than a double holds (the variance, bandwidth or grid overflows), or
 * options out of their domain. */
typedef enum cplot_kde_problem {
    CPLOT_KDE_FINE,
    CPLOT_KDE_TOO_FEW,
    CPLOT_KDE_NO_SPREAD,
    CPLOT_KDE_TOO_SPREAD,
    CPLOT_KDE_BAD_OPTIONS
} cplot_kde_problem_t;

cplot_kde_problem_t cplot_kde_diagnose(const double *values, size_t count,
                                       const cplot_kde_options_t *options);

/* ========================================================= Correlation */

typedef enum cplot_correlation_method {
    CPLOT_CORRELATION_PEARSON,
    CPLOT_CORRELATION_SPEARMAN,
    CPLOT_CORRELATION_KENDALL
} cplot_correlation_method_t;

typedef struct cplot_correlation {
    double *values;    /* size x size, row-major, symmetric */
    size_t size;
} cplot_correlation_t;

/* pandas 1.5 DataFrame(columns).corr(method, min_periods): column_count
 * columns of row_count rows each (columns[c][r]).
 *
 * Each pair of columns uses the rows where both are finite (pairwise
 * deletion; pandas masks with isfinite too, so ±inf counts as missing).
 * Fewer such rows than min_periods gives NaN.
 * - pearson: pandas' nancorr, Welford updates in row order, with the
 *   later column of the pair in the "x" role as pandas has it, so results
 *   equal pandas' bit for bit; zero variance gives NaN (also on the
 *   diagonal: a constant column has NaN there).
 * - spearman: average ranks of the pair's complete rows, then pandas'
 *   centred sums with mean (n+1)/2. pandas reuses whole-column ranks when
 *   both columns miss the same rows, which shifts them when a -inf is
 *   among those rows (ranked, then dropped); we always rank the complete
 *   rows, which is what pandas computes whenever that quirk is absent.
 * - kendall: tau-b as scipy.stats.kendalltau computes it (integer counts
 *   of discordant pairs by merge sort, O(n log n); tau =
 *   (tot - xtie - ytie + ntie - 2 dis) / sqrt(tot - xtie) / sqrt(tot -
 *   ytie), clipped to [-1, 1]); NaN when either column is constant on
 *   the complete rows (or there is at most one row). As pandas, the
 *   diagonal is 1 whenever the column has min_periods finite values, even
 *   a constant one.
 * Columns that miss exactly the same rows (all of them, when nothing is
 * missing) share their per-column work: pearson's Welford sequences,
 * spearman's ranks and kendall's sorted ranks are computed once per
 * column; a pair of columns that miss different rows is computed on its
 * own complete rows. Results are the same either way, bit for bit.
 * Cost: pearson O(k^2 n); spearman O(k n + k^2 n) (radix sort); kendall
 * O(k n + k^2 n log n); plus O(n) per column for each pair whose missing
 * rows differ (O(n log n) for kendall).
 *
 * Errors: INVALID_ARGUMENT (NULLs where row_count and column_count are
 * > 0, unknown method); LIMIT_EXCEEDED (row_count of UINT32_MAX or more:
 * rows are numbered in 32 bits); NO_MEMORY. column_count 0 gives an
 * empty matrix. */
cplot_status_t cplot_correlation_matrix(const double *const *columns, size_t column_count,
                                        size_t row_count, cplot_correlation_method_t method,
                                        size_t min_periods, cplot_correlation_t *result);

/* One coefficient: entry [0][1] of the matrix of the two columns {x, y}. */
cplot_status_t cplot_correlation_pair(const double *x, const double *y, size_t count,
                                      cplot_correlation_method_t method, size_t min_periods,
                                      double *r);

void cplot_correlation_release(cplot_correlation_t *result);

/* ======================================================= Summaries */

/* Summation in numpy's order (np.add.reduce of a contiguous float64 array:
 * pairwise with 8-way unrolling inside blocks of 8192, blocks added in
 * order), so means and variances match numpy's to the bit. All values
 * are used (no filtering); 0 for count 0. */
double cplot_numpy_sum(const double *values, size_t count);

/* What cplot_numpy_sum_mapped adds up for each value v. */
typedef enum cplot_numpy_map {
    CPLOT_NUMPY_MAP_IDENTITY,        /* v */
    CPLOT_NUMPY_MAP_SQUARED_DEVIATION, /* d * d, d = v - center (numpy var) */
    CPLOT_NUMPY_MAP_CUBED_SCORE      /* pow((v - center) / scale, 3) (numpy's doane) */
} cplot_numpy_map_t;

/* cplot_numpy_sum of the mapped values, without storing them. */
double cplot_numpy_sum_mapped(const double *values, size_t count, cplot_numpy_map_t map, double center,
                              double scale);

/* np.linspace(start, stop, count) into `out` (count entries): start + i *
 * step with step = (stop - start) / (count - 1) (numpy's special case when
 * that step underflows to 0: i / (count - 1) * (stop - start)), and the
 * last entry exactly `stop`; count 1 gives {start}. */
void cplot_numpy_linspace(double start, double stop, size_t count, double *out);

typedef struct cplot_summary {
    size_t count;      /* finite values used */
    size_t nonfinite;  /* values skipped */
    double mean;       /* numpy mean; NaN when count is 0 */
    double sd;         /* sample sd, ddof 1 (numpy std(ddof=1)); NaN when count < 2 */
    double se;         /* sd / sqrt(count) */
    double ci_low;     /* mean -/+ t(1 - (1 - level)/2, count - 1) * se */
    double ci_high;    /* (NaN when count < 2) */
} cplot_summary_t;

/* Summary of the finite values with a `level` confidence interval (0.95
 * for 95%). Errors: INVALID_ARGUMENT (NULL summary, values NULL with
 * count > 0), INVALID_VALUE (level not inside (0, 1)). */
cplot_status_t cplot_summary_compute(const double *values, size_t count, double level,
                                     cplot_summary_t *summary);

/* numpy.quantile(sorted, probability) with the default 'linear' method on
 * `sorted` (count finite values in ascending order; not checked): virtual
 * index (count - 1) * probability, then numpy's _lerp (a + (b-a)*g below
 * g = 0.5, b - (b-a)*(1-g) from there). numpy.percentile(x, p) is this
 * with probability = p / 100. NaN when count is 0 or probability is
 * outside [0, 1] or NaN. */
double cplot_quantile_sorted(const double *sorted, size_t count, double probability);

/* The quantiles of the finite `values` (any order) at each probability
 * into `results` (caller's array of probability_count). Sorts a private
 * copy: O(n log n). With no finite value every result is NaN. Errors:
 * INVALID_ARGUMENT (NULLs), INVALID_VALUE (a probability outside [0, 1]
 * or NaN), NO_MEMORY. */
cplot_status_t cplot_quantiles(const double *values, size_t count, const double *probabilities,
                               size_t probability_count, double *results);

/* numpy.median of the finite values (the middle one, or the mean (a+b)/2
 * of the middle two; a/2 + b/2 when a + b overflows, where numpy gives
 * inf). NaN when there is no finite value. Errors as cplot_quantiles. */
cplot_status_t cplot_median(const double *values, size_t count, double *median);

/* The standard normal quantile: Halley steps on libm's erfc (tails) or
 * erf (centre) from a 4e-4 rational start (Abramowitz & Stegun 26.2.23),
 * ~1e-15 relative. -inf at 0, +inf at 1, NaN outside [0, 1]. */
double cplot_normal_quantile(double probability);

/* The Student t quantile: t with P(T <= t) = probability for `df` > 0
 * degrees of freedom (real df allowed; +inf gives the normal quantile).
 * Closed forms for df 1 and 2; the Cornish-Fisher expansion to df^-4
 * beyond df 2e4; otherwise Hill's algorithm 396 (R's start) refined by
 * safeguarded Newton steps on an accurate regularised incomplete beta
 * (continued fraction; log Gamma(a + 1/2) - log Gamma(a) from Stirling's
 * series, not from two lgamma values whose difference cancels). Solves
 * in whichever of the tail or the central probability is smaller, so
 * p near 1/2 keeps its relative accuracy. Measured against 40-digit
 * mpmath: <= 2.1e-14 relative at p = 0.975 for df 1..1000, <= 1.2e-13
 * over p from 1e-10 to 1 - 1e-5 and df from 0.5 to 1e7. scipy 1.10's
 * t.ppf (cdflib, tolerance 1e-8) is itself off by up to ~2e-9 relative
 * (4e-11 at df 2), so we agree with it to that, not to 1e-12. NaN for
 * probability outside [0, 1], NaN, or df not > 0; ±inf at 0 and 1. */
double cplot_t_quantile(double probability, double df);

/* ===================================================== Regression */

typedef struct cplot_regression {
    size_t count;        /* complete (x, y) pairs used */
    size_t skipped;      /* pairs with a non-finite x or y */
    double intercept;    /* y = intercept + slope * x, ordinary least squares */
    double slope;
    double x_mean;
    double x_min, x_max;
    double sxx;          /* sum (x - x_mean)^2 */
    double residual_sd;  /* s = sqrt(SSE / (count - 2)) */
    double t_value;      /* t(1 - (1 - level)/2, count - 2) */
    double level;
} cplot_regression_t;

/* Least-squares line through the complete pairs, with what the confidence
 * band needs. Means and sums are centred two-pass sums in numpy's order,
 * residuals formed from centred values, so the fit agrees with
 * numpy.polyfit(x, y, 1) to ~1e-13 relative on well-conditioned data
 * (and is the more accurate of the two when x sits far from 0 compared
 * with its spread, where polyfit's Vandermonde solve loses digits).
 * Errors: INVALID_ARGUMENT (NULLs with count > 0), INVALID_VALUE (level
 * not inside (0, 1), fewer than 3 complete pairs, or all x equal). */
cplot_status_t cplot_regression_fit(const double *x, const double *y, size_t count, double level,
                                    cplot_regression_t *fit);

/* The fitted value at x0 and the half-width of the confidence band for the
 * mean response there: t * s * sqrt(1/n + (x0 - x_mean)^2 / sxx). Either
 * output may be NULL. */
void cplot_regression_predict(const cplot_regression_t *fit, double x0, double *fitted,
                              double *half_width);

typedef struct cplot_regression_band {
    double *x, *fitted, *lower, *upper; /* count points each */
    size_t count;
} cplot_regression_band_t;

/* The line and its band on np.linspace(x_start, x_stop, count) (seaborn's
 * regplot grid: 100 points over the data range). Errors: INVALID_ARGUMENT
 * (NULLs), INVALID_VALUE (count 0, ends not finite), NO_MEMORY. */
cplot_status_t cplot_regression_band(const cplot_regression_t *fit, double x_start, double x_stop,
                                     size_t count, cplot_regression_band_t *band);

void cplot_regression_band_release(cplot_regression_band_t *band);

/* ============================================== Correlogram orders */

typedef enum cplot_correlation_order {
    CPLOT_CORRELATION_ORDER_ORIGINAL,
    CPLOT_CORRELATION_ORDER_ALPHABET,
    CPLOT_CORRELATION_ORDER_HCLUST,
    CPLOT_CORRELATION_ORDER_FPC,
    CPLOT_CORRELATION_ORDER_AOE
} cplot_correlation_order_t;

/* The order R's corrplot::corrMatOrder gives a correlation matrix
 * (`matrix`, size x size, row-major; only the lower triangle is read, as
 * R's as.dist and LAPACK's uplo = "L" do): permutation[k] (caller's array
 * of `size`) is the 0-based variable shown k-th.
 * - ORIGINAL: 0, 1, 2, ...
 * - ALPHABET: `names` (size UTF-8 strings) sorted with ASCII letters
 *   compared case-blind (lower case first on a tie), other bytes by value,
 *   ties kept in input order. R sorts by the locale's collation, which
 *   agrees for names of letters and digits but, in en_US, also ignores
 *   punctuation ("a_b" vs "ab"); ours is the same on every machine.
 * - HCLUST: cplot_hclust_order on 1 - r (complete linkage).
 * - FPC: order(e1), ascending and stable, e1 the eigenvector of the
 *   largest eigenvalue (corrplot's reorder_using_fpc).
 * - AOE: order(alpha), alpha_i = atan(e2_i / e1_i), plus pi where e1_i <=
 *   0 (corrplot's reorder_using_aoe; Friendly 2002); NaN angles last.
 *   Eigenvectors come from cyclic Jacobi rotations (accurate to ~1e-15).
 *   Their sign is free: R takes LAPACK dsyevr's, which its MRRR algorithm
 *   fixes by making the eigenvector's entry at the "twist index" positive
 *   in the basis of the Householder tridiagonal form. We compute that
 *   tridiagonal form as dsytrd does and make the entry of largest
 *   magnitude positive there, which is the twist index in most cases (the
 *   2 x 2 case follows dlaev2 exactly). Measured against dsyevr on random
 *   correlation matrices this picks R's sign about 93% of the time for the
 *   first eigenvector; otherwise FPC comes out reversed and AOE rotated
 *   or reflected, which R itself does between LAPACK builds.
 * Errors: INVALID_ARGUMENT (NULL matrix or permutation with size > 0,
 * NULL names or a NULL name for ALPHABET, unknown order); INVALID_VALUE
 * (a non-finite entry for HCLUST, FPC or AOE: R fails there too);
 * NO_MEMORY. size 0 does nothing; size 1 gives {0}. */
cplot_status_t cplot_correlation_order(const double *matrix, size_t size, const char *const *names,
                                       cplot_correlation_order_t order, size_t *permutation);

/* Leaf order of R's hclust(as.dist(distances), method = "complete"), as
 * order.dendrogram(as.dendrogram(hc)) reports it: F. Murtagh's
 * nearest-neighbour-list algorithm of R's hclust.f (merge the pair with
 * the smallest listed distance, first in index order on ties; the merged
 * cluster keeps the smaller index) and hcass2's leaf order (singleton
 * before cluster, then smaller index or earlier merge first). With no
 * ties this equals scipy.cluster.hierarchy.leaves_list(linkage(...,
 * 'complete')), whose merge order and left/right convention are the same;
 * with ties scipy may pair and order differently, and we follow R because
 * corrplot users compare with R. `distances` is size x size row-major,
 * only the lower triangle is read. O(size^3) worst case, fine for the
 * variables of a correlogram. Errors: INVALID_ARGUMENT (NULLs with size >
 * 0), INVALID_VALUE (a non-finite distance), NO_MEMORY. */
cplot_status_t cplot_hclust_order(const double *distances, size_t size, size_t *permutation);

#endif
