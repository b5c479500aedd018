#include "figure-private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limits-private.h"
#include "memory-private.h"
#include "parallel-private.h"
#include "suggest-private.h"

cplot_status_t cplot_figure_fail(cplot_figure_t *figure, cplot_status_t status, const char *format,
                                 ...)
{
    if (figure->status == CPLOT_STATUS_SUCCESS) {
        figure->status = status;
        va_list args;
        va_start(args, format);
        vsnprintf(figure->message, sizeof figure->message, format, args);
        va_end(args);
    }
    return status;
}

static const char *type_name(cplot_column_type_t type)
{
    return type == CPLOT_COLUMN_NUMERIC ? "numeric" : "categorical";
}

cplot_status_t cplot_figure_column(cplot_figure_t *figure, const char *option, bool required,
                                   int type, const cplot_column_t **column)
{
    *column = NULL;
    const char *name = cplot_chart_string(figure->chart, option);
    if (!name) {
        if (!required)
            return CPLOT_STATUS_SUCCESS;
        return cplot_figure_fail(figure, CPLOT_STATUS_MISSING_CHANNEL,
                                 "option \"%s\" is required for %s charts: name a column", option,
                                 figure->chart->klass->name);
    }
    *column = cplot_table_column(figure->table, name);
    if (!*column) {
        char message[1000];
        cplot_table_missing_column_message(figure->table, name, message, sizeof message);
        return cplot_figure_fail(figure, CPLOT_STATUS_UNKNOWN_COLUMN, "option \"%s\": %s", option,
                                 message);
    }
    if (type >= 0 && (int)(*column)->type != type) {
        cplot_column_type_t found = (*column)->type;
        *column = NULL;
        return cplot_figure_fail(figure, CPLOT_STATUS_COLUMN_TYPE,
                                 "option \"%s\": column \"%s\" is %s; a %s column is needed",
                                 option, name, type_name(found),
                                 type_name((cplot_column_type_t)type));
    }
    return CPLOT_STATUS_SUCCESS;
}

/* A numeric column's range on an axis is found on threads for large
 * tables: each task scans a part of the rows, and the parts' results are
 * combined in row order with the same comparisons, which gives the
 * one-pass result bit for bit (of equal values, as 0 and -0, the first
 * in row order is kept either way). */
#define MIN_RANGE_ROWS_PER_TASK 32768 /* about 100 µs */
#define MAX_RANGE_TASKS 64

typedef struct range_part {
    double lo, hi;
    size_t missing, non_finite, non_positive;
} range_part_t;

typedef struct range_scan {
    const double *values;
    size_t rows, tasks;
    bool log;
    range_part_t parts[MAX_RANGE_TASKS];
} range_scan_t;

static void scan_range_part(void *context, size_t index)
{
    range_scan_t *scan = context;
    range_part_t part = {INFINITY, -INFINITY, 0, 0, 0};
    size_t end = cplot_parallel_part_start(scan->rows, scan->tasks, index + 1);
    for (size_t row = cplot_parallel_part_start(scan->rows, scan->tasks, index); row < end; row++) {
        double v = scan->values[row];
        if (isnan(v)) {
            part.missing++;
            continue;
        }
        if (isinf(v)) {
            part.non_finite++;
            continue;
        }
        if (scan->log && v <= 0) {
            part.non_positive++;
            continue;
        }
        part.lo = v < part.lo ? v : part.lo;
        part.hi = v > part.hi ? v : part.hi;
    }
    scan->parts[index] = part;
}

cplot_status_t cplot_figure_axis_from_column(cplot_figure_t *figure, cplot_axis_t *axis,
                                             const char *scale_option, const cplot_column_t *column)
{
    axis->present = true;
    axis->title = column->name;
    if (column->type == CPLOT_COLUMN_CATEGORICAL) {
        axis->type = CPLOT_SCALE_BAND;
        axis->band_names = column->levels;
        axis->band_count = column->level_count;
        return CPLOT_STATUS_SUCCESS;
    }
    const char *scale = cplot_chart_string(figure->chart, scale_option);
    axis->type = scale && strcmp(scale, "log") == 0 ? CPLOT_SCALE_LOG : CPLOT_SCALE_LINEAR;
    range_scan_t scan = {.values = column->numbers,
                         .rows = figure->table->row_count,
                         .log = axis->type == CPLOT_SCALE_LOG};
    scan.tasks = cplot_parallel_tasks_per_thread(scan.rows, MIN_RANGE_ROWS_PER_TASK);
    scan.tasks = scan.tasks < MAX_RANGE_TASKS ? scan.tasks : MAX_RANGE_TASKS;
    cplot_parallel_run(scan.tasks, scan_range_part, &scan);
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < scan.tasks; k++) {
        const range_part_t *part = &scan.parts[k];
        axis->missing += part->missing;
        axis->non_finite += part->non_finite;
        axis->non_positive += part->non_positive;
        lo = part->lo < lo ? part->lo : lo;
        hi = part->hi > hi ? part->hi : hi;
    }
    if (lo > hi) {
        /* No drawable value: an empty axis with a unit range, so the
         * chart still draws (empty) rather than failing. */
        lo = axis->type == CPLOT_SCALE_LOG ? 1 : 0;
        hi = axis->type == CPLOT_SCALE_LOG ? 10 : 1;
    }
    axis->data_min = lo;
    axis->data_max = hi;
    return CPLOT_STATUS_SUCCESS;
}

