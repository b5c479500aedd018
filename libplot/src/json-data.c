/*
 * The JSON data reader: an array of records or an object of columns, as
 * found under "values" in a spec, into a table. Both shapes are first
 * gathered into one cell per row and column (borrowed tree nodes), so
 * type inference and conversion are written once.
 */
#include "data-private.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memory-private.h"
#include "strmap-private.h"
#include "utf8-private.h"

typedef enum json_kind {
    JSON_INFERRED,
    JSON_FORCED_NUMERIC,
    JSON_FORCED_CATEGORICAL
} json_kind_t;

typedef struct json_column {
    const char *name;    /* borrowed from the tree */
    const cJSON **cells; /* one per row; NULL where a record lacks the key */
    size_t last_record;  /* 1 + the last record that had the key, to spot repeats */
    json_kind_t kind;
} json_column_t;

typedef struct json_reader {
    bool records; /* the array-of-records shape, else the object of columns */
    json_column_t *columns;
    size_t column_count, column_capacity;
    cplot_strmap_t index; /* name -> column, borrowing the tree's keys */
    size_t row_count;
    size_t max_rows, max_columns, max_levels;
    cplot_data_error_t *error;
} json_reader_t;

enum { PLACE_MAX = 256 };

static cplot_status_t no_memory(json_reader_t *reader)
{
    cplot_data_error_set(reader->error, 0, 0, "out of memory reading the JSON data");
    return CPLOT_STATUS_NO_MEMORY;
}

static const char *type_name(const cJSON *item)
{
    if (cJSON_IsNumber(item))
        return "a number";
    if (cJSON_IsString(item))
        return item->valuestring ? "a string" : "a string without text";
    if (cJSON_IsBool(item))
        return "a boolean";
    if (cJSON_IsNull(item))
        return "null";
    if (cJSON_IsArray(item))
        return "an array";
    if (cJSON_IsObject(item))
        return "an object";
    return "a raw or invalid item";
}

static void quote(const char *text, char out[CPLOT_DATA_QUOTED_MAX])
{
    cplot_data_quote(text, strlen(text), out);
}

/* "record at index 3, key "b"" or "column "b", index 3". */
static void describe_cell(const json_reader_t *reader, const char *name, size_t row, char *out,
                          size_t size)
{
    char quoted[CPLOT_DATA_QUOTED_MAX];
    quote(name, quoted);
    if (reader->records)
        snprintf(out, size, "record at index %zu, key %s", row, quoted);
    else
        snprintf(out, size, "column %s, index %zu", quoted, row);
}

static cplot_status_t parse_error(json_reader_t *reader, const char *place, const char *problem)
{
    cplot_data_error_set(reader->error, 0, 0, "%s: %s", place, problem);
    return CPLOT_STATUS_PARSE_ERROR;
}

/* Keys become column names, which must be non-empty UTF-8. */
static cplot_status_t check_key(json_reader_t *reader, const cJSON *item, size_t record)
{
    const char *key = item->string;
    const char *problem = NULL;
    if (!key || !*key)
        problem = "has an empty key";
    else if (!cplot_utf8_valid(key, strlen(key)))
        problem = "has a key that is not valid UTF-8";
    if (!problem)
        return CPLOT_STATUS_SUCCESS;
    if (reader->records)
        cplot_data_error_set(reader->error, 0, 0, "record at index %zu %s", record, problem);
    else
        cplot_data_error_set(reader->error, 0, 0, "the object of columns %s", problem);
    return CPLOT_STATUS_PARSE_ERROR;
}

/* Values are scalars; a nested array or object is an error. */
static cplot_status_t check_value(json_reader_t *reader, const cJSON *item, const char *name,
                                  size_t row)
{
    if (cJSON_IsNumber(item) || (cJSON_IsString(item) && item->valuestring) || cJSON_IsBool(item)
        || cJSON_IsNull(item))
        return CPLOT_STATUS_SUCCESS;
    char place[PLACE_MAX], problem[128];
    describe_cell(reader, name, row, place, sizeof place);
    snprintf(problem, sizeof problem,
             "%s is not a valid value (expected a number, string, boolean or null)",
             type_name(item));
    return parse_error(reader, place, problem);
}

