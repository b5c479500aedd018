/* Rendering end to end through the public API: formats, determinism,
 * threads, HiDPI, atomic writes, errors, and golden images. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fontconfig/fontconfig.h>

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cplot/cplot.h"
#include "golden.h"

/* Deterministic pseudo-random data (no libc rand: its sequence differs
 * between C libraries, and golden images must not). */
static uint64_t rng_state;
static double uniform(void)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

static cplot_table_t *penguin_like_table(size_t n)
{
    static const char *const species[] = {"Adelie", "Chinstrap", "Gentoo"};
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), *s = malloc(n * sizeof *s);
    const char **g = malloc(n * sizeof *g);
    rng_state = 42;
    for (size_t i = 0; i < n; i++) {
        size_t k = i % 3;
        x[i] = 172 + 12 * (double)k + 14 * uniform();
        y[i] = 3300 + 700 * (double)k + (x[i] - 170) * 22 + 500 * uniform();
        s[i] = 35 + 20 * uniform();
        g[i] = species[k];
    }
    cplot_table_t *table = cplot_table_create();
    cplot_table_add_numeric(table, "flipper_length_mm", x, n);
    cplot_table_add_numeric(table, "body_mass_g", y, n);
    cplot_table_add_numeric(table, "bill_length_mm", s, n);
    cplot_table_add_categorical(table, "species", g, n);
    free(x);
    free(y);
    free(s);
    free(g);
    return table;
}

static cplot_chart_t *scatter(cplot_table_t *table, const char *hue, const char *size)
{
    cplot_chart_t *chart = cplot_chart_create(CPLOT_KIND_SCATTER);
    cplot_chart_set_data(chart, table);
    cplot_chart_set_string(chart, "x", "flipper_length_mm");
    cplot_chart_set_string(chart, "y", "body_mass_g");
    if (hue)
        cplot_chart_set_string(chart, "hue", hue);
    if (size)
        cplot_chart_set_string(chart, "size", size);
    cplot_chart_set_string(chart, "title", "Flipper length and body mass");
    assert_int_equal(cplot_chart_status(chart), CPLOT_STATUS_SUCCESS);
    return chart;
}

static void render_png(cplot_chart_t *chart, unsigned char **data, size_t *size)
{
    cplot_status_t status = cplot_chart_render(chart, CPLOT_FORMAT_PNG, data, size);
    if (status != CPLOT_STATUS_SUCCESS)
        fail_msg("render failed: %s", cplot_chart_error_message(chart));
}

static void test_formats(void **state)
{
    (void)state;
    cplot_table_t *table = penguin_like_table(120);
    cplot_chart_t *chart = scatter(table, "species", NULL);
    unsigned char *data;
    size_t size;
    render_png(chart, &data, &size);
    assert_true(size > 1000);
    assert_memory_equal(data, "\x89PNG\r\n\x1a\n", 8);
    int width, height;
    unsigned char *rgba;
    assert_true(golden_decode_png(data, size, &width, &height, &rgba));
    assert_int_equal(width, 800);
    assert_int_equal(height, 600);
    free(rgba);
    cplot_free(data);

    assert_int_equal(cplot_chart_render(chart, CPLOT_FORMAT_SVG, &data, &size), CPLOT_STATUS_SUCCESS);
    assert_non_null(strstr((char *)data, "<svg"));
    assert_non_null(strstr((char *)data, "width=\"800px\""));
    cplot_free(data);
    assert_int_equal(cplot_chart_render(chart, CPLOT_FORMAT_PDF, &data, &size), CPLOT_STATUS_SUCCESS);
    assert_memory_equal(data, "%PDF-", 5);
    cplot_free(data);

    /* 2x: twice the pixels, and a pHYs chunk saying so. */
    cplot_chart_set_number(chart, "scale", 2);
    render_png(chart, &data, &size);
    assert_true(golden_decode_png(data, size, &width, &height, &rgba));
    assert_int_equal(width, 1600);
    assert_int_equal(height, 1200);
    free(rgba);
    cplot_free(data);
    cplot_chart_destroy(chart);
    cplot_table_destroy(table);
}

