/* Scatter plots: points at (x, y), coloured by a hue column, sized by a
 * size column, with one marker shape. Bubble charts are scatter plots with
 * a size channel. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "figure-private.h"
#include "memory-private.h"
#include "parallel-private.h"
#include "png-private.h"
#include "stamp-private.h"
#include "stats-private.h"

static const char *const scale_choices[] = {"linear", "log", NULL};

#define NO_RANGE -INFINITY, INFINITY

static const cplot_option_info_t scatter_options[] = {
    {"x", CPLOT_VALUE_COLUMN, "null", NULL, NO_RANGE, "channel",
     "Column for the horizontal position: numeric, or categorical for one column of points per category."},
    {"y", CPLOT_VALUE_COLUMN, "null", NULL, NO_RANGE, "channel",
     "Column for the vertical position: numeric or categorical."},
    {"hue", CPLOT_VALUE_COLUMN, "null", NULL, NO_RANGE, "channel",
     "Column that colours the points: categories get palette colours and a legend, numbers the colour map and a colour bar."},
    {"size", CPLOT_VALUE_COLUMN, "null", NULL, NO_RANGE, "channel",
     "Numeric column mapped to marker area (a bubble chart), with a size legend."},
    {"label", CPLOT_VALUE_COLUMN, "null", NULL, NO_RANGE, "channel",
     "Column whose text labels the points; labels that would overlap other labels or points are left out."},
    {"x_scale", CPLOT_VALUE_STRING, "\"linear\"", scale_choices, NO_RANGE, "axes",
     "Horizontal scale for a numeric x: linear or log (base 10; values <= 0 are left out)."},
    {"y_scale", CPLOT_VALUE_STRING, "\"linear\"", scale_choices, NO_RANGE, "axes",
     "Vertical scale for a numeric y: linear or log."},
    {"marker", CPLOT_VALUE_STRING, "\"circle\"", cplot_marker_names, NO_RANGE, "marks",
     "Marker shape."},
    {"point_size", CPLOT_VALUE_NUMBER, "7", NULL, 0.5, 100, "marks",
     "Marker diameter in pixels when no size column is given."},
    {"size_range", CPLOT_VALUE_NUMBERS, "[4, 24]", NULL, 0.5, 200, "marks",
     "Smallest and largest marker diameter for the size column; areas grow linearly with the value."},
    {"alpha", CPLOT_VALUE_NUMBER, "0.8", NULL, 0, 1, "marks",
     "Marker opacity, from 0 (invisible) to 1; lower it when points overlap."},
    {"color", CPLOT_VALUE_COLOR, "null", NULL, NO_RANGE, "marks",
     "Marker colour when there is no hue; defaults to the palette's first colour."},
    {"regression", CPLOT_VALUE_BOOL, "false", NULL, NO_RANGE, "statistics",
     "Draw the least-squares line (one per hue group) over the x range of its points."},
    {"ci", CPLOT_VALUE_NUMBER, "95", NULL, 1, 99.9, "statistics",
     "Confidence level of the band around the regression line, in percent (the band of the mean response, t-based); null hides the band."},
    {"jitter", CPLOT_VALUE_NUMBER, "0.2", NULL, 0, 0.9, "marks",
     "On a categorical axis, spread the points over this fraction of the category's band so they do not hide each other (seaborn's stripplot); 0 for none."},
    {"edge_width", CPLOT_VALUE_NUMBER, "0.6", NULL, 0, 5, "marks",
     "Width of the outline in the background colour that separates touching markers; 0 for none."},
};

#define MAX_POINT_LABELS 500

typedef struct fit {
    const char *group;
    size_t hue;
    bool ok;
    cplot_regression_t regression;
    cplot_regression_band_t band;
} fit_t;

typedef struct scatter {
    fit_t *fits;
    size_t fit_count;
    const cplot_column_t *x, *y, *hue, *size, *label;
    cplot_label_t *point_labels;
    size_t point_label_count;
    size_t labels_hidden;
    cplot_marker_t marker;
    double jitter; /* fraction of a band, categorical axes only */
    double size_min, size_max; /* the size column's finite range */
    double diameter_min, diameter_max;
    cplot_rgba_t color;
} scatter_t;

/* Marker diameter for a size value: area linear in the value. */
static double diameter_for(const scatter_t *s, double value)
{
    if (!s->size || !isfinite(value))
        return s->diameter_min;
    double t = s->size_max > s->size_min ? (value - s->size_min) / (s->size_max - s->size_min) : 0.5;
    double a0 = s->diameter_min * s->diameter_min, a1 = s->diameter_max * s->diameter_max;
    return sqrt(a0 + t * (a1 - a0));
}

