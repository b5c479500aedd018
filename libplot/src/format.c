#include "format-private.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MINUS_SIGN "\xe2\x88\x92"           /* U+2212 */
#define MULTIPLICATION_SIGN "\xc3\x97"      /* U+00D7 */
#define INFINITY_SIGN "\xe2\x88\x9e"        /* U+221E */
#define SUPERSCRIPT_MINUS "\xe2\x81\xbb"    /* U+207B */

static const char *const superscript_digits[10] = {
    "\xe2\x81\xb0", "\xc2\xb9", "\xc2\xb2", "\xc2\xb3", "\xe2\x81\xb4",
    "\xe2\x81\xb5", "\xe2\x81\xb6", "\xe2\x81\xb7", "\xe2\x81\xb8", "\xe2\x81\xb9",
};

/* Plain notation between these magnitudes; SI suffixes from the upper one
 * up to the last suffix, a shared power of ten outside. */
static const double plain_lower_limit = 1e-3;
static const double si_lower_limit = 1e6;
static const double si_upper_limit = 1e15;
/* More decimals than a double can meaningfully carry would only print
 * binary noise; the cap also bounds the label length well inside
 * CPLOT_LABEL_MAX. */
enum { MAX_DECIMALS = 20 };
/* A value counts as lying on a decimal grid when it is this close to it,
 * relative to the tick step: far below anything a label could show and
 * far above the rounding error of the tick arithmetic. */
static const double grid_tolerance = 1e-6;
/* Rounding error allowance of a scaled value, in units of its magnitude. */
static const double rounding_allowance = 64 * DBL_EPSILON;

/* A label under construction. Pieces are appended whole or not at all, so
 * a label that had to be cut short still ends on a complete UTF-8
 * character. */
typedef struct label_builder {
    char *text;
    size_t length;
    bool full;
} label_builder_t;

static label_builder_t label_start(char *text)
{
    text[0] = '\0';
    return (label_builder_t){.text = text};
}

static void append_bytes(label_builder_t *label, const char *bytes, size_t count)
{
    if (label->full || label->length + count >= CPLOT_LABEL_MAX) {
        label->full = true;
        return;
    }
    memcpy(label->text + label->length, bytes, count);
    label->length += count;
    label->text[label->length] = '\0';
}

static void append(label_builder_t *label, const char *piece)
{
    append_bytes(label, piece, strlen(piece));
}

/* Digits with a comma between each group of three, counted from the end. */
static void append_grouped_digits(label_builder_t *label, const char *digits, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (i > 0 && (count - i) % 3 == 0)
            append(label, ",");
        append_bytes(label, digits + i, 1);
    }
}

static void append_superscript_integer(label_builder_t *label, int exponent)
{
    char digits[16];
    snprintf(digits, sizeof digits, "%d", exponent < 0 ? -exponent : exponent);
    if (exponent < 0)
        append(label, SUPERSCRIPT_MINUS);
    for (const char *digit = digits; *digit; digit++)
        append(label, superscript_digits[*digit - '0']);
}

static bool append_non_finite(label_builder_t *label, double value)
{
    if (isnan(value)) {
        append(label, "NaN");
        return true;
    }
    if (isinf(value)) {
        append(label, value < 0 ? MINUS_SIGN INFINITY_SIGN : INFINITY_SIGN);
        return true;
    }
    return false;
}

static bool has_nonzero_digit(const char *digits)
{
    for (; *digits; digits++) {
        if (*digits >= '1' && *digits <= '9')
            return true;
    }
    return false;
}

/* |value| rounded to `decimals` places, split into integer and fraction
 * digits. printf rounds correctly, but writes the locale's decimal point,
 * so only the digits around it are taken. */
typedef struct fixed_digits {
    char integer[400]; /* room for DBL_MAX's 309 digits */
    char fraction[MAX_DECIMALS + 1];
} fixed_digits_t;

static void split_fixed(double magnitude, int decimals, fixed_digits_t *digits)
{
    char text[sizeof digits->integer + MAX_DECIMALS + 16];
    int length = snprintf(text, sizeof text, "%.*f", decimals, magnitude);
    if (length < 0 || (size_t)length >= sizeof text)
        length = 0;
    text[length] = '\0';
    size_t integer_length = strspn(text, "0123456789");
    if (integer_length == 0 || integer_length >= sizeof digits->integer) {
        strcpy(digits->integer, "0");
        integer_length = 0;
    } else {
        memcpy(digits->integer, text, integer_length);
        digits->integer[integer_length] = '\0';
    }
    size_t fraction_length = decimals > 0 ? (size_t)decimals : 0;
    if (fraction_length > 0 && (size_t)length >= integer_length + fraction_length) {
        memcpy(digits->fraction, text + length - fraction_length, fraction_length);
        digits->fraction[fraction_length] = '\0';
    } else {
        memset(digits->fraction, '0', fraction_length);
        digits->fraction[fraction_length] = '\0';
    }
}

