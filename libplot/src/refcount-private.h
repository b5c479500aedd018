/* Atomic reference counts, so that objects shared read-only between
 * threads (a table drawn by two charts at once) are released exactly once. */
#ifndef CPLOT_REFCOUNT_PRIVATE_H
#define CPLOT_REFCOUNT_PRIVATE_H

#include <stdatomic.h>
#include <stdbool.h>

typedef atomic_int cplot_refcount_t;

static inline void cplot_refcount_init(cplot_refcount_t *count)
{
    atomic_init(count, 1);
}

static inline void cplot_refcount_increment(cplot_refcount_t *count)
{
    atomic_fetch_add_explicit(count, 1, memory_order_relaxed);
}

/* True when the last reference was dropped and the object must be freed. */
static inline bool cplot_refcount_decrement(cplot_refcount_t *count)
{
    return atomic_fetch_sub_explicit(count, 1, memory_order_acq_rel) == 1;
}

#endif