static cplot_status_t add_hue_legend(cplot_figure_t *figure, scatter_t *s)
{
    const cplot_column_t *hue = s->hue;
    if (hue->type == CPLOT_COLUMN_NUMERIC) {
        cplot_legend_block_t *bar = cplot_figure_add_legend(figure, CPLOT_LEGEND_COLORBAR, hue->name);
        bar->colormap = figure->colormap;
        double lo = INFINITY, hi = -INFINITY;
        for (size_t row = 0; row < figure->table->row_count; row++) {
            double v = hue->numbers[row];
            if (isfinite(v)) {
                lo = fmin(lo, v);
                hi = fmax(hi, v);
            }
        }
        if (lo > hi)
            lo = 0, hi = 1;
        bar->domain_min = lo;
        bar->domain_max = hi;
        return CPLOT_STATUS_SUCCESS;
    }
    cplot_legend_block_t *block = cplot_figure_add_legend(figure, CPLOT_LEGEND_COLORS, hue->name);
    block->marker = s->marker;
    size_t count = hue->level_count;
    for (size_t i = 0; i < count && i < CPLOT_LEGEND_MAX_ITEMS; i++) {
        block->item_texts[i] = hue->levels[i];
        block->items[i].color = cplot_palette_color(figure->palette, i);
        /* With a size channel the points' own sizes mean values; the
         * colour swatches use one readable size instead. */
        block->items[i].size = s->size ? figure->font_size * 0.75
                                       : fmin(fmax(s->diameter_min, 6), figure->font_size);
        block->item_count++;
    }
    if (count > CPLOT_LEGEND_MAX_ITEMS)
        block->hidden_count = count - CPLOT_LEGEND_MAX_ITEMS;
    return CPLOT_STATUS_SUCCESS;
}

static void add_size_legend(cplot_figure_t *figure, scatter_t *s)
{
    cplot_legend_block_t *block = cplot_figure_add_legend(figure, CPLOT_LEGEND_SIZES, s->size->name);
    block->marker = s->marker;
    cplot_ticks_t ticks;
    size_t n = 0;
    double values[CPLOT_MAX_TICKS];
    if (s->size_max > s->size_min && cplot_ticks_extended(s->size_min, s->size_max, 4, &ticks)) {
        for (size_t i = 0; i < ticks.count; i++)
            if (ticks.values[i] >= s->size_min && ticks.values[i] <= s->size_max)
                values[n++] = ticks.values[i];
    }
    if (n == 0)
        values[n++] = s->size_min;
    char (*texts)[CPLOT_LABEL_MAX] = block->item_storage;
    cplot_format_linear_ticks(values, n, texts);
    cplot_rgba_t ink = s->hue ? figure->theme->muted_ink : s->color;
    for (size_t i = 0; i < n && i < CPLOT_LEGEND_MAX_ITEMS; i++) {
        block->item_texts[i] = texts[i];
        block->items[i].color = ink;
        block->items[i].size = diameter_for(s, values[i]);
        block->item_count++;
    }
}

/* Least-squares lines: one per hue category (or one for all points), on
 * the rows the chart draws, with a t-based band of the mean response. */
static cplot_status_t fit_lines(cplot_figure_t *figure, scatter_t *s)
{
    if (s->x->type != CPLOT_COLUMN_NUMERIC || s->y->type != CPLOT_COLUMN_NUMERIC)
        return cplot_figure_fail(figure, CPLOT_STATUS_COLUMN_TYPE,
                                 "option \"regression\": x and y must both be numeric");
    const cplot_chart_t *chart = figure->chart;
    bool by_group = s->hue && s->hue->type == CPLOT_COLUMN_CATEGORICAL;
    s->fit_count = by_group ? s->hue->level_count : 1;
    s->fits = cplot_calloc_array(s->fit_count, sizeof *s->fits);
    size_t rows = figure->table->row_count;
    double *xs = cplot_alloc_array(rows, sizeof(double)), *ys = cplot_alloc_array(rows, sizeof(double));
    if (!s->fits || !xs || !ys) {
        free(xs), free(ys);
        return CPLOT_STATUS_NO_MEMORY;
    }
    double ci = cplot_chart_number(chart, "ci");
    double level = isnan(ci) ? 0.95 : ci / 100;
    bool log_x = figure->x.type == CPLOT_SCALE_LOG, log_y = figure->y.type == CPLOT_SCALE_LOG;
    cplot_status_t status = CPLOT_STATUS_SUCCESS;
    for (size_t g = 0; g < s->fit_count && status == CPLOT_STATUS_SUCCESS; g++) {
        fit_t *fit = &s->fits[g];
        fit->group = by_group ? s->hue->levels[g] : NULL;
        fit->hue = g;
        size_t n = 0;
        for (size_t row = 0; row < rows; row++) {
            if (by_group && s->hue->codes[row] != (int)g)
                continue;
            double x = s->x->numbers[row], y = s->y->numbers[row];
            /* On log axes a straight line is fitted in log space, where it
             * is drawn straight. */
            if ((log_x && !(x > 0)) || (log_y && !(y > 0)))
                continue;
            xs[n] = log_x ? log10(x) : x;
            ys[n] = log_y ? log10(y) : y;
            n++;
        }
        cplot_status_t fitted = cplot_regression_fit(xs, ys, n, level, &fit->regression);
        if (fitted == CPLOT_STATUS_NO_MEMORY)
            status = fitted;
        fit->ok = fitted == CPLOT_STATUS_SUCCESS;
        if (fit->ok)
            status = cplot_regression_band(&fit->regression, fit->regression.x_min,
                                           fit->regression.x_max, 100, &fit->band);
    }
    free(xs);
    free(ys);
    return status;
}

