/* Heatmaps: a matrix of values as coloured cells, from a wide table (one
 * numeric column per matrix column) or a long one (x, y, value; repeated
 * cells averaged). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limits-private.h"
#include "matrix-private.h"
#include "memory-private.h"
#include "strmap-private.h"

#define NO_RANGE -INFINITY, INFINITY

static const cplot_option_info_t heatmap_options[] = {
    {"columns", CPLOT_VALUE_STRINGS, "null", NULL, NO_RANGE, "channel",
     "Wide form: the numeric columns that become the matrix's columns, in order."},
    {"y", CPLOT_VALUE_COLUMN, "null", NULL, NO_RANGE, "channel",
     "Row labels: with columns, a column naming each row (default: row numbers); in long form, the rows' category."},
    {"x", CPLOT_VALUE_COLUMN, "null", NULL, NO_RANGE, "channel",
     "Long form: the column whose categories become the matrix's columns."},
    {"value", CPLOT_VALUE_COLUMN, "null", NULL, NO_RANGE, "channel",
     "Long form: the numeric column coloured in each cell (the mean when a cell repeats)."},
    {"annot", CPLOT_VALUE_BOOL, "false", NULL, NO_RANGE, "marks",
     "Write each cell's value in it, in black or white, whichever contrasts with the cell."},
    {"decimals", CPLOT_VALUE_INTEGER, "null", NULL, 0, 12, "marks",
     "Decimal places of the annotations; default one precision for the matrix: none for whole numbers, else three significant digits of the largest."},
    {"vmin", CPLOT_VALUE_NUMBER, "null", NULL, NO_RANGE, "scale",
     "Value at the bottom of the colour map; default the smallest value."},
    {"vmax", CPLOT_VALUE_NUMBER, "null", NULL, NO_RANGE, "scale",
     "Value at the top of the colour map; default the largest value."},
    {"center", CPLOT_VALUE_NUMBER, "null", NULL, NO_RANGE, "scale",
     "Value at the middle of the colour map (use with a diverging map such as rdbu); the domain becomes symmetric around it."},
    {"cell_gap", CPLOT_VALUE_NUMBER, "1", NULL, 0, 10, "marks",
     "Pixels of background between cells."},
    {"colorbar", CPLOT_VALUE_BOOL, "true", NULL, NO_RANGE, "guides", "Show the colour bar."},
};

typedef struct heatmap {
    cplot_matrix_t matrix;
    cplot_cell_style_t style;
} heatmap_t;

/* Distinct values of a column as category names, in level order (or in
 * increasing order for numbers), and each row's index among them. */
typedef struct categories {
    char **names;
    size_t count;
    long *row_index; /* -1 when missing */
} categories_t;

