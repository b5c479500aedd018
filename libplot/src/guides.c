/* Guides: axis ticks and labels, the grid, legends and colour bars. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "figure-private.h"

/* Target spacing between ticks, in multiples of the font size: labels of
 * numbers are wider than tall, so horizontal axes get sparser ticks. */
#define X_TICK_SPACING 7.5
#define Y_TICK_SPACING 4.5

static int tick_target(double length, double spacing)
{
    int m = (int)floor(length / spacing) + 1;
    return m < 2 ? 2 : m > 12 ? 12 : m;
}

void cplot_axis_release(cplot_axis_t *axis)
{
    for (size_t i = 0; i < axis->label_count; i++)
        cplot_label_release(&axis->labels[i]);
    axis->label_count = 0;
}

static void set_scale_range(cplot_axis_t *axis, double length, bool horizontal)
{
    /* The range is in plot-relative pixels here; the figure shifts it to
     * the plot's position once the layout is final. Vertical axes grow
     * upwards, except bands listed from the top (matrix rows). */
    bool forwards = horizontal || (axis->type == CPLOT_SCALE_BAND && axis->top_down);
    axis->scale.range_start = forwards ? 0 : length;
    axis->scale.range_end = forwards ? length : 0;
}

/* Numeric ticks restricted to the padded domain; `target` ticks wanted. */
static void numeric_ticks(cplot_axis_t *axis, int target)
{
    double lo = axis->scale.domain_min, hi = axis->scale.domain_max;
    cplot_ticks_t all;
    bool ok = axis->type == CPLOT_SCALE_LOG ? cplot_ticks_log10(lo, hi, target, &all)
                                             : cplot_ticks_extended(lo, hi, target, &all);
    axis->ticks.count = 0;
    if (!ok)
        return;
    axis->ticks.step = all.step;
    double eps = (hi - lo) * 1e-9;
    for (size_t i = 0; i < all.count; i++)
        if (all.values[i] >= lo - eps && all.values[i] <= hi + eps)
            axis->ticks.values[axis->ticks.count++] = all.values[i];
    if (axis->ticks.count < 2 && axis->type == CPLOT_SCALE_LINEAR && all.count >= 2) {
        /* A narrow padded range can fall between ticks: widen the domain
         * to the nearest ticks rather than show an axis without numbers. */
        axis->ticks = all;
        axis->scale.domain_min = fmin(lo, all.values[0]);
        axis->scale.domain_max = fmax(hi, all.values[all.count - 1]);
    }
}

static cplot_status_t measure_labels_fit(cplot_figure_t *figure, cplot_axis_t *axis,
                                         char texts[][CPLOT_LABEL_MAX], cplot_text_fit_t fit,
                                         double max_width, int max_lines)
{
    cplot_text_style_t style = {cplot_tick_label_size(figure), false, figure->theme->muted_ink};
    cplot_axis_release(axis);
    for (size_t i = 0; i < axis->ticks.count; i++) {
        cplot_status_t status = cplot_label_init(&axis->labels[i], &figure->fonts, texts[i],
                                                 &style, fit, max_width, max_lines);
        if (status != CPLOT_STATUS_SUCCESS)
            return status;
        axis->label_count = i + 1;
        if (fit == CPLOT_TEXT_WRAP)
            cplot_label_center_lines(&axis->labels[i]);
        cplot_label_rotate(&axis->labels[i], 0, NULL, NULL);
    }
    return CPLOT_STATUS_SUCCESS;
}

static cplot_status_t measure_labels(cplot_figure_t *figure, cplot_axis_t *axis,
                                     char texts[][CPLOT_LABEL_MAX], double max_width)
{
    return measure_labels_fit(figure, axis, texts,
                              max_width > 0 ? CPLOT_TEXT_ELLIPSIZE : CPLOT_TEXT_NO_LIMIT,
                              max_width, 1);
}

/* True when neighbouring labels keep at least `gap` between them along
 * the axis at the given tick positions. */
static bool labels_fit(const cplot_axis_t *axis, bool horizontal, double gap)
{
    for (size_t i = 1; i < axis->label_count; i++) {
        double a = cplot_scale_map(&axis->scale, axis->ticks.values[i - 1]);
        double b = cplot_scale_map(&axis->scale, axis->ticks.values[i]);
        double need = horizontal ? (axis->labels[i - 1].box.width + axis->labels[i].box.width) / 2
                                 : (axis->labels[i - 1].box.height + axis->labels[i].box.height) / 2;
        if (fabs(b - a) < need + gap)
            return false;
    }
    return true;
}

