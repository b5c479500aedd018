/* Histograms: counts of a numeric column in bins (numpy's rules and
 * seaborn's statistics), by hue group layered, stacked, dodged or filled,
 * as bars, steps or polygons, with an optional KDE curve, rug, mean and
 * median lines, highlighted tails and a mirrored second group. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figure-private.h"
#include "limits-private.h"
#include "memory-private.h"
#include "stats-private.h"

#define NO_RANGE -INFINITY, INFINITY

static const char *const rule_choices[] = {"auto", "fd", "doane", "scott", "stone",
                                           "rice", "sturges", "sqrt", NULL};
static const char *const stat_choices[] = {"count", "frequency", "probability", "percent",
                                           "density", NULL};
static const char *const multiple_choices[] = {"layer", "stack", "dodge", "fill", NULL};
static const char *const element_choices[] = {"bars", "step", "poly", NULL};

static const cplot_option_info_t histogram_options[] = {
    {"x", CPLOT_VALUE_COLUMN, "null", NULL, NO_RANGE, "channel",
     "Numeric column to count: bins along the horizontal axis."},
    {"y", CPLOT_VALUE_COLUMN, "null", NULL, NO_RANGE, "channel",
     "Numeric column to count with horizontal bars (instead of x)."},
    {"hue", CPLOT_VALUE_COLUMN, "null", NULL, NO_RANGE, "channel",
     "Categorical column: one histogram per group, combined as \"multiple\" says."},
    {"bins", CPLOT_VALUE_INTEGER | CPLOT_VALUE_STRING | CPLOT_VALUE_NUMBERS, "\"auto\"", rule_choices,
     1, 100000, "bins",
     "A number of bins, a numpy rule (auto = min of fd and sturges), or the list of edges."},
    {"binwidth", CPLOT_VALUE_NUMBER, "null", NULL, 0, INFINITY, "bins",
     "Width of each bin, overriding bins (seaborn's binwidth)."},
    {"binrange", CPLOT_VALUE_NUMBERS, "null", NULL, NO_RANGE, "bins",
     "[low, high]: the range the bins cover; values outside are left out."},
    {"discrete", CPLOT_VALUE_BOOL, "false", NULL, NO_RANGE, "bins",
     "One bin per integer, centred on it: for counts and other whole numbers."},
    {"stat", CPLOT_VALUE_STRING, "\"count\"", stat_choices, NO_RANGE, "statistics",
     "Bar height: count, frequency (count/width), probability, percent, or density (area 1)."},
    {"cumulative", CPLOT_VALUE_BOOL, "false", NULL, NO_RANGE, "statistics",
     "Accumulate from left to right: the empirical distribution function."},
    {"multiple", CPLOT_VALUE_STRING, "\"layer\"", multiple_choices, NO_RANGE, "groups",
     "With hue: layer (overlaid, translucent), stack, dodge (side by side) or fill (shares of each bin)."},
    {"common_bins", CPLOT_VALUE_BOOL, "true", NULL, NO_RANGE, "groups",
     "With hue: the same bin edges for every group (else each group's own)."},
    {"common_norm", CPLOT_VALUE_BOOL, "true", NULL, NO_RANGE, "groups",
     "With hue and a normalised stat: the groups together sum to 1 (else each group does)."},
    {"element", CPLOT_VALUE_STRING, "\"bars\"", element_choices, NO_RANGE, "marks",
     "bars, step (the outline), or poly (a polygon through the bins' centres)."},
    {"kde", CPLOT_VALUE_BOOL, "false", NULL, NO_RANGE, "marks",
     "Draw a Gaussian kernel density curve, scaled to the histogram's area."},
    {"rug", CPLOT_VALUE_BOOL, "false", NULL, NO_RANGE, "marks",
     "A tick for every value along the axis: shows the data behind the bins."},
    {"mean_line", CPLOT_VALUE_BOOL, "false", NULL, NO_RANGE, "marks",
     "A labelled line at the mean (per group with hue)."},
    {"median_line", CPLOT_VALUE_BOOL, "false", NULL, NO_RANGE, "marks",
     "A labelled line at the median (per group with hue)."},
    {"highlight_below", CPLOT_VALUE_NUMBER, "null", NULL, NO_RANGE, "marks",
     "Colour the bins below this value (a lower tail); the rest turn grey."},
    {"highlight_above", CPLOT_VALUE_NUMBER, "null", NULL, NO_RANGE, "marks",
     "Colour the bins above this value (an upper tail); the rest turn grey."},
    {"mirror", CPLOT_VALUE_BOOL, "false", NULL, NO_RANGE, "groups",
     "With a hue of two groups: the second grows downwards, back to back with the first."},
    {"alpha", CPLOT_VALUE_NUMBER, "null", NULL, 0, 1, "marks",
     "Fill opacity; default 1, or 0.5 for layered groups."},
    {"color", CPLOT_VALUE_COLOR, "null", NULL, NO_RANGE, "marks",
     "Colour without hue; defaults to the palette's first colour."},
};

enum { LAYER, STACK, DODGE, FILL };
enum { BARS, STEP, POLY };

typedef struct group {
    const char *name;      /* NULL without hue */
    size_t hue;            /* palette index */
    const double *values;  /* the group's finite values */
    double *owned_values;  /* values, when not borrowed from the column */
    cplot_value_range_t range; /* of values, when known (has_range) */
    bool has_range;
    size_t n;
    cplot_bins_t bins;
    double *heights;       /* after stat (and cumulative, common_norm) */
    double *base;          /* stacked: where each bar starts */
    cplot_kde_t kde;
    bool has_kde;
    double kde_scale;      /* density -> histogram units */
    double mean, median;
} group_t;

