/* Summaries: numpy-ordered sums, quantiles, the normal and Student t
 * quantiles, mean/sd/se/confidence intervals, and least-squares
 * regression with its confidence band. See stats-private.h. */
#include "stats-private.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "memory-private.h"

/* ------------------------------------------------------- numpy's sums */

/* numpy's reduction hands its inner loop at most this many elements at a
 * time (the iterator's buffer size) and adds the partial sums in order. */
#define NUMPY_REDUCE_BLOCK 8192
/* Below this many elements numpy's pairwise_sum stops splitting. */
#define NUMPY_PAIRWISE_BLOCK 128

static inline double mapped_value(double value, cplot_numpy_map_t map, double center, double scale)
{
    switch (map) {
    case CPLOT_NUMPY_MAP_SQUARED_DEVIATION: {
        double deviation = value - center;
        return deviation * deviation;
    }
    case CPLOT_NUMPY_MAP_CUBED_SCORE:
        return pow((value - center) / scale, 3.0);
    case CPLOT_NUMPY_MAP_IDENTITY:
    default:
        return value;
    }
}

/* numpy's pairwise_sum_DOUBLE, element for element: eight running sums
 * below PW_BLOCKSIZE, split in halves (rounded to multiples of 8) above. */
static double pairwise_sum(const double *values, size_t count, cplot_numpy_map_t map, double center,
                           double scale)
{
    if (count < 8) {
        double sum = 0.0;
        for (size_t i = 0; i < count; i++)
            sum += mapped_value(values[i], map, center, scale);
        return sum;
    }
    if (count <= NUMPY_PAIRWISE_BLOCK) {
        double partial[8];
        for (size_t j = 0; j < 8; j++)
            partial[j] = mapped_value(values[j], map, center, scale);
        size_t i = 8;
        for (; i < count - count % 8; i += 8)
            for (size_t j = 0; j < 8; j++)
                partial[j] += mapped_value(values[i + j], map, center, scale);
        double sum = ((partial[0] + partial[1]) + (partial[2] + partial[3])) +
                     ((partial[4] + partial[5]) + (partial[6] + partial[7]));
        for (; i < count; i++)
            sum += mapped_value(values[i], map, center, scale);
        return sum;
    }
    size_t half = count / 2;
    half -= half % 8;
    return pairwise_sum(values, half, map, center, scale) +
           pairwise_sum(values + half, count - half, map, center, scale);
}

double cplot_numpy_sum_mapped(const double *values, size_t count, cplot_numpy_map_t map, double center,
                              double scale)
{
    double sum = 0.0;
    for (size_t start = 0; start < count; start += NUMPY_REDUCE_BLOCK) {
        size_t block = count - start < NUMPY_REDUCE_BLOCK ? count - start : NUMPY_REDUCE_BLOCK;
        sum += pairwise_sum(values + start, block, map, center, scale);
    }
    return sum;
}

double cplot_numpy_sum(const double *values, size_t count)
{
    return cplot_numpy_sum_mapped(values, count, CPLOT_NUMPY_MAP_IDENTITY, 0.0, 1.0);
}

void cplot_numpy_linspace(double start, double stop, size_t count, double *out)
{
    if (count == 0)
        return;
    out[0] = start;
    if (count == 1)
        return;
    double divisions = (double)(count - 1);
    double delta = stop - start;
    double step = delta / divisions;
    if (isinf(delta) && isfinite(start) && isfinite(stop)) {
        /* Ends more than DBL_MAX apart (numpy gives inf and NaN): in
         * halves, which cannot overflow, between them. */
        double half_step = (stop * 0.5 - start * 0.5) / divisions;
        for (size_t i = 1; i < count; i++)
            out[i] = ((double)i * half_step + start * 0.5) * 2.0;
        out[count - 1] = stop;
        return;
    }
    for (size_t i = 1; i < count; i++) {
        /* Separate statements keep compilers from fusing the multiply and
         * add into one FMA, which numpy does not do. */
        double offset;
        if (step == 0.0) {
            double fraction = (double)i / divisions;
            offset = fraction * delta;
        } else {
            offset = (double)i * step;
        }
        out[i] = offset + start;
    }
    out[count - 1] = stop;
}

/* --------------------------------------------------------- Quantiles */

