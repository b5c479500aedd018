/* Output must not depend on the thread count (cplot_threads_set): tests
 * of work split across threads render the same chart at several counts
 * and compare the bytes with one thread's. Include after <cmocka.h>. */
#ifndef CPLOT_TESTS_ASSERT_THREADS_H
#define CPLOT_TESTS_ASSERT_THREADS_H

#include <stdio.h>
#include <string.h>

#include "cplot/cplot.h"

/* One thread first (the reference), then counts that split work evenly,
 * unevenly and into more tasks than the machine has cores. */
static const unsigned cplot_test_thread_counts[] = {1, 2, 3, 7};
#define CPLOT_TEST_THREAD_COUNTS (sizeof cplot_test_thread_counts / sizeof cplot_test_thread_counts[0])

/* Fails, naming `what`, unless `chart` renders to the same PNG bytes at
 * every count of cplot_test_thread_counts; leaves one thread set. */
static inline void assert_same_png_any_thread_count(cplot_chart_t *chart, const char *what)
{
    unsigned char *expected = NULL;
    size_t expected_size = 0;
    for (size_t t = 0; t < CPLOT_TEST_THREAD_COUNTS; t++) {
        assert_int_equal(cplot_threads_set(cplot_test_thread_counts[t]), CPLOT_STATUS_SUCCESS);
        unsigned char *data = NULL;
        size_t size = 0;
        if (cplot_chart_render(chart, CPLOT_FORMAT_PNG, &data, &size) != CPLOT_STATUS_SUCCESS)
            fail_msg("%s, %u threads: render failed: %s", what, cplot_test_thread_counts[t],
                     cplot_chart_error_message(chart));
        if (t == 0) {
            expected = data;
            expected_size = size;
            continue;
        }
        if (size != expected_size || memcmp(data, expected, size) != 0)
            fail_msg("%s, %u threads: PNG differs from one thread's", what, cplot_test_thread_counts[t]);
        cplot_free(data);
    }
    cplot_free(expected);
    assert_int_equal(cplot_threads_set(1), CPLOT_STATUS_SUCCESS);
}

#endif
