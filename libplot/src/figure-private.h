/* A figure is one chart being drawn: everything computed between the
 * chart description and the pixels (statistics live in the kind's data;
 * scales, ticks, measured text, guides and the layout live here). A
 * figure is planned completely before anything is drawn, so tests can
 * check the plan (every text box, the plot area) without pixels. */
#ifndef CPLOT_FIGURE_PRIVATE_H
#define CPLOT_FIGURE_PRIVATE_H

#include <cairo.h>

#include "chart-private.h"
#include "color-private.h"
#include "format-private.h"
#include "layout-private.h"
#include "scale-private.h"
#include "table-private.h"
#include "text-private.h"
#include "theme-private.h"
#include "ticks-private.h"

typedef struct cplot_axis {
    bool present;
    cplot_scale_type_t type;
    double data_min, data_max;       /* finite data extent (linear, log) */
    /* Band axes: the category names in order (borrowed from the table or
     * the kind's data), and whether the first is drawn at the top (rows of
     * a matrix) rather than at the bottom or left. */
    char *const *band_names;
    size_t band_count;
    bool top_down;
    const char *title;               /* NULL or "" for none */
    cplot_scale_t scale;             /* final, after layout */
    cplot_ticks_t ticks;             /* tick values (band: level indexes) */
    cplot_label_t labels[CPLOT_MAX_TICKS];
    size_t label_count;
    size_t label_stride;             /* band axes: label every k-th level */
    bool labels_turned;              /* band axes: rotated in an earlier layout pass, so kept
                                        rotated (else passes can swing between two layouts) */
    bool sticky_zero;                /* bars: include 0 and leave no margin there */
    bool absolute_labels;            /* mirrored charts: label -20 as 20 */
    /* Values the axis could not place, reported by inspect. */
    size_t missing;      /* NaN */
    size_t non_finite;   /* +-infinity */
    size_t non_positive; /* <= 0 on a log axis */
} cplot_axis_t;

typedef enum cplot_marker {
    CPLOT_MARKER_CIRCLE = 0,
    CPLOT_MARKER_SQUARE,
    CPLOT_MARKER_DIAMOND,
    CPLOT_MARKER_TRIANGLE,
    CPLOT_MARKER_TRIANGLE_DOWN,
    CPLOT_MARKER_PLUS,
    CPLOT_MARKER_CROSS
} cplot_marker_t;

extern const char *const cplot_marker_names[];
bool cplot_marker_from_name(const char *name, cplot_marker_t *marker);
/* Adds a marker's outline to the path, centred at (x, y), `size` px
 * across (shapes of one size have about equal visual weight). PLUS and
 * CROSS are strokes, the others fills. */
void cplot_marker_path(cairo_t *cr, cplot_marker_t marker, double x, double y, double size);
bool cplot_marker_is_stroked(cplot_marker_t marker);

/* Legends: a block per mapping (colour by category, size by value, or a
 * colour bar for colour by value), stacked right of or below the plot. */
typedef enum cplot_legend_kind {
    CPLOT_LEGEND_COLORS = 0,
    CPLOT_LEGEND_SIZES,
    CPLOT_LEGEND_COLORBAR
} cplot_legend_kind_t;

#define CPLOT_LEGEND_MAX_ITEMS 64

typedef struct cplot_legend_item {
    cplot_label_t label;
    cplot_rgba_t color;
    double size;     /* marker size in px */
    cplot_rect_t swatch;
} cplot_legend_item_t;

typedef struct cplot_legend_block {
    cplot_legend_kind_t kind;
    const char *title_text;
    cplot_label_t title;
    cplot_marker_t marker;
    /* COLORS and SIZES */
    const char *item_texts[CPLOT_LEGEND_MAX_ITEMS];
    char item_storage[CPLOT_LEGEND_MAX_ITEMS][CPLOT_LABEL_MAX];
    cplot_legend_item_t items[CPLOT_LEGEND_MAX_ITEMS];
    size_t item_count;
    size_t hidden_count; /* categories beyond what fits, summarised as "+N more" */
    /* COLORBAR */
    const cplot_colormap_t *colormap;
    double domain_min, domain_max;
    cplot_ticks_t ticks;
    cplot_label_t tick_labels[CPLOT_MAX_TICKS];
    size_t tick_label_count;
    cplot_rect_t bar;
    /* placement */
    double width, height;
    cplot_rect_t box;
} cplot_legend_block_t;

