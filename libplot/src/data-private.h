/*
 * Data readers: CSV/TSV text and JSON data (records or columns) into a
 * cplot_table_t, plus the number parser and the small helpers both readers
 * share. Readers never print; every failure fills a cplot_data_error_t whose
 * message names the place in the data (row, column, record, key) but not
 * the file, which only the caller knows.
 */
#ifndef CPLOT_DATA_PRIVATE_H
#define CPLOT_DATA_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "cplot/cplot.h"
#include "limits-private.h"

/* Limits that apply when an option is 0: the process-wide limits
 * (cplot_limit_set; defaults 10,000,000 rows, 1,000 columns, 100,000
 * levels). They bound memory and time on hostile input. */
#define CPLOT_DATA_DEFAULT_MAX_ROWS cplot_limit(CPLOT_LIMIT_DATA_ROWS)
#define CPLOT_DATA_DEFAULT_MAX_COLUMNS cplot_limit(CPLOT_LIMIT_DATA_COLUMNS)
#define CPLOT_DATA_DEFAULT_MAX_LEVELS cplot_limit(CPLOT_LIMIT_CATEGORIES)

/*
 * Where and why reading failed.
 *
 * `message` is English, NUL-terminated and never longer than the array; it
 * starts with the place in data terms ("row 12, column 3 (\"mass\"): ...",
 * "record at index 4, key \"x\": ...") and never names the file: the caller
 * prefixes that. User text quoted in messages (names, values) is escaped
 * (\", \\, \n, \r, \t, \xNN for other control bytes) and cut at 40 bytes, at a
 * character boundary, with "..." appended.
 *
 * `line` and `column` are 1-based positions in the input text of the
 * problem (the opening quote of an unterminated field, the first byte of a
 * bad UTF-8 sequence, the first extra field of a row with too many, ...),
 * or 0 when there is no such position (limits on distinct values, errors
 * found in an already parsed JSON tree). Lines end at LF, CRLF or a lone
 * CR. Columns count characters (UTF-8 code points, a tab counts one), not
 * bytes; a UTF-8 byte order mark at the start is not counted.
 */
typedef struct cplot_data_error {
    char message[512];
    size_t line, column;
} cplot_data_error_t;

/* How to read. A NULL options pointer, or a zero-initialised struct, means
 * every default. */
typedef struct cplot_data_options {
    /* CSV only: the field separator, any ASCII character except the double
     * quote, CR and LF; 0 guesses from the first line: a tab when it has a
     * tab and no comma, else a comma. */
    char delimiter;
    /* Column names forced categorical / numeric, each list NULL-terminated,
     * or NULL for none. A name in neither list has its type inferred. A
     * name the data lacks is an error (CPLOT_STATUS_UNKNOWN_COLUMN), as is
     * a name in both lists (CPLOT_STATUS_INVALID_ARGUMENT). In a forced
     * numeric column a value that is neither missing nor a number is an
     * error naming its row and column, never silently missing. */
    const char *const *categorical;
    const char *const *numeric;
    size_t max_rows;    /* data rows (not counting the header); 0 = 10,000,000 */
    size_t max_columns; /* 0 = 1,000 */
    size_t max_levels;  /* distinct values of one categorical column; 0 = 100,000 */
} cplot_data_options_t;

/*
 * Reads CSV or TSV text with a header row into a new table.
 *
 * Syntax (RFC 4180 with common relaxations):
 * - The first line is the header: one name per column. Names may be
 *   quoted; an empty name or a repeated name is an error.
 * - Fields are separated by the delimiter. A field that starts with a
 *   double quote is quoted: it ends at the next lone quote, "" inside it
 *   stands for one quote, and it may contain delimiters and line breaks
 *   (kept as they are). Only a delimiter or a line end may follow the
 *   closing quote. A quote inside an unquoted field is an ordinary
 *   character. Unquoted fields are kept byte for byte (no trimming).
 * - Rows end at LF, CRLF or a lone CR. Trailing line breaks, and so blank
 *   lines at the end, are ignored; the last row needs no line end. A blank
 *   line elsewhere is an error when there are several columns (it is a
 *   missing value in a one-column file; quote it, "", to keep a missing
 *   value on the last row of such a file).
 * - Every row has exactly as many fields as the header, else the error
 *   names the row (1-based, header not counted) and its input line.
 * - The text must be UTF-8 without NUL bytes; one leading byte order mark
 *   is skipped.
 *
 * Values:
 * - Missing values are exactly (case-sensitively, quoted or not) the empty
 *   field, "NA", "N/A", "null" and "NaN". Nothing else is missing: "nan",
 *   "NULL" or " " are ordinary text.
 * - A number is a decimal as accepted by cplot_parse_number (e.g. "-12",
 *   "3.5e-7", ".5", "+1.", " 42 ", "inf", "-Infinity").
 * - A column is numeric when every value that is not missing is a number
 *   (a column with only missing values is numeric, all NaN), otherwise
 *   categorical, keeping the text of every non-missing value as is (so
 *   "1.0" and "1" are different levels), levels in order of first
 *   appearance. options->categorical / ->numeric override the inference.
 *
 * `text` need not be NUL-terminated; it may be NULL when `length` is 0.
 * `options` and `error` may be NULL. On success *table holds a new table
 * (one reference, columns in header order) and `error` is cleared. On
 * failure *table is NULL, `error` is filled, and the status is
 * CPLOT_STATUS_PARSE_ERROR (malformed input, including empty input with no
 * header, a non-number in a forced numeric column), CPLOT_STATUS_LIMIT_EXCEEDED
 * (more rows, columns or levels than allowed), CPLOT_STATUS_NO_MEMORY,
 * CPLOT_STATUS_UNKNOWN_COLUMN or CPLOT_STATUS_INVALID_ARGUMENT (bad
 * options, NULL `table`, NULL `text` with a nonzero length).
 */
