/* Correlograms: the correlation matrix of numeric columns (pandas'
 * pearson, spearman or kendall with pairwise deletion) as coloured cells
 * or corrplot's glyphs, full or one triangle, optionally two glyphs
 * (numbers below the diagonal, circles above), reordered by clustering or
 * principal components, on a diverging colour bar fixed to [-1, 1]. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "limits-private.h"
#include "matrix-private.h"
#include "memory-private.h"
#include "stats-private.h"

#define NO_RANGE -INFINITY, INFINITY

static const char *const method_choices[] = {"pearson", "spearman", "kendall", NULL};
static const char *const glyph_choices[] = {"color", "number", "circle", "square", "ellipse", "pie", NULL};
static const char *const type_choices[] = {"full", "upper", "lower", NULL};
static const char *const order_choices[] = {"original", "alphabet", "hclust", "fpc", "aoe", NULL};

static const cplot_option_info_t correlogram_options[] = {
    {"columns", CPLOT_VALUE_STRINGS, "null", NULL, NO_RANGE, "channel",
     "The numeric columns to correlate, in order; default every numeric column."},
    {"method", CPLOT_VALUE_STRING, "\"pearson\"", method_choices, NO_RANGE, "statistics",
     "pearson (linear), spearman (ranks: any monotonic relation) or kendall (tau-b: pairs in agreement)."},
    {"min_periods", CPLOT_VALUE_INTEGER, "1", NULL, 1, 1e9, "statistics",
     "Fewest rows with both values present for a coefficient; fewer gives an empty cell."},
    {"glyph", CPLOT_VALUE_STRING, "\"color\"", glyph_choices, NO_RANGE, "marks",
     "How a cell shows r: color (a filled cell), number, circle or square (area ~ |r|), ellipse (narrower as |r| grows), pie (filled |r| of the way round)."},
    {"lower", CPLOT_VALUE_STRING, "null", glyph_choices, NO_RANGE, "marks",
     "Glyph below the diagonal; with upper, a mixed correlogram (numbers on one side, shapes on the other)."},
    {"upper", CPLOT_VALUE_STRING, "null", glyph_choices, NO_RANGE, "marks",
     "Glyph above the diagonal (see lower)."},
    {"type", CPLOT_VALUE_STRING, "\"full\"", type_choices, NO_RANGE, "marks",
     "Show the full matrix or only the upper or lower triangle: the other half repeats it."},
    {"diagonal", CPLOT_VALUE_BOOL, "true", NULL, NO_RANGE, "marks",
     "Show the diagonal (always 1) in a triangle; without it the triangle's empty row and column are dropped."},
    {"order", CPLOT_VALUE_STRING, "\"original\"", order_choices, NO_RANGE, "layout",
     "Variable order: original, alphabet, hclust (complete linkage on 1 − r, as R's corrplot), fpc (first principal component) or aoe (angular order of eigenvectors)."},
    {"annot", CPLOT_VALUE_BOOL, "false", NULL, NO_RANGE, "marks",
     "Write r in coloured cells (the number glyph writes it instead of a shape)."},
    {"decimals", CPLOT_VALUE_INTEGER, "2", NULL, 0, 6, "marks", "Decimal places of written coefficients."},
    {"cell_gap", CPLOT_VALUE_NUMBER, "1", NULL, 0, 10, "marks", "Pixels of background between cells."},
};

typedef struct correlogram {
    cplot_matrix_t matrix;         /* in drawn order */
    cplot_cell_style_t styles[2];  /* one, or lower and upper when mixed */
    size_t style_count;
    const char *method;
} correlogram_t;

static int choice_index(const char *value, const char *const *choices)
{
    for (int i = 0; choices[i]; i++)
        if (value && strcmp(value, choices[i]) == 0)
            return i;
    return 0;
}

