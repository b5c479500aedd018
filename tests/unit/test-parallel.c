/* Threads inside one render: the setting's bounds, every task run exactly
 * once, work really spread over threads, and small work never split. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdatomic.h>
#include <time.h>

#include "cplot/cplot.h"
#include "parallel-private.h"

static void test_setting_bounds(void **state)
{
    (void)state;
    assert_int_equal(cplot_threads_get(), 1); /* the library's default */
    assert_int_equal(cplot_threads_set(4), CPLOT_STATUS_SUCCESS);
    assert_int_equal(cplot_threads_get(), 4);
    assert_int_equal(cplot_threads_set(257), CPLOT_STATUS_INVALID_VALUE);
    assert_int_equal(cplot_threads_get(), 4);
    assert_int_equal(cplot_threads_set(256), CPLOT_STATUS_SUCCESS);
    assert_int_equal(cplot_threads_get(), 256);
    assert_int_equal(cplot_threads_set(0), CPLOT_STATUS_SUCCESS);
    assert_true(cplot_threads_get() >= 1 && cplot_threads_get() <= 256);
    assert_int_equal(cplot_threads_set(1), CPLOT_STATUS_SUCCESS);
}

typedef struct counted {
    _Atomic int runs[1000];
} counted_t;

static void count_run(void *context, size_t index)
{
    counted_t *counted = context;
    atomic_fetch_add(&counted->runs[index], 1);
}

static void test_every_task_once(void **state)
{
    (void)state;
    for (unsigned threads = 1; threads <= 8; threads *= 2) {
        assert_int_equal(cplot_threads_set(threads), CPLOT_STATUS_SUCCESS);
        for (size_t tasks = 0; tasks <= 1000; tasks = tasks ? tasks * 10 : 1) {
            static counted_t counted;
            for (size_t i = 0; i < 1000; i++)
                atomic_store(&counted.runs[i], 0);
            cplot_parallel_run(tasks, count_run, &counted);
            for (size_t i = 0; i < 1000; i++)
                assert_int_equal(atomic_load(&counted.runs[i]), i < tasks ? 1 : 0);
        }
    }
    assert_int_equal(cplot_threads_set(1), CPLOT_STATUS_SUCCESS);
}

/* Each of two tasks waits for the other to start: this finishes only if
 * two threads run them at once (a serial run gives up after 10 s). */
static void meet(void *context, size_t index)
{
    (void)index;
    _Atomic int *arrived = context;
    atomic_fetch_add(arrived, 1);
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    do
        clock_gettime(CLOCK_MONOTONIC, &now);
    while (atomic_load(arrived) < 2 && now.tv_sec - start.tv_sec < 10);
}

static void test_work_is_spread(void **state)
{
    (void)state;
    assert_int_equal(cplot_threads_set(2), CPLOT_STATUS_SUCCESS);
    _Atomic int arrived = 0;
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    cplot_parallel_run(2, meet, &arrived);
    clock_gettime(CLOCK_MONOTONIC, &end);
    assert_int_equal(atomic_load(&arrived), 2);
    assert_true(end.tv_sec - start.tv_sec < 5);
    assert_int_equal(cplot_threads_set(1), CPLOT_STATUS_SUCCESS);
}

static void test_small_work_not_split(void **state)
{
    (void)state;
    assert_int_equal(cplot_parallel_tasks(1000000, 1000), 1); /* one thread */
    assert_int_equal(cplot_threads_set(2), CPLOT_STATUS_SUCCESS);
    assert_int_equal(cplot_parallel_tasks(1999, 1000), 1);
    assert_int_equal(cplot_parallel_tasks(2000, 1000), 2);
    assert_int_equal(cplot_parallel_tasks(1000000, 1000), 8);
    assert_int_equal(cplot_parallel_tasks(1000000, 0), 1);
    assert_int_equal(cplot_threads_set(1), CPLOT_STATUS_SUCCESS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_setting_bounds),
        cmocka_unit_test(test_every_task_once),
        cmocka_unit_test(test_work_is_spread),
        cmocka_unit_test(test_small_work_not_split),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