static cplot_status_t numeric_axis(cplot_figure_t *figure, cplot_axis_t *axis, double length,
                                   bool horizontal)
{
    axis->scale.type = axis->type;
    double lo = axis->data_min, hi = axis->data_max;
    if (axis->sticky_zero && axis->type == CPLOT_SCALE_LINEAR) {
        /* Bars grow from zero: zero is on the axis and gets no margin, as
         * matplotlib's sticky edges, so bars sit on the axis line. */
        lo = fmin(lo, 0);
        hi = fmax(hi, 0);
        double pad = (hi - lo) * 0.05;
        if (hi == lo)
            pad = 1, hi = lo + 1;
        axis->scale.domain_min = lo < 0 ? lo - pad : 0;
        axis->scale.domain_max = hi > 0 ? hi + pad : 0;
    } else {
        axis->scale.domain_min = lo;
        axis->scale.domain_max = hi;
        cplot_scale_pad_domain(axis->type, 0.05, &axis->scale.domain_min, &axis->scale.domain_max);
    }
    set_scale_range(axis, length, horizontal);
    double spacing = figure->font_size * (horizontal ? X_TICK_SPACING : Y_TICK_SPACING);
    double gap = figure->font_size * (horizontal ? 0.8 : 0.3);
    /* Fewer ticks until the labels stop colliding. */
    for (int target = tick_target(length, spacing); target >= 2; target--) {
        numeric_ticks(axis, target);
        char texts[CPLOT_MAX_TICKS][CPLOT_LABEL_MAX];
        if (axis->type == CPLOT_SCALE_LOG) {
            cplot_format_log_ticks(axis->ticks.values, axis->ticks.count, texts);
        } else if (axis->absolute_labels) {
            double magnitudes[CPLOT_MAX_TICKS];
            for (size_t i = 0; i < axis->ticks.count; i++)
                magnitudes[i] = fabs(axis->ticks.values[i]);
            cplot_format_linear_ticks(magnitudes, axis->ticks.count, texts);
        } else {
            cplot_format_linear_ticks(axis->ticks.values, axis->ticks.count, texts);
        }
        cplot_status_t status = measure_labels(figure, axis, texts, 0);
        if (status != CPLOT_STATUS_SUCCESS)
            return status;
        if (labels_fit(axis, horizontal, gap))
            return CPLOT_STATUS_SUCCESS;
    }
    /* Even two labels collide (a tiny panel): keep every other tick until
     * they fit, down to one. Fewer numbers beat numbers over numbers. */
    while (axis->label_count > 1 && !labels_fit(axis, horizontal, gap)) {
        size_t kept = 0;
        for (size_t i = 0; i < axis->label_count; i++) {
            if (i % 2 == 0) {
                axis->ticks.values[kept] = axis->ticks.values[i];
                axis->labels[kept++] = axis->labels[i];
            } else {
                cplot_label_release(&axis->labels[i]);
            }
        }
        axis->label_count = axis->ticks.count = kept;
    }
    return CPLOT_STATUS_SUCCESS;
}

/* Category labels: horizontal when they fit their band, else wrapped onto
 * up to three lines within it, else turned a quarter (never 45 degrees:
 * upright boxes keep the no-overlap rule exact) and ellipsized to a third
 * of the canvas; thinned to every k-th category when even turned labels
 * are denser than the text is tall. */