static void categories_release(categories_t *c)
{
    for (size_t i = 0; c->names && i < c->count; i++)
        free(c->names[i]);
    free(c->names);
    free(c->row_index);
    memset(c, 0, sizeof *c);
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static bool categories_of(const cplot_column_t *column, size_t rows, categories_t *out)
{
    memset(out, 0, sizeof *out);
    out->row_index = cplot_alloc_array(rows, sizeof(long));
    if (!out->row_index)
        return false;
    if (column->type == CPLOT_COLUMN_CATEGORICAL) {
        out->count = column->level_count;
        out->names = cplot_calloc_array(out->count, sizeof(char *));
        if (!out->names)
            return false;
        for (size_t i = 0; i < out->count; i++)
            if (!(out->names[i] = cplot_strdup(column->levels[i])))
                return false;
        for (size_t row = 0; row < rows; row++)
            out->row_index[row] = column->codes[row];
        return true;
    }
    /* Numbers: the distinct finite values, sorted, named by their shortest
     * exact text. */
    double *sorted = cplot_alloc_array(rows, sizeof(double));
    if (!sorted)
        return false;
    size_t n = 0;
    for (size_t row = 0; row < rows; row++)
        if (isfinite(column->numbers[row]))
            sorted[n++] = column->numbers[row];
    qsort(sorted, n, sizeof *sorted, compare_doubles);
    size_t distinct = 0;
    for (size_t i = 0; i < n; i++)
        if (distinct == 0 || sorted[i] != sorted[distinct - 1])
            sorted[distinct++] = sorted[i];
    out->count = distinct;
    out->names = cplot_calloc_array(distinct, sizeof(char *));
    bool ok = out->names != NULL;
    for (size_t i = 0; ok && i < distinct; i++) {
        char text[CPLOT_LABEL_MAX];
        cplot_format_number(sorted[i], 15, text);
        ok = (out->names[i] = cplot_strdup(text)) != NULL;
    }
    for (size_t row = 0; ok && row < rows; row++) {
        double v = column->numbers[row];
        out->row_index[row] = -1;
        if (!isfinite(v))
            continue;
        double *found = bsearch(&v, sorted, distinct, sizeof *sorted, compare_doubles);
        out->row_index[row] = found ? (long)(found - sorted) : -1;
    }
    free(sorted);
    return ok;
}

static cplot_status_t too_many_cells(cplot_figure_t *figure, size_t rows, size_t columns)
{
    char limit[32];
    cplot_limit_text(cplot_limit(CPLOT_LIMIT_MATRIX_CELLS), limit);
    return cplot_figure_fail(figure, CPLOT_STATUS_LIMIT_EXCEEDED,
                             "a heatmap of %zu x %zu cells is beyond the limit of %s (matrix_cells)",
                             rows, columns, limit);
}

static cplot_status_t wide_matrix(cplot_figure_t *figure, heatmap_t *h, const cplot_value_t *columns)
{
    const cplot_table_t *table = figure->table;
    const cplot_column_t *labels;
    cplot_status_t status = cplot_figure_column(figure, "y", false, -1, &labels);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    size_t rows = table->row_count;
    if (rows == 0 || columns->count == 0)
        return cplot_figure_fail(figure, CPLOT_STATUS_INVALID_VALUE,
                                 "the heatmap has no cells: it needs rows and at least one column");
    if (!cplot_matrix_init(&h->matrix, rows, columns->count))
        return too_many_cells(figure, rows, columns->count);
    for (size_t c = 0; c < columns->count; c++) {
        const cplot_column_t *column = cplot_table_column(table, columns->strings[c]);
        if (!column)
            return cplot_figure_fail(figure, CPLOT_STATUS_UNKNOWN_COLUMN,
                                     "option \"columns\": no column \"%s\" in the data",
                                     columns->strings[c]);
        if (column->type != CPLOT_COLUMN_NUMERIC)
            return cplot_figure_fail(figure, CPLOT_STATUS_COLUMN_TYPE,
                                     "option \"columns\": column \"%s\" is categorical; a heatmap "
                                     "colours numbers",
                                     columns->strings[c]);
        if (!(h->matrix.col_names[c] = cplot_strdup(column->name)))
            return CPLOT_STATUS_NO_MEMORY;
        for (size_t row = 0; row < rows; row++)
            h->matrix.values[row * columns->count + c] = column->numbers[row];
    }
    for (size_t row = 0; row < rows; row++) {
        char text[CPLOT_LABEL_MAX];
        if (!labels)
            snprintf(text, sizeof text, "%zu", row + 1);
        else if (labels->type == CPLOT_COLUMN_CATEGORICAL)
            snprintf(text, sizeof text, "%s", labels->codes[row] < 0 ? "" : labels->levels[labels->codes[row]]);
        else
            cplot_format_number(labels->numbers[row], 15, text);
        if (!(h->matrix.row_names[row] = cplot_strdup(text)))
            return CPLOT_STATUS_NO_MEMORY;
    }
    return CPLOT_STATUS_SUCCESS;
}

static cplot_status_t long_matrix(cplot_figure_t *figure, heatmap_t *h)
{
    const cplot_column_t *x, *y, *value;
    cplot_status_t status;
    if ((status = cplot_figure_column(figure, "x", true, -1, &x)) ||
        (status = cplot_figure_column(figure, "y", true, -1, &y)) ||
        (status = cplot_figure_column(figure, "value", true, CPLOT_COLUMN_NUMERIC, &value)))
        return status;
    size_t rows = figure->table->row_count;
    categories_t xs = {0}, ys = {0};
    double *sums = NULL;
    size_t *counts = NULL;
    status = CPLOT_STATUS_NO_MEMORY;
    if (!categories_of(x, rows, &xs) || !categories_of(y, rows, &ys))
        goto done;
    if (xs.count == 0 || ys.count == 0) {
        status = cplot_figure_fail(figure, CPLOT_STATUS_INVALID_VALUE,
                                   "the heatmap has no cells: x or y has no values");
        goto done;
    }
    if (!cplot_matrix_init(&h->matrix, ys.count, xs.count)) {
        status = too_many_cells(figure, ys.count, xs.count);
        goto done;
    }
    sums = cplot_calloc_array(ys.count * xs.count, sizeof *sums);
    counts = cplot_calloc_array(ys.count * xs.count, sizeof *counts);
    if (!sums || !counts)
        goto done;
    for (size_t row = 0; row < rows; row++) {
        long i = ys.row_index[row], j = xs.row_index[row];
        double v = value->numbers[row];
        if (i < 0 || j < 0 || !isfinite(v))
            continue;
        sums[(size_t)i * xs.count + (size_t)j] += v;
        counts[(size_t)i * xs.count + (size_t)j]++;
    }
    for (size_t k = 0; k < ys.count * xs.count; k++)
        if (counts[k])
            h->matrix.values[k] = sums[k] / (double)counts[k];
    /* The matrix takes the names over. */
    for (size_t i = 0; i < ys.count; i++)
        h->matrix.row_names[i] = ys.names[i], ys.names[i] = NULL;
    for (size_t j = 0; j < xs.count; j++)
        h->matrix.col_names[j] = xs.names[j], xs.names[j] = NULL;
    status = CPLOT_STATUS_SUCCESS;
done:
    categories_release(&xs);
    categories_release(&ys);
    free(sums);
    free(counts);
    if (status == CPLOT_STATUS_NO_MEMORY)
        cplot_figure_fail(figure, status, "out of memory");
    return status;
}

static cplot_status_t heatmap_prepare(cplot_figure_t *figure)
{
    heatmap_t *h = calloc(1, sizeof *h);
    if (!h)
        return CPLOT_STATUS_NO_MEMORY;
    figure->kind_data = h;
    const cplot_chart_t *chart = figure->chart;
    const cplot_value_t *columns = cplot_chart_value(chart, "columns");
    cplot_status_t status;
    if (columns->type == CPLOT_VALUE_STRINGS)
        status = wide_matrix(figure, h, columns);
    else if (cplot_chart_string(chart, "x") || cplot_chart_string(chart, "value"))
        status = long_matrix(figure, h);
    else
        status = cplot_figure_fail(figure, CPLOT_STATUS_MISSING_CHANNEL,
                                   "a heatmap needs \"columns\" (wide data) or \"x\", \"y\" and "
                                   "\"value\" (long data)");
    if (status != CPLOT_STATUS_SUCCESS)
        return status;

    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < h->matrix.rows * h->matrix.cols; k++) {
        double v = h->matrix.values[k];
        if (isfinite(v)) {
            lo = fmin(lo, v);
            hi = fmax(hi, v);
        } else {
            h->matrix.values[k] = NAN; /* infinities cannot be coloured */
        }
    }
    if (lo > hi)
        lo = 0, hi = 1;
    double vmin = cplot_chart_number(chart, "vmin"), vmax = cplot_chart_number(chart, "vmax");
    double center = cplot_chart_number(chart, "center");
    if (!isnan(vmin))
        lo = vmin;
    if (!isnan(vmax))
        hi = vmax;
    if (!isnan(center)) {
        double reach = fmax(fabs(hi - center), fabs(center - lo));
        lo = center - reach;
        hi = center + reach;
    }
    if (!(hi > lo)) {
        double half = lo == 0 ? 0.5 : fabs(lo) * 0.05;
        lo -= half;
        hi += half;
    }
    double decimals = cplot_chart_number(chart, "decimals");
    h->style = (cplot_cell_style_t){
        .colormap = figure->colormap,
        .vmin = lo,
        .vmax = hi,
        .gap = cplot_chart_number(chart, "cell_gap"),
        .glyph = CPLOT_GLYPH_COLOR,
        .cells = CPLOT_CELLS_ALL,
        .diagonal = true,
        .annotate = cplot_chart_bool(chart, "annot"),
        .decimals = isnan(decimals) ? -1 : (int)decimals,
    };
    cplot_matrix_axes(figure, &h->matrix);
    figure->x.title = cplot_chart_string(chart, "x");
    figure->y.title = cplot_chart_string(chart, "y");
    if (cplot_chart_bool(chart, "colorbar")) {
        cplot_legend_block_t *bar = cplot_figure_add_legend(
            figure, CPLOT_LEGEND_COLORBAR, cplot_chart_string(chart, "value"));
        bar->colormap = figure->colormap;
        bar->domain_min = lo;
        bar->domain_max = hi;
    }
    return CPLOT_STATUS_SUCCESS;
}