double cplot_quantile_sorted(const double *sorted, size_t count, double probability)
{
    if (count == 0 || !(probability >= 0.0 && probability <= 1.0))
        return NAN;
    double virtual_index = (double)(count - 1) * probability;
    if (virtual_index >= (double)(count - 1))
        return sorted[count - 1];
    double previous = floor(virtual_index);
    size_t below = (size_t)previous;
    double gamma = virtual_index - previous;
    double a = sorted[below], b = sorted[below + 1];
    double difference = b - a;
    /* numpy's _lerp: from whichever end is nearer, so the result is exact
     * at both ends and monotone in between. */
    if (gamma >= 0.5) {
        double back = difference * (1.0 - gamma);
        return b - back;
    }
    double forward = difference * gamma;
    return a + forward;
}

static int compare_doubles(const void *left, const void *right)
{
    double a = *(const double *)left, b = *(const double *)right;
    return (a > b) - (a < b);
}

/* A sorted copy of the finite values; *sorted is NULL when there are none. */
static cplot_status_t sorted_finite_copy(const double *values, size_t count, double **sorted,
                                         size_t *finite_count)
{
    *sorted = NULL;
    *finite_count = 0;
    size_t finite = 0;
    for (size_t i = 0; i < count; i++)
        finite += isfinite(values[i]) != 0;
    if (finite == 0)
        return CPLOT_STATUS_SUCCESS;
    double *copy = cplot_alloc_array(finite, sizeof *copy);
    if (!copy)
        return CPLOT_STATUS_NO_MEMORY;
    size_t next = 0;
    for (size_t i = 0; i < count; i++)
        if (isfinite(values[i]))
            copy[next++] = values[i];
    qsort(copy, finite, sizeof *copy, compare_doubles);
    *sorted = copy;
    *finite_count = finite;
    return CPLOT_STATUS_SUCCESS;
}

cplot_status_t cplot_quantiles(const double *values, size_t count, const double *probabilities,
                               size_t probability_count, double *results)
{
    if ((count > 0 && !values) || (probability_count > 0 && (!probabilities || !results)))
        return CPLOT_STATUS_INVALID_ARGUMENT;
    for (size_t i = 0; i < probability_count; i++)
        if (!(probabilities[i] >= 0.0 && probabilities[i] <= 1.0))
            return CPLOT_STATUS_INVALID_VALUE;
    double *sorted;
    size_t finite;
    cplot_status_t status = sorted_finite_copy(values, count, &sorted, &finite);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    for (size_t i = 0; i < probability_count; i++)
        results[i] = cplot_quantile_sorted(sorted, finite, probabilities[i]);
    free(sorted);
    return CPLOT_STATUS_SUCCESS;
}

cplot_status_t cplot_median(const double *values, size_t count, double *median)
{
    if ((count > 0 && !values) || !median)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    double *sorted;
    size_t finite;
    cplot_status_t status = sorted_finite_copy(values, count, &sorted, &finite);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    if (finite == 0) {
        *median = NAN;
    } else if (finite % 2 == 1) {
        *median = sorted[finite / 2];
    } else {
        double a = sorted[finite / 2 - 1], b = sorted[finite / 2];
        double sum = a + b;
        *median = isfinite(sum) ? sum / 2.0 : a / 2.0 + b / 2.0;
    }
    free(sorted);
    return CPLOT_STATUS_SUCCESS;
}

/* ---------------------------------------------------- Normal quantile */

static double normal_density(double x)
{
    return exp(-0.5 * x * x) / sqrt(2.0 * M_PI);
}

double cplot_normal_quantile(double probability)
{
    if (!(probability >= 0.0 && probability <= 1.0))
        return NAN;
    if (probability == 0.0)
        return -INFINITY;
    if (probability == 1.0)
        return INFINITY;
    if (probability == 0.5)
        return 0.0;
    /* Work with the lower tail p <= 0.5 (1 - probability is exact for
     * probability >= 0.5), and return -x for the upper one. */
    bool upper = probability > 0.5;
    double tail = upper ? 1.0 - probability : probability;
    double t = sqrt(-2.0 * log(tail));
    double x = -(t - (2.515517 + t * (0.802853 + t * 0.010328)) /
                         (1.0 + t * (1.432788 + t * (0.189269 + t * 0.001308))));
    /* Near the centre the tail probability cancels against 0.5, so solve
     * erf(|x|/sqrt 2) = 1 - 2 tail there instead; 0.5 - tail is exact. */
    bool central = tail > 0.25;
    double central_target = 2.0 * (0.5 - tail);
    for (int iteration = 0; iteration < 8; iteration++) {
        double error;
        if (central)
            error = 0.5 * erf(x / M_SQRT2) + 0.5 * central_target; /* Phi(x) - tail */
        else
            error = 0.5 * erfc(-x / M_SQRT2) - tail;
        double density = normal_density(x);
        if (density == 0.0)
            break;
        double newton = error / density;
        /* Halley: the second derivative of Phi is -x * phi. */
        double step = newton / (1.0 + 0.5 * x * newton);
        x -= step;
        if (fabs(step) <= 1e-17 * fabs(x))
            break;
    }
    return upper ? -x : x;
}

