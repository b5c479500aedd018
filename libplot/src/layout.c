#include "layout-private.h"

#include <math.h>
#include <string.h>

static double max2(double a, double b)
{
    return a > b ? a : b;
}

void cplot_layout_compute(const cplot_layout_request_t *r, cplot_layout_t *layout)
{
    memset(layout, 0, sizeof *layout);
    cplot_rect_t content = {r->padding, r->padding, r->width - 2 * r->padding,
                            r->height - 2 * r->padding};

    /* Titles take full-width rows at the top. */
    double top = content.y;
    if (r->title_height > 0) {
        layout->title = (cplot_rect_t){content.x, top, content.width, r->title_height};
        top += r->title_height;
    }
    if (r->subtitle_height > 0) {
        top += r->title_height > 0 ? r->gap * 0.25 : 0;
        layout->subtitle = (cplot_rect_t){content.x, top, content.width, r->subtitle_height};
        top += r->subtitle_height;
    }
    if (r->title_height > 0 || r->subtitle_height > 0)
        top += r->gap;

    double bottom = cplot_rect_bottom(content);
    double right = cplot_rect_right(content);
    if (r->legend_position == CPLOT_LEGEND_BOTTOM && r->legend_height > 0) {
        bottom -= r->legend_height;
        layout->legend = (cplot_rect_t){content.x, bottom, content.width, r->legend_height};
        bottom -= r->gap;
    } else if (r->legend_position == CPLOT_LEGEND_RIGHT && r->legend_width > 0) {
        right -= r->legend_width;
        layout->legend = (cplot_rect_t){right, top, r->legend_width, r->legend_height};
        right -= r->gap;
    }

    /* The plot's left edge clears the y title and tick labels, and the
     * first x tick label's overhang; likewise on the other sides. */
    double left_margin = r->y_axis_width;
    if (r->y_title_width > 0)
        left_margin += r->y_title_width + r->gap * 0.5;
    left_margin = max2(left_margin, r->x_overhang_left);
    double bottom_margin = r->x_axis_height;
    if (r->x_title_height > 0)
        bottom_margin += r->x_title_height + r->gap * 0.5;
    bottom_margin = max2(bottom_margin, r->y_overhang_bottom);

    cplot_rect_t plot;
    plot.x = max2(content.x + left_margin, r->min_inset[0]);
    plot.y = max2(top + r->y_overhang_top, r->min_inset[1]);
    plot.width = fmin(right - r->x_overhang_right, r->width - r->min_inset[2]) - plot.x;
    plot.height = fmin(bottom - bottom_margin, r->height - r->min_inset[3]) - plot.y;
    layout->fits = true;
    if (plot.width < r->min_plot_size) {
        plot.width = r->min_plot_size;
        layout->fits = false;
    }
    if (plot.height < r->min_plot_size) {
        plot.height = r->min_plot_size;
        layout->fits = false;
    }
    layout->plot = plot;

    if (r->x_title_height > 0)
        layout->x_title = (cplot_rect_t){plot.x, cplot_rect_bottom(plot) + r->x_axis_height +
                                                     r->gap * 0.5,
                                         plot.width, r->x_title_height};
    if (r->y_title_width > 0)
        layout->y_title = (cplot_rect_t){content.x, plot.y, r->y_title_width, plot.height};
    /* A right-hand legend lines up with the top of the plot, or higher
     * when it is taller than the room below that. */
    if (r->legend_position == CPLOT_LEGEND_RIGHT && r->legend_width > 0) {
        layout->legend.y = plot.y;
        if (cplot_rect_bottom(layout->legend) > cplot_rect_bottom(content))
            layout->legend.y = fmax(top, cplot_rect_bottom(content) - r->legend_height);
        if (cplot_rect_bottom(layout->legend) > cplot_rect_bottom(content) + 0.01)
            layout->fits = false;
    }
}
