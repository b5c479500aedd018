#include "ticks-private.h"

#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Talbot, Lin and Hanrahan's preference order of step mantissas and the
 * weights of simplicity, coverage, density and legibility, as in R's
 * labeling::extended defaults. */
static const double nice_steps[] = {1, 5, 2, 2.5, 4, 3};
enum { NICE_STEP_COUNT = sizeof nice_steps / sizeof nice_steps[0] };
static const double weight_simplicity = 0.25;
static const double weight_coverage = 0.2;
static const double weight_density = 0.5;
static const double weight_legibility = 0.05;

/* Ranges narrower than this fraction of their magnitude carry no more than a
 * few thousand representable doubles: ticks there would be float noise, so
 * such a range is treated as a single value. */
static const double relative_degenerate_range = 1e-12;
/* Below this a lone value is indistinguishable from zero for labelling,
 * and narrower ranges would need subnormal steps. */
static const double smallest_magnitude = 1e-300;
/* The scoring formulas square distances; outside this band the squares
 * would under- or overflow, so such ranges are scored in rescaled units. */
static const double safe_range_low = 1e-100;
static const double safe_range_high = 1e100;
/* Integers up to 2^53 are exact in a double. */
static const double exact_integer_limit = 9007199254740992.0;

/* Every power of ten a double holds exactly. */
static const double exact_powers_of_ten[] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};
enum { EXACT_POWER_MAX = 22 };

/* The double nearest to mantissa * 10^exponent, rounded once, so that tick
 * values equal the literals a person would type (0.3, not
 * 0.30000000000000004). With both operands exact a single multiply or
 * divide is correctly rounded; beyond 10^22 strtod does the rounding (an
 * integer mantissa needs no locale-dependent decimal point). */
static double decimal_value(int64_t mantissa, int exponent)
{
    if (mantissa == 0)
        return 0.0;
    bool mantissa_exact = llabs(mantissa) <= (int64_t)exact_integer_limit;
    if (mantissa_exact && exponent >= 0 && exponent <= EXACT_POWER_MAX)
        return (double)mantissa * exact_powers_of_ten[exponent];
    if (mantissa_exact && exponent < 0 && -exponent <= EXACT_POWER_MAX)
        return (double)mantissa / exact_powers_of_ten[-exponent];
    char text[64];
    snprintf(text, sizeof text, "%" PRId64 "e%d", mantissa, exponent);
    return strtod(text, NULL);
}

/* The winning labelling: ticks are (start + i*j) * q * 10^z for
 * i = 0..count-1, with z in the (possibly rescaled) search units. */
typedef struct labelling {
    double score;
    int64_t start;
    int skip;       /* j: use every j-th multiple of q * 10^z */
    int step_index; /* index of q in nice_steps */
    int exponent;   /* z */
    int count;      /* k */
    bool found;
} labelling_t;

/* The scoring terms follow R's labeling package operation by operation so
 * that scores, and therefore ties between equal candidates, round the same
 * way as the reference implementation. */
static double simplicity(int step_index, int skip, bool zero_is_tick)
{
    return 1.0 - (double)step_index / (NICE_STEP_COUNT - 1) - skip + (zero_is_tick ? 1.0 : 0.0);
}

static double simplicity_max(int step_index, int skip)
{
    return simplicity(step_index, skip, true);
}

static double coverage(double dmin, double dmax, double lmin, double lmax)
{
    double range = dmax - dmin;
    double high_gap = dmax - lmax;
    double low_gap = dmin - lmin;
    double tolerance = 0.1 * range;
    return 1.0 - 0.5 * (high_gap * high_gap + low_gap * low_gap) / (tolerance * tolerance);
}

static double coverage_max(double dmin, double dmax, double span)
{
    double range = dmax - dmin;
    if (span <= range)
        return 1.0;
    double half = (span - range) / 2.0;
    double tolerance = 0.1 * range;
    return 1.0 - 0.5 * (half * half + half * half) / (tolerance * tolerance);
}

static double density(int count, int target, double dmin, double dmax, double lmin, double lmax)
{
    double ratio = (count - 1) / (lmax - lmin);
    double target_ratio = (target - 1) / (fmax(lmax, dmax) - fmin(dmin, lmin));
    return 2.0 - fmax(ratio / target_ratio, target_ratio / ratio);
}

static double density_max(int count, int target)
{
    if (count >= target)
        return 2.0 - (double)(count - 1) / (target - 1);
    return 1.0;
}