static cplot_status_t scatter_prepare(cplot_figure_t *figure)
{
    scatter_t *s = calloc(1, sizeof *s);
    if (!s)
        return CPLOT_STATUS_NO_MEMORY;
    figure->kind_data = s;
    cplot_chart_t *chart = figure->chart;
    cplot_status_t status;
    if ((status = cplot_figure_column(figure, "x", true, -1, &s->x)) ||
        (status = cplot_figure_column(figure, "y", true, -1, &s->y)) ||
        (status = cplot_figure_column(figure, "hue", false, -1, &s->hue)) ||
        (status = cplot_figure_column(figure, "size", false, CPLOT_COLUMN_NUMERIC, &s->size)) ||
        (status = cplot_figure_column(figure, "label", false, -1, &s->label)))
        return status;
    cplot_marker_from_name(cplot_chart_string(chart, "marker"), &s->marker);
    s->jitter = cplot_chart_number(chart, "jitter");
    const cplot_value_t *range = cplot_chart_value(chart, "size_range");
    if (s->size) {
        if (range->count != 2 || range->numbers[0] <= 0 || range->numbers[1] < range->numbers[0])
            return cplot_figure_fail(figure, CPLOT_STATUS_INVALID_VALUE,
                                     "option \"size_range\": expected two diameters [smallest, "
                                     "largest] with 0 < smallest <= largest");
        s->diameter_min = range->numbers[0];
        s->diameter_max = range->numbers[1];
        s->size_min = INFINITY;
        s->size_max = -INFINITY;
        for (size_t row = 0; row < figure->table->row_count; row++) {
            double v = s->size->numbers[row];
            if (isfinite(v)) {
                s->size_min = fmin(s->size_min, v);
                s->size_max = fmax(s->size_max, v);
            }
        }
        if (s->size_min > s->size_max)
            s->size_min = s->size_max = 0;
    } else {
        s->diameter_min = s->diameter_max = cplot_chart_number(chart, "point_size");
    }
    const char *color = cplot_chart_string(chart, "color");
    if (!color || !cplot_color_parse(color, &s->color))
        s->color = cplot_palette_color(figure->palette, 0);

    if ((status = cplot_figure_axis_from_column(figure, &figure->x, "x_scale", s->x)) ||
        (status = cplot_figure_axis_from_column(figure, &figure->y, "y_scale", s->y)))
        return status;
    if (s->hue && (status = add_hue_legend(figure, s)))
        return status;
    if (cplot_chart_bool(chart, "regression") && (status = fit_lines(figure, s)))
        return status;
    if (s->size)
        add_size_legend(figure, s);
    return CPLOT_STATUS_SUCCESS;
}

/* A fixed pseudo-random number in [-0.5, 0.5) for a row and an axis:
 * jitter must be the same on every render (byte-identical output). */
static double jitter_of(size_t row, unsigned axis)
{
    uint64_t z = (uint64_t)row * 0x9E3779B97F4A7C15ull + axis * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return (double)(z >> 11) / 9007199254740992.0 - 0.5;
}

static double position(const cplot_axis_t *axis, const cplot_column_t *column, size_t row,
                       double jitter)
{
    if (column->type == CPLOT_COLUMN_CATEGORICAL) {
        int code = column->codes[row];
        if (code < 0)
            return NAN;
        double spread = jitter * cplot_scale_band_step(&axis->scale);
        return cplot_scale_map(&axis->scale, code) + spread * jitter_of(row, axis->scale.range_start < axis->scale.range_end);
    }
    return cplot_scale_map(&axis->scale, column->numbers[row]);
}

static void fit_point(const cplot_figure_t *figure, double x, double y, double *px, double *py)
{
    /* Fits on log axes live in log space. */
    *px = cplot_scale_map(&figure->x.scale, figure->x.type == CPLOT_SCALE_LOG ? pow(10, x) : x);
    *py = cplot_scale_map(&figure->y.scale, figure->y.type == CPLOT_SCALE_LOG ? pow(10, y) : y);
}

