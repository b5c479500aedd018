/*
 * The CSV/TSV reader, serial: the reference every other path of reading
 * CSV must agree with, and the entries cplot_read_csv and
 * cplot_read_csv_serially; plus helpers shared with the JSON data reader.
 * The number parser is csv-number.c, reading in chunks csv-parallel.c.
 *
 * Speed is the design constraint: a 10,000,000-row file must read in a
 * fraction of a second. So the text is scanned once, fields are never
 * copied unless they hold escaped quotes (or become category levels), and
 * numbers are converted by an exact fast path that leaves only unusual
 * literals to strtod. A column is assumed numeric until a value proves
 * otherwise; the few rows read before that are read again afterwards
 * instead of keeping every field's text around.
 */
#include "csv-private.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memory-private.h"
#include "strmap-private.h"
#include "table-private.h"
#include "utf8-private.h"

/* ------------------------------------------------------ shared helpers */

void cplot_data_error_set(cplot_data_error_t *error, size_t line, size_t column,
                          const char *format, ...)
{
    if (!error)
        return;
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(error->message, sizeof error->message, format, arguments);
    va_end(arguments);
    error->line = line;
    error->column = column;
}

void cplot_data_position(const char *text, size_t offset, size_t *line, size_t *column)
{
    size_t current_line = 1, current_column = 1;
    for (size_t i = 0; i < offset; i++) {
        unsigned char byte = (unsigned char)text[i];
        if (byte == '\r' || (byte == '\n' && (i == 0 || text[i - 1] != '\r'))) {
            current_line++;
            current_column = 1;
        } else if (byte == '\n') {
            continue; /* the LF of a CRLF: the CR already ended the line */
        } else if ((byte & 0xC0) != 0x80) {
            current_column++; /* continuation bytes belong to the character before */
        }
    }
    *line = current_line;
    *column = current_column;
}

size_t cplot_data_find_invalid_utf8(const char *text, size_t length)
{
    const unsigned char *bytes = (const unsigned char *)text;
    size_t i = 0;
    while (i < length) {
        /* Data files are mostly ASCII: skip eight bytes at a time while none
         * has the high bit set and none is zero. */
        if (length - i >= 8) {
            uint64_t word;
            memcpy(&word, bytes + i, sizeof word);
            if (((word | (word - 0x0101010101010101ull)) & 0x8080808080808080ull) == 0) {
                i += 8;
                continue;
            }
        }
        unsigned char lead = bytes[i];
        if (lead == 0)
            return i;
        if (lead < 0x80) {
            i++;
            continue;
        }
        size_t extra;
        unsigned char low = 0x80, high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            extra = 1;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            extra = 2;
            if (lead == 0xE0)
                low = 0xA0; /* overlong */
            if (lead == 0xED)
                high = 0x9F; /* surrogates */
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            extra = 3;
            if (lead == 0xF0)
                low = 0x90; /* overlong */
            if (lead == 0xF4)
                high = 0x8F; /* above U+10FFFF */
        } else {
            return i;
        }
        if (length - i <= extra || bytes[i + 1] < low || bytes[i + 1] > high)
            return i;
        for (size_t k = 2; k <= extra; k++)
            if ((bytes[i + k] & 0xC0) != 0x80)
                return i;
        i += extra + 1;
    }
    return length;
}

enum { QUOTED_TEXT_LIMIT = 40 };

void cplot_data_quote(const char *text, size_t length, char out[CPLOT_DATA_QUOTED_MAX])
{
    static const char hex[] = "0123456789ABCDEF";
    size_t cut = length;
    if (cut > QUOTED_TEXT_LIMIT) {
        cut = QUOTED_TEXT_LIMIT;
        while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
            cut--;
    }
    /* Invalid UTF-8 must not leak into messages that end up in UTF-8
     * output, so such text shows its high bytes escaped. */
    bool escape_high = !cplot_utf8_valid(text, cut);
    size_t n = 0;
    out[n++] = '"';
    for (size_t i = 0; i < cut; i++) {
        unsigned char byte = (unsigned char)text[i];
        if (byte == '"' || byte == '\\') {
            out[n++] = '\\';
            out[n++] = (char)byte;
        } else if (byte == '\n') {
            out[n++] = '\\';
            out[n++] = 'n';
        } else if (byte == '\r') {
            out[n++] = '\\';
            out[n++] = 'r';
        } else if (byte == '\t') {
            out[n++] = '\\';
            out[n++] = 't';
        } else if (byte < 0x20 || byte == 0x7F || (escape_high && byte >= 0x80)) {
            out[n++] = '\\';
            out[n++] = 'x';
            out[n++] = hex[byte >> 4];
            out[n++] = hex[byte & 0xF];
        } else {
            out[n++] = (char)byte;
        }
    }
    if (cut < length) {
        memcpy(out + n, "...", 3);
        n += 3;
    }
    out[n++] = '"';
    out[n] = '\0';
}

bool cplot_data_is_missing(const char *text, size_t length)
{
    switch (length) {
    case 0:
        return true;
    case 2:
        return text[0] == 'N' && text[1] == 'A';
    case 3:
        return memcmp(text, "N/A", 3) == 0 || memcmp(text, "NaN", 3) == 0;
    case 4:
        return memcmp(text, "null", 4) == 0;
    default:
        return false;
    }
}

