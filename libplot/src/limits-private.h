/* The process-wide limits on untrusted input (cplot_limit_set), read where
 * each is enforced. One table in limits.c holds every name, default and
 * description: the README and the man page list the same. */
#ifndef CPLOT_LIMITS_PRIVATE_H
#define CPLOT_LIMITS_PRIVATE_H

#include <stddef.h>

/* In the order of the table in limits.c. */
typedef enum cplot_limit_id {
    CPLOT_LIMIT_SPEC_BYTES,
    CPLOT_LIMIT_DATA_BYTES,
    CPLOT_LIMIT_DATA_ROWS,
    CPLOT_LIMIT_DATA_COLUMNS,
    CPLOT_LIMIT_CATEGORIES,
    CPLOT_LIMIT_PIXELS,
    CPLOT_LIMIT_MATRIX_CELLS,
    CPLOT_LIMIT_FACET_PANELS,
    CPLOT_LIMIT_KDE_EVALUATIONS,
    CPLOT_LIMIT_COUNT
} cplot_limit_id_t;

/* The current value of a limit (a whole number >= 1). */
size_t cplot_limit(cplot_limit_id_t id);

/* The value written with thousands separators ("250,000"), as messages
 * and the README write limits. `text` holds at least 32 bytes. */
void cplot_limit_text(size_t value, char text[32]);

#endif
