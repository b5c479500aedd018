/* Joint plots: a scatter (or hexbin) of two columns with each column's
 * distribution in the margins, above and to the right, on the same axes:
 * seaborn's jointplot. The three parts are charts of their own planned as
 * aligned panels. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "figure-private.h"

#define NO_RANGE -INFINITY, INFINITY

static const char *const center_choices[] = {"scatter", "hexbin", NULL};
static const char *const marginal_choices[] = {"hist", "kde", NULL};

static const cplot_option_info_t joint_options[] = {
    {"x", CPLOT_VALUE_COLUMN, "null", NULL, NO_RANGE, "channel",
     "Numeric column along the horizontal axis."},
    {"y", CPLOT_VALUE_COLUMN, "null", NULL, NO_RANGE, "channel",
     "Numeric column along the vertical axis."},
    {"hue", CPLOT_VALUE_COLUMN, "null", NULL, NO_RANGE, "channel",
     "Categorical column colouring the points and splitting the marginal distributions."},
    {"center", CPLOT_VALUE_STRING, "\"scatter\"", center_choices, NO_RANGE, "marks",
     "The joint view: scatter, or hexbin for many points."},
    {"marginal", CPLOT_VALUE_STRING, "\"hist\"", marginal_choices, NO_RANGE, "marks",
     "The margins: hist (histograms) or kde (density curves)."},
    {"ratio", CPLOT_VALUE_NUMBER, "5", NULL, 2, 20, "layout",
     "How many times larger the joint view is than a margin."},
    {"regression", CPLOT_VALUE_BOOL, "false", NULL, NO_RANGE, "statistics",
     "A least-squares line with its 95% band in the scatter (per hue group)."},
    {"alpha", CPLOT_VALUE_NUMBER, "0.8", NULL, 0, 1, "marks", "Point opacity."},
    {"point_size", CPLOT_VALUE_NUMBER, "7", NULL, 0.5, 50, "marks", "Point diameter in pixels."},
};

enum { MAIN, TOP, RIGHT, PARTS };

typedef struct joint {
    cplot_chart_t *charts[PARTS];
    const cplot_column_t *x, *y;
    double x_low, x_high, y_low, y_high;
} joint_t;

static void finite_range(const cplot_column_t *column, size_t rows, double *low, double *high)
{
    *low = INFINITY;
    *high = -INFINITY;
    for (size_t row = 0; row < rows; row++)
        if (isfinite(column->numbers[row]))
            *low = fmin(*low, column->numbers[row]), *high = fmax(*high, column->numbers[row]);
    if (*low > *high)
        *low = 0, *high = 1;
}

static cplot_status_t joint_prepare(cplot_figure_t *figure)
{
    joint_t *j = calloc(1, sizeof *j);
    if (!j)
        return CPLOT_STATUS_NO_MEMORY;
    figure->kind_data = j;
    const cplot_chart_t *chart = figure->chart;
    const cplot_column_t *hue;
    cplot_status_t status;
    if ((status = cplot_figure_column(figure, "x", true, CPLOT_COLUMN_NUMERIC, &j->x)) ||
        (status = cplot_figure_column(figure, "y", true, CPLOT_COLUMN_NUMERIC, &j->y)) ||
        (status = cplot_figure_column(figure, "hue", false, CPLOT_COLUMN_CATEGORICAL, &hue)))
        return status;
    finite_range(j->x, figure->table->row_count, &j->x_low, &j->x_high);
    finite_range(j->y, figure->table->row_count, &j->y_low, &j->y_high);
    bool hexbin = strcmp(cplot_chart_string(chart, "center"), "hexbin") == 0;
    bool kde = strcmp(cplot_chart_string(chart, "marginal"), "kde") == 0;
    j->charts[MAIN] = cplot_chart_create(hexbin ? CPLOT_KIND_HEXBIN : CPLOT_KIND_SCATTER);
    j->charts[TOP] = cplot_chart_create(kde ? CPLOT_KIND_DENSITY : CPLOT_KIND_HISTOGRAM);
    j->charts[RIGHT] = cplot_chart_create(kde ? CPLOT_KIND_DENSITY : CPLOT_KIND_HISTOGRAM);
    for (int part = 0; part < PARTS; part++) {
        cplot_chart_t *c = j->charts[part];
        if (!c)
            return CPLOT_STATUS_NO_MEMORY;
        cplot_chart_set_data(c, (cplot_table_t *)figure->table);
        cplot_chart_inherit(chart, c);
        if (hue && !(part == MAIN && hexbin))
            cplot_chart_set_string(c, "hue", hue->name);
        if (kde && part != MAIN)
            cplot_chart_set_bool(c, "fill", true);
    }
    cplot_chart_set_string(j->charts[MAIN], "x", j->x->name);
    cplot_chart_set_string(j->charts[MAIN], "y", j->y->name);
    if (!hexbin) {
        cplot_chart_set_number(j->charts[MAIN], "alpha", cplot_chart_number(chart, "alpha"));
        cplot_chart_set_number(j->charts[MAIN], "point_size",
                               cplot_chart_number(chart, "point_size"));
        cplot_chart_set_bool(j->charts[MAIN], "regression", cplot_chart_bool(chart, "regression"));
        cplot_chart_set_string(j->charts[MAIN], "legend", "none");
    } else {
        cplot_chart_set_bool(j->charts[MAIN], "colorbar", false);
    }
    cplot_chart_set_string(j->charts[TOP], "x", j->x->name);
    cplot_chart_set_string(j->charts[RIGHT], "y", j->y->name);
    for (int part = 0; part < PARTS; part++)
        if (cplot_chart_status(j->charts[part]) != CPLOT_STATUS_SUCCESS)
            return cplot_figure_fail(figure, cplot_chart_status(j->charts[part]), "%s",
                                     cplot_chart_error_message(j->charts[part]));
    if (hue)
        cplot_figure_add_point_hue_legend(figure, hue);
    return CPLOT_STATUS_SUCCESS;
}

/* The joint view first, on its own; then the margins with room kept for
 * its axis labels on their shared side, so their plots line up with it. */