static void draw_fits(cplot_figure_t *figure, cairo_t *cr, const scatter_t *s)
{
    bool band = !isnan(cplot_chart_number(figure->chart, "ci"));
    for (size_t g = 0; g < s->fit_count; g++) {
        const fit_t *fit = &s->fits[g];
        if (!fit->ok || fit->band.count < 2)
            continue;
        cplot_rgba_t color = s->fit_count > 1 || (s->hue && s->hue->type == CPLOT_COLUMN_CATEGORICAL)
                                 ? cplot_palette_color(figure->palette, fit->hue)
                                 : s->color;
        double px, py;
        if (band) {
            for (size_t i = 0; i < fit->band.count; i++) {
                fit_point(figure, fit->band.x[i], fit->band.upper[i], &px, &py);
                if (i == 0)
                    cairo_move_to(cr, px, py);
                else
                    cairo_line_to(cr, px, py);
            }
            for (size_t i = fit->band.count; i-- > 0;) {
                fit_point(figure, fit->band.x[i], fit->band.lower[i], &px, &py);
                cairo_line_to(cr, px, py);
            }
            cairo_close_path(cr);
            cairo_set_source_rgba(cr, color.r, color.g, color.b, 0.2);
            cairo_fill(cr);
        }
        for (size_t i = 0; i < fit->band.count; i++) {
            fit_point(figure, fit->band.x[i], fit->band.fitted[i], &px, &py);
            if (i == 0)
                cairo_move_to(cr, px, py);
            else
                cairo_line_to(cr, px, py);
        }
        /* A darker shade of the points' colour, so the line reads on top. */
        cairo_set_source_rgba(cr, color.r * 0.75, color.g * 0.75, color.b * 0.75, 1);
        cairo_set_line_width(cr, 2);
        cairo_stroke(cr);
    }
}

static void draw_points(cplot_figure_t *figure, cairo_t *cr);

/* Beyond this many points, SVG and PDF get the points as one embedded
 * image (matplotlib's rasterized=True): 100,000 circles as paths made a
 * 40 MB SVG that no browser opens quickly. Axes and text stay vectors. */
#define MAX_VECTOR_POINTS 5000
#define RASTER_SCALE 2.0 /* embedded image pixels per CSS pixel */

/* cairo's SVG surface embeds an image as a PNG it encodes with libpng at
 * zlib's default level, unless the image carries PNG bytes as its mime
 * data, which it then embeds as they are: ours, from the library's own
 * encoder, took a fraction of the time (the same pixels). PDF deflates
 * the pixels itself, so only SVG gets them. Without memory for them,
 * cairo encodes as before. */
static void attach_png(cairo_surface_t *layer)
{
    cplot_buffer_t png = {0};
    if (cplot_png_write_buffer(layer, CPLOT_PNG_FAST, 0, &png) != CPLOT_STATUS_SUCCESS)
        return;
    if (cairo_surface_set_mime_data(layer, CAIRO_MIME_TYPE_PNG, (unsigned char *)png.data, png.size,
                                    free, png.data) != CAIRO_STATUS_SUCCESS)
        cplot_buffer_release(&png); /* cairo takes the bytes only on success */
}

static void scatter_draw(cplot_figure_t *figure, cairo_t *cr)
{
    cairo_surface_type_t type = cairo_surface_get_type(cairo_get_target(cr));
    if (type == CAIRO_SURFACE_TYPE_IMAGE || figure->table->row_count <= MAX_VECTOR_POINTS) {
        draw_points(figure, cr);
        return;
    }
    cplot_rect_t plot = figure->layout.plot;
    int width = (int)ceil(plot.width * RASTER_SCALE),
        height = (int)ceil(plot.height * RASTER_SCALE);
    cairo_surface_t *layer = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
    cairo_t *layer_cr = cairo_create(layer);
    cairo_scale(layer_cr, RASTER_SCALE, RASTER_SCALE);
    cairo_translate(layer_cr, -plot.x, -plot.y);
    draw_points(figure, layer_cr);
    cairo_destroy(layer_cr);
    if (type == CAIRO_SURFACE_TYPE_SVG && cairo_surface_status(layer) == CAIRO_STATUS_SUCCESS)
        attach_png(layer);
    if (cairo_surface_status(layer) == CAIRO_STATUS_SUCCESS) {
        cairo_save(cr);
        cairo_translate(cr, plot.x, plot.y);
        cairo_scale(cr, 1 / RASTER_SCALE, 1 / RASTER_SCALE);
        cairo_set_source_surface(cr, layer, 0, 0);
        cairo_paint(cr);
        cairo_restore(cr);
    } else {
        draw_points(figure, cr); /* no memory for the image: paths, slowly */
    }
    cairo_surface_destroy(layer);
}