static cplot_status_t correlogram_prepare(cplot_figure_t *figure)
{
    correlogram_t *c = calloc(1, sizeof *c);
    if (!c)
        return CPLOT_STATUS_NO_MEMORY;
    figure->kind_data = c;
    const cplot_chart_t *chart = figure->chart;
    const cplot_table_t *table = figure->table;
    const cplot_value_t *columns = cplot_chart_value(chart, "columns");

    /* The columns: the listed ones (each must exist and be numeric), or
     * every numeric column. */
    size_t count = columns->type == CPLOT_VALUE_STRINGS ? columns->count : 0;
    const cplot_column_t **chosen = cplot_calloc_array(
        columns->type == CPLOT_VALUE_STRINGS ? columns->count : table->column_count, sizeof *chosen);
    if (!chosen)
        return CPLOT_STATUS_NO_MEMORY;
    cplot_status_t status = CPLOT_STATUS_SUCCESS;
    if (columns->type == CPLOT_VALUE_STRINGS) {
        for (size_t i = 0; i < count && status == CPLOT_STATUS_SUCCESS; i++) {
            chosen[i] = cplot_table_column(table, columns->strings[i]);
            if (!chosen[i])
                status = cplot_figure_fail(figure, CPLOT_STATUS_UNKNOWN_COLUMN,
                                           "option \"columns\": no column \"%s\" in the data",
                                           columns->strings[i]);
            else if (chosen[i]->type != CPLOT_COLUMN_NUMERIC)
                status = cplot_figure_fail(figure, CPLOT_STATUS_COLUMN_TYPE,
                                           "option \"columns\": column \"%s\" is categorical; "
                                           "correlation needs numbers",
                                           columns->strings[i]);
        }
    } else {
        for (size_t i = 0; i < table->column_count; i++)
            if (table->columns[i].type == CPLOT_COLUMN_NUMERIC)
                chosen[count++] = &table->columns[i];
    }
    if (status == CPLOT_STATUS_SUCCESS && count < 2)
        status = cplot_figure_fail(figure, CPLOT_STATUS_INVALID_VALUE,
                                   "a correlogram needs at least two numeric columns; found %zu", count);
    if (status != CPLOT_STATUS_SUCCESS) {
        free(chosen);
        return status;
    }

    const double **data = cplot_alloc_array(count, sizeof *data);
    const char **names = cplot_alloc_array(count, sizeof *names);
    size_t *order = cplot_alloc_array(count, sizeof *order);
    cplot_correlation_t correlation = {0};
    if (!data || !names || !order) {
        status = CPLOT_STATUS_NO_MEMORY;
        goto done;
    }
    for (size_t i = 0; i < count; i++) {
        data[i] = chosen[i]->numbers;
        names[i] = chosen[i]->name;
    }
    static const cplot_correlation_method_t methods[] = {
        CPLOT_CORRELATION_PEARSON, CPLOT_CORRELATION_SPEARMAN, CPLOT_CORRELATION_KENDALL};
    c->method = cplot_chart_string(chart, "method");
    status = cplot_correlation_matrix(data, count, table->row_count,
                                      methods[choice_index(c->method, method_choices)],
                                      (size_t)cplot_chart_number(chart, "min_periods"), &correlation);
    if (status == CPLOT_STATUS_LIMIT_EXCEEDED)
        status = cplot_figure_fail(figure, status,
                                   "a correlogram of %zu rows is beyond the limit of 4294967294",
                                   table->row_count);
    if (status != CPLOT_STATUS_SUCCESS)
        goto done;
    static const cplot_correlation_order_t orders[] = {
        CPLOT_CORRELATION_ORDER_ORIGINAL, CPLOT_CORRELATION_ORDER_ALPHABET, CPLOT_CORRELATION_ORDER_HCLUST,
        CPLOT_CORRELATION_ORDER_FPC, CPLOT_CORRELATION_ORDER_AOE};
    const char *order_name = cplot_chart_string(chart, "order");
    status = cplot_correlation_order(correlation.values, count, names,
                                     orders[choice_index(order_name, order_choices)], order);
    if (status == CPLOT_STATUS_INVALID_VALUE) {
        status = cplot_figure_fail(figure, status,
                                   "option \"order\": \"%s\" needs every coefficient, and some are "
                                   "empty (a constant column, or too few rows in common)",
                                   order_name);
        goto done;
    }
    if (status != CPLOT_STATUS_SUCCESS)
        goto done;
    /* A triangle without its diagonal leaves one row and one column empty
     * (upper: the last row and the first column): they are dropped, so
     * the cells fill the plot and each label sits beside cells. */
    const char *type = cplot_chart_string(chart, "type");
    const char *lower = cplot_chart_string(chart, "lower"), *upper = cplot_chart_string(chart, "upper");
    bool trimmed = !lower && !upper && !cplot_chart_bool(chart, "diagonal") && strcmp(type, "full") != 0;
    size_t size = trimmed ? count - 1 : count;
    size_t row_skip = trimmed && strcmp(type, "lower") == 0 ? 1 : 0;
    size_t col_skip = trimmed && strcmp(type, "upper") == 0 ? 1 : 0;
    if (!cplot_matrix_init(&c->matrix, size, size)) {
        /* n columns make n x n cells: the limit in columns is the root. */
        size_t columns = (size_t)sqrt((double)cplot_limit(CPLOT_LIMIT_MATRIX_CELLS));
        status = cplot_figure_fail(figure, CPLOT_STATUS_LIMIT_EXCEEDED,
                                   "a correlogram of %zu columns is beyond the limit of %zu "
                                   "(matrix_cells: %zu x %zu)",
                                   count, columns, columns, columns);
        goto done;
    }
    for (size_t i = 0; i < size; i++) {
        size_t row = order[i + row_skip], col = order[i + col_skip];
        c->matrix.row_names[i] = cplot_strdup(names[row]);
        c->matrix.col_names[i] = cplot_strdup(names[col]);
        if (!c->matrix.row_names[i] || !c->matrix.col_names[i]) {
            status = CPLOT_STATUS_NO_MEMORY;
            goto done;
        }
        for (size_t j = 0; j < size; j++)
            c->matrix.values[i * size + j] = correlation.values[row * count + order[j + col_skip]];
    }

    /* Styles: one glyph over the chosen cells, or two when mixed. */
    const cplot_colormap_t *map = figure->colormap;
    if (!cplot_chart_value(chart, "colormap")->explicit)
        map = cplot_colormap_find("rdbu"); /* the diverging map corrplot and seaborn users expect */
    cplot_cell_style_t base = {
        .colormap = map,
        .vmin = -1,
        .vmax = 1,
        .gap = cplot_chart_number(chart, "cell_gap"),
        .glyph = (cplot_glyph_t)choice_index(cplot_chart_string(chart, "glyph"), glyph_choices),
        .cells = (cplot_cells_t)choice_index(type, type_choices),
        /* Trimmed, the matrix's own diagonal holds the first pairs. */
        .diagonal = trimmed || cplot_chart_bool(chart, "diagonal"),
        .annotate = cplot_chart_bool(chart, "annot"),
        .decimals = (int)cplot_chart_number(chart, "decimals"),
    };
    if (lower || upper) {
        c->styles[0] = base;
        c->styles[0].cells = CPLOT_CELLS_LOWER;
        c->styles[0].glyph = (cplot_glyph_t)choice_index(lower ? lower : "number", glyph_choices);
        c->styles[1] = base;
        c->styles[1].cells = CPLOT_CELLS_UPPER;
        c->styles[1].diagonal = false;
        c->styles[1].glyph = (cplot_glyph_t)choice_index(upper ? upper : "circle", glyph_choices);
        c->style_count = 2;
    } else {
        c->styles[0] = base;
        c->style_count = 1;
    }
    cplot_matrix_axes(figure, &c->matrix);
    figure->x.title = figure->y.title = "";
    cplot_legend_block_t *bar = cplot_figure_add_legend(figure, CPLOT_LEGEND_COLORBAR, "r");
    bar->colormap = map;
    bar->domain_min = -1;
    bar->domain_max = 1;
done:
    free(chosen);
    free(data);
    free(names);
    free(order);
    cplot_correlation_release(&correlation);
    if (status == CPLOT_STATUS_NO_MEMORY)
        cplot_figure_fail(figure, status, "out of memory");
    return status;
}