typedef struct histogram {
    const cplot_column_t *column, *hue;
    bool horizontal;
    group_t *groups;
    size_t group_count;
    int multiple, element;
    bool mirror;
    double alpha;
    cplot_rgba_t color;
    size_t nonfinite;
    cplot_label_t *line_labels;
    size_t line_label_count;
} histogram_t;

static cplot_status_t bin_options(cplot_figure_t *figure, cplot_bin_options_t *options)
{
    const cplot_chart_t *chart = figure->chart;
    cplot_bin_options_init(options);
    const cplot_value_t *bins = cplot_chart_value(chart, "bins");
    const cplot_value_t *range = cplot_chart_value(chart, "binrange");
    double width = cplot_chart_number(chart, "binwidth");
    if (cplot_chart_bool(chart, "discrete")) {
        options->method = CPLOT_BIN_METHOD_DISCRETE;
    } else if (!isnan(width)) {
        options->method = CPLOT_BIN_METHOD_WIDTH;
        options->width = width;
    } else if (bins->type == CPLOT_VALUE_NUMBER) {
        options->method = CPLOT_BIN_METHOD_COUNT;
        options->count = (size_t)bins->number;
    } else if (bins->type == CPLOT_VALUE_NUMBERS) {
        options->method = CPLOT_BIN_METHOD_EDGES;
        options->edges = bins->numbers;
        options->edge_count = bins->count;
    } else {
        options->method = CPLOT_BIN_METHOD_RULE;
        static const cplot_bin_rule_t rules[] = {
            CPLOT_BIN_RULE_AUTO, CPLOT_BIN_RULE_FD,   CPLOT_BIN_RULE_DOANE,   CPLOT_BIN_RULE_SCOTT,
            CPLOT_BIN_RULE_STONE, CPLOT_BIN_RULE_RICE, CPLOT_BIN_RULE_STURGES, CPLOT_BIN_RULE_SQRT};
        for (size_t i = 0; rule_choices[i]; i++)
            if (bins->string && strcmp(bins->string, rule_choices[i]) == 0)
                options->rule = rules[i];
    }
    if (range->type == CPLOT_VALUE_NUMBERS) {
        if (range->count != 2 || !(range->numbers[0] <= range->numbers[1]))
            return cplot_figure_fail(figure, CPLOT_STATUS_INVALID_VALUE,
                                     "option \"binrange\": expected [low, high] with low <= high");
        options->has_range = true;
        options->range_min = range->numbers[0];
        options->range_max = range->numbers[1];
    }
    return CPLOT_STATUS_SUCCESS;
}

static cplot_histogram_stat_t stat_of(const char *name)
{
    static const cplot_histogram_stat_t stats[] = {
        CPLOT_HISTOGRAM_STAT_COUNT, CPLOT_HISTOGRAM_STAT_FREQUENCY, CPLOT_HISTOGRAM_STAT_PROBABILITY,
        CPLOT_HISTOGRAM_STAT_PERCENT, CPLOT_HISTOGRAM_STAT_DENSITY};
    for (size_t i = 0; stat_choices[i]; i++)
        if (strcmp(name, stat_choices[i]) == 0)
            return stats[i];
    return CPLOT_HISTOGRAM_STAT_COUNT;
}

static int choice_index(const char *value, const char *const *choices)
{
    for (int i = 0; choices[i]; i++)
        if (value && strcmp(value, choices[i]) == 0)
            return i;
    return 0;
}

static cplot_status_t stats_failed(cplot_figure_t *figure, cplot_status_t status, const char *what)
{
    if (status == CPLOT_STATUS_LIMIT_EXCEEDED)
        return cplot_figure_fail(figure, status,
                                 "%s: more than %d bins, or the stone rule on more than %d values; "
                                 "choose fewer bins or another rule",
                                 what, CPLOT_BINS_MAX, CPLOT_BINS_STONE_MAX_VALUES);
    if (status == CPLOT_STATUS_INVALID_VALUE)
        return cplot_figure_fail(figure, status,
                                 "%s: the bin options do not describe usable bins (edges must be "
                                 "finite and increasing, widths positive)",
                                 what);
    return cplot_figure_fail(figure, status, "%s: %s", what, cplot_status_to_string(status));
}