/* value with exactly `decimals` places, grouped, U+2212 for negatives;
 * returns false (appending nothing) when it rounds to zero and the caller
 * asked for zero to be left to it. */
static bool append_fixed(label_builder_t *label, double value, int decimals, bool zero_is_plain)
{
    fixed_digits_t digits;
    split_fixed(fabs(value), decimals, &digits);
    bool nonzero = has_nonzero_digit(digits.integer) || has_nonzero_digit(digits.fraction);
    if (!nonzero && !zero_is_plain)
        return false;
    /* A value that rounds to zero is zero: never "−0.0". */
    if (value < 0 && nonzero)
        append(label, MINUS_SIGN);
    append_grouped_digits(label, digits.integer, strlen(digits.integer));
    if (decimals > 0) {
        append(label, ".");
        append(label, digits.fraction);
    }
    return true;
}

static double power_of_ten(int exponent)
{
    return pow(10.0, exponent);
}

/* value / 10^exponent. Dividing by a positive power and multiplying by a
 * positive power for negative exponents (never by 1e-9, which is inexact)
 * rounds once up to 10^22, so 3e-9 scales to exactly 3 rather than
 * 2.9999999999999996. */
static double scale_down(double value, int exponent)
{
    /* 10^309 and up overflow: subnormal values are brought up in two
     * steps. */
    if (exponent < -300) {
        value *= 1e300;
        exponent += 300;
    }
    if (exponent >= 0)
        return value / power_of_ten(exponent);
    return value * power_of_ten(-exponent);
}

/* ---- linear axes --------------------------------------------------- */

typedef enum notation {
    NOTATION_PLAIN,     /* 12,500.5 */
    NOTATION_SI,        /* 2.5M */
    NOTATION_SCIENTIFIC /* 2.5×10⁻⁹ */
} notation_t;

typedef struct axis_style {
    notation_t notation;
    int exponent; /* values are shown divided by 10^exponent */
    int decimals;
} axis_style_t;

static const char *si_suffix(int exponent)
{
    switch (exponent) {
    case 6: return "M";
    case 9: return "G";
    default: return "T";
    }
}

static int decimal_exponent(double magnitude)
{
    int exponent = (int)floor(log10(magnitude));
    /* log10 may land a hair either side of an exact power. */
    if (magnitude >= power_of_ten(exponent + 1))
        exponent++;
    else if (magnitude < power_of_ten(exponent))
        exponent--;
    return exponent;
}

/* The fewest decimals that show every value exactly, to within a tiny
 * fraction of the step. Taken from the values' grid (step and offset), not
 * from printing each value, so 0.1 + 0.2 counts as 0.3 and an axis at 0.5,
 * 1.5, 2.5 keeps its halves even though the step is 1. */
static int grid_decimals(const double *values, size_t count, int scale_exponent, double step,
                         double largest)
{
    double tolerance = fmax(grid_tolerance * (step > 0 ? step : largest),
                            rounding_allowance * largest);
    for (int decimals = 0; decimals < MAX_DECIMALS; decimals++) {
        double power = power_of_ten(decimals);
        bool on_grid = true;
        for (size_t i = 0; i < count && on_grid; i++) {
            if (!isfinite(values[i]))
                continue;
            double scaled = scale_down(values[i], scale_exponent) * power;
            on_grid = fabs(scaled - nearbyint(scaled)) <= tolerance * power;
        }
        if (on_grid)
            return decimals;
    }
    return MAX_DECIMALS;
}

static void format_linear_label(double value, const axis_style_t *style,
                                char label_text[CPLOT_LABEL_MAX])
{
    label_builder_t label = label_start(label_text);
    if (append_non_finite(&label, value))
        return;
    double scaled = scale_down(value, style->exponent);
    if (style->notation == NOTATION_PLAIN) {
        append_fixed(&label, scaled, style->decimals, true);
        return;
    }
    /* With a suffix or a power of ten a bare 0 reads better than
     * "0.0M" or "0.0×10⁻⁹". */
    if (!append_fixed(&label, scaled, style->decimals, false)) {
        append(&label, "0");
        return;
    }
    if (style->notation == NOTATION_SI) {
        append(&label, si_suffix(style->exponent));
        return;
    }
    append(&label, MULTIPLICATION_SIGN "10");
    append_superscript_integer(&label, style->exponent);
}