void cplot_figure_add_hue_legend(cplot_figure_t *figure, const cplot_column_t *hue,
                                 cplot_marker_t marker, double swatch_size, double alpha)
{
    cplot_legend_block_t *block = cplot_figure_add_legend(figure, CPLOT_LEGEND_COLORS, hue->name);
    if (!block)
        return;
    block->marker = marker;
    for (size_t i = 0; i < hue->level_count && i < CPLOT_LEGEND_MAX_ITEMS; i++) {
        block->item_texts[i] = hue->levels[i];
        block->items[i].color = cplot_palette_color(figure->palette, i);
        block->items[i].color.a *= alpha;
        block->items[i].size = swatch_size;
        block->item_count++;
    }
}

void cplot_figure_add_point_hue_legend(cplot_figure_t *figure, const cplot_column_t *hue)
{
    double size = cplot_chart_number(figure->chart, "point_size");
    cplot_figure_add_hue_legend(figure, hue, CPLOT_MARKER_CIRCLE, fmin(fmax(size, 6), figure->font_size),
                                1.0);
}

cplot_legend_block_t *cplot_figure_add_legend(cplot_figure_t *figure, cplot_legend_kind_t kind,
                                              const char *title)
{
    if (figure->legend_count == CPLOT_LEGEND_MAX_BLOCKS)
        return NULL;
    cplot_legend_block_t *block = &figure->legends[figure->legend_count++];
    block->kind = kind;
    block->title_text = title;
    return block;
}

/* Reads the title options; NULL means "use the column name", "" hides. */
static const char *axis_title(const cplot_figure_t *figure, const char *option,
                              const cplot_axis_t *axis)
{
    const char *title = cplot_chart_string(figure->chart, option);
    if (title)
        return title;
    return axis->present ? axis->title : NULL;
}

static cplot_status_t measure_titles(cplot_figure_t *figure, double content_width,
                                     const char *panel_title)
{
    cplot_text_style_t style = {cplot_title_size(figure), true, figure->theme->ink};
    const char *title = cplot_chart_string(figure->chart, "title");
    const char *subtitle = cplot_chart_string(figure->chart, "subtitle");
    if (figure->is_panel) {
        /* A panel is titled by its facet value, smaller, and centred by
         * the layout below. */
        style = (cplot_text_style_t){cplot_axis_title_size(figure), true, figure->theme->ink};
        title = panel_title;
        subtitle = NULL;
    }
    cplot_status_t status = CPLOT_STATUS_SUCCESS;
    if (title && *title)
        status = cplot_label_init(&figure->title, &figure->fonts, title, &style, CPLOT_TEXT_WRAP,
                                  content_width, 3);
    if (status == CPLOT_STATUS_SUCCESS && subtitle && *subtitle) {
        style = (cplot_text_style_t){figure->font_size, false, figure->theme->muted_ink};
        status = cplot_label_init(&figure->subtitle, &figure->fonts, subtitle, &style,
                                  CPLOT_TEXT_WRAP, content_width, 3);
    }
    return status;
}

/* Axis titles are ellipsized to the plot's length once it is known; here
 * they are measured unbounded for their thickness only. */
static cplot_status_t measure_axis_titles(cplot_figure_t *figure, double x_room, double y_room)
{
    cplot_text_style_t style = {cplot_axis_title_size(figure), false, figure->theme->ink};
    const char *x = figure->x.title, *y = figure->y.title;
    cplot_label_release(&figure->x_title);
    cplot_label_release(&figure->y_title);
    cplot_status_t status = CPLOT_STATUS_SUCCESS;
    if (x && *x)
        status = cplot_label_init(&figure->x_title, &figure->fonts, x, &style, CPLOT_TEXT_ELLIPSIZE,
                                  x_room, 1);
    if (status == CPLOT_STATUS_SUCCESS && y && *y) {
        status = cplot_label_init(&figure->y_title, &figure->fonts, y, &style, CPLOT_TEXT_ELLIPSIZE,
                                  y_room, 1);
        cplot_label_rotate(&figure->y_title, -M_PI / 2, NULL, NULL);
    }
    return status;
}

/* The legend blocks stacked (right) or side by side (bottom, or right in
 * columns when stacking would be too tall). */
static bool legends_side_by_side(const cplot_figure_t *figure, cplot_legend_position_t position)
{
    return position == CPLOT_LEGEND_BOTTOM || figure->legend_columns;
}