/* Splits the finite values by hue group, in level order. */
static cplot_status_t split_groups(cplot_figure_t *figure, histogram_t *h)
{
    size_t rows = figure->table->row_count;
    h->group_count = h->hue ? h->hue->level_count : 1;
    if (h->group_count == 0)
        h->group_count = 1;
    h->groups = cplot_calloc_array(h->group_count, sizeof *h->groups);
    if (!h->groups)
        return CPLOT_STATUS_NO_MEMORY;
    for (size_t g = 0; g < h->group_count; g++) {
        h->groups[g].name = h->hue && h->hue->level_count ? h->hue->levels[g] : NULL;
        h->groups[g].hue = g;
    }
    if (!h->hue) {
        /* One group: the column itself when every value is finite. The
         * pass that finds out also gives the bins their range. */
        group_t *group = &h->groups[0];
        if (h->column->has_range)
            group->range = h->column->range;
        else
            cplot_value_range_of(h->column->numbers, rows, &group->range);
        if (group->range.finite == rows) {
            group->values = h->column->numbers;
            group->n = rows;
            group->has_range = true;
            return CPLOT_STATUS_SUCCESS;
        }
    }
    h->nonfinite = 0;
    for (size_t row = 0; row < rows; row++) {
        double v = h->column->numbers[row];
        if (!isfinite(v)) {
            h->nonfinite++;
            continue;
        }
        int code = h->hue ? h->hue->codes[row] : 0;
        if (code >= 0 && (size_t)code < h->group_count)
            h->groups[code].n++;
    }
    for (size_t g = 0; g < h->group_count; g++) {
        h->groups[g].owned_values = cplot_alloc_array(h->groups[g].n, sizeof(double));
        if (!h->groups[g].owned_values)
            return CPLOT_STATUS_NO_MEMORY;
        h->groups[g].values = h->groups[g].owned_values;
        h->groups[g].n = 0;
    }
    for (size_t row = 0; row < rows; row++) {
        double v = h->column->numbers[row];
        int code = h->hue ? h->hue->codes[row] : 0;
        if (isfinite(v) && code >= 0 && (size_t)code < h->group_count)
            h->groups[code].owned_values[h->groups[code].n++] = v;
    }
    return CPLOT_STATUS_SUCCESS;
}

/* The group's KDE curve. With shared bins every group's curve spans all
 * the bins, as seaborn evaluates them, instead of stopping in mid-air at
 * the group's own extremes: then only the bandwidth is fitted and the
 * curve evaluated once, on the bins' span. *fitted says whether a curve
 * came out (a group without spread has none); an error is returned only
 * for a failure past the fit. */
static cplot_status_t group_kde(group_t *group, bool common_bins, bool cumulative, bool *fitted)
{
    cplot_kde_options_t options;
    cplot_kde_options_init(&options);
    options.cut = 0;
    options.cumulative = cumulative;
    options.max_work = (double)cplot_limit(CPLOT_LIMIT_KDE_EVALUATIONS);
    const cplot_bins_t *bins = &group->bins;
    *fitted = false;
    if (!common_bins || bins->edge_count < 2 || options.gridsize < 2) {
        cplot_status_t status = cplot_kde_compute(group->values, group->n, &options, &group->kde);
        *fitted = status == CPLOT_STATUS_SUCCESS;
        return status == CPLOT_STATUS_LIMIT_EXCEEDED ? status : CPLOT_STATUS_SUCCESS;
    }
    cplot_kde_t *kde = &group->kde;
    memset(kde, 0, sizeof *kde);
    if (cplot_kde_fit(group->values, group->n, &options, &kde->factor, &kde->bandwidth) !=
        CPLOT_STATUS_SUCCESS)
        return CPLOT_STATUS_SUCCESS;
    size_t count = options.gridsize;
    kde->grid = cplot_alloc_array(count, sizeof(double));
    kde->density = cplot_alloc_array(count, sizeof(double));
    if (!kde->grid || !kde->density)
        return CPLOT_STATUS_NO_MEMORY;
    kde->count = count;
    kde->used = group->n;
    double lo = bins->edges[0], hi = bins->edges[bins->edge_count - 1];
    for (size_t i = 0; i < count; i++)
        kde->grid[i] = lo + (hi - lo) * (double)i / (double)(count - 1);
    if (cplot_kde_work_exceeds(group->values, group->n, kde->bandwidth, kde->grid, count, cumulative,
                               options.max_work))
        return CPLOT_STATUS_LIMIT_EXCEEDED;
    cplot_status_t status =
        cplot_kde_evaluate(group->values, group->n, kde->bandwidth, kde->grid, count, cumulative, kde->density);
    *fitted = status == CPLOT_STATUS_SUCCESS;
    return status;
}

