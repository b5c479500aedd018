/* Bar charts and lollipops: one value per category (and hue group), either
 * given or aggregated from rows by an estimator, with optional error bars,
 * dodged, stacked or percent-stacked groups, sorting, value labels and a
 * highlighted bar. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figure-private.h"
#include "memory-private.h"
#include "stats-private.h"
#include "suggest-private.h"

#define NO_RANGE -INFINITY, INFINITY

static const char *const orient_choices[] = {"auto", "vertical", "horizontal", NULL};
static const char *const estimator_choices[] = {"mean", "median", "sum", "count", NULL};
static const char *const errorbar_choices[] = {"sd", "se", "ci", NULL};
static const char *const multiple_choices[] = {"dodge", "stack", "fill", NULL};
static const char *const order_choices[] = {"data", "ascending", "descending", NULL};
static const char *const style_choices[] = {"bar", "lollipop", NULL};

static const cplot_option_info_t bar_options[] = {
    {"x", CPLOT_VALUE_COLUMN, "null", NULL, NO_RANGE, "channel",
     "Categories (vertical bars) or values (horizontal bars)."},
    {"y", CPLOT_VALUE_COLUMN, "null", NULL, NO_RANGE, "channel",
     "Values (vertical bars) or categories (horizontal bars); leave it out to count rows per category."},
    {"hue", CPLOT_VALUE_COLUMN, "null", NULL, NO_RANGE, "channel",
     "Categorical column that splits each bar into groups, with a legend."},
    {"orient", CPLOT_VALUE_STRING, "\"auto\"", orient_choices, NO_RANGE, "layout",
     "Bar direction; auto puts the categorical column along the axis."},
    {"estimator", CPLOT_VALUE_STRING, "\"mean\"", estimator_choices, NO_RANGE, "statistics",
     "How the rows of a category become one bar: mean, median, sum or count (one row per category: its value)."},
    {"errorbar", CPLOT_VALUE_STRING, "null", errorbar_choices, NO_RANGE, "statistics",
     "Error bars around a mean: sd (mean ± standard deviation, n−1), se (mean ± sd/√n) or ci (mean ± t(0.975, n−1)·se, the 95% t-interval)."},
    {"multiple", CPLOT_VALUE_STRING, "\"dodge\"", multiple_choices, NO_RANGE, "layout",
     "With hue: dodge (side by side), stack, or fill (stacked to 100%)."},
    {"order", CPLOT_VALUE_STRING | CPLOT_VALUE_STRINGS, "\"data\"", order_choices, NO_RANGE, "layout",
     "Category order: data (as they appear or as the levels are set), ascending, descending (by value), or an explicit list of categories to show."},
    {"labels", CPLOT_VALUE_BOOL, "false", NULL, NO_RANGE, "marks",
     "Write each bar's value at its end."},
    {"decimals", CPLOT_VALUE_INTEGER, "null", NULL, 0, 12, "marks",
     "Decimal places of value labels; default one precision for the chart: none for whole numbers, else three significant digits of the largest."},
    {"highlight", CPLOT_VALUE_STRING, "null", NULL, NO_RANGE, "marks",
     "A category drawn in colour while the others are grey: the one bar the reader should look at."},
    {"style", CPLOT_VALUE_STRING, "\"bar\"", style_choices, NO_RANGE, "marks",
     "bar, or lollipop (a line and a dot: lighter when there are many categories)."},
    {"color", CPLOT_VALUE_COLOR, "null", NULL, NO_RANGE, "marks",
     "Bar colour without hue; defaults to the palette's first colour."},
    {"bar_padding", CPLOT_VALUE_NUMBER, "0.2", NULL, 0, 0.9, "marks",
     "Fraction of each category's band left empty between bars."},
};

typedef struct bar_group {
    double value;           /* the estimate, or NaN for an empty group */
    double error_low, error_high;
    size_t n;
} bar_group_t;

