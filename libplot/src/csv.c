/*
 * The CSV/TSV reader, the decimal number parser it is built around, and
 * helpers shared with the JSON data reader.
 *
 * Speed is the design constraint: a 10,000,000-row file must read in a
 * fraction of a second. So the text is scanned once, fields are never
 * copied unless they hold escaped quotes (or become category levels), and
 * numbers are converted by an exact fast path that leaves only unusual
 * literals to strtod. A column is assumed numeric until a value proves
 * otherwise; the few rows read before that are read again afterwards
 * instead of keeping every field's text around.
 */
#include "data-private.h"

#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file-private.h"
#include "memory-private.h"
#include "parallel-private.h"
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

/* ------------------------------------------------------- number parser */

/*
 * Exactness of the fast paths: with a mantissa and a power of ten that are
 * both exact in a floating type, one multiplication or division is rounded
 * once, so the result is the correctly rounded value (Clinger 1990). That
 * needs the compiler to evaluate doubles in double precision.
 */
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
#define CPLOT_DOUBLE_FAST_PATH 1
/* x87 extended precision (64-bit mantissa) holds every 19-digit mantissa
 * and 10^0..10^27 exactly; its one rounding is then followed by a second
 * one to double, which can only go wrong when the extended result lies
 * exactly halfway between two doubles, and that case is detected. */
#if LDBL_MANT_DIG == 64 && defined(__x86_64__)
#define CPLOT_EXTENDED_FAST_PATH 1
#endif
#endif

static const double exact_powers_of_ten[] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};
enum { EXACT_POWER_MAX = 22 };
static const uint64_t exact_integer_limit = (uint64_t)1 << 53;

#ifdef CPLOT_EXTENDED_FAST_PATH
static const long double extended_powers_of_ten[] = {
    1e0L,  1e1L,  1e2L,  1e3L,  1e4L,  1e5L,  1e6L,  1e7L,  1e8L,  1e9L,
    1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L,
    1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L,
};
enum { EXTENDED_POWER_MAX = 27 };
#endif

/* mantissa * 10^exponent when a fast path gives it exactly rounded. */
static bool convert_fast(uint64_t mantissa, int64_t exponent, double *value)
{
#ifdef CPLOT_DOUBLE_FAST_PATH
    if (mantissa <= exact_integer_limit) {
        double exact = (double)mantissa;
        if (exponent >= 0 && exponent <= EXACT_POWER_MAX) {
            *value = exact * exact_powers_of_ten[exponent];
            return true;
        }
        if (exponent < 0 && exponent >= -EXACT_POWER_MAX) {
            *value = exact / exact_powers_of_ten[-exponent];
            return true;
        }
        /* "12e25": move zeros into the mantissa while it stays exact. */
        if (exponent > EXACT_POWER_MAX && exponent <= EXACT_POWER_MAX + 15) {
            uint64_t scaled = mantissa;
            for (int64_t k = exponent; k > EXACT_POWER_MAX; k--) {
                if (scaled > exact_integer_limit / 10)
                    goto extended;
                scaled *= 10;
            }
            *value = (double)scaled * exact_powers_of_ten[EXACT_POWER_MAX];
            return true;
        }
    }
extended:
#endif
#ifdef CPLOT_EXTENDED_FAST_PATH
    if (exponent >= -EXTENDED_POWER_MAX && exponent <= EXTENDED_POWER_MAX) {
        long double exact = (long double)mantissa;
        long double rounded = exponent >= 0 ? exact * extended_powers_of_ten[exponent]
                                            : exact / extended_powers_of_ten[-exponent];
        /* The results here are normal doubles, so rounding to double drops
         * exactly the low 11 of the 64 significand bits (the first eight
         * bytes on x86-64); 0x400 there is the one ambiguous halfway case. */
        uint64_t significand;
        memcpy(&significand, &rounded, sizeof significand);
        if ((significand & 0x7FF) == 0x400)
            return false;
        *value = (double)rounded;
        return true;
    }
#endif
    (void)mantissa;
    (void)exponent;
    (void)value;
    return false;
}

/* Enough significant digits to decide the rounding of any decimal: a
 * double or a halfway point between two has at most 767, so two decimals
 * that agree in their first 800 digits and both continue with something
 * nonzero round the same way. */
enum { KEPT_DIGITS_MAX = 800 };

/* Hands the literal to strtod as sign, digits and exponent: with no
 * decimal point in it, the locale cannot change how it reads. */
static double convert_slow(const char *digits, const char *digits_end, bool negative,
                           int64_t exponent)
{
    char buffer[1 + KEPT_DIGITS_MAX + 1 + 32];
    size_t n = 0, kept = 0;
    bool dropped_nonzero = false;
    if (negative)
        buffer[n++] = '-';
    for (const char *p = digits; p < digits_end; p++) {
        if (*p == '.' || (kept == 0 && *p == '0'))
            continue;
        if (kept < KEPT_DIGITS_MAX) {
            buffer[n++] = *p;
            kept++;
        } else {
            exponent++;
            if (*p != '0')
                dropped_nonzero = true;
        }
    }
    if (dropped_nonzero) {
        buffer[n++] = '1';
        exponent--;
    }
    snprintf(buffer + n, sizeof buffer - n, "e%" PRId64, exponent);
    return strtod(buffer, NULL);
}

static bool is_digit(char c)
{
    return (unsigned char)(c - '0') < 10;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* Eight ASCII digits read as one little-endian word, checked and converted
 * with a few multiplications instead of eight dependent steps (the trick
 * of simdjson and fast_float). */
static bool eight_digits(uint64_t word)
{
    return (((word + 0x4646464646464646ull) | (word - 0x3030303030303030ull))
            & 0x8080808080808080ull) == 0;
}

static uint64_t eight_digits_value(uint64_t word)
{
    word -= 0x3030303030303030ull;
    word = word * 10 + (word >> 8);
    word = (((word & 0x000000FF000000FFull) * 0x000F424000000064ull)
            + (((word >> 16) & 0x000000FF000000FFull) * 0x0000271000000001ull))
           >> 32;
    return word & 0xFFFFFFFFu;
}
#endif

/* Adds the run of digits at p to the mantissa (the first 19 significant
 * ones; the rest are only counted) and returns the end of the run. */
static const char *accumulate_digits(const char *p, const char *end, uint64_t *mantissa,
                                     size_t *significant)
{
    if (*significant == 0)
        while (p < end && *p == '0')
            p++;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    while (end - p >= 8 && *significant <= 19 - 8) {
        uint64_t word;
        memcpy(&word, p, sizeof word);
        if (!eight_digits(word))
            break;
        *mantissa = *mantissa * 100000000 + eight_digits_value(word);
        *significant += 8;
        p += 8;
    }
#endif
    for (; p < end && is_digit(*p); p++) {
        if (*significant < 19)
            *mantissa = *mantissa * 10 + (uint64_t)(*p - '0');
        ++*significant;
    }
    return p;
}

static bool equal_ignoring_case(const char *text, const char *lower, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != lower[i])
            return false;
    }
    return true;
}