static cplot_status_t compute(cplot_figure_t *figure, histogram_t *h)
{
    const cplot_chart_t *chart = figure->chart;
    cplot_bin_options_t options;
    cplot_status_t status = bin_options(figure, &options);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    size_t total = 0;
    for (size_t g = 0; g < h->group_count; g++)
        total += h->groups[g].n;
    bool common_bins = !h->hue || cplot_chart_bool(chart, "common_bins") || h->multiple != LAYER;
    bool bin_alone = !common_bins;
    cplot_bins_t shared = {0};
    /* A facet panel on a shared x axis counts into the edges of the whole
     * data, as seaborn's displot does, so bars compare across panels. */
    const cplot_figure_t *whole = figure->is_panel ? figure->setup.shared : NULL;
    const histogram_t *whole_histogram =
        whole && whole->chart->klass == figure->chart->klass && figure->setup.share_x
            ? whole->kind_data
            : NULL;
    if (whole_histogram && whole_histogram->group_count && whole_histogram->groups[0].bins.edge_count) {
        common_bins = true;
        status = cplot_bins_recount(&whole_histogram->groups[0].bins, NULL, 0, &shared);
        if (status != CPLOT_STATUS_SUCCESS)
            return stats_failed(figure, status, "option \"bins\"");
    } else if (common_bins && h->group_count == 1) {
        /* One group: its own bins are the shared ones, counted once. */
        bin_alone = true;
    } else if (common_bins) {
        double *all = cplot_alloc_array(total, sizeof(double));
        if (!all)
            return CPLOT_STATUS_NO_MEMORY;
        size_t k = 0;
        for (size_t g = 0; g < h->group_count; g++)
            for (size_t i = 0; i < h->groups[g].n; i++)
                all[k++] = h->groups[g].values[i];
        status = cplot_bins_compute(all, total, &options, &shared);
        free(all);
        if (status != CPLOT_STATUS_SUCCESS) {
            cplot_bins_release(&shared);
            return stats_failed(figure, status, "option \"bins\"");
        }
    }
    cplot_histogram_stat_t stat = stat_of(cplot_chart_string(chart, "stat"));
    bool cumulative = cplot_chart_bool(chart, "cumulative");
    bool common_norm = cplot_chart_bool(chart, "common_norm");
    for (size_t g = 0; g < h->group_count && status == CPLOT_STATUS_SUCCESS; g++) {
        group_t *group = &h->groups[g];
        if (!bin_alone)
            status = cplot_bins_recount(&shared, group->values, group->n, &group->bins);
        else if (group->has_range)
            status = cplot_bins_compute_in_range(group->values, group->n, &group->range, &options,
                                                 &group->bins);
        else
            status = cplot_bins_compute(group->values, group->n, &options, &group->bins);
        if (status != CPLOT_STATUS_SUCCESS && bin_alone && common_bins) /* the shared bins failed */
            return stats_failed(figure, status, "option \"bins\"");
        if (status != CPLOT_STATUS_SUCCESS)
            break;
        group->heights = cplot_alloc_array(group->bins.bin_count, sizeof(double));
        group->base = cplot_calloc_array(group->bins.bin_count, sizeof(double));
        if (!group->heights || !group->base) {
            status = CPLOT_STATUS_NO_MEMORY;
            break;
        }
        double fraction = h->hue && common_norm && total ? (double)group->n / (double)total : 1;
        status = cplot_histogram_heights(group->bins.counts, group->bins.edges, group->bins.bin_count,
                                         stat, cumulative, 0, fraction, group->heights);
        /* Means and medians only when a line shows them: the median sorts
         * the values, which for a million values costs more than binning. */
        group->mean = group->median = NAN;
        cplot_summary_t summary;
        if (status == CPLOT_STATUS_SUCCESS && cplot_chart_bool(chart, "mean_line") &&
            (status = cplot_summary_compute(group->values, group->n, 0.95, &summary)) ==
                CPLOT_STATUS_SUCCESS)
            group->mean = summary.mean;
        if (status == CPLOT_STATUS_SUCCESS && cplot_chart_bool(chart, "median_line"))
            status = cplot_median(group->values, group->n, &group->median);
        /* The KDE curve, scaled from density to the histogram's units
         * (seaborn scales by the group's count and the bin width). */
        if (status == CPLOT_STATUS_SUCCESS && cplot_chart_bool(chart, "kde") && group->n >= 2) {
            bool fitted;
            status = group_kde(group, common_bins, cumulative, &fitted);
            if (status == CPLOT_STATUS_LIMIT_EXCEEDED) {
                cplot_bins_release(&shared);
                char limit[32];
                cplot_limit_text(cplot_limit(CPLOT_LIMIT_KDE_EVALUATIONS), limit);
                return cplot_figure_fail(figure, status,
                                         "option \"kde\": a density of %zu values is beyond the limit of "
                                         "%s kernel evaluations (kde_evaluations)",
                                         group->n, limit);
            }
            if (fitted) {
                group->has_kde = true;
                double width = group->bins.bin_count
                                   ? (group->bins.edges[group->bins.edge_count - 1] - group->bins.edges[0]) /
                                         (double)group->bins.bin_count
                                   : 1;
                double n = (double)group->n;
                double share = h->hue && common_norm && total ? n / (double)total : 1;
                switch (stat) {
                case CPLOT_HISTOGRAM_STAT_COUNT: group->kde_scale = n * (cumulative ? 1 : width); break;
                case CPLOT_HISTOGRAM_STAT_FREQUENCY: group->kde_scale = share * n; break;
                case CPLOT_HISTOGRAM_STAT_PROBABILITY: group->kde_scale = share * (cumulative ? 1 : width); break;
                case CPLOT_HISTOGRAM_STAT_PERCENT: group->kde_scale = share * 100 * (cumulative ? 1 : width); break;
                case CPLOT_HISTOGRAM_STAT_DENSITY: default: group->kde_scale = share; break;
                }
            } else {
                cplot_kde_release(&group->kde);
            }
        }
    }
    cplot_bins_release(&shared);
    if (status != CPLOT_STATUS_SUCCESS)
        return stats_failed(figure, status, "computing the histogram");

    /* Stacks sit on the groups before them; fill turns each bin's stack
     * into shares of it. */
    if (h->multiple == STACK || h->multiple == FILL) {
        size_t bins = h->groups[0].bins.bin_count;
        for (size_t b = 0; b < bins; b++) {
            double sum = 0, total_height = 0;
            for (size_t g = 0; g < h->group_count; g++)
                total_height += h->groups[g].heights[b];
            for (size_t g = 0; g < h->group_count; g++) {
                double height = h->groups[g].heights[b];
                if (h->multiple == FILL)
                    height = total_height > 0 ? height / total_height : 0;
                h->groups[g].base[b] = sum;
                h->groups[g].heights[b] = height;
                sum += height;
            }
        }
    }
    if (h->mirror) {
        /* The second group grows downwards. */
        group_t *second = &h->groups[1];
        for (size_t b = 0; b < second->bins.bin_count; b++)
            second->heights[b] = -second->heights[b];
        second->kde_scale = -second->kde_scale;
    }
    return CPLOT_STATUS_SUCCESS;
}

