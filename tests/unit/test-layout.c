/* Layout invariants: over a grid of canvas sizes, title lengths, label
 * lengths and legends, no two text boxes overlap and every box lies inside
 * the canvas. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "assert-close.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figure-private.h"
#include "layout-private.h"

static const char *const long_words[] = {"Adelie", "Chinstrap penguins of the Antarctic Peninsula",
                                         "Gentoo", "x"};

/* A table with numeric columns over a chosen magnitude and a categorical
 * one whose labels are `label_length` characters long. */
static cplot_table_t *make_table(double magnitude, size_t label_length, size_t categories)
{
    enum { N = 60 };
    double x[N], y[N], s[N];
    const char *g[N];
    char names[16][128];
    for (size_t k = 0; k < categories && k < 16; k++) {
        size_t n = label_length < 120 ? label_length : 120;
        for (size_t i = 0; i < n; i++)
            names[k][i] = (char)('a' + (i + k) % 26);
        names[k][0] = (char)('A' + k);
        names[k][n] = 0;
    }
    for (int i = 0; i < N; i++) {
        x[i] = magnitude * (i - 20) * 1.37;
        y[i] = magnitude * sin(i) * 1000;
        s[i] = i;
        g[i] = names[i % categories];
    }
    cplot_table_t *table = cplot_table_create();
    assert_int_equal(cplot_table_add_numeric(table, "horizontal value", x, N), CPLOT_STATUS_SUCCESS);
    assert_int_equal(cplot_table_add_numeric(table, "vertical value", y, N), CPLOT_STATUS_SUCCESS);
    assert_int_equal(cplot_table_add_numeric(table, "weight", s, N), CPLOT_STATUS_SUCCESS);
    assert_int_equal(cplot_table_add_categorical(table, "group", g, N), CPLOT_STATUS_SUCCESS);
    return table;
}

static void check_figure_labels(cplot_chart_t *chart, double width, double height,
                                const char *what, bool text_in_plot);

static void check_figure(cplot_chart_t *chart, double width, double height, const char *what)
{
    check_figure_labels(chart, width, height, what, false);
}

static void check_figure_labels(cplot_chart_t *chart, double width, double height,
                                const char *what, bool text_in_plot)
{
    cplot_figure_t *figure = malloc(sizeof *figure);
    assert_non_null(figure);
    cplot_status_t status = cplot_figure_plan(figure, chart, width, height);
    if (status != CPLOT_STATUS_SUCCESS)
        fail_msg("%s at %gx%g: %s", what, width, height, figure->message);
    const cplot_label_t *labels[512];
    size_t count = cplot_figure_labels(figure, labels, 512);
    assert_true(count <= 512);
    cplot_rect_t canvas = {0, 0, width, height};
    for (size_t i = 0; i < count; i++) {
        cplot_rect_t a = labels[i]->box;
        if (!cplot_rect_contains(canvas, a, 0.01))
            fail_msg("%s at %gx%g: label %zu (%s) at %.1f,%.1f %.1fx%.1f leaves the canvas", what,
                     width, height, i, pango_layout_get_text(labels[i]->layout), a.x, a.y, a.width,
                     a.height);
        for (size_t j = i + 1; j < count; j++) {
            cplot_rect_t b = labels[j]->box;
            if (cplot_rect_intersects(a, b))
                fail_msg("%s at %gx%g: \"%s\" (%.1f,%.1f %.1fx%.1f) overlaps \"%s\" (%.1f,%.1f "
                         "%.1fx%.1f)",
                         what, width, height, pango_layout_get_text(labels[i]->layout), a.x, a.y,
                         a.width, a.height, pango_layout_get_text(labels[j]->layout), b.x, b.y,
                         b.width, b.height);
        }
    }
    /* The plot area holds no text either (but point labels): tick labels
     * sit outside it. */
    for (size_t i = 0; i < count && !text_in_plot; i++)
        if (cplot_rect_intersects(figure->layout.plot, labels[i]->box) &&
            labels[i] != &figure->title)
            fail_msg("%s at %gx%g: \"%s\" lies inside the plot area", what, width, height,
                     pango_layout_get_text(labels[i]->layout));
    cplot_figure_release(figure);
    free(figure);
}

