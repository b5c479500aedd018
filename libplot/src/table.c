#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "memory-private.h"
#include "strmap-private.h"
#include "suggest-private.h"
#include "table-private.h"
#include "utf8-private.h"

cplot_table_t *cplot_table_create(void)
{
    cplot_table_t *table = calloc(1, sizeof *table);
    if (table)
        cplot_refcount_init(&table->refcount);
    return table;
}

cplot_table_t *cplot_table_reference(cplot_table_t *table)
{
    if (table)
        cplot_refcount_increment(&table->refcount);
    return table;
}

static void column_release(cplot_column_t *column)
{
    free(column->name);
    free(column->numbers);
    free(column->codes);
    for (size_t i = 0; i < column->level_count; i++)
        free(column->levels[i]);
    free(column->levels);
}

void cplot_table_destroy(cplot_table_t *table)
{
    if (!table || !cplot_refcount_decrement(&table->refcount))
        return;
    for (size_t i = 0; i < table->column_count; i++)
        column_release(&table->columns[i]);
    free(table->columns);
    free(table);
}

const cplot_column_t *cplot_table_column(const cplot_table_t *table, const char *name)
{
    long index = cplot_table_find(table, name);
    return index < 0 ? NULL : &table->columns[index];
}

long cplot_table_find(const cplot_table_t *table, const char *name)
{
    if (!table || !name)
        return -1;
    for (size_t i = 0; i < table->column_count; i++)
        if (strcmp(table->columns[i].name, name) == 0)
            return (long)i;
    return -1;
}

/* Makes room for one more column. */
static cplot_status_t reserve_column(cplot_table_t *table)
{
    if (table->column_count < table->column_capacity)
        return CPLOT_STATUS_SUCCESS;
    size_t capacity = table->column_capacity ? table->column_capacity * 2 : 8;
    cplot_column_t *columns = cplot_realloc_array(table->columns, capacity, sizeof *columns);
    if (!columns)
        return CPLOT_STATUS_NO_MEMORY;
    table->columns = columns;
    table->column_capacity = capacity;
    return CPLOT_STATUS_SUCCESS;
}

/* Checks what every new column must satisfy and makes room for it. */
static cplot_status_t prepare_column(cplot_table_t *table, const char *name, size_t count,
                                     bool values_missing)
{
    if (!table || !name || (values_missing && count > 0))
        return CPLOT_STATUS_INVALID_ARGUMENT;
    if (!cplot_utf8_valid(name, strlen(name)))
        return CPLOT_STATUS_INVALID_VALUE;
    if (cplot_table_find(table, name) >= 0)
        return CPLOT_STATUS_DUPLICATE_COLUMN;
    if (table->column_count > 0 && count != table->row_count)
        return CPLOT_STATUS_LENGTH_MISMATCH;
    return reserve_column(table);
}

static void commit_column(cplot_table_t *table, cplot_column_t *column, size_t count)
{
    table->columns[table->column_count++] = *column;
    table->row_count = count;
}

cplot_status_t cplot_table_adopt_column(cplot_table_t *table, cplot_column_t *column, size_t rows)
{
    if (table->column_count > 0 && rows != table->row_count)
        return CPLOT_STATUS_LENGTH_MISMATCH;
    cplot_status_t status = reserve_column(table);
    if (status == CPLOT_STATUS_SUCCESS)
        commit_column(table, column, rows);
    return status;
}

cplot_status_t cplot_table_add_numeric(cplot_table_t *table, const char *name,
                                       const double *values, size_t count)
{
    cplot_status_t status = prepare_column(table, name, count, values == NULL);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    cplot_column_t column = {.type = CPLOT_COLUMN_NUMERIC};
    column.name = cplot_strdup(name);
    column.numbers = cplot_alloc_array(count, sizeof(double));
    if (!column.name || !column.numbers) {
        column_release(&column);
        return CPLOT_STATUS_NO_MEMORY;
    }
    if (count)
        memcpy(column.numbers, values, count * sizeof(double));
    commit_column(table, &column, count);
    return CPLOT_STATUS_SUCCESS;
}