static cplot_status_t histogram_prepare(cplot_figure_t *figure)
{
    histogram_t *h = calloc(1, sizeof *h);
    if (!h)
        return CPLOT_STATUS_NO_MEMORY;
    figure->kind_data = h;
    const cplot_chart_t *chart = figure->chart;
    const cplot_column_t *x, *y;
    cplot_status_t status;
    if ((status = cplot_figure_column(figure, "x", false, CPLOT_COLUMN_NUMERIC, &x)) ||
        (status = cplot_figure_column(figure, "y", false, CPLOT_COLUMN_NUMERIC, &y)) ||
        (status = cplot_figure_column(figure, "hue", false, CPLOT_COLUMN_CATEGORICAL, &h->hue)))
        return status;
    if (!x && !y)
        return cplot_figure_fail(figure, CPLOT_STATUS_MISSING_CHANNEL,
                                 "option \"x\" is required for histograms: name a numeric column "
                                 "(or \"y\" for horizontal bars)");
    if (x && y)
        return cplot_figure_fail(figure, CPLOT_STATUS_INVALID_VALUE,
                                 "a histogram counts one column: set \"x\" or \"y\", not both");
    h->column = x ? x : y;
    h->horizontal = !x;
    h->multiple = h->hue ? choice_index(cplot_chart_string(chart, "multiple"), multiple_choices) : LAYER;
    h->element = choice_index(cplot_chart_string(chart, "element"), element_choices);
    h->mirror = cplot_chart_bool(chart, "mirror");
    if (h->mirror && (!h->hue || h->hue->level_count != 2))
        return cplot_figure_fail(figure, CPLOT_STATUS_INVALID_VALUE,
                                 "option \"mirror\": needs a hue column with exactly two groups");
    double alpha = cplot_chart_number(chart, "alpha");
    h->alpha = !isnan(alpha) ? alpha : h->hue && h->multiple == LAYER && !h->mirror ? 0.5 : 1;
    const char *color = cplot_chart_string(chart, "color");
    if (!color || !cplot_color_parse(color, &h->color))
        h->color = cplot_palette_color(figure->palette, 0);
    if ((status = split_groups(figure, h)) || (status = compute(figure, h)))
        return status;

    cplot_axis_t *value_axis = h->horizontal ? &figure->y : &figure->x;
    cplot_axis_t *count_axis = h->horizontal ? &figure->x : &figure->y;
    value_axis->present = count_axis->present = true;
    value_axis->type = count_axis->type = CPLOT_SCALE_LINEAR;
    value_axis->title = h->column->name;
    const char *stat = cplot_chart_string(chart, "stat");
    count_axis->title = h->multiple == FILL ? "proportion" : stat;
    count_axis->sticky_zero = true;
    count_axis->absolute_labels = h->mirror; /* both sides count upwards */
    value_axis->data_min = INFINITY;
    value_axis->data_max = -INFINITY;
    count_axis->data_min = count_axis->data_max = 0;
    for (size_t g = 0; g < h->group_count; g++) {
        const group_t *group = &h->groups[g];
        const cplot_bins_t *bins = &group->bins;
        if (bins->edge_count < 2)
            continue;
        value_axis->data_min = fmin(value_axis->data_min, bins->edges[0]);
        value_axis->data_max = fmax(value_axis->data_max, bins->edges[bins->edge_count - 1]);
        for (size_t b = 0; b < bins->bin_count; b++) {
            double top = group->base[b] + group->heights[b];
            count_axis->data_min = fmin(count_axis->data_min, top);
            count_axis->data_max = fmax(count_axis->data_max, top);
        }
        if (group->has_kde)
            for (size_t i = 0; i < group->kde.count; i++) {
                double v = group->kde.density[i] * group->kde_scale;
                count_axis->data_min = fmin(count_axis->data_min, v);
                count_axis->data_max = fmax(count_axis->data_max, v);
            }
    }
    if (value_axis->data_min > value_axis->data_max)
        value_axis->data_min = 0, value_axis->data_max = 1;
    /* Mirrored groups have exactly two levels: the same legend. */
    if (h->hue)
        cplot_figure_add_hue_legend(figure, h->hue, CPLOT_MARKER_SQUARE, figure->font_size * 0.8, h->alpha);
    return CPLOT_STATUS_SUCCESS;
}

