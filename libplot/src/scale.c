#include "scale-private.h"

#include <float.h>
#include <math.h>

/* max - min, or, when that overflows (values near +-DBL_MAX), half of it
 * with *halved set: halving each end first cannot overflow. Ordinary spans
 * take the plain subtraction, so their results stay bit for bit. */
static double span_of(double min, double max, bool *halved)
{
    double span = max - min;
    *halved = !isfinite(span) && isfinite(min) && isfinite(max);
    return *halved ? max / 2 - min / 2 : span;
}

/* The linear scale's fraction of the range for `value` (not NaN), given
 * span_of(domain_min, domain_max). */
static double linear_fraction(double value, double min, double span, bool halved)
{
    double offset = halved ? value / 2 - min / 2 : value - min;
    return span > 0 ? offset / span : 0.5;
}

static double position(const cplot_scale_t *scale, double t)
{
    return scale->range_start + t * (scale->range_end - scale->range_start);
}

double cplot_scale_map(const cplot_scale_t *scale, double value)
{
    if (isnan(value))
        return NAN;
    switch (scale->type) {
    case CPLOT_SCALE_LOG: {
        if (value <= 0 || scale->domain_min <= 0 || scale->domain_max <= 0)
            return NAN;
        double lo = log10(scale->domain_min), hi = log10(scale->domain_max);
        return position(scale, hi > lo ? (log10(value) - lo) / (hi - lo) : 0.5);
    }
    case CPLOT_SCALE_BAND: {
        if (scale->band_count == 0)
            return NAN;
        return position(scale, (value + 0.5) / (double)scale->band_count);
    }
    case CPLOT_SCALE_LINEAR:
    default: {
        bool halved;
        double span = span_of(scale->domain_min, scale->domain_max, &halved);
        return position(scale, linear_fraction(value, scale->domain_min, span, halved));
    }
    }
}

void cplot_scale_map_many(const cplot_scale_t *scale, const double *values, size_t count,
                          double *out)
{
    if (scale->type == CPLOT_SCALE_LOG || scale->type == CPLOT_SCALE_BAND) {
        for (size_t i = 0; i < count; i++)
            out[i] = cplot_scale_map(scale, values[i]);
        return;
    }
    /* cplot_scale_map's linear case, with what does not depend on the
     * value worked out once (position() as start + t * extent). */
    bool halved;
    double span = span_of(scale->domain_min, scale->domain_max, &halved);
    double min = scale->domain_min, start = scale->range_start;
    double extent = scale->range_end - scale->range_start;
    for (size_t i = 0; i < count; i++) {
        double value = values[i];
        out[i] = isnan(value) ? NAN : start + linear_fraction(value, min, span, halved) * extent;
    }
}

double cplot_scale_band_step(const cplot_scale_t *scale)
{
    if (scale->type != CPLOT_SCALE_BAND || scale->band_count == 0)
        return 0;
    return fabs(scale->range_end - scale->range_start) / (double)scale->band_count;
}

double cplot_scale_band_width(const cplot_scale_t *scale)
{
    return cplot_scale_band_step(scale) * (1 - scale->band_padding);
}

void cplot_scale_pad_domain(cplot_scale_type_t type, double fraction, double *min, double *max)
{
    if (type == CPLOT_SCALE_LOG) {
        double lo = log10(*min), hi = log10(*max);
        if (hi == lo) {
            lo -= 0.5;
            hi += 0.5;
        }
        double pad = (hi - lo) * fraction;
        *min = pow(10, lo - pad);
        *max = pow(10, hi + pad);
        return;
    }
    if (*max == *min) {
        /* A single value: give it a unit (or 10% of itself) of room so
         * it sits in the middle of the axis, like matplotlib. */
        double half = *min == 0 ? 0.5 : fabs(*min) * 0.05;
        *min -= half;
        *max += half;
        return;
    }
    bool halved;
    double pad = span_of(*min, *max, &halved) * (halved ? 2 * fraction : fraction);
    /* A padded end past the largest double stays at it, so the domain
     * stays finite and every value in it can be drawn. */
    *min = fmax(*min - pad, -DBL_MAX);
    *max = fmin(*max + pad, DBL_MAX);
}