static cplot_status_t add_column(json_reader_t *reader, const char *name, size_t *index)
{
    if (reader->column_count == reader->max_columns) {
        cplot_data_error_set(reader->error, 0, 0, "more than %zu columns (the limit)",
                             reader->max_columns);
        return CPLOT_STATUS_LIMIT_EXCEEDED;
    }
    if (reader->column_count == reader->column_capacity) {
        size_t capacity = reader->column_capacity ? reader->column_capacity * 2 : 8;
        json_column_t *columns = cplot_realloc_array(reader->columns, capacity, sizeof *columns);
        if (!columns)
            return no_memory(reader);
        reader->columns = columns;
        reader->column_capacity = capacity;
    }
    const cJSON **cells = cplot_calloc_array(reader->row_count, sizeof *cells);
    if (!cells)
        return no_memory(reader);
    if (!cplot_strmap_put(&reader->index, name, reader->column_count)) {
        free(cells);
        return no_memory(reader);
    }
    *index = reader->column_count;
    reader->columns[reader->column_count++] = (json_column_t){.name = name, .cells = cells};
    return CPLOT_STATUS_SUCCESS;
}

static size_t count_items(const cJSON *container)
{
    size_t count = 0;
    for (const cJSON *item = container->child; item; item = item->next)
        count++;
    return count;
}

static cplot_status_t gather_records(json_reader_t *reader, const cJSON *json)
{
    reader->records = true;
    reader->row_count = count_items(json);
    if (reader->row_count > reader->max_rows) {
        cplot_data_error_set(reader->error, 0, 0, "%zu records, more than %zu (the limit)",
                             reader->row_count, reader->max_rows);
        return CPLOT_STATUS_LIMIT_EXCEEDED;
    }
    size_t row = 0;
    for (const cJSON *record = json->child; record; record = record->next, row++) {
        if (!cJSON_IsObject(record)) {
            cplot_data_error_set(reader->error, 0, 0,
                                 "record at index %zu is %s, not an object", row,
                                 type_name(record));
            return CPLOT_STATUS_PARSE_ERROR;
        }
        for (const cJSON *item = record->child; item; item = item->next) {
            cplot_status_t status = check_key(reader, item, row);
            if (status == CPLOT_STATUS_SUCCESS)
                status = check_value(reader, item, item->string, row);
            if (status != CPLOT_STATUS_SUCCESS)
                return status;
            size_t index;
            if (!cplot_strmap_get(&reader->index, item->string, &index)
                && (status = add_column(reader, item->string, &index)) != CPLOT_STATUS_SUCCESS)
                return status;
            json_column_t *column = &reader->columns[index];
            if (column->last_record == row + 1) {
                char quoted[CPLOT_DATA_QUOTED_MAX];
                quote(item->string, quoted);
                cplot_data_error_set(reader->error, 0, 0, "record at index %zu repeats the key %s",
                                     row, quoted);
                return CPLOT_STATUS_PARSE_ERROR;
            }
            column->last_record = row + 1;
            column->cells[row] = item;
        }
    }
    return CPLOT_STATUS_SUCCESS;
}