static cplot_rgba_t bin_color(const cplot_figure_t *figure, const histogram_t *h, const group_t *group,
                              double lo, double hi)
{
    cplot_rgba_t color = h->hue ? cplot_palette_color(figure->palette, group->hue) : h->color;
    double below = cplot_chart_number(figure->chart, "highlight_below");
    double above = cplot_chart_number(figure->chart, "highlight_above");
    if (isnan(below) && isnan(above))
        return color;
    bool inside = (!isnan(below) && hi <= below) || (!isnan(above) && lo >= above);
    if (inside)
        return color;
    cplot_rgba_t grey = figure->theme->grid;
    return (cplot_rgba_t){grey.r * 0.8 + 0.1, grey.g * 0.8 + 0.1, grey.b * 0.8 + 0.1, 1};
}

/* Pixel helpers: `along` is the value axis, `across` the count axis. */
static void point(const cplot_figure_t *figure, const histogram_t *h, double value, double count,
                  double *px, double *py)
{
    const cplot_scale_t *v = h->horizontal ? &figure->y.scale : &figure->x.scale;
    const cplot_scale_t *c = h->horizontal ? &figure->x.scale : &figure->y.scale;
    double a = cplot_scale_map(v, value), b = cplot_scale_map(c, count);
    *px = h->horizontal ? b : a;
    *py = h->horizontal ? a : b;
}

static void set_rgba(cairo_t *cr, cplot_rgba_t c, double alpha)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a * alpha);
}

static void draw_bars(cplot_figure_t *figure, cairo_t *cr, const histogram_t *h, const group_t *group,
                      size_t g)
{
    const cplot_bins_t *bins = &group->bins;
    double slots = h->multiple == DODGE ? (double)h->group_count : 1;
    for (size_t b = 0; b < bins->bin_count; b++) {
        double lo = bins->edges[b], hi = bins->edges[b + 1];
        double width = (hi - lo) / slots;
        double v0 = h->multiple == DODGE ? lo + width * (double)g : lo;
        double v1 = v0 + width;
        double x0, y0, x1, y1;
        point(figure, h, v0, group->base[b], &x0, &y0);
        point(figure, h, v1, group->base[b] + group->heights[b], &x1, &y1);
        if (group->heights[b] == 0)
            continue;
        cairo_rectangle(cr, fmin(x0, x1), fmin(y0, y1), fabs(x1 - x0), fabs(y1 - y0));
        set_rgba(cr, bin_color(figure, h, group, lo, hi), h->alpha);
        cairo_fill_preserve(cr);
        /* A hairline in the background colour keeps neighbouring bars
         * apart, as seaborn's white edges do. */
        cplot_rgba_t edge = figure->theme->background;
        cairo_set_source_rgba(cr, edge.r, edge.g, edge.b, 1);
        cairo_set_line_width(cr, 0.75);
        cairo_stroke(cr);
    }
}

static void trace_outline(cplot_figure_t *figure, cairo_t *cr, const histogram_t *h, const group_t *group,
                          bool closed)
{
    const cplot_bins_t *bins = &group->bins;
    double px, py;
    if (bins->bin_count == 0)
        return;
    point(figure, h, bins->edges[0], group->base[0], &px, &py);
    cairo_move_to(cr, px, py);
    for (size_t b = 0; b < bins->bin_count; b++) {
        double top = group->base[b] + group->heights[b];
        if (h->element == POLY) {
            point(figure, h, (bins->edges[b] + bins->edges[b + 1]) / 2, top, &px, &py);
            cairo_line_to(cr, px, py);
        } else {
            point(figure, h, bins->edges[b], top, &px, &py);
            cairo_line_to(cr, px, py);
            point(figure, h, bins->edges[b + 1], top, &px, &py);
            cairo_line_to(cr, px, py);
        }
    }
    point(figure, h, bins->edges[bins->bin_count], group->base[bins->bin_count - 1], &px, &py);
    cairo_line_to(cr, px, py);
    if (closed) {
        /* Back along the base (the stack below, or zero). */
        for (size_t b = bins->bin_count; b-- > 0;) {
            point(figure, h, bins->edges[b + 1], group->base[b], &px, &py);
            cairo_line_to(cr, px, py);
            point(figure, h, bins->edges[b], group->base[b], &px, &py);
            cairo_line_to(cr, px, py);
        }
        cairo_close_path(cr);
    }
}