static double weighted(double simplicity_score, double coverage_score, double density_score,
                       double legibility_score)
{
    return weight_simplicity * simplicity_score + weight_coverage * coverage_score
           + weight_density * density_score + weight_legibility * legibility_score;
}

/* Scores every labelling of one (j, q, k, z) and keeps the best. An empty
 * start range just means trying the next larger z, as R does. */
static void score_starts(double dmin, double dmax, int target, int skip, int step_index,
                         int count, int exponent, labelling_t *best)
{
    double q = nice_steps[step_index];
    double step = skip * q * pow(10.0, exponent);
    double first_start = floor(dmax / step) * skip - (double)(count - 1) * skip;
    double last_start = ceil(dmin / step) * skip;
    if (first_start > last_start)
        return;
    /* Starts beyond 2^53 cannot be stepped one by one; the degenerate-range
     * guard keeps real searches far below that. */
    if (fabs(first_start) >= exact_integer_limit || fabs(last_start) >= exact_integer_limit)
        return;

    for (int64_t start = (int64_t)first_start; start <= (int64_t)last_start; start++) {
        double lmin = (double)start * (step / skip);
        double lmax = lmin + step * (count - 1);
        /* Zero is a tick exactly when it lies in the span and start is a
         * whole number of steps: an integer test where R compares a
         * floating remainder against an absolute epsilon (which misfires
         * for steps below 1e-14). */
        int64_t last_multiple = start + (int64_t)(count - 1) * skip;
        bool zero_is_tick = start <= 0 && last_multiple >= 0 && start % skip == 0;
        double score = weighted(simplicity(step_index, skip, zero_is_tick),
                                coverage(dmin, dmax, lmin, lmax),
                                density(count, target, dmin, dmax, lmin, lmax), 1.0);
        if (score > best->score) {
            best->score = score;
            best->start = start;
            best->skip = skip;
            best->step_index = step_index;
            best->exponent = exponent;
            best->count = count;
            best->found = true;
        }
    }
}

/* The search of Talbot et al. with its three pruning bounds: each loop
 * stops as soon as the best score still reachable (simplicity, then
 * density, then coverage at their maxima) falls below the best found. */
static labelling_t search_extended(double dmin, double dmax, int target)
{
    labelling_t best = {.score = -2.0};
    for (int skip = 1;; skip++) {
        for (int step_index = 0; step_index < NICE_STEP_COUNT; step_index++) {
            double q = nice_steps[step_index];
            double best_simplicity = simplicity_max(step_index, skip);
            if (weighted(best_simplicity, 1.0, 1.0, 1.0) < best.score)
                return best;

            for (int count = 2; count <= CPLOT_MAX_TICKS; count++) {
                double best_density = density_max(count, target);
                if (weighted(best_simplicity, 1.0, best_density, 1.0) < best.score)
                    break;

                double delta = (dmax - dmin) / (count + 1) / skip / q;
                for (int exponent = (int)ceil(log10(delta));; exponent++) {
                    double step = skip * q * pow(10.0, exponent);
                    double best_coverage = coverage_max(dmin, dmax, step * (count - 1));
                    if (weighted(best_simplicity, best_coverage, best_density, 1.0) < best.score)
                        break;
                    score_starts(dmin, dmax, target, skip, step_index, count, exponent, &best);
                }
            }
        }
    }
}

/* A zero-width range has no scale of its own; give it one proportional to
 * the value (or a unit one around zero) so that the value sits mid-axis. */
static void widen_degenerate(double *dmin, double *dmax)
{
    double middle = *dmin + (*dmax - *dmin) / 2.0;
    double half_width = fabs(middle) < smallest_magnitude ? 1.0 : 0.1 * fabs(middle);
    if (fabs(middle) < smallest_magnitude)
        middle = 0.0;
    *dmin = middle - half_width;
    *dmax = middle + half_width;
}

