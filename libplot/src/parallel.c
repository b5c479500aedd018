/* Threads for one render: started per piece of work and joined before it
 * returns, so nothing is kept between calls (a server's memory and thread
 * count stay flat), and the caller always works too. */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "cplot/cplot.h"
#include "parallel-private.h"

#define THREADS_MAXIMUM 256u

/* One thread until the program asks for more. */
static _Atomic unsigned thread_setting = 1;

cplot_status_t cplot_threads_set(unsigned count)
{
    if (count > THREADS_MAXIMUM)
        return CPLOT_STATUS_INVALID_VALUE;
    if (count == 0) {
        long online = sysconf(_SC_NPROCESSORS_ONLN);
        count = online < 1 ? 1u : online > (long)THREADS_MAXIMUM ? THREADS_MAXIMUM : (unsigned)online;
    }
    atomic_store_explicit(&thread_setting, count, memory_order_relaxed);
    return CPLOT_STATUS_SUCCESS;
}

unsigned cplot_threads_get(void)
{
    return atomic_load_explicit(&thread_setting, memory_order_relaxed);
}

unsigned cplot_parallel_threads(void)
{
    return cplot_threads_get();
}

size_t cplot_parallel_tasks(size_t work, size_t minimum_per_task)
{
    unsigned threads = cplot_parallel_threads();
    if (threads < 2 || minimum_per_task == 0 || work / minimum_per_task < 2)
        return 1;
    /* A few tasks per thread even out tasks of uneven cost. */
    size_t wanted = (size_t)threads * 4;
    size_t most = work / minimum_per_task;
    return wanted < most ? wanted : most;
}

typedef struct shared_work {
    cplot_parallel_task_fn task;
    void *context;
    size_t tasks;
    _Atomic size_t next;
} shared_work_t;

static void run_tasks(shared_work_t *work)
{
    for (;;) {
        size_t index = atomic_fetch_add_explicit(&work->next, 1, memory_order_relaxed);
        if (index >= work->tasks)
            return;
        work->task(work->context, index);
    }
}

static void *worker_main(void *argument)
{
    run_tasks(argument);
    return NULL;
}

void cplot_parallel_run(size_t tasks, cplot_parallel_task_fn task, void *context)
{
    shared_work_t work = {task, context, tasks, 0};
    size_t helpers = cplot_parallel_threads() - 1;
    if (helpers > tasks - 1 || tasks == 0)
        helpers = tasks ? tasks - 1 : 0;
    pthread_t threads[THREADS_MAXIMUM];
    size_t started = 0;
    if (helpers > 0) {
        /* Workers block every signal, so a program's handlers run on its
         * own threads only; the mask is inherited from the creating
         * thread, so it is set around the creation and restored. */
        sigset_t all, previous;
        sigfillset(&all);
        int masked = pthread_sigmask(SIG_SETMASK, &all, &previous) == 0;
        while (started < helpers && pthread_create(&threads[started], NULL, worker_main, &work) == 0)
            started++;
        if (masked)
            pthread_sigmask(SIG_SETMASK, &previous, NULL);
    }
    run_tasks(&work);
    for (size_t i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
}