static void test_scatter_layout_grid(void **state)
{
    (void)state;
    static const double sizes[][2] = {{320, 240}, {400, 300}, {640, 480}, {800, 600},
                                      {1200, 500}, {500, 1200}, {1920, 1080}, {3000, 2000}};
    static const double magnitudes[] = {1e-9, 1, 1234.5, 1e12};
    static const size_t label_lengths[] = {1, 12, 60};
    static const char *const titles[] = {
        NULL, "Short title",
        "A much longer title that has to wrap onto more than one line on small canvases because "
        "it goes on and on"};
    size_t checked = 0;
    for (size_t m = 0; m < sizeof magnitudes / sizeof magnitudes[0]; m++) {
        for (size_t l = 0; l < sizeof label_lengths / sizeof label_lengths[0]; l++) {
            cplot_table_t *table = make_table(magnitudes[m], label_lengths[l], 4);
            for (int variant = 0; variant < 4; variant++) {
                cplot_chart_t *chart = cplot_chart_create(CPLOT_KIND_SCATTER);
                cplot_chart_set_data(chart, table);
                /* Variants: hue legend; numeric hue colour bar plus size
                 * legend; categories on the x axis; categories on y. */
                cplot_chart_set_string(chart, "x", variant == 2 ? "group" : "horizontal value");
                cplot_chart_set_string(chart, "y", variant == 3 ? "group" : "vertical value");
                if (variant == 0)
                    cplot_chart_set_string(chart, "hue", "group");
                if (variant == 1) {
                    cplot_chart_set_string(chart, "hue", "vertical value");
                    cplot_chart_set_string(chart, "size", "weight");
                }
                for (size_t t = 0; t < sizeof titles / sizeof titles[0]; t++) {
                    if (titles[t]) {
                        cplot_chart_set_string(chart, "title", titles[t]);
                        cplot_chart_set_string(chart, "subtitle", long_words[t % 4]);
                    }
                    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
                        char what[200];
                        snprintf(what, sizeof what, "magnitude %g, labels %zu, variant %d, title %zu",
                                 magnitudes[m], label_lengths[l], variant, t);
                        check_figure(chart, sizes[s][0], sizes[s][1], what);
                        checked++;
                    }
                }
                assert_int_equal(cplot_chart_status(chart), CPLOT_STATUS_SUCCESS);
                cplot_chart_destroy(chart);
            }
            cplot_table_destroy(table);
        }
    }
    assert_int_equal(checked, 4 * 3 * 4 * 3 * 8);
}

/* Margins come from measured text: a wider tick label moves the plot. */
static void test_margins_follow_text(void **state)
{
    (void)state;
    double left[2];
    for (int i = 0; i < 2; i++) {
        /* y spans about ±1 ("−1.0") and then ±100,000 ("−100,000"). */
        cplot_table_t *table = make_table(i == 0 ? 1e-3 : 100, 3, 2);
        cplot_chart_t *chart = cplot_chart_create(CPLOT_KIND_SCATTER);
        cplot_chart_set_data(chart, table);
        cplot_chart_set_string(chart, "x", "horizontal value");
        cplot_chart_set_string(chart, "y", "vertical value");
        cplot_figure_t *figure = malloc(sizeof *figure);
        assert_int_equal(cplot_figure_plan(figure, chart, 800, 600), CPLOT_STATUS_SUCCESS);
        left[i] = figure->layout.plot.x;
        /* The widest y label ends just left of the tick marks. */
        double widest = 0;
        for (size_t k = 0; k < figure->y.label_count; k++)
            widest = fmax(widest, figure->y.labels[k].box.width);
        assert_true(figure->layout.plot.x > widest);
        cplot_figure_release(figure);
        free(figure);
        cplot_chart_destroy(chart);
        cplot_table_destroy(table);
    }
    assert_true(left[1] > left[0] + 10);
}

/* Point labels stay clear of each other, of every text outside the plot
 * and of the canvas edge, at every size. */