cplot_status_t cplot_table_add_categorical(cplot_table_t *table, const char *name,
                                           const char *const *values, size_t count)
{
    cplot_status_t status = prepare_column(table, name, count, values == NULL);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    for (size_t row = 0; row < count; row++)
        if (values[row] && !cplot_utf8_valid(values[row], strlen(values[row])))
            return CPLOT_STATUS_INVALID_VALUE;

    cplot_column_t column = {.type = CPLOT_COLUMN_CATEGORICAL};
    cplot_strmap_t index = {0};
    size_t level_capacity = 0;
    column.name = cplot_strdup(name);
    column.codes = cplot_alloc_array(count, sizeof(int));
    if (!column.name || !column.codes)
        goto out_of_memory;
    for (size_t row = 0; row < count; row++) {
        if (!values[row]) {
            column.codes[row] = -1;
            continue;
        }
        size_t level;
        if (!cplot_strmap_get(&index, values[row], &level)) {
            if (column.level_count >= (size_t)INT32_MAX)
                goto out_of_memory;
            if (column.level_count == level_capacity) {
                size_t capacity = level_capacity ? level_capacity * 2 : 8;
                char **levels = cplot_realloc_array(column.levels, capacity, sizeof *levels);
                if (!levels)
                    goto out_of_memory;
                column.levels = levels;
                level_capacity = capacity;
            }
            level = column.level_count;
            column.levels[level] = cplot_strdup(values[row]);
            if (!column.levels[level])
                goto out_of_memory;
            column.level_count++;
            /* The map borrows the copy, which outlives it. */
            if (!cplot_strmap_put(&index, column.levels[level], level))
                goto out_of_memory;
        }
        column.codes[row] = (int)level;
    }
    cplot_strmap_release(&index);
    commit_column(table, &column, count);
    return CPLOT_STATUS_SUCCESS;

out_of_memory:
    cplot_strmap_release(&index);
    column_release(&column);
    return CPLOT_STATUS_NO_MEMORY;
}

cplot_status_t cplot_table_set_levels(cplot_table_t *table, const char *name,
                                      const char *const *levels, size_t count)
{
    if (!table || !name || (!levels && count > 0))
        return CPLOT_STATUS_INVALID_ARGUMENT;
    long index = cplot_table_find(table, name);
    if (index < 0)
        return CPLOT_STATUS_UNKNOWN_COLUMN;
    cplot_column_t *column = &table->columns[index];
    if (column->type != CPLOT_COLUMN_CATEGORICAL)
        return CPLOT_STATUS_COLUMN_TYPE;

    /* Build the new order completely before touching the column, so a
     * failure leaves it as it was. */
    cplot_status_t status = CPLOT_STATUS_SUCCESS;
    cplot_strmap_t order = {0};
    char **new_levels = cplot_calloc_array(count, sizeof *new_levels);
    size_t *old_to_new = cplot_alloc_array(column->level_count, sizeof *old_to_new);
    int *new_codes = cplot_alloc_array(table->row_count, sizeof *new_codes);
    if (!new_levels || !old_to_new || !new_codes) {
        status = CPLOT_STATUS_NO_MEMORY;
        goto done;
    }
    for (size_t i = 0; i < count; i++) {
        size_t ignored;
        if (!levels[i] || !cplot_utf8_valid(levels[i], strlen(levels[i])) ||
            cplot_strmap_get(&order, levels[i], &ignored)) {
            status = CPLOT_STATUS_INVALID_VALUE; /* missing, invalid or repeated */
            goto done;
        }
        new_levels[i] = cplot_strdup(levels[i]);
        if (!new_levels[i] || !cplot_strmap_put(&order, new_levels[i], i)) {
            status = CPLOT_STATUS_NO_MEMORY;
            goto done;
        }
    }
    for (size_t old = 0; old < column->level_count; old++) {
        if (!cplot_strmap_get(&order, column->levels[old], &old_to_new[old])) {
            status = CPLOT_STATUS_INVALID_VALUE; /* a present level is not listed */
            goto done;
        }
    }
    for (size_t row = 0; row < table->row_count; row++)
        new_codes[row] = column->codes[row] < 0 ? -1 : (int)old_to_new[column->codes[row]];

    for (size_t i = 0; i < column->level_count; i++)
        free(column->levels[i]);
    free(column->levels);
    free(column->codes);
    column->levels = new_levels;
    column->level_count = count;
    column->codes = new_codes;
    new_levels = NULL;
    new_codes = NULL;
    count = 0;

done:
    cplot_strmap_release(&order);
    if (new_levels)
        for (size_t i = 0; i < count; i++)
            free(new_levels[i]);
    free(new_levels);
    free(old_to_new);
    free(new_codes);
    return status;
}

size_t cplot_table_row_count(const cplot_table_t *table)
{
    return table ? table->row_count : 0;
}

size_t cplot_table_column_count(const cplot_table_t *table)
{
    return table ? table->column_count : 0;
}

