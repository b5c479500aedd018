/* Density plots: Gaussian kernel density estimates of a numeric column
 * (scipy's gaussian_kde with seaborn's grid and bandwidth adjustment), one
 * curve per hue group, layered, stacked or filled to shares. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "figure-private.h"
#include "limits-private.h"
#include "memory-private.h"
#include "stats-private.h"

#define NO_RANGE -INFINITY, INFINITY

static const char *const bw_choices[] = {"scott", "silverman", NULL};
static const char *const multiple_choices[] = {"layer", "stack", "fill", NULL};

static const cplot_option_info_t density_options[] = {
    {"x", CPLOT_VALUE_COLUMN, "null", NULL, NO_RANGE, "channel",
     "Numeric column whose distribution is estimated, along the horizontal axis."},
    {"y", CPLOT_VALUE_COLUMN, "null", NULL, NO_RANGE, "channel",
     "Numeric column for a vertical density (instead of x)."},
    {"hue", CPLOT_VALUE_COLUMN, "null", NULL, NO_RANGE, "channel",
     "Categorical column: one curve per group."},
    {"bw_method", CPLOT_VALUE_STRING | CPLOT_VALUE_NUMBER, "\"scott\"", bw_choices, 1e-6, 1e6,
     "statistics",
     "Bandwidth rule: scott (n^-1/5), silverman ((3n/4)^-1/5), or a number: the factor itself (times the sample sd)."},
    {"bw_adjust", CPLOT_VALUE_NUMBER, "1", NULL, 1e-3, 1e3, "statistics",
     "Multiplies the bandwidth: below 1 follows the data more closely, above 1 smooths more."},
    {"cut", CPLOT_VALUE_NUMBER, "3", NULL, 0, 100, "statistics",
     "How far past the extreme values the curve goes, in bandwidths."},
    {"gridsize", CPLOT_VALUE_INTEGER, "200", NULL, 2, 10000, "statistics",
     "Points at which the density is evaluated."},
    {"clip", CPLOT_VALUE_NUMBERS, "null", NULL, NO_RANGE, "statistics",
     "[low, high]: the curve stops at these bounds, for data that cannot go past them (such as amounts that are never negative)."},
    {"cumulative", CPLOT_VALUE_BOOL, "false", NULL, NO_RANGE, "statistics",
     "Show the integral of the density: a smooth empirical distribution function."},
    {"common_norm", CPLOT_VALUE_BOOL, "true", NULL, NO_RANGE, "groups",
     "With hue: scale each group by its share of the rows, so the areas together make 1."},
    {"multiple", CPLOT_VALUE_STRING, "\"layer\"", multiple_choices, NO_RANGE, "groups",
     "With hue: layer (overlaid), stack, or fill (each group's share of the density at every point)."},
    {"fill", CPLOT_VALUE_BOOL, "null", NULL, NO_RANGE, "marks",
     "Fill under the curve; default no, but yes when stacking or filling."},
    {"alpha", CPLOT_VALUE_NUMBER, "null", NULL, 0, 1, "marks",
     "Fill opacity; default 0.25 layered, 1 stacked."},
    {"color", CPLOT_VALUE_COLOR, "null", NULL, NO_RANGE, "marks",
     "Curve colour without hue; defaults to the palette's first colour."},
};

enum { LAYER, STACK, FILL };

typedef struct curve {
    const char *name;
    double *values;
    size_t n;
    cplot_kde_t kde;     /* on the shared grid */
    double *height;      /* density after common_norm, stack or fill */
    double *base;
    bool ok;
} curve_t;

typedef struct density {
    const cplot_column_t *column, *hue;
    bool horizontal;
    curve_t *curves;
    size_t curve_count;
    double *grid;
    size_t grid_count;
    int multiple;
    bool fill;
    double alpha;
    cplot_rgba_t color;
    size_t nonfinite;
} density_t;

static int choice_index(const char *value, const char *const *choices)
{
    for (int i = 0; choices[i]; i++)
        if (value && strcmp(value, choices[i]) == 0)
            return i;
    return 0;
}