/* --------------------------------------------- Student t distribution */

/* log(Gamma(a + 1/2) / Gamma(a)) to ~1e-16 absolute. lgamma's values grow
 * like a log a and the difference of two of them loses that many digits,
 * so use Stirling's series for the difference itself. */
static double log_gamma_half_ratio(double a)
{
    double shift = 0.0;
    /* Recurrence: R(a) = R(a + 1) * a / (a + 1/2). */
    while (a < 10.0) {
        shift -= log1p(0.5 / a);
        a += 1.0;
    }
    /* a * log1p(u) - 1/2 with u = 1/(2a), as a series: the two terms
     * nearly cancel. */
    double u = 0.5 / a;
    double series = 0.0, power = u, sign = -1.0;
    for (int k = 2; k < 40; k++) {
        double term = sign * power / (2.0 * k);
        series += term;
        if (fabs(term) < 1e-20)
            break;
        power *= u;
        sign = -sign;
    }
    double z1 = a + 0.5, z0 = a;
    double stirling1 = 0.0, stirling0 = 0.0;
    static const double coefficients[] = {1.0 / 12.0,        -1.0 / 360.0, 1.0 / 1260.0,
                                          -1.0 / 1680.0,     1.0 / 1188.0, -691.0 / 360360.0,
                                          1.0 / 156.0,       -3617.0 / 122400.0};
    double inverse1 = 1.0 / z1, inverse0 = 1.0 / z0;
    double power1 = inverse1, power0 = inverse0;
    for (size_t k = 0; k < sizeof coefficients / sizeof coefficients[0]; k++) {
        stirling1 += coefficients[k] * power1;
        stirling0 += coefficients[k] * power0;
        power1 *= inverse1 * inverse1;
        power0 *= inverse0 * inverse0;
    }
    return shift + 0.5 * log(a) + series + (stirling1 - stirling0);
}

/* log B(a, 1/2) = log Gamma(a) + log Gamma(1/2) - log Gamma(a + 1/2). */
static double log_beta_half(double a)
{
    return 0.5 * log(M_PI) - log_gamma_half_ratio(a);
}

/* The continued fraction of I_x(a, b) (modified Lentz), converging for
 * x < (a + 1) / (a + b + 2). */
static double beta_continued_fraction(double a, double b, double x)
{
    const double tiny = 1e-300;
    double sum_ab = a + b, a_plus = a + 1.0, a_minus = a - 1.0;
    double c = 1.0, d = 1.0 - sum_ab * x / a_plus;
    if (fabs(d) < tiny)
        d = tiny;
    d = 1.0 / d;
    double fraction = d;
    for (int m = 1; m <= 100000; m++) {
        double m2 = 2.0 * m;
        double even = m * (b - m) * x / ((a_minus + m2) * (a + m2));
        d = 1.0 + even * d;
        if (fabs(d) < tiny)
            d = tiny;
        c = 1.0 + even / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1.0 / d;
        fraction *= d * c;
        double odd = -(a + m) * (sum_ab + m) * x / ((a + m2) * (a_plus + m2));
        d = 1.0 + odd * d;
        if (fabs(d) < tiny)
            d = tiny;
        c = 1.0 + odd / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1.0 / d;
        double delta = d * c;
        fraction *= delta;
        if (fabs(delta - 1.0) <= 1e-16)
            break;
    }
    return fraction;
}