static cplot_status_t gather_columns(json_reader_t *reader, const cJSON *json)
{
    reader->records = false;
    const char *first_name = NULL;
    for (const cJSON *member = json->child; member; member = member->next) {
        cplot_status_t status = check_key(reader, member, 0);
        if (status != CPLOT_STATUS_SUCCESS)
            return status;
        char quoted[CPLOT_DATA_QUOTED_MAX];
        quote(member->string, quoted);
        size_t index;
        if (cplot_strmap_get(&reader->index, member->string, &index)) {
            cplot_data_error_set(reader->error, 0, 0, "the column %s appears twice", quoted);
            return CPLOT_STATUS_PARSE_ERROR;
        }
        if (!cJSON_IsArray(member)) {
            cplot_data_error_set(reader->error, 0, 0,
                                 "column %s is %s, not an array of values", quoted,
                                 type_name(member));
            return CPLOT_STATUS_PARSE_ERROR;
        }
        size_t count = count_items(member);
        if (!first_name) {
            if (count > reader->max_rows) {
                cplot_data_error_set(reader->error, 0, 0,
                                     "column %s has %zu values, more than %zu (the limit)",
                                     quoted, count, reader->max_rows);
                return CPLOT_STATUS_LIMIT_EXCEEDED;
            }
            first_name = member->string;
            reader->row_count = count;
        } else if (count != reader->row_count) {
            char first[CPLOT_DATA_QUOTED_MAX];
            quote(first_name, first);
            cplot_data_error_set(reader->error, 0, 0,
                                 "column %s has %zu value%s, but column %s has %zu", quoted,
                                 count, count == 1 ? "" : "s", first, reader->row_count);
            return CPLOT_STATUS_PARSE_ERROR;
        }
        if ((status = add_column(reader, member->string, &index)) != CPLOT_STATUS_SUCCESS)
            return status;
        size_t row = 0;
        for (const cJSON *item = member->child; item; item = item->next, row++) {
            if ((status = check_value(reader, item, member->string, row)) != CPLOT_STATUS_SUCCESS)
                return status;
            reader->columns[index].cells[row] = item;
        }
    }
    return CPLOT_STATUS_SUCCESS;
}

static cplot_status_t force_types(json_reader_t *reader, const char *const *names,
                                  json_kind_t kind)
{
    for (; names && *names; names++) {
        size_t index;
        bool found = cplot_strmap_get(&reader->index, *names, &index);
        json_column_t *column = found ? &reader->columns[index] : NULL;
        cplot_status_t status = cplot_data_check_forced(
            *names, kind == JSON_FORCED_CATEGORICAL, found,
            column && column->kind != JSON_INFERRED && column->kind != kind, "data", reader->error);
        if (status != CPLOT_STATUS_SUCCESS)
            return status;
        column->kind = kind;
    }
    return CPLOT_STATUS_SUCCESS;
}

static bool is_missing_cell(const cJSON *cell)
{
    return !cell || cJSON_IsNull(cell);
}

static cplot_status_t add_numeric(json_reader_t *reader, cplot_table_t *table,
                                  const json_column_t *column)
{
    double *values = cplot_alloc_array(reader->row_count, sizeof *values);
    if (!values)
        return no_memory(reader);
    cplot_status_t status = CPLOT_STATUS_SUCCESS;
    for (size_t row = 0; row < reader->row_count; row++) {
        const cJSON *cell = column->cells[row];
        values[row] = NAN;
        if (is_missing_cell(cell))
            continue;
        if (cJSON_IsNumber(cell)) {
            values[row] = cell->valuedouble;
            continue;
        }
        /* Only a forced numeric column gets here with text: numbers kept
         * in strings are read as the CSV reader would. */
        if (cJSON_IsString(cell)) {
            const char *text = cell->valuestring;
            size_t length = strlen(text);
            if (cplot_data_is_missing(text, length)
                || cplot_parse_number(text, length, &values[row]))
                continue;
        }
        char place[PLACE_MAX], value[CPLOT_DATA_QUOTED_MAX];
        describe_cell(reader, column->name, row, place, sizeof place);
        if (cJSON_IsString(cell))
            quote(cell->valuestring, value);
        else
            snprintf(value, sizeof value, "%s", cJSON_IsTrue(cell) ? "true" : "false");
        cplot_data_error_set(reader->error, 0, 0,
                             "%s: %s is not a number, but the column is read as numeric", place,
                             value);
        status = CPLOT_STATUS_PARSE_ERROR;
        break;
    }
    if (status == CPLOT_STATUS_SUCCESS
        && cplot_table_add_numeric(table, column->name, values, reader->row_count)
               != CPLOT_STATUS_SUCCESS)
        status = no_memory(reader);
    free(values);
    return status;
}