static cplot_status_t too_much_work(cplot_figure_t *figure, size_t values, size_t points)
{
    char limit[32];
    cplot_limit_text(cplot_limit(CPLOT_LIMIT_KDE_EVALUATIONS), limit);
    return cplot_figure_fail(figure, CPLOT_STATUS_LIMIT_EXCEEDED,
                             "a density of %zu values on %zu grid points is beyond the limit of "
                             "%s kernel evaluations (kde_evaluations): lower \"gridsize\" or \"bw_adjust\"",
                             values, points, limit);
}

static cplot_status_t compute(cplot_figure_t *figure, density_t *d)
{
    const cplot_chart_t *chart = figure->chart;
    cplot_kde_options_t options;
    cplot_kde_options_init(&options);
    const cplot_value_t *bw = cplot_chart_value(chart, "bw_method");
    if (bw->type == CPLOT_VALUE_NUMBER) {
        options.bandwidth = CPLOT_KDE_BANDWIDTH_SCALAR;
        options.factor = bw->number;
    } else {
        options.bandwidth = bw->string && strcmp(bw->string, "silverman") == 0 ? CPLOT_KDE_BANDWIDTH_SILVERMAN
                                                                               : CPLOT_KDE_BANDWIDTH_SCOTT;
    }
    options.adjust = cplot_chart_number(chart, "bw_adjust");
    options.cut = cplot_chart_number(chart, "cut");
    options.gridsize = (size_t)cplot_chart_number(chart, "gridsize");
    options.cumulative = cplot_chart_bool(chart, "cumulative");
    const cplot_value_t *clip = cplot_chart_value(chart, "clip");
    if (clip->type == CPLOT_VALUE_NUMBERS) {
        if (clip->count != 2 || !(clip->numbers[0] < clip->numbers[1]))
            return cplot_figure_fail(figure, CPLOT_STATUS_INVALID_VALUE,
                                     "option \"clip\": expected [low, high] with low < high");
        options.clip_min = clip->numbers[0];
        options.clip_max = clip->numbers[1];
    }
    /* Each group is fitted alone (its own bandwidth, as seaborn does);
     * stacking and filling need one grid, so with those every curve is
     * evaluated on the grid that spans all groups. */
    options.max_work = (double)cplot_limit(CPLOT_LIMIT_KDE_EVALUATIONS);
    size_t total = 0;
    double lo = INFINITY, hi = -INFINITY;
    bool too_spread = false;
    for (size_t c = 0; c < d->curve_count; c++) {
        curve_t *curve = &d->curves[c];
        total += curve->n;
        cplot_status_t status = cplot_kde_compute(curve->values, curve->n, &options, &curve->kde);
        if (status == CPLOT_STATUS_NO_MEMORY)
            return status;
        if (status == CPLOT_STATUS_LIMIT_EXCEEDED)
            return too_much_work(figure, curve->n, options.gridsize);
        if (status == CPLOT_STATUS_INVALID_VALUE)
            too_spread = too_spread ||
                         cplot_kde_diagnose(curve->values, curve->n, &options) == CPLOT_KDE_TOO_SPREAD;
        curve->ok = status == CPLOT_STATUS_SUCCESS;
        if (curve->ok) {
            lo = fmin(lo, curve->kde.grid[0]);
            hi = fmax(hi, curve->kde.grid[curve->kde.count - 1]);
        }
    }
    bool any = lo <= hi;
    if (!any && too_spread)
        return cplot_figure_fail(figure, CPLOT_STATUS_INVALID_VALUE,
                                 "option \"%s\": the values are too spread out for a density estimate "
                                 "(their variance overflows a double)",
                                 d->horizontal ? "y" : "x");
    if (!any)
        return cplot_figure_fail(figure, CPLOT_STATUS_INVALID_VALUE,
                                 "no group has two different finite values: a density needs spread");
    if (d->multiple != LAYER) {
        d->grid_count = options.gridsize;
        d->grid = cplot_alloc_array(d->grid_count, sizeof(double));
        if (!d->grid)
            return CPLOT_STATUS_NO_MEMORY;
        for (size_t i = 0; i < d->grid_count; i++)
            d->grid[i] = d->grid_count > 1 ? lo + (hi - lo) * (double)i / (double)(d->grid_count - 1) : lo;
        for (size_t c = 0; c < d->curve_count; c++) {
            curve_t *curve = &d->curves[c];
            if (!curve->ok)
                continue;
            if (cplot_kde_work_exceeds(curve->values, curve->n, curve->kde.bandwidth, d->grid, d->grid_count,
                                       options.cumulative, options.max_work))
                return too_much_work(figure, curve->n, d->grid_count);
            double *density = cplot_alloc_array(d->grid_count, sizeof(double));
            if (!density)
                return CPLOT_STATUS_NO_MEMORY;
            cplot_status_t status = cplot_kde_evaluate(curve->values, curve->n, curve->kde.bandwidth,
                                                       d->grid, d->grid_count, options.cumulative, density);
            if (status != CPLOT_STATUS_SUCCESS) {
                free(density);
                return status;
            }
            free(curve->kde.grid);
            free(curve->kde.density);
            curve->kde.grid = cplot_alloc_array(d->grid_count, sizeof(double));
            if (!curve->kde.grid) {
                free(density);
                return CPLOT_STATUS_NO_MEMORY;
            }
            memcpy(curve->kde.grid, d->grid, d->grid_count * sizeof(double));
            curve->kde.density = density;
            curve->kde.count = d->grid_count;
        }
    }
    bool common_norm = cplot_chart_bool(chart, "common_norm");
    for (size_t c = 0; c < d->curve_count; c++) {
        curve_t *curve = &d->curves[c];
        if (!curve->ok)
            continue;
        curve->height = cplot_alloc_array(curve->kde.count, sizeof(double));
        curve->base = cplot_calloc_array(curve->kde.count, sizeof(double));
        if (!curve->height || !curve->base)
            return CPLOT_STATUS_NO_MEMORY;
        double share = d->hue && common_norm && total ? (double)curve->n / (double)total : 1;
        for (size_t i = 0; i < curve->kde.count; i++)
            curve->height[i] = curve->kde.density[i] * share;
    }
    if (d->multiple != LAYER) {
        for (size_t i = 0; i < d->grid_count; i++) {
            double sum = 0, all = 0;
            for (size_t c = 0; c < d->curve_count; c++)
                if (d->curves[c].ok)
                    all += d->curves[c].height[i];
            for (size_t c = 0; c < d->curve_count; c++) {
                curve_t *curve = &d->curves[c];
                if (!curve->ok)
                    continue;
                double h = d->multiple == FILL ? (all > 0 ? curve->height[i] / all : 0) : curve->height[i];
                curve->base[i] = sum;
                curve->height[i] = h;
                sum += h;
            }
        }
    }
    return CPLOT_STATUS_SUCCESS;
}