static cplot_status_t joint_plan_panels(cplot_figure_t *figure)
{
    joint_t *j = figure->kind_data;
    cplot_rect_t grid;
    cplot_status_t status = cplot_figure_plan_frame(figure, &grid);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    figure->panels = calloc(PARTS, sizeof *figure->panels);
    figure->panel_tables = calloc(PARTS, sizeof *figure->panel_tables);
    figure->panel_rects = calloc(PARTS, sizeof *figure->panel_rects);
    if (!figure->panels || !figure->panel_tables || !figure->panel_rects)
        return cplot_figure_fail(figure, CPLOT_STATUS_NO_MEMORY, "out of memory");
    double ratio = cplot_chart_number(figure->chart, "ratio");
    double margin_w = grid.width / (ratio + 1), margin_h = grid.height / (ratio + 1);
    figure->panel_rects[MAIN] =
        (cplot_rect_t){grid.x, grid.y + margin_h, grid.width - margin_w, grid.height - margin_h};
    figure->panel_rects[TOP] = (cplot_rect_t){grid.x, grid.y, grid.width - margin_w, margin_h};
    figure->panel_rects[RIGHT] = (cplot_rect_t){grid.x + grid.width - margin_w, grid.y + margin_h,
                                                margin_w, grid.height - margin_h};
    cplot_panel_setup_t setups[PARTS] = {
        [MAIN] = {.x_title = j->x->name,
                  .y_title = j->y->name,
                  .share_x = true,
                  .x_min = j->x_low,
                  .x_max = j->x_high,
                  .share_y = true,
                  .y_min = j->y_low,
                  .y_max = j->y_high},
        [TOP] = {.share_x = true,
                 .x_min = j->x_low,
                 .x_max = j->x_high,
                 .y_title = j->y->name,
                 .hide_x_labels = true,
                 .hide_y_labels = true,
                 .hide_y_title = true,
                 .no_x_axis_space = true},
        [RIGHT] = {.share_y = true,
                   .y_min = j->y_low,
                   .y_max = j->y_high,
                   .x_title = j->x->name,
                   .hide_x_labels = true,
                   .hide_y_labels = true,
                   .hide_x_title = true,
                   .no_y_axis_space = true},
    };
    for (int part = 0; part < PARTS; part++) {
        if (part == TOP || part == RIGHT) {
            /* The joint view's insets on the sides a margin shares with it:
             * left and right above it, top and bottom beside it. */
            cplot_rect_t main = figure->panels[MAIN]->layout.plot, cell = figure->panel_rects[MAIN];
            if (part == TOP) {
                setups[part].min_inset[0] = main.x;
                setups[part].min_inset[2] = cell.width - cplot_rect_right(main);
            } else {
                setups[part].min_inset[1] = main.y;
                setups[part].min_inset[3] = cell.height - cplot_rect_bottom(main);
            }
        }
        figure->panels[part] = malloc(sizeof *figure->panels[part]);
        if (!figure->panels[part])
            return cplot_figure_fail(figure, CPLOT_STATUS_NO_MEMORY, "out of memory");
        figure->panel_count = (size_t)part + 1;
        cplot_rect_t rect = figure->panel_rects[part];
        status = cplot_figure_plan_panel(figure->panels[part], j->charts[part], rect.width,
                                         rect.height, &setups[part]);
        if (status != CPLOT_STATUS_SUCCESS)
            return cplot_figure_fail(figure, status, "%s", figure->panels[part]->message);
    }
    cplot_figure_place_frame(figure, grid);
    return CPLOT_STATUS_SUCCESS;
}

static void joint_draw(cplot_figure_t *figure, cairo_t *cr)
{
    (void)figure;
    (void)cr; /* the panels draw themselves */
}

static void joint_inspect(const cplot_figure_t *figure, cJSON *layers)
{
    /* The panels' own layers: the joint view, then the two margins. */
    static const char *const parts[] = {"joint", "top margin", "right margin"};
    for (size_t p = 0; p < figure->panel_count; p++) {
        const cplot_figure_t *panel = figure->panels[p];
        cJSON *inner = cJSON_CreateArray();
        if (panel->chart->klass->inspect)
            panel->chart->klass->inspect(panel, inner);
        cJSON *layer;
        while ((layer = cJSON_DetachItemFromArray(inner, 0))) {
            cJSON_AddStringToObject(layer, "panel", parts[p]);
            cJSON_AddItemToArray(layers, layer);
        }
        cJSON_Delete(inner);
    }
}

static void joint_release(cplot_figure_t *figure)
{
    joint_t *j = figure->kind_data;
    for (int part = 0; j && part < PARTS; part++)
        cplot_chart_destroy(j->charts[part]);
    free(j);
    figure->kind_data = NULL;
}

const cplot_kind_class_t cplot_joint_class = {
    .kind = CPLOT_KIND_JOINT,
    .name = "joint",
    .options = joint_options,
    .option_count = sizeof joint_options / sizeof joint_options[0],
    .prepare = joint_prepare,
    .draw = joint_draw,
    .release = joint_release,
    .inspect = joint_inspect,
    .plan_panels = joint_plan_panels,
};