/* Decodes base64 text up to its first character outside the alphabet. */
static unsigned char *base64_decode(const char *text, size_t *size)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t length = strspn(text, alphabet);
    unsigned char *out = malloc(length * 3 / 4 + 3);
    assert_non_null(out);
    uint32_t bits = 0;
    int count = 0;
    *size = 0;
    for (size_t i = 0; i < length; i++) {
        bits = bits << 6 | (uint32_t)(strchr(alphabet, text[i]) - alphabet);
        if ((count += 6) >= 8) {
            count -= 8;
            out[(*size)++] = (unsigned char)(bits >> count);
        }
    }
    return out;
}

/* A scatter of over 5,000 points puts its markers in SVG as one embedded
 * PNG, which is the library's own encoding (its zlib header announces the
 * fastest level, as cplot_rle_deflate's does; libpng's, which cairo would
 * use, the default): twice the plot's pixels, translucent markers over
 * transparency. */
static void test_dense_svg_embeds_our_png(void **state)
{
    (void)state;
    cplot_table_t *table = penguin_like_table(6000);
    cplot_chart_t *chart = scatter(table, "species", NULL);
    unsigned char *svg;
    size_t svg_size;
    assert_int_equal(cplot_chart_render(chart, CPLOT_FORMAT_SVG, &svg, &svg_size),
                     CPLOT_STATUS_SUCCESS);
    static const char prefix[] = "data:image/png;base64,";
    const char *embedded = strstr((char *)svg, prefix);
    assert_non_null(embedded);
    assert_null(strstr(embedded + 1, prefix)); /* one image */
    size_t png_size;
    unsigned char *png = base64_decode(embedded + strlen(prefix), &png_size);
    assert_true(png_size > 57);
    assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
    assert_memory_equal(png + 12, "IHDR", 4);
    assert_int_equal(png[25], 6); /* RGBA */
    const unsigned char *idat = NULL;
    for (size_t at = 8; !idat && at + 10 <= png_size;
         at += 12 + ((size_t)png[at] << 24 | (size_t)png[at + 1] << 16 | (size_t)png[at + 2] << 8 |
                     png[at + 3]))
        if (memcmp(png + at + 4, "IDAT", 4) == 0)
            idat = png + at + 4;
    assert_non_null(idat);
    assert_int_equal(idat[4], 0x78);
    assert_int_equal(idat[5], 0x01);
    int width, height;
    unsigned char *rgba;
    assert_true(golden_decode_png(png, png_size, &width, &height, &rgba));
    assert_true(width > 1000 && width < 1600 && height > 700 && height < 1200);
    size_t clear = 0, translucent = 0;
    for (size_t i = 3; i < (size_t)width * (size_t)height * 4; i += 4) {
        clear += rgba[i] == 0;
        translucent += rgba[i] > 0 && rgba[i] < 255;
    }
    assert_true(clear > 0 && translucent > 0);
    free(rgba);
    free(png);
    cplot_free(svg);
    cplot_chart_destroy(chart);
    cplot_table_destroy(table);
}

static void test_same_bytes_twice(void **state)
{
    (void)state;
    /* 6,000 points draw the markers as one embedded image in SVG and PDF,
     * which cairo numbers from a process-wide counter. */
    static const size_t rows[] = {300, 6000};
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++)
        for (int format = CPLOT_FORMAT_PNG; format <= CPLOT_FORMAT_PDF; format++) {
            cplot_table_t *table = penguin_like_table(rows[r]);
            cplot_chart_t *chart = scatter(table, "species", "bill_length_mm");
            unsigned char *a, *b;
            size_t na, nb;
            assert_int_equal(cplot_chart_render(chart, (cplot_format_t)format, &a, &na), CPLOT_STATUS_SUCCESS);
            cplot_chart_destroy(chart);
            cplot_table_destroy(table);
            table = penguin_like_table(rows[r]);
            chart = scatter(table, "species", "bill_length_mm");
            assert_int_equal(cplot_chart_render(chart, (cplot_format_t)format, &b, &nb), CPLOT_STATUS_SUCCESS);
            assert_int_equal(na, nb);
            assert_memory_equal(a, b, na);
            cplot_free(a);
            cplot_free(b);
            cplot_chart_destroy(chart);
            cplot_table_destroy(table);
        }
}

