/* Hexbin plots: the overplotting remedy for many points. The x-y plane is
 * tiled with hexagons and each is coloured by how many points fall in it,
 * binned as matplotlib's hexbin does (two offset lattices in data space,
 * gridsize hexagons across), so counts can be checked against it. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "figure-private.h"
#include "memory-private.h"

#define NO_RANGE -INFINITY, INFINITY

static const cplot_option_info_t hexbin_options[] = {
    {"x", CPLOT_VALUE_COLUMN, "null", NULL, NO_RANGE, "channel", "Numeric column along the horizontal axis."},
    {"y", CPLOT_VALUE_COLUMN, "null", NULL, NO_RANGE, "channel", "Numeric column along the vertical axis."},
    {"gridsize", CPLOT_VALUE_INTEGER, "30", NULL, 2, 500, "bins",
     "Hexagons across the x range; the y count follows so hexagons are regular in data units (as matplotlib)."},
    {"mincnt", CPLOT_VALUE_INTEGER, "1", NULL, 1, 1e9, "bins", "Hide hexagons with fewer points than this."},
    {"log_color", CPLOT_VALUE_BOOL, "false", NULL, NO_RANGE, "scale",
     "Colour by the logarithm of the count, so sparse regions stay visible next to dense ones."},
    {"colorbar", CPLOT_VALUE_BOOL, "true", NULL, NO_RANGE, "guides", "Show the colour bar."},
};

typedef struct hexagon {
    double cx, cy; /* centre in data units */
    double count;
} hexagon_t;

typedef struct hexbin {
    const cplot_column_t *x, *y;
    hexagon_t *cells;
    size_t cell_count;
    double sx, sy;        /* lattice steps in data units */
    double vmin, vmax;    /* colour domain (log10 counts with log_color) */
    bool log_color;
    size_t dropped;
} hexbin_t;

static cplot_status_t hexbin_prepare(cplot_figure_t *figure)
{
    hexbin_t *h = calloc(1, sizeof *h);
    if (!h)
        return CPLOT_STATUS_NO_MEMORY;
    figure->kind_data = h;
    const cplot_chart_t *chart = figure->chart;
    cplot_status_t status;
    if ((status = cplot_figure_column(figure, "x", true, CPLOT_COLUMN_NUMERIC, &h->x)) ||
        (status = cplot_figure_column(figure, "y", true, CPLOT_COLUMN_NUMERIC, &h->y)))
        return status;
    size_t rows = figure->table->row_count;
    double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
    for (size_t row = 0; row < rows; row++) {
        double x = h->x->numbers[row], y = h->y->numbers[row];
        if (!isfinite(x) || !isfinite(y)) {
            h->dropped++;
            continue;
        }
        xmin = fmin(xmin, x), xmax = fmax(xmax, x);
        ymin = fmin(ymin, y), ymax = fmax(ymax, y);
    }
    if (xmin > xmax)
        xmin = 0, xmax = 1, ymin = 0, ymax = 1;
    /* matplotlib widens a zero-width extent and pads by a hair so the
     * extreme points fall inside the grid. */
    if (xmax == xmin)
        xmin -= 0.1, xmax += 0.1;
    if (ymax == ymin)
        ymin -= 0.1, ymax += 0.1;
    double padding = 1e-9 * (xmax - xmin);
    xmin -= padding, xmax += padding;
    size_t nx = (size_t)cplot_chart_number(chart, "gridsize");
    size_t ny = (size_t)((double)nx / sqrt(3));
    if (ny < 1)
        ny = 1;
    h->sx = (xmax - xmin) / (double)nx;
    h->sy = (ymax - ymin) / (double)ny;
    size_t n1 = (nx + 1) * (ny + 1), n2 = nx * ny;
    double *counts = cplot_calloc_array(n1 + n2, sizeof(double));
    if (!counts)
        return CPLOT_STATUS_NO_MEMORY;
    for (size_t row = 0; row < rows; row++) {
        double x = h->x->numbers[row], y = h->y->numbers[row];
        if (!isfinite(x) || !isfinite(y))
            continue;
        x = (x - xmin) / h->sx;
        y = (y - ymin) / h->sy;
        double ix1 = round(x), iy1 = round(y), ix2 = floor(x), iy2 = floor(y);
        double d1 = (x - ix1) * (x - ix1) + 3.0 * (y - iy1) * (y - iy1);
        double d2 = (x - ix2 - 0.5) * (x - ix2 - 0.5) + 3.0 * (y - iy2 - 0.5) * (y - iy2 - 0.5);
        if (d1 < d2) {
            if (ix1 >= 0 && ix1 <= (double)nx && iy1 >= 0 && iy1 <= (double)ny)
                counts[(size_t)ix1 * (ny + 1) + (size_t)iy1]++;
        } else if (ix2 >= 0 && ix2 < (double)nx && iy2 >= 0 && iy2 < (double)ny) {
            counts[n1 + (size_t)ix2 * ny + (size_t)iy2]++;
        }
    }
    double mincnt = cplot_chart_number(chart, "mincnt");
    size_t shown = 0;
    for (size_t i = 0; i < n1 + n2; i++)
        shown += counts[i] >= mincnt;
    h->cells = cplot_alloc_array(shown, sizeof *h->cells);
    if (!h->cells) {
        free(counts);
        return CPLOT_STATUS_NO_MEMORY;
    }
    h->log_color = cplot_chart_bool(chart, "log_color");
    h->vmin = INFINITY, h->vmax = -INFINITY;
    for (size_t i = 0; i < n1 + n2; i++) {
        if (counts[i] < mincnt)
            continue;
        hexagon_t *cell = &h->cells[h->cell_count++];
        if (i < n1) {
            cell->cx = xmin + (double)(i / (ny + 1)) * h->sx;
            cell->cy = ymin + (double)(i % (ny + 1)) * h->sy;
        } else {
            size_t k = i - n1;
            cell->cx = xmin + ((double)(k / ny) + 0.5) * h->sx;
            cell->cy = ymin + ((double)(k % ny) + 0.5) * h->sy;
        }
        cell->count = counts[i];
        double v = h->log_color ? log10(cell->count) : cell->count;
        h->vmin = fmin(h->vmin, v);
        h->vmax = fmax(h->vmax, v);
    }
    free(counts);
    if (h->vmin > h->vmax)
        h->vmin = 0, h->vmax = 1;
    if (h->vmin == h->vmax)
        h->vmax = h->vmin + 1;

    cplot_axis_t *axes[2] = {&figure->x, &figure->y};
    const cplot_column_t *columns[2] = {h->x, h->y};
    for (int i = 0; i < 2; i++) {
        axes[i]->present = true;
        axes[i]->type = CPLOT_SCALE_LINEAR;
        axes[i]->title = columns[i]->name;
    }
    /* The axes hold the hexagons, which reach half a step past the grid. */
    figure->x.data_min = xmin - h->sx / 2, figure->x.data_max = xmax + h->sx / 2;
    figure->y.data_min = ymin - h->sy / 3, figure->y.data_max = ymax + h->sy / 3;
    if (cplot_chart_bool(chart, "colorbar")) {
        cplot_legend_block_t *bar = cplot_figure_add_legend(figure, CPLOT_LEGEND_COLORBAR,
                                                            h->log_color ? "log₁₀ count" : "count");
        bar->colormap = figure->colormap;
        bar->domain_min = h->vmin;
        bar->domain_max = h->vmax;
    }
    return CPLOT_STATUS_SUCCESS;
}

