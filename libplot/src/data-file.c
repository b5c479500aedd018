/* Data files: the reader for a file's kind, with the file's name and the
 * position of the problem in every message; and the checks of forced
 * column types that the CSV and JSON readers share. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

cplot_status_t cplot_read_data_file(const char *path, const char *root, const char *name,
                                    const cplot_data_options_t *options, cplot_table_t **table,
                                    char *message, size_t message_size)
{
    *table = NULL;
    char *text = NULL;
    size_t length = 0;
    /* Messages name the file as the spec wrote it, never by `path`. */
    size_t name_length = strlen(name);
    char *quoted = malloc(name_length + 3);
    if (!quoted) {
        snprintf(message, message_size, "out of memory");
        return CPLOT_STATUS_NO_MEMORY;
    }
    snprintf(quoted, name_length + 3, "\"%s\"", name);
    cplot_status_t status = cplot_read_file(path, root, quoted, CPLOT_MAX_DATA_BYTES, &text, &length,
                                            message, message_size);
    free(quoted);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    size_t path_length = strlen(path);
    bool json = path_length > 5 && strcmp(path + path_length - 5, ".json") == 0;
    cplot_data_error_t error = {0};
    cplot_data_options_t none = {0};
    if (!options)
        options = &none;
    status = json ? cplot_read_json_data_text(text, length, options, table, &error)
                  : cplot_read_csv(text, length, options, table, &error);
    if (status != CPLOT_STATUS_SUCCESS) {
        if (error.line)
            snprintf(message, message_size, "%s:%zu:%zu: %s", name, error.line, error.column,
                     error.message);
        else
            snprintf(message, message_size, "%s: %s", name, error.message);
    }
    free(text);
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