#define CPLOT_LEGEND_MAX_BLOCKS 4

/* How a figure is planned as one panel of a larger one (facets, pair
 * plots, marginal plots). */
typedef struct cplot_panel_setup {
    const cplot_table_t *table;    /* the panel's rows (NULL: the chart's) */
    const char *title;             /* drawn above the panel (the facet value) */
    const struct cplot_figure *shared; /* colour-bar domains to take over */
    bool share_x, share_y;         /* use the data ranges below */
    double x_min, x_max, y_min, y_max;
    /* Grids of panels that line up (pair plots): axis titles for the
     * panel, space kept for at least these axis margins, and which labels
     * are drawn (space is kept for hidden ones, so plots align). */
    const char *x_title, *y_title;
    double min_inset[4]; /* plot distance from the cell's left, top, right, bottom */
    bool hide_x_labels, hide_y_labels, hide_x_title, hide_y_title;
    /* Marginal panels: no room at all for the axis they share with the
     * neighbouring plot. */
    bool no_x_axis_space, no_y_axis_space;
} cplot_panel_setup_t;

struct cplot_figure {
    cplot_chart_t *chart;
    const cplot_table_t *table;
    const cplot_theme_t *theme;
    const cplot_palette_t *palette;
    const cplot_colormap_t *colormap;
    cplot_fonts_t fonts;
    double width, height;
    double font_size;

    cplot_label_t title, subtitle, x_title, y_title;
    cplot_axis_t x, y;
    cplot_legend_block_t legends[CPLOT_LEGEND_MAX_BLOCKS];
    size_t legend_count;
    cplot_legend_position_t legend_position;
    bool legend_columns; /* blocks side by side on the right: too tall stacked */
    bool hide_axis_lines; /* matrices: tick labels without axis lines or ticks */
    cplot_layout_t layout;

    void *kind_data;

    /* A panel has no titles, legends or axis titles of its own. */
    bool is_panel;
    bool hide_x_labels, hide_y_labels, hide_x_title, hide_y_title;
    cplot_layout_request_t request; /* the last layout request, for aligning panels */
    cplot_panel_setup_t setup;      /* how this panel was asked for */
    /* A faceted figure draws its panels instead of one plot. */
    struct cplot_figure **panels;
    cplot_table_t **panel_tables;
    cplot_rect_t *panel_rects;
    size_t panel_count;
    cplot_label_t moved_labels[512]; /* scratch for cplot_figure_labels */

    cplot_status_t status;
    char message[CPLOT_MESSAGE_MAX];
};

/* Plans a figure of the chart at width x height CSS pixels: prepares the
 * kind, measures text, computes ticks, legends and layout. On failure the
 * message is in figure->message. Always release, even after failure. */
cplot_status_t cplot_figure_plan(cplot_figure_t *figure, cplot_chart_t *chart, double width,
                                 double height);
/* Plans a figure as a panel of a larger one (see cplot_panel_setup_t). */
cplot_status_t cplot_figure_plan_panel(cplot_figure_t *figure, cplot_chart_t *chart, double width,
                                       double height, const cplot_panel_setup_t *setup);
/* For kinds made of panels (plan_panels): measures the figure's titles,
 * legends and axis titles and returns the rectangle left for the grid. */
cplot_status_t cplot_figure_plan_frame(cplot_figure_t *figure, cplot_rect_t *grid);
/* Places the frame's titles and legends around the grid once the panels
 * are planned. */