static void histogram_draw(cplot_figure_t *figure, cairo_t *cr)
{
    const histogram_t *h = figure->kind_data;
    cairo_save(cr);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    for (size_t g = 0; g < h->group_count; g++) {
        const group_t *group = &h->groups[g];
        cplot_rgba_t color = h->hue ? cplot_palette_color(figure->palette, group->hue) : h->color;
        if (h->element == BARS) {
            draw_bars(figure, cr, h, group, g);
        } else {
            trace_outline(figure, cr, h, group, true);
            set_rgba(cr, color, h->alpha * 0.35);
            cairo_fill(cr);
            trace_outline(figure, cr, h, group, false);
            set_rgba(cr, color, 1);
            cairo_set_line_width(cr, 1.5);
            cairo_stroke(cr);
        }
    }
    /* KDE curves over the bars, in darker strokes of the group colour. */
    for (size_t g = 0; g < h->group_count; g++) {
        const group_t *group = &h->groups[g];
        if (!group->has_kde)
            continue;
        cplot_rgba_t color = h->hue ? cplot_palette_color(figure->palette, group->hue) : h->color;
        for (size_t i = 0; i < group->kde.count; i++) {
            double px, py;
            point(figure, h, group->kde.grid[i], group->kde.density[i] * group->kde_scale, &px, &py);
            if (i == 0)
                cairo_move_to(cr, px, py);
            else
                cairo_line_to(cr, px, py);
        }
        cairo_set_source_rgba(cr, color.r * 0.7, color.g * 0.7, color.b * 0.7, 1);
        cairo_set_line_width(cr, 2);
        cairo_stroke(cr);
    }
    /* Rug: one short tick per value along the value axis. */
    if (cplot_chart_bool(figure->chart, "rug")) {
        cplot_rect_t plot = figure->layout.plot;
        double length = figure->font_size * 0.6;
        cairo_set_line_width(cr, 1);
        for (size_t g = 0; g < h->group_count; g++) {
            const group_t *group = &h->groups[g];
            cplot_rgba_t color = h->hue ? cplot_palette_color(figure->palette, group->hue) : h->color;
            set_rgba(cr, color, 0.6);
            const cplot_scale_t *v = h->horizontal ? &figure->y.scale : &figure->x.scale;
            for (size_t i = 0; i < group->n; i++) {
                double p = cplot_scale_map(v, group->values[i]);
                if (h->horizontal) {
                    cairo_move_to(cr, plot.x, p);
                    cairo_line_to(cr, plot.x + length, p);
                } else {
                    cairo_move_to(cr, p, cplot_rect_bottom(plot));
                    cairo_line_to(cr, p, cplot_rect_bottom(plot) - length);
                }
            }
            cairo_stroke(cr);
        }
    }
    /* Mean and median lines (solid and dashed) across the plot. */
    cplot_rect_t plot = figure->layout.plot;
    const char *lines[] = {"mean_line", "median_line"};
    for (int k = 0; k < 2; k++) {
        if (!cplot_chart_bool(figure->chart, lines[k]))
            continue;
        for (size_t g = 0; g < h->group_count; g++) {
            const group_t *group = &h->groups[g];
            double value = k == 0 ? group->mean : group->median;
            if (!isfinite(value))
                continue;
            const cplot_scale_t *v = h->horizontal ? &figure->y.scale : &figure->x.scale;
            double p = cplot_scale_map(v, value);
            cplot_rgba_t color = h->hue ? cplot_palette_color(figure->palette, group->hue)
                                        : figure->theme->ink;
            cairo_set_source_rgba(cr, color.r * 0.8, color.g * 0.8, color.b * 0.8, 1);
            cairo_set_line_width(cr, 1.5);
            double dash[] = {6, 3};
            cairo_set_dash(cr, dash, k == 1 ? 2 : 0, 0);
            if (h->horizontal) {
                cairo_move_to(cr, plot.x, p);
                cairo_line_to(cr, cplot_rect_right(plot), p);
            } else {
                cairo_move_to(cr, p, plot.y);
                cairo_line_to(cr, p, cplot_rect_bottom(plot));
            }
            cairo_stroke(cr);
            cairo_set_dash(cr, NULL, 0, 0);
        }
    }
    cairo_restore(cr);
    for (size_t i = 0; i < h->line_label_count; i++)
        cplot_label_draw(cr, &figure->fonts, &h->line_labels[i]);
}

/* "mean 4,202" beside each mean or median line, at the top of the plot,
 * moved down when it would collide with one already placed. */
static cplot_status_t histogram_place(cplot_figure_t *figure)
{
    histogram_t *h = figure->kind_data;
    bool lines[2] = {cplot_chart_bool(figure->chart, "mean_line"),
                     cplot_chart_bool(figure->chart, "median_line")};
    if (!lines[0] && !lines[1])
        return CPLOT_STATUS_SUCCESS;
    h->line_labels = cplot_calloc_array(2 * h->group_count, sizeof(cplot_label_t));
    if (!h->line_labels)
        return CPLOT_STATUS_NO_MEMORY;
    cplot_rect_t plot = figure->layout.plot;
    cplot_text_style_t style = {cplot_tick_label_size(figure), false, figure->theme->ink};
    const cplot_scale_t *v = h->horizontal ? &figure->y.scale : &figure->x.scale;
    for (int k = 0; k < 2; k++) {
        for (size_t g = 0; lines[k] && g < h->group_count; g++) {
            const group_t *group = &h->groups[g];
            double value = k == 0 ? group->mean : group->median;
            if (!isfinite(value))
                continue;
            char number[CPLOT_LABEL_MAX], text[CPLOT_LABEL_MAX + 16];
            cplot_format_number(value, 4, number);
            snprintf(text, sizeof text, "%s %s", k == 0 ? "mean" : "median", number);
            cplot_label_t *label = &h->line_labels[h->line_label_count];
            cplot_status_t status = cplot_label_init(label, &figure->fonts, text, &style,
                                                     CPLOT_TEXT_NO_LIMIT, 0, 1);
            if (status != CPLOT_STATUS_SUCCESS)
                return status;
            cplot_label_rotate(label, 0, NULL, NULL);
            double p = cplot_scale_map(v, value), gap = figure->font_size * 0.3;
            cplot_rect_t box;
            if (h->horizontal)
                box = (cplot_rect_t){cplot_rect_right(plot) - label->width - gap, p - label->height - gap,
                                     label->width, label->height};
            else
                box = (cplot_rect_t){p + gap, plot.y + gap, label->width, label->height};
            if (!h->horizontal && cplot_rect_right(box) > cplot_rect_right(plot))
                box.x = p - gap - label->width;
            bool clear = false;
            for (int attempt = 0; attempt < 8 && !clear; attempt++) {
                clear = cplot_rect_contains(plot, box, 0);
                /* Keep a gap between labels, not just no overlap. */
                cplot_rect_t padded = {box.x - gap, box.y - gap, box.width + 2 * gap, box.height + 2 * gap};
                for (size_t j = 0; clear && j < h->line_label_count; j++)
                    clear = !cplot_rect_intersects(padded, h->line_labels[j].box);
                if (!clear)
                    box.y += label->height + gap;
            }
            if (!clear) {
                cplot_label_release(label);
                continue;
            }
            cplot_label_place(label, box.x, box.y);
            h->line_label_count++;
        }
    }
    return CPLOT_STATUS_SUCCESS;
}

