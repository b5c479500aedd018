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

/* Adds a marker style points can be stamped in: filled with `fill`, with
 * an outline of `edge_width` user units in `edge` (0 for none); stroked
 * markers (plus, cross) use `fill` for the stroke. Returns its number
 * (the same for the same style), or -1 when there are too many distinct
 * styles. Its stamps are rendered only when points need them. */
int cplot_stamper_add_style(cplot_stamper_t *stamper, cplot_marker_t marker, double diameter,
                            cplot_rgba_t fill, double edge_width, cplot_rgba_t edge);

/* Points are stamped in batches: the caller puts each point of a batch in
 * its own slot, from any thread (the per-point arithmetic runs wherever
 * the caller's work is split), and then blends the batch, in slot order.
 * cplot_stamper_reserve makes room for `count` slots and returns how many
 * a batch may have: `count`, or fewer (never 0) without memory. Call it
 * before the first point is put. */
size_t cplot_stamper_reserve(cplot_stamper_t *stamper, size_t count);

/* Puts the markers of `style` centred at user-space (x[i], y[i]) in slots
 * [slot, slot + count) of the batch; a style of -1 (cplot_stamper_add_style
 * failed) stops the batch at the first of them that is drawn. Points that
 * are not numbers or miss the plot are not drawn. Thread-safe for
 * distinct slots between two seals. */
void cplot_stamper_put(cplot_stamper_t *stamper, size_t slot, size_t count, const double *x,
                       const double *y, int style);

/* Leaves slots [slot, slot + count) of the batch empty: points not drawn. */
void cplot_stamper_skip(cplot_stamper_t *stamper, size_t slot, size_t count);

/* Ends the batch: renders the stamps its slots [0, count) need and makes
 * it ready to blend, in slot order, so later points cover earlier ones;
 * points put from now on go to the next batch. Returns `count`, or the
 * first slot whose marker could not be stamped (too many styles, no memory
 * for its stamp): slots before it are blended, it and those after it are
 * not, and the caller draws them as paths. */
size_t cplot_stamper_seal(cplot_stamper_t *stamper, size_t count);

/* The sealed batch is blended by tasks 0 to cplot_stamper_strips() - 1 of
 * cplot_stamper_blend_strip, each a strip of the plot, which may run on
 * any threads at once and at the same time as points are put in the next
 * batch. They must all have finished before the next seal. */
size_t cplot_stamper_strips(const cplot_stamper_t *stamper);
void cplot_stamper_blend_strip(const cplot_stamper_t *stamper, size_t strip);

/* Seals the batch and blends it: cplot_stamper_seal's result. */
size_t cplot_stamper_blend(cplot_stamper_t *stamper, size_t count);

/* Marks the target dirty and frees the stamps; points put in a batch that
 * was not blended are not drawn. NULL is fine. */
void cplot_stamper_destroy(cplot_stamper_t *stamper);

#endif
