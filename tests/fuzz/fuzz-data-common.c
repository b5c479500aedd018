/* Shared by fuzz-csv and fuzz-json-data: see fuzz-data-common.h. */
#include "fuzz-data-common.h"

#include <string.h>

static size_t count_lines(const char *text, size_t length)
{
    size_t lines = 1;
    for (size_t i = 0; i < length; i++) {
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == length || text[i + 1] != '\n')))
            lines++;
    }
    return lines;
}

/* One call of the reader, with every promise of data-private.h checked. */
static cplot_status_t read_once(fuzz_reader_t reader, const char *text, size_t length,
                                const cplot_data_options_t *options, cplot_table_t **table)
{
    cplot_data_error_t error;
    memset(&error, 0x5A, sizeof error); /* garbage: the reader must fill or clear it */
    *table = (cplot_table_t *)&error;   /* likewise *table */
    cplot_status_t status = reader(text, length, options, table, &error);
    FUZZ_CHECK((unsigned)status <= CPLOT_STATUS_FONT_ERROR, "status %d", (int)status);
    FUZZ_CHECK(memchr(error.message, 0, sizeof error.message) != NULL,
               "the error message is not NUL-terminated");
    if (status == CPLOT_STATUS_SUCCESS) {
        FUZZ_CHECK(error.message[0] == 0, "success left a message: %s", error.message);
        fuzz_check_table(*table);
        size_t max_rows = options && options->max_rows ? options->max_rows : CPLOT_DATA_DEFAULT_MAX_ROWS;
        size_t max_columns =
            options && options->max_columns ? options->max_columns : CPLOT_DATA_DEFAULT_MAX_COLUMNS;
        FUZZ_CHECK(cplot_table_row_count(*table) <= max_rows, "%zu rows; the limit was %zu",
                   cplot_table_row_count(*table), max_rows);
        FUZZ_CHECK(cplot_table_column_count(*table) <= max_columns, "%zu columns; the limit was %zu",
                   cplot_table_column_count(*table), max_columns);
        return status;
    }
    FUZZ_CHECK(*table == NULL, "a failed read (%s) left *table set", cplot_status_to_string(status));
    FUZZ_CHECK(error.message[0] != 0, "a failed read (%s) explains nothing",
               cplot_status_to_string(status));
    FUZZ_CHECK(fuzz_utf8_valid(error.message, strlen(error.message)),
               "the error message is not UTF-8: %s", error.message);
    FUZZ_CHECK((error.line == 0) == (error.column == 0), "line %zu but column %zu", error.line,
               error.column);
    FUZZ_CHECK(error.line <= count_lines(text, length), "line %zu of a %zu-line text: %s",
               error.line, count_lines(text, length), error.message);
    return status;
}

void fuzz_read_data(fuzz_reader_t reader, const uint8_t *data, size_t size, bool csv)
{
    const char *text = (const char *)data;
    cplot_table_t *table = NULL;
    cplot_status_t status = read_once(reader, text, size, NULL, &table);
    if (status != CPLOT_STATUS_SUCCESS)
        return;
    /* Again, with the first column forced categorical and the last
     * numeric, and limits the input may well break. */
    size_t columns = cplot_table_column_count(table);
    const char *categorical[2] = {NULL, NULL}, *numeric[2] = {NULL, NULL};
    if (columns > 0)
        categorical[0] = cplot_table_column_name(table, 0);
    if (columns > 1)
        numeric[0] = cplot_table_column_name(table, columns - 1);
    cplot_data_options_t options = {
        .delimiter = 0,
        .categorical = categorical,
        .numeric = numeric,
        .max_rows = 3,
        .max_columns = 4,
        .max_levels = 2,
    };
    cplot_table_t *second = NULL;
    read_once(reader, text, size, &options, &second);
    cplot_table_destroy(second);
    if (csv) {
        /* Every documented delimiter choice parses or fails cleanly. */
        cplot_data_options_t semicolon = {.delimiter = ';'};
        read_once(reader, text, size, &semicolon, &second);
        cplot_table_destroy(second);
    }
    cplot_table_destroy(table);
}
