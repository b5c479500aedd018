/* Stamper batches: points put from any thread blend to the same pixels,
 * a point that cannot be stamped stops its batch there (the caller draws
 * the rest as paths), and styles are shared and limited. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "assert-threads.h"
#include "cplot/cplot.h"
#include "parallel-private.h"
#include "stamp-private.h"

#define SIDE 120
#define POINTS 3000

static const cplot_rgba_t fill = {0.2, 0.4, 0.8, 0.5}, edge = {1, 1, 1, 0.5};

/* Point i: spread over the surface and a little beyond its edges; every
 * fifth not a number. */
static void point(size_t i, double *x, double *y)
{
    *x = i % 5 == 4 ? NAN : (double)(i * 37 % 1300) / 10 - 5;
    *y = (double)(i * 91 % 1300) / 10 - 5;
}

typedef struct batch {
    cplot_stamper_t *stamper;
    int style;
    size_t first, count, tasks;
    size_t stop;   /* this point gets no style (SIZE_MAX for none) */
    size_t strips; /* tasks that blend the sealed batch before those that put */
} batch_t;

/* How point i is put: in a run of its style, skipped, or without style. */
static int kind_of(const batch_t *b, size_t i)
{
    return b->first + i == b->stop ? 2 : (b->first + i) % 11 == 10 ? 1 : 0;
}

/* Task `index`: a strip of the sealed batch, or a part of the points of
 * the batch being put, a run of one kind at a time. */
static void blend_or_put(void *context, size_t index)
{
    const batch_t *b = context;
    if (index < b->strips) {
        cplot_stamper_blend_strip(b->stamper, index);
        return;
    }
    index -= b->strips;
    size_t begin = cplot_parallel_part_start(b->count, b->tasks, index);
    size_t end = cplot_parallel_part_start(b->count, b->tasks, index + 1);
    double x[POINTS], y[POINTS];
    for (size_t i = begin; i < end; i++)
        point(b->first + i, &x[i], &y[i]);
    while (begin < end) {
        int kind = kind_of(b, begin);
        size_t run_end = begin + 1;
        while (run_end < end && kind_of(b, run_end) == kind)
            run_end++;
        if (kind == 1)
            cplot_stamper_skip(b->stamper, begin, run_end - begin);
        else
            cplot_stamper_put(b->stamper, begin, run_end - begin, x + begin, y + begin,
                              kind == 2 ? -1 : b->style);
        begin = run_end;
    }
}

/* Puts points [first, first + count) of `b` in the batch on tasks, while
 * strips of the sealed batch are blended. */
static void put_batch(batch_t *b, size_t first, size_t count, size_t total)
{
    b->first = first;
    b->count = total - first < count ? total - first : count;
    b->tasks = b->count < 7 ? 1 : 7; /* split even with one thread */
    cplot_parallel_run(b->strips + b->tasks, blend_or_put, b);
}

/* Stamps points [0, count) in batches of `batch_size`, put on tasks, until
 * one stops; returns the number of points stamped, the pixels in `pixels`.
 * Pipelined, each batch is blended by the tasks that put the next one, as
 * the scatter does; otherwise by cplot_stamper_blend. */
static size_t stamp(size_t count, size_t batch_size, size_t stop, bool pipelined,
                    unsigned char *pixels)
{
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, SIDE, SIDE);
    cairo_t *cr = cairo_create(surface);
    cplot_stamper_t *stamper = cplot_stamper_create(cr, (cplot_rect_t){3, 4, SIDE - 10, SIDE - 7});
    assert_non_null(stamper);
    batch_t b = {stamper, 0, 0, 0, 0, stop, 0};
    b.style = cplot_stamper_add_style(stamper, CPLOT_MARKER_CIRCLE, 7, fill, 0.6, edge);
    assert_int_equal(b.style, 0);
    batch_size = cplot_stamper_reserve(stamper, batch_size);
    size_t stamped = 0;
    put_batch(&b, 0, batch_size, count);
    for (;;) {
        size_t first = b.first, put = b.count, blended;
        if (pipelined) {
            blended = cplot_stamper_seal(stamper, put);
            b.strips = cplot_stamper_strips(stamper);
            if (blended == put && first + put < count)
                put_batch(&b, first + put, batch_size, count);
            else
                cplot_parallel_run(b.strips, blend_or_put, &b);
            b.strips = 0;
        } else {
            blended = cplot_stamper_blend(stamper, put);
            if (blended == put && first + put < count)
                put_batch(&b, first + put, batch_size, count);
        }
        stamped += blended;
        if (blended < put || first + put >= count)
            break;
    }
    cplot_stamper_destroy(stamper);
    cairo_surface_flush(surface);
    memcpy(pixels, cairo_image_surface_get_data(surface),
           (size_t)cairo_image_surface_get_stride(surface) * SIDE);
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
    return stamped;
}