/* For T with df degrees of freedom and t >= 0: the upper tail P(T > t)
 * (tail) and P(|T| < t) (central), each computed directly where it is
 * small so neither is formed as 1 minus the other when that would cancel.
 * With q = t^2/df: x = 1/(1 + q), y = q/(1 + q); 2 tail = I_x(df/2, 1/2),
 * central = I_y(1/2, df/2). */
static void t_probabilities(double t, double df, double *tail, double *central)
{
    if (t == 0.0) {
        *tail = 0.5;
        *central = 0.0;
        return;
    }
    double a = 0.5 * df, b = 0.5;
    double q = (t / sqrt(df)) * (t / sqrt(df));
    double log_x = -log1p(q);
    double log_y = log(q) + log_x;
    double x = 1.0 / (1.0 + q), y = q / (1.0 + q);
    double log_prefactor = a * log_x + b * log_y - log_beta_half(a);
    double prefactor = exp(log_prefactor);
    if (x < (a + 1.0) / (a + b + 2.0)) {
        double two_tail = prefactor * beta_continued_fraction(a, b, x) / a;
        *tail = 0.5 * two_tail;
        *central = 1.0 - two_tail;
    } else {
        double inside = prefactor * beta_continued_fraction(b, a, y) / b;
        *central = inside;
        *tail = 0.5 * (1.0 - inside);
    }
}

static double t_density(double t, double df)
{
    double q = (t / sqrt(df)) * (t / sqrt(df));
    return exp(-(0.5 * df + 0.5) * log1p(q) - 0.5 * log(df) - log_beta_half(0.5 * df));
}

/* Hill (1970), CACM algorithm 396, as R's qt() uses it for a start: the
 * t with two-sided tail probability `two_tail` (< 1). ~1e-6 relative. */
static double hill_t_start(double two_tail, double df)
{
    double a = 1.0 / (df - 0.5);
    double b = 48.0 / (a * a);
    double c = ((20700.0 * a / b - 98.0) * a - 16.0) * a + 96.36;
    double d = ((94.5 / (b + c) - 3.0) / b + 1.0) * sqrt(a * M_PI_2) * df;
    double y = pow(d * two_tail, 2.0 / df);
    if (y > 0.05 + a) {
        double x = cplot_normal_quantile(0.5 * two_tail);
        y = x * x;
        if (df < 5.0)
            c += 0.3 * (df - 4.5) * (x + 0.6);
        c = (((0.05 * d * x - 5.0) * x - 7.0) * x - 2.0) * x + b + c;
        y = (((((0.4 * y + 6.3) * y + 36.0) * y + 94.5) / c - y - 3.0) / b + 1.0) * x;
        y = expm1(a * y * y);
    } else {
        y = ((1.0 / (((df + 6.0) / (df * y) - 0.089 * d - 0.822) * (df + 2.0) * 3.0) +
              0.5 / (df + 4.0)) *
                 y -
             1.0) *
                (df + 1.0) / (df + 2.0) +
            1.0 / y;
    }
    return sqrt(df * y);
}

/* Cornish-Fisher expansion (Abramowitz & Stegun 26.7.5) for huge df,
 * where the continued fraction would need ~sqrt(df) terms; its first
 * omitted term is O(df^-5). */
static double t_quantile_expansion(double z, double df)
{
    double z2 = z * z;
    double g1 = (z2 + 1.0) * z / 4.0;
    double g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0;
    double g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0;
    double g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92160.0;
    return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
}