static void legend_extent(const cplot_figure_t *figure, cplot_legend_position_t position,
                          double gap, double *width, double *height)
{
    *width = *height = 0;
    bool side_by_side = legends_side_by_side(figure, position);
    for (size_t i = 0; i < figure->legend_count; i++) {
        const cplot_legend_block_t *b = &figure->legends[i];
        if (!side_by_side) {
            *width = fmax(*width, b->width);
            *height += b->height + (i ? gap : 0);
        } else {
            *width += b->width + (i ? gap * 2 : 0);
            *height = fmax(*height, b->height);
        }
    }
}

/* Measures the legends for the height left under the titles: entry
 * lists first, then colour bars get what remains (they stretch), and
 * blocks go side by side when even so they would not fit stacked. */
static cplot_status_t plan_legends(cplot_figure_t *figure, double content_width,
                                   double available_height)
{
    const char *where = cplot_chart_string(figure->chart, "legend");
    if (figure->legend_count == 0 || (where && strcmp(where, "none") == 0)) {
        figure->legend_position = CPLOT_LEGEND_NONE;
        return CPLOT_STATUS_SUCCESS;
    }
    double gap = cplot_gap(figure), used = 0;
    size_t bars = 0;
    for (size_t i = 0; i < figure->legend_count; i++) {
        cplot_legend_block_t *block = &figure->legends[i];
        if (block->kind == CPLOT_LEGEND_COLORBAR) {
            bars++;
            continue;
        }
        cplot_status_t status = cplot_legend_measure(figure, block, available_height);
        if (status != CPLOT_STATUS_SUCCESS)
            return status;
        used += block->height + gap;
    }
    for (size_t i = 0; i < figure->legend_count; i++) {
        cplot_legend_block_t *block = &figure->legends[i];
        if (block->kind != CPLOT_LEGEND_COLORBAR)
            continue;
        double room = (available_height - used) / (double)bars - (bars > 1 ? gap : 0);
        cplot_status_t status = cplot_legend_measure(figure, block, room);
        if (status != CPLOT_STATUS_SUCCESS)
            return status;
    }
    double width, height;
    figure->legend_columns = false;
    legend_extent(figure, CPLOT_LEGEND_RIGHT, gap, &width, &height);
    if (height > available_height) {
        figure->legend_columns = true;
        legend_extent(figure, CPLOT_LEGEND_RIGHT, gap, &width, &height);
    }
    if (where && strcmp(where, "right") == 0)
        figure->legend_position = CPLOT_LEGEND_RIGHT;
    else if (where && strcmp(where, "bottom") == 0)
        figure->legend_position = CPLOT_LEGEND_BOTTOM;
    else /* auto: keep most of the width for the data */
        figure->legend_position =
            width <= content_width * 0.3 ? CPLOT_LEGEND_RIGHT : CPLOT_LEGEND_BOTTOM;
    return CPLOT_STATUS_SUCCESS;
}

static void place_legends(cplot_figure_t *figure)
{
    cplot_rect_t area = figure->layout.legend;
    double gap = cplot_gap(figure);
    double x = area.x, y = area.y;
    for (size_t i = 0; i < figure->legend_count; i++) {
        cplot_legend_block_t *b = &figure->legends[i];
        cplot_legend_place(b, x, y);
        if (!legends_side_by_side(figure, figure->legend_position))
            y += b->height + gap;
        else
            x += b->width + gap * 2;
    }
}

/* The largest label box on an axis, and the overhang of its end labels. */
static void axis_label_extent(const cplot_axis_t *axis, double *max_width, double *max_height)
{
    *max_width = *max_height = 0;
    for (size_t i = 0; i < axis->label_count; i++) {
        *max_width = fmax(*max_width, axis->labels[i].box.width);
        *max_height = fmax(*max_height, axis->labels[i].box.height);
    }
}