/* Points' plot positions are mapped a chunk of rows at a time, on threads,
 * and then drawn in row order: mapping was a third of the work that is
 * not blending for a stamped point. Stamped points are also put in the
 * stamper's batch there (where each lands, which stamp), which on the
 * caller alone had become the longest serial step of a large scatter.
 * Each position and slot is the same call on the same row whichever
 * thread makes it. The tasks that map a chunk also blend the batch of the
 * chunk before, so the threads meet once per chunk. */
#define POSITION_CHUNK 65536
#define SMALL_CHUNK 256             /* on the stack, without memory for a chunk */
#define MIN_POSITIONS_PER_TASK 4096 /* about 50 µs */

typedef struct positions {
    const cplot_figure_t *figure;
    const scatter_t *s;
    size_t first, count, tasks; /* rows [first, first + count) are mapped */
    size_t chunk;               /* rows x and y hold */
    double *x, *y;
    cplot_stamper_t *stamper; /* the rows' points are put in its batch, or NULL */
    const int *styles;        /* the stamper's style for each hue group */
    size_t strips;            /* of the stamper's sealed batch, blended by the first tasks */
    double small_x[SMALL_CHUNK], small_y[SMALL_CHUNK];
} positions_t;

static void positions_init(positions_t *p, const cplot_figure_t *figure)
{
    size_t rows = figure->table->row_count;
    p->figure = figure;
    p->s = figure->kind_data;
    p->first = p->count = 0;
    p->stamper = NULL;
    p->styles = NULL;
    p->strips = 0;
    p->chunk = rows < POSITION_CHUNK ? rows : POSITION_CHUNK;
    p->x = p->chunk > SMALL_CHUNK ? malloc(p->chunk * sizeof(double)) : NULL;
    p->y = p->chunk > SMALL_CHUNK ? malloc(p->chunk * sizeof(double)) : NULL;
    if (!p->x || !p->y) {
        free(p->x), free(p->y);
        p->x = p->small_x, p->y = p->small_y;
        p->chunk = SMALL_CHUNK;
    }
}

static void positions_free(positions_t *p)
{
    if (p->x != p->small_x) {
        free(p->x);
        free(p->y);
    }
}

#define NOT_DRAWN -2 /* row_style of a point with no group: it belongs to no colour */

/* The stamper's style for row `first + i`, or NOT_DRAWN. */
static int row_style(const positions_t *p, size_t i)
{
    if (!p->s->hue)
        return 0;
    int group = p->s->hue->codes[p->first + i];
    return group < 0 ? NOT_DRAWN : p->styles[group];
}

/* Puts rows [first + begin, first + end) in their slots of the stamper's
 * batch, a run of rows of one style at a time (stamped markers differ
 * only by hue group). */
static void put_points(const positions_t *p, size_t begin, size_t end)
{
    while (begin < end) {
        int style = row_style(p, begin);
        size_t run_end = begin + 1;
        while (run_end < end && row_style(p, run_end) == style)
            run_end++;
        if (style == NOT_DRAWN)
            cplot_stamper_skip(p->stamper, begin, run_end - begin);
        else
            cplot_stamper_put(p->stamper, begin, run_end - begin, p->x + begin, p->y + begin,
                              style);
        begin = run_end;
    }
}

/* Positions along `axis` of rows [first + begin, first + end) into
 * out[begin, end). */
static void map_column(const positions_t *p, const cplot_axis_t *axis, const cplot_column_t *column,
                       size_t begin, size_t end, double *out)
{
    if (column->type == CPLOT_COLUMN_NUMERIC) {
        cplot_scale_map_many(&axis->scale, column->numbers + p->first + begin, end - begin,
                             out + begin);
        return;
    }
    for (size_t i = begin; i < end; i++)
        out[i] = position(axis, column, p->first + i, p->s->jitter);
}

/* Task `index`: a strip of the sealed batch, then a part of the chunk. */
static void blend_or_map(void *context, size_t index)
{
    positions_t *p = context;
    if (index < p->strips) {
        cplot_stamper_blend_strip(p->stamper, index);
        return;
    }
    index -= p->strips;
    size_t begin = cplot_parallel_part_start(p->count, p->tasks, index);
    size_t end = cplot_parallel_part_start(p->count, p->tasks, index + 1);
    map_column(p, &p->figure->x, p->s->x, begin, end, p->x);
    map_column(p, &p->figure->y, p->s->y, begin, end, p->y);
    if (p->stamper)
        put_points(p, begin, end);
}

static void map_chunk(positions_t *p, size_t first)
{
    size_t rows = p->figure->table->row_count - first;
    p->first = first;
    p->count = rows < p->chunk ? rows : p->chunk;
    p->tasks = cplot_parallel_tasks(p->count, MIN_POSITIONS_PER_TASK);
    cplot_parallel_run(p->strips + p->tasks, blend_or_map, p);
}

/* Row `row`'s position; rows are asked for in increasing order. */
static inline void row_position(positions_t *p, size_t row, double *px, double *py)
{
    if (row >= p->first + p->count)
        map_chunk(p, row);
    *px = p->x[row - p->first];
    *py = p->y[row - p->first];
}