/* ---------------------------------------------------------- CSV reader */

/* Row number used in messages about the header. */
#define CSV_HEADER_ROW SIZE_MAX

static cplot_status_t no_memory(cplot_csv_reader_t *reader)
{
    cplot_data_error_set(reader->error, 0, 0, "out of memory reading the CSV data");
    return CPLOT_STATUS_NO_MEMORY;
}

/* "row 12, column 3 ("mass")" or "header column 3", for messages. */
static void describe_place(const cplot_csv_reader_t *reader, size_t row, size_t column, char *out,
                           size_t size)
{
    if (row == CSV_HEADER_ROW) {
        snprintf(out, size, "header column %zu", column + 1);
    } else if (column < reader->column_count) {
        char name[CPLOT_DATA_QUOTED_MAX];
        const char *text = reader->columns[column].name;
        cplot_data_quote(text, strlen(text), name);
        snprintf(out, size, "row %zu, column %zu (%s)", row + 1, column + 1, name);
    } else {
        snprintf(out, size, "row %zu, column %zu", row + 1, column + 1);
    }
}

enum { PLACE_MAX = 256 };

static cplot_status_t unterminated_quote(cplot_csv_reader_t *reader, size_t row, size_t column,
                                         size_t quote)
{
    if (!reader->error)
        return CPLOT_STATUS_PARSE_ERROR; /* see wrong_field_count */
    char place[PLACE_MAX];
    size_t line, character;
    describe_place(reader, row, column, place, sizeof place);
    cplot_data_position(reader->text, quote, &line, &character);
    cplot_data_error_set(reader->error, line, character,
                         "%s: the quote opened at line %zu, column %zu is never closed", place,
                         line, character);
    return CPLOT_STATUS_PARSE_ERROR;
}

static cplot_status_t text_after_quote(cplot_csv_reader_t *reader, size_t row, size_t column,
                                       size_t offset)
{
    if (!reader->error)
        return CPLOT_STATUS_PARSE_ERROR; /* see wrong_field_count */
    char place[PLACE_MAX];
    size_t line, character;
    describe_place(reader, row, column, place, sizeof place);
    cplot_data_position(reader->text, offset, &line, &character);
    cplot_data_error_set(reader->error, line, character,
                         "%s: text after the closing quote at line %zu, column %zu (only a "
                         "delimiter or a line end may follow it)",
                         place, line, character);
    return CPLOT_STATUS_PARSE_ERROR;
}

/* Records how the field ending at p is terminated and moves past that. */
static inline void end_field(cplot_csv_reader_t *reader, cplot_csv_field_t *field, size_t p)
{
    const char *text = reader->text;
    size_t end = reader->end;
    if (p >= end) {
        field->terminator = CPLOT_CSV_END_OF_INPUT;
    } else if (text[p] == reader->delimiter) {
        field->terminator = CPLOT_CSV_END_OF_FIELD;
        p++;
    } else {
        field->terminator = CPLOT_CSV_END_OF_LINE;
        p += (text[p] == '\r' && p + 1 < end && text[p + 1] == '\n') ? 2 : 1;
    }
    reader->position = p;
}

/* Reads the field at reader->position and moves past its terminator.
 * `row` and `column` only serve error messages. */
inline cplot_status_t cplot_csv_read_field(cplot_csv_reader_t *reader, size_t row, size_t column,
                                           cplot_csv_field_t *field)
{
    const char *text = reader->text;
    size_t end = reader->end, p = reader->position;
    field->start = p;
    if (p < end && text[p] == '"') {
        /* Quoted: unescape only when there is a "" to collapse, so most
         * quoted fields are still read in place. */
        field->quoted = true;
        size_t content = p + 1, search = content;
        bool copied = false;
        reader->unescaped.size = 0;
        for (;;) {
            const char *quote = memchr(text + search, '"', end - search);
            if (!quote)
                return unterminated_quote(reader, row, column, p);
            size_t at = (size_t)(quote - text);
            if (at + 1 < end && text[at + 1] == '"') {
                if (!cplot_buffer_append(&reader->unescaped, text + content, at + 1 - content))
                    return no_memory(reader);
                copied = true;
                content = search = at + 2;
                continue;
            }
            if (copied) {
                if (!cplot_buffer_append(&reader->unescaped, text + content, at - content))
                    return no_memory(reader);
                field->text = (const char *)reader->unescaped.data;
                field->length = reader->unescaped.size;
            } else {
                field->text = text + content;
                field->length = at - content;
            }
            p = at + 1;
            break;
        }
        if (p < end && text[p] != reader->delimiter && text[p] != '\n' && text[p] != '\r')
            return text_after_quote(reader, row, column, p);
    } else {
        field->quoted = false;
        size_t q = p;
        while (q < end && !reader->ends_field[(unsigned char)text[q]])
            q++;
        field->text = text + p;
        field->length = q - p;
        p = q;
    }
    field->end = p;
    end_field(reader, field, p);
    return CPLOT_STATUS_SUCCESS;
}