static void build_request(cplot_figure_t *figure, cplot_layout_request_t *r)
{
    double gap = cplot_gap(figure), tick = cplot_tick_length(figure);
    memset(r, 0, sizeof *r);
    r->width = figure->width;
    r->height = figure->height;
    r->padding = figure->font_size;
    r->gap = gap;
    r->title_height = figure->title.layout ? figure->title.height : 0;
    r->subtitle_height = figure->subtitle.layout ? figure->subtitle.height : 0;
    r->x_title_height = figure->x_title.layout ? figure->x_title.height : 0;
    r->y_title_width = figure->y_title.layout ? figure->y_title.box.width : 0;
    double w, h;
    if (figure->x.present) {
        axis_label_extent(&figure->x, &w, &h);
        r->x_axis_height = tick + gap * 0.35 + h;
        /* Horizontal labels are centred on their ticks: half may stick
         * out past the plot's ends. Rotated ones end at the tick. */
        if (figure->x.label_count > 0) {
            r->x_overhang_left = figure->x.labels[0].box.width / 2;
            r->x_overhang_right = figure->x.labels[figure->x.label_count - 1].box.width / 2;
        }
    }
    if (figure->y.present) {
        axis_label_extent(&figure->y, &w, &h);
        r->y_axis_width = tick + gap * 0.35 + w;
        r->y_overhang_top = h / 2;
        r->y_overhang_bottom = h / 2;
    }
    legend_extent(figure, figure->legend_position, gap, &r->legend_width, &r->legend_height);
    r->legend_position = figure->legend_position;
    r->min_plot_size = 24;
    /* Hidden labels and titles take no room; panels that must line up
     * get it back as minimum insets (the largest of their neighbours'),
     * so every plot has the same size and place. */
    if (figure->hide_x_labels) {
        r->x_axis_height = figure->setup.no_x_axis_space ? 0 : tick;
        r->x_overhang_left = r->x_overhang_right = 0;
    }
    if (figure->hide_y_labels) {
        r->y_axis_width = figure->setup.no_y_axis_space ? 0 : tick;
        r->y_overhang_top = r->y_overhang_bottom = 0;
    }
    if (figure->hide_x_title)
        r->x_title_height = 0;
    if (figure->hide_y_title)
        r->y_title_width = 0;
    if (figure->is_panel)
        memcpy(r->min_inset, figure->setup.min_inset, sizeof r->min_inset);
    figure->request = *r;
}

static cplot_status_t plan_axes(cplot_figure_t *figure, cplot_rect_t plot)
{
    cplot_status_t status = CPLOT_STATUS_SUCCESS;
    if (figure->x.present)
        status = cplot_axis_build_ticks(figure, &figure->x, plot.width, true);
    if (status == CPLOT_STATUS_SUCCESS && figure->y.present)
        status = cplot_axis_build_ticks(figure, &figure->y, plot.height, false);
    return status;
}

static void place_axis_labels(cplot_figure_t *figure)
{
    cplot_rect_t plot = figure->layout.plot;
    double offset = cplot_tick_length(figure) + cplot_gap(figure) * 0.35;
    cplot_axis_t *x = &figure->x, *y = &figure->y;
    for (size_t i = 0; i < x->label_count; i++) {
        cplot_label_t *label = &x->labels[i];
        double px = cplot_scale_map(&x->scale, x->ticks.values[i]);
        cplot_label_place(label, px - label->box.width / 2, cplot_rect_bottom(plot) + offset);
    }
    for (size_t i = 0; i < y->label_count; i++) {
        cplot_label_t *label = &y->labels[i];
        double py = cplot_scale_map(&y->scale, y->ticks.values[i]);
        cplot_label_place(label, plot.x - offset - label->box.width, py - label->box.height / 2);
    }
}

/* Ticks depend on the plot's size and the plot's size on the tick labels:
 * start from the whole content area and iterate until the plot area
 * settles (it changes little after the first pass, so this ends fast). */
static cplot_status_t solve_layout(cplot_figure_t *figure, bool *fits)
{
    double padding = figure->font_size;
    cplot_rect_t plot = {padding, padding, figure->width - 2 * padding,
                         figure->height - 2 * padding};
    cplot_layout_request_t request;
    cplot_status_t status;
    if ((status = measure_axis_titles(figure, plot.width, plot.height)) != CPLOT_STATUS_SUCCESS)
        return status;
    figure->x.labels_turned = figure->y.labels_turned = false;
    for (int pass = 0; pass < 6; pass++) {
        if ((status = plan_axes(figure, plot)) != CPLOT_STATUS_SUCCESS)
            return status;
        build_request(figure, &request);
        cplot_layout_compute(&request, &figure->layout);
        cplot_rect_t next = figure->layout.plot;
        bool settled = fabs(next.width - plot.width) < 0.5 && fabs(next.height - plot.height) < 0.5;
        plot = next;
        if (settled)
            break;
    }
    /* Axis titles never run past the plot they name. */
    if ((status = measure_axis_titles(figure, plot.width, plot.height)) != CPLOT_STATUS_SUCCESS)
        return status;
    build_request(figure, &request);
    cplot_layout_compute(&request, &figure->layout);
    *fits = figure->layout.fits;
    return plan_axes(figure, figure->layout.plot);
}

static cplot_status_t plan_facets(cplot_figure_t *figure, const cplot_column_t *facet);

/* Takes over the shared figure's axis ranges and colour domains, so that
 * panels compare: the same positions and colours mean the same values. */
static void share_domains(cplot_figure_t *figure, const cplot_panel_setup_t *setup)
{
    const cplot_figure_t *shared = setup->shared;
    if (setup->share_x && figure->x.present && figure->x.type != CPLOT_SCALE_BAND) {
        figure->x.data_min = setup->x_min;
        figure->x.data_max = setup->x_max;
    }
    if (setup->share_y && figure->y.present && figure->y.type != CPLOT_SCALE_BAND) {
        figure->y.data_min = setup->y_min;
        figure->y.data_max = setup->y_max;
    }
    for (size_t i = 0; shared && i < figure->legend_count && i < shared->legend_count; i++) {
        if (figure->legends[i].kind == CPLOT_LEGEND_COLORBAR &&
            shared->legends[i].kind == CPLOT_LEGEND_COLORBAR) {
            figure->legends[i].domain_min = shared->legends[i].domain_min;
            figure->legends[i].domain_max = shared->legends[i].domain_max;
        }
    }
}