typedef struct job {
    cplot_chart_t *chart;
    unsigned char *data;
    size_t size;
    cplot_status_t status;
} job_t;

static void *render_job(void *argument)
{
    job_t *job = argument;
    for (int i = 0; i < 5; i++) {
        cplot_free(job->data);
        job->status = cplot_chart_render(job->chart, CPLOT_FORMAT_PNG, &job->data, &job->size);
    }
    return NULL;
}

/* Two threads drawing two charts at once (sharing one table read-only)
 * give exactly the bytes one thread gives. */
static void check_threads_same_bytes(cplot_chart_t *one, cplot_chart_t *two)
{
    unsigned char *expected_one, *expected_two;
    size_t size_one, size_two;
    render_png(one, &expected_one, &size_one);
    render_png(two, &expected_two, &size_two);
    job_t jobs[2] = {{.chart = one}, {.chart = two}};
    pthread_t threads[2];
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, render_job, &jobs[i]), 0);
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_join(threads[i], NULL), 0);
    assert_int_equal(jobs[0].status, CPLOT_STATUS_SUCCESS);
    assert_int_equal(jobs[1].status, CPLOT_STATUS_SUCCESS);
    assert_int_equal(jobs[0].size, size_one);
    assert_memory_equal(jobs[0].data, expected_one, size_one);
    assert_int_equal(jobs[1].size, size_two);
    assert_memory_equal(jobs[1].data, expected_two, size_two);
    for (int i = 0; i < 2; i++)
        cplot_free(jobs[i].data);
    cplot_free(expected_one);
    cplot_free(expected_two);
}

static void test_threads_same_bytes(void **state)
{
    (void)state;
    cplot_table_t *table = penguin_like_table(500);
    cplot_chart_t *one = scatter(table, "species", NULL);
    cplot_chart_t *two = scatter(table, "bill_length_mm", "bill_length_mm");
    check_threads_same_bytes(one, two);
    cplot_chart_destroy(one);
    cplot_chart_destroy(two);
    cplot_table_destroy(table);
}

static cplot_chart_t *sorted_bars(cplot_table_t *table, const char *order)
{
    cplot_chart_t *chart = cplot_chart_create(CPLOT_KIND_BAR);
    cplot_chart_set_data(chart, table);
    cplot_chart_set_string(chart, "x", "name");
    cplot_chart_set_string(chart, "y", "value");
    cplot_chart_set_string(chart, "order", order);
    assert_int_equal(cplot_chart_status(chart), CPLOT_STATUS_SUCCESS);
    return chart;
}

/* Sorting bars by value once kept the chart being sorted in a global for
 * the comparison, so two threads sorting at once could read each other's
 * bars (or none: it crashed the gallery build once). ThreadSanitizer
 * builds see the race on every run; others may see wrong bytes. */
static void test_threads_sort_bars(void **state)
{
    (void)state;
    enum { CATEGORIES = 400 };
    double values[CATEGORIES];
    const char *names[CATEGORIES];
    static char labels[CATEGORIES][8];
    rng_state = 7;
    for (size_t i = 0; i < CATEGORIES; i++) {
        snprintf(labels[i], sizeof labels[i], "c%zu", i);
        names[i] = labels[i];
        values[i] = uniform();
    }
    cplot_table_t *table = cplot_table_create();
    cplot_table_add_categorical(table, "name", names, CATEGORIES);
    cplot_table_add_numeric(table, "value", values, CATEGORIES);
    cplot_chart_t *one = sorted_bars(table, "ascending");
    cplot_chart_t *two = sorted_bars(table, "descending");
    check_threads_same_bytes(one, two);
    cplot_chart_destroy(one);
    cplot_chart_destroy(two);
    cplot_table_destroy(table);
}