static void heatmap_draw(cplot_figure_t *figure, cairo_t *cr)
{
    heatmap_t *h = figure->kind_data;
    cplot_matrix_draw(figure, cr, &h->matrix, &h->style);
}

static void heatmap_inspect(const cplot_figure_t *figure, cJSON *layers)
{
    cJSON *layer = cJSON_CreateObject();
    cJSON_AddItemToArray(layers, layer);
    cJSON_AddStringToObject(layer, "mark", "cells");
    const heatmap_t *h = figure->kind_data;
    cJSON *rows = cJSON_AddArrayToObject(layer, "rows");
    cJSON *columns = cJSON_AddArrayToObject(layer, "columns");
    for (size_t i = 0; i < h->matrix.rows; i++)
        cJSON_AddItemToArray(rows, cJSON_CreateString(h->matrix.row_names[i]));
    for (size_t j = 0; j < h->matrix.cols; j++)
        cJSON_AddItemToArray(columns, cJSON_CreateString(h->matrix.col_names[j]));
    cJSON *matrix = cJSON_AddArrayToObject(layer, "matrix");
    for (size_t i = 0; i < h->matrix.rows; i++) {
        cJSON *row = cJSON_CreateArray();
        for (size_t j = 0; j < h->matrix.cols; j++) {
            double v = cplot_matrix_at(&h->matrix, i, j);
            cJSON_AddItemToArray(row, cplot_json_number(v));
        }
        cJSON_AddItemToArray(matrix, row);
    }
    cJSON *domain = cJSON_AddArrayToObject(layer, "color_domain");
    cJSON_AddItemToArray(domain, cplot_json_number(h->style.vmin));
    cJSON_AddItemToArray(domain, cplot_json_number(h->style.vmax));
}

static void heatmap_release(cplot_figure_t *figure)
{
    heatmap_t *h = figure->kind_data;
    if (h)
        cplot_matrix_release(&h->matrix);
    free(h);
    figure->kind_data = NULL;
}

const cplot_kind_class_t cplot_heatmap_class = {
    .kind = CPLOT_KIND_HEATMAP,
    .name = "heatmap",
    .options = heatmap_options,
    .option_count = sizeof heatmap_options / sizeof heatmap_options[0],
    .prepare = heatmap_prepare,
    .draw = heatmap_draw,
    .release = heatmap_release,
    .inspect = heatmap_inspect,
};