typedef struct bars {
    const cplot_column_t *category, *value, *hue;
    bool horizontal;
    size_t categories, hues;   /* hues is 1 without hue */
    bar_group_t *groups;       /* [level][hue], by level index */
    size_t *order;             /* drawn position -> level index */
    size_t shown;              /* categories drawn */
    char **names;              /* names in drawn order, borrowed */
    int multiple;              /* 0 dodge, 1 stack, 2 fill */
    bool lollipop;
    long highlight;            /* level index or -1 */
    cplot_rgba_t color;
    cplot_label_t *value_labels;
    size_t value_label_count;
} bars_t;

static bar_group_t *group_at(const bars_t *b, size_t level, size_t hue)
{
    return &b->groups[level * b->hues + hue];
}

/* Aggregates one group's values with the shared summaries, so a bar's
 * mean, spread and interval are numpy's and scipy's to the bit. */
static cplot_status_t estimate(bar_group_t *group, const double *values, size_t n,
                               const char *estimator, const char *errorbar)
{
    group->n = n;
    group->error_low = group->error_high = NAN;
    if (strcmp(estimator, "count") == 0) {
        group->value = (double)n;
        return CPLOT_STATUS_SUCCESS;
    }
    cplot_summary_t summary;
    cplot_status_t status = cplot_summary_compute(values, n, 0.95, &summary);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    if (strcmp(estimator, "sum") == 0)
        group->value = n ? cplot_numpy_sum(values, n) : NAN;
    else if (strcmp(estimator, "median") == 0)
        status = cplot_median(values, n, &group->value);
    else
        group->value = summary.mean;
    if (!errorbar || n < 2)
        return status;
    if (strcmp(errorbar, "ci") == 0) {
        group->error_low = summary.ci_low;
        group->error_high = summary.ci_high;
    } else {
        double half = strcmp(errorbar, "se") == 0 ? summary.se : summary.sd;
        group->error_low = summary.mean - half;
        group->error_high = summary.mean + half;
    }
    return status;
}

static cplot_status_t aggregate(cplot_figure_t *figure, bars_t *b)
{
    const cplot_chart_t *chart = figure->chart;
    const char *estimator = cplot_chart_string(chart, "estimator");
    const char *errorbar = cplot_chart_string(chart, "errorbar");
    if (!b->value)
        estimator = "count";
    if (errorbar && strcmp(estimator, "mean") != 0)
        return cplot_figure_fail(figure, CPLOT_STATUS_INVALID_VALUE,
                                 "option \"errorbar\": error bars describe a mean; set \"estimator\" "
                                 "to \"mean\" (it is \"%s\")",
                                 estimator);
    size_t rows = figure->table->row_count, groups = b->categories * b->hues;
    /* Counting sort of the rows' values by group, so medians and spreads
     * see each group's values together. */
    size_t *starts = cplot_calloc_array(groups + 1, sizeof *starts);
    double *values = cplot_alloc_array(rows, sizeof *values);
    b->groups = cplot_calloc_array(groups, sizeof *b->groups);
    if (!starts || !values || !b->groups) {
        free(starts), free(values);
        return CPLOT_STATUS_NO_MEMORY;
    }
    for (int pass = 0; pass < 2; pass++) {
        size_t *fill = NULL;
        if (pass == 1) {
            for (size_t g = 0; g < groups; g++)
                starts[g + 1] += starts[g];
            fill = cplot_alloc_array(groups, sizeof *fill);
            if (!fill) {
                free(starts), free(values);
                return CPLOT_STATUS_NO_MEMORY;
            }
            memcpy(fill, starts, groups * sizeof *fill);
        }
        for (size_t row = 0; row < rows; row++) {
            int level = b->category->codes[row];
            int hue = b->hue ? b->hue->codes[row] : 0;
            double v = b->value ? b->value->numbers[row] : 0;
            if (level < 0 || hue < 0 || !isfinite(v))
                continue;
            size_t g = (size_t)level * b->hues + (size_t)hue;
            if (pass == 0)
                starts[g + 1]++;
            else
                values[fill[g]++] = v;
        }
        free(fill);
    }
    cplot_status_t status = CPLOT_STATUS_SUCCESS;
    for (size_t g = 0; g < groups && status == CPLOT_STATUS_SUCCESS; g++)
        status = estimate(&b->groups[g], values + starts[g], starts[g + 1] - starts[g], estimator,
                          errorbar);
    free(starts);
    free(values);
    return status;
}