static void test_write_is_atomic(void **state)
{
    (void)state;
    char folder[] = "/tmp/cplot-test-XXXXXX";
    assert_non_null(mkdtemp(folder));
    char path[256];
    snprintf(path, sizeof path, "%s/chart.png", folder);
    FILE *old = fopen(path, "w");
    fputs("old content", old);
    fclose(old);

    /* A failing render leaves the old file as it was and no litter. */
    cplot_table_t *table = penguin_like_table(10);
    cplot_chart_t *chart = cplot_chart_create(CPLOT_KIND_SCATTER);
    cplot_chart_set_data(chart, table);
    cplot_chart_set_string(chart, "x", "flipper_length_mm");
    cplot_chart_set_string(chart, "y", "no such column");
    assert_int_equal(cplot_chart_write(chart, path, CPLOT_FORMAT_PNG), CPLOT_STATUS_UNKNOWN_COLUMN);
    assert_string_equal(cplot_chart_error_message(chart),
                        "option \"y\": no column \"no such column\" in the data; the columns are "
                        "\"flipper_length_mm\", \"body_mass_g\", \"bill_length_mm\", \"species\"");
    struct stat info;
    assert_int_equal(stat(path, &info), 0);
    assert_int_equal(info.st_size, 11);

    cplot_chart_set_string(chart, "y", "body_mass_g");
    mode_t mask = umask(027);
    assert_int_equal(cplot_chart_write(chart, path, CPLOT_FORMAT_PNG), CPLOT_STATUS_SUCCESS);
    umask(mask);
    assert_string_equal(cplot_chart_error_message(chart), "");
    assert_int_equal(stat(path, &info), 0);
    assert_true(info.st_size > 1000);
    /* An ordinary file: 0666 less the umask, as fopen would make it. */
    assert_int_equal(info.st_mode & 0777, 0640);
    /* Only the chart is in the folder: no temporary files left. */
    char command[300];
    snprintf(command, sizeof command, "test $(ls -A %s | wc -l) -eq 1", folder);
    assert_int_equal(system(command), 0);
    snprintf(command, sizeof command, "rm -rf %s", folder);
    assert_int_equal(system(command), 0);

    /* An unwritable destination is an I/O error with a message. */
    assert_int_equal(cplot_chart_write(chart, "/nonexistent-folder/x.png", CPLOT_FORMAT_PNG),
                     CPLOT_STATUS_IO_ERROR);
    assert_non_null(strstr(cplot_chart_error_message(chart), "/nonexistent-folder/x.png"));
    cplot_chart_destroy(chart);
    cplot_table_destroy(table);
}

static void test_pixel_cap(void **state)
{
    (void)state;
    cplot_table_t *table = penguin_like_table(10);
    cplot_chart_t *chart = scatter(table, NULL, NULL);
    cplot_chart_set_number(chart, "width", 10000);
    cplot_chart_set_number(chart, "height", 10000);
    unsigned char *data;
    size_t size;
    assert_int_equal(cplot_chart_render(chart, CPLOT_FORMAT_PNG, &data, &size), CPLOT_STATUS_LIMIT_EXCEEDED);
    assert_null(data);
    assert_int_equal(size, 0);
    assert_string_equal(cplot_chart_error_message(chart),
                        "10000x10000 at scale 1 is 100000000 pixels; the limit is 50000000 (pixels)");
    cplot_chart_destroy(chart);
    cplot_table_destroy(table);
}

/* One plan for several outputs gives each the bytes of its own render;
 * a failing output leaves no buffer behind. */