/* The number at text[*position, end) when it is an optional sign and at
 * most 19 digits with an optional decimal point: its value, the one
 * cplot_parse_number gives (the same conversion of the same mantissa and
 * exponent), and *position moved just past it. Anything else (spaces, an
 * exponent, more digits, no digits) returns false with nothing moved.
 * What may follow the number is the caller's to check. */
static inline bool scan_short_number(const char *text, size_t end, size_t *position, double *value)
{
    const char *p = text + *position, *stop = text + end;
    bool negative = false;
    if (p < stop && (*p == '-' || *p == '+')) {
        negative = *p == '-';
        p++;
    }
    uint64_t mantissa = 0;
    const char *integer = p;
    /* Integer parts are mostly short: digit by digit. */
    for (unsigned digit; p < stop && (digit = (unsigned char)*p - (unsigned)'0') < 10; p++)
        mantissa = mantissa * 10 + digit;
    size_t digits = (size_t)(p - integer), fraction_digits = 0;
    if (p < stop && *p == '.') {
        const char *fraction = ++p;
        p = cplot_csv_add_digits(p, stop, &mantissa);
        fraction_digits = (size_t)(p - fraction);
        digits += fraction_digits;
    }
    /* 19 digits cannot overflow the mantissa (10^19 - 1 < 2^64). */
    if (digits == 0 || digits > 19)
        return false;
    double result = 0.0;
    if (!cplot_csv_convert_short_decimal(mantissa, fraction_digits, &result) && mantissa != 0 &&
        !cplot_csv_convert_fast(mantissa, -(int64_t)fraction_digits, &result))
        return false;
    *value = negative ? -result : result;
    *position = (size_t)(p - text);
    return true;
}

/* The common case of a numeric column, in one pass instead of finding
 * the field's end and then parsing it: an unquoted short number
 * (scan_short_number) with a terminator right after. Anything else
 * (a missing value, text) returns false with nothing consumed, for
 * cplot_csv_read_field and store_field to handle. */
static inline bool read_number_field(cplot_csv_reader_t *reader, cplot_csv_field_t *field,
                                     double *value)
{
    const char *text = reader->text;
    size_t end = reader->end, start = reader->position, p = start;
    double result;
    if (!scan_short_number(text, end, &p, &result) ||
        (p < end && !reader->ends_field[(unsigned char)text[p]]))
        return false;
    *value = result;
    field->text = text + start;
    field->length = p - start;
    field->start = start;
    field->end = p;
    field->quoted = false;
    end_field(reader, field, p);
    return true;
}

/*
 * Rows of short numbers only (scan_short_number), the bulk of a numeric
 * table, read without the bookkeeping of fields that cplot_csv_read_rows
 * does for each one: each number goes straight to its column, which must
 * be read as numbers. Reads from row `row` on, no further than row
 * `limit`, and stops before the first row that is anything else (a
 * missing value, text, a wrong number of fields), leaving it at
 * reader->position for the general loop, which reads it as it reads every
 * row, messages included. Returns the next row. The values and positions
 * are those of read_number_field and end_field, field after field: this
 * is only the same reading done in fewer instructions (callgrind, the
 * benchmark's 10,000,000-value column: 198 per value down to 105).
 * `last` is the last column's index: a constant 0 for a single column
 * lets the compiler drop the loop over the columns.
 */
static inline size_t read_number_rows(cplot_csv_reader_t *reader, size_t row, size_t limit,
                                      size_t last)
{
    const char *text = reader->text;
    size_t end = reader->end, p = reader->position;
    char delimiter = reader->delimiter;
    for (; row < limit && p < end; row++) {
        size_t q = p;
        for (size_t column = 0;; column++) {
            double value;
            if (!scan_short_number(text, end, &q, &value))
                goto stop;
            if (column < last) {
                if (q >= end || text[q] != delimiter)
                    goto stop;
                reader->columns[column].numbers[row] = value;
                q++;
                continue;
            }
            if (q < end) {
                if (text[q] == '\n')
                    q++;
                else if (text[q] == '\r')
                    q += q + 1 < end && text[q + 1] == '\n' ? 2 : 1;
                else
                    goto stop;
            }
            reader->columns[column].numbers[row] = value;
            break;
        }
        p = q;
    }
stop:
    reader->position = p;
    reader->row_count = row;
    return row;
}

static cplot_status_t level_limit(cplot_csv_reader_t *reader, size_t column)
{
    char name[CPLOT_DATA_QUOTED_MAX];
    const char *text = reader->columns[column].name;
    cplot_data_quote(text, strlen(text), name);
    cplot_data_error_set(reader->error, 0, 0,
                         "column %zu (%s) has more than %zu distinct values (the limit)",
                         column + 1, name, reader->max_levels);
    return CPLOT_STATUS_LIMIT_EXCEEDED;
}

/* Adds `text` (NUL-terminated, handed over: freed on failure) as the
 * column's next level. */