static cplot_status_t add_categorical(json_reader_t *reader, cplot_table_t *table,
                                      const json_column_t *column)
{
    size_t rows = reader->row_count;
    bool has_numbers = false;
    for (size_t row = 0; row < rows && !has_numbers; row++)
        has_numbers = column->cells[row] && cJSON_IsNumber(column->cells[row]);
    const char **values = cplot_alloc_array(rows, sizeof *values);
    char(*number_texts)[CPLOT_DATA_NUMBER_TEXT_MAX] =
        has_numbers ? cplot_alloc_array(rows, sizeof *number_texts) : NULL;
    cplot_strmap_t levels = {0};
    cplot_status_t status = CPLOT_STATUS_SUCCESS;
    if (!values || (has_numbers && !number_texts)) {
        status = no_memory(reader);
        goto done;
    }
    for (size_t row = 0; row < rows; row++) {
        const cJSON *cell = column->cells[row];
        const char *text = NULL;
        if (is_missing_cell(cell)) {
            values[row] = NULL;
            continue;
        }
        if (cJSON_IsString(cell)) {
            text = cell->valuestring;
            if (!cplot_utf8_valid(text, strlen(text))) {
                char place[PLACE_MAX];
                describe_cell(reader, column->name, row, place, sizeof place);
                status = parse_error(reader, place, "the string is not valid UTF-8");
                goto done;
            }
        } else if (cJSON_IsBool(cell)) {
            text = cJSON_IsTrue(cell) ? "true" : "false";
        } else {
            cplot_format_data_number(cell->valuedouble, number_texts[row]);
            text = number_texts[row];
        }
        values[row] = text;
        size_t ignored;
        if (!cplot_strmap_get(&levels, text, &ignored)) {
            if (levels.count == reader->max_levels) {
                char quoted[CPLOT_DATA_QUOTED_MAX];
                quote(column->name, quoted);
                cplot_data_error_set(reader->error, 0, 0,
                                     "column %s has more than %zu distinct values (the limit)",
                                     quoted, reader->max_levels);
                status = CPLOT_STATUS_LIMIT_EXCEEDED;
                goto done;
            }
            if (!cplot_strmap_put(&levels, text, 0)) {
                status = no_memory(reader);
                goto done;
            }
        }
    }
    if (cplot_table_add_categorical(table, column->name, values, rows) != CPLOT_STATUS_SUCCESS)
        status = no_memory(reader);
done:
    cplot_strmap_release(&levels);
    free(values);
    free(number_texts);
    return status;
}

static bool has_text(const json_column_t *column, size_t rows)
{
    for (size_t row = 0; row < rows; row++) {
        const cJSON *cell = column->cells[row];
        if (cell && (cJSON_IsString(cell) || cJSON_IsBool(cell)))
            return true;
    }
    return false;
}

static cplot_status_t build_table(json_reader_t *reader, cplot_table_t **result)
{
    cplot_table_t *table = cplot_table_create();
    if (!table)
        return no_memory(reader);
    for (size_t i = 0; i < reader->column_count; i++) {
        const json_column_t *column = &reader->columns[i];
        bool categorical =
            column->kind == JSON_FORCED_CATEGORICAL
            || (column->kind == JSON_INFERRED && has_text(column, reader->row_count));
        cplot_status_t status = categorical ? add_categorical(reader, table, column)
                                            : add_numeric(reader, table, column);
        if (status != CPLOT_STATUS_SUCCESS) {
            cplot_table_destroy(table);
            return status;
        }
    }
    *result = table;
    return CPLOT_STATUS_SUCCESS;
}

static size_t limit_or_default(size_t limit, size_t fallback)
{
    return limit ? limit : fallback;
}

