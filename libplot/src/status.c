#include <stdlib.h>

#include "cplot/cplot.h"

const char *cplot_version_string(void)
{
    return CPLOT_VERSION_STRING;
}

const char *cplot_status_to_string(cplot_status_t status)
{
    switch (status) {
    case CPLOT_STATUS_SUCCESS: return "success";
    case CPLOT_STATUS_NO_MEMORY: return "out of memory";
    case CPLOT_STATUS_INVALID_ARGUMENT: return "invalid argument";
    case CPLOT_STATUS_UNKNOWN_OPTION: return "unknown option";
    case CPLOT_STATUS_INVALID_VALUE: return "invalid option value";
    case CPLOT_STATUS_UNKNOWN_COLUMN: return "unknown column";
    case CPLOT_STATUS_COLUMN_TYPE: return "column has the wrong type";
    case CPLOT_STATUS_DUPLICATE_COLUMN: return "duplicate column name";
    case CPLOT_STATUS_LENGTH_MISMATCH: return "column length differs from the table's";
    case CPLOT_STATUS_MISSING_CHANNEL: return "required channel not set";
    case CPLOT_STATUS_LIMIT_EXCEEDED: return "size limit exceeded";
    case CPLOT_STATUS_PARSE_ERROR: return "parse error";
    case CPLOT_STATUS_INVALID_SPEC: return "invalid spec";
    case CPLOT_STATUS_IO_ERROR: return "input/output error";
    case CPLOT_STATUS_DRAW_ERROR: return "drawing failed";
    case CPLOT_STATUS_FONT_ERROR: return "font configuration failed";
    }
    return "unknown status";
}

void cplot_free(void *pointer)
{
    free(pointer);
}