cplot_status_t cplot_csv_append_level(cplot_csv_reader_t *reader, size_t column_index, char *text,
                                      size_t *level)
{
    cplot_csv_column_t *column = &reader->columns[column_index];
    if (column->level_count >= reader->max_levels) {
        free(text);
        return level_limit(reader, column_index);
    }
    if (column->level_count == column->level_capacity) {
        size_t capacity = column->level_capacity ? column->level_capacity * 2 : 16;
        char **levels = cplot_realloc_array(column->levels, capacity, sizeof *levels);
        if (!levels) {
            free(text);
            return no_memory(reader);
        }
        column->levels = levels;
        column->level_capacity = capacity;
    }
    if (!cplot_strmap_put(&column->level_index, text, column->level_count)) {
        free(text);
        return no_memory(reader);
    }
    *level = column->level_count;
    column->levels[column->level_count++] = text;
    return CPLOT_STATUS_SUCCESS;
}

/* Sets the row's code to the level of the field's text, adding a level
 * the first time a text is seen. */
static cplot_status_t intern(cplot_csv_reader_t *reader, size_t column_index, size_t row,
                             const cplot_csv_field_t *field)
{
    cplot_csv_column_t *column = &reader->columns[column_index];
    reader->key.size = 0;
    if (!cplot_buffer_append(&reader->key, field->text, field->length))
        return no_memory(reader);
    const char *key = (const char *)reader->key.data;
    size_t level;
    if (!cplot_strmap_get(&column->level_index, key, &level)) {
        char *copy = malloc(field->length + 1);
        if (!copy)
            return no_memory(reader);
        memcpy(copy, key, field->length + 1);
        cplot_status_t status = cplot_csv_append_level(reader, column_index, copy, &level);
        if (status != CPLOT_STATUS_SUCCESS)
            return status;
    }
    column->codes[row] = (int)level;
    return CPLOT_STATUS_SUCCESS;
}

static cplot_status_t become_categorical(cplot_csv_reader_t *reader, cplot_csv_column_t *column,
                                         size_t row)
{
    int *codes = cplot_alloc_array(reader->row_capacity, sizeof *codes);
    if (!codes)
        return no_memory(reader);
    free(column->numbers);
    column->numbers = NULL;
    column->codes = codes;
    column->kind = CPLOT_CSV_CATEGORICAL;
    column->first_categorical_row = row;
    return CPLOT_STATUS_SUCCESS;
}

static cplot_status_t not_a_number(cplot_csv_reader_t *reader, size_t row, size_t column,
                                   const cplot_csv_field_t *field)
{
    if (!reader->error)
        return CPLOT_STATUS_PARSE_ERROR; /* see wrong_field_count */
    char place[PLACE_MAX], value[CPLOT_DATA_QUOTED_MAX];
    size_t line, character;
    describe_place(reader, row, column, place, sizeof place);
    cplot_data_quote(field->text, field->length, value);
    cplot_data_position(reader->text, field->start, &line, &character);
    cplot_data_error_set(reader->error, line, character,
                         "%s: %s is not a number, but the column is read as numeric", place,
                         value);
    return CPLOT_STATUS_PARSE_ERROR;
}

static inline cplot_status_t store_field(cplot_csv_reader_t *reader, size_t column_index,
                                         size_t row, const cplot_csv_field_t *field)
{
    cplot_csv_column_t *column = &reader->columns[column_index];
    bool missing = cplot_data_is_missing(field->text, field->length);
    if (column->kind != CPLOT_CSV_CATEGORICAL) {
        double value = NAN;
        if (missing || cplot_parse_number(field->text, field->length, &value)) {
            column->numbers[row] = value;
            return CPLOT_STATUS_SUCCESS;
        }
        if (column->kind == CPLOT_CSV_FORCED_NUMERIC)
            return not_a_number(reader, row, column_index, field);
        if (reader->turned) {
            reader->turned[column_index] = true;
            return CPLOT_STATUS_SUCCESS;
        }
        cplot_status_t status = become_categorical(reader, column, row);
        if (status != CPLOT_STATUS_SUCCESS)
            return status;
    }
    if (missing) {
        column->codes[row] = -1;
        return CPLOT_STATUS_SUCCESS;
    }
    return intern(reader, column_index, row, field);
}

static cplot_status_t grow_rows(cplot_csv_reader_t *reader)
{
    size_t capacity = reader->row_capacity ? reader->row_capacity * 2 : 1024;
    if (capacity < reader->row_capacity || capacity > reader->max_rows)
        capacity = reader->max_rows;
    for (size_t i = 0; i < reader->column_count; i++) {
        cplot_csv_column_t *column = &reader->columns[i];
        if (column->kind == CPLOT_CSV_CATEGORICAL) {
            int *codes = cplot_realloc_array(column->codes, capacity, sizeof *codes);
            if (!codes)
                return no_memory(reader);
            column->codes = codes;
        } else {
            double *numbers = cplot_realloc_array(column->numbers, capacity, sizeof *numbers);
            if (!numbers)
                return no_memory(reader);
            column->numbers = numbers;
        }
    }
    reader->row_capacity = capacity;
    return CPLOT_STATUS_SUCCESS;
}

