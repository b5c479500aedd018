/* Pair plots (scatter-plot matrices): every pair of numeric columns as a
 * scatter plot, each column's distribution on the diagonal, coloured by a
 * hue column: seaborn's pairplot. Each cell is a chart of its own kind,
 * planned as an aligned panel. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "figure-private.h"
#include "memory-private.h"

#define NO_RANGE -INFINITY, INFINITY
#define MAX_VARIABLES 12

static const char *const diag_choices[] = {"hist", "kde", NULL};

static const cplot_option_info_t pairplot_options[] = {
    {"columns", CPLOT_VALUE_STRINGS, "null", NULL, NO_RANGE, "channel",
     "The numeric columns to pair, in order (at most 12); default every numeric column."},
    {"hue", CPLOT_VALUE_COLUMN, "null", NULL, NO_RANGE, "channel",
     "Categorical column that colours every panel, with one legend."},
    {"diag", CPLOT_VALUE_STRING, "\"hist\"", diag_choices, NO_RANGE, "marks",
     "What the diagonal shows of each column: hist (a histogram) or kde (a density curve)."},
    {"corner", CPLOT_VALUE_BOOL, "false", NULL, NO_RANGE, "layout",
     "Only the lower triangle: the upper one mirrors it."},
    {"alpha", CPLOT_VALUE_NUMBER, "0.7", NULL, 0, 1, "marks",
     "Point opacity in the scatter panels."},
    {"point_size", CPLOT_VALUE_NUMBER, "5", NULL, 0.5, 50, "marks", "Point diameter in pixels."},
};

typedef struct pairplot {
    size_t n;
    const cplot_column_t *variables[MAX_VARIABLES];
    double low[MAX_VARIABLES], high[MAX_VARIABLES];       /* finite ranges */
    cplot_chart_t *charts[MAX_VARIABLES * MAX_VARIABLES]; /* NULL: empty cell */
} pairplot_t;

static cplot_status_t make_panel(cplot_figure_t *figure, pairplot_t *p, size_t row, size_t col)
{
    const cplot_chart_t *chart = figure->chart;
    bool diagonal = row == col;
    const char *diag = cplot_chart_string(chart, "diag");
    cplot_kind_t kind = !diagonal                  ? CPLOT_KIND_SCATTER
                        : strcmp(diag, "kde") == 0 ? CPLOT_KIND_DENSITY
                                                   : CPLOT_KIND_HISTOGRAM;
    cplot_chart_t *panel = cplot_chart_create(kind);
    if (!panel)
        return CPLOT_STATUS_NO_MEMORY;
    p->charts[row * p->n + col] = panel;
    cplot_chart_set_data(panel, (cplot_table_t *)figure->table);
    cplot_chart_inherit(chart, panel);
    const char *hue = cplot_chart_string(chart, "hue");
    if (hue)
        cplot_chart_set_string(panel, "hue", hue);
    cplot_chart_set_string(panel, "x", p->variables[col]->name);
    if (!diagonal) {
        cplot_chart_set_string(panel, "y", p->variables[row]->name);
        cplot_chart_set_number(panel, "alpha", cplot_chart_number(chart, "alpha"));
        cplot_chart_set_number(panel, "point_size", cplot_chart_number(chart, "point_size"));
        cplot_chart_set_number(panel, "edge_width", 0.3);
    } else if (kind == CPLOT_KIND_DENSITY) {
        cplot_chart_set_bool(panel, "fill", true);
    }
    if (cplot_chart_status(panel) != CPLOT_STATUS_SUCCESS)
        return cplot_figure_fail(figure, cplot_chart_status(panel), "%s",
                                 cplot_chart_error_message(panel));
    return CPLOT_STATUS_SUCCESS;
}

