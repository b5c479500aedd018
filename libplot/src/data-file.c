/* Data files: the reader for a file's kind, with the file's name and the
 * position of the problem in every message; and the checks of forced
 * column types that the CSV and JSON readers share. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data-private.h"
#include "file-private.h"

cplot_status_t cplot_data_check_forced(const char *name, bool categorical, bool found,
                                       bool forced_other, const char *where,
                                       cplot_data_error_t *error)
{
    char quoted[CPLOT_DATA_QUOTED_MAX];
    cplot_data_quote(name, strlen(name), quoted);
    if (!found) {
        cplot_data_error_set(error, 0, 0, "the column %s, given as %s, is not in the %s", quoted,
                             categorical ? "categorical" : "numeric", where);
        return CPLOT_STATUS_UNKNOWN_COLUMN;
    }
    if (forced_other) {
        cplot_data_error_set(error, 0, 0, "the column %s is given as both numeric and categorical",
                             quoted);
        return CPLOT_STATUS_INVALID_ARGUMENT;
    }
    return CPLOT_STATUS_SUCCESS;
}

/* Reads the text of a file open on `fd`, and a CSV file's table while
 * reading it when it is large: its text is then never held whole, unless
 * the serial reader must read it (see cplot_read_csv_stream). */
static cplot_status_t read_open_data_file(int fd, size_t size, const char *quoted, bool json,
                                          const cplot_data_options_t *options,
                                          cplot_table_t **table, cplot_data_error_t *error,
                                          char *message, size_t message_size)
{
    cplot_csv_stream_t stream = CPLOT_CSV_STREAM_DECLINED;
    if (!json) {
        stream = cplot_read_csv_stream(fd, size, options, CPLOT_CSV_PIECE_BYTES, table);
        if (stream == CPLOT_CSV_STREAM_READ)
            return CPLOT_STATUS_SUCCESS;
    }
    char *text = NULL;
    size_t length = 0;
    cplot_status_t status = cplot_read_open_file(fd, quoted, CPLOT_MAX_DATA_BYTES, size, &text,
                                                 &length, message, message_size);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    if (json)
        status = cplot_read_json_data_text(text, length, options, table, error);
    else if (stream == CPLOT_CSV_STREAM_FAILED)
        status = cplot_read_csv_serially(text, length, options, table, error);
    else
        status = cplot_read_csv(text, length, options, table, error);
    free(text);
    return status;
}

cplot_status_t cplot_read_data_file(const char *path, const char *root, const char *name,
                                    const cplot_data_options_t *options, cplot_table_t **table,
                                    char *message, size_t message_size)
{
    *table = NULL;
    /* Messages name the file as the spec wrote it, never by `path`. */
    size_t name_length = strlen(name);
    char *quoted = malloc(name_length + 3);
    if (!quoted) {
        snprintf(message, message_size, "out of memory");
        return CPLOT_STATUS_NO_MEMORY;
    }
    snprintf(quoted, name_length + 3, "\"%s\"", name);
    size_t size = 0;
    cplot_status_t status;
    int fd = cplot_open_file(path, root, quoted, CPLOT_MAX_DATA_BYTES, &size, &status, message,
                             message_size);
    if (fd < 0) {
        free(quoted);
        return status;
    }
    size_t path_length = strlen(path);
    bool json = path_length > 5 && strcmp(path + path_length - 5, ".json") == 0;
    cplot_data_error_t error = {0};
    cplot_data_options_t none = {0};
    if (!options)
        options = &none;
    message[0] = 0; /* failures to read are worded there, the data's errors here */
    status =
        read_open_data_file(fd, size, quoted, json, options, table, &error, message, message_size);
    close(fd);
    free(quoted);
    if (status != CPLOT_STATUS_SUCCESS && !message[0]) {
        if (error.line)
            snprintf(message, message_size, "%s:%zu:%zu: %s", name, error.line, error.column,
                     error.message);
        else
            snprintf(message, message_size, "%s: %s", name, error.message);
    }
    return status;
}

cplot_status_t cplot_table_read(const char *path, cplot_table_t **table, char *message,
                                size_t message_size)
{
    char ignored[1];
    if (!message || message_size == 0) {
        message = ignored;
        message_size = sizeof ignored;
    }
    message[0] = 0;
    if (!table)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    *table = NULL;
    if (!path) {
        snprintf(message, message_size, "the path is NULL");
        return CPLOT_STATUS_INVALID_ARGUMENT;
    }
    return cplot_read_data_file(path, NULL, path, NULL, table, message, message_size);
}