bool cplot_ticks_extended(double dmin, double dmax, int target, cplot_ticks_t *out)
{
    if (!out || !isfinite(dmin) || !isfinite(dmax) || target < 2)
        return false;
    if (target > CPLOT_MAX_TICKS)
        target = CPLOT_MAX_TICKS;
    if (dmin > dmax) {
        double swap = dmin;
        dmin = dmax;
        dmax = swap;
    }
    if (dmax - dmin <= relative_degenerate_range * fmax(fabs(dmin), fabs(dmax)))
        widen_degenerate(&dmin, &dmax);
    double range = dmax - dmin;
    if (!isfinite(range) || range < smallest_magnitude)
        return false;

    int scale_exponent = 0;
    if (range < safe_range_low || range > safe_range_high)
        scale_exponent = (int)floor(log10(range));
    double scale = pow(10.0, scale_exponent);
    labelling_t best = search_extended(dmin / scale, dmax / scale, target);
    if (!best.found)
        return false;

    /* Express q as an integer so that every tick is an integer times a
     * power of ten: 2.5 * 10^z = 25 * 10^(z-1). */
    double q = nice_steps[best.step_index];
    int64_t q_units = (int64_t)q;
    int exponent = best.exponent + scale_exponent;
    if (q != (double)q_units) {
        q_units = (int64_t)(q * 10.0);
        exponent -= 1;
    }

    cplot_ticks_t ticks = {.count = (size_t)best.count};
    for (int i = 0; i < best.count; i++) {
        int64_t multiple = best.start + (int64_t)i * best.skip;
        /* An exact integer product: zero comes out as exactly 0, never as a
         * residue like 1e-17 that would print as "−0.0". */
        ticks.values[i] = decimal_value(multiple * q_units, exponent);
        if (!isfinite(ticks.values[i]))
            return false;
    }
    ticks.step = decimal_value((int64_t)best.skip * q_units, exponent);
    *out = ticks;
    return true;
}

/* ---- log10 axes ---------------------------------------------------- */

/* A power of ten counts as inside the data range when it is within this
 * many decades of it, so that log10 rounding never drops an end point such
 * as 1e-3 from the range [1e-3, 10]. */
static const double decade_tolerance = 1e-9;
/* 1-2-5 ticks are only considered over spans this narrow: beyond it the
 * decade ticks always win and the loop would be long. */
static const double one_two_five_max_decades = 30.0;

static double power_of_ten(int exponent)
{
    return decimal_value(1, exponent);
}

/* Strides between labelled decades: any up to ten, then 1-2-5 steps, so
 * that a huge range reads 10⁻²⁰⁰, 1, 10²⁰⁰ rather than 10⁻²⁰², 1, 10²⁰². */
static int next_decade_stride(int stride)
{
    if (stride < 10)
        return stride + 1;
    int power = 1;
    while (stride / power >= 10)
        power *= 10;
    return stride / power == 1 ? 2 * stride : stride / power == 2 ? stride / 2 * 5 : 2 * stride;
}

/* Whole-decade exponents inside [low_exponent, high_exponent], every
 * `stride`-th one with the smallest stride that gives at most `target`.
 * Multiples of the stride are preferred (1, 100, 10⁴ rather than 10, 1000,
 * 10⁵) so that neighbouring charts label the same decades; when fewer than
 * two multiples fall in the range, the stride is counted from the lowest
 * decade instead. Returns the count, 0 when no stride gives two ticks. */
static int decade_ticks(int low_exponent, int high_exponent, int target, cplot_ticks_t *ticks)
{
    int decades = high_exponent - low_exponent + 1;
    if (decades < 2)
        return 0;
    for (int stride = 1; stride < decades; stride = next_decade_stride(stride)) {
        /* The smallest multiple of the stride not below low_exponent, with
         * C's truncating division handled for negative exponents. */
        int first_aligned = low_exponent >= 0 ? (low_exponent + stride - 1) / stride * stride
                                              : -((-low_exponent) / stride * stride);
        int aligned_count = first_aligned > high_exponent
                                ? 0 : (high_exponent - first_aligned) / stride + 1;
        int first = first_aligned;
        int count = aligned_count;
        if (aligned_count < 2) {
            first = low_exponent;
            count = (high_exponent - low_exponent) / stride + 1;
        }
        if (count < 2)
            return 0;
        if (count <= target) {
            ticks->count = (size_t)count;
            for (int i = 0; i < count; i++)
                ticks->values[i] = power_of_ten(first + i * stride);
            ticks->step = stride;
            return count;
        }
    }
    return 0;
}

/* Every 1, 2 and 5 times a power of ten inside [dmin, dmax]; returns how
 * many there are, storing at most CPLOT_MAX_TICKS of them. */