/* How every point is drawn, read once per draw. */
typedef struct point_style {
    double alpha, edge;
    bool stroked;
    cplot_rgba_t edge_color;
} point_style_t;

/* The stamper's style for each hue group (one style without a hue), or
 * NULL without memory. */
static int *add_styles(const cplot_figure_t *figure, cplot_stamper_t *stamper,
                       const point_style_t *style)
{
    const scatter_t *s = figure->kind_data;
    size_t groups = s->hue ? s->hue->level_count : 1;
    int *styles = cplot_alloc_array(groups ? groups : 1, sizeof *styles);
    for (size_t group = 0; styles && group < groups; group++) {
        cplot_rgba_t color = s->hue ? cplot_palette_color(figure->palette, group) : s->color;
        cplot_rgba_t fill = {color.r, color.g, color.b, color.a * style->alpha};
        cplot_rgba_t outline = {style->edge_color.r, style->edge_color.g, style->edge_color.b,
                                style->alpha};
        styles[group] = cplot_stamper_add_style(stamper, s->marker, s->diameter_min, fill,
                                                style->stroked ? 0 : style->edge, outline);
    }
    return styles;
}

/* Stamps the points in row order (few distinct markers: one size, no
 * colour map), a chunk of rows at a time. Returns the row at which
 * stamping stopped for want of stamps or memory, from which paths take
 * over (its chunk stays mapped), or the row count. */
static size_t stamp_points(const cplot_figure_t *figure, cplot_stamper_t *stamper,
                           positions_t *positions, const point_style_t *style)
{
    size_t rows = figure->table->row_count;
    int *styles = add_styles(figure, stamper, style);
    if (!styles)
        return 0;
    positions->chunk = cplot_stamper_reserve(stamper, positions->chunk);
    positions->stamper = stamper;
    positions->styles = styles;
    map_chunk(positions, 0);
    size_t row = 0;
    for (;;) {
        size_t count = positions->count, stamped = cplot_stamper_seal(stamper, count);
        positions->strips = cplot_stamper_strips(stamper);
        if (stamped == count && row + count < rows)
            map_chunk(positions, row + count); /* blending this batch meanwhile */
        else
            cplot_parallel_run(positions->strips, blend_or_map, positions); /* blending only */
        positions->strips = 0;
        row += stamped;
        if (stamped < count || row >= rows)
            break;
    }
    positions->stamper = NULL;
    positions->styles = NULL;
    free(styles);
    return row;
}

static void draw_points(cplot_figure_t *figure, cairo_t *cr)
{
    const scatter_t *s = figure->kind_data;
    point_style_t style = {cplot_chart_number(figure->chart, "alpha"),
                           cplot_chart_number(figure->chart, "edge_width"),
                           cplot_marker_is_stroked(s->marker), figure->theme->marker_edge};
    const cplot_legend_block_t *bar = NULL;
    for (size_t i = 0; i < figure->legend_count; i++)
        if (figure->legends[i].kind == CPLOT_LEGEND_COLORBAR)
            bar = &figure->legends[i];

    cairo_save(cr);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    positions_t positions;
    positions_init(&positions, figure);
    /* Raster output with few distinct markers (one size, palette colours)
     * stamps pre-rendered markers; sizes and colour maps vary per point,
     * and vector output keeps paths. */
    bool few_markers = !s->size && !(s->hue && s->hue->type == CPLOT_COLUMN_NUMERIC);
    cplot_stamper_t *stamper = few_markers ? cplot_stamper_create(cr, figure->layout.plot) : NULL;
    size_t first_path = 0;
    if (stamper) {
        first_path = stamp_points(figure, stamper, &positions, &style);
        /* Blended before any path is drawn over them. */
        cplot_stamper_destroy(stamper);
    }
    /* Row order, like matplotlib: later rows are drawn over earlier ones. */
    for (size_t row = first_path; row < figure->table->row_count; row++) {
        double px, py;
        row_position(&positions, row, &px, &py);
        if (!isfinite(px) || !isfinite(py))
            continue;
        cplot_rgba_t color = s->color;
        if (s->hue && s->hue->type == CPLOT_COLUMN_CATEGORICAL) {
            int code = s->hue->codes[row];
            if (code < 0)
                continue; /* a point with no group belongs to no colour */
            color = cplot_palette_color(figure->palette, (size_t)code);
        } else if (s->hue && bar) {
            double v = s->hue->numbers[row];
            if (!isfinite(v))
                continue;
            double span = bar->domain_max - bar->domain_min;
            color = cplot_colormap_sample(bar->colormap, span > 0 ? (v - bar->domain_min) / span : 0.5);
        }
        double diameter = s->diameter_min;
        if (s->size) {
            double v = s->size->numbers[row];
            if (!isfinite(v))
                continue;
            diameter = diameter_for(s, v);
        }
        cplot_marker_path(cr, s->marker, px, py, diameter);
        cairo_set_source_rgba(cr, color.r, color.g, color.b, color.a * style.alpha);
        if (style.stroked) {
            cairo_set_line_width(cr, fmax(1, diameter / 6));
            cairo_stroke(cr);
        } else if (style.edge > 0) {
            cairo_fill_preserve(cr);
            cairo_set_line_width(cr, style.edge);
            cairo_set_source_rgba(cr, style.edge_color.r, style.edge_color.g, style.edge_color.b,
                                  style.alpha);
            cairo_stroke(cr);
        } else {
            cairo_fill(cr);
        }
    }
    positions_free(&positions);
    cairo_restore(cr);
    draw_fits(figure, cr, s);
    for (size_t i = 0; i < s->point_label_count; i++)
        cplot_label_draw(cr, &figure->fonts, &s->point_labels[i]);
}