bool cplot_parse_number(const char *text, size_t length, double *value)
{
    const char *p = text, *end = text + length;
    while (p < end && *p == ' ')
        p++;
    while (end > p && end[-1] == ' ')
        end--;
    if (p == end)
        return false;

    bool negative = false;
    if (*p == '+' || *p == '-') {
        negative = *p == '-';
        p++;
    }
    if (p < end && (*p == 'i' || *p == 'I')) {
        size_t rest = (size_t)(end - p);
        if ((rest == 3 && equal_ignoring_case(p, "inf", 3))
            || (rest == 8 && equal_ignoring_case(p, "infinity", 8))) {
            *value = negative ? -INFINITY : INFINITY;
            return true;
        }
        return false;
    }

    /* The first 19 significant digits fit a uint64_t; more send the
     * literal to the slow path. Leading zeros are not significant. */
    const char *digits = p;
    uint64_t mantissa = 0;
    size_t significant = 0;
    p = accumulate_digits(p, end, &mantissa, &significant);
    size_t digit_count = (size_t)(p - digits);
    size_t fraction_digits = 0;
    if (p < end && *p == '.') {
        const char *fraction = ++p;
        p = accumulate_digits(p, end, &mantissa, &significant);
        fraction_digits = (size_t)(p - fraction);
        digit_count += fraction_digits;
    }
    if (digit_count == 0)
        return false;
    const char *digits_end = p;

    /* Saturating far beyond any representable magnitude keeps the
     * arithmetic below in range without changing any result. */
    int64_t exponent = 0;
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        bool exponent_negative = false;
        if (p < end && (*p == '+' || *p == '-')) {
            exponent_negative = *p == '-';
            p++;
        }
        if (p == end || !is_digit(*p))
            return false;
        for (; p < end && is_digit(*p); p++)
            if (exponent < 100000000000000000)
                exponent = exponent * 10 + (*p - '0');
        if (exponent_negative)
            exponent = -exponent;
    }
    if (p != end)
        return false;

    if (significant == 0) {
        *value = negative ? -0.0 : 0.0;
        return true;
    }
    exponent -= (int64_t)fraction_digits;
    double result;
    if (significant <= 19 && convert_fast(mantissa, exponent, &result)) {
        *value = negative ? -result : result;
        return true;
    }
    *value = convert_slow(digits, digits_end, negative, exponent);
    return true;
}

/* Composes "%.17g"-style text from significant digits and the decimal
 * exponent of the first one, with '.' whatever the locale. */
static void compose_number(bool negative, const char *digits, size_t count, int exponent,
                           char text[CPLOT_DATA_NUMBER_TEXT_MAX])
{
    size_t n = 0;
    if (negative)
        text[n++] = '-';
    if (exponent < -4 || exponent >= 17) {
        text[n++] = digits[0];
        if (count > 1) {
            text[n++] = '.';
            memcpy(text + n, digits + 1, count - 1);
            n += count - 1;
        }
        snprintf(text + n, CPLOT_DATA_NUMBER_TEXT_MAX - n, "e%c%02d", exponent < 0 ? '-' : '+',
                 abs(exponent));
        return;
    }
    if (exponent < 0) {
        text[n++] = '0';
        text[n++] = '.';
        for (int i = -1; i > exponent; i--)
            text[n++] = '0';
        memcpy(text + n, digits, count);
        n += count;
    } else {
        for (size_t i = 0; i < count || i <= (size_t)exponent; i++) {
            if (i == (size_t)exponent + 1)
                text[n++] = '.';
            text[n++] = i < count ? digits[i] : '0';
        }
    }
    text[n] = '\0';
}

void cplot_format_data_number(double value, char text[CPLOT_DATA_NUMBER_TEXT_MAX])
{
    if (isnan(value)) {
        strcpy(text, "nan");
        return;
    }
    if (isinf(value)) {
        strcpy(text, value < 0 ? "-inf" : "inf");
        return;
    }
    if (value == 0) {
        strcpy(text, signbit(value) ? "-0" : "0");
        return;
    }
    /* The fewest significant digits that read back exactly. printf's %e
     * rounds correctly; only its digits and exponent are used, so the
     * locale's decimal point does not matter. */
    for (int precision = 1; precision <= 17; precision++) {
        char scientific[64];
        snprintf(scientific, sizeof scientific, "%.*e", precision - 1, fabs(value));
        char digits[24];
        size_t count = 0;
        const char *p = scientific;
        for (; *p && *p != 'e'; p++)
            if (is_digit(*p) && count < sizeof digits)
                digits[count++] = *p;
        int exponent = *p == 'e' ? atoi(p + 1) : 0;
        while (count > 1 && digits[count - 1] == '0')
            count--;
        compose_number(value < 0, digits, count, exponent, text);
        double back;
        if ((cplot_parse_number(text, strlen(text), &back) && back == value) || precision == 17)
            return;
    }
}

/* ---------------------------------------------------------- CSV reader */

typedef enum csv_column_kind {
    CSV_GUESSED_NUMERIC, /* every value so far was a number or missing */
    CSV_FORCED_NUMERIC,
    CSV_CATEGORICAL
} csv_column_kind_t;

typedef struct csv_column {
    char *name;
    csv_column_kind_t kind;
    double *numbers; /* while numeric, one per row */
    int *codes;      /* once categorical, one per row */
    /* Rows before this one were read while the column still looked numeric;
     * their codes are filled by a second, partial pass. */
    size_t first_categorical_row;
    char **levels;
    size_t level_count, level_capacity;
    cplot_strmap_t level_index; /* borrows the strings in `levels` */
} csv_column_t;

typedef enum csv_terminator {
    CSV_END_OF_FIELD, /* a delimiter: the row goes on */
    CSV_END_OF_LINE,
    CSV_END_OF_INPUT
} csv_terminator_t;

typedef struct csv_field {
    const char *text; /* unescaped contents, not NUL-terminated */
    size_t length;
    size_t start;     /* offset of the first byte (the opening quote when quoted) */
    size_t end;       /* offset just past the contents and closing quote */
    bool quoted;
    csv_terminator_t terminator;
} csv_field_t;

/* Row number used in messages about the header. */
#define CSV_HEADER_ROW SIZE_MAX

typedef struct csv_reader {
    const char *text; /* after any byte order mark */
    size_t end;       /* trailing line breaks cut off */
    size_t position;
    size_t data_start; /* the first byte after the header */
    char delimiter;
    bool ends_field[256]; /* bytes that end an unquoted field */
    size_t max_rows, max_columns, max_levels;
    csv_column_t *columns;
    size_t column_count, column_capacity;
    size_t row_count, row_capacity;
    cplot_buffer_t unescaped; /* contents of a quoted field with "" in it */
    cplot_buffer_t key;       /* a NUL-terminated copy for level lookups */
    cplot_data_error_t *error;
    /* Only while reading one chunk of the rows in parallel: per column,
     * whether text turned up in a column read as numbers. The column then
     * stays numeric here, and every chunk reads it again as categorical. */
    bool *turned;
} csv_reader_t;