static void test_point_labels(void **state)
{
    (void)state;
    cplot_table_t *table = make_table(1, 8, 4);
    cplot_chart_t *chart = cplot_chart_create(CPLOT_KIND_SCATTER);
    cplot_chart_set_data(chart, table);
    cplot_chart_set_string(chart, "x", "horizontal value");
    cplot_chart_set_string(chart, "y", "vertical value");
    cplot_chart_set_string(chart, "label", "group");
    cplot_chart_set_string(chart, "hue", "group");
    static const double sizes[][2] = {{320, 240}, {800, 600}, {3000, 2000}};
    for (size_t i = 0; i < 3; i++)
        check_figure_labels(chart, sizes[i][0], sizes[i][1], "point labels", true);
    /* At a comfortable size most labels find a place. */
    cplot_figure_t *figure = malloc(sizeof *figure);
    assert_int_equal(cplot_figure_plan(figure, chart, 1600, 1200), CPLOT_STATUS_SUCCESS);
    const cplot_label_t *labels[512];
    size_t all = cplot_figure_labels(figure, labels, 512);
    cplot_figure_release(figure);
    free(figure);
    assert_true(all > 40);
    cplot_chart_destroy(chart);
    cplot_table_destroy(table);
}

/* Small multiples: every panel's text stays clear of every other's and of
 * the shared titles and legend, at every size. */
static void test_facets(void **state)
{
    (void)state;
    cplot_table_t *table = make_table(1, 10, 4);
    static const double sizes[][2] = {{480, 360}, {800, 600}, {1600, 500}, {3000, 2000}};
    for (int kind = 0; kind < 2; kind++) {
        cplot_chart_t *chart = cplot_chart_create(kind == 0 ? CPLOT_KIND_SCATTER : CPLOT_KIND_HISTOGRAM);
        cplot_chart_set_data(chart, table);
        cplot_chart_set_string(chart, "x", "horizontal value");
        if (kind == 0) {
            cplot_chart_set_string(chart, "y", "vertical value");
            cplot_chart_set_string(chart, "hue", "weight");
        }
        cplot_chart_set_string(chart, "facet", "group");
        cplot_chart_set_string(chart, "title", "Facets");
        assert_int_equal(cplot_chart_status(chart), CPLOT_STATUS_SUCCESS);
        for (size_t i = 0; i < 4; i++)
            check_figure_labels(chart, sizes[i][0], sizes[i][1], kind ? "facets (histogram)" : "facets", true);
        /* Four panels, each with its own ticks. */
        cplot_figure_t *figure = malloc(sizeof *figure);
        assert_int_equal(cplot_figure_plan(figure, chart, 800, 600), CPLOT_STATUS_SUCCESS);
        assert_int_equal(figure->panel_count, 4);
        for (size_t p = 1; p < 4; p++) {
            /* Shared axes: the same domain in every panel. */
            assert_close(figure->panels[p]->x.scale.domain_min, figure->panels[0]->x.scale.domain_min, 0);
            assert_close(figure->panels[p]->y.scale.domain_max, figure->panels[0]->y.scale.domain_max, 0);
            assert_false(cplot_rect_intersects(figure->panel_rects[p], figure->panel_rects[p - 1]));
        }
        cplot_figure_release(figure);
        free(figure);
        cplot_chart_destroy(chart);
    }
    cplot_table_destroy(table);
}