static unsigned char expected[SIDE * SIDE * 4], actual[SIDE * SIDE * 4];

static void test_same_pixels_any_threads_and_batches(void **state)
{
    (void)state;
    assert_int_equal(stamp(POINTS, POINTS, SIZE_MAX, false, expected), POINTS);
    for (size_t t = 0; t < CPLOT_TEST_THREAD_COUNTS; t++) {
        assert_int_equal(cplot_threads_set(cplot_test_thread_counts[t]), CPLOT_STATUS_SUCCESS);
        static const size_t batch_sizes[] = {POINTS, 1000, 999, 1};
        for (size_t k = 0; k < sizeof batch_sizes / sizeof batch_sizes[0]; k++)
            for (int pipelined = 0; pipelined < 2; pipelined++) {
                assert_int_equal(stamp(POINTS, batch_sizes[k], SIZE_MAX, pipelined, actual),
                                 POINTS);
                assert_memory_equal(actual, expected, sizeof expected);
            }
    }
    assert_int_equal(cplot_threads_set(1), CPLOT_STATUS_SUCCESS);
}

/* A point without a style stops stamping at it: what was put before it
 * is blended, nothing after, as if the points had stopped there. */
static void test_stops_at_a_point_without_style(void **state)
{
    (void)state;
    for (size_t t = 0; t < CPLOT_TEST_THREAD_COUNTS; t++) {
        assert_int_equal(cplot_threads_set(cplot_test_thread_counts[t]), CPLOT_STATUS_SUCCESS);
        assert_int_equal(stamp(2021, POINTS, SIZE_MAX, false, expected), 2021);
        for (int pipelined = 0; pipelined < 2; pipelined++) {
            assert_int_equal(stamp(POINTS, POINTS, 2021, pipelined, actual), 2021);
            assert_memory_equal(actual, expected, sizeof expected);
            assert_int_equal(stamp(POINTS, 500, 2021, pipelined, actual), 2021);
            assert_memory_equal(actual, expected, sizeof expected);
        }
    }
    /* A point not drawn (not a number) stops nothing, even without a style. */
    assert_int_equal(stamp(POINTS, 700, 2024, true, actual), POINTS);
    assert_int_equal(cplot_threads_set(1), CPLOT_STATUS_SUCCESS);
}

static void test_styles_shared_and_limited(void **state)
{
    (void)state;
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, SIDE, SIDE);
    cairo_t *cr = cairo_create(surface);
    cplot_stamper_t *stamper = cplot_stamper_create(cr, (cplot_rect_t){0, 0, SIDE, SIDE});
    assert_non_null(stamper);
    int first = cplot_stamper_add_style(stamper, CPLOT_MARKER_SQUARE, 5, fill, 0, edge);
    assert_int_equal(cplot_stamper_add_style(stamper, CPLOT_MARKER_SQUARE, 5, fill, 0, edge),
                     first);
    int added = 1;
    for (int i = 1; i < 100; i++) {
        cplot_rgba_t color = {i / 100.0, 0, 0, 1};
        int style = cplot_stamper_add_style(stamper, CPLOT_MARKER_SQUARE, 5, color, 0, edge);
        if (style < 0)
            break;
        assert_int_equal(style, added);
        added++;
    }
    assert_true(added < 100); /* a limit, and after it no more styles */
    assert_int_equal(cplot_stamper_add_style(stamper, CPLOT_MARKER_CIRCLE, 9, fill, 0, edge), -1);
    assert_int_equal(cplot_stamper_add_style(stamper, CPLOT_MARKER_SQUARE, 5, fill, 0, edge),
                     first);
    cplot_stamper_destroy(stamper);
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_pixels_any_threads_and_batches),
        cmocka_unit_test(test_stops_at_a_point_without_style),
        cmocka_unit_test(test_styles_shared_and_limited),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
