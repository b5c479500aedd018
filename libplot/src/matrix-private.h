/* Matrices of cells (heatmaps, correlograms): the data, its band axes and
 * the drawing of cells, glyphs and annotations. */
#ifndef CPLOT_MATRIX_PRIVATE_H
#define CPLOT_MATRIX_PRIVATE_H

#include "figure-private.h"

typedef struct cplot_matrix {
    size_t rows, cols;
    double *values;    /* row-major; NaN for an empty cell */
    char **row_names;  /* owned */
    char **col_names;  /* owned */
} cplot_matrix_t;

/* Allocates rows x cols NaN cells and empty names; false when out of
 * memory or too large (the caller reports). */
bool cplot_matrix_init(cplot_matrix_t *matrix, size_t rows, size_t cols);
void cplot_matrix_release(cplot_matrix_t *matrix);
static inline double cplot_matrix_at(const cplot_matrix_t *m, size_t row, size_t col)
{
    return m->values[row * m->cols + col];
}

/* How a cell shows its value. */
typedef enum cplot_glyph {
    CPLOT_GLYPH_COLOR = 0, /* a filled cell */
    CPLOT_GLYPH_NUMBER,    /* the value as text in its colour */
    CPLOT_GLYPH_CIRCLE,    /* area proportional to |value| */
    CPLOT_GLYPH_SQUARE,
    CPLOT_GLYPH_ELLIPSE,   /* a correlation ellipse: narrower as |r| grows */
    CPLOT_GLYPH_PIE        /* a pie filled |value| of the way round */
} cplot_glyph_t;

/* Which cells are drawn. */
typedef enum cplot_cells {
    CPLOT_CELLS_ALL = 0,
    CPLOT_CELLS_UPPER, /* above the diagonal */
    CPLOT_CELLS_LOWER
} cplot_cells_t;

typedef struct cplot_cell_style {
    const cplot_colormap_t *colormap;
    double vmin, vmax;  /* the colour domain */
    double gap;         /* px of background between cells */
    cplot_glyph_t glyph;
    cplot_cells_t cells;
    bool diagonal;      /* draw the diagonal (with upper/lower) */
    bool annotate;      /* write the value in each cell */
    int decimals;       /* for annotations; -1: one shared precision (cplot_shared_decimals) */
} cplot_cell_style_t;

/* Declares the figure's band axes from the matrix's names: columns along
 * x, rows down y from the top. */
void cplot_matrix_axes(cplot_figure_t *figure, const cplot_matrix_t *matrix);

/* Whether cell (row, col) is drawn under the style's cell selection. */
bool cplot_matrix_cell_shown(const cplot_cell_style_t *style, size_t row, size_t col);

/* The colour of a value under the style's map and domain. */
cplot_rgba_t cplot_matrix_color(const cplot_cell_style_t *style, double value);

/* Draws the cells (clipped by the caller to the plot area). Annotation
 * text is black or white, whichever contrasts with the cell. */
void cplot_matrix_draw(cplot_figure_t *figure, cairo_t *cr, const cplot_matrix_t *matrix,
                       const cplot_cell_style_t *style);

#endif