static cplot_status_t band_axis(cplot_figure_t *figure, cplot_axis_t *axis, double length,
                                bool horizontal)
{
    size_t count = axis->band_count;
    axis->scale.type = CPLOT_SCALE_BAND;
    axis->scale.band_count = count;
    axis->scale.band_padding = 0.2;
    axis->scale.domain_min = 0;
    axis->scale.domain_max = (double)count;
    set_scale_range(axis, length, horizontal);
    double step = count ? length / (double)count : length;
    double gap = figure->font_size * 0.5;
    double line = cplot_tick_label_size(figure) * 1.2;
    size_t stride = 1;
    while (count / stride > CPLOT_MAX_TICKS || step * (double)stride < line)
        stride++;
    axis->label_stride = stride;
    axis->ticks.count = 0;
    char texts[CPLOT_MAX_TICKS][CPLOT_LABEL_MAX];
    for (size_t level = 0; level < count && axis->ticks.count < CPLOT_MAX_TICKS; level += stride) {
        axis->ticks.values[axis->ticks.count] = (double)level;
        /* Labels longer than the buffer are cut at a character boundary
         * and shown with an ellipsis by the measuring below. */
        const char *text = axis->band_names[level];
        size_t n = strlen(text);
        if (n >= CPLOT_LABEL_MAX) {
            n = CPLOT_LABEL_MAX - 4;
            while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
                n--;
            memcpy(texts[axis->ticks.count], text, n);
            memcpy(texts[axis->ticks.count] + n, "…", 4);
        } else {
            memcpy(texts[axis->ticks.count], text, n + 1);
        }
        axis->ticks.count++;
    }
    double room = step * (double)stride - gap;
    double max_length = (horizontal ? figure->height : figure->width) / 3;
    /* Labels turned in an earlier layout pass are measured turned at once. */
    bool flat = horizontal && !axis->labels_turned;
    cplot_status_t status = measure_labels(figure, axis, texts, flat ? 0 : max_length);
    if (status != CPLOT_STATUS_SUCCESS || !horizontal)
        return status;
    if (flat) {
        double widest = 0;
        for (size_t i = 0; i < axis->label_count; i++)
            widest = fmax(widest, axis->labels[i].width);
        if (widest <= room)
            return CPLOT_STATUS_SUCCESS;
        if (room >= figure->font_size * 3) {
            status = measure_labels_fit(figure, axis, texts, CPLOT_TEXT_WRAP, room, 3);
            bool wrapped_whole = status == CPLOT_STATUS_SUCCESS;
            for (size_t i = 0; wrapped_whole && i < axis->label_count; i++)
                wrapped_whole = !pango_layout_is_ellipsized(axis->labels[i].layout);
            /* Breaking inside a word would mislead: only whole words wrap. */
            for (size_t i = 0; wrapped_whole && i < axis->label_count; i++) {
                PangoLayoutIter *iter = pango_layout_get_iter(axis->labels[i].layout);
                const char *text = pango_layout_get_text(axis->labels[i].layout);
                while (wrapped_whole && pango_layout_iter_next_line(iter)) {
                    int start = pango_layout_iter_get_index(iter);
                    wrapped_whole = start > 0 && (text[start - 1] == ' ' || text[start - 1] == '-');
                }
                pango_layout_iter_free(iter);
            }
            if (status != CPLOT_STATUS_SUCCESS || wrapped_whole)
                return status;
        }
        status = measure_labels(figure, axis, texts, max_length);
    }
    for (size_t i = 0; i < axis->label_count; i++)
        cplot_label_rotate(&axis->labels[i], -M_PI / 2, NULL, NULL);
    axis->labels_turned = true;
    return status;
}

cplot_status_t cplot_axis_build_ticks(cplot_figure_t *figure, cplot_axis_t *axis, double length,
                                      bool horizontal)
{
    if (length < 1)
        length = 1;
    cplot_status_t status = axis->type == CPLOT_SCALE_BAND
                                ? band_axis(figure, axis, length, horizontal)
                                : numeric_axis(figure, axis, length, horizontal);
    /* Move the range from plot-relative to canvas pixels. */
    cplot_rect_t plot = figure->layout.plot;
    double offset = horizontal ? plot.x : plot.y;
    axis->scale.range_start += offset;
    axis->scale.range_end += offset;
    return status;
}

static void set_color(cairo_t *cr, cplot_rgba_t c)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
}

/* Crisp one-pixel lines: put them on pixel centres at 1x. */
static double crisp(double v)
{
    return floor(v) + 0.5;
}

void cplot_draw_grid(cplot_figure_t *figure, cairo_t *cr)
{
    cplot_rect_t plot = figure->layout.plot;
    cairo_save(cr);
    set_color(cr, figure->theme->grid);
    cairo_set_line_width(cr, 1);
    const cplot_axis_t *x = &figure->x, *y = &figure->y;
    if (x->present && x->type != CPLOT_SCALE_BAND)
        for (size_t i = 0; i < x->ticks.count; i++) {
            double px = crisp(cplot_scale_map(&x->scale, x->ticks.values[i]));
            cairo_move_to(cr, px, plot.y);
            cairo_line_to(cr, px, cplot_rect_bottom(plot));
        }
    if (y->present && y->type != CPLOT_SCALE_BAND)
        for (size_t i = 0; i < y->ticks.count; i++) {
            double py = crisp(cplot_scale_map(&y->scale, y->ticks.values[i]));
            cairo_move_to(cr, plot.x, py);
            cairo_line_to(cr, cplot_rect_right(plot), py);
        }
    cairo_stroke(cr);
    cairo_restore(cr);
}