cplot_status_t cplot_read_csv(const char *text, size_t length, const cplot_data_options_t *options,
                              cplot_table_t **table, cplot_data_error_t *error);

/* cplot_read_csv's parallel path alone (text without a byte order mark,
 * options not NULL), exposed for tests: reads a large text on threads into
 * *table and returns true, or returns false, keeping nothing, when threads
 * are off, the text is small, or it needs the serial reader (quotes,
 * errors: see csv-parallel.c), which cplot_read_csv then runs. */
bool cplot_read_csv_in_chunks(const char *text, size_t length, const cplot_data_options_t *options,
                              cplot_table_t **table);

/* cplot_read_csv by the serial reader alone, for text the chunks have
 * already given up on: the same table or the same error. */
cplot_status_t cplot_read_csv_serially(const char *text, size_t length,
                                       const cplot_data_options_t *options, cplot_table_t **table,
                                       cplot_data_error_t *error);

/* How cplot_read_csv_stream ended. */
typedef enum cplot_csv_stream {
    CPLOT_CSV_STREAM_READ,     /* *table holds the table */
    CPLOT_CSV_STREAM_DECLINED, /* a small file: read its text whole (cplot_read_csv) */
    CPLOT_CSV_STREAM_FAILED    /* read its text whole for cplot_read_csv_serially */
} cplot_csv_stream_t;

/* The nominal size of the pieces a CSV file is read in: a few of them are
 * in memory at a time, never the whole text. */
#define CPLOT_CSV_PIECE_BYTES ((size_t)1024 * 1024)

/* Reads a CSV file open on `fd` (`size` bytes by fstat, at most the data
 * limit) while reading it: in pieces of about `piece_bytes` (the tests
 * make them small) into a few reused buffers, each parsed straight into
 * the table's arrays, on threads when there are several (see csv-parallel.c).
 * Gives the table cplot_read_csv gives for the file's text, or gives up
 * (CPLOT_CSV_STREAM_FAILED, nothing kept) on whatever the serial reader
 * must read: quotes, errors, limits, a file that changed. Files smaller
 * than two pieces are declined. Reads with pread only, so the file offset
 * stays where it was, for a whole read after it. */
cplot_csv_stream_t cplot_read_csv_stream(int fd, size_t size, const cplot_data_options_t *options,
                                         size_t piece_bytes, cplot_table_t **table);

/*
 * Reads JSON data, already parsed, into a new table. Two shapes:
 * - an array of records, [{"a": 1, "b": "x"}, ...]: the columns are the
 *   union of the records' keys in order of first appearance; a key a
 *   record lacks is a missing value there. Each element must be an object.
 * - an object of columns, {"a": [1, 2], "b": ["x", "y"]}: every member is
 *   an array, all of the same length.
 * Values and types:
 * - null (and an absent key) is missing.
 * - A column of only numbers and nulls is numeric (only nulls: numeric,
 *   all NaN).
 * - A column with any string or boolean is categorical: strings are kept
 *   as they are ("NA" is a level here: JSON has null for missing),
 *   booleans become "true" / "false", and numbers are written as by
 *   cplot_format_data_number ("1", "0.1", "1e+21").
 * - A forced numeric column accepts numbers, null and strings that read as
 *   numbers or missing under the CSV rules ("2.5", "NA"); anything else
 *   is an error. A forced categorical column converts as above.
 * - A nested array or object as a value is an error naming the record
 *   index (counted from 0, as in the JSON array) and key, or the column
 *   and index.
 * Keys must be non-empty, unique within a record or the column object,
 * and valid UTF-8, as must strings. The errors carry no line or column
 * (the tree has none). Limits, NULL handling and statuses are as for
 * cplot_read_csv (a NULL `json` is CPLOT_STATUS_INVALID_ARGUMENT); every
 * structural problem is CPLOT_STATUS_PARSE_ERROR. `json` is not modified
 * and not kept.
 */