static void test_render_many(void **state)
{
    (void)state;
    cplot_table_t *table = penguin_like_table(200);
    cplot_chart_t *chart = scatter(table, "species", "bill_length_mm");
    cplot_chart_set_string(chart, "theme", "dark");
    const cplot_format_t formats[] = {CPLOT_FORMAT_PNG, CPLOT_FORMAT_PNG, CPLOT_FORMAT_SVG, CPLOT_FORMAT_PDF};
    const double scales[] = {1, 2, 1, 1};
    unsigned char *data[4];
    size_t sizes[4];
    assert_int_equal(cplot_chart_render_many(chart, formats, scales, 4, data, sizes), CPLOT_STATUS_SUCCESS);
    for (size_t i = 0; i < 4; i++) {
        cplot_chart_set_number(chart, "scale", scales[i]);
        unsigned char *expected;
        size_t size;
        assert_int_equal(cplot_chart_render(chart, formats[i], &expected, &size), CPLOT_STATUS_SUCCESS);
        assert_int_equal(sizes[i], size);
        assert_memory_equal(data[i], expected, size);
        cplot_free(expected);
        cplot_free(data[i]);
    }

    /* Too many pixels at 8x: nothing is rendered, nothing is left. */
    const double large[] = {1, 8, 1, 1};
    cplot_chart_set_number(chart, "width", 1000);
    cplot_chart_set_number(chart, "height", 1000);
    assert_int_equal(cplot_chart_render_many(chart, formats, large, 4, data, sizes), CPLOT_STATUS_LIMIT_EXCEEDED);
    for (size_t i = 0; i < 4; i++) {
        assert_null(data[i]);
        assert_int_equal(sizes[i], 0);
    }
    assert_string_equal(cplot_chart_error_message(chart),
                        "1000x1000 at scale 8 is 64000000 pixels; the limit is 50000000 (pixels)");
    const double negative[] = {1, -1, 1, 1};
    assert_int_equal(cplot_chart_render_many(chart, formats, negative, 4, data, sizes),
                     CPLOT_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cplot_chart_render_many(chart, NULL, scales, 4, data, sizes), CPLOT_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cplot_chart_render_many(NULL, formats, scales, 4, data, sizes), CPLOT_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cplot_chart_render_many(chart, formats, scales, 0, NULL, NULL), CPLOT_STATUS_SUCCESS);
    cplot_chart_destroy(chart);
    cplot_table_destroy(table);
}

static void golden(const char *name, cplot_chart_t *chart)
{
    unsigned char *data;
    size_t size;
    render_png(chart, &data, &size);
    char message[2048];
    /* Antialiasing may differ by a few levels between cairo/pixman
     * builds; shapes and text may not move. */
    bool ok = golden_check(name, data, size, 8, 0.002, message, sizeof message);
    cplot_free(data);
    if (!ok)
        fail_msg("%s", message);
}

static void test_golden_images(void **state)
{
    (void)state;
    cplot_table_t *table = penguin_like_table(150);
    cplot_chart_t *chart = scatter(table, "species", NULL);
    cplot_chart_set_string(chart, "subtitle", "Synthetic data shaped like the Palmer penguins");
    golden("scatter-hue", chart);
    cplot_chart_set_string(chart, "theme", "dark");
    golden("scatter-hue-dark", chart);
    cplot_chart_destroy(chart);

    chart = scatter(table, "bill_length_mm", "bill_length_mm");
    cplot_chart_set_number(chart, "alpha", 0.6);
    golden("scatter-colorbar-size", chart);
    cplot_chart_destroy(chart);

    chart = scatter(table, NULL, NULL);
    cplot_chart_set_string(chart, "x", "species");
    cplot_chart_set_string(chart, "marker", "diamond");
    cplot_chart_set_number(chart, "width", 320);
    cplot_chart_set_number(chart, "height", 240);
    golden("scatter-small-band", chart);
    cplot_chart_set_string(chart, "y_scale", "log");
    cplot_chart_set_number(chart, "width", 640);
    cplot_chart_set_number(chart, "height", 480);
    cplot_chart_set_number(chart, "scale", 2);
    golden("scatter-log-2x", chart);
    cplot_chart_destroy(chart);

    chart = scatter(table, "species", NULL);
    cplot_chart_set_string(chart, "label", "species");
    double lines[] = {4500}, span[] = {180, 190};
    cplot_chart_set_numbers(chart, "y_lines", lines, 1);
    cplot_chart_set_numbers(chart, "x_span", span, 2);
    golden("scatter-labels-reference", chart);
    cplot_chart_destroy(chart);

    /* Heatmap, long form: the mean of each (species, bill size) cell. */
    chart = cplot_chart_create(CPLOT_KIND_HEATMAP);
    cplot_chart_set_data(chart, table);
    cplot_chart_set_string(chart, "x", "species");
    cplot_chart_set_string(chart, "y", "species");
    cplot_chart_set_string(chart, "value", "body_mass_g");
    cplot_chart_set_bool(chart, "annot", true);
    cplot_chart_set_number(chart, "decimals", 0);
    cplot_chart_set_number(chart, "width", 480);
    cplot_chart_set_number(chart, "height", 360);
    golden("heatmap-long-annotated", chart);
    cplot_chart_destroy(chart);
    cplot_table_destroy(table);

    /* Heatmap, wide form, diverging around zero. */
    double a[] = {1, 2, -3, 4}, b[] = {-2, 0, 2, 4}, c[] = {5, -4, 3, NAN};
    const char *months[] = {"Jan", "Feb", "Mar", "Apr"};
    table = cplot_table_create();
    cplot_table_add_numeric(table, "a", a, 4);
    cplot_table_add_numeric(table, "b", b, 4);
    cplot_table_add_numeric(table, "c", c, 4);
    cplot_table_add_categorical(table, "month", months, 4);
    chart = cplot_chart_create(CPLOT_KIND_HEATMAP);
    cplot_chart_set_data(chart, table);
    const char *columns[] = {"a", "b", "c"};
    cplot_chart_set_strings(chart, "columns", columns, 3);
    cplot_chart_set_string(chart, "y", "month");
    cplot_chart_set_string(chart, "colormap", "rdbu");
    cplot_chart_set_number(chart, "center", 0);
    cplot_chart_set_bool(chart, "annot", true);
    cplot_chart_set_string(chart, "theme", "dark");
    golden("heatmap-wide-diverging-dark", chart);
    cplot_chart_destroy(chart);
    cplot_table_destroy(table);
}

