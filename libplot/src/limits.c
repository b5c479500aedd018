/* Limits on untrusted input: one table of names, defaults and meanings,
 * and the process-wide values read where each limit is enforced. */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "cplot/cplot.h"
#include "limits-private.h"

/* The largest value any limit takes: far beyond memory, and exact in a
 * double, so that limits read back exactly. */
#define LIMIT_MAXIMUM 9007199254740992.0 /* 2^53 */

static const cplot_limit_info_t limit_table[CPLOT_LIMIT_COUNT] = {
    [CPLOT_LIMIT_SPEC_BYTES] = {"spec_bytes", 1048576, 1, LIMIT_MAXIMUM,
                                "bytes of one spec's JSON text"},
    [CPLOT_LIMIT_DATA_BYTES] = {"data_bytes", 536870912, 1, LIMIT_MAXIMUM,
                                "bytes of one data file (CSV, TSV or JSON)"},
    [CPLOT_LIMIT_DATA_ROWS] = {"data_rows", 10000000, 1, LIMIT_MAXIMUM,
                               "data rows of one table (CSV rows or JSON records)"},
    [CPLOT_LIMIT_DATA_COLUMNS] = {"data_columns", 1000, 1, LIMIT_MAXIMUM, "columns of one table"},
    [CPLOT_LIMIT_CATEGORIES] = {"categories", 100000, 1, 2147483647.0,
                                "distinct values of one categorical column"},
    [CPLOT_LIMIT_PIXELS] = {"pixels", 50000000, 1, LIMIT_MAXIMUM,
                            "raster pixels of one image (width x height x scale squared)"},
    [CPLOT_LIMIT_MATRIX_CELLS] = {"matrix_cells", 250000, 1, LIMIT_MAXIMUM,
                                  "cells of a heatmap or correlogram (a correlogram of n "
                                  "columns has n x n)"},
    [CPLOT_LIMIT_FACET_PANELS] = {"facet_panels", 64, 1, LIMIT_MAXIMUM,
                                  "panels of a faceted chart (categories of the facet column)"},
    [CPLOT_LIMIT_KDE_EVALUATIONS] = {"kde_evaluations", 100000000, 1, LIMIT_MAXIMUM,
                                     "kernel evaluations of one density curve (values x grid "
                                     "points within reach of each value)"},
};

/* 0 means "the default": the table's value, so nothing needs initialising.
 * Atomic so that a server may adjust limits while other threads render
 * (each render reads each limit when it needs it). */
static _Atomic size_t limit_values[CPLOT_LIMIT_COUNT];

size_t cplot_limit(cplot_limit_id_t id)
{
    size_t value = atomic_load_explicit(&limit_values[id], memory_order_relaxed);
    return value ? value : (size_t)limit_table[id].default_value;
}

void cplot_limit_text(size_t value, char text[32])
{
    char digits[32];
    int length = snprintf(digits, sizeof digits, "%zu", value);
    size_t used = 0;
    for (int i = 0; i < length; i++) {
        if (i > 0 && (length - i) % 3 == 0)
            text[used++] = ',';
        text[used++] = digits[i];
    }
    text[used] = 0;
}

size_t cplot_limit_count(void)
{
    return CPLOT_LIMIT_COUNT;
}

const cplot_limit_info_t *cplot_limit_at(size_t index)
{
    return index < CPLOT_LIMIT_COUNT ? &limit_table[index] : NULL;
}

static long find_limit(const char *name)
{
    for (size_t i = 0; name && i < CPLOT_LIMIT_COUNT; i++)
        if (strcmp(limit_table[i].name, name) == 0)
            return (long)i;
    return -1;
}

double cplot_limit_get(const char *name)
{
    long index = find_limit(name);
    return index < 0 ? NAN : (double)cplot_limit((cplot_limit_id_t)index);
}

cplot_status_t cplot_limit_set(const char *name, double value)
{
    long index = find_limit(name);
    if (index < 0)
        return CPLOT_STATUS_UNKNOWN_OPTION;
    const cplot_limit_info_t *info = &limit_table[index];
    if (!(value >= info->minimum && value <= info->maximum) || value != floor(value))
        return CPLOT_STATUS_INVALID_VALUE;
    atomic_store_explicit(&limit_values[index], (size_t)value, memory_order_relaxed);
    return CPLOT_STATUS_SUCCESS;
}

void cplot_limits_reset(void)
{
    for (size_t i = 0; i < CPLOT_LIMIT_COUNT; i++)
        atomic_store_explicit(&limit_values[i], 0, memory_order_relaxed);
}