static double category_total(const bars_t *b, size_t level)
{
    double total = 0;
    for (size_t h = 0; h < b->hues; h++)
        if (isfinite(group_at(b, level, h)->value))
            total += group_at(b, level, h)->value;
    return total;
}

/* A category with its total, sorted as a pair so that the comparison
 * needs no shared state: two threads may sort two charts' bars at once. */
typedef struct category_total {
    double total;
    size_t level;
} category_total_t;

static int compare_totals(const void *a, const void *b)
{
    const category_total_t *x = a, *y = b;
    if (x->total != y->total)
        return (x->total > y->total) - (x->total < y->total);
    /* Stable on ties: keep the data order. */
    return (x->level > y->level) - (x->level < y->level);
}

/* b->order by ascending total. */
static cplot_status_t sort_by_total(bars_t *b)
{
    category_total_t *totals = cplot_alloc_array(b->categories, sizeof *totals);
    if (!totals)
        return CPLOT_STATUS_NO_MEMORY;
    for (size_t k = 0; k < b->categories; k++)
        totals[k] = (category_total_t){category_total(b, b->order[k]), b->order[k]};
    qsort(totals, b->categories, sizeof *totals, compare_totals);
    for (size_t k = 0; k < b->categories; k++)
        b->order[k] = totals[k].level;
    free(totals);
    return CPLOT_STATUS_SUCCESS;
}

static cplot_status_t order_categories(cplot_figure_t *figure, bars_t *b)
{
    const cplot_value_t *order = cplot_chart_value(figure->chart, "order");
    b->order = cplot_alloc_array(b->categories, sizeof *b->order);
    b->names = cplot_alloc_array(b->categories, sizeof *b->names);
    if (!b->order || !b->names)
        return CPLOT_STATUS_NO_MEMORY;
    if (order->type == CPLOT_VALUE_STRINGS) {
        b->shown = 0;
        for (size_t i = 0; i < order->count; i++) {
            long level = -1;
            for (size_t k = 0; k < b->categories; k++)
                if (strcmp(b->category->levels[k], order->strings[i]) == 0)
                    level = (long)k;
            if (level < 0) {
                const char *suggestion = cplot_suggest(order->strings[i],
                                                       (const char *const *)b->category->levels,
                                                       b->category->level_count);
                return cplot_figure_fail(figure, CPLOT_STATUS_INVALID_VALUE,
                                         "option \"order\": \"%s\" is not a category of \"%s\"%s%s%s",
                                         order->strings[i], b->category->name,
                                         suggestion ? "; did you mean \"" : "",
                                         suggestion ? suggestion : "", suggestion ? "\"?" : "");
            }
            if (b->shown < b->categories)
                b->order[b->shown++] = (size_t)level;
        }
    } else {
        b->shown = b->categories;
        for (size_t k = 0; k < b->categories; k++)
            b->order[k] = k;
        const char *how = order->string ? order->string : "data";
        if (strcmp(how, "data") != 0) {
            if (sort_by_total(b) != CPLOT_STATUS_SUCCESS)
                return CPLOT_STATUS_NO_MEMORY;
            if (strcmp(how, "descending") == 0)
                for (size_t i = 0; i < b->categories / 2; i++) {
                    size_t t = b->order[i];
                    b->order[i] = b->order[b->categories - 1 - i];
                    b->order[b->categories - 1 - i] = t;
                }
        }
    }
    for (size_t i = 0; i < b->shown; i++)
        b->names[i] = b->category->levels[b->order[i]];
    return CPLOT_STATUS_SUCCESS;
}

/* The extent of a drawn position's bars along the value axis, as stacked,
 * dodged or filled. */
static void bar_extent(const bars_t *b, size_t level, double *lo, double *hi)
{
    *lo = *hi = 0;
    double positive = 0, negative = 0, total = 0;
    for (size_t h = 0; h < b->hues; h++) {
        const bar_group_t *g = group_at(b, level, h);
        if (!isfinite(g->value))
            continue;
        total += fabs(g->value);
        if (b->multiple == 0) {
            *lo = fmin(*lo, fmin(g->value, isfinite(g->error_low) ? g->error_low : g->value));
            *hi = fmax(*hi, fmax(g->value, isfinite(g->error_high) ? g->error_high : g->value));
        } else if (g->value >= 0) {
            positive += g->value;
        } else {
            negative += g->value;
        }
    }
    if (b->multiple == 1) {
        *lo = negative;
        *hi = positive;
    } else if (b->multiple == 2) {
        *lo = total > 0 ? negative / total * 100 : 0;
        *hi = total > 0 ? positive / total * 100 : 0;
    }
}