static void hexbin_draw(cplot_figure_t *figure, cairo_t *cr)
{
    const hexbin_t *h = figure->kind_data;
    /* matplotlib's hexagon: pointy top, in data units. */
    static const double shape[6][2] = {{0.5, -0.5}, {0.5, 0.5}, {0, 1}, {-0.5, 0.5}, {-0.5, -0.5}, {0, -1}};
    for (size_t i = 0; i < h->cell_count; i++) {
        const hexagon_t *cell = &h->cells[i];
        for (int k = 0; k < 6; k++) {
            double px = cplot_scale_map(&figure->x.scale, cell->cx + shape[k][0] * h->sx);
            double py = cplot_scale_map(&figure->y.scale, cell->cy + shape[k][1] * h->sy / 3);
            if (k == 0)
                cairo_move_to(cr, px, py);
            else
                cairo_line_to(cr, px, py);
        }
        cairo_close_path(cr);
        double v = h->log_color ? log10(cell->count) : cell->count;
        cplot_rgba_t c = cplot_colormap_sample(figure->colormap, (v - h->vmin) / (h->vmax - h->vmin));
        cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
        /* Fill and a hairline of the same colour close the seams that
         * antialiasing leaves between neighbours. */
        cairo_fill_preserve(cr);
        cairo_set_line_width(cr, 0.5);
        cairo_stroke(cr);
    }
}

static void hexbin_inspect(const cplot_figure_t *figure, cJSON *layers)
{
    const hexbin_t *h = figure->kind_data;
    cJSON *layer = cJSON_CreateObject();
    cJSON_AddItemToArray(layers, layer);
    cJSON_AddStringToObject(layer, "mark", "hexagons");
    cJSON *centers = cJSON_AddArrayToObject(layer, "centers");
    cJSON *counts = cJSON_AddArrayToObject(layer, "counts");
    double total = 0;
    for (size_t i = 0; i < h->cell_count; i++) {
        cJSON *c = cJSON_CreateArray();
        cJSON_AddItemToArray(c, cplot_json_number(h->cells[i].cx));
        cJSON_AddItemToArray(c, cplot_json_number(h->cells[i].cy));
        cJSON_AddItemToArray(centers, c);
        cJSON_AddItemToArray(counts, cplot_json_number(h->cells[i].count));
        total += h->cells[i].count;
    }
    cJSON_AddItemToObject(layer, "total", cplot_json_number(total));
    cJSON_AddItemToObject(layer, "dropped", cplot_json_number((double)h->dropped));
}

static void hexbin_release(cplot_figure_t *figure)
{
    hexbin_t *h = figure->kind_data;
    if (h)
        free(h->cells);
    free(h);
    figure->kind_data = NULL;
}

const cplot_kind_class_t cplot_hexbin_class = {
    .kind = CPLOT_KIND_HEXBIN,
    .name = "hexbin",
    .options = hexbin_options,
    .option_count = sizeof hexbin_options / sizeof hexbin_options[0],
    .prepare = hexbin_prepare,
    .draw = hexbin_draw,
    .release = hexbin_release,
    .inspect = hexbin_inspect,
};
