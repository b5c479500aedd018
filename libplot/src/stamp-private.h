/* Marker stamps: a marker rendered once into a small image and then
 * composited at every point, as matplotlib's Agg does for markers. Drawing
 * a path per point costs cairo microseconds of tessellation each; a
 * 100,000-point scatter spent 0.9 s there. Positions are kept to an eighth
 * of a device pixel (each stamp is rendered at its sub-pixel phase), so
 * the result differs from path drawing by at most a sixteenth of a pixel
 * of position. */
#ifndef CPLOT_STAMP_PRIVATE_H
#define CPLOT_STAMP_PRIVATE_H

#include <cairo.h>
#include <stdbool.h>

#include "color-private.h"
#include "figure-private.h"

typedef struct cplot_stamper cplot_stamper_t;

/* A stamper for drawing onto `cr` inside the user-space rectangle `clip`,
 * or NULL when cr's target is not an image surface it can write directly
 * (vector output) or its transformation rotates or skews: then draw paths.
 * Flushes the target. */
cplot_stamper_t *cplot_stamper_create(cairo_t *cr, cplot_rect_t clip);

/* Chooses the marker the following draws stamp: filled with `fill`, with
 * an outline of `edge_width` user units in `edge` (0 for none); stroked
 * markers (plus, cross) use `fill` for the stroke. Selecting once per
 * colour rather than per point keeps the per-point work to the pixels.
 * False when there are too many distinct markers (nothing selected). */
bool cplot_stamper_select(cplot_stamper_t *stamper, cplot_marker_t marker, double diameter,
                          cplot_rgba_t fill, double edge_width, cplot_rgba_t edge);

/* Draws the selected marker centred at user-space (x, y). False when
 * none is selected or out of memory (nothing drawn). */
bool cplot_stamper_draw(cplot_stamper_t *stamper, double x, double y);

/* Marks the target dirty and frees the stamps. NULL is fine. */
void cplot_stamper_destroy(cplot_stamper_t *stamper);

#endif