static cplot_status_t bar_prepare(cplot_figure_t *figure)
{
    bars_t *b = calloc(1, sizeof *b);
    if (!b)
        return CPLOT_STATUS_NO_MEMORY;
    figure->kind_data = b;
    b->highlight = -1;
    const cplot_chart_t *chart = figure->chart;
    const cplot_column_t *x, *y;
    cplot_status_t status;
    if ((status = cplot_figure_column(figure, "x", false, -1, &x)) ||
        (status = cplot_figure_column(figure, "y", false, -1, &y)) ||
        (status = cplot_figure_column(figure, "hue", false, CPLOT_COLUMN_CATEGORICAL, &b->hue)))
        return status;
    const char *orient = cplot_chart_string(chart, "orient");
    bool x_categorical = x && x->type == CPLOT_COLUMN_CATEGORICAL;
    bool y_categorical = y && y->type == CPLOT_COLUMN_CATEGORICAL;
    if (strcmp(orient, "vertical") == 0)
        b->horizontal = false;
    else if (strcmp(orient, "horizontal") == 0)
        b->horizontal = true;
    else
        b->horizontal = !x_categorical && y_categorical;
    b->category = b->horizontal ? y : x;
    b->value = b->horizontal ? x : y;
    const char *category_option = b->horizontal ? "y" : "x";
    const char *value_option = b->horizontal ? "x" : "y";
    if (!b->category)
        return cplot_figure_fail(figure, CPLOT_STATUS_MISSING_CHANNEL,
                                 "option \"%s\" is required for bar charts: name the categorical "
                                 "column (or set \"orient\")",
                                 category_option);
    if (b->category->type != CPLOT_COLUMN_CATEGORICAL)
        return cplot_figure_fail(figure, CPLOT_STATUS_COLUMN_TYPE,
                                 "option \"%s\": column \"%s\" is numeric; bars need categories "
                                 "along one axis (force it with \"types\": {\"%s\": \"categorical\"})",
                                 category_option, b->category->name, b->category->name);
    if (b->value && b->value->type != CPLOT_COLUMN_NUMERIC)
        return cplot_figure_fail(figure, CPLOT_STATUS_COLUMN_TYPE,
                                 "option \"%s\": column \"%s\" is categorical; bar lengths need "
                                 "numbers (leave \"%s\" out to count rows)",
                                 value_option, b->value->name, value_option);
    b->categories = b->category->level_count;
    b->hues = b->hue ? (b->hue->level_count ? b->hue->level_count : 1) : 1;
    const char *multiple = cplot_chart_string(chart, "multiple");
    b->multiple = !b->hue ? 0 : strcmp(multiple, "stack") == 0 ? 1 : strcmp(multiple, "fill") == 0 ? 2 : 0;
    b->lollipop = strcmp(cplot_chart_string(chart, "style"), "lollipop") == 0;
    if ((status = aggregate(figure, b)) || (status = order_categories(figure, b)))
        return status;

    const char *highlight = cplot_chart_string(chart, "highlight");
    if (highlight) {
        for (size_t k = 0; k < b->categories; k++)
            if (strcmp(b->category->levels[k], highlight) == 0)
                b->highlight = (long)k;
        if (b->highlight < 0) {
            const char *suggestion = cplot_suggest(highlight, (const char *const *)b->category->levels,
                                                   b->categories);
            return cplot_figure_fail(figure, CPLOT_STATUS_INVALID_VALUE,
                                     "option \"highlight\": \"%s\" is not a category of \"%s\"%s%s%s",
                                     highlight, b->category->name, suggestion ? "; did you mean \"" : "",
                                     suggestion ? suggestion : "", suggestion ? "\"?" : "");
        }
    }
    const char *color = cplot_chart_string(chart, "color");
    if (!color || !cplot_color_parse(color, &b->color))
        b->color = cplot_palette_color(figure->palette, 0);

    cplot_axis_t *category_axis = b->horizontal ? &figure->y : &figure->x;
    cplot_axis_t *value_axis = b->horizontal ? &figure->x : &figure->y;
    category_axis->present = true;
    category_axis->type = CPLOT_SCALE_BAND;
    category_axis->band_names = b->names;
    category_axis->band_count = b->shown;
    category_axis->top_down = b->horizontal; /* the first category at the top */
    category_axis->title = b->category->name;
    value_axis->present = true;
    value_axis->type = CPLOT_SCALE_LINEAR;
    value_axis->sticky_zero = true;
    value_axis->data_min = 0;
    value_axis->data_max = 0;
    for (size_t i = 0; i < b->shown; i++) {
        double lo, hi;
        bar_extent(b, b->order[i], &lo, &hi);
        value_axis->data_min = fmin(value_axis->data_min, lo);
        value_axis->data_max = fmax(value_axis->data_max, hi);
    }
    if (cplot_chart_bool(chart, "labels")) {
        /* Room for the labels past the longest bar. */
        double span = value_axis->data_max - value_axis->data_min;
        if (value_axis->data_max > 0)
            value_axis->data_max += span * 0.08;
        if (value_axis->data_min < 0)
            value_axis->data_min -= span * 0.08;
    }
    value_axis->title = b->multiple == 2 ? "percent" : b->value ? b->value->name : "count";
    if (b->hue)
        cplot_figure_add_hue_legend(figure, b->hue, CPLOT_MARKER_SQUARE, figure->font_size * 0.8, 1.0);
    return CPLOT_STATUS_SUCCESS;
}