cplot_status_t cplot_read_json_data(const cJSON *json, const cplot_data_options_t *options,
                                    cplot_table_t **table, cplot_data_error_t *error);

/* Parses JSON text (need not be NUL-terminated; a byte order mark is
 * skipped) and reads it as cplot_read_json_data does. Malformed JSON,
 * invalid UTF-8 and text after the value are CPLOT_STATUS_PARSE_ERROR with
 * the line and column where the parser stopped. Never touches cJSON's
 * global error pointer, so it is safe to call from several threads. */
cplot_status_t cplot_read_json_data_text(const char *text, size_t length,
                                         const cplot_data_options_t *options,
                                         cplot_table_t **table, cplot_data_error_t *error);

/*
 * Reads a whole decimal number from `length` bytes (no NUL needed) into
 * *value; false, *value untouched, when the bytes are not one number.
 * Accepted: optional spaces around, an optional sign, digits with an
 * optional '.' (at least one digit on either side), an optional exponent
 * "e" or "E" with optional sign and digits; or, after the optional sign,
 * "inf" or "infinity" in any case (giving +-INFINITY). Not accepted: hex,
 * "nan", thousands separators, other white space. Independent of the
 * locale. The result is the correctly rounded double (bit for bit what
 * glibc's strtod gives for the same text, under the default rounding
 * mode); literals beyond the range give +-INFINITY or a (signed) zero as
 * strtod does. Ordinary literals (up to 19 significant digits, powers of
 * ten up to 10^22, or 10^27 where long double is x87 extended) take a fast
 * exact path; others are handed to strtod in a locale-proof form.
 */
bool cplot_parse_number(const char *text, size_t length, double *value);

/* True when the bytes are one of the CSV missing-value spellings: "",
 * "NA", "N/A", "null", "NaN". */
bool cplot_data_is_missing(const char *text, size_t length);

/* Writes the shortest text that reads back (with cplot_parse_number) as
 * exactly `value`, in the notation "%.17g" would choose (plain unless the
 * decimal exponent is below -4 or above 16): 1 -> "1", 0.1 -> "0.1",
 * 1e21 -> "1e+21", 1e-5 -> "1e-05", -0.0 -> "-0". Infinities give "inf"
 * and "-inf", NaN "nan". Independent of the locale. Always NUL-terminated. */
#define CPLOT_DATA_NUMBER_TEXT_MAX 32
void cplot_format_data_number(double value, char text[CPLOT_DATA_NUMBER_TEXT_MAX]);

/* The 1-based line and column (in characters, see cplot_data_error_t) of
 * byte `offset` of `text`. */
void cplot_data_position(const char *text, size_t offset, size_t *line, size_t *column);

/* The offset of the first byte that starts an invalid UTF-8 sequence or is
 * a NUL byte, or `length` when there is none. */
size_t cplot_data_find_invalid_utf8(const char *text, size_t length);

/* Writes `length` bytes of user text into `out` as a double-quoted, escaped
 * string, cut as described for cplot_data_error_t; `out` must hold at least
 * CPLOT_DATA_QUOTED_MAX bytes. */
#define CPLOT_DATA_QUOTED_MAX 176
void cplot_data_quote(const char *text, size_t length, char out[CPLOT_DATA_QUOTED_MAX]);

/* Fills `error` (when not NULL) with a printf-style message and a
 * position. */
void cplot_data_error_set(cplot_data_error_t *error, size_t line, size_t column,
                          const char *format, ...) __attribute__((format(printf, 4, 5)));

/* The checks both readers make for each name in options->numeric and
 * options->categorical, with the same messages: the column must exist
 * (`found`; `where` says where it was looked for, "header" or "data")
 * and must not be forced to the other type as well (`forced_other`).
 * `categorical` says which list the name is in. Errors:
 * CPLOT_STATUS_UNKNOWN_COLUMN, CPLOT_STATUS_INVALID_ARGUMENT. */
cplot_status_t cplot_data_check_forced(const char *name, bool categorical, bool found,
                                       bool forced_other, const char *where,
                                       cplot_data_error_t *error);

/* Limit on a data file's size (README, "Limits"; default 512 MiB). */
#define CPLOT_MAX_DATA_BYTES cplot_limit(CPLOT_LIMIT_DATA_BYTES)

/* Reads a data file: .json as JSON data, anything else as CSV/TSV. `name`
 * is how the file is named in messages ("file:line:column: what"); with
 * `root` (else NULL) the file opened must lie inside that folder (see
 * cplot_read_file). */
cplot_status_t cplot_read_data_file(const char *path, const char *root, const char *name,
                                    const cplot_data_options_t *options, cplot_table_t **table,
                                    char *message, size_t message_size);

#endif