double cplot_t_quantile(double probability, double df)
{
    if (!(probability >= 0.0 && probability <= 1.0) || !(df > 0.0))
        return NAN;
    if (probability == 0.0)
        return -INFINITY;
    if (probability == 1.0)
        return INFINITY;
    if (probability == 0.5)
        return 0.0;
    bool lower = probability < 0.5;
    /* Both exact: 1 - p for p >= 1/2 (Sterbenz), p - 1/2 for p >= 1/4. */
    double tail = lower ? probability : 1.0 - probability;
    if (isinf(df))
        return lower ? cplot_normal_quantile(tail) : -cplot_normal_quantile(tail);
    double t;
    if (df == 1.0) {
        /* Cauchy: tan(pi (1/2 - tail)); near the centre from 1/2 - tail
         * (exact there), in the tail as 1 / tan(pi tail) so the argument
         * stays away from the pole. */
        t = tail > 0.25 ? tan(M_PI * (0.5 - tail)) : 1.0 / tan(M_PI * tail);
    } else if (df == 2.0) {
        /* P(T > t) = (1 - t / sqrt(t^2 + 2)) / 2 solves to this. */
        t = (1.0 - 2.0 * tail) / sqrt(2.0 * tail * (1.0 - tail));
    } else if (df > 2e4) {
        t = t_quantile_expansion(-cplot_normal_quantile(tail), df);
    } else {
        /* Solve in whichever of the tail and the central probability is
         * the smaller, so the target carries full relative precision. */
        bool use_central = tail > 0.25;
        double central_target = use_central ? 2.0 * (0.5 - tail) : 0.0;
        double low = 0.0, high = INFINITY;
        t = hill_t_start(2.0 * tail, df);
        if (!(t > 0.0) || !isfinite(t))
            t = 1.0;
        for (int iteration = 0; iteration < 200; iteration++) {
            double tail_at, central_at;
            t_probabilities(t, df, &tail_at, &central_at);
            /* error > 0 means t is too small (too much tail left). */
            double error = use_central ? central_target - central_at : tail_at - tail;
            if (error > 0.0)
                low = t;
            else if (error < 0.0)
                high = t;
            else
                break;
            double density = t_density(t, df);
            double derivative = use_central ? 2.0 * density : density;
            double next = t + error / derivative;
            if (!(next > low && next < high) || !isfinite(next))
                next = isinf(high) ? 2.0 * t + 1.0 : 0.5 * (low + high);
            double change = fabs(next - t);
            t = next;
            if (change <= 2e-16 * t)
                break;
            if (isfinite(high) && high - low <= 4e-16 * high)
                break;
        }
    }
    return lower ? -t : t;
}

/* ---------------------------------------------------------- Summary */

/* The finite values (or the complete pairs) in order, in a block the
 * caller frees; the input itself when nothing is missing. */
static cplot_status_t finite_values(const double *values, size_t count, const double **finite,
                                    double **owned, size_t *finite_count)
{
    size_t kept = 0;
    for (size_t i = 0; i < count; i++)
        kept += isfinite(values[i]) != 0;
    *owned = NULL;
    *finite_count = kept;
    if (kept == count) {
        *finite = values;
        return CPLOT_STATUS_SUCCESS;
    }
    double *copy = cplot_alloc_array(kept, sizeof *copy);
    if (!copy)
        return CPLOT_STATUS_NO_MEMORY;
    size_t next = 0;
    for (size_t i = 0; i < count; i++)
        if (isfinite(values[i]))
            copy[next++] = values[i];
    *finite = copy;
    *owned = copy;
    return CPLOT_STATUS_SUCCESS;
}

cplot_status_t cplot_summary_compute(const double *values, size_t count, double level,
                                     cplot_summary_t *summary)
{
    if (!summary)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    memset(summary, 0, sizeof *summary);
    if (count > 0 && !values)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    if (!(level > 0.0 && level < 1.0))
        return CPLOT_STATUS_INVALID_VALUE;
    const double *finite;
    double *owned;
    size_t n;
    cplot_status_t status = finite_values(values, count, &finite, &owned, &n);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    summary->count = n;
    summary->nonfinite = count - n;
    summary->mean = summary->sd = summary->se = summary->ci_low = summary->ci_high = NAN;
    if (n > 0)
        summary->mean = cplot_numpy_sum(finite, n) / (double)n;
    if (n > 1) {
        double squares =
            cplot_numpy_sum_mapped(finite, n, CPLOT_NUMPY_MAP_SQUARED_DEVIATION, summary->mean, 1.0);
        summary->sd = sqrt(squares / (double)(n - 1));
        summary->se = summary->sd / sqrt((double)n);
        double t = cplot_t_quantile(1.0 - (1.0 - level) / 2.0, (double)(n - 1));
        summary->ci_low = summary->mean - t * summary->se;
        summary->ci_high = summary->mean + t * summary->se;
    }
    free(owned);
    return CPLOT_STATUS_SUCCESS;
}

/* ------------------------------------------------------- Regression */

