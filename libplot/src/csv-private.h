/*
 * What the CSV reader's three files share: csv-number.c (the decimal
 * number parser), csv.c (the serial reader and the entries) and
 * csv-parallel.c (reading the rows in chunks, from text or a file).
 *
 * The parallel reader reuses the serial reader's structures and its
 * functions for the header, the rows and the table, so that both read
 * every field the same way. The number parser's exact fast path is here
 * too, for the one-pass number fields of the serial reader; its pieces
 * that run for every value are static inline, to stay inlined there.
 */
#ifndef CPLOT_CSV_PRIVATE_H
#define CPLOT_CSV_PRIVATE_H

#include <float.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "data-private.h"
#include "memory-private.h"
#include "stats-private.h"
#include "strmap-private.h"

/* ------------------------------------------------- number parser */

/*
 * Exactness of the fast paths: with a mantissa and a power of ten that are
 * both exact in a floating type, one multiplication or division is rounded
 * once, so the result is the correctly rounded value (Clinger 1990). That
 * needs the compiler to evaluate doubles in double precision.
 */
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
#define CPLOT_DOUBLE_FAST_PATH 1
#endif

enum { CPLOT_CSV_EXACT_POWER_MAX = 22 };
/* Integers up to 2^53 are exact in a double. */
#define CPLOT_CSV_EXACT_INTEGER_LIMIT ((uint64_t)1 << 53)

/* x87 extended precision (64-bit mantissa) holds every 19-digit mantissa
 * and 10^0..10^27 exactly; its one rounding is then followed by a second
 * one to double, which can only go wrong when the extended result lies
 * exactly halfway between two doubles, and that case is detected. */
#if defined(CPLOT_DOUBLE_FAST_PATH) && LDBL_MANT_DIG == 64 && defined(__x86_64__)
#define CPLOT_EXTENDED_FAST_PATH 1
#endif

/* 10^0..10^22, every one exact in a double. */
static const double cplot_csv_exact_powers_of_ten[CPLOT_CSV_EXACT_POWER_MAX + 1] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

#ifdef CPLOT_EXTENDED_FAST_PATH
static const long double cplot_csv_extended_powers_of_ten[] = {
    1e0L,  1e1L,  1e2L,  1e3L,  1e4L,  1e5L,  1e6L,  1e7L,  1e8L,  1e9L,
    1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L,
    1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L,
};
enum { CPLOT_CSV_EXTENDED_POWER_MAX = 27 };
#endif

/* mantissa * 10^exponent when a fast path gives it exactly rounded.
 * Static inline, not in csv-number.c: the CSV reader's loop over the
 * fields calls it, and compiled apart from that loop (a call the compiler
 * cannot see into) the loop costs 11% more instructions (callgrind, the
 * 10,000,000-value CSV). */