/* Small multiples: one panel per category of the facet column, in a grid
 * under the titles, with the legends and axis titles shared around it. */
static cplot_status_t plan_facets(cplot_figure_t *figure, const cplot_column_t *facet)
{
    cplot_chart_t *chart = figure->chart;
    size_t count = facet->level_count;
    if (count == 0)
        return cplot_figure_fail(figure, CPLOT_STATUS_INVALID_VALUE,
                                 "option \"facet\": column \"%s\" has no values", facet->name);
    size_t panels = cplot_limit(CPLOT_LIMIT_FACET_PANELS);
    if (count > panels)
        return cplot_figure_fail(figure, CPLOT_STATUS_LIMIT_EXCEEDED,
                                 "option \"facet\": column \"%s\" has %zu categories; at most %zu "
                                 "panels are drawn (facet_panels)",
                                 facet->name, count, panels);
    cplot_rect_t grid;
    cplot_status_t status = cplot_figure_plan_frame(figure, &grid);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;

    double columns_option = cplot_chart_number(chart, "facet_columns");
    size_t columns =
        !isnan(columns_option) ? (size_t)columns_option : (size_t)ceil(sqrt((double)count));
    if (columns > count)
        columns = count;
    size_t rows = (count + columns - 1) / columns;
    double cell_width = grid.width / (double)columns, cell_height = grid.height / (double)rows;
    figure->panels = cplot_calloc_array(count, sizeof *figure->panels);
    figure->panel_tables = cplot_calloc_array(count, sizeof *figure->panel_tables);
    figure->panel_rects = cplot_calloc_array(count, sizeof *figure->panel_rects);
    if (!figure->panels || !figure->panel_tables || !figure->panel_rects)
        return cplot_figure_fail(figure, CPLOT_STATUS_NO_MEMORY, "out of memory");
    /* Panels are planned twice: once each on its own rows, to learn the
     * ranges they need, then with the shared ranges (the union, as
     * seaborn's FacetGrid shares them) where sharing is asked for. */
    cplot_panel_setup_t setup = {.shared = figure};
    bool share_x = cplot_chart_bool(chart, "share_x"), share_y = cplot_chart_bool(chart, "share_y");
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            if (!share_x && !share_y)
                break;
            setup.x_min = setup.y_min = INFINITY;
            setup.x_max = setup.y_max = -INFINITY;
            for (size_t i = 0; i < count; i++) {
                const cplot_figure_t *panel = figure->panels[i];
                setup.x_min = fmin(setup.x_min, panel->x.data_min);
                setup.x_max = fmax(setup.x_max, panel->x.data_max);
                setup.y_min = fmin(setup.y_min, panel->y.data_min);
                setup.y_max = fmax(setup.y_max, panel->y.data_max);
                cplot_figure_release(figure->panels[i]);
            }
            setup.share_x = share_x;
            setup.share_y = share_y;
        }
        for (size_t i = 0; i < count; i++) {
            figure->panel_count = i + 1;
            if (!figure->panel_tables[i])
                figure->panel_tables[i] = cplot_table_filter(figure->table, facet->codes, (int)i);
            if (!figure->panels[i])
                figure->panels[i] = malloc(sizeof *figure->panels[i]);
            if (!figure->panel_tables[i] || !figure->panels[i])
                return cplot_figure_fail(figure, CPLOT_STATUS_NO_MEMORY, "out of memory");
            figure->panel_rects[i] = (cplot_rect_t){grid.x + cell_width * (double)(i % columns),
                                                    grid.y + cell_height * (double)(i / columns),
                                                    cell_width, cell_height};
            setup.table = figure->panel_tables[i];
            setup.title = facet->levels[i];
            status =
                cplot_figure_plan_panel(figure->panels[i], chart, cell_width, cell_height, &setup);
            if (status != CPLOT_STATUS_SUCCESS)
                return cplot_figure_fail(figure, status, "panel \"%s\": %s", facet->levels[i],
                                         figure->panels[i]->message);
        }
    }
    cplot_figure_place_frame(figure, grid);
    return CPLOT_STATUS_SUCCESS;
}