cplot_status_t cplot_regression_fit(const double *x, const double *y, size_t count, double level,
                                    cplot_regression_t *fit)
{
    if (!fit)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    memset(fit, 0, sizeof *fit);
    if (count > 0 && (!x || !y))
        return CPLOT_STATUS_INVALID_ARGUMENT;
    if (!(level > 0.0 && level < 1.0))
        return CPLOT_STATUS_INVALID_VALUE;
    size_t n = 0;
    for (size_t i = 0; i < count; i++)
        n += isfinite(x[i]) && isfinite(y[i]);
    if (n < 3)
        return CPLOT_STATUS_INVALID_VALUE;
    /* Complete pairs, then scratch for the centred products. */
    double *storage = cplot_alloc_array(n, 3 * sizeof *storage);
    if (!storage)
        return CPLOT_STATUS_NO_MEMORY;
    double *xs = storage, *ys = storage + n, *scratch = storage + 2 * n;
    size_t next = 0;
    double x_min = INFINITY, x_max = -INFINITY;
    for (size_t i = 0; i < count; i++) {
        if (!(isfinite(x[i]) && isfinite(y[i])))
            continue;
        xs[next] = x[i];
        ys[next] = y[i];
        x_min = fmin(x_min, x[i]);
        x_max = fmax(x_max, x[i]);
        next++;
    }
    double x_mean = cplot_numpy_sum(xs, n) / (double)n;
    double y_mean = cplot_numpy_sum(ys, n) / (double)n;
    double sxx = cplot_numpy_sum_mapped(xs, n, CPLOT_NUMPY_MAP_SQUARED_DEVIATION, x_mean, 1.0);
    if (!(sxx > 0.0) || !isfinite(sxx)) {
        free(storage);
        return CPLOT_STATUS_INVALID_VALUE;
    }
    for (size_t i = 0; i < n; i++)
        scratch[i] = (xs[i] - x_mean) * (ys[i] - y_mean);
    double sxy = cplot_numpy_sum(scratch, n);
    double slope = sxy / sxx;
    /* Residuals from centred values: y - a - b x would cancel badly when
     * the data sit far from the origin. */
    for (size_t i = 0; i < n; i++) {
        double residual = (ys[i] - y_mean) - slope * (xs[i] - x_mean);
        scratch[i] = residual * residual;
    }
    double sse = cplot_numpy_sum(scratch, n);
    free(storage);

    fit->count = n;
    fit->skipped = count - n;
    fit->slope = slope;
    fit->intercept = y_mean - slope * x_mean;
    fit->x_mean = x_mean;
    fit->x_min = x_min;
    fit->x_max = x_max;
    fit->sxx = sxx;
    fit->residual_sd = sqrt(sse / (double)(n - 2));
    fit->level = level;
    fit->t_value = cplot_t_quantile(1.0 - (1.0 - level) / 2.0, (double)(n - 2));
    return CPLOT_STATUS_SUCCESS;
}

void cplot_regression_predict(const cplot_regression_t *fit, double x0, double *fitted,
                              double *half_width)
{
    double offset = x0 - fit->x_mean;
    if (fitted)
        *fitted = fit->intercept + fit->slope * x0;
    if (half_width)
        *half_width = fit->t_value * fit->residual_sd *
                      sqrt(1.0 / (double)fit->count + offset * offset / fit->sxx);
}

cplot_status_t cplot_regression_band(const cplot_regression_t *fit, double x_start, double x_stop,
                                     size_t count, cplot_regression_band_t *band)
{
    if (!band)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    memset(band, 0, sizeof *band);
    if (!fit || fit->count < 3)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    if (count == 0 || !isfinite(x_start) || !isfinite(x_stop))
        return CPLOT_STATUS_INVALID_VALUE;
    double *storage = cplot_alloc_array(count, 4 * sizeof *storage);
    if (!storage)
        return CPLOT_STATUS_NO_MEMORY;
    band->x = storage;
    band->fitted = storage + count;
    band->lower = storage + 2 * count;
    band->upper = storage + 3 * count;
    band->count = count;
    cplot_numpy_linspace(x_start, x_stop, count, band->x);
    for (size_t i = 0; i < count; i++) {
        double fitted, half_width;
        cplot_regression_predict(fit, band->x[i], &fitted, &half_width);
        band->fitted[i] = fitted;
        band->lower[i] = fitted - half_width;
        band->upper[i] = fitted + half_width;
    }
    return CPLOT_STATUS_SUCCESS;
}

void cplot_regression_band_release(cplot_regression_band_t *band)
{
    if (!band)
        return;
    free(band->x); /* one block holds all four arrays */
    memset(band, 0, sizeof *band);
}