static size_t histogram_labels(const cplot_figure_t *figure, const cplot_label_t **labels, size_t max)
{
    const histogram_t *h = figure->kind_data;
    for (size_t i = 0; i < h->line_label_count && i < max; i++)
        labels[i] = &h->line_labels[i];
    return h->line_label_count;
}

static cJSON *numbers(const double *values, size_t count, double scale)
{
    cJSON *array = cJSON_CreateArray();
    for (size_t i = 0; i < count; i++) {
        double v = values[i] * scale;
        cJSON_AddItemToArray(array, cplot_json_number(v));
    }
    return array;
}

static void histogram_inspect(const cplot_figure_t *figure, cJSON *layers)
{
    const histogram_t *h = figure->kind_data;
    for (size_t g = 0; g < h->group_count; g++) {
        const group_t *group = &h->groups[g];
        cJSON *layer = cJSON_CreateObject();
        cJSON_AddItemToArray(layers, layer);
        cJSON_AddStringToObject(layer, "mark", "histogram");
        if (group->name)
            cJSON_AddStringToObject(layer, "group", group->name);
        else
            cJSON_AddNullToObject(layer, "group");
        cJSON_AddItemToObject(layer, "n", cplot_json_number((double)group->n));
        cJSON_AddItemToObject(layer, "edges", numbers(group->bins.edges, group->bins.edge_count, 1));
        cJSON_AddItemToObject(layer, "counts", numbers(group->bins.counts, group->bins.bin_count, 1));
        double sign = h->mirror && g == 1 ? -1 : 1;
        cJSON_AddItemToObject(layer, "values", numbers(group->heights, group->bins.bin_count, sign));
        if (h->multiple == STACK || h->multiple == FILL)
            cJSON_AddItemToObject(layer, "base", numbers(group->base, group->bins.bin_count, 1));
        cJSON_AddItemToObject(layer, "outside", cplot_json_number((double)group->bins.outside));
        if (!isnan(group->mean))
            cJSON_AddItemToObject(layer, "mean", cplot_json_number(group->mean));
        if (!isnan(group->median))
            cJSON_AddItemToObject(layer, "median", cplot_json_number(group->median));
        if (group->has_kde) {
            cJSON *kde = cJSON_AddObjectToObject(layer, "kde");
            cJSON_AddItemToObject(kde, "bandwidth", cplot_json_number(group->kde.bandwidth));
            cJSON_AddItemToObject(kde, "grid", numbers(group->kde.grid, group->kde.count, 1));
            cJSON_AddItemToObject(kde, "density", numbers(group->kde.density, group->kde.count, 1));
            cJSON_AddItemToObject(kde, "scale", cplot_json_number(group->kde_scale * sign));
        }
    }
    cJSON *dropped = cJSON_CreateObject();
    cJSON_AddStringToObject(dropped, "mark", "dropped");
    cJSON_AddItemToObject(dropped, "non_finite", cplot_json_number((double)h->nonfinite));
    cJSON_AddItemToArray(layers, dropped);
}

static void histogram_release(cplot_figure_t *figure)
{
    histogram_t *h = figure->kind_data;
    if (h) {
        for (size_t g = 0; g < h->group_count && h->groups; g++) {
            group_t *group = &h->groups[g];
            free(group->owned_values);
            free(group->heights);
            free(group->base);
            cplot_bins_release(&group->bins);
            cplot_kde_release(&group->kde);
        }
        free(h->groups);
        for (size_t i = 0; i < h->line_label_count; i++)
            cplot_label_release(&h->line_labels[i]);
        free(h->line_labels);
    }
    free(h);
    figure->kind_data = NULL;
}

const cplot_kind_class_t cplot_histogram_class = {
    .kind = CPLOT_KIND_HISTOGRAM,
    .name = "histogram",
    .options = histogram_options,
    .option_count = sizeof histogram_options / sizeof histogram_options[0],
    .prepare = histogram_prepare,
    .draw = histogram_draw,
    .release = histogram_release,
    .inspect = histogram_inspect,
    .place = histogram_place,
    .labels = histogram_labels,
};