static cplot_status_t add_column(cplot_csv_reader_t *reader, const cplot_csv_field_t *field)
{
    if (reader->column_count == reader->column_capacity) {
        size_t capacity = reader->column_capacity ? reader->column_capacity * 2 : 8;
        cplot_csv_column_t *columns =
            cplot_realloc_array(reader->columns, capacity, sizeof *columns);
        if (!columns)
            return no_memory(reader);
        reader->columns = columns;
        reader->column_capacity = capacity;
    }
    char *name = malloc(field->length + 1);
    if (!name)
        return no_memory(reader);
    memcpy(name, field->text, field->length);
    name[field->length] = '\0';
    reader->columns[reader->column_count++] = (cplot_csv_column_t){.name = name};
    return CPLOT_STATUS_SUCCESS;
}

/* A header error at the start of a field; positions are only worked out
 * on failure, as they cost a scan from the start of the text. */
static cplot_status_t header_error(cplot_csv_reader_t *reader, cplot_status_t status,
                                   const cplot_csv_field_t *field, const char *format, ...)
    __attribute__((format(printf, 4, 5)));

static cplot_status_t header_error(cplot_csv_reader_t *reader, cplot_status_t status,
                                   const cplot_csv_field_t *field, const char *format, ...)
{
    size_t line, character;
    cplot_data_position(reader->text, field->start, &line, &character);
    if (reader->error) {
        va_list arguments;
        va_start(arguments, format);
        vsnprintf(reader->error->message, sizeof reader->error->message, format, arguments);
        va_end(arguments);
        reader->error->line = line;
        reader->error->column = character;
    }
    return status;
}

static cplot_status_t read_header(cplot_csv_reader_t *reader)
{
    cplot_strmap_t names = {0};
    cplot_status_t status = CPLOT_STATUS_SUCCESS;
    cplot_csv_field_t field;
    do {
        size_t column = reader->column_count;
        status = cplot_csv_read_field(reader, CSV_HEADER_ROW, column, &field);
        if (status != CPLOT_STATUS_SUCCESS)
            break;
        if (column == 0 && field.length == 0 && !field.quoted &&
            field.terminator != CPLOT_CSV_END_OF_FIELD) {
            status = header_error(reader, CPLOT_STATUS_PARSE_ERROR, &field,
                                  "the header (line 1) is blank");
            break;
        }
        if (column == reader->max_columns) {
            status = header_error(reader, CPLOT_STATUS_LIMIT_EXCEEDED, &field,
                                  "the header has more than %zu columns (the limit)",
                                  reader->max_columns);
            break;
        }
        if (field.length == 0) {
            status = header_error(reader, CPLOT_STATUS_PARSE_ERROR, &field,
                                  "header column %zu has an empty name", column + 1);
            break;
        }
        status = add_column(reader, &field);
        if (status != CPLOT_STATUS_SUCCESS)
            break;
        const char *name = reader->columns[column].name;
        size_t first;
        if (cplot_strmap_get(&names, name, &first)) {
            char quoted[CPLOT_DATA_QUOTED_MAX];
            cplot_data_quote(name, strlen(name), quoted);
            status = header_error(reader, CPLOT_STATUS_PARSE_ERROR, &field,
                                  "header column %zu repeats the name %s of column %zu",
                                  column + 1, quoted, first + 1);
            break;
        }
        if (!cplot_strmap_put(&names, name, column)) {
            status = no_memory(reader);
            break;
        }
    } while (field.terminator == CPLOT_CSV_END_OF_FIELD);
    cplot_strmap_release(&names);
    reader->data_start = reader->position;
    return status;
}

static long find_column(const cplot_csv_reader_t *reader, const char *name)
{
    for (size_t i = 0; i < reader->column_count; i++)
        if (strcmp(reader->columns[i].name, name) == 0)
            return (long)i;
    return -1;
}

static cplot_status_t force_types(cplot_csv_reader_t *reader, const char *const *names,
                                  cplot_csv_column_kind_t kind)
{
    for (; names && *names; names++) {
        long index = find_column(reader, *names);
        cplot_csv_column_t *column = index < 0 ? NULL : &reader->columns[index];
        cplot_status_t status = cplot_data_check_forced(
            *names, kind == CPLOT_CSV_CATEGORICAL, column != NULL,
            column && column->kind != CPLOT_CSV_GUESSED_NUMERIC && column->kind != kind, "header",
            reader->error);
        if (status != CPLOT_STATUS_SUCCESS)
            return status;
        column->kind = kind;
    }
    return CPLOT_STATUS_SUCCESS;
}

static cplot_status_t wrong_field_count(cplot_csv_reader_t *reader, size_t row, size_t row_start,
                                        size_t fields, size_t offset, bool blank)
{
    /* No message is wanted from a chunk read in parallel, which only gives
     * up, and its position would cost a scan from the start of the text. */
    if (!reader->error)
        return CPLOT_STATUS_PARSE_ERROR;
    size_t line, character, row_line, ignored;
    cplot_data_position(reader->text, row_start, &row_line, &ignored);
    cplot_data_position(reader->text, offset, &line, &character);
    if (blank)
        cplot_data_error_set(reader->error, line, character,
                             "row %zu (line %zu) is blank, but the header has %zu columns",
                             row + 1, row_line, reader->column_count);
    else
        cplot_data_error_set(reader->error, line, character,
                             "row %zu (line %zu) has %zu field%s, but the header has %zu "
                             "column%s",
                             row + 1, row_line, fields, fields == 1 ? "" : "s",
                             reader->column_count, reader->column_count == 1 ? "" : "s");
    return CPLOT_STATUS_PARSE_ERROR;
}