/* Pair plots: panels align in rows and columns, and no text collides. */
static void test_pairplot(void **state)
{
    (void)state;
    cplot_table_t *table = make_table(1, 6, 3);
    cplot_chart_t *chart = cplot_chart_create(CPLOT_KIND_PAIRPLOT);
    cplot_chart_set_data(chart, table);
    cplot_chart_set_string(chart, "hue", "group");
    cplot_chart_set_string(chart, "title", "Pairs");
    static const double sizes[][2] = {{480, 480}, {900, 820}, {2000, 2000}};
    for (size_t i = 0; i < 3; i++)
        check_figure_labels(chart, sizes[i][0], sizes[i][1], "pairplot", true);
    cplot_figure_t *figure = malloc(sizeof *figure);
    assert_int_equal(cplot_figure_plan(figure, chart, 900, 820), CPLOT_STATUS_SUCCESS);
    assert_int_equal(figure->panel_count, 9);
    for (size_t k = 0; k < 9; k++) {
        /* One plot size everywhere; plots line up in columns and rows. */
        size_t row = k / 3, col = k % 3;
        cplot_rect_t a = figure->panels[k]->layout.plot, b = figure->panels[0]->layout.plot;
        assert_close(a.width, b.width, 1e-9);
        assert_close(a.height, b.height, 1e-9);
        double ax = a.x + figure->panel_rects[k].x, ay = a.y + figure->panel_rects[k].y;
        cplot_rect_t top = figure->panels[col]->layout.plot, first = figure->panels[row * 3]->layout.plot;
        assert_close(ax, top.x + figure->panel_rects[col].x, 1e-9);
        assert_close(ay, first.y + figure->panel_rects[row * 3].y, 1e-9);
    }
    cplot_figure_release(figure);
    free(figure);
    cplot_chart_destroy(chart);

    /* Joint plots: the margins line up with the joint view. */
    chart = cplot_chart_create(CPLOT_KIND_JOINT);
    cplot_chart_set_data(chart, table);
    cplot_chart_set_string(chart, "x", "horizontal value");
    cplot_chart_set_string(chart, "y", "vertical value");
    cplot_chart_set_string(chart, "hue", "group");
    for (size_t i = 0; i < 3; i++)
        check_figure_labels(chart, sizes[i][0], sizes[i][1], "joint", true);
    figure = malloc(sizeof *figure);
    assert_int_equal(cplot_figure_plan(figure, chart, 720, 640), CPLOT_STATUS_SUCCESS);
    assert_int_equal(figure->panel_count, 3);
    cplot_rect_t main = figure->panels[0]->layout.plot, top = figure->panels[1]->layout.plot,
                 right = figure->panels[2]->layout.plot;
    assert_close(main.x + figure->panel_rects[0].x, top.x + figure->panel_rects[1].x, 1e-9);
    assert_close(main.width, top.width, 1e-9);
    assert_close(main.y + figure->panel_rects[0].y, right.y + figure->panel_rects[2].y, 1e-9);
    assert_close(main.height, right.height, 1e-9);
    cplot_figure_release(figure);
    free(figure);
    cplot_chart_destroy(chart);
    cplot_table_destroy(table);
}

static void test_layout_pure_function(void **state)
{
    (void)state;
    cplot_layout_request_t r = {.width = 800, .height = 600, .padding = 12, .gap = 9,
                                .title_height = 20, .x_title_height = 14, .y_title_width = 14,
                                .x_axis_height = 20, .y_axis_width = 40, .legend_width = 100,
                                .legend_height = 80, .legend_position = CPLOT_LEGEND_RIGHT,
                                .min_plot_size = 24};
    cplot_layout_t a, b;
    cplot_layout_compute(&r, &a);
    cplot_layout_compute(&r, &b);
    assert_memory_equal(&a, &b, sizeof a);
    assert_true(a.fits);
    /* Everything the request measured has room exactly where expected. */
    assert_close(a.title.y, 12, 1e-9);
    assert_close(a.plot.y, 12 + 20 + 9, 1e-9);
    assert_close(cplot_rect_right(a.legend), 800 - 12, 1e-9);
    assert_close(cplot_rect_right(a.plot), 800 - 12 - 100 - 9, 1e-9);
    assert_close(a.plot.x, 12 + 14 + 4.5 + 40, 1e-9);
    assert_close(cplot_rect_bottom(a.x_title), 600 - 12, 1e-9);
    assert_false(cplot_rect_intersects(a.plot, a.legend));
    /* A canvas too small keeps a minimum plot and says so. */
    r.width = 100;
    cplot_layout_compute(&r, &a);
    assert_false(a.fits);
    assert_close(a.plot.width, 24, 1e-9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_pure_function),
        cmocka_unit_test(test_margins_follow_text),
        cmocka_unit_test(test_point_labels),
        cmocka_unit_test(test_facets),
        cmocka_unit_test(test_pairplot),
        cmocka_unit_test(test_scatter_layout_grid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
