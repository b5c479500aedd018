/* Axis tick positions: extended Wilkinson for linear axes, decades for log
 * axes. Pure numerics, no drawing. */
#ifndef CPLOT_TICKS_PRIVATE_H
#define CPLOT_TICKS_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#define CPLOT_MAX_TICKS 64

typedef struct cplot_ticks {
    double values[CPLOT_MAX_TICKS];
    size_t count;
    double step; /* distance between ticks (linear), or decades per tick (log;
                  * 0 when log ticks are not whole decades) */
} cplot_ticks_t;

/* Extended Wilkinson (Talbot, Lin, Hanrahan 2010) as in R's
 * labeling::extended(dmin, dmax, m, only.loose = FALSE): tick labels for the
 * data range [dmin, dmax] aiming at `target` (m) ticks. Ticks may lie a
 * little outside the range (callers decide whether to widen the axis).
 * dmin == dmax is widened around the value; non-finite input or
 * target < 2 gives false.
 *
 * Details beyond R's:
 * - dmin > dmax are swapped. A range no wider than 1e-12 of its magnitude
 *   (which includes dmin == dmax) counts as one value v and becomes
 *   [v - |v|/10, v + |v|/10], or [-1, 1] when |v| < 1e-300.
 * - false also when the (widened) range is not finite (wider than
 *   DBL_MAX) or narrower than 1e-300, or a tick would overflow. `out` is
 *   only written on success.
 * - target above CPLOT_MAX_TICKS counts as CPLOT_MAX_TICKS, and no
 *   labelling with more ticks is considered.
 * - The search and its scores follow R operation by operation; only the
 *   "zero is a tick" test of simplicity is exact integer arithmetic
 *   instead of R's remainder against an absolute 2.2e-14 (which misfires
 *   for steps below that), and ranges outside [1e-100, 1e100] are scored
 *   in units of a power of ten so the squared distances cannot under- or
 *   overflow.
 * - Each value is (an integer) * 10^e rounded once, so it is the double
 *   nearest the decimal tick (0.3, never 0.30000000000000004) and zero is
 *   exactly +0. `step` is formed the same way. */
bool cplot_ticks_extended(double dmin, double dmax, int target, cplot_ticks_t *out);

/* Ticks for a log10 axis over [dmin, dmax] (both > 0): powers of ten, every
 * k-th decade when there are too many, or 1-2-5 multiples inside a narrow
 * range, about `target` in all. false for non-positive or non-finite
 * input. values[] holds data values (not exponents).
 *
 * Precisely (dmin > dmax are swapped; dmin == dmax becomes
 * [dmin/10, dmax*10]; target above CPLOT_MAX_TICKS counts as that;
 * "inside" allows a relative 1e-9 for rounding):
 * 1. Decades: the powers of ten inside the range, every k-th one with the
 *    smallest k in 1..10, 20, 50, 100, 200, 500... that gives at most
 *    `target`, preferring exponents that are multiples of k (1, 100, 10⁴)
 *    and counting from the lowest decade when fewer than two multiples
 *    fit. Used when that gives at least max(2, ceil(target/2)) ticks;
 *    `step` = k (decades per tick).
 * 2. Otherwise every 1, 2 and 5 times a power of ten inside the range,
 *    when there are 3 to 2*target of them (never more than
 *    CPLOT_MAX_TICKS); `step` = 0 (uneven).
 * 3. Otherwise the decade ticks of 1 if there are at least two.
 * 4. Otherwise cplot_ticks_extended over the range, dropping any tick
 *    <= 0, with the target raised one at a time while fewer than two
 *    ticks remain (these may lie a little outside the range, like linear
 *    ticks); `step` = 0.
 * 5. Otherwise (the linear ticks reached zero) every n-th of the 1-2-5
 *    ticks of 2, n = ceil(count / target), or the first and last of them
 *    when that leaves one; `step` = 0. Failing all, false.
 * Ticks of 1-3 lie inside the range. Values are the doubles nearest to
 * the decimal numbers (1e-3 is exactly the literal 0.001). */
bool cplot_ticks_log10(double dmin, double dmax, int target, cplot_ticks_t *out);

#endif