/* Counts the rest of a row that has too many fields, for the message. */
static cplot_status_t too_many_fields(cplot_csv_reader_t *reader, size_t row, size_t row_start,
                                      const cplot_csv_field_t *first_extra)
{
    size_t fields = reader->column_count + 1;
    cplot_csv_field_t field = *first_extra;
    while (field.terminator == CPLOT_CSV_END_OF_FIELD) {
        cplot_status_t status = cplot_csv_read_field(reader, row, fields, &field);
        if (status != CPLOT_STATUS_SUCCESS)
            return status;
        fields++;
    }
    return wrong_field_count(reader, row, row_start, fields, first_extra->start, false);
}

/* Whether every column is read as numbers, as read_number_rows needs. */
static bool all_numeric(const cplot_csv_reader_t *reader)
{
    for (size_t i = 0; i < reader->column_count; i++)
        if (reader->columns[i].kind == CPLOT_CSV_CATEGORICAL)
            return false;
    return true;
}

cplot_status_t cplot_csv_read_rows(cplot_csv_reader_t *reader)
{
    size_t column_count = reader->column_count;
    size_t row = 0;
    bool numeric = all_numeric(reader);
    while (reader->position < reader->end) {
        if (numeric) {
            size_t limit = reader->max_rows < reader->row_capacity ? reader->max_rows
                                                                   : reader->row_capacity;
            row = column_count == 1 ? read_number_rows(reader, row, limit, 0)
                                    : read_number_rows(reader, row, limit, column_count - 1);
            if (reader->position >= reader->end)
                break;
        }
        size_t row_start = reader->position;
        if (row == reader->max_rows) {
            if (!reader->error)
                return CPLOT_STATUS_LIMIT_EXCEEDED; /* see wrong_field_count */
            size_t line, character;
            cplot_data_position(reader->text, row_start, &line, &character);
            cplot_data_error_set(reader->error, line, character,
                                 "row %zu (line %zu): more than %zu data rows (the limit)",
                                 row + 1, line, reader->max_rows);
            return CPLOT_STATUS_LIMIT_EXCEEDED;
        }
        cplot_status_t status;
        if (row == reader->row_capacity && (status = grow_rows(reader)) != CPLOT_STATUS_SUCCESS)
            return status;
        cplot_csv_field_t field;
        size_t column = 0;
        do {
            double value;
            if (column < column_count && reader->columns[column].kind != CPLOT_CSV_CATEGORICAL &&
                read_number_field(reader, &field, &value)) {
                reader->columns[column++].numbers[row] = value;
                continue;
            }
            status = cplot_csv_read_field(reader, row, column, &field);
            if (status != CPLOT_STATUS_SUCCESS)
                return status;
            if (column == column_count)
                return too_many_fields(reader, row, row_start, &field);
            status = store_field(reader, column, row, &field);
            if (status != CPLOT_STATUS_SUCCESS)
                return status;
            column++;
        } while (field.terminator == CPLOT_CSV_END_OF_FIELD);
        if (column < column_count) {
            bool blank = column == 1 && !field.quoted && field.length == 0;
            return wrong_field_count(reader, row, row_start, column, field.end, blank);
        }
        reader->row_count = ++row;
        numeric = all_numeric(reader); /* a column may have turned categorical */
    }
    return CPLOT_STATUS_SUCCESS;
}

/* Levels in order of first appearance, after a backfill added levels of
 * early rows behind those of later ones. */
static cplot_status_t renumber_levels(cplot_csv_reader_t *reader, cplot_csv_column_t *column)
{
    size_t *new_index = cplot_alloc_array(column->level_count, sizeof *new_index);
    char **levels = cplot_alloc_array(column->level_count, sizeof *levels);
    if (!new_index || !levels) {
        free(new_index);
        free(levels);
        return no_memory(reader);
    }
    for (size_t i = 0; i < column->level_count; i++)
        new_index[i] = SIZE_MAX;
    size_t next = 0;
    for (size_t row = 0; row < reader->row_count; row++) {
        int code = column->codes[row];
        if (code < 0)
            continue;
        if (new_index[code] == SIZE_MAX) {
            new_index[code] = next;
            levels[next++] = column->levels[code];
        }
        column->codes[row] = (int)new_index[code];
    }
    /* Every level came from some row, so all were placed. */
    free(new_index);
    free(column->levels);
    column->levels = levels;
    column->level_capacity = column->level_count;
    cplot_strmap_release(&column->level_index); /* its indices are stale now */
    return CPLOT_STATUS_SUCCESS;
}

/* Reads again the rows of columns that turned categorical after their
 * first row, for the text the first pass converted to numbers. */
