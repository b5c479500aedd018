/* Threads for one render: started per piece of work, which is finished
 * before the call returns; nothing is kept between calls (a server's
 * memory and thread count stay flat), and the caller always works too. */
#ifdef __linux__
#define _GNU_SOURCE /* sched_getcpu, pthread_attr_setaffinity_np */
#include <sched.h>
#endif
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

/* cplot_parallel_tasks with `per_thread` tasks for each of the threads. */
static size_t task_count(size_t work, size_t minimum_per_task, size_t per_thread)
{
    unsigned threads = cplot_threads_get();
    if (threads < 2 || minimum_per_task == 0 || work / minimum_per_task < 2)
        return 1;
    size_t wanted = (size_t)threads * per_thread;
    size_t most = work / minimum_per_task;
    return wanted < most ? wanted : most;
}

size_t cplot_parallel_tasks(size_t work, size_t minimum_per_task)
{
    /* A few tasks per thread even out tasks of uneven cost. */
    return task_count(work, minimum_per_task, 4);
}

size_t cplot_parallel_tasks_per_thread(size_t work, size_t minimum_per_task)
{
    return task_count(work, minimum_per_task, 1);
}

size_t cplot_parallel_part_start(size_t count, size_t parts, size_t k)
{
    return count / parts * k + count % parts * k / parts;
}

/* One piece of work, shared by the caller and the helpers it starts. It
 * lives on the heap, released by whoever leaves it last: a helper the
 * system was slow to run (a virtual CPU woken from idle can take
 * milliseconds) may start after the caller has done every task itself and
 * returned, and then only finds nothing left and leaves. Waiting for such
 * a helper to start, as joining it would, cost more than the split saved
 * on the 2-vCPU benchmark machine. */
typedef struct shared_work {
    cplot_parallel_task_fn task;
    void *context;
    size_t tasks;
    _Atomic size_t next;      /* the next task to take */
    _Atomic int references;   /* the caller and each helper started */
    pthread_mutex_t lock;     /* guards finished */
    pthread_cond_t all_done;  /* finished reached tasks */
    size_t finished;
} shared_work_t;

/* Takes and runs tasks until none are left; then counts those it ran, so
 * that the caller returns only when every task taken has finished. */
static void run_tasks(shared_work_t *work)
{
    size_t ran = 0;
    for (;;) {
        size_t index = atomic_fetch_add_explicit(&work->next, 1, memory_order_relaxed);
        if (index >= work->tasks)
            break;
        work->task(work->context, index);
        ran++;
    }
    if (ran == 0)
        return;
    pthread_mutex_lock(&work->lock);
    work->finished += ran;
    if (work->finished == work->tasks)
        pthread_cond_signal(&work->all_done);
    pthread_mutex_unlock(&work->lock);
}

static void release(shared_work_t *work)
{
    if (atomic_fetch_sub_explicit(&work->references, 1, memory_order_acq_rel) != 1)
        return;
    pthread_cond_destroy(&work->all_done);
    pthread_mutex_destroy(&work->lock);
    free(work);
}

static void *worker_main(void *argument)
{
    run_tasks(argument);
    release(argument);
    return NULL;
}

/* Keeps helpers off the caller's CPU. Linux often placed a new thread on
 * the CPU of the thread that made it, busy with the caller, and moved it
 * to the idle one only after several milliseconds: on the 2-vCPU
 * benchmark machine two threads with 6 ms of work each took 11 ms in 7 of
 * 10 tries, and 6 ms in every try with this. Helpers stay within the
 * caller's own CPU set (a program that pins its threads keeps them
 * pinned); with a single CPU in it nothing changes. */
static void avoid_callers_cpu(pthread_attr_t *attributes)
{
#ifdef __linux__
    cpu_set_t allowed;
    int current = sched_getcpu();
    if (current < 0 || current >= CPU_SETSIZE ||
        sched_getaffinity(0, sizeof allowed, &allowed) != 0 || !CPU_ISSET(current, &allowed))
        return;
    CPU_CLR(current, &allowed);
    if (CPU_COUNT(&allowed) > 0)
        pthread_attr_setaffinity_np(attributes, sizeof allowed, &allowed);
#else
    (void)attributes;
#endif
}

/* Starts up to `helpers` detached threads on `work`; returns how many. */
static size_t start_helpers(shared_work_t *work, size_t helpers)
{
    pthread_attr_t attributes;
    if (pthread_attr_init(&attributes) != 0)
        return 0;
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    avoid_callers_cpu(&attributes);
    /* Helpers block every signal, so a program's handlers run on its own
     * threads only; the mask is inherited from the creating thread, so it
     * is set around the creation and restored. */
    sigset_t all, previous;
    sigfillset(&all);
    int masked = pthread_sigmask(SIG_SETMASK, &all, &previous) == 0;
    size_t started = 0;
    while (started < helpers) {
        atomic_fetch_add_explicit(&work->references, 1, memory_order_relaxed);
        pthread_t thread;
        if (pthread_create(&thread, &attributes, worker_main, work) != 0) {
            atomic_fetch_sub_explicit(&work->references, 1, memory_order_relaxed);
            break;
        }
        started++;
    }
    if (masked)
        pthread_sigmask(SIG_SETMASK, &previous, NULL);
    pthread_attr_destroy(&attributes);
    return started;
}

void cplot_parallel_run(size_t tasks, cplot_parallel_task_fn task, void *context)
{
    size_t helpers = tasks ? cplot_threads_get() - 1 : 0;
    if (helpers > tasks - 1)
        helpers = tasks - 1;
    shared_work_t *work = helpers > 0 ? calloc(1, sizeof *work) : NULL;
    if (work && pthread_mutex_init(&work->lock, NULL) != 0) {
        free(work);
        work = NULL;
    }
    if (work && pthread_cond_init(&work->all_done, NULL) != 0) {
        pthread_mutex_destroy(&work->lock);
        free(work);
        work = NULL;
    }
    if (!work) {
        /* One thread asked for, one task, or no memory: all here. */
        for (size_t i = 0; i < tasks; i++)
            task(context, i);
        return;
    }
    work->task = task;
    work->context = context;
    work->tasks = tasks;
    atomic_init(&work->next, 0);
    atomic_init(&work->references, 1);
    start_helpers(work, helpers);
    run_tasks(work);
    pthread_mutex_lock(&work->lock);
    while (work->finished < work->tasks)
        pthread_cond_wait(&work->all_done, &work->lock);
    pthread_mutex_unlock(&work->lock);
    release(work);
}