static cplot_status_t density_prepare(cplot_figure_t *figure)
{
    density_t *d = calloc(1, sizeof *d);
    if (!d)
        return CPLOT_STATUS_NO_MEMORY;
    figure->kind_data = d;
    const cplot_chart_t *chart = figure->chart;
    const cplot_column_t *x, *y;
    cplot_status_t status;
    if ((status = cplot_figure_column(figure, "x", false, CPLOT_COLUMN_NUMERIC, &x)) ||
        (status = cplot_figure_column(figure, "y", false, CPLOT_COLUMN_NUMERIC, &y)) ||
        (status = cplot_figure_column(figure, "hue", false, CPLOT_COLUMN_CATEGORICAL, &d->hue)))
        return status;
    if (!x == !y)
        return cplot_figure_fail(figure, CPLOT_STATUS_MISSING_CHANNEL,
                                 "a density plot needs one numeric column: set \"x\" (or \"y\")");
    d->column = x ? x : y;
    d->horizontal = !x;
    d->multiple = d->hue ? choice_index(cplot_chart_string(chart, "multiple"), multiple_choices) : LAYER;
    const cplot_value_t *fill = cplot_chart_value(chart, "fill");
    d->fill = fill->type == CPLOT_VALUE_BOOL ? fill->boolean : d->multiple != LAYER;
    double alpha = cplot_chart_number(chart, "alpha");
    d->alpha = !isnan(alpha) ? alpha : d->multiple == LAYER ? 0.25 : 1;
    const char *color = cplot_chart_string(chart, "color");
    if (!color || !cplot_color_parse(color, &d->color))
        d->color = cplot_palette_color(figure->palette, 0);

    size_t rows = figure->table->row_count;
    d->curve_count = d->hue && d->hue->level_count ? d->hue->level_count : 1;
    d->curves = cplot_calloc_array(d->curve_count, sizeof *d->curves);
    if (!d->curves)
        return CPLOT_STATUS_NO_MEMORY;
    for (size_t c = 0; c < d->curve_count; c++) {
        d->curves[c].name = d->hue && d->hue->level_count ? d->hue->levels[c] : NULL;
        d->curves[c].values = cplot_alloc_array(rows, sizeof(double));
        if (!d->curves[c].values)
            return CPLOT_STATUS_NO_MEMORY;
    }
    for (size_t row = 0; row < rows; row++) {
        double v = d->column->numbers[row];
        int code = d->hue ? d->hue->codes[row] : 0;
        if (!isfinite(v)) {
            d->nonfinite++;
            continue;
        }
        if (code >= 0 && (size_t)code < d->curve_count)
            d->curves[code].values[d->curves[code].n++] = v;
    }
    if ((status = compute(figure, d)) != CPLOT_STATUS_SUCCESS)
        return status == CPLOT_STATUS_NO_MEMORY ? cplot_figure_fail(figure, status, "out of memory") : status;

    cplot_axis_t *value_axis = d->horizontal ? &figure->y : &figure->x;
    cplot_axis_t *density_axis = d->horizontal ? &figure->x : &figure->y;
    value_axis->present = density_axis->present = true;
    value_axis->type = density_axis->type = CPLOT_SCALE_LINEAR;
    value_axis->title = d->column->name;
    density_axis->title = d->multiple == FILL ? "share of density" : cplot_chart_bool(chart, "cumulative") ? "cumulative" : "density";
    density_axis->sticky_zero = true;
    value_axis->data_min = INFINITY;
    value_axis->data_max = -INFINITY;
    density_axis->data_min = density_axis->data_max = 0;
    for (size_t c = 0; c < d->curve_count; c++) {
        const curve_t *curve = &d->curves[c];
        if (!curve->ok)
            continue;
        value_axis->data_min = fmin(value_axis->data_min, curve->kde.grid[0]);
        value_axis->data_max = fmax(value_axis->data_max, curve->kde.grid[curve->kde.count - 1]);
        for (size_t i = 0; i < curve->kde.count; i++)
            density_axis->data_max = fmax(density_axis->data_max, curve->base[i] + curve->height[i]);
    }
    if (d->hue)
        /* Opaque: the swatch stands for the solid curve, not its faint fill. */
        cplot_figure_add_hue_legend(figure, d->hue, CPLOT_MARKER_SQUARE, figure->font_size * 0.8, 1.0);
    return CPLOT_STATUS_SUCCESS;
}