static cplot_status_t backfill(cplot_csv_reader_t *reader)
{
    size_t rows = 0;
    for (size_t i = 0; i < reader->column_count; i++) {
        const cplot_csv_column_t *column = &reader->columns[i];
        if (column->kind == CPLOT_CSV_CATEGORICAL && column->first_categorical_row > rows)
            rows = column->first_categorical_row;
    }
    if (rows == 0)
        return CPLOT_STATUS_SUCCESS;
    reader->position = reader->data_start;
    for (size_t row = 0; row < rows; row++) {
        cplot_csv_field_t field;
        size_t index = 0;
        do {
            cplot_status_t status = cplot_csv_read_field(reader, row, index, &field);
            if (status != CPLOT_STATUS_SUCCESS)
                return status;
            cplot_csv_column_t *column = &reader->columns[index];
            if (column->kind == CPLOT_CSV_CATEGORICAL && row < column->first_categorical_row) {
                if (cplot_data_is_missing(field.text, field.length))
                    column->codes[row] = -1;
                else if ((status = intern(reader, index, row, &field)) != CPLOT_STATUS_SUCCESS)
                    return status;
            }
            index++;
        } while (field.terminator == CPLOT_CSV_END_OF_FIELD);
    }
    for (size_t i = 0; i < reader->column_count; i++) {
        cplot_csv_column_t *column = &reader->columns[i];
        if (column->kind == CPLOT_CSV_CATEGORICAL && column->first_categorical_row > 0) {
            cplot_status_t status = renumber_levels(reader, column);
            if (status != CPLOT_STATUS_SUCCESS)
                return status;
        }
    }
    return CPLOT_STATUS_SUCCESS;
}

/*
 * Moves a finished column into the table instead of copying it. This is
 * written against table-private.h, not the public add functions, for a
 * measured reason: cplot_table_add_categorical would hash all rows again to
 * rebuild the codes this reader already has (0.18 s for 10,000,000 rows),
 * and cplot_table_add_numeric would copy the values (0.03 s and a second
 * 80 MB array at the peak). Names are unique and text is valid UTF-8 by
 * now, so only memory can fail.
 */
static cplot_status_t adopt_column(cplot_csv_reader_t *reader, cplot_table_t *table,
                                   cplot_csv_column_t *column)
{
    size_t rows = reader->row_count;
    cplot_column_t adopted = {.name = column->name};
    if (column->kind == CPLOT_CSV_CATEGORICAL) {
        adopted.type = CPLOT_COLUMN_CATEGORICAL;
        /* Shrinking never fails in practice; keep the larger block if it does. */
        int *codes = cplot_realloc_array(column->codes, rows, sizeof *codes);
        adopted.codes = codes ? codes : column->codes;
        adopted.levels = column->levels;
        adopted.level_count = column->level_count;
        if (!adopted.levels) {
            adopted.levels = malloc(1); /* the table expects an array, even empty */
            if (!adopted.levels) {
                column->codes = adopted.codes;
                return no_memory(reader);
            }
        }
    } else {
        adopted.type = CPLOT_COLUMN_NUMERIC;
        double *numbers = cplot_realloc_array(column->numbers, rows, sizeof *numbers);
        adopted.numbers = numbers ? numbers : column->numbers;
        adopted.range = column->range;
        adopted.has_range = column->has_range;
    }
    if (cplot_table_adopt_column(table, &adopted, rows) != CPLOT_STATUS_SUCCESS) {
        if (adopted.type == CPLOT_COLUMN_CATEGORICAL) {
            column->codes = adopted.codes;
            column->levels = adopted.levels;
        } else {
            column->numbers = adopted.numbers;
        }
        return no_memory(reader);
    }
    /* The table owns the storage from here on. */
    cplot_strmap_release(&column->level_index);
    *column = (cplot_csv_column_t){.kind = column->kind};
    return CPLOT_STATUS_SUCCESS;
}

cplot_status_t cplot_csv_build_table(cplot_csv_reader_t *reader, cplot_table_t **result)
{
    cplot_table_t *table = cplot_table_create();
    if (!table)
        return no_memory(reader);
    /* Columns of a header-only file have no arrays yet. */
    if (reader->row_capacity == 0) {
        cplot_status_t status = grow_rows(reader);
        if (status != CPLOT_STATUS_SUCCESS) {
            cplot_table_destroy(table);
            return status;
        }
    }
    for (size_t i = 0; i < reader->column_count; i++) {
        cplot_status_t status = adopt_column(reader, table, &reader->columns[i]);
        if (status != CPLOT_STATUS_SUCCESS) {
            cplot_table_destroy(table);
            return status;
        }
    }
    *result = table;
    return CPLOT_STATUS_SUCCESS;
}

void cplot_csv_release_reader(cplot_csv_reader_t *reader)
{
    for (size_t i = 0; i < reader->column_count; i++) {
        cplot_csv_column_t *column = &reader->columns[i];
        free(column->name);
        free(column->numbers);
        free(column->codes);
        for (size_t k = 0; k < column->level_count; k++)
            free(column->levels[k]);
        free(column->levels);
        cplot_strmap_release(&column->level_index);
    }
    free(reader->columns);
    cplot_buffer_release(&reader->unescaped);
    cplot_buffer_release(&reader->key);
}