static cplot_rgba_t group_color(const cplot_figure_t *figure, const bars_t *b, size_t level, size_t hue)
{
    if (b->highlight >= 0 && (long)level != b->highlight) {
        cplot_rgba_t grey = figure->theme->grid;
        /* A quiet grey a step darker than the grid lines. */
        return (cplot_rgba_t){grey.r * 0.8 + 0.1, grey.g * 0.8 + 0.1, grey.b * 0.8 + 0.1, 1};
    }
    return b->hue ? cplot_palette_color(figure->palette, hue) : b->color;
}

typedef struct bar_geometry {
    double along0, along1; /* pixels across the category band */
    double from, to;       /* pixels along the value axis */
} bar_geometry_t;

/* Where group (level, hue) is drawn: dodged bars share the band, stacked
 * ones sit on the running totals. */
static bool geometry(const cplot_figure_t *figure, const bars_t *b, size_t position, size_t hue,
                     bar_geometry_t *out)
{
    size_t level = b->order[position];
    const bar_group_t *g = group_at(b, level, hue);
    if (!isfinite(g->value))
        return false;
    const cplot_scale_t *cat = b->horizontal ? &figure->y.scale : &figure->x.scale;
    const cplot_scale_t *val = b->horizontal ? &figure->x.scale : &figure->y.scale;
    double padding = cplot_chart_number(figure->chart, "bar_padding");
    double step = cplot_scale_band_step(cat), width = step * (1 - padding);
    double center = cplot_scale_map(cat, (double)position);
    double from = 0, to = g->value;
    if (b->multiple == 0) {
        double slot = width / (double)b->hues;
        out->along0 = center - width / 2 + slot * (double)hue;
        out->along1 = out->along0 + slot;
    } else {
        double base_positive = 0, base_negative = 0, total = 0;
        for (size_t h = 0; h < b->hues; h++) {
            double v = group_at(b, level, h)->value;
            if (isfinite(v))
                total += fabs(v);
        }
        for (size_t h = 0; h < hue; h++) {
            double v = group_at(b, level, h)->value;
            if (!isfinite(v))
                continue;
            if (v >= 0)
                base_positive += v;
            else
                base_negative += v;
        }
        double base = g->value >= 0 ? base_positive : base_negative;
        from = base;
        to = base + g->value;
        if (b->multiple == 2 && total > 0) {
            from = from / total * 100;
            to = to / total * 100;
        }
        out->along0 = center - width / 2;
        out->along1 = center + width / 2;
    }
    out->from = cplot_scale_map(val, from);
    out->to = cplot_scale_map(val, to);
    return true;
}