cplot_status_t cplot_figure_plan_frame(cplot_figure_t *figure, cplot_rect_t *grid)
{
    double padding = figure->font_size;
    double content_width = figure->width - 2 * padding,
           content_height = figure->height - 2 * padding;
    cplot_status_t status = measure_titles(figure, content_width, NULL);
    double title_block = (figure->title.layout ? figure->title.height : 0) +
                         (figure->subtitle.layout ? figure->subtitle.height : 0);
    if (title_block > 0)
        title_block += cplot_gap(figure) * 1.25;
    if (status == CPLOT_STATUS_SUCCESS)
        status = plan_legends(figure, content_width, content_height - title_block);
    if (status == CPLOT_STATUS_SUCCESS)
        status = measure_axis_titles(figure, content_width, content_height);
    if (status != CPLOT_STATUS_SUCCESS)
        return cplot_figure_fail(figure, status, "measuring text failed");

    /* The grid takes the place of the plot: a layout with no axes. */
    bool x_present = figure->x.present, y_present = figure->y.present;
    figure->x.present = figure->y.present = false;
    cplot_layout_request_t request;
    build_request(figure, &request);
    cplot_layout_compute(&request, &figure->layout);
    /* Axis titles never run past the grid they name. */
    if ((status = measure_axis_titles(figure, figure->layout.plot.width,
                                      figure->layout.plot.height)) != CPLOT_STATUS_SUCCESS)
        return cplot_figure_fail(figure, status, "measuring text failed");
    build_request(figure, &request);
    cplot_layout_compute(&request, &figure->layout);
    figure->x.present = x_present;
    figure->y.present = y_present;
    *grid = figure->layout.plot;
    return CPLOT_STATUS_SUCCESS;
}

void cplot_figure_place_frame(cplot_figure_t *figure, cplot_rect_t grid)
{
    cplot_layout_t *layout = &figure->layout;
    if (figure->title.layout)
        cplot_label_place(&figure->title, layout->title.x, layout->title.y);
    if (figure->subtitle.layout)
        cplot_label_place(&figure->subtitle, layout->subtitle.x, layout->subtitle.y);
    if (figure->x_title.layout)
        cplot_label_place(&figure->x_title, grid.x + (grid.width - figure->x_title.width) / 2,
                          layout->x_title.y);
    if (figure->y_title.layout)
        cplot_label_place(&figure->y_title, layout->y_title.x,
                          grid.y + (grid.height - figure->y_title.box.height) / 2);
    place_legends(figure);
}

cplot_status_t cplot_figure_plan(cplot_figure_t *figure, cplot_chart_t *chart, double width,
                                 double height)
{
    return cplot_figure_plan_panel(figure, chart, width, height, NULL);
}