static char guess_delimiter(const char *text, size_t length)
{
    bool tab = false;
    for (size_t i = 0; i < length && text[i] != '\n' && text[i] != '\r'; i++) {
        if (text[i] == ',')
            return ',';
        if (text[i] == '\t')
            tab = true;
    }
    return tab ? '\t' : ',';
}

static size_t limit_or_default(size_t limit, size_t fallback)
{
    return limit ? limit : fallback;
}

/* The text's length without its trailing line breaks. */
size_t cplot_csv_end_of_rows(const char *text, size_t length)
{
    size_t end = length;
    while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r'))
        end--;
    return end;
}

void cplot_csv_start_reader(cplot_csv_reader_t *reader, const char *text, size_t end,
                            const cplot_data_options_t *options, cplot_data_error_t *error)
{
    char delimiter = options->delimiter;
    *reader = (cplot_csv_reader_t){
        .text = text,
        .end = end,
        .delimiter = delimiter ? delimiter : guess_delimiter(text, end),
        .max_rows = limit_or_default(options->max_rows, CPLOT_DATA_DEFAULT_MAX_ROWS),
        .max_columns = limit_or_default(options->max_columns, CPLOT_DATA_DEFAULT_MAX_COLUMNS),
        .max_levels = limit_or_default(options->max_levels, CPLOT_DATA_DEFAULT_MAX_LEVELS),
        .error = error,
    };
    /* Level codes are ints. */
    if (reader->max_levels > (size_t)INT_MAX)
        reader->max_levels = (size_t)INT_MAX;
    reader->ends_field[(unsigned char)reader->delimiter] = true;
    reader->ends_field['\n'] = true;
    reader->ends_field['\r'] = true;
}

cplot_status_t cplot_csv_read_header_and_types(cplot_csv_reader_t *reader,
                                               const cplot_data_options_t *options)
{
    cplot_status_t status = read_header(reader);
    if (status == CPLOT_STATUS_SUCCESS)
        status = force_types(reader, options->numeric, CPLOT_CSV_FORCED_NUMERIC);
    if (status == CPLOT_STATUS_SUCCESS)
        status = force_types(reader, options->categorical, CPLOT_CSV_CATEGORICAL);
    return status;
}

/* ------------------------------------------------------- the entries */

/* cplot_read_csv, trying the chunks first or not (`chunks`). */
static cplot_status_t read_text(const char *text, size_t length,
                                const cplot_data_options_t *options, bool chunks,
                                cplot_table_t **table, cplot_data_error_t *error)
{
    static const cplot_data_options_t defaults = {0};
    if (error)
        *error = (cplot_data_error_t){{0}, 0, 0};
    if (table)
        *table = NULL;
    if (!options)
        options = &defaults;
    char delimiter = options->delimiter;
    if (!table || (!text && length > 0) || delimiter == '"' || delimiter == '\r'
        || delimiter == '\n' || (unsigned char)delimiter >= 0x80) {
        cplot_data_error_set(error, 0, 0,
                             "invalid arguments: a table pointer, text (or a length of 0) and "
                             "a delimiter other than a quote, CR, LF or non-ASCII are needed");
        return CPLOT_STATUS_INVALID_ARGUMENT;
    }

    if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        length -= 3;
    }
    if (chunks && cplot_read_csv_in_chunks(text, length, options, table))
        return CPLOT_STATUS_SUCCESS;
    size_t invalid = cplot_data_find_invalid_utf8(text, length);
    if (invalid < length) {
        size_t line, character;
        cplot_data_position(text, invalid, &line, &character);
        if (text[invalid] == '\0')
            cplot_data_error_set(error, line, character, "line %zu, column %zu: NUL byte", line,
                                 character);
        else
            cplot_data_error_set(error, line, character,
                                 "line %zu, column %zu: invalid UTF-8 (byte 0x%02X)", line,
                                 character, (unsigned)(unsigned char)text[invalid]);
        return CPLOT_STATUS_PARSE_ERROR;
    }

    size_t end = cplot_csv_end_of_rows(text, length);
    if (end == 0) {
        cplot_data_error_set(error, 0, 0, "the input is empty: there is no header row");
        return CPLOT_STATUS_PARSE_ERROR;
    }

    cplot_csv_reader_t reader;
    cplot_csv_start_reader(&reader, text, end, options, error);
    cplot_status_t status = cplot_csv_read_header_and_types(&reader, options);
    if (status == CPLOT_STATUS_SUCCESS)
        status = cplot_csv_read_rows(&reader);
    if (status == CPLOT_STATUS_SUCCESS)
        status = backfill(&reader);
    if (status == CPLOT_STATUS_SUCCESS)
        status = cplot_csv_build_table(&reader, table);
    cplot_csv_release_reader(&reader);
    return status;
}

cplot_status_t cplot_read_csv(const char *text, size_t length, const cplot_data_options_t *options,
                              cplot_table_t **table, cplot_data_error_t *error)
{
    return read_text(text, length, options, true, table, error);
}

cplot_status_t cplot_read_csv_serially(const char *text, size_t length,
                                       const cplot_data_options_t *options, cplot_table_t **table,
                                       cplot_data_error_t *error)
{
    return read_text(text, length, options, false, table, error);
}

