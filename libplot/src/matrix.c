#include "matrix-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "limits-private.h"
#include "memory-private.h"

/* A matrix of more cells than the "matrix_cells" limit is refused: by
 * default 250,000, since a correlogram of 300 columns, or a heatmap of
 * 300 x 300 categories, is already unreadable. */

bool cplot_matrix_init(cplot_matrix_t *matrix, size_t rows, size_t cols)
{
    memset(matrix, 0, sizeof *matrix);
    if (rows == 0 || cols == 0 || rows > cplot_limit(CPLOT_LIMIT_MATRIX_CELLS) / cols)
        return false;
    matrix->rows = rows;
    matrix->cols = cols;
    matrix->values = cplot_alloc_array(rows * cols, sizeof(double));
    matrix->row_names = cplot_calloc_array(rows, sizeof(char *));
    matrix->col_names = cplot_calloc_array(cols, sizeof(char *));
    if (!matrix->values || !matrix->row_names || !matrix->col_names) {
        cplot_matrix_release(matrix);
        return false;
    }
    for (size_t i = 0; i < rows * cols; i++)
        matrix->values[i] = NAN;
    return true;
}

void cplot_matrix_release(cplot_matrix_t *matrix)
{
    for (size_t i = 0; matrix->row_names && i < matrix->rows; i++)
        free(matrix->row_names[i]);
    for (size_t i = 0; matrix->col_names && i < matrix->cols; i++)
        free(matrix->col_names[i]);
    free(matrix->row_names);
    free(matrix->col_names);
    free(matrix->values);
    memset(matrix, 0, sizeof *matrix);
}

void cplot_matrix_axes(cplot_figure_t *figure, const cplot_matrix_t *matrix)
{
    cplot_axis_t *x = &figure->x, *y = &figure->y;
    x->present = y->present = true;
    x->type = y->type = CPLOT_SCALE_BAND;
    x->band_names = matrix->col_names;
    x->band_count = matrix->cols;
    y->band_names = matrix->row_names;
    y->band_count = matrix->rows;
    y->top_down = true;
    figure->hide_axis_lines = true;
}

bool cplot_matrix_cell_shown(const cplot_cell_style_t *style, size_t row, size_t col)
{
    if (row == col && style->cells != CPLOT_CELLS_ALL)
        return style->diagonal;
    if (style->cells == CPLOT_CELLS_UPPER)
        return col > row;
    if (style->cells == CPLOT_CELLS_LOWER)
        return col < row;
    return true;
}

cplot_rgba_t cplot_matrix_color(const cplot_cell_style_t *style, double value)
{
    double span = style->vmax - style->vmin;
    double t = span > 0 ? (value - style->vmin) / span : 0.5;
    return cplot_colormap_sample(style->colormap, t);
}

static void set_color(cairo_t *cr, cplot_rgba_t c)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
}

/* The glyph of a correlation-like value in a cell of the given size,
 * centred at (cx, cy). |value| is taken as at most 1. */
static void draw_glyph(cairo_t *cr, cplot_glyph_t glyph, double value, double cx, double cy,
                       double w, double h, cplot_rgba_t color, cplot_rgba_t ink)
{
    double magnitude = fmin(1, fabs(value));
    double side = fmin(w, h);
    set_color(cr, color);
    switch (glyph) {
    case CPLOT_GLYPH_CIRCLE: {
        /* corrplot: radius 0.9 * sqrt|r| / 2 of the cell, so area ~ |r|. */
        double r = 0.9 * sqrt(magnitude) * side / 2;
        cairo_new_sub_path(cr);
        cairo_arc(cr, cx, cy, r, 0, 2 * M_PI);
        cairo_fill(cr);
        break;
    }
    case CPLOT_GLYPH_SQUARE: {
        double s = 0.9 * sqrt(magnitude) * side;
        cairo_rectangle(cr, cx - s / 2, cy - s / 2, s, s);
        cairo_fill(cr);
        break;
    }
    case CPLOT_GLYPH_ELLIPSE: {
        /* The shape of a bivariate normal's density contour: major axis
         * along the diagonal the sign points to, minor axis shrinking to
         * nothing as |r| reaches 1. */
        double major = 0.45 * side * sqrt(1 + magnitude);
        double minor = 0.45 * side * sqrt(1 - magnitude);
        if (minor < 0.5)
            minor = 0.5;
        cairo_save(cr);
        cairo_translate(cr, cx, cy);
        cairo_rotate(cr, value >= 0 ? -M_PI / 4 : M_PI / 4);
        cairo_scale(cr, major, minor);
        cairo_arc(cr, 0, 0, 1, 0, 2 * M_PI);
        cairo_restore(cr);
        cairo_fill(cr);
        break;
    }
    case CPLOT_GLYPH_PIE: {
        double r = 0.45 * side;
        cairo_new_sub_path(cr);
        cairo_arc(cr, cx, cy, r, 0, 2 * M_PI);
        cairo_set_line_width(cr, 1);
        set_color(cr, ink);
        cairo_stroke(cr);
        set_color(cr, color);
        /* Clockwise from twelve o'clock for positive values,
         * anticlockwise for negative ones, as corrplot draws them. */
        double start = -M_PI / 2, sweep = 2 * M_PI * magnitude;
        cairo_move_to(cr, cx, cy);
        if (value >= 0)
            cairo_arc(cr, cx, cy, r, start, start + sweep);
        else
            cairo_arc_negative(cr, cx, cy, r, start, start - sweep);
        cairo_close_path(cr);
        cairo_fill(cr);
        break;
    }
    case CPLOT_GLYPH_COLOR:
    case CPLOT_GLYPH_NUMBER:
    default:
        break;
    }
}

