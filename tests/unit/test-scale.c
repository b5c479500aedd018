/* Scales: linear, log10 and band mappings, and domain padding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "assert-close.h"

#include <float.h>
#include <math.h>

#include "scale-private.h"

static void test_linear(void **state)
{
    (void)state;
    cplot_scale_t s = {.type = CPLOT_SCALE_LINEAR, .domain_min = 10, .domain_max = 20,
                       .range_start = 100, .range_end = 300};
    assert_close(cplot_scale_map(&s, 10), 100, 1e-12);
    assert_close(cplot_scale_map(&s, 15), 200, 1e-12);
    assert_close(cplot_scale_map(&s, 20), 300, 1e-12);
    assert_close(cplot_scale_map(&s, 30), 500, 1e-12); /* outside maps outside */
    assert_true(isnan(cplot_scale_map(&s, NAN)));
    /* y axes run backwards: larger values higher up (smaller pixels). */
    s.range_start = 400;
    s.range_end = 0;
    assert_close(cplot_scale_map(&s, 12.5), 300, 1e-12);
    /* A zero-width domain maps to the middle rather than dividing by 0. */
    s.domain_max = s.domain_min;
    assert_close(cplot_scale_map(&s, 10), 200, 1e-12);
    assert_close(cplot_scale_band_width(&s), 0, 0);
}

static void test_log(void **state)
{
    (void)state;
    cplot_scale_t s = {.type = CPLOT_SCALE_LOG, .domain_min = 1, .domain_max = 1000,
                       .range_start = 0, .range_end = 300};
    assert_close(cplot_scale_map(&s, 1), 0, 1e-9);
    assert_close(cplot_scale_map(&s, 10), 100, 1e-9);
    assert_close(cplot_scale_map(&s, 100), 200, 1e-9);
    assert_close(cplot_scale_map(&s, sqrt(10)), 50, 1e-9);
    assert_true(isnan(cplot_scale_map(&s, 0)));
    assert_true(isnan(cplot_scale_map(&s, -5)));
}

static void test_band(void **state)
{
    (void)state;
    cplot_scale_t s = {.type = CPLOT_SCALE_BAND, .band_count = 4, .band_padding = 0.2,
                       .domain_min = 0, .domain_max = 4, .range_start = 0, .range_end = 400};
    assert_close(cplot_scale_map(&s, 0), 50, 1e-12);
    assert_close(cplot_scale_map(&s, 3), 350, 1e-12);
    assert_close(cplot_scale_band_step(&s), 100, 1e-12);
    assert_close(cplot_scale_band_width(&s), 80, 1e-12);
    s.band_count = 0;
    assert_true(isnan(cplot_scale_map(&s, 0)));
}

static void test_padding(void **state)
{
    (void)state;
    double lo = 0, hi = 100;
    cplot_scale_pad_domain(CPLOT_SCALE_LINEAR, 0.05, &lo, &hi);
    assert_close(lo, -5, 1e-12);
    assert_close(hi, 105, 1e-12);
    lo = hi = 7; /* one value: centred with room around it */
    cplot_scale_pad_domain(CPLOT_SCALE_LINEAR, 0.05, &lo, &hi);
    assert_true(lo < 7 && hi > 7);
    assert_close(7 - lo, hi - 7, 1e-12);
    lo = hi = 0;
    cplot_scale_pad_domain(CPLOT_SCALE_LINEAR, 0.05, &lo, &hi);
    assert_close(lo, -0.5, 1e-12);
    lo = 1;
    hi = 1000;
    cplot_scale_pad_domain(CPLOT_SCALE_LOG, 0.05, &lo, &hi);
    assert_close(log10(lo), -0.15, 1e-12);
    assert_close(log10(hi), 3.15, 1e-12);
}

/* cplot_scale_map_many gives cplot_scale_map's bits for every value, on
 * every kind of scale: spans that overflow, empty spans, reversed ranges,
 * values that are not numbers or are infinite, 0 and -0. */
static void test_map_many_bit_for_bit(void **state)
{
    (void)state;
    const cplot_scale_t scales[] = {
        {.type = CPLOT_SCALE_LINEAR,
         .domain_min = 0.1,
         .domain_max = 7.3,
         .range_start = 580.5,
         .range_end = 40.25},
        {.type = CPLOT_SCALE_LINEAR,
         .domain_min = -DBL_MAX,
         .domain_max = DBL_MAX,
         .range_start = 0,
         .range_end = 800},
        {.type = CPLOT_SCALE_LINEAR,
         .domain_min = 3,
         .domain_max = 3,
         .range_start = 10,
         .range_end = 20},
        {.type = CPLOT_SCALE_LINEAR,
         .domain_min = 5,
         .domain_max = 1,
         .range_start = 10,
         .range_end = 20},
        {.type = CPLOT_SCALE_LOG,
         .domain_min = 0.01,
         .domain_max = 1e4,
         .range_start = 500,
         .range_end = 20},
        {.type = CPLOT_SCALE_BAND,
         .domain_min = 0,
         .domain_max = 4,
         .band_count = 4,
         .range_start = 50,
         .range_end = 650},
    };
    double values[] = {0,   -0.0,    0.1,     7.3,     3,        1e300,    -1e300,
                       2.5, 1.0 / 3, -7.77,   DBL_MAX, -DBL_MAX, INFINITY, -INFINITY,
                       NAN, 1e-310,  123.456, 4,       -2};
    size_t count = sizeof values / sizeof values[0];
    for (size_t k = 0; k < sizeof scales / sizeof scales[0]; k++) {
        double many[sizeof values / sizeof values[0]];
        cplot_scale_map_many(&scales[k], values, count, many);
        for (size_t i = 0; i < count; i++) {
            double one = cplot_scale_map(&scales[k], values[i]);
            if (isnan(one))
                assert_true(isnan(many[i]));
            else
                assert_memory_equal(&many[i], &one, sizeof one);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_linear),
        cmocka_unit_test(test_log),
        cmocka_unit_test(test_band),
        cmocka_unit_test(test_padding),
        cmocka_unit_test(test_map_many_bit_for_bit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