void cplot_draw_axes(cplot_figure_t *figure, cairo_t *cr)
{
    cplot_rect_t plot = figure->layout.plot;
    double tick = cplot_tick_length(figure);
    const cplot_axis_t *x = &figure->x, *y = &figure->y;
    cairo_save(cr);
    set_color(cr, figure->theme->axis);
    cairo_set_line_width(cr, 1);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_SQUARE);
    double bottom = crisp(cplot_rect_bottom(plot)), left = crisp(plot.x);
    if (figure->hide_axis_lines) {
        /* Cells are their own frame; their labels sit beside them. */
    } else if (x->present) {
        cairo_move_to(cr, plot.x, bottom);
        cairo_line_to(cr, cplot_rect_right(plot), bottom);
        for (size_t i = 0; i < x->ticks.count; i++) {
            double px = crisp(cplot_scale_map(&x->scale, x->ticks.values[i]));
            cairo_move_to(cr, px, bottom);
            cairo_line_to(cr, px, bottom + tick);
        }
    }
    if (y->present && !figure->hide_axis_lines) {
        cairo_move_to(cr, left, plot.y);
        cairo_line_to(cr, left, cplot_rect_bottom(plot));
        for (size_t i = 0; i < y->ticks.count; i++) {
            double py = crisp(cplot_scale_map(&y->scale, y->ticks.values[i]));
            cairo_move_to(cr, left, py);
            cairo_line_to(cr, left - tick, py);
        }
    }
    cairo_stroke(cr);
    cairo_restore(cr);
    for (size_t i = 0; i < x->label_count && !figure->hide_x_labels; i++)
        cplot_label_draw(cr, &figure->fonts, &x->labels[i]);
    for (size_t i = 0; i < y->label_count && !figure->hide_y_labels; i++)
        cplot_label_draw(cr, &figure->fonts, &y->labels[i]);
}

/* ---------------------------------------------------------------- legends */

void cplot_legend_release(cplot_legend_block_t *block)
{
    cplot_label_release(&block->title);
    for (size_t i = 0; i < block->item_count; i++)
        cplot_label_release(&block->items[i].label);
    for (size_t i = 0; i < block->tick_label_count; i++)
        cplot_label_release(&block->tick_labels[i]);
    block->item_count = block->tick_label_count = 0;
}

#define COLORBAR_THICKNESS(f) ((f)->font_size * 1.1)

