/* Text through Pango: measuring and drawing labels with the pinned fonts.
 * Layout code only ever sees measured sizes; drawing code only ever draws
 * labels that were measured first. */
#ifndef CPLOT_TEXT_PRIVATE_H
#define CPLOT_TEXT_PRIVATE_H

#include <cairo.h>
#include <pango/pango.h>
#include <stdbool.h>

#include "color-private.h"
#include "cplot/cplot.h"
#include "geometry-private.h"

/* A per-render text context: a Pango context on the pinned font map with
 * the rendering options that make output identical on every machine. */
typedef struct cplot_fonts {
    PangoContext *context;
    const char *family;
    /* What the context was last updated from (pango_cairo_update_context):
     * the linear part of the matrix and the target's font options. */
    double matrix[4];
    cairo_font_options_t *surface_options;
    cairo_font_options_t *scratch_options; /* for reading a target's */
} cplot_fonts_t;

/* Opens a text context for the calling thread (each thread gets its own
 * font map; Pango font maps are not shared across threads). */
cplot_status_t cplot_fonts_open(cplot_fonts_t *fonts, const char *family);
void cplot_fonts_close(cplot_fonts_t *fonts);

typedef struct cplot_text_style {
    double size; /* px */
    bool bold;
    cplot_rgba_t color;
} cplot_text_style_t;

/* How a label that is too long for its room is shortened. */
typedef enum cplot_text_fit {
    CPLOT_TEXT_NO_LIMIT = 0,
    CPLOT_TEXT_WRAP,     /* break into lines at word (or character) boundaries */
    CPLOT_TEXT_ELLIPSIZE /* cut with "…" at the end */
} cplot_text_fit_t;

/* A measured label. `width` and `height` are the unrotated logical size;
 * `box` is where it is drawn (its rotated bounding box), set by whoever
 * places it. */
typedef struct cplot_label {
    PangoLayout *layout;
    double width, height;
    double rotation; /* radians, clockwise positive as in cairo */
    cplot_rgba_t color;
    cplot_rect_t box;
} cplot_label_t;

/* Measures `text` (UTF-8). With a fit other than NO_LIMIT, `max_width`
 * bounds the unrotated width and `max_lines` the number of wrapped lines
 * (0: no limit). */
cplot_status_t cplot_label_init(cplot_label_t *label, cplot_fonts_t *fonts, const char *text,
                                const cplot_text_style_t *style, cplot_text_fit_t fit,
                                double max_width, int max_lines);
/* Centres lines of a wrapped label on each other. */
void cplot_label_center_lines(cplot_label_t *label);
void cplot_label_release(cplot_label_t *label);

/* Sets the rotation and returns the size of the rotated bounding box. */
void cplot_label_rotate(cplot_label_t *label, double radians, double *box_width,
                        double *box_height);
/* Places the label's bounding box with its top-left corner at (x, y). */
void cplot_label_place(cplot_label_t *label, double x, double y);
/* Draws the label into its box. */
void cplot_label_draw(cairo_t *cr, cplot_fonts_t *fonts, const cplot_label_t *label);

/* The embedded fontconfig file (libplot/data/fonts.conf), generated. */
extern const char cplot_fonts_conf[];

#endif
