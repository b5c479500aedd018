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
    double step; /* distance between ticks (linear), or decades per tick (log) */
} cplot_ticks_t;

/* Extended Wilkinson (Talbot, Lin, Hanrahan 2010) as in R's
 * labeling::extended(dmin, dmax, m, only.loose = FALSE): tick labels for the
 * data range [dmin, dmax] aiming at `target` (m) ticks. Ticks may lie a
 * little outside the range (callers decide whether to widen the axis).
 * dmin == dmax is widened around the value; non-finite input or
 * target < 2 gives false. */
bool cplot_ticks_extended(double dmin, double dmax, int target, cplot_ticks_t *out);

/* Ticks for a log10 axis over [dmin, dmax] (both > 0): powers of ten, every
 * k-th decade when there are too many, or 1-2-5 multiples inside a narrow
 * range, about `target` in all. false for non-positive or non-finite
 * input. values[] holds data values (not exponents). */
bool cplot_ticks_log10(double dmin, double dmax, int target, cplot_ticks_t *out);

#endif