/* The diameter a row's marker is drawn with, or NaN when it is not drawn. */
static double row_diameter(const cplot_figure_t *figure, const scatter_t *s, size_t row)
{
    if (s->hue && (s->hue->type == CPLOT_COLUMN_CATEGORICAL ? s->hue->codes[row] < 0
                                                            : !isfinite(s->hue->numbers[row])))
        return NAN;
    (void)figure;
    if (!s->size)
        return s->diameter_min;
    double v = s->size->numbers[row];
    return isfinite(v) ? diameter_for(s, v) : NAN;
}

static bool box_hits_circle(cplot_rect_t box, double cx, double cy, double r)
{
    double nx = fmax(box.x, fmin(cx, cplot_rect_right(box)));
    double ny = fmax(box.y, fmin(cy, cplot_rect_bottom(box)));
    return (nx - cx) * (nx - cx) + (ny - cy) * (ny - cy) < r * r;
}

/* Greedy label placement: each label tries eight spots around its point
 * (right first, as people read) and takes the first that stays in the plot
 * and clear of every point and every label placed before it. Labels that
 * find no spot are left out and counted: a hidden label is better than a
 * collision that makes two unreadable. */
static cplot_status_t scatter_place_labels(cplot_figure_t *figure)
{
    scatter_t *s = figure->kind_data;
    if (!s->label)
        return CPLOT_STATUS_SUCCESS;
    size_t rows = figure->table->row_count;
    double *px = cplot_alloc_array(rows, sizeof(double)), *py = cplot_alloc_array(rows, sizeof(double));
    double *pr = cplot_alloc_array(rows, sizeof(double));
    s->point_labels = cplot_calloc_array(rows < MAX_POINT_LABELS ? rows : MAX_POINT_LABELS,
                                         sizeof(cplot_label_t));
    if (!px || !py || !pr || !s->point_labels) {
        free(px), free(py), free(pr);
        return CPLOT_STATUS_NO_MEMORY;
    }
    for (size_t row = 0; row < rows; row++) {
        px[row] = position(&figure->x, s->x, row, s->jitter);
        py[row] = position(&figure->y, s->y, row, s->jitter);
        pr[row] = row_diameter(figure, s, row) / 2;
    }
    cplot_text_style_t style = {cplot_tick_label_size(figure), false, figure->theme->ink};
    cplot_rect_t plot = figure->layout.plot;
    cplot_status_t status = CPLOT_STATUS_SUCCESS;
    for (size_t row = 0; row < rows && status == CPLOT_STATUS_SUCCESS; row++) {
        if (!isfinite(px[row]) || !isfinite(py[row]) || !isfinite(pr[row]))
            continue;
        const char *text = NULL;
        char number[CPLOT_LABEL_MAX];
        if (s->label->type == CPLOT_COLUMN_CATEGORICAL) {
            if (s->label->codes[row] >= 0)
                text = s->label->levels[s->label->codes[row]];
        } else if (isfinite(s->label->numbers[row])) {
            cplot_format_number(s->label->numbers[row], 4, number);
            text = number;
        }
        if (!text || !*text)
            continue;
        if (s->point_label_count == MAX_POINT_LABELS) {
            s->labels_hidden++;
            continue;
        }
        cplot_label_t *label = &s->point_labels[s->point_label_count];
        status = cplot_label_init(label, &figure->fonts, text, &style, CPLOT_TEXT_ELLIPSIZE,
                                  figure->font_size * 12, 1);
        if (status != CPLOT_STATUS_SUCCESS)
            break;
        cplot_label_rotate(label, 0, NULL, NULL);
        double w = label->width, h = label->height, d = pr[row] + 2;
        const double spots[8][2] = {{d, -h / 2},          {-d - w, -h / 2}, {-w / 2, -d - h},
                                    {-w / 2, d},          {d * 0.7, -d * 0.7 - h},
                                    {-d * 0.7 - w, -d * 0.7 - h}, {d * 0.7, d * 0.7},
                                    {-d * 0.7 - w, d * 0.7}};
        bool placed = false;
        for (int k = 0; k < 8 && !placed; k++) {
            cplot_rect_t box = {px[row] + spots[k][0], py[row] + spots[k][1], w, h};
            bool clear = cplot_rect_contains(plot, box, 0);
            for (size_t j = 0; clear && j < s->point_label_count; j++)
                clear = !cplot_rect_intersects(box, s->point_labels[j].box);
            for (size_t p = 0; clear && p < rows; p++)
                if (isfinite(px[p]) && isfinite(py[p]) && isfinite(pr[p]))
                    clear = !box_hits_circle(box, px[p], py[p], pr[p] + 0.5);
            if (clear) {
                cplot_label_place(label, box.x, box.y);
                placed = true;
            }
        }
        if (placed) {
            s->point_label_count++;
        } else {
            cplot_label_release(label);
            s->labels_hidden++;
        }
    }
    free(px);
    free(py);
    free(pr);
    return status;
}

