/*
 * The decimal number parser of the data readers (CSV, JSON and the specs'
 * numbers as text), and its inverse, the shortest text that reads back.
 *
 * Numbers are converted by an exact fast path (csv-private.h) that leaves
 * only unusual literals to strtod, whatever the locale. The CSV reader
 * uses the same fast path for its one-pass number fields, so both give
 * the same value for the same text.
 */
#include "csv-private.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Adds the run of digits at p to the mantissa (the first 19 significant
 * ones; the rest are only counted) and returns the end of the run. */
static const char *accumulate_digits(const char *p, const char *end, uint64_t *mantissa,
                                     size_t *significant)
{
    if (*significant == 0)
        while (p < end && *p == '0')
            p++;
#ifdef CPLOT_CSV_SWAR_DIGITS
    while (end - p >= 8 && *significant <= 19 - 8) {
        uint64_t word;
        memcpy(&word, p, sizeof word);
        if (!cplot_csv_eight_digits(word))
            break;
        *mantissa = *mantissa * 100000000 + cplot_csv_eight_digits_value(word);
        *significant += 8;
        p += 8;
    }
#endif
    for (; p < end && cplot_csv_is_digit(*p); p++) {
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
        if (p == end || !cplot_csv_is_digit(*p))
            return false;
        for (; p < end && cplot_csv_is_digit(*p); p++)
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
    if (significant <= 19 && cplot_csv_convert_fast(mantissa, exponent, &result)) {
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
            if (cplot_csv_is_digit(*p) && count < sizeof digits)
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