cplot_status_t cplot_read_json_data(const cJSON *json, const cplot_data_options_t *options,
                                    cplot_table_t **table, cplot_data_error_t *error)
{
    static const cplot_data_options_t defaults = {0};
    if (error)
        *error = (cplot_data_error_t){{0}, 0, 0};
    if (table)
        *table = NULL;
    if (!json || !table) {
        cplot_data_error_set(error, 0, 0, "invalid arguments: JSON data and a table pointer "
                                          "are needed");
        return CPLOT_STATUS_INVALID_ARGUMENT;
    }
    if (!options)
        options = &defaults;
    json_reader_t reader = {
        .max_rows = limit_or_default(options->max_rows, CPLOT_DATA_DEFAULT_MAX_ROWS),
        .max_columns = limit_or_default(options->max_columns, CPLOT_DATA_DEFAULT_MAX_COLUMNS),
        .max_levels = limit_or_default(options->max_levels, CPLOT_DATA_DEFAULT_MAX_LEVELS),
        .error = error,
    };
    cplot_status_t status;
    if (cJSON_IsArray(json)) {
        status = gather_records(&reader, json);
    } else if (cJSON_IsObject(json)) {
        status = gather_columns(&reader, json);
    } else {
        cplot_data_error_set(error, 0, 0,
                             "the data must be an array of records or an object of columns, "
                             "not %s",
                             type_name(json));
        status = CPLOT_STATUS_PARSE_ERROR;
    }
    if (status == CPLOT_STATUS_SUCCESS)
        status = force_types(&reader, options->numeric, JSON_FORCED_NUMERIC);
    if (status == CPLOT_STATUS_SUCCESS)
        status = force_types(&reader, options->categorical, JSON_FORCED_CATEGORICAL);
    if (status == CPLOT_STATUS_SUCCESS)
        status = build_table(&reader, table);

    for (size_t i = 0; i < reader.column_count; i++)
        free(reader.columns[i].cells);
    free(reader.columns);
    cplot_strmap_release(&reader.index);
    return status;
}

static bool is_json_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static cplot_status_t syntax_error(cplot_data_error_t *error, const char *text, size_t offset,
                                   const char *problem)
{
    size_t line, column;
    cplot_data_position(text, offset, &line, &column);
    cplot_data_error_set(error, line, column, "line %zu, column %zu: %s", line, column, problem);
    return CPLOT_STATUS_PARSE_ERROR;
}

cplot_status_t cplot_read_json_data_text(const char *text, size_t length,
                                         const cplot_data_options_t *options,
                                         cplot_table_t **table, cplot_data_error_t *error)
{
    if (error)
        *error = (cplot_data_error_t){{0}, 0, 0};
    if (table)
        *table = NULL;
    if (!table || (!text && length > 0)) {
        cplot_data_error_set(error, 0, 0, "invalid arguments: a table pointer and text (or a "
                                          "length of 0) are needed");
        return CPLOT_STATUS_INVALID_ARGUMENT;
    }
    if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        length -= 3;
    }
    size_t invalid = cplot_data_find_invalid_utf8(text, length);
    if (invalid < length) {
        char problem[64];
        if (text[invalid] == '\0')
            snprintf(problem, sizeof problem, "NUL byte");
        else
            snprintf(problem, sizeof problem, "invalid UTF-8 (byte 0x%02X)",
                     (unsigned)(unsigned char)text[invalid]);
        return syntax_error(error, text, invalid, problem);
    }
    size_t start = 0;
    while (start < length && is_json_space(text[start]))
        start++;
    if (start == length) {
        cplot_data_error_set(error, 0, 0, "the JSON text is empty");
        return CPLOT_STATUS_PARSE_ERROR;
    }

    const char *end = NULL;
    cJSON *json = cJSON_ParseWithLengthOpts(text, length, &end, false);
    if (!json) {
        /* cJSON says where it stopped but not why. */
        size_t offset = end && end >= text && end <= text + length ? (size_t)(end - text) : 0;
        return syntax_error(error, text, offset, "malformed JSON");
    }
    size_t rest = end ? (size_t)(end - text) : length;
    while (rest < length && is_json_space(text[rest]))
        rest++;
    cplot_status_t status;
    if (rest < length)
        status = syntax_error(error, text, rest, "unexpected text after the JSON value");
    else
        status = cplot_read_json_data(json, options, table, error);
    cJSON_Delete(json);
    return status;
}