/* The colour moved toward the ink until it has a 3:1 contrast with the
 * background (WCAG's minimum for large text): a weak r in the light theme
 * is near white, a strong one in the dark theme near black. */
static cplot_rgba_t readable_on(cplot_rgba_t color, cplot_rgba_t background, cplot_rgba_t ink)
{
    double lb = cplot_color_luminance(background);
    for (int step = 0; step <= 10; step++) {
        double t = step / 10.0;
        cplot_rgba_t c = {color.r + (ink.r - color.r) * t, color.g + (ink.g - color.g) * t,
                          color.b + (ink.b - color.b) * t, 1};
        double lc = cplot_color_luminance(c);
        double contrast = (fmax(lc, lb) + 0.05) / (fmin(lc, lb) + 0.05);
        if (contrast >= 3)
            return c;
    }
    return ink;
}

void cplot_matrix_draw(cplot_figure_t *figure, cairo_t *cr, const cplot_matrix_t *matrix,
                       const cplot_cell_style_t *style)
{
    const cplot_scale_t *xs = &figure->x.scale, *ys = &figure->y.scale;
    double step_x = cplot_scale_band_step(xs), step_y = cplot_scale_band_step(ys);
    double gap = fmin(style->gap, fmin(step_x, step_y) * 0.2);
    double font = fmin(cplot_tick_label_size(figure), fmin(step_y * 0.55, step_x * 0.3));
    cplot_text_style_t text_style = {font, false, {0, 0, 0, 1}};
    cplot_rgba_t ink = figure->theme->muted_ink;
    /* One precision for every annotation of the matrix. */
    int decimals = style->decimals >= 0 ? style->decimals
                                        : cplot_shared_decimals(matrix->values, matrix->rows * matrix->cols);
    for (size_t row = 0; row < matrix->rows; row++) {
        for (size_t col = 0; col < matrix->cols; col++) {
            double value = cplot_matrix_at(matrix, row, col);
            if (isnan(value) || !cplot_matrix_cell_shown(style, row, col))
                continue;
            double cx = cplot_scale_map(xs, (double)col), cy = cplot_scale_map(ys, (double)row);
            double x0 = cx - step_x / 2 + gap / 2, y0 = cy - step_y / 2 + gap / 2;
            double w = step_x - gap, h = step_y - gap;
            cplot_rgba_t color = cplot_matrix_color(style, value);
            bool filled = style->glyph == CPLOT_GLYPH_COLOR;
            if (filled) {
                set_color(cr, color);
                cairo_rectangle(cr, x0, y0, w, h);
                cairo_fill(cr);
            } else if (style->glyph != CPLOT_GLYPH_NUMBER) {
                draw_glyph(cr, style->glyph, value, cx, cy, w, h, color, ink);
            }
            bool text = style->annotate || style->glyph == CPLOT_GLYPH_NUMBER;
            if (!text || font < 5)
                continue;
            char label_text[CPLOT_LABEL_MAX];
            cplot_format_decimals(value, decimals, label_text);
            /* On a filled cell the text contrasts with the cell; a number
             * glyph is the value's own colour on the background. */
            if (filled)
                text_style.color = cplot_color_luminance(color) > 0.408
                                       ? (cplot_rgba_t){0.1, 0.1, 0.1, 1}
                                       : (cplot_rgba_t){1, 1, 1, 1};
            else
                text_style.color = style->glyph == CPLOT_GLYPH_NUMBER
                                       ? readable_on(color, figure->theme->background, figure->theme->ink)
                                       : figure->theme->ink;
            cplot_label_t label;
            if (cplot_label_init(&label, &figure->fonts, label_text, &text_style,
                                 CPLOT_TEXT_ELLIPSIZE, w, 1) != CPLOT_STATUS_SUCCESS) {
                cplot_label_release(&label);
                continue;
            }
            cplot_label_rotate(&label, 0, NULL, NULL);
            cplot_label_place(&label, cx - label.width / 2, cy - label.height / 2);
            cplot_label_draw(cr, &figure->fonts, &label);
            cplot_label_release(&label);
        }
    }
}
