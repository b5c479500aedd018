/* Scales map data values to pixel positions along one axis. */
#ifndef CPLOT_SCALE_PRIVATE_H
#define CPLOT_SCALE_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

typedef enum cplot_scale_type {
    CPLOT_SCALE_LINEAR = 0,
    CPLOT_SCALE_LOG,  /* log10; the domain must be positive */
    CPLOT_SCALE_BAND  /* categories 0..count-1, each a band of equal width */
} cplot_scale_type_t;

typedef struct cplot_scale {
    cplot_scale_type_t type;
    double domain_min, domain_max; /* data units; for bands 0 and count */
    size_t band_count;
    double band_padding;           /* fraction of a band left empty, 0..1 */
    double range_start, range_end; /* pixels; may run backwards (y axes) */
} cplot_scale_t;

/* Maps a data value (a band index for band scales: the band's centre) to a
 * pixel position. Values outside the domain map outside the range; NaN,
 * and non-positive values on a log scale, map to NaN. */
double cplot_scale_map(const cplot_scale_t *scale, double value);
/* cplot_scale_map of `count` values into `out`, bit for bit; faster. */
void cplot_scale_map_many(const cplot_scale_t *scale, const double *values, size_t count,
                          double *out);
/* The pixel width of one band (without padding), 0 for other scales. */
double cplot_scale_band_width(const cplot_scale_t *scale);
/* The pixel step between band centres, 0 for other scales. */
double cplot_scale_band_step(const cplot_scale_t *scale);

/* Widens [*min, *max] by `fraction` of its span on both sides (in log
 * space for log scales), as matplotlib's axes margins do, and gives a
 * zero-width domain some extent so it can be drawn. */
void cplot_scale_pad_domain(cplot_scale_type_t type, double fraction, double *min, double *max);

#endif