static int one_two_five_ticks(double dmin, double dmax, cplot_ticks_t *ticks)
{
    static const int multipliers[] = {1, 2, 5};
    int low = (int)floor(log10(dmin)) - 1;
    int high = (int)ceil(log10(dmax)) + 1;
    int count = 0;
    for (int exponent = low; exponent <= high; exponent++) {
        for (int m = 0; m < 3; m++) {
            double value = decimal_value(multipliers[m], exponent);
            if (value < dmin * (1.0 - decade_tolerance) || value > dmax * (1.0 + decade_tolerance))
                continue;
            if (count < CPLOT_MAX_TICKS)
                ticks->values[count] = value;
            count++;
        }
    }
    ticks->count = (size_t)(count < CPLOT_MAX_TICKS ? count : CPLOT_MAX_TICKS);
    ticks->step = 0.0;
    return count;
}

/* Linear extended ticks over the range, keeping only those a log axis can
 * show. A small target may pick a labelling through zero (0, 5e10 for
 * [1.1e10, 4.8e10]); a larger one then gives finer ticks that stay
 * positive. */
static bool positive_linear_ticks(double dmin, double dmax, int target, cplot_ticks_t *ticks)
{
    for (int attempt_target = target; attempt_target <= CPLOT_MAX_TICKS; attempt_target++) {
        cplot_ticks_t linear;
        if (!cplot_ticks_extended(dmin, dmax, attempt_target, &linear))
            return false;
        size_t kept = 0;
        for (size_t i = 0; i < linear.count; i++) {
            if (linear.values[i] > 0.0)
                ticks->values[kept++] = linear.values[i];
        }
        if (kept >= 2) {
            ticks->count = kept;
            ticks->step = 0.0;
            return true;
        }
    }
    return false;
}

bool cplot_ticks_log10(double dmin, double dmax, int target, cplot_ticks_t *out)
{
    if (!out || !isfinite(dmin) || !isfinite(dmax) || dmin <= 0.0 || dmax <= 0.0 || target < 2)
        return false;
    if (target > CPLOT_MAX_TICKS)
        target = CPLOT_MAX_TICKS;
    if (dmin > dmax) {
        double swap = dmin;
        dmin = dmax;
        dmax = swap;
    }
    if (dmin == dmax) {
        dmin /= 10.0;
        dmax *= 10.0;
        if (dmin <= 0.0 || !isfinite(dmax))
            return false;
    }

    double low_log = log10(dmin);
    double high_log = log10(dmax);
    int low_exponent = (int)ceil(low_log - decade_tolerance);
    int high_exponent = (int)floor(high_log + decade_tolerance);

    cplot_ticks_t decades = {0};
    int decade_count = decade_ticks(low_exponent, high_exponent, target, &decades);
    /* About half the target is plenty on a log axis: each decade tick
     * stands for a factor of ten. */
    int enough = (target + 1) / 2 < 2 ? 2 : (target + 1) / 2;
    if (decade_count >= enough) {
        *out = decades;
        return true;
    }

    /* Fewer decades than that: 1-2-5 ticks include every decade tick and
     * add two more per decade, unless that overshoots the target by far. */
    cplot_ticks_t one_two_five = {0};
    int one_two_five_count = 0;
    if (high_log - low_log <= one_two_five_max_decades)
        one_two_five_count = one_two_five_ticks(dmin, dmax, &one_two_five);
    int one_two_five_limit = 2 * target < CPLOT_MAX_TICKS ? 2 * target : CPLOT_MAX_TICKS;
    if (one_two_five_count >= 3 && one_two_five_count <= one_two_five_limit) {
        *out = one_two_five;
        return true;
    }
    if (decade_count >= 2) {
        *out = decades;
        return true;
    }

    cplot_ticks_t linear = {0};
    if (positive_linear_ticks(dmin, dmax, target, &linear)) {
        *out = linear;
        return true;
    }
    /* The linear ticks reached zero (a small target over a range near
     * it): thin the 1-2-5 ticks instead, to every n-th one. */
    if (one_two_five_count >= 2 && one_two_five_count <= CPLOT_MAX_TICKS) {
        size_t stride = ((size_t)one_two_five_count + (size_t)target - 1) / (size_t)target;
        size_t kept = 0;
        for (size_t i = 0; i < one_two_five.count; i += stride)
            one_two_five.values[kept++] = one_two_five.values[i];
        if (kept < 2) {
            one_two_five.values[1] = one_two_five.values[one_two_five.count - 1];
            kept = 2;
        }
        one_two_five.count = kept;
        *out = one_two_five;
        return true;
    }
    return false;
}