cplot_status_t cplot_figure_plan_panel(cplot_figure_t *figure, cplot_chart_t *chart, double width,
                                       double height, const cplot_panel_setup_t *setup)
{
    memset(figure, 0, sizeof *figure);
    figure->is_panel = setup != NULL;
    if (setup)
        figure->setup = *setup; /* kinds may read it while they prepare */
    figure->chart = chart;
    figure->width = width;
    figure->height = height;
    if (chart->status != CPLOT_STATUS_SUCCESS)
        return cplot_figure_fail(figure, chart->status, "%s", chart->message);
    if (!(width >= 1 && height >= 1 && width <= 100000 && height <= 100000))
        return cplot_figure_fail(figure, CPLOT_STATUS_INVALID_ARGUMENT,
                                 "the drawing size %gx%g is not a positive size", width, height);
    if (!chart->table)
        return cplot_figure_fail(figure, CPLOT_STATUS_MISSING_CHANNEL,
                                 "the chart has no data: attach a table with cplot_chart_set_data");
    figure->table = setup && setup->table ? setup->table : chart->table;
    figure->theme = cplot_theme_find(cplot_chart_string(chart, "theme"));
    figure->palette = cplot_palette_find(cplot_chart_string(chart, "palette"));
    figure->colormap = cplot_colormap_find(cplot_chart_string(chart, "colormap"));
    figure->font_size = cplot_chart_number(chart, "font_size");
    if (!figure->theme || !figure->palette || !figure->colormap || !(figure->font_size > 0))
        return cplot_figure_fail(figure, CPLOT_STATUS_INVALID_VALUE,
                                 "theme, palette, colormap or font_size has no usable value");
    cplot_status_t status =
        cplot_fonts_open(&figure->fonts, cplot_chart_string(chart, "font_family"));
    if (status != CPLOT_STATUS_SUCCESS)
        return cplot_figure_fail(figure, status, "the pinned fonts could not be loaded");

    status = chart->klass->prepare(figure);
    if (status != CPLOT_STATUS_SUCCESS)
        return cplot_figure_fail(figure, status, "%s", cplot_status_to_string(status));
    /* From here on an axis's title is the one shown. Panels leave axis
     * titles to the figure around them. */
    figure->x.title = figure->is_panel ? (setup ? setup->x_title : NULL)
                                       : axis_title(figure, "x_title", &figure->x);
    figure->y.title = figure->is_panel ? (setup ? setup->y_title : NULL)
                                       : axis_title(figure, "y_title", &figure->y);
    if (setup) {
        figure->hide_x_labels = setup->hide_x_labels;
        figure->hide_y_labels = setup->hide_y_labels;
        figure->hide_x_title = setup->hide_x_title;
        figure->hide_y_title = setup->hide_y_title;
    }
    if (setup)
        share_domains(figure, setup);
    if (!figure->is_panel) {
        const cplot_column_t *facet;
        if ((status =
                 cplot_figure_column(figure, "facet", false, CPLOT_COLUMN_CATEGORICAL, &facet)))
            return status;
        if (facet && chart->klass->plan_panels)
            return cplot_figure_fail(figure, CPLOT_STATUS_INVALID_VALUE,
                                     "option \"facet\": a %s chart is already a grid of panels; "
                                     "facet a scatter, histogram or other single chart instead",
                                     chart->klass->name);
        if (facet)
            return plan_facets(figure, facet);
        if (chart->klass->plan_panels)
            return chart->klass->plan_panels(figure);
    }

    double padding = figure->font_size;
    double content_width = width - 2 * padding, content_height = height - 2 * padding;
    status = measure_titles(figure, content_width, setup ? setup->title : NULL);
    double title_block = (figure->title.layout ? figure->title.height : 0) +
                         (figure->subtitle.layout ? figure->subtitle.height : 0);
    if (title_block > 0)
        title_block += cplot_gap(figure) * 1.25;
    if (status == CPLOT_STATUS_SUCCESS && !figure->is_panel)
        status = plan_legends(figure, content_width, content_height - title_block);
    if (status != CPLOT_STATUS_SUCCESS)
        return cplot_figure_fail(figure, status, "measuring text failed");

    /* When the canvas is too small for everything, give up the least
     * important text first: move the legend to the other side, then drop
     * the subtitle, then the legend. */
    for (int attempt = 0;; attempt++) {
        bool fits;
        if ((status = solve_layout(figure, &fits)) != CPLOT_STATUS_SUCCESS)
            return cplot_figure_fail(figure, status, "planning the layout failed");
        if (fits || attempt == 3)
            break;
        if (figure->is_panel) {
            /* A panel too small for its text: tick labels go first, then
             * its axis titles and title; ticks and marks stay. */
            if (attempt == 0) {
                figure->hide_x_labels = figure->hide_y_labels = true;
            } else {
                figure->hide_x_title = figure->hide_y_title = true;
                cplot_label_release(&figure->title);
            }
            continue;
        }
        if (attempt == 0 && figure->legend_position != CPLOT_LEGEND_NONE)
            figure->legend_position = figure->legend_position == CPLOT_LEGEND_RIGHT
                                          ? CPLOT_LEGEND_BOTTOM
                                          : CPLOT_LEGEND_RIGHT;
        else if (attempt == 1)
            cplot_label_release(&figure->subtitle);
        else
            figure->legend_position = CPLOT_LEGEND_NONE;
    }

    cplot_layout_t *layout = &figure->layout;
    if (figure->title.layout) {
        double x = layout->title.x;
        if (figure->is_panel) {
            /* Centred over the plot, but never out of the panel. */
            x = layout->plot.x + (layout->plot.width - figure->title.width) / 2;
            x = fmax(layout->title.x,
                     fmin(x, cplot_rect_right(layout->title) - figure->title.width));
        }
        cplot_label_place(&figure->title, x, layout->title.y);
    }
    if (figure->subtitle.layout)
        cplot_label_place(&figure->subtitle, layout->subtitle.x, layout->subtitle.y);
    if (figure->x_title.layout)
        cplot_label_place(&figure->x_title,
                          layout->x_title.x + (layout->x_title.width - figure->x_title.width) / 2,
                          layout->x_title.y);
    if (figure->y_title.layout)
        cplot_label_place(&figure->y_title, layout->y_title.x,
                          layout->y_title.y +
                              (layout->y_title.height - figure->y_title.box.height) / 2);
    place_axis_labels(figure);
    place_legends(figure);
    if (chart->klass->place && (status = chart->klass->place(figure)) != CPLOT_STATUS_SUCCESS)
        return cplot_figure_fail(figure, status, "placing labels failed");
    return CPLOT_STATUS_SUCCESS;
}