static void to_pixels(const cplot_figure_t *figure, const density_t *d, double value, double height,
                      double *px, double *py)
{
    const cplot_scale_t *v = d->horizontal ? &figure->y.scale : &figure->x.scale;
    const cplot_scale_t *h = d->horizontal ? &figure->x.scale : &figure->y.scale;
    double a = cplot_scale_map(v, value), b = cplot_scale_map(h, height);
    *px = d->horizontal ? b : a;
    *py = d->horizontal ? a : b;
}

static void density_draw(cplot_figure_t *figure, cairo_t *cr)
{
    const density_t *d = figure->kind_data;
    cairo_save(cr);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    for (size_t c = 0; c < d->curve_count; c++) {
        const curve_t *curve = &d->curves[c];
        if (!curve->ok)
            continue;
        cplot_rgba_t color = d->hue ? cplot_palette_color(figure->palette, c) : d->color;
        double px, py;
        for (int pass = 0; pass < 2; pass++) {
            if (pass == 0 && !d->fill)
                continue;
            for (size_t i = 0; i < curve->kde.count; i++) {
                to_pixels(figure, d, curve->kde.grid[i], curve->base[i] + curve->height[i], &px, &py);
                if (i == 0)
                    cairo_move_to(cr, px, py);
                else
                    cairo_line_to(cr, px, py);
            }
            if (pass == 0) {
                for (size_t i = curve->kde.count; i-- > 0;) {
                    to_pixels(figure, d, curve->kde.grid[i], curve->base[i], &px, &py);
                    cairo_line_to(cr, px, py);
                }
                cairo_close_path(cr);
                cairo_set_source_rgba(cr, color.r, color.g, color.b, d->alpha);
                cairo_fill(cr);
            } else if (d->multiple != LAYER) {
                /* Stacked layers are told apart by their fills; a line in
                 * the background colour separates them without drawing a
                 * layer's edge where it has no thickness. */
                cplot_rgba_t edge = figure->theme->background;
                cairo_set_source_rgba(cr, edge.r, edge.g, edge.b, 1);
                cairo_set_line_width(cr, 1);
                cairo_stroke(cr);
            } else {
                cairo_set_source_rgba(cr, color.r, color.g, color.b, 1);
                cairo_set_line_width(cr, 1.75);
                cairo_stroke(cr);
            }
        }
    }
    cairo_restore(cr);
}