static void set_color(cairo_t *cr, cplot_rgba_t c)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
}

static void rectangle(cairo_t *cr, const bars_t *b, double along0, double along1, double from, double to)
{
    if (b->horizontal)
        cairo_rectangle(cr, fmin(from, to), along0, fabs(to - from), along1 - along0);
    else
        cairo_rectangle(cr, along0, fmin(from, to), along1 - along0, fabs(to - from));
}

static void segment(cairo_t *cr, const bars_t *b, double along, double from, double to)
{
    if (b->horizontal) {
        cairo_move_to(cr, from, along);
        cairo_line_to(cr, to, along);
    } else {
        cairo_move_to(cr, along, from);
        cairo_line_to(cr, along, to);
    }
}

static void bar_draw(cplot_figure_t *figure, cairo_t *cr)
{
    const bars_t *b = figure->kind_data;
    const cplot_scale_t *val = b->horizontal ? &figure->x.scale : &figure->y.scale;
    cairo_save(cr);
    for (size_t position = 0; position < b->shown; position++) {
        size_t level = b->order[position];
        for (size_t h = 0; h < b->hues; h++) {
            bar_geometry_t geo;
            if (!geometry(figure, b, position, h, &geo))
                continue;
            set_color(cr, group_color(figure, b, level, h));
            double mid = (geo.along0 + geo.along1) / 2;
            if (b->lollipop) {
                cairo_set_line_width(cr, fmax(1.5, figure->font_size * 0.15));
                segment(cr, b, mid, geo.from, geo.to);
                cairo_stroke(cr);
                double r = fmin(figure->font_size * 0.45, (geo.along1 - geo.along0) / 2);
                cairo_new_sub_path(cr);
                if (b->horizontal)
                    cairo_arc(cr, geo.to, mid, r, 0, 2 * M_PI);
                else
                    cairo_arc(cr, mid, geo.to, r, 0, 2 * M_PI);
                cairo_fill(cr);
            } else {
                rectangle(cr, b, geo.along0, geo.along1, geo.from, geo.to);
                cairo_fill(cr);
            }
            /* Error bars: dodged means only (stacked totals have none). */
            const bar_group_t *g = group_at(b, level, h);
            if (b->multiple == 0 && isfinite(g->error_low)) {
                double lo = cplot_scale_map(val, g->error_low), hi = cplot_scale_map(val, g->error_high);
                double cap = fmin((geo.along1 - geo.along0) * 0.25, figure->font_size * 0.5);
                cplot_rgba_t ink = figure->theme->ink;
                cairo_set_source_rgba(cr, ink.r, ink.g, ink.b, 0.85);
                cairo_set_line_width(cr, 1.25);
                segment(cr, b, mid, lo, hi);
                if (b->horizontal) {
                    cairo_move_to(cr, lo, mid - cap), cairo_line_to(cr, lo, mid + cap);
                    cairo_move_to(cr, hi, mid - cap), cairo_line_to(cr, hi, mid + cap);
                } else {
                    cairo_move_to(cr, mid - cap, lo), cairo_line_to(cr, mid + cap, lo);
                    cairo_move_to(cr, mid - cap, hi), cairo_line_to(cr, mid + cap, hi);
                }
                cairo_stroke(cr);
            }
        }
    }
    /* A zero line where bars go both ways, so the baseline is visible. */
    double zero = cplot_scale_map(val, 0);
    if (val->domain_min < 0 && val->domain_max > 0) {
        cplot_rect_t plot = figure->layout.plot;
        cplot_rgba_t ink = figure->theme->axis;
        set_color(cr, ink);
        cairo_set_line_width(cr, 1);
        if (b->horizontal) {
            cairo_move_to(cr, floor(zero) + 0.5, plot.y);
            cairo_line_to(cr, floor(zero) + 0.5, cplot_rect_bottom(plot));
        } else {
            cairo_move_to(cr, plot.x, floor(zero) + 0.5);
            cairo_line_to(cr, cplot_rect_right(plot), floor(zero) + 0.5);
        }
        cairo_stroke(cr);
    }
    cairo_restore(cr);
    for (size_t i = 0; i < b->value_label_count; i++)
        cplot_label_draw(cr, &figure->fonts, &b->value_labels[i]);
}