static const cplot_column_t *column_at(const cplot_table_t *table, size_t column)
{
    return table && column < table->column_count ? &table->columns[column] : NULL;
}

const char *cplot_table_column_name(const cplot_table_t *table, size_t column)
{
    const cplot_column_t *c = column_at(table, column);
    return c ? c->name : NULL;
}

cplot_column_type_t cplot_table_column_type(const cplot_table_t *table, size_t column)
{
    const cplot_column_t *c = column_at(table, column);
    return c ? c->type : CPLOT_COLUMN_NUMERIC;
}

const double *cplot_table_numeric(const cplot_table_t *table, size_t column)
{
    const cplot_column_t *c = column_at(table, column);
    return c ? c->numbers : NULL;
}

const int *cplot_table_codes(const cplot_table_t *table, size_t column)
{
    const cplot_column_t *c = column_at(table, column);
    return c ? c->codes : NULL;
}

size_t cplot_table_level_count(const cplot_table_t *table, size_t column)
{
    const cplot_column_t *c = column_at(table, column);
    return c ? c->level_count : 0;
}

const char *cplot_table_level(const cplot_table_t *table, size_t column, size_t level)
{
    const cplot_column_t *c = column_at(table, column);
    return c && level < c->level_count ? c->levels[level] : NULL;
}

cplot_table_t *cplot_table_filter(const cplot_table_t *table, const int *codes, int level)
{
    size_t rows = 0;
    for (size_t row = 0; row < table->row_count; row++)
        rows += codes[row] == level;
    cplot_table_t *out = cplot_table_create();
    if (!out)
        return NULL;
    for (size_t c = 0; c < table->column_count; c++) {
        const cplot_column_t *source = &table->columns[c];
        cplot_column_t column = {.type = source->type, .name = cplot_strdup(source->name)};
        bool ok = column.name != NULL;
        if (ok && source->type == CPLOT_COLUMN_NUMERIC) {
            ok = (column.numbers = cplot_alloc_array(rows, sizeof(double))) != NULL;
            for (size_t row = 0, k = 0; ok && row < table->row_count; row++)
                if (codes[row] == level)
                    column.numbers[k++] = source->numbers[row];
        } else if (ok) {
            column.codes = cplot_alloc_array(rows, sizeof(int));
            column.levels = cplot_calloc_array(source->level_count, sizeof(char *));
            ok = column.codes && column.levels;
            /* level_count counts the copies made, so a failure frees them. */
            for (size_t i = 0; ok && i < source->level_count; i++) {
                ok = (column.levels[i] = cplot_strdup(source->levels[i])) != NULL;
                column.level_count += ok;
            }
            for (size_t row = 0, k = 0; ok && row < table->row_count; row++)
                if (codes[row] == level)
                    column.codes[k++] = source->codes[row];
        }
        if (!ok || cplot_table_adopt_column(out, &column, rows) != CPLOT_STATUS_SUCCESS) {
            column_release(&column);
            cplot_table_destroy(out);
            return NULL;
        }
    }
    return out;
}

void cplot_table_missing_column_message(const cplot_table_t *table, const char *name, char *text,
                                        size_t size)
{
    const char *names[256];
    size_t count = table->column_count < 256 ? table->column_count : 256;
    for (size_t i = 0; i < count; i++)
        names[i] = table->columns[i].name;
    const char *suggestion = cplot_suggest(name, names, count);
    cplot_buffer_t out = {0};
    bool ok = cplot_buffer_printf(&out, "no column \"%s\" in the data; ", name);
    if (ok && suggestion)
        ok = cplot_buffer_printf(&out, "did you mean \"%s\"? The columns are ", suggestion);
    else if (ok)
        ok = cplot_buffer_printf(&out, "the columns are ");
    /* A long header is listed up to a point: the message must stay readable. */
    for (size_t i = 0; ok && i < count; i++) {
        if (out.size > 600) {
            ok = cplot_buffer_printf(&out, ", … (%zu in all)", table->column_count);
            break;
        }
        ok = cplot_buffer_printf(&out, "%s\"%s\"", i ? ", " : "", names[i]);
    }
    if (ok && count == 0)
        ok = cplot_buffer_printf(&out, "(none)");
    if (size > 0) {
        size_t n = ok && out.data ? out.size : 0;
        if (n >= size) /* cut, but never inside a character */
            n = cplot_utf8_cut((const char *)out.data, size - 1);
        if (n)
            memcpy(text, out.data, n);
        text[n] = 0;
    }
    cplot_buffer_release(&out);
}