cplot_status_t cplot_legend_measure(cplot_figure_t *figure, cplot_legend_block_t *block,
                                    double max_height)
{
    double fs = figure->font_size;
    cplot_text_style_t title_style = {fs * 0.95, true, figure->theme->ink};
    cplot_text_style_t item_style = {cplot_tick_label_size(figure), false, figure->theme->muted_ink};
    double max_text = fmax(fs * 6, figure->width * 0.2);
    cplot_status_t status = CPLOT_STATUS_SUCCESS;
    if (block->title_text && *block->title_text)
        status = cplot_label_init(&block->title, &figure->fonts, block->title_text, &title_style,
                                  CPLOT_TEXT_ELLIPSIZE, max_text, 1);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    double title_height = block->title.layout ? block->title.height + fs * 0.3 : 0;
    double width = block->title.layout ? block->title.width : 0;

    if (block->kind == CPLOT_LEGEND_COLORBAR) {
        double length = fmax(fs * 4, fmin(max_height - title_height - fs * 1.2, fs * 16));
        cplot_ticks_t ticks;
        block->ticks.count = 0;
        if (cplot_ticks_extended(block->domain_min, block->domain_max,
                                 (int)fmax(2, floor(length / (fs * 3.5)) + 1), &ticks)) {
            double span = block->domain_max - block->domain_min, eps = span * 1e-9;
            for (size_t i = 0; i < ticks.count; i++)
                if (ticks.values[i] >= block->domain_min - eps &&
                    ticks.values[i] <= block->domain_max + eps)
                    block->ticks.values[block->ticks.count++] = ticks.values[i];
        }
        char texts[CPLOT_MAX_TICKS][CPLOT_LABEL_MAX];
        cplot_format_linear_ticks(block->ticks.values, block->ticks.count, texts);
        double label_width = 0;
        for (size_t i = 0; i < block->ticks.count; i++) {
            status = cplot_label_init(&block->tick_labels[i], &figure->fonts, texts[i], &item_style,
                                      CPLOT_TEXT_NO_LIMIT, 0, 1);
            if (status != CPLOT_STATUS_SUCCESS)
                return status;
            block->tick_label_count = i + 1;
            cplot_label_rotate(&block->tick_labels[i], 0, NULL, NULL);
            label_width = fmax(label_width, block->tick_labels[i].width);
        }
        double label_height = block->tick_label_count ? block->tick_labels[0].height : 0;
        block->bar = (cplot_rect_t){0, title_height + label_height / 2, COLORBAR_THICKNESS(figure),
                                    length};
        block->width = fmax(width, COLORBAR_THICKNESS(figure) + fs * 0.6 + label_width);
        block->height = title_height + length + label_height;
        return CPLOT_STATUS_SUCCESS;
    }

    /* Rows of swatch + label; a swatch is as wide as the largest marker. */
    double swatch = fs;
    for (size_t i = 0; i < block->item_count; i++)
        swatch = fmax(swatch, block->items[i].size);
    double row_gap = fs * 0.35;
    double y = title_height;
    size_t shown = 0;
    for (size_t i = 0; i < block->item_count; i++) {
        cplot_legend_item_t *item = &block->items[i];
        status = cplot_label_init(&item->label, &figure->fonts, block->item_texts[i], &item_style,
                                  CPLOT_TEXT_ELLIPSIZE, max_text, 1);
        if (status != CPLOT_STATUS_SUCCESS) {
            block->item_count = i;
            return status;
        }
        shown = i + 1;
        cplot_label_rotate(&item->label, 0, NULL, NULL);
        double row = fmax(item->label.height, fmax(item->size, fs));
        item->swatch = (cplot_rect_t){0, y, swatch, row};
        item->label.box.x = swatch + fs * 0.5;
        item->label.box.y = y + (row - item->label.height) / 2;
        width = fmax(width, swatch + fs * 0.5 + item->label.width);
        y += row + row_gap;
        /* Stop before the block would run past the room there is; the
         * remaining entries are counted, not silently lost. */
        if (y > max_height && i + 1 < block->item_count) {
            for (size_t j = i + 1; j < block->item_count; j++)
                block->hidden_count++;
            break;
        }
    }
    block->item_count = shown;
    block->width = width;
    block->height = y - row_gap;
    return CPLOT_STATUS_SUCCESS;
}

/* Moves every part of the block from block-relative to canvas pixels. */
void cplot_legend_place(cplot_legend_block_t *block, double x, double y)
{
    block->box = (cplot_rect_t){x, y, block->width, block->height};
    if (block->title.layout)
        cplot_label_place(&block->title, x, y);
    for (size_t i = 0; i < block->item_count; i++) {
        cplot_legend_item_t *item = &block->items[i];
        item->swatch.x += x;
        item->swatch.y += y;
        cplot_label_place(&item->label, item->label.box.x + x, item->label.box.y + y);
    }
    if (block->kind == CPLOT_LEGEND_COLORBAR) {
        block->bar.x += x;
        block->bar.y += y;
        double span = block->domain_max - block->domain_min;
        for (size_t i = 0; i < block->tick_label_count; i++) {
            cplot_label_t *label = &block->tick_labels[i];
            double t = span > 0 ? (block->ticks.values[i] - block->domain_min) / span : 0.5;
            double py = cplot_rect_bottom(block->bar) - t * block->bar.height;
            cplot_label_place(label, cplot_rect_right(block->bar) + block->bar.width * 0.5,
                              py - label->height / 2);
        }
    }
}

