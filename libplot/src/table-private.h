/* The table's internals, shared with the readers that fill tables. */
#ifndef CPLOT_TABLE_PRIVATE_H
#define CPLOT_TABLE_PRIVATE_H

#include "cplot/cplot.h"
#include "refcount-private.h"
#include "stats-private.h"

typedef struct cplot_column {
    char *name;
    cplot_column_type_t type;
    double *numbers;   /* numeric: one per row, NaN when missing */
    int *codes;        /* categorical: level index per row, -1 when missing */
    char **levels;     /* categorical: distinct values in level order */
    size_t level_count;
    /* numeric: cplot_value_range_of the numbers, when a reader found it
     * while the values were in its hands (has_range), sparing a pass over
     * large columns; numbers never change once in a table. */
    cplot_value_range_t range;
    bool has_range;
} cplot_column_t;

struct cplot_table {
    cplot_refcount_t refcount;
    size_t row_count;
    size_t column_count;
    size_t column_capacity;
    cplot_column_t *columns;
};

/* Appends a column whose storage the caller built (readers that already
 * hold codes and levels, so nothing is copied or hashed twice). On success
 * the table owns everything `column` points to; on failure nothing
 * changes. The caller guarantees a unique, valid UTF-8 name, `rows`
 * entries and, for categories, codes within the levels. */
cplot_status_t cplot_table_adopt_column(cplot_table_t *table, cplot_column_t *column, size_t rows);

/* A new table of the rows whose code in `codes` equals `level` (a
 * categorical column's codes), every column kept; categorical columns keep
 * all their levels, so colours and category axes stay the same across the
 * panels of a faceted chart. NULL when out of memory. */
cplot_table_t *cplot_table_filter(const cplot_table_t *table, const int *codes, int level);

/* The message for a column that is not in the table: "no column "NAME" in
 * the data; did you mean "X"? The columns are "a", "b"" (the suggestion
 * only for a likely typo), truncated to `size` bytes. */
void cplot_table_missing_column_message(const cplot_table_t *table, const char *name, char *text,
                                        size_t size);

/* The column called `name`, or NULL. */
const cplot_column_t *cplot_table_column(const cplot_table_t *table, const char *name);

#endif