/* Value labels sit just past the bar's end, or inside it (in white) when
 * outside there is no room in the plot. */
static cplot_status_t bar_place_labels(cplot_figure_t *figure)
{
    bars_t *b = figure->kind_data;
    if (!cplot_chart_bool(figure->chart, "labels"))
        return CPLOT_STATUS_SUCCESS;
    b->value_labels = cplot_calloc_array(b->shown * b->hues, sizeof(cplot_label_t));
    if (!b->value_labels)
        return CPLOT_STATUS_NO_MEMORY;
    double decimals = cplot_chart_number(figure->chart, "decimals");
    if (isnan(decimals)) {
        /* One precision for every label of the chart. */
        double *shown = cplot_alloc_array(b->shown * b->hues, sizeof(double));
        if (!shown)
            return CPLOT_STATUS_NO_MEMORY;
        size_t n = 0;
        for (size_t position = 0; position < b->shown; position++) {
            size_t level = b->order[position];
            double total = 0;
            for (size_t h = 0; h < b->hues; h++)
                if (isfinite(group_at(b, level, h)->value))
                    total += fabs(group_at(b, level, h)->value);
            for (size_t h = 0; h < b->hues; h++) {
                double v = group_at(b, level, h)->value;
                shown[n++] = b->multiple == 2 ? (total > 0 ? v / total * 100 : 0) : v;
            }
        }
        decimals = cplot_shared_decimals(shown, n);
        free(shown);
    }
    cplot_rect_t plot = figure->layout.plot;
    double gap = figure->font_size * 0.3;
    for (size_t position = 0; position < b->shown; position++) {
        size_t level = b->order[position];
        for (size_t h = 0; h < b->hues; h++) {
            bar_geometry_t geo;
            if (!geometry(figure, b, position, h, &geo))
                continue;
            const bar_group_t *g = group_at(b, level, h);
            double shown = g->value;
            if (b->multiple == 2) {
                double total = 0;
                for (size_t k = 0; k < b->hues; k++)
                    if (isfinite(group_at(b, level, k)->value))
                        total += fabs(group_at(b, level, k)->value);
                shown = total > 0 ? g->value / total * 100 : 0;
            }
            char text[CPLOT_LABEL_MAX];
            cplot_format_decimals(shown, (int)decimals, text);
            if (b->multiple == 2)
                strncat(text, "%", sizeof text - strlen(text) - 1);
            double thickness = geo.along1 - geo.along0;
            double size = fmin(cplot_tick_label_size(figure), (b->horizontal ? thickness : thickness / 2) * 0.8);
            if (size < 5)
                continue;
            cplot_text_style_t style = {size, false, figure->theme->muted_ink};
            cplot_label_t *label = &b->value_labels[b->value_label_count];
            cplot_status_t status = cplot_label_init(label, &figure->fonts, text, &style,
                                                     CPLOT_TEXT_NO_LIMIT, 0, 1);
            if (status != CPLOT_STATUS_SUCCESS)
                return status;
            cplot_label_rotate(label, 0, NULL, NULL);
            double w = label->width, h = label->height, mid = (geo.along0 + geo.along1) / 2;
            /* Past the error bar's end, not across it. */
            if (b->multiple == 0 && isfinite(g->error_high)) {
                const cplot_scale_t *val = b->horizontal ? &figure->x.scale : &figure->y.scale;
                geo.to = cplot_scale_map(val, g->value >= 0 ? g->error_high : g->error_low);
            }
            bool stacked = b->multiple != 0;
            bool forward = g->value >= 0;
            cplot_rect_t box;
            /* Stacked segments carry their labels inside; others outside
             * when the plot has room. */
            if (b->horizontal) {
                double x = forward ? geo.to + gap : geo.to - gap - w;
                box = (cplot_rect_t){x, mid - h / 2, w, h};
                if (stacked || !cplot_rect_contains(plot, box, 0)) {
                    box.x = forward ? geo.to - gap - w : geo.to + gap;
                    label->color = (cplot_rgba_t){1, 1, 1, 1};
                    if (fabs(geo.to - geo.from) < w + 2 * gap) {
                        cplot_label_release(label);
                        continue;
                    }
                }
            } else {
                double y = forward ? geo.to - gap - h : geo.to + gap;
                box = (cplot_rect_t){mid - w / 2, y, w, h};
                if (stacked || !cplot_rect_contains(plot, box, 0)) {
                    box.y = forward ? geo.to + gap : geo.to - gap - h;
                    label->color = (cplot_rgba_t){1, 1, 1, 1};
                    if (fabs(geo.to - geo.from) < h + 2 * gap || w > thickness) {
                        cplot_label_release(label);
                        continue;
                    }
                }
            }
            if (b->lollipop && !stacked)
                label->color = figure->theme->muted_ink;
            /* Narrow neighbouring bars: a label that would touch another
             * is left out rather than drawn over it. */
            bool clear = cplot_rect_contains(plot, box, 0);
            cplot_rect_t padded = {box.x - gap / 2, box.y - gap / 2, box.width + gap, box.height + gap};
            for (size_t j = 0; clear && j < b->value_label_count; j++)
                clear = !cplot_rect_intersects(padded, b->value_labels[j].box);
            if (!clear) {
                cplot_label_release(label);
                continue;
            }
            cplot_label_place(label, box.x, box.y);
            b->value_label_count++;
        }
    }
    return CPLOT_STATUS_SUCCESS;
}