static axis_style_t choose_style(const double *values, size_t count, double step, double largest)
{
    axis_style_t style = {.notation = NOTATION_PLAIN};
    if (largest >= si_upper_limit || largest < plain_lower_limit) {
        style.notation = NOTATION_SCIENTIFIC;
        style.exponent = decimal_exponent(largest);
    } else if (largest >= si_lower_limit) {
        style.notation = NOTATION_SI;
        style.exponent = largest < 1e9 ? 6 : largest < 1e12 ? 9 : 12;
    }
    double scaled_step = step > 0 ? fabs(scale_down(step, style.exponent)) : 0.0;
    double scaled_largest = fabs(scale_down(largest, style.exponent));
    style.decimals = grid_decimals(values, count, style.exponent, scaled_step, scaled_largest);

    /* Rounding can carry the largest mantissa up to the next power
     * ("10.0×10⁻⁴", "1,000M"); move to the next exponent instead. */
    double rounding = 0.5 * power_of_ten(-style.decimals);
    if (style.notation == NOTATION_SCIENTIFIC && scaled_largest + rounding >= 10.0) {
        style.exponent++;
        style.decimals++;
    } else if (style.notation == NOTATION_SI && style.exponent < 12
               && scaled_largest + rounding >= 1000.0) {
        style.exponent += 3;
        style.decimals += 3;
    }
    if (style.decimals > MAX_DECIMALS)
        style.decimals = MAX_DECIMALS;
    return style;
}

void cplot_format_linear_ticks(const double *values, size_t count,
                               char labels[][CPLOT_LABEL_MAX])
{
    if (!values || !labels)
        return;
    double largest = 0.0;
    double step = 0.0;
    for (size_t i = 0; i < count; i++) {
        if (isfinite(values[i]) && fabs(values[i]) > largest)
            largest = fabs(values[i]);
        /* The smallest gap sets the precision, so unevenly spaced values
         * stay apart too. */
        if (i > 0 && isfinite(values[i]) && isfinite(values[i - 1])) {
            double gap = fabs(values[i] - values[i - 1]);
            if (gap > 0 && isfinite(gap) && (step == 0 || gap < step))
                step = gap;
        }
    }
    if (largest == 0.0) {
        for (size_t i = 0; i < count; i++) {
            label_builder_t label = label_start(labels[i]);
            if (!append_non_finite(&label, values[i]))
                append(&label, "0");
        }
        return;
    }

    axis_style_t style = choose_style(values, count, step, largest);
    for (;;) {
        for (size_t i = 0; i < count; i++)
            format_linear_label(values[i], &style, labels[i]);
        /* A safety net for values off any decimal grid: distinct
         * neighbours must never share a label. */
        bool distinct = true;
        for (size_t i = 1; i < count && distinct; i++) {
            distinct = values[i] == values[i - 1] || strcmp(labels[i], labels[i - 1]) != 0
                       || isnan(values[i]) || isnan(values[i - 1]);
        }
        if (distinct || style.decimals >= MAX_DECIMALS)
            return;
        style.decimals++;
    }
}

/* ---- numbers ------------------------------------------------------- */

/* Appends the digit string `digits` (no leading zeros, no sign) as a
 * decimal with `integer_count` digits before the point: "25" with 3 is
 * "250", with 1 "2.5", with -1 "0.025". */
static void append_placed_digits(label_builder_t *label, const char *digits, int integer_count)
{
    int length = (int)strlen(digits);
    char integer[400];
    int integer_length = 0;
    if (integer_count <= 0) {
        integer[integer_length++] = '0';
    } else {
        for (int i = 0; i < integer_count && integer_length < (int)sizeof integer - 1; i++)
            integer[integer_length++] = i < length ? digits[i] : '0';
    }
    append_grouped_digits(label, integer, (size_t)integer_length);
    if (length <= integer_count)
        return;
    append(label, ".");
    for (int i = integer_count; i < 0; i++)
        append(label, "0");
    append(label, digits + (integer_count > 0 ? integer_count : 0));
}