static cplot_status_t no_memory(csv_reader_t *reader)
{
    cplot_data_error_set(reader->error, 0, 0, "out of memory reading the CSV data");
    return CPLOT_STATUS_NO_MEMORY;
}

/* "row 12, column 3 ("mass")" or "header column 3", for messages. */
static void describe_place(const csv_reader_t *reader, size_t row, size_t column, char *out,
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

static cplot_status_t unterminated_quote(csv_reader_t *reader, size_t row, size_t column,
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

static cplot_status_t text_after_quote(csv_reader_t *reader, size_t row, size_t column,
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
static inline void end_field(csv_reader_t *reader, csv_field_t *field, size_t p)
{
    const char *text = reader->text;
    size_t end = reader->end;
    if (p >= end) {
        field->terminator = CSV_END_OF_INPUT;
    } else if (text[p] == reader->delimiter) {
        field->terminator = CSV_END_OF_FIELD;
        p++;
    } else {
        field->terminator = CSV_END_OF_LINE;
        p += (text[p] == '\r' && p + 1 < end && text[p + 1] == '\n') ? 2 : 1;
    }
    reader->position = p;
}

/* Reads the field at reader->position and moves past its terminator.
 * `row` and `column` only serve error messages. */
static inline cplot_status_t read_field(csv_reader_t *reader, size_t row, size_t column,
                                        csv_field_t *field)
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

/* convert_fast's first case alone, for the common short decimal without a
 * function call (it is 9% of reading a column of numbers): the same one
 * rounding of the same operands. False when it does not apply. */
static inline bool convert_short_decimal(uint64_t mantissa, size_t fraction_digits, double *value)
{
#ifdef CPLOT_DOUBLE_FAST_PATH
    if (mantissa <= exact_integer_limit && fraction_digits <= EXACT_POWER_MAX) {
        *value = (double)mantissa / exact_powers_of_ten[fraction_digits];
        return true;
    }
#endif
    (void)mantissa;
    (void)fraction_digits;
    (void)value;
    return false;
}

/* The common case of a numeric column, in one pass instead of finding
 * the field's end and then parsing it: an unquoted field that is an
 * optional sign, at most 19 digits with an optional decimal point, and a
 * terminator right after. Its value is the one cplot_parse_number gives
 * (the same conversion of the same mantissa and exponent). Anything else
 * (spaces, an exponent, more digits, a missing value, text) returns false
 * with nothing consumed, for read_field and store_field to handle. */
static inline bool read_number_field(csv_reader_t *reader, csv_field_t *field, double *value)
{
    const char *text = reader->text;
    size_t end = reader->end, start = reader->position, p = start;
    bool negative = false;
    if (p < end && (text[p] == '-' || text[p] == '+')) {
        negative = text[p] == '-';
        p++;
    }
    uint64_t mantissa = 0;
    size_t digits = 0, fraction_digits = 0;
    for (; p < end && is_digit(text[p]); p++, digits++)
        mantissa = mantissa * 10 + (uint64_t)(text[p] - '0');
    if (p < end && text[p] == '.') {
        size_t fraction = ++p;
        for (; p < end && is_digit(text[p]); p++)
            mantissa = mantissa * 10 + (uint64_t)(text[p] - '0');
        fraction_digits = p - fraction;
        digits += fraction_digits;
    }
    /* 19 digits cannot overflow the mantissa (10^19 - 1 < 2^64). */
    if (digits == 0 || digits > 19 || (p < end && !reader->ends_field[(unsigned char)text[p]]))
        return false;
    double result = 0.0;
    if (!convert_short_decimal(mantissa, fraction_digits, &result) && mantissa != 0 &&
        !convert_fast(mantissa, -(int64_t)fraction_digits, &result))
        return false;
    *value = negative ? -result : result;
    field->text = text + start;
    field->length = p - start;
    field->start = start;
    field->end = p;
    field->quoted = false;
    end_field(reader, field, p);
    return true;
}

static cplot_status_t level_limit(csv_reader_t *reader, size_t column)
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
static cplot_status_t append_level(csv_reader_t *reader, size_t column_index, char *text,
                                   size_t *level)
{
    csv_column_t *column = &reader->columns[column_index];
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
static cplot_status_t intern(csv_reader_t *reader, size_t column_index, size_t row,
                             const csv_field_t *field)
{
    csv_column_t *column = &reader->columns[column_index];
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
        cplot_status_t status = append_level(reader, column_index, copy, &level);
        if (status != CPLOT_STATUS_SUCCESS)
            return status;
    }
    column->codes[row] = (int)level;
    return CPLOT_STATUS_SUCCESS;
}

static cplot_status_t become_categorical(csv_reader_t *reader, csv_column_t *column, size_t row)
{
    int *codes = cplot_alloc_array(reader->row_capacity, sizeof *codes);
    if (!codes)
        return no_memory(reader);
    free(column->numbers);
    column->numbers = NULL;
    column->codes = codes;
    column->kind = CSV_CATEGORICAL;
    column->first_categorical_row = row;
    return CPLOT_STATUS_SUCCESS;
}

static cplot_status_t not_a_number(csv_reader_t *reader, size_t row, size_t column,
                                   const csv_field_t *field)
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

static inline cplot_status_t store_field(csv_reader_t *reader, size_t column_index, size_t row,
                                         const csv_field_t *field)
{
    csv_column_t *column = &reader->columns[column_index];
    bool missing = cplot_data_is_missing(field->text, field->length);
    if (column->kind != CSV_CATEGORICAL) {
        double value = NAN;
        if (missing || cplot_parse_number(field->text, field->length, &value)) {
            column->numbers[row] = value;
            return CPLOT_STATUS_SUCCESS;
        }
        if (column->kind == CSV_FORCED_NUMERIC)
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

static cplot_status_t grow_rows(csv_reader_t *reader)
{
    size_t capacity = reader->row_capacity ? reader->row_capacity * 2 : 1024;
    if (capacity < reader->row_capacity || capacity > reader->max_rows)
        capacity = reader->max_rows;
    for (size_t i = 0; i < reader->column_count; i++) {
        csv_column_t *column = &reader->columns[i];
        if (column->kind == CSV_CATEGORICAL) {
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

static cplot_status_t add_column(csv_reader_t *reader, const csv_field_t *field)
{
    if (reader->column_count == reader->column_capacity) {
        size_t capacity = reader->column_capacity ? reader->column_capacity * 2 : 8;
        csv_column_t *columns = cplot_realloc_array(reader->columns, capacity, sizeof *columns);
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
    reader->columns[reader->column_count++] = (csv_column_t){.name = name};
    return CPLOT_STATUS_SUCCESS;
}

/* A header error at the start of a field; positions are only worked out
 * on failure, as they cost a scan from the start of the text. */
static cplot_status_t header_error(csv_reader_t *reader, cplot_status_t status,
                                   const csv_field_t *field, const char *format, ...)
    __attribute__((format(printf, 4, 5)));

static cplot_status_t header_error(csv_reader_t *reader, cplot_status_t status,
                                   const csv_field_t *field, const char *format, ...)
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

static cplot_status_t read_header(csv_reader_t *reader)
{
    cplot_strmap_t names = {0};
    cplot_status_t status = CPLOT_STATUS_SUCCESS;
    csv_field_t field;
    do {
        size_t column = reader->column_count;
        status = read_field(reader, CSV_HEADER_ROW, column, &field);
        if (status != CPLOT_STATUS_SUCCESS)
            break;
        if (column == 0 && field.length == 0 && !field.quoted
            && field.terminator != CSV_END_OF_FIELD) {
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
    } while (field.terminator == CSV_END_OF_FIELD);
    cplot_strmap_release(&names);
    reader->data_start = reader->position;
    return status;
}

static long find_column(const csv_reader_t *reader, const char *name)
{
    for (size_t i = 0; i < reader->column_count; i++)
        if (strcmp(reader->columns[i].name, name) == 0)
            return (long)i;
    return -1;
}

static cplot_status_t force_types(csv_reader_t *reader, const char *const *names,
                                  csv_column_kind_t kind)
{
    for (; names && *names; names++) {
        long index = find_column(reader, *names);
        csv_column_t *column = index < 0 ? NULL : &reader->columns[index];
        cplot_status_t status = cplot_data_check_forced(
            *names, kind == CSV_CATEGORICAL, column != NULL,
            column && column->kind != CSV_GUESSED_NUMERIC && column->kind != kind, "header",
            reader->error);
        if (status != CPLOT_STATUS_SUCCESS)
            return status;
        column->kind = kind;
    }
    return CPLOT_STATUS_SUCCESS;
}

static cplot_status_t wrong_field_count(csv_reader_t *reader, size_t row, size_t row_start,
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
static cplot_status_t too_many_fields(csv_reader_t *reader, size_t row, size_t row_start,
                                      const csv_field_t *first_extra)
{
    size_t fields = reader->column_count + 1;
    csv_field_t field = *first_extra;
    while (field.terminator == CSV_END_OF_FIELD) {
        cplot_status_t status = read_field(reader, row, fields, &field);
        if (status != CPLOT_STATUS_SUCCESS)
            return status;
        fields++;
    }
    return wrong_field_count(reader, row, row_start, fields, first_extra->start, false);
}

static cplot_status_t read_rows(csv_reader_t *reader)
{
    size_t column_count = reader->column_count;
    size_t row = 0;
    while (reader->position < reader->end) {
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
        csv_field_t field;
        size_t column = 0;
        do {
            double value;
            if (column < column_count && reader->columns[column].kind != CSV_CATEGORICAL
                && read_number_field(reader, &field, &value)) {
                reader->columns[column++].numbers[row] = value;
                continue;
            }
            status = read_field(reader, row, column, &field);
            if (status != CPLOT_STATUS_SUCCESS)
                return status;
            if (column == column_count)
                return too_many_fields(reader, row, row_start, &field);
            status = store_field(reader, column, row, &field);
            if (status != CPLOT_STATUS_SUCCESS)
                return status;
            column++;
        } while (field.terminator == CSV_END_OF_FIELD);
        if (column < column_count) {
            bool blank = column == 1 && !field.quoted && field.length == 0;
            return wrong_field_count(reader, row, row_start, column, field.end, blank);
        }
        reader->row_count = ++row;
    }
    return CPLOT_STATUS_SUCCESS;
}

/* Levels in order of first appearance, after a backfill added levels of
 * early rows behind those of later ones. */
static cplot_status_t renumber_levels(csv_reader_t *reader, csv_column_t *column)
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
static cplot_status_t backfill(csv_reader_t *reader)
{
    size_t rows = 0;
    for (size_t i = 0; i < reader->column_count; i++) {
        const csv_column_t *column = &reader->columns[i];
        if (column->kind == CSV_CATEGORICAL && column->first_categorical_row > rows)
            rows = column->first_categorical_row;
    }
    if (rows == 0)
        return CPLOT_STATUS_SUCCESS;
    reader->position = reader->data_start;
    for (size_t row = 0; row < rows; row++) {
        csv_field_t field;
        size_t index = 0;
        do {
            cplot_status_t status = read_field(reader, row, index, &field);
            if (status != CPLOT_STATUS_SUCCESS)
                return status;
            csv_column_t *column = &reader->columns[index];
            if (column->kind == CSV_CATEGORICAL && row < column->first_categorical_row) {
                if (cplot_data_is_missing(field.text, field.length))
                    column->codes[row] = -1;
                else if ((status = intern(reader, index, row, &field)) != CPLOT_STATUS_SUCCESS)
                    return status;
            }
            index++;
        } while (field.terminator == CSV_END_OF_FIELD);
    }
    for (size_t i = 0; i < reader->column_count; i++) {
        csv_column_t *column = &reader->columns[i];
        if (column->kind == CSV_CATEGORICAL && column->first_categorical_row > 0) {
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
static cplot_status_t adopt_column(csv_reader_t *reader, cplot_table_t *table,
                                   csv_column_t *column)
{
    size_t rows = reader->row_count;
    cplot_column_t adopted = {.name = column->name};
    if (column->kind == CSV_CATEGORICAL) {
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
    *column = (csv_column_t){.kind = column->kind};
    return CPLOT_STATUS_SUCCESS;
}

static cplot_status_t build_table(csv_reader_t *reader, cplot_table_t **result)
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

static void release_reader(csv_reader_t *reader)
{
    for (size_t i = 0; i < reader->column_count; i++) {
        csv_column_t *column = &reader->columns[i];
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
static size_t end_of_rows(const char *text, size_t length)
{
    size_t end = length;
    while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r'))
        end--;
    return end;
}

static void start_reader(csv_reader_t *reader, const char *text, size_t end,
                         const cplot_data_options_t *options, cplot_data_error_t *error)
{
    char delimiter = options->delimiter;
    *reader = (csv_reader_t){
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

static cplot_status_t read_header_and_types(csv_reader_t *reader,
                                            const cplot_data_options_t *options)
{
    cplot_status_t status = read_header(reader);
    if (status == CPLOT_STATUS_SUCCESS)
        status = force_types(reader, options->numeric, CSV_FORCED_NUMERIC);
    if (status == CPLOT_STATUS_SUCCESS)
        status = force_types(reader, options->categorical, CSV_CATEGORICAL);
    return status;
}

/* ------------------------------------------------- reading in parallel */

/*
 * Large inputs are read in chunks: the rows are cut at line ends into
 * pieces of a nominal size, and each chunk is read straight into its own
 * rows of the final column arrays, on threads when there are several. The
 * rows come from the text in memory or, for a file, are read a chunk at a
 * time into a few buffers reused from chunk to chunk, so the file's text
 * is never held whole. The serial reader stays the reference: this path
 * only returns tables the serial reader returns too, and gives up, for the
 * serial reader to start again from the beginning, on whatever it cannot
 * show it reads the same way:
 * - a quote anywhere in the rows: a quoted field may hold a line break, so
 *   a cut could fall inside it, while without quotes every LF ends a row;
 * - an error in any chunk, so the message and its position are always the
 *   serial reader's, the first in the file (errors cost a second read);
 * - more rows or more distinct values than the limits allow;
 * - a line that runs on more than CSV_LINE_BYTES_MAX past its piece;
 * - for a file: a header and first row longer than CSV_HEAD_BYTES_MAX, a
 *   short read or a file that grew.
 * Type inference gives the same columns: a column is numeric unless some
 * value is text, which a chunk can only see in its own rows, so a column
 * whose first value is text is categorical from the start (as the serial
 * reader makes it), and when a chunk finds text in a column still read as
 * numbers, every chunk reads again with that column categorical. Levels
 * are merged in chunk order, which is their order of first appearance.
 *
 * A chunk's first row is the number of rows before it, known only once
 * every earlier chunk has counted its own: so each chunk reads and counts
 * its bytes, waits for the chunk before it to publish its rows, publishes
 * its own and only then parses, with its bytes still in the cache. Chunks
 * are taken in order (cplot_parallel_run), so the wait is short and ends.
 * The column arrays are allocated before the row count is known, for the
 * most rows the bytes can hold: pages never written are never touched, and
 * the table's arrays are cut to the rows at the end.
 */

/* About 0.2 ms of reading on one core, far above a thread's start. */
enum { CSV_CHUNK_BYTES_MIN = 128 * 1024 };

/* How far a chunk may read past its piece to finish its last line, and
 * how much of a file's start may be read to find the header and the first
 * row: longer lines are left to the serial reader. */
enum { CSV_LINE_BYTES_MAX = 1024 * 1024, CSV_HEAD_BYTES_MAX = 1024 * 1024 };

typedef struct csv_chunk {
    size_t start, end;      /* whole rows: `end` is just past an LF, or the rows' end */
    size_t first_row, rows; /* rows counted by their line ends */
    bool failed;
    csv_column_t *columns; /* names and row arrays borrowed; levels its own */
    bool *turned;          /* see csv_reader_t */
    size_t **level_maps;   /* per categorical column: chunk level -> table level */
} csv_chunk_t;

/* Where the rows come from: the text in memory, or a file whose text
 * (positions as in the text) starts at byte `base`, after any byte order
 * mark. */
typedef struct csv_source {
    const char *text; /* NULL for a file */
    int fd;
    size_t base;
} csv_source_t;

typedef struct csv_chunks {
    csv_reader_t *whole; /* the header, and the columns of the whole table */
    csv_source_t source;
    size_t start, end;   /* the rows: from just after the header to the rows' end */
    size_t piece_bytes;  /* chunk k is cut near start + k * piece_bytes */
    size_t buffer_bytes; /* a file chunk's buffer: a piece and its last line */
    size_t capacity;     /* rows the column arrays hold */
    csv_chunk_t *chunks;
    size_t count;
    pthread_mutex_t lock; /* guards the rest */
    pthread_cond_t published;
    size_t published_chunks, published_rows; /* chunks [0, published_chunks) */
    bool broken;                             /* a chunk failed: stop */
    char **spare_buffers;                    /* buffers free for the next chunk */
    size_t spare_count;
} csv_chunks_t;

/* The high bit of every byte of `word` equal to `byte`, exactly (no
 * carries between bytes). */
static inline uint64_t bytes_equal(uint64_t word, unsigned char byte)
{
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;
    uint64_t x = word ^ (0x0101010101010101ull * byte);
    return ~(((x & low7) + low7) | x) & ~low7;
}

/* Line ends in bytes[0, length): LF, CR LF and a lone CR, as end_field
 * reads them. A chunk never ends in a CR (it ends after an LF or at the
 * rows' end, which is no line break), so a CR's LF is never cut off. */
static size_t count_line_ends(const char *bytes, size_t length)
{
    size_t count = 0;
    for (size_t i = 0; i < length; i++)
        if (bytes[i] == '\n' || (bytes[i] == '\r' && !(i + 1 < length && bytes[i + 1] == '\n')))
            count++;
    return count;
}

/* Counts a chunk's rows and checks its bytes, in one pass over them: fails
 * on a quote and on invalid UTF-8. `last` says the bytes end at the rows'
 * end, where the last row has no line end (they were cut off). */
static bool survey_chunk(const char *bytes, size_t length, bool last, size_t *rows)
{
    size_t i = 0, feeds = 0;
    uint64_t quotes = 0, returns = 0, unusual = 0;
    for (; length - i >= 8; i += 8) {
        uint64_t word;
        memcpy(&word, bytes + i, sizeof word);
        uint64_t found = bytes_equal(word, '\n');
        feeds += (size_t)(((found >> 7) * 0x0101010101010101ull) >> 56);
        quotes |= bytes_equal(word, '"');
        returns |= bytes_equal(word, '\r');
        unusual |= bytes_equal(word, 0) | (word & 0x8080808080808080ull);
    }
    for (; i < length; i++) {
        unsigned char byte = (unsigned char)bytes[i];
        feeds += byte == '\n';
        quotes |= byte == '"';
        returns |= byte == '\r';
        unusual |= byte == 0 || byte >= 0x80;
    }
    if (quotes || (unusual && cplot_data_find_invalid_utf8(bytes, length) < length))
        return false;
    size_t line_ends = returns ? count_line_ends(bytes, length) : feeds;
    *rows = line_ends + (last && length > 0);
    return true;
}

/* Where chunk k's nominal piece begins. */
static size_t nominal_start(const csv_chunks_t *work, size_t k)
{
    return work->start + k * work->piece_bytes;
}

/* Reads text[from, from + length) of the file into `buffer`. */
static bool read_source(const csv_chunks_t *work, char *buffer, size_t from, size_t length)
{
    return cplot_read_at(work->source.fd, buffer, length, work->source.base + from);
}

/* Extends a file chunk's bytes in `buffer` (text[from, from + *used)) to
 * just past the first LF at or after their end, or to the rows' end;
 * false when that line is too long or the file ended early. */
static bool read_to_line_end(const csv_chunks_t *work, char *buffer, size_t from, size_t *used)
{
    size_t block = 4096;
    for (;;) {
        size_t position = from + *used, room = work->buffer_bytes - *used;
        size_t length = work->end - position;
        if (length == 0)
            return true;
        if (length > block)
            length = block;
        if (length > room || !read_source(work, buffer + *used, position, length))
            return false;
        const char *feed = memchr(buffer + *used, '\n', length);
        if (feed) {
            *used = (size_t)(feed - buffer) + 1;
            return true;
        }
        *used += length;
        block *= 2;
    }
}

/*
 * Chunk k holds the rows that begin in its nominal piece: it begins just
 * past the first LF at or after the byte before the piece (chunk 0 at the
 * rows' start) and ends where chunk k + 1 begins (the last at the rows'
 * end). A chunk with no LF in its piece is empty: the line running through
 * it belongs to an earlier chunk. Sets *bytes and *length to the chunk's
 * bytes, in the text or read into `buffer`.
 */
static bool locate_chunk(csv_chunks_t *work, size_t k, char *buffer, const char **bytes,
                         size_t *length)
{
    const csv_source_t *source = &work->source;
    size_t from = k == 0 ? work->start : nominal_start(work, k) - 1;
    size_t to = k + 1 == work->count ? work->end : nominal_start(work, k + 1) - 1;
    const char *text = source->text ? source->text + from : buffer;
    if (!source->text && !read_source(work, buffer, from, to - from))
        return false;
    size_t begin = 0, finish = to - from;
    bool empty = false;
    if (k > 0) {
        const char *feed = memchr(text, '\n', to - from);
        empty = !feed;
        begin = feed ? (size_t)(feed - text) + 1 : 0;
    }
    if (empty) {
        finish = 0;
    } else if (k + 1 < work->count) {
        if (!source->text) {
            if (!read_to_line_end(work, buffer, from, &finish))
                return false;
        } else {
            const char *feed = memchr(source->text + to, '\n', work->end - to);
            size_t line_end = feed ? (size_t)(feed - source->text) + 1 : work->end;
            if (line_end - to > CSV_LINE_BYTES_MAX)
                return false; /* as for a file, where it would not fit the buffer */
            finish = line_end - from;
        }
    }
    work->chunks[k].start = from + begin;
    work->chunks[k].end = from + finish;
    *bytes = text + begin;
    *length = finish - begin;
    return true;
}

/* A buffer for a file chunk: one another chunk has finished with, or a
 * new one; as many exist as chunks are read at once. NULL when the work
 * has failed already (nothing more need be read) or memory ran out. */
static char *take_buffer(csv_chunks_t *work)
{
    pthread_mutex_lock(&work->lock);
    bool broken = work->broken;
    char *buffer =
        !broken && work->spare_count > 0 ? work->spare_buffers[--work->spare_count] : NULL;
    pthread_mutex_unlock(&work->lock);
    if (!buffer && !broken)
        buffer = malloc(work->buffer_bytes);
    return buffer;
}

static void give_back_buffer(csv_chunks_t *work, char *buffer)
{
    if (!buffer)
        return;
    pthread_mutex_lock(&work->lock);
    /* Never more buffers than chunks, each given back once. */
    work->spare_buffers[work->spare_count++] = buffer;
    pthread_mutex_unlock(&work->lock);
}

/* Waits for the chunks before chunk k to publish their rows, then
 * publishes chunk k's (when it is `ready`) and gives it its first row.
 * False when this or an earlier chunk failed, or the rows would not fit
 * the arrays: every chunk after it then fails at once too. */
static bool publish_rows(csv_chunks_t *work, size_t k, bool ready)
{
    csv_chunk_t *chunk = &work->chunks[k];
    pthread_mutex_lock(&work->lock);
    while (!work->broken && work->published_chunks < k)
        pthread_cond_wait(&work->published, &work->lock);
    bool fits = ready && !work->broken && chunk->rows <= work->capacity - work->published_rows;
    if (fits) {
        chunk->first_row = work->published_rows;
        work->published_rows += chunk->rows;
        work->published_chunks = k + 1;
    } else {
        work->broken = true;
    }
    pthread_cond_broadcast(&work->published);
    pthread_mutex_unlock(&work->lock);
    return fits;
}

/* Parses a chunk's bytes into its rows of the table's arrays. */
static bool parse_chunk(const csv_chunks_t *work, csv_chunk_t *chunk, const char *bytes,
                        size_t length)
{
    const csv_reader_t *whole = work->whole;
    size_t column_count = whole->column_count;
    chunk->columns = cplot_calloc_array(column_count, sizeof *chunk->columns);
    chunk->turned = cplot_calloc_array(column_count, sizeof *chunk->turned);
    if (!chunk->columns || !chunk->turned)
        return false;
    for (size_t i = 0; i < column_count; i++) {
        const csv_column_t *column = &whole->columns[i];
        chunk->columns[i] = (csv_column_t){
            .name = column->name,
            .kind = column->kind,
            .numbers = column->numbers ? column->numbers + chunk->first_row : NULL,
            .codes = column->codes ? column->codes + chunk->first_row : NULL,
        };
    }
    csv_reader_t reader = *whole;
    reader.text = bytes;
    reader.end = length;
    reader.position = reader.data_start = 0;
    /* More rows than counted fail at the row limit, before any growth. */
    reader.max_rows = reader.row_capacity = chunk->rows;
    reader.row_count = 0;
    reader.columns = chunk->columns;
    reader.column_capacity = column_count;
    reader.unescaped = reader.key = (cplot_buffer_t){0};
    reader.error = NULL;
    reader.turned = chunk->turned;
    bool read = read_rows(&reader) == CPLOT_STATUS_SUCCESS && reader.row_count == chunk->rows;
    cplot_buffer_release(&reader.unescaped);
    cplot_buffer_release(&reader.key);
    return read;
}

/* Reads, counts and parses one chunk (see publish_rows). */
static void read_chunk(void *context, size_t index)
{
    csv_chunks_t *work = context;
    csv_chunk_t *chunk = &work->chunks[index];
    char *buffer = work->source.text ? NULL : take_buffer(work);
    const char *bytes = NULL;
    size_t length = 0;
    bool ready = (work->source.text || buffer) &&
                 locate_chunk(work, index, buffer, &bytes, &length) &&
                 survey_chunk(bytes, length, chunk->end == work->end, &chunk->rows);
    chunk->failed = !publish_rows(work, index, ready) || !parse_chunk(work, chunk, bytes, length);
    if (chunk->failed) {
        pthread_mutex_lock(&work->lock);
        work->broken = true; /* spares the later chunks their reading */
        pthread_mutex_unlock(&work->lock);
    }
    give_back_buffer(work, buffer);
}

static void release_chunk(csv_chunk_t *chunk, size_t column_count)
{
    for (size_t i = 0; chunk->columns && i < column_count; i++) {
        csv_column_t *column = &chunk->columns[i];
        for (size_t k = 0; k < column->level_count; k++)
            free(column->levels[k]);
        free(column->levels);
        cplot_strmap_release(&column->level_index);
    }
    for (size_t i = 0; chunk->level_maps && i < column_count; i++)
        free(chunk->level_maps[i]);
    free(chunk->level_maps);
    free(chunk->columns);
    free(chunk->turned);
    chunk->columns = NULL;
    chunk->turned = NULL;
    chunk->level_maps = NULL;
}

/* Reads every chunk; false when any failed. */
static bool run_chunks(csv_chunks_t *work)
{
    work->published_chunks = work->published_rows = 0;
    work->broken = false;
    cplot_parallel_run(work->count, read_chunk, work);
    for (size_t k = 0; k < work->count; k++)
        if (work->chunks[k].failed)
            return false;
    return true;
}

/* Columns whose first value is text are categorical from the first row,
 * as the serial reader makes them; the rest of the inference is left to
 * the chunks. A malformed first row is left to the chunks too. */
static void type_by_first_row(csv_reader_t *whole)
{
    csv_field_t field = {0};
    size_t column = 0;
    do {
        if (column == whole->column_count ||
            read_field(whole, 0, column, &field) != CPLOT_STATUS_SUCCESS)
            break;
        csv_column_t *kind = &whole->columns[column++];
        double ignored;
        if (kind->kind == CSV_GUESSED_NUMERIC && !cplot_data_is_missing(field.text, field.length) &&
            !cplot_parse_number(field.text, field.length, &ignored))
            kind->kind = CSV_CATEGORICAL;
    } while (field.terminator == CSV_END_OF_FIELD);
    whole->position = whole->data_start;
}

/* The table's arrays for columns that have none yet, for `rows` rows. */
static bool allocate_columns(csv_reader_t *whole, size_t rows)
{
    for (size_t i = 0; i < whole->column_count; i++) {
        csv_column_t *column = &whole->columns[i];
        if (column->kind == CSV_CATEGORICAL && !column->codes) {
            free(column->numbers);
            column->numbers = NULL;
            column->codes = cplot_alloc_array(rows, sizeof *column->codes);
            if (!column->codes)
                return false;
        } else if (column->kind != CSV_CATEGORICAL && !column->numbers) {
            column->numbers = cplot_alloc_array(rows, sizeof *column->numbers);
            if (!column->numbers)
                return false;
        }
    }
    return true;
}

/* Reads every chunk; when text turned up in numeric columns, makes them
 * categorical and reads every chunk again (text cannot turn up again: the
 * first reading saw every value). */
static bool read_all_chunks(csv_chunks_t *work)
{
    csv_reader_t *whole = work->whole;
    for (int reading = 0; reading < 2; reading++) {
        if (!allocate_columns(whole, work->capacity) || !run_chunks(work))
            return false;
        bool turned = false;
        for (size_t i = 0; i < whole->column_count; i++)
            for (size_t k = 0; k < work->count; k++)
                if (work->chunks[k].turned[i]) {
                    whole->columns[i].kind = CSV_CATEGORICAL;
                    turned = true;
                }
        if (!turned)
            return true;
        for (size_t k = 0; k < work->count; k++)
            release_chunk(&work->chunks[k], whole->column_count);
    }
    return false;
}

/* The table's levels of a categorical column: each chunk's in chunk
 * order, which is the order of first appearance in the file. Leaves in
 * each chunk the map from its level numbers to the table's, or none when
 * they are the same. */
static bool merge_levels(csv_chunks_t *work, size_t column)
{
    csv_reader_t *whole = work->whole;
    for (size_t k = 0; k < work->count; k++) {
        csv_column_t *local = &work->chunks[k].columns[column];
        size_t *map = cplot_alloc_array(local->level_count, sizeof *map);
        if (!map)
            return false;
        work->chunks[k].level_maps[column] = map;
        bool same = true;
        for (size_t j = 0; j < local->level_count; j++) {
            if (!cplot_strmap_get(&whole->columns[column].level_index, local->levels[j], &map[j])) {
                char *text = local->levels[j];
                local->levels[j] = NULL; /* handed over, even on failure */
                if (append_level(whole, column, text, &map[j]) != CPLOT_STATUS_SUCCESS)
                    return false;
            }
            same = same && map[j] == j;
        }
        if (same) {
            free(map);
            work->chunks[k].level_maps[column] = NULL;
        }
    }
    return true;
}

static void translate_codes(void *context, size_t index)
{
    csv_chunks_t *work = context;
    csv_chunk_t *chunk = &work->chunks[index];
    for (size_t i = 0; i < work->whole->column_count; i++) {
        const size_t *map = chunk->level_maps[i];
        if (!map)
            continue;
        int *codes = work->whole->columns[i].codes + chunk->first_row;
        for (size_t row = 0; row < chunk->rows; row++)
            if (codes[row] >= 0)
                codes[row] = (int)map[codes[row]];
    }
}

static bool number_levels(csv_chunks_t *work)
{
    size_t column_count = work->whole->column_count;
    bool any = false;
    for (size_t k = 0; k < work->count; k++) {
        work->chunks[k].level_maps = cplot_calloc_array(column_count, sizeof(size_t *));
        if (!work->chunks[k].level_maps)
            return false;
    }
    for (size_t i = 0; i < column_count; i++) {
        if (work->whole->columns[i].kind != CSV_CATEGORICAL)
            continue;
        if (!merge_levels(work, i))
            return false;
        any = true;
    }
    if (any)
        cplot_parallel_run(work->count, translate_codes, work);
    return true;
}

/* Most rows text[start, end) can hold: every row but the last ends in a
 * line break and has a delimiter between each two of its fields; a text
 * with more rows is malformed, and read by the serial reader. */
static size_t most_rows(const csv_reader_t *whole, size_t start, size_t end)
{
    size_t rows = (end - start) / whole->column_count + 1;
    return rows < whole->max_rows ? rows : whole->max_rows;
}

static bool start_chunks(csv_chunks_t *work)
{
    size_t bytes = work->end - work->start;
    work->count = bytes / work->piece_bytes + (bytes % work->piece_bytes != 0);
    work->capacity = most_rows(work->whole, work->start, work->end);
    work->buffer_bytes = work->piece_bytes + CSV_LINE_BYTES_MAX;
    work->chunks = cplot_calloc_array(work->count, sizeof *work->chunks);
    work->spare_buffers = cplot_calloc_array(work->count, sizeof *work->spare_buffers);
    if (!work->chunks || !work->spare_buffers || pthread_mutex_init(&work->lock, NULL) != 0) {
        free(work->chunks);
        free(work->spare_buffers);
        return false;
    }
    if (pthread_cond_init(&work->published, NULL) != 0) {
        pthread_mutex_destroy(&work->lock);
        free(work->chunks);
        free(work->spare_buffers);
        return false;
    }
    return true;
}

static void finish_chunks(csv_chunks_t *work)
{
    for (size_t k = 0; k < work->count; k++)
        release_chunk(&work->chunks[k], work->whole->column_count);
    for (size_t i = 0; i < work->spare_count; i++)
        free(work->spare_buffers[i]);
    pthread_cond_destroy(&work->published);
    pthread_mutex_destroy(&work->lock);
    free(work->spare_buffers);
    free(work->chunks);
}

/* The rows after the header (its first row already typed), cut into
 * pieces of about `piece_bytes`, read and joined; false when the serial
 * reader must read them instead. */
static bool read_rows_in_chunks(csv_reader_t *whole, csv_source_t source, size_t end,
                                size_t piece_bytes, cplot_table_t **table)
{
    csv_chunks_t work = {
        .whole = whole,
        .source = source,
        .start = whole->data_start,
        .end = end,
        .piece_bytes = piece_bytes,
    };
    if (!start_chunks(&work))
        return false;
    bool read = read_all_chunks(&work) && number_levels(&work);
    size_t rows = work.published_rows;
    finish_chunks(&work);
    if (!read)
        return false;
    whole->row_count = rows;
    whole->row_capacity = work.capacity;
    return build_table(whole, table) == CPLOT_STATUS_SUCCESS;
}

bool cplot_read_csv_in_chunks(const char *text, size_t length, const cplot_data_options_t *options,
                              cplot_table_t **table)
{
    if (cplot_parallel_tasks(length, CSV_CHUNK_BYTES_MIN) < 2)
        return false;
    size_t end = end_of_rows(text, length);
    if (end == 0)
        return false;
    csv_reader_t whole;
    start_reader(&whole, text, end, options, NULL);
    /* The header's bytes are checked here; the chunks check the rest. */
    bool read = read_header_and_types(&whole, options) == CPLOT_STATUS_SUCCESS &&
                cplot_data_find_invalid_utf8(text, whole.data_start) == whole.data_start;
    size_t rows_bytes = end - whole.data_start;
    size_t wanted = read ? cplot_parallel_tasks(rows_bytes, CSV_CHUNK_BYTES_MIN) : 0;
    if (wanted >= 2) {
        type_by_first_row(&whole);
        csv_source_t source = {.text = text, .fd = -1};
        read = read_rows_in_chunks(&whole, source, end, rows_bytes / wanted + 1, table);
    }
    release_reader(&whole);
    return read && wanted >= 2;
}

/* ------------------------------------------------ reading from a file */

/* The file's first bytes, and its header read from them. */
typedef struct csv_head {
    char *bytes;
    size_t base;        /* 3 after a byte order mark, else 0 */
    size_t end;         /* the rows' end, a position in the text after `base` */
    csv_reader_t whole; /* over the bytes read, header and first row read */
} csv_head_t;

/* The offset just past the file's last byte that is no line break, like
 * end_of_rows; 0 when there is none, or when the last 4096 bytes are all
 * line breaks (rare: the serial reader takes those). */
static size_t file_rows_end(int fd, size_t size)
{
    char tail[4096];
    size_t length = size < sizeof tail ? size : sizeof tail;
    if (!cplot_read_at(fd, tail, length, size - length))
        return 0;
    size_t end = end_of_rows(tail, length);
    return end == 0 && length < size ? 0 : size - length + end;
}

/* Reads the header from the first `length` bytes of the file, which end at
 * the rows' end or hold the first row's line end; false when they are too
 * few, or the header is not one the chunks can use. */
static bool read_head_from(csv_head_t *head, size_t length, size_t rows_end,
                           const cplot_data_options_t *options)
{
    const char *bytes = head->bytes;
    head->base = length >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (rows_end <= head->base)
        return false; /* no header: an error the serial reader words */
    const char *text = bytes + head->base;
    size_t view = length - head->base;
    head->end = rows_end - head->base;
    bool complete = view == head->end;
    /* The delimiter is guessed from the whole first line. */
    if (!complete && !memchr(text, '\n', view) && !memchr(text, '\r', view))
        return false;
    start_reader(&head->whole, text, view, options, NULL);
    csv_reader_t *whole = &head->whole;
    if (read_header_and_types(whole, options) != CPLOT_STATUS_SUCCESS ||
        cplot_data_find_invalid_utf8(text, whole->data_start) != whole->data_start)
        return false;
    /* The header and the first row must end in the bytes read, a CR with
     * the LF after it. */
    return complete || (whole->data_start < view &&
                        memchr(text + whole->data_start, '\n', view - whole->data_start));
}

/* Reads the file's first bytes, more while the header and first row need
 * them (up to CSV_HEAD_BYTES_MAX), and the header from them. */
static bool read_head(int fd, size_t size, const cplot_data_options_t *options, csv_head_t *head)
{
    *head = (csv_head_t){0};
    size_t rows_end = file_rows_end(fd, size);
    for (size_t wanted = 64 * 1024;; wanted *= 4) {
        size_t length = wanted < rows_end ? wanted : rows_end;
        char *bytes = realloc(head->bytes, length ? length : 1);
        if (!bytes)
            return false;
        head->bytes = bytes;
        if (!cplot_read_at(fd, bytes, length, 0))
            return false;
        if (read_head_from(head, length, rows_end, options)) {
            type_by_first_row(&head->whole);
            return true;
        }
        release_reader(&head->whole);
        head->whole = (csv_reader_t){0};
        if (length == rows_end || wanted >= CSV_HEAD_BYTES_MAX)
            return false;
    }
}

static void release_head(csv_head_t *head)
{
    release_reader(&head->whole);
    free(head->bytes);
}

cplot_csv_stream_t cplot_read_csv_stream(int fd, size_t size, const cplot_data_options_t *options,
                                         size_t piece_bytes, cplot_table_t **table)
{
    static const cplot_data_options_t defaults = {0};
    *table = NULL;
    if (piece_bytes == 0 || size / 2 < piece_bytes)
        return CPLOT_CSV_STREAM_DECLINED;
    if (!options)
        options = &defaults;
    char delimiter = options->delimiter;
    if (delimiter == '"' || delimiter == '\r' || delimiter == '\n' ||
        (unsigned char)delimiter >= 0x80)
        return CPLOT_CSV_STREAM_FAILED; /* cplot_read_csv words the error */
    csv_head_t head;
    bool read = read_head(fd, size, options, &head);
    if (read) {
        csv_source_t source = {.fd = fd, .base = head.base};
        read = read_rows_in_chunks(&head.whole, source, head.end, piece_bytes, table);
    }
    release_head(&head);
    /* A file that grew while it was read is read again whole, to its new
     * end, as cplot_read_file reads it. */
    char probe;
    if (read && pread(fd, &probe, 1, (off_t)size) != 0) {
        cplot_table_destroy(*table);
        *table = NULL;
        read = false;
    }
    return read ? CPLOT_CSV_STREAM_READ : CPLOT_CSV_STREAM_FAILED;
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

    size_t end = end_of_rows(text, length);
    if (end == 0) {
        cplot_data_error_set(error, 0, 0, "the input is empty: there is no header row");
        return CPLOT_STATUS_PARSE_ERROR;
    }

    csv_reader_t reader;
    start_reader(&reader, text, end, options, error);
    cplot_status_t status = read_header_and_types(&reader, options);
    if (status == CPLOT_STATUS_SUCCESS)
        status = read_rows(&reader);
    if (status == CPLOT_STATUS_SUCCESS)
        status = backfill(&reader);
    if (status == CPLOT_STATUS_SUCCESS)
        status = build_table(&reader, table);
    release_reader(&reader);
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