static size_t bar_labels(const cplot_figure_t *figure, const cplot_label_t **labels, size_t max)
{
    const bars_t *b = figure->kind_data;
    for (size_t i = 0; i < b->value_label_count && i < max; i++)
        labels[i] = &b->value_labels[i];
    return b->value_label_count;
}

static void bar_inspect(const cplot_figure_t *figure, cJSON *layers)
{
    const bars_t *b = figure->kind_data;
    cJSON *layer = cJSON_CreateObject();
    cJSON_AddItemToArray(layers, layer);
    cJSON_AddStringToObject(layer, "mark", b->lollipop ? "lollipops" : "bars");
    cJSON *categories = cJSON_AddArrayToObject(layer, "categories");
    for (size_t i = 0; i < b->shown; i++)
        cJSON_AddItemToArray(categories, cJSON_CreateString(b->names[i]));
    if (b->hue) {
        cJSON *groups = cJSON_AddArrayToObject(layer, "groups");
        for (size_t h = 0; h < b->hue->level_count; h++)
            cJSON_AddItemToArray(groups, cJSON_CreateString(b->hue->levels[h]));
    }
    const char *keys[] = {"values", "error_low", "error_high", "n"};
    for (int k = 0; k < 4; k++) {
        cJSON *outer = cJSON_AddArrayToObject(layer, keys[k]);
        for (size_t i = 0; i < b->shown; i++) {
            cJSON *inner = b->hue ? cJSON_CreateArray() : outer;
            for (size_t h = 0; h < b->hues; h++) {
                const bar_group_t *g = group_at(b, b->order[i], h);
                double v = k == 0 ? g->value : k == 1 ? g->error_low : k == 2 ? g->error_high : (double)g->n;
                cJSON_AddItemToArray(inner, cplot_json_number(v));
            }
            if (b->hue)
                cJSON_AddItemToArray(outer, inner);
        }
    }
}

static void bar_release(cplot_figure_t *figure)
{
    bars_t *b = figure->kind_data;
    if (b) {
        for (size_t i = 0; i < b->value_label_count; i++)
            cplot_label_release(&b->value_labels[i]);
        free(b->value_labels);
        free(b->groups);
        free(b->order);
        free(b->names);
    }
    free(b);
    figure->kind_data = NULL;
}

const cplot_kind_class_t cplot_bar_class = {
    .kind = CPLOT_KIND_BAR,
    .name = "bar",
    .options = bar_options,
    .option_count = sizeof bar_options / sizeof bar_options[0],
    .prepare = bar_prepare,
    .draw = bar_draw,
    .release = bar_release,
    .inspect = bar_inspect,
    .place = bar_place_labels,
    .labels = bar_labels,
};