static cplot_status_t pairplot_prepare(cplot_figure_t *figure)
{
    pairplot_t *p = calloc(1, sizeof *p);
    if (!p)
        return CPLOT_STATUS_NO_MEMORY;
    figure->kind_data = p;
    const cplot_chart_t *chart = figure->chart;
    const cplot_table_t *table = figure->table;
    const cplot_value_t *columns = cplot_chart_value(chart, "columns");
    if (columns->type == CPLOT_VALUE_STRINGS) {
        for (size_t i = 0; i < columns->count; i++) {
            const cplot_column_t *column = cplot_table_column(table, columns->strings[i]);
            if (!column || column->type != CPLOT_COLUMN_NUMERIC)
                return cplot_figure_fail(
                    figure, column ? CPLOT_STATUS_COLUMN_TYPE : CPLOT_STATUS_UNKNOWN_COLUMN,
                    "option \"columns\": \"%s\" is %s", columns->strings[i],
                    column ? "categorical; pairs need numbers" : "not a column of the data");
            if (p->n == MAX_VARIABLES)
                return cplot_figure_fail(figure, CPLOT_STATUS_LIMIT_EXCEEDED,
                                         "option \"columns\": at most %d columns are paired",
                                         MAX_VARIABLES);
            p->variables[p->n++] = column;
        }
    } else {
        for (size_t i = 0; i < table->column_count && p->n < MAX_VARIABLES; i++)
            if (table->columns[i].type == CPLOT_COLUMN_NUMERIC)
                p->variables[p->n++] = &table->columns[i];
    }
    if (p->n < 2)
        return cplot_figure_fail(figure, CPLOT_STATUS_INVALID_VALUE,
                                 "a pair plot needs at least two numeric columns; found %zu", p->n);
    const cplot_column_t *hue;
    cplot_status_t status =
        cplot_figure_column(figure, "hue", false, CPLOT_COLUMN_CATEGORICAL, &hue);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    for (size_t v = 0; v < p->n; v++) {
        p->low[v] = INFINITY;
        p->high[v] = -INFINITY;
        for (size_t row = 0; row < table->row_count; row++) {
            double x = p->variables[v]->numbers[row];
            if (isfinite(x))
                p->low[v] = fmin(p->low[v], x), p->high[v] = fmax(p->high[v], x);
        }
        if (p->low[v] > p->high[v])
            p->low[v] = 0, p->high[v] = 1;
    }
    bool corner = cplot_chart_bool(chart, "corner");
    for (size_t row = 0; row < p->n; row++)
        for (size_t col = 0; col < p->n; col++)
            if (!(corner && col > row) && (status = make_panel(figure, p, row, col)))
                return status;
    if (hue)
        cplot_figure_add_point_hue_legend(figure, hue);
    return CPLOT_STATUS_SUCCESS;
}

/* Two passes: the first learns how far each panel's plot sits from its
 * cell's edges, the second gives every panel the largest of those insets,
 * so all plots line up in rows and columns; tick labels and variable
 * names show on the outer panels only. */
