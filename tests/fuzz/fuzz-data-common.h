/* The CSV and JSON data targets share their checks: one reader, called
 * with default options, then again with options derived from what the
 * first call found (forced types, tight limits, another delimiter). */
#ifndef CPLOT_FUZZ_DATA_COMMON_H
#define CPLOT_FUZZ_DATA_COMMON_H

#include "data-private.h"
#include "fuzz-common.h"

typedef cplot_status_t (*fuzz_reader_t)(const char *text, size_t length,
                                        const cplot_data_options_t *options,
                                        cplot_table_t **table, cplot_data_error_t *error);

void fuzz_read_data(fuzz_reader_t reader, const uint8_t *data, size_t size, bool csv);

#endif