static cJSON *numbers(const double *values, size_t count)
{
    cJSON *array = cJSON_CreateArray();
    for (size_t i = 0; i < count; i++)
        cJSON_AddItemToArray(array, cplot_json_number(values[i]));
    return array;
}

static void density_inspect(const cplot_figure_t *figure, cJSON *layers)
{
    const density_t *d = figure->kind_data;
    for (size_t c = 0; c < d->curve_count; c++) {
        const curve_t *curve = &d->curves[c];
        cJSON *layer = cJSON_CreateObject();
        cJSON_AddItemToArray(layers, layer);
        cJSON_AddStringToObject(layer, "mark", "density");
        if (curve->name)
            cJSON_AddStringToObject(layer, "group", curve->name);
        else
            cJSON_AddNullToObject(layer, "group");
        cJSON_AddItemToObject(layer, "n", cplot_json_number((double)curve->n));
        if (!curve->ok) {
            cJSON_AddStringToObject(layer, "skipped", "fewer than two distinct finite values");
            continue;
        }
        cJSON_AddItemToObject(layer, "factor", cplot_json_number(curve->kde.factor));
        cJSON_AddItemToObject(layer, "bandwidth", cplot_json_number(curve->kde.bandwidth));
        cJSON_AddItemToObject(layer, "grid", numbers(curve->kde.grid, curve->kde.count));
        cJSON_AddItemToObject(layer, "density", numbers(curve->kde.density, curve->kde.count));
        cJSON_AddItemToObject(layer, "values", numbers(curve->height, curve->kde.count));
    }
    cJSON *dropped = cJSON_CreateObject();
    cJSON_AddStringToObject(dropped, "mark", "dropped");
    cJSON_AddItemToObject(dropped, "non_finite", cplot_json_number((double)d->nonfinite));
    cJSON_AddItemToArray(layers, dropped);
}

static void density_release(cplot_figure_t *figure)
{
    density_t *d = figure->kind_data;
    if (d) {
        for (size_t c = 0; d->curves && c < d->curve_count; c++) {
            free(d->curves[c].values);
            free(d->curves[c].height);
            free(d->curves[c].base);
            cplot_kde_release(&d->curves[c].kde);
        }
        free(d->curves);
        free(d->grid);
    }
    free(d);
    figure->kind_data = NULL;
}

const cplot_kind_class_t cplot_density_class = {
    .kind = CPLOT_KIND_DENSITY,
    .name = "density",
    .options = density_options,
    .option_count = sizeof density_options / sizeof density_options[0],
    .prepare = density_prepare,
    .draw = density_draw,
    .release = density_release,
    .inspect = density_inspect,
};
