/* Rectangles in CSS pixels. */
#ifndef CPLOT_GEOMETRY_PRIVATE_H
#define CPLOT_GEOMETRY_PRIVATE_H

#include <stdbool.h>

typedef struct cplot_rect {
    double x, y, width, height;
} cplot_rect_t;

static inline double cplot_rect_right(cplot_rect_t r) { return r.x + r.width; }
static inline double cplot_rect_bottom(cplot_rect_t r) { return r.y + r.height; }

/* True when the interiors overlap (touching edges do not count). */
static inline bool cplot_rect_intersects(cplot_rect_t a, cplot_rect_t b)
{
    return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height &&
           b.y < a.y + a.height;
}

/* True when `inner` lies inside `outer`, allowing `slack` pixels for
 * rounding. */
static inline bool cplot_rect_contains(cplot_rect_t outer, cplot_rect_t inner, double slack)
{
    return inner.x >= outer.x - slack && inner.y >= outer.y - slack &&
           inner.x + inner.width <= outer.x + outer.width + slack &&
           inner.y + inner.height <= outer.y + outer.height + slack;
}

#endif