static inline bool cplot_csv_convert_fast(uint64_t mantissa, int64_t exponent, double *value)
{
#ifdef CPLOT_DOUBLE_FAST_PATH
    if (mantissa <= CPLOT_CSV_EXACT_INTEGER_LIMIT) {
        double exact = (double)mantissa;
        if (exponent >= 0 && exponent <= CPLOT_CSV_EXACT_POWER_MAX) {
            *value = exact * cplot_csv_exact_powers_of_ten[exponent];
            return true;
        }
        if (exponent < 0 && exponent >= -CPLOT_CSV_EXACT_POWER_MAX) {
            *value = exact / cplot_csv_exact_powers_of_ten[-exponent];
            return true;
        }
        /* "12e25": move zeros into the mantissa while it stays exact. */
        if (exponent > CPLOT_CSV_EXACT_POWER_MAX && exponent <= CPLOT_CSV_EXACT_POWER_MAX + 15) {
            uint64_t scaled = mantissa;
            for (int64_t k = exponent; k > CPLOT_CSV_EXACT_POWER_MAX; k--) {
                if (scaled > CPLOT_CSV_EXACT_INTEGER_LIMIT / 10)
                    goto extended;
                scaled *= 10;
            }
            *value = (double)scaled * cplot_csv_exact_powers_of_ten[CPLOT_CSV_EXACT_POWER_MAX];
            return true;
        }
    }
extended:
#endif
#ifdef CPLOT_EXTENDED_FAST_PATH
    if (exponent >= -CPLOT_CSV_EXTENDED_POWER_MAX && exponent <= CPLOT_CSV_EXTENDED_POWER_MAX) {
        long double exact = (long double)mantissa;
        long double rounded = exponent >= 0 ? exact * cplot_csv_extended_powers_of_ten[exponent]
                                            : exact / cplot_csv_extended_powers_of_ten[-exponent];
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

static inline bool cplot_csv_is_digit(char c)
{
    return (unsigned char)(c - '0') < 10;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define CPLOT_CSV_SWAR_DIGITS 1
/* Eight (four) ASCII digits read as one little-endian word, checked and
 * converted with a few multiplications instead of eight (four) dependent
 * steps (the trick of simdjson and fast_float). The check is exact:
 * carries and borrows only run upwards, from a byte that is no digit. */
static inline bool cplot_csv_eight_digits(uint64_t word)
{
    return (((word + 0x4646464646464646ull) | (word - 0x3030303030303030ull))
            & 0x8080808080808080ull) == 0;
}

static inline uint64_t cplot_csv_eight_digits_value(uint64_t word)
{
    word -= 0x3030303030303030ull;
    word = word * 10 + (word >> 8);
    word = (((word & 0x000000FF000000FFull) * 0x000F424000000064ull)
            + (((word >> 16) & 0x000000FF000000FFull) * 0x0000271000000001ull))
           >> 32;
    return word & 0xFFFFFFFFu;
}

static inline bool cplot_csv_four_digits(uint32_t word)
{
    return (((word + 0x46464646u) | (word - 0x30303030u)) & 0x80808080u) == 0;
}

static inline uint32_t cplot_csv_four_digits_value(uint32_t word)
{
    word -= 0x30303030u;
    word = word * 10 + (word >> 8); /* two-digit values in bytes 0 and 2 */
    return (word & 0xFF) * 100 + ((word >> 16) & 0xFF);
}
#endif

/* Adds the run of digits at p to the mantissa, all of them (it wraps past
 * 19, which callers reject), and returns the end of the run. Whole words
 * of digits go at once: a decimal's fraction is usually four digits or
 * more, and a word's test is a branch the processor predicts, not a
 * dependency of the next field's position on the bytes read. Four digits
 * are tried first, as most fractions written with a fixed precision have
 * four to six (callgrind, the benchmark's "45.4703" rows: 23 fewer
 * instructions a value than trying eight first). */
static inline const char *cplot_csv_add_digits(const char *p, const char *end, uint64_t *mantissa)
{
#ifdef CPLOT_CSV_SWAR_DIGITS
    uint32_t half;
    if (end - p >= 4 && (memcpy(&half, p, 4), cplot_csv_four_digits(half))) {
        *mantissa = *mantissa * 10000 + cplot_csv_four_digits_value(half);
        p += 4;
        if (p == end || !cplot_csv_is_digit(*p))
            return p;
        for (uint64_t word; end - p >= 8 && (memcpy(&word, p, 8), cplot_csv_eight_digits(word));
             p += 8)
            *mantissa = *mantissa * 100000000 + cplot_csv_eight_digits_value(word);
        if (end - p >= 4 && (memcpy(&half, p, 4), cplot_csv_four_digits(half))) {
            *mantissa = *mantissa * 10000 + cplot_csv_four_digits_value(half);
            p += 4;
        }
    }
#endif
    for (unsigned digit; p < end && (digit = (unsigned char)*p - (unsigned)'0') < 10; p++)
        *mantissa = *mantissa * 10 + digit;
    return p;
}

/* cplot_csv_convert_fast's first case alone, for the common short
 * decimal without a function call (it is 9% of reading a column of
 * numbers): the same one rounding of the same operands. False when it
 * does not apply. */
static inline bool cplot_csv_convert_short_decimal(uint64_t mantissa, size_t fraction_digits,
                                                   double *value)
{
#ifdef CPLOT_DOUBLE_FAST_PATH
    if (mantissa <= CPLOT_CSV_EXACT_INTEGER_LIMIT && fraction_digits <= CPLOT_CSV_EXACT_POWER_MAX) {
        *value = (double)mantissa / cplot_csv_exact_powers_of_ten[fraction_digits];
        return true;
    }
#endif
    (void)mantissa;
    (void)fraction_digits;
    (void)value;
    return false;
}

/* ------------------------------------------------- the reader */

typedef enum cplot_csv_column_kind {
    CPLOT_CSV_GUESSED_NUMERIC, /* every value so far was a number or missing */
    CPLOT_CSV_FORCED_NUMERIC,
    CPLOT_CSV_CATEGORICAL
} cplot_csv_column_kind_t;

typedef struct cplot_csv_column {
    char *name;
    cplot_csv_column_kind_t kind;
    double *numbers; /* while numeric, one per row */
    int *codes;      /* once categorical, one per row */
    /* Rows before this one were read while the column still looked numeric;
     * their codes are filled by a second, partial pass. */
    size_t first_categorical_row;
    char **levels;
    size_t level_count, level_capacity;
    cplot_strmap_t level_index; /* borrows the strings in `levels` */
    /* While numeric: the range of the numbers, when the chunked reader
     * found it (has_range) chunk by chunk as it parsed them. */
    cplot_value_range_t range;
    bool has_range;
} cplot_csv_column_t;

typedef enum cplot_csv_terminator {
    CPLOT_CSV_END_OF_FIELD, /* a delimiter: the row goes on */
    CPLOT_CSV_END_OF_LINE,
    CPLOT_CSV_END_OF_INPUT
} cplot_csv_terminator_t;

typedef struct cplot_csv_field {
    const char *text; /* unescaped contents, not NUL-terminated */
    size_t length;
    size_t start;     /* offset of the first byte (the opening quote when quoted) */
    size_t end;       /* offset just past the contents and closing quote */
    bool quoted;
    cplot_csv_terminator_t terminator;
} cplot_csv_field_t;

typedef struct cplot_csv_reader {
    const char *text; /* after any byte order mark */
    size_t end;       /* trailing line breaks cut off */
    size_t position;
    size_t data_start; /* the first byte after the header */
    char delimiter;
    bool ends_field[256]; /* bytes that end an unquoted field */
    size_t max_rows, max_columns, max_levels;
    cplot_csv_column_t *columns;
    size_t column_count, column_capacity;
    size_t row_count, row_capacity;
    cplot_buffer_t unescaped; /* contents of a quoted field with "" in it */
    cplot_buffer_t key;       /* a NUL-terminated copy for level lookups */
    cplot_data_error_t *error;
    /* Only while reading one chunk of the rows in parallel: per column,
     * whether text turned up in a column read as numbers. The column then
     * stays numeric here, and every chunk reads it again as categorical. */
    bool *turned;
} cplot_csv_reader_t;

/* The reader over text[0, end), its limits from `options`; `error` may be
 * NULL (no messages, as for a chunk read in parallel). */
void cplot_csv_start_reader(cplot_csv_reader_t *reader, const char *text, size_t end,
                            const cplot_data_options_t *options, cplot_data_error_t *error);

/* The text's length without its trailing line breaks. */
size_t cplot_csv_end_of_rows(const char *text, size_t length);

/* Reads the header and applies the forced types of `options`. */
cplot_status_t cplot_csv_read_header_and_types(cplot_csv_reader_t *reader,
                                               const cplot_data_options_t *options);

/* Reads the field at reader->position and moves past its terminator.
 * `row` and `column` only serve error messages. */
cplot_status_t cplot_csv_read_field(cplot_csv_reader_t *reader, size_t row, size_t column,
                                    cplot_csv_field_t *field);

/* Reads every row after the header into the columns. */
cplot_status_t cplot_csv_read_rows(cplot_csv_reader_t *reader);

/* Adds `text` (NUL-terminated, handed over: freed on failure) as the
 * column's next level. */
cplot_status_t cplot_csv_append_level(cplot_csv_reader_t *reader, size_t column_index, char *text,
                                      size_t *level);

/* Moves the finished columns into a new table. */
cplot_status_t cplot_csv_build_table(cplot_csv_reader_t *reader, cplot_table_t **result);

/* Frees what the reader still owns. */
void cplot_csv_release_reader(cplot_csv_reader_t *reader);

#endif