static void correlogram_draw(cplot_figure_t *figure, cairo_t *cr)
{
    correlogram_t *c = figure->kind_data;
    for (size_t i = 0; i < c->style_count; i++)
        cplot_matrix_draw(figure, cr, &c->matrix, &c->styles[i]);
}

static void correlogram_inspect(const cplot_figure_t *figure, cJSON *layers)
{
    const correlogram_t *c = figure->kind_data;
    cJSON *layer = cJSON_CreateObject();
    cJSON_AddItemToArray(layers, layer);
    cJSON_AddStringToObject(layer, "mark", "correlogram");
    cJSON_AddStringToObject(layer, "method", c->method);
    /* Rows differ from columns when a triangle without its diagonal drops
     * its empty row and column. */
    cJSON *rows = cJSON_AddArrayToObject(layer, "rows");
    for (size_t i = 0; i < c->matrix.rows; i++)
        cJSON_AddItemToArray(rows, cJSON_CreateString(c->matrix.row_names[i]));
    cJSON *columns = cJSON_AddArrayToObject(layer, "columns");
    for (size_t i = 0; i < c->matrix.cols; i++)
        cJSON_AddItemToArray(columns, cJSON_CreateString(c->matrix.col_names[i]));
    cJSON *matrix = cJSON_AddArrayToObject(layer, "matrix");
    for (size_t i = 0; i < c->matrix.rows; i++) {
        cJSON *row = cJSON_CreateArray();
        for (size_t j = 0; j < c->matrix.cols; j++)
            cJSON_AddItemToArray(row, cplot_json_number(cplot_matrix_at(&c->matrix, i, j)));
        cJSON_AddItemToArray(matrix, row);
    }
}

static void correlogram_release(cplot_figure_t *figure)
{
    correlogram_t *c = figure->kind_data;
    if (c)
        cplot_matrix_release(&c->matrix);
    free(c);
    figure->kind_data = NULL;
}

const cplot_kind_class_t cplot_correlogram_class = {
    .kind = CPLOT_KIND_CORRELOGRAM,
    .name = "correlogram",
    .options = correlogram_options,
    .option_count = sizeof correlogram_options / sizeof correlogram_options[0],
    .prepare = correlogram_prepare,
    .draw = correlogram_draw,
    .release = correlogram_release,
    .inspect = correlogram_inspect,
};
