/* Marker shapes for points and legend swatches. */
#include <math.h>
#include <string.h>

#include "figure-private.h"

const char *const cplot_marker_names[] = {"circle",        "square", "diamond", "triangle",
                                          "triangle_down", "plus",   "cross",   NULL};

bool cplot_marker_from_name(const char *name, cplot_marker_t *marker)
{
    for (int i = 0; name && cplot_marker_names[i]; i++) {
        if (strcmp(cplot_marker_names[i], name) == 0) {
            *marker = (cplot_marker_t)i;
            return true;
        }
    }
    return false;
}

bool cplot_marker_is_stroked(cplot_marker_t marker)
{
    return marker == CPLOT_MARKER_PLUS || marker == CPLOT_MARKER_CROSS;
}

void cplot_marker_path(cairo_t *cr, cplot_marker_t marker, double x, double y, double size)
{
    /* Shapes are scaled so that their areas roughly match the circle's:
     * a square of the circle's diameter looks heavier than the circle. */
    double r = size / 2;
    switch (marker) {
    case CPLOT_MARKER_SQUARE: {
        double h = r * 0.886; /* sqrt(pi)/2: equal area */
        cairo_rectangle(cr, x - h, y - h, 2 * h, 2 * h);
        break;
    }
    case CPLOT_MARKER_DIAMOND: {
        double h = r * 1.2533; /* sqrt(pi/2) */
        cairo_move_to(cr, x, y - h);
        cairo_line_to(cr, x + h, y);
        cairo_line_to(cr, x, y + h);
        cairo_line_to(cr, x - h, y);
        cairo_close_path(cr);
        break;
    }
    case CPLOT_MARKER_TRIANGLE:
    case CPLOT_MARKER_TRIANGLE_DOWN: {
        double h = r * 1.3468; /* circumradius of an equal-area triangle */
        double s = marker == CPLOT_MARKER_TRIANGLE ? 1 : -1;
        /* Centred on the centroid so the point's position is its weight. */
        cairo_move_to(cr, x, y - s * h);
        cairo_line_to(cr, x + h * 0.8660, y + s * h * 0.5);
        cairo_line_to(cr, x - h * 0.8660, y + s * h * 0.5);
        cairo_close_path(cr);
        break;
    }
    case CPLOT_MARKER_PLUS:
        cairo_move_to(cr, x - r, y);
        cairo_line_to(cr, x + r, y);
        cairo_move_to(cr, x, y - r);
        cairo_line_to(cr, x, y + r);
        break;
    case CPLOT_MARKER_CROSS: {
        double h = r * 0.7071;
        cairo_move_to(cr, x - h, y - h);
        cairo_line_to(cr, x + h, y + h);
        cairo_move_to(cr, x - h, y + h);
        cairo_line_to(cr, x + h, y - h);
        break;
    }
    case CPLOT_MARKER_CIRCLE:
    default:
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y, r, 0, 2 * M_PI);
        cairo_close_path(cr);
        break;
    }
}