void cplot_figure_place_frame(cplot_figure_t *figure, cplot_rect_t grid);
/* Draws a planned figure onto cr (which is saved and restored). */
void cplot_figure_draw(cplot_figure_t *figure, cairo_t *cr);
void cplot_figure_release(cplot_figure_t *figure);

/* Records an error while planning; returns the status. */
cplot_status_t cplot_figure_fail(cplot_figure_t *figure, cplot_status_t status,
                                 const char *format, ...) __attribute__((format(printf, 3, 4)));

/* For the kinds: resolves an option naming a column. NULL without error
 * when the option is unset and not `required`; otherwise checks the
 * column exists (listing the columns that do) and, when `type` is not -1,
 * that it has that type. Sets *column or fails. */
cplot_status_t cplot_figure_column(cplot_figure_t *figure, const char *option, bool required,
                                   int type, const cplot_column_t **column);

/* Declares a numeric (linear or log, from the "<axis>_scale" option) or
 * band axis from a column, with its default title. */
cplot_status_t cplot_figure_axis_from_column(cplot_figure_t *figure, cplot_axis_t *axis,
                                             const char *scale_option,
                                             const cplot_column_t *column);

/* The legend of a categorical hue column: one swatch per level in palette
 * order (the colours every kind gives its groups), titled by the column,
 * drawn at the opacity the marks have (`alpha`, 1 for opaque) so that a
 * swatch looks like its translucent bars. */
void cplot_figure_add_hue_legend(cplot_figure_t *figure, const cplot_column_t *hue,
                                 cplot_marker_t marker, double swatch_size, double alpha);

/* The hue legend of a chart of panels drawing points of the chart's
 * "point_size": circles that size, kept between 6 px (visible) and the
 * font size (no taller than their labels). */
void cplot_figure_add_point_hue_legend(cplot_figure_t *figure, const cplot_column_t *hue);

/* Adds a legend block; NULL when there are already CPLOT_LEGEND_MAX_BLOCKS. */
cplot_legend_block_t *cplot_figure_add_legend(cplot_figure_t *figure, cplot_legend_kind_t kind,
                                              const char *title);

/* Every placed label of a planned figure, for layout checks: fills up to
 * `max` pointers and returns how many there are in all. */
size_t cplot_figure_labels(const cplot_figure_t *figure, const cplot_label_t **labels,
                           size_t max);

/* Guides (guides.c): axis ticks and labels, grid, legends, colour bars. */
cplot_status_t cplot_axis_build_ticks(cplot_figure_t *figure, cplot_axis_t *axis, double length,
                                      bool horizontal);
void cplot_axis_release(cplot_axis_t *axis);
void cplot_draw_grid(cplot_figure_t *figure, cairo_t *cr);
void cplot_draw_axes(cplot_figure_t *figure, cairo_t *cr);
/* The common "x_span"/"y_span" bands and "x_lines"/"y_lines" reference
 * lines, on numeric axes only. */
void cplot_draw_spans(cplot_figure_t *figure, cairo_t *cr);
void cplot_draw_reference_lines(cplot_figure_t *figure, cairo_t *cr);
cplot_status_t cplot_legend_measure(cplot_figure_t *figure, cplot_legend_block_t *block,
                                    double max_height);
void cplot_legend_place(cplot_legend_block_t *block, double x, double y);
void cplot_legend_draw(cplot_figure_t *figure, const cplot_legend_block_t *block, cairo_t *cr);
void cplot_legend_release(cplot_legend_block_t *block);

/* Sizes derived from the base font size, so everything scales together. */
static inline double cplot_tick_label_size(const cplot_figure_t *f) { return f->font_size * 0.92; }
static inline double cplot_axis_title_size(const cplot_figure_t *f) { return f->font_size; }
static inline double cplot_title_size(const cplot_figure_t *f) { return f->font_size * 1.42; }
static inline double cplot_tick_length(const cplot_figure_t *f) { return f->font_size * 0.4; }
static inline double cplot_gap(const cplot_figure_t *f) { return f->font_size * 0.75; }

#endif
