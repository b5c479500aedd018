/* Layout: where each block of a chart goes, as a pure function of the
 * canvas size and the measured sizes of the text and guides. Nothing here
 * draws or measures; margins come only from what was measured. */
#ifndef CPLOT_LAYOUT_PRIVATE_H
#define CPLOT_LAYOUT_PRIVATE_H

#include <stdbool.h>

#include "geometry-private.h"

typedef enum cplot_legend_position {
    CPLOT_LEGEND_NONE = 0,
    CPLOT_LEGEND_RIGHT,
    CPLOT_LEGEND_BOTTOM
} cplot_legend_position_t;

/* Every size is in pixels and 0 when the block is absent. */
typedef struct cplot_layout_request {
    double width, height; /* the canvas */
    double padding;       /* from the canvas edge to any content */
    double gap;           /* between neighbouring blocks */
    double title_height, subtitle_height;
    double x_title_height; /* the horizontal x axis title */
    double y_title_width;  /* the rotated y axis title's box width */
    double x_axis_height;  /* tick marks plus the tallest x tick label box */
    double y_axis_width;   /* tick marks plus the widest y tick label box */
    /* How far the end tick labels may reach past the plot's edges (half a
     * label): the canvas must have room for them too. */
    double x_overhang_left, x_overhang_right;
    double y_overhang_top, y_overhang_bottom;
    double legend_width, legend_height;
    cplot_legend_position_t legend_position;
    double min_plot_size; /* the plot area never shrinks below this */
    /* Panels that must line up: the plot keeps at least these distances
     * from the canvas edges (left, top, right, bottom). */
    double min_inset[4];
} cplot_layout_request_t;

typedef struct cplot_layout {
    cplot_rect_t title, subtitle;
    cplot_rect_t plot; /* the data area: scales map onto it */
    cplot_rect_t x_title, y_title;
    cplot_rect_t legend;
    bool fits; /* false when the plot had to be kept at min_plot_size */
} cplot_layout_t;

/* Lays out a single-panel chart. Titles sit at the top left, the legend
 * right of or below the plot, axis titles centred on the plot. */
void cplot_layout_compute(const cplot_layout_request_t *request, cplot_layout_t *layout);

#endif