void cplot_format_number(double value, int significant, char label_text[CPLOT_LABEL_MAX])
{
    if (!label_text)
        return;
    label_builder_t label = label_start(label_text);
    if (append_non_finite(&label, value))
        return;
    if (value == 0.0) {
        append(&label, "0");
        return;
    }
    if (significant < 1)
        significant = 1;
    if (significant > 17)
        significant = 17;

    /* printf's %e rounds to the significant digits correctly; its digits
     * and exponent are read around the locale's decimal point. */
    char text[64];
    snprintf(text, sizeof text, "%.*e", significant - 1, fabs(value));
    char digits[24];
    size_t digit_count = 0;
    const char *cursor = text;
    for (; *cursor && *cursor != 'e'; cursor++) {
        if (*cursor >= '0' && *cursor <= '9' && digit_count < sizeof digits - 1)
            digits[digit_count++] = *cursor;
    }
    int exponent = *cursor == 'e' ? (int)strtol(cursor + 1, NULL, 10) : 0;
    while (digit_count > 1 && digits[digit_count - 1] == '0')
        digit_count--;
    digits[digit_count] = '\0';

    if (value < 0)
        append(&label, MINUS_SIGN);
    double magnitude = power_of_ten(exponent);
    if (magnitude >= si_upper_limit || magnitude < plain_lower_limit) {
        append_placed_digits(&label, digits, 1);
        append(&label, MULTIPLICATION_SIGN "10");
        append_superscript_integer(&label, exponent);
    } else if (magnitude >= si_lower_limit) {
        int si_exponent = exponent - exponent % 3;
        append_placed_digits(&label, digits, exponent - si_exponent + 1);
        append(&label, si_suffix(si_exponent));
    } else {
        append_placed_digits(&label, digits, exponent + 1);
    }
}

/* ---- log axes ------------------------------------------------------ */

/* Powers of ten from 10⁻³ to 10⁵ read best written out ("0.001",
 * "500,000"); beyond, the exponent is the information. One axis takes one
 * style: "50,000" beside "10⁶" would read as two different scales. */
enum { LOG_PLAIN_LOWEST = -3, LOG_PLAIN_HIGHEST = 5 };
static const double log_mantissa_tolerance = 1e-9;

/* Splits a positive value into mantissa * 10^exponent when the mantissa is
 * 1, 2 or 5, the only ticks cplot_ticks_log10 places besides linear ones. */
static bool one_two_five(double value, int *mantissa, int *exponent)
{
    if (!isfinite(value) || value <= 0.0)
        return false;
    int power = decimal_exponent(value);
    double scaled = scale_down(value, power);
    double nearest = nearbyint(scaled);
    if (fabs(scaled - nearest) > log_mantissa_tolerance * scaled)
        return false;
    if (nearest == 10.0) {
        nearest = 1.0;
        power++;
    }
    if (nearest != 1.0 && nearest != 2.0 && nearest != 5.0)
        return false;
    *mantissa = (int)nearest;
    *exponent = power;
    return true;
}

void cplot_format_log_ticks(const double *values, size_t count,
                            char labels[][CPLOT_LABEL_MAX])
{
    if (!values || !labels)
        return;
    bool plain = true;
    for (size_t i = 0; i < count; i++) {
        int mantissa, exponent;
        if (!one_two_five(values[i], &mantissa, &exponent)) {
            /* Linear fallback ticks (a range narrower than a few 1-2-5
             * steps) read like any linear axis. */
            cplot_format_linear_ticks(values, count, labels);
            return;
        }
        plain = plain && exponent >= LOG_PLAIN_LOWEST && exponent <= LOG_PLAIN_HIGHEST;
    }
    for (size_t i = 0; i < count; i++) {
        int mantissa = 1, exponent = 0;
        one_two_five(values[i], &mantissa, &exponent);
        if (plain) {
            cplot_format_number(values[i], 1, labels[i]);
            continue;
        }
        label_builder_t label = label_start(labels[i]);
        if (mantissa != 1) {
            char digit[2] = {(char)('0' + mantissa), '\0'};
            append(&label, digit);
            append(&label, MULTIPLICATION_SIGN);
        }
        append(&label, "10");
        append_superscript_integer(&label, exponent);
    }
}

void cplot_format_decimals(double value, int decimals, char label_text[CPLOT_LABEL_MAX])
{
    if (!label_text)
        return;
    label_builder_t label = label_start(label_text);
    if (append_non_finite(&label, value))
        return;
    if (decimals < 0)
        decimals = 0;
    if (decimals > 12)
        decimals = 12;
    /* Beyond the fixed-point range a fixed label would be unreadable. */
    if (fabs(value) >= 1e15) {
        cplot_format_number(value, 6, label_text);
        return;
    }
    append_fixed(&label, value, decimals, true);
}

int cplot_shared_decimals(const double *values, size_t count)
{
    double largest = 0;
    bool whole = true;
    for (size_t i = 0; i < count; i++) {
        if (!isfinite(values[i]))
            continue;
        largest = fmax(largest, fabs(values[i]));
        whole = whole && values[i] == floor(values[i]);
    }
    if (whole || largest == 0)
        return whole ? 0 : 2;
    /* Three significant digits of the largest value, and never fewer than
     * none: 2095.4 reads "2,095", 45.27 reads "45.3", 0.0123 "0.0123". */
    int decimals = 2 - (int)floor(log10(largest));
    return decimals < 0 ? 0 : decimals > 6 ? 6 : decimals;
}