/* Last: it changes fontconfig's process-wide configuration. */
static void test_fonts_process_default(void **state)
{
    (void)state;
    cplot_table_t *table = penguin_like_table(120);
    cplot_chart_t *chart = scatter(table, "species", NULL);
    unsigned char *before, *after;
    size_t before_size, after_size;
    render_png(chart, &before, &before_size);
    FcConfig *system = FcConfigGetCurrent(); /* the system's, loaded now */
    assert_int_equal(cplot_fonts_make_process_default(), CPLOT_STATUS_SUCCESS);
    /* fontconfig's current configuration is now cplot's, which knows only
     * the pinned fonts... */
    assert_ptr_not_equal(FcConfigGetCurrent(), system);
    FcPattern *pattern = FcPatternCreate();
    FcObjectSet *objects = FcObjectSetBuild(FC_FAMILY, (char *)NULL);
    FcFontSet *fonts = FcFontList(FcConfigGetCurrent(), pattern, objects);
    assert_non_null(fonts);
    assert_true(fonts->nfont > 0);
    for (int i = 0; i < fonts->nfont; i++) {
        FcChar8 *family = NULL;
        assert_int_equal(FcPatternGetString(fonts->fonts[i], FC_FAMILY, 0, &family), FcResultMatch);
        assert_memory_equal(family, "DejaVu", 6);
    }
    FcFontSetDestroy(fonts);
    FcObjectSetDestroy(objects);
    FcPatternDestroy(pattern);
    /* ...and charts are drawn exactly as before. */
    render_png(chart, &after, &after_size);
    assert_int_equal(before_size, after_size);
    assert_memory_equal(before, after, before_size);
    cplot_free(before);
    cplot_free(after);
    cplot_chart_destroy(chart);
    cplot_table_destroy(table);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formats),
        cmocka_unit_test(test_dense_svg_embeds_our_png),
        cmocka_unit_test(test_same_bytes_twice),
        cmocka_unit_test(test_threads_same_bytes),
        cmocka_unit_test(test_threads_sort_bars),
        cmocka_unit_test(test_write_is_atomic),
        cmocka_unit_test(test_pixel_cap),
        cmocka_unit_test(test_render_many),
        cmocka_unit_test(test_golden_images),
        cmocka_unit_test(test_fonts_process_default),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