static cplot_status_t pairplot_plan_panels(cplot_figure_t *figure)
{
    pairplot_t *p = figure->kind_data;
    cplot_rect_t grid;
    cplot_status_t status = cplot_figure_plan_frame(figure, &grid);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    size_t cells = p->n * p->n;
    figure->panels = cplot_calloc_array(cells, sizeof *figure->panels);
    figure->panel_tables = cplot_calloc_array(cells, sizeof *figure->panel_tables);
    figure->panel_rects = cplot_calloc_array(cells, sizeof *figure->panel_rects);
    if (!figure->panels || !figure->panel_tables || !figure->panel_rects)
        return cplot_figure_fail(figure, CPLOT_STATUS_NO_MEMORY, "out of memory");
    /* Pass one on equal cells learns how far each plot sits from its
     * cell's edges. Pass two widens the left column and deepens the bottom
     * row by what their labels need beyond the others', and gives every
     * panel the largest insets of its side, so all plots have one size and
     * line up, with no room wasted on hidden labels inside the grid. */
    double outer[4] = {0, 0, 0, 0}, inner[4] = {0, 0, 0, 0}; /* left, top, right, bottom */
    double column_width = grid.width / (double)p->n, row_height = grid.height / (double)p->n;
    double extra_width = 0, extra_height = 0;
    for (int pass = 0; pass < 2; pass++) {
        size_t k = 0;
        for (size_t row = 0; row < p->n; row++) {
            for (size_t col = 0; col < p->n; col++) {
                cplot_chart_t *chart = p->charts[row * p->n + col];
                if (!chart)
                    continue;
                bool diagonal = row == col;
                bool bottom = row == p->n - 1, left = col == 0;
                cplot_panel_setup_t setup = {
                    .x_title = p->variables[col]->name,
                    .y_title = p->variables[row]->name,
                    .share_x = true,
                    .x_min = p->low[col],
                    .x_max = p->high[col],
                    .share_y = !diagonal,
                    .y_min = p->low[row],
                    .y_max = p->high[row],
                    .hide_x_labels = !bottom,
                    .hide_x_title = !bottom,
                    .hide_y_labels = !left || diagonal,
                    .hide_y_title = !left,
                    .min_inset = {left ? outer[0] : inner[0], fmax(outer[1], inner[1]),
                                  fmax(outer[2], inner[2]), bottom ? outer[3] : inner[3]},
                };
                if (pass == 1)
                    cplot_figure_release(figure->panels[k]);
                else if (!(figure->panels[k] = malloc(sizeof *figure->panels[k])))
                    return cplot_figure_fail(figure, CPLOT_STATUS_NO_MEMORY, "out of memory");
                figure->panel_count = k + 1;
                double x = grid.x + (col ? extra_width + column_width * (double)col : 0);
                double y = grid.y + row_height * (double)row;
                double w = column_width + (left ? extra_width : 0);
                double h = row_height + (bottom ? extra_height : 0);
                figure->panel_rects[k] = (cplot_rect_t){x, y, w, h};
                status = cplot_figure_plan_panel(figure->panels[k], chart, w, h, &setup);
                if (status != CPLOT_STATUS_SUCCESS)
                    return cplot_figure_fail(figure, status, "panel %s × %s: %s",
                                             p->variables[row]->name, p->variables[col]->name,
                                             figure->panels[k]->message);
                if (pass == 0) {
                    cplot_rect_t plot = figure->panels[k]->layout.plot;
                    double *left_side = left ? outer : inner, *bottom_side = bottom ? outer : inner;
                    left_side[0] = fmax(left_side[0], plot.x);
                    inner[1] = fmax(inner[1], plot.y);
                    inner[2] = fmax(inner[2], w - cplot_rect_right(plot));
                    bottom_side[3] = fmax(bottom_side[3], h - cplot_rect_bottom(plot));
                }
                k++;
            }
        }
        if (pass == 0) {
            extra_width = fmax(0, outer[0] - inner[0]);
            extra_height = fmax(0, outer[3] - inner[3]);
            column_width = (grid.width - extra_width) / (double)p->n;
            row_height = (grid.height - extra_height) / (double)p->n;
        }
    }
    cplot_figure_place_frame(figure, grid);
    return CPLOT_STATUS_SUCCESS;
}

static void pairplot_draw(cplot_figure_t *figure, cairo_t *cr)
{
    (void)figure;
    (void)cr; /* the panels draw themselves */
}

static void pairplot_inspect(const cplot_figure_t *figure, cJSON *layers)
{
    const pairplot_t *p = figure->kind_data;
    cJSON *layer = cJSON_CreateObject();
    cJSON_AddItemToArray(layers, layer);
    cJSON_AddStringToObject(layer, "mark", "pairplot");
    cJSON *columns = cJSON_AddArrayToObject(layer, "columns");
    for (size_t i = 0; i < p->n; i++)
        cJSON_AddItemToArray(columns, cJSON_CreateString(p->variables[i]->name));
    cJSON_AddItemToObject(layer, "panels", cplot_json_number((double)figure->panel_count));
}

static void pairplot_release(cplot_figure_t *figure)
{
    pairplot_t *p = figure->kind_data;
    for (size_t i = 0; p && i < MAX_VARIABLES * MAX_VARIABLES; i++)
        cplot_chart_destroy(p->charts[i]);
    free(p);
    figure->kind_data = NULL;
}

const cplot_kind_class_t cplot_pairplot_class = {
    .kind = CPLOT_KIND_PAIRPLOT,
    .name = "pairplot",
    .options = pairplot_options,
    .option_count = sizeof pairplot_options / sizeof pairplot_options[0],
    .prepare = pairplot_prepare,
    .draw = pairplot_draw,
    .release = pairplot_release,
    .inspect = pairplot_inspect,
    .plan_panels = pairplot_plan_panels,
};