void cplot_figure_draw(cplot_figure_t *figure, cairo_t *cr)
{
    const cplot_theme_t *theme = figure->theme;
    cairo_save(cr);
    cairo_set_source_rgba(cr, theme->background.r, theme->background.g, theme->background.b,
                          theme->background.a);
    cairo_rectangle(cr, 0, 0, figure->width, figure->height);
    cairo_fill(cr);
    if (figure->panel_count) {
        for (size_t i = 0; i < figure->panel_count; i++) {
            cairo_save(cr);
            cairo_translate(cr, figure->panel_rects[i].x, figure->panel_rects[i].y);
            cplot_figure_draw(figure->panels[i], cr);
            cairo_restore(cr);
        }
        const cplot_label_t *labels[] = {&figure->title, &figure->subtitle, &figure->x_title,
                                         &figure->y_title};
        for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
            if (labels[i]->layout)
                cplot_label_draw(cr, &figure->fonts, labels[i]);
        for (size_t i = 0; i < figure->legend_count && figure->legend_position != CPLOT_LEGEND_NONE;
             i++)
            cplot_legend_draw(figure, &figure->legends[i], cr);
        cairo_restore(cr);
        return;
    }
    cplot_rect_t plot = figure->layout.plot;
    if (memcmp(&theme->panel, &theme->background, sizeof theme->panel) != 0) {
        cairo_set_source_rgba(cr, theme->panel.r, theme->panel.g, theme->panel.b, theme->panel.a);
        cairo_rectangle(cr, plot.x, plot.y, plot.width, plot.height);
        cairo_fill(cr);
    }
    cplot_draw_grid(figure, cr);

    cairo_save(cr);
    cairo_rectangle(cr, plot.x, plot.y, plot.width, plot.height);
    cairo_clip(cr);
    cplot_draw_spans(figure, cr);
    figure->chart->klass->draw(figure, cr);
    cplot_draw_reference_lines(figure, cr);
    cairo_restore(cr);

    cplot_draw_axes(figure, cr);
    const cplot_label_t *labels[] = {&figure->title, &figure->subtitle,
                                     figure->hide_x_title ? NULL : &figure->x_title,
                                     figure->hide_y_title ? NULL : &figure->y_title};
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (labels[i] && labels[i]->layout)
            cplot_label_draw(cr, &figure->fonts, labels[i]);
    for (size_t i = 0; i < figure->legend_count && figure->legend_position != CPLOT_LEGEND_NONE;
         i++)
        cplot_legend_draw(figure, &figure->legends[i], cr);
    cairo_restore(cr);
}

size_t cplot_figure_labels(const cplot_figure_t *figure, const cplot_label_t **labels, size_t max)
{
    size_t n = 0;
#define ADD(label)                                                                                 \
    do {                                                                                           \
        if ((label)->layout) {                                                                     \
            if (n < max)                                                                           \
                labels[n] = (label);                                                               \
            n++;                                                                                   \
        }                                                                                          \
    } while (0)
    ADD(&figure->title);
    ADD(&figure->subtitle);
    if (!figure->hide_x_title)
        ADD(&figure->x_title);
    if (!figure->hide_y_title)
        ADD(&figure->y_title);
    for (size_t i = 0; i < figure->x.label_count && !figure->hide_x_labels; i++)
        ADD(&figure->x.labels[i]);
    for (size_t i = 0; i < figure->y.label_count && !figure->hide_y_labels; i++)
        ADD(&figure->y.labels[i]);
    if (figure->legend_position != CPLOT_LEGEND_NONE) {
        for (size_t b = 0; b < figure->legend_count; b++) {
            const cplot_legend_block_t *block = &figure->legends[b];
            ADD(&block->title);
            for (size_t i = 0; i < block->item_count; i++)
                ADD(&block->items[i].label);
            for (size_t i = 0; i < block->tick_label_count; i++)
                ADD(&block->tick_labels[i]);
        }
    }
#undef ADD
    /* Panels' labels, moved into this figure's coordinates (the copies
     * live in a per-call scratch area owned by the panel). */
    for (size_t p = 0; p < figure->panel_count; p++) {
        const cplot_label_t *inner[512];
        size_t count = cplot_figure_labels(figure->panels[p], inner, 512);
        for (size_t i = 0; i < count && i < 512; i++) {
            if (n < max) {
                cplot_label_t *moved = &figure->panels[p]->moved_labels[i];
                *moved = *inner[i];
                moved->box.x += figure->panel_rects[p].x;
                moved->box.y += figure->panel_rects[p].y;
                labels[n] = moved;
            }
            n++;
        }
    }
    if (figure->chart->klass->labels && figure->panel_count == 0)
        n += figure->chart->klass->labels(figure, labels + (n < max ? n : max),
                                          n < max ? max - n : 0);
    return n;
}

void cplot_figure_release(cplot_figure_t *figure)
{
    for (size_t i = 0; i < figure->panel_count; i++) {
        if (figure->panels[i]) {
            cplot_figure_release(figure->panels[i]);
            free(figure->panels[i]);
        }
        cplot_table_destroy(figure->panel_tables[i]);
    }
    free(figure->panels);
    free(figure->panel_tables);
    free(figure->panel_rects);
    figure->panel_count = 0;
    if (figure->chart && figure->chart->klass->release)
        figure->chart->klass->release(figure);
    cplot_label_release(&figure->title);
    cplot_label_release(&figure->subtitle);
    cplot_label_release(&figure->x_title);
    cplot_label_release(&figure->y_title);
    cplot_axis_release(&figure->x);
    cplot_axis_release(&figure->y);
    for (size_t i = 0; i < figure->legend_count; i++)
        cplot_legend_release(&figure->legends[i]);
    cplot_fonts_close(&figure->fonts);
}