static size_t scatter_labels(const cplot_figure_t *figure, const cplot_label_t **labels, size_t max)
{
    const scatter_t *s = figure->kind_data;
    for (size_t i = 0; i < s->point_label_count && i < max; i++)
        labels[i] = &s->point_labels[i];
    return s->point_label_count;
}

static void scatter_inspect(const cplot_figure_t *figure, cJSON *layers)
{
    cJSON *layer = cJSON_CreateObject();
    cJSON_AddItemToArray(layers, layer);
    cJSON_AddStringToObject(layer, "mark", "points");
    const scatter_t *s = figure->kind_data;
    size_t drawn = 0;
    for (size_t row = 0; row < figure->table->row_count; row++) {
        double px = position(&figure->x, s->x, row, s->jitter), py = position(&figure->y, s->y, row, s->jitter);
        bool hue_ok = !s->hue || (s->hue->type == CPLOT_COLUMN_CATEGORICAL ? s->hue->codes[row] >= 0
                                                                          : isfinite(s->hue->numbers[row]));
        bool size_ok = !s->size || isfinite(s->size->numbers[row]);
        drawn += isfinite(px) && isfinite(py) && hue_ok && size_ok;
    }
    cJSON_AddItemToObject(layer, "points", cplot_json_number((double)drawn));
    cJSON_AddItemToObject(layer, "dropped", cplot_json_number((double)(figure->table->row_count - drawn)));
    for (size_t g = 0; g < s->fit_count; g++) {
        const fit_t *fit = &s->fits[g];
        cJSON *line = cJSON_CreateObject();
        cJSON_AddItemToArray(layers, line);
        cJSON_AddStringToObject(line, "mark", "regression");
        if (fit->group)
            cJSON_AddStringToObject(line, "group", fit->group);
        else
            cJSON_AddNullToObject(line, "group");
        cJSON_AddItemToObject(line, "n", cplot_json_number((double)fit->regression.count));
        cJSON_AddItemToObject(line, "slope", cplot_json_number(fit->ok ? fit->regression.slope : NAN));
        cJSON_AddItemToObject(line, "intercept", cplot_json_number(fit->ok ? fit->regression.intercept : NAN));
        cJSON_AddItemToObject(line, "level", cplot_json_number(fit->ok ? fit->regression.level : NAN));
        cJSON_AddBoolToObject(line, "log_x", figure->x.type == CPLOT_SCALE_LOG);
        cJSON_AddBoolToObject(line, "log_y", figure->y.type == CPLOT_SCALE_LOG);
    }
    if (s->label) {
        cJSON_AddItemToObject(layer, "labels", cplot_json_number((double)s->point_label_count));
        cJSON_AddItemToObject(layer, "labels_hidden", cplot_json_number((double)s->labels_hidden));
    }
}

static void scatter_release(cplot_figure_t *figure)
{
    scatter_t *s = figure->kind_data;
    if (s) {
        for (size_t i = 0; s->fits && i < s->fit_count; i++)
            cplot_regression_band_release(&s->fits[i].band);
        free(s->fits);
        for (size_t i = 0; i < s->point_label_count; i++)
            cplot_label_release(&s->point_labels[i]);
        free(s->point_labels);
    }
    free(s);
    figure->kind_data = NULL;
}

const cplot_kind_class_t cplot_scatter_class = {
    .kind = CPLOT_KIND_SCATTER,
    .name = "scatter",
    .options = scatter_options,
    .option_count = sizeof scatter_options / sizeof scatter_options[0],
    .prepare = scatter_prepare,
    .draw = scatter_draw,
    .release = scatter_release,
    .inspect = scatter_inspect,
    .place = scatter_place_labels,
    .labels = scatter_labels,
};