void cplot_legend_draw(cplot_figure_t *figure, const cplot_legend_block_t *block, cairo_t *cr)
{
    if (block->title.layout)
        cplot_label_draw(cr, &figure->fonts, &block->title);
    if (block->kind == CPLOT_LEGEND_COLORBAR) {
        cplot_rect_t bar = block->bar;
        cairo_pattern_t *gradient =
            cairo_pattern_create_linear(0, cplot_rect_bottom(bar), 0, bar.y);
        /* 32 stops follow the colour map closely enough to be invisible. */
        for (int i = 0; i <= 32; i++) {
            cplot_rgba_t c = cplot_colormap_sample(block->colormap, i / 32.0);
            cairo_pattern_add_color_stop_rgba(gradient, i / 32.0, c.r, c.g, c.b, c.a);
        }
        cairo_save(cr);
        cairo_rectangle(cr, bar.x, bar.y, bar.width, bar.height);
        cairo_set_source(cr, gradient);
        cairo_fill(cr);
        cairo_pattern_destroy(gradient);
        set_color(cr, figure->theme->background);
        cairo_set_line_width(cr, 1);
        double span = block->domain_max - block->domain_min;
        for (size_t i = 0; i < block->ticks.count; i++) {
            double t = span > 0 ? (block->ticks.values[i] - block->domain_min) / span : 0.5;
            double py = crisp(cplot_rect_bottom(bar) - t * bar.height);
            cairo_move_to(cr, bar.x, py);
            cairo_line_to(cr, bar.x + bar.width * 0.25, py);
            cairo_move_to(cr, cplot_rect_right(bar) - bar.width * 0.25, py);
            cairo_line_to(cr, cplot_rect_right(bar), py);
        }
        cairo_stroke(cr);
        cairo_restore(cr);
        for (size_t i = 0; i < block->tick_label_count; i++)
            cplot_label_draw(cr, &figure->fonts, &block->tick_labels[i]);
        return;
    }
    for (size_t i = 0; i < block->item_count; i++) {
        const cplot_legend_item_t *item = &block->items[i];
        double cx = item->swatch.x + item->swatch.width / 2;
        double cy = item->swatch.y + item->swatch.height / 2;
        cairo_save(cr);
        set_color(cr, item->color);
        cplot_marker_path(cr, block->marker, cx, cy, item->size);
        if (cplot_marker_is_stroked(block->marker)) {
            cairo_set_line_width(cr, fmax(1, item->size / 6));
            cairo_stroke(cr);
        } else {
            cairo_fill(cr);
        }
        cairo_restore(cr);
        cplot_label_draw(cr, &figure->fonts, &item->label);
    }
}

/* ------------------------------------------------------ reference marks */

static bool numeric_axis_present(const cplot_axis_t *axis)
{
    return axis->present && axis->scale.type != CPLOT_SCALE_BAND;
}

void cplot_draw_spans(cplot_figure_t *figure, cairo_t *cr)
{
    cplot_rect_t plot = figure->layout.plot;
    const cplot_value_t *spans[2] = {cplot_chart_value(figure->chart, "x_span"),
                                     cplot_chart_value(figure->chart, "y_span")};
    const cplot_axis_t *axes[2] = {&figure->x, &figure->y};
    cplot_rgba_t ink = figure->theme->ink;
    for (int i = 0; i < 2; i++) {
        if (spans[i]->count != 2 || !numeric_axis_present(axes[i]))
            continue;
        double a = cplot_scale_map(&axes[i]->scale, spans[i]->numbers[0]);
        double b = cplot_scale_map(&axes[i]->scale, spans[i]->numbers[1]);
        if (!isfinite(a) || !isfinite(b))
            continue;
        /* A wash of the ink colour reads as "highlighted" in both themes. */
        cairo_set_source_rgba(cr, ink.r, ink.g, ink.b, 0.07);
        if (i == 0)
            cairo_rectangle(cr, fmin(a, b), plot.y, fabs(b - a), plot.height);
        else
            cairo_rectangle(cr, plot.x, fmin(a, b), plot.width, fabs(b - a));
        cairo_fill(cr);
    }
}

void cplot_draw_reference_lines(cplot_figure_t *figure, cairo_t *cr)
{
    cplot_rect_t plot = figure->layout.plot;
    const cplot_value_t *lines[2] = {cplot_chart_value(figure->chart, "x_lines"),
                                     cplot_chart_value(figure->chart, "y_lines")};
    const cplot_axis_t *axes[2] = {&figure->x, &figure->y};
    cplot_rgba_t ink = figure->theme->ink;
    cairo_save(cr);
    cairo_set_source_rgba(cr, ink.r, ink.g, ink.b, 0.75);
    cairo_set_line_width(cr, 1.25);
    double dash[] = {5, 3};
    cairo_set_dash(cr, dash, 2, 0);
    for (int i = 0; i < 2; i++) {
        if (!numeric_axis_present(axes[i]))
            continue;
        for (size_t k = 0; k < lines[i]->count; k++) {
            double p = cplot_scale_map(&axes[i]->scale, lines[i]->numbers[k]);
            if (!isfinite(p))
                continue;
            if (i == 0) {
                cairo_move_to(cr, p, plot.y);
                cairo_line_to(cr, p, cplot_rect_bottom(plot));
            } else {
                cairo_move_to(cr, plot.x, p);
                cairo_line_to(cr, cplot_rect_right(plot), p);
            }
        }
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}
