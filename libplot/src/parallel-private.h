/* Work split across threads inside one render (cplot_threads_set). Each
 * caller cuts its work into independent tasks whose results do not depend
 * on which thread runs them or when, so output is identical for any
 * thread count. */
#ifndef CPLOT_PARALLEL_PRIVATE_H
#define CPLOT_PARALLEL_PRIVATE_H

#include <stddef.h>

/* Runs task(context, index) once for every index in [0, tasks), on up to
 * cplot_threads_get() threads including the caller, and returns when all
 * have finished. Tasks are taken in turn as threads come free, so a
 * thread that starts late takes fewer (or none: it then exits on its own,
 * touching nothing of the call's). Tasks must write only their own
 * results; a task that can fail records it in its own slot of `context`
 * for the caller to read. If threads cannot be started the caller runs
 * every task itself. */
typedef void (*cplot_parallel_task_fn)(void *context, size_t index);
void cplot_parallel_run(size_t tasks, cplot_parallel_task_fn task, void *context);

/* Into how many tasks to cut `work` units (values, rows, pixels) so that
 * each has at least `minimum_per_task` of them: 1 when threads are off or
 * the work is small, otherwise the thread count times a few, so that
 * uneven tasks still keep every thread busy. Never more than `work`. */
size_t cplot_parallel_tasks(size_t work, size_t minimum_per_task);

/* The same, but no more tasks than threads: for work cut into parts of
 * equal cost where every extra part costs, as its own scratch to add up
 * afterwards or another pass over shared input. */
size_t cplot_parallel_tasks_per_thread(size_t work, size_t minimum_per_task);

/* Where part `k` of `count` items cut into `parts` nearly equal parts
 * begins; part k is [start(k), start(k + 1)) and start(parts) is `count`.
 * Exact for any count (no product that can overflow). */
size_t cplot_parallel_part_start(size_t count, size_t parts, size_t k);

#endif
