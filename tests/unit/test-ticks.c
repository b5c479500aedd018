/* Tick positions: the reference vectors of R's labeling::extended, edge
 * cases, a property sweep over many ranges (with their labels), and log10
 * axes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format-private.h"
#include "ticks-private.h"

#define MINUS "\xe2\x88\x92"

static void assert_ticks_equal(const cplot_ticks_t *ticks, const double *expected, size_t count,
                               double step)
{
    if (ticks->count != count) {
        fprintf(stderr, "expected %zu ticks, got %zu:", count, ticks->count);
        for (size_t i = 0; i < ticks->count; i++)
            fprintf(stderr, " %.17g", ticks->values[i]);
        fprintf(stderr, "\n");
    }
    assert_int_equal(ticks->count, count);
    for (size_t i = 0; i < count; i++) {
        if (ticks->values[i] != expected[i])
            fprintf(stderr, "tick %zu: expected %.17g, got %.17g\n", i, expected[i],
                    ticks->values[i]);
        /* Exact equality on purpose: ticks must be the doubles nearest the
         * decimal numbers, the same as the literals. */
        assert_true(ticks->values[i] == expected[i]);
    }
    if (ticks->step != step)
        fprintf(stderr, "step: expected %.17g, got %.17g\n", step, ticks->step);
    assert_true(ticks->step == step);
}

#define CHECK_EXTENDED(dmin, dmax, target, step, ...)                                  \
    do {                                                                               \
        static const double expected_[] = {__VA_ARGS__};                               \
        cplot_ticks_t ticks_;                                                          \
        assert_true(cplot_ticks_extended((dmin), (dmax), (target), &ticks_));          \
        assert_ticks_equal(&ticks_, expected_, sizeof expected_ / sizeof expected_[0], \
                           (step));                                                    \
    } while (0)

#define CHECK_LOG(dmin, dmax, target, step, ...)                                       \
    do {                                                                               \
        static const double expected_[] = {__VA_ARGS__};                               \
        cplot_ticks_t ticks_;                                                          \
        assert_true(cplot_ticks_log10((dmin), (dmax), (target), &ticks_));             \
        assert_ticks_equal(&ticks_, expected_, sizeof expected_ / sizeof expected_[0], \
                           (step));                                                    \
    } while (0)

static void test_reference_vectors(void **state)
{
    (void)state;
    CHECK_EXTENDED(8.1, 14.1, 4, 2, 8, 10, 12, 14);
    CHECK_EXTENDED(0, 100, 5, 25, 0, 25, 50, 75, 100);
    CHECK_EXTENDED(-3.7, 12.2, 5, 4, -4, 0, 4, 8, 12);
    CHECK_EXTENDED(46, 230, 5, 50, 50, 100, 150, 200, 250);
}

/* Further outputs of R's extended(), taken from a line-by-line floating
 * point port of labeling::extended (R itself prints 0.15000000000000002
 * where these are the exact decimals). */
static void test_more_r_vectors(void **state)
{
    (void)state;
    CHECK_EXTENDED(0.1, 0.3, 5, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3);
    CHECK_EXTENDED(0.1, 0.3, 3, 0.1, 0.1, 0.2, 0.3);
    CHECK_EXTENDED(0.5, 2.5, 3, 1, 0.5, 1.5, 2.5);
    CHECK_EXTENDED(-12000, -2000, 5, 2000, -12000, -10000, -8000, -6000, -4000, -2000);
    CHECK_EXTENDED(-3000, 4000, 6, 1000, -3000, -2000, -1000, 0, 1000, 2000, 3000, 4000);
    CHECK_EXTENDED(0, 1e7, 5, 2.5e6, 0, 2.5e6, 5e6, 7.5e6, 1e7);
    CHECK_EXTENDED(123456, 123457, 5, 0.25, 123456, 123456.25, 123456.5, 123456.75, 123457);
    /* Ranges where the bonus for a tick at zero decides the winner. */
    CHECK_EXTENDED(-19.3, -2.0, 7, 5, -20, -15, -10, -5, 0);
    CHECK_EXTENDED(1.6, 12.1, 8, 2, 0, 2, 4, 6, 8, 10, 12);
    CHECK_EXTENDED(2.6, 23.6, 3, 10, 0, 10, 20);
    CHECK_EXTENDED(-8.7, -1.6, 2, 10, -10, 0);
}

static void test_swapped_range_equals_ordered(void **state)
{
    (void)state;
    CHECK_EXTENDED(14.1, 8.1, 4, 2, 8, 10, 12, 14);
    CHECK_EXTENDED(12.2, -3.7, 5, 4, -4, 0, 4, 8, 12);
}

static void test_zero_range_is_widened(void **state)
{
    (void)state;
    CHECK_EXTENDED(0, 0, 5, 0.5, -1, -0.5, 0, 0.5, 1);
    CHECK_EXTENDED(5, 5, 5, 0.25, 4.5, 4.75, 5, 5.25, 5.5);
    CHECK_EXTENDED(-5, -5, 5, 0.25, -5.5, -5.25, -5, -4.75, -4.5);
    /* Narrower than 1e-12 of the magnitude is one value too. */
    CHECK_EXTENDED(1, 1 + 1e-13, 5, 0.05, 0.9, 0.95, 1, 1.05, 1.1);
    /* A lone value too small to scale counts as zero. */
    CHECK_EXTENDED(1e-310, 1e-310, 5, 0.5, -1, -0.5, 0, 0.5, 1);
    /* Zero itself comes out as +0, never -0. */
    cplot_ticks_t ticks;
    assert_true(cplot_ticks_extended(-0.0, -0.0, 5, &ticks));
    assert_false(signbit(ticks.values[2]));
}

static void test_negative_ranges(void **state)
{
    (void)state;
    CHECK_EXTENDED(-230, -46, 5, 50, -250, -200, -150, -100, -50);
    CHECK_EXTENDED(-14.1, -8.1, 4, 2, -14, -12, -10, -8);
    CHECK_EXTENDED(-5e-9, -1e-9, 5, 1e-9, -5e-9, -4e-9, -3e-9, -2e-9, -1e-9);
}

static void test_tiny_and_huge_magnitudes(void **state)
{
    (void)state;
    CHECK_EXTENDED(1e-9, 5e-9, 5, 1e-9, 1e-9, 2e-9, 3e-9, 4e-9, 5e-9);
    CHECK_EXTENDED(1e12, 5e12, 5, 1e12, 1e12, 2e12, 3e12, 4e12, 5e12);
    CHECK_EXTENDED(1e-12, 3e-12, 4, 5e-13, 1e-12, 1.5e-12, 2e-12, 2.5e-12, 3e-12);
    CHECK_EXTENDED(-1e-9, 3e-9, 5, 1e-9, -1e-9, 0, 1e-9, 2e-9, 3e-9);
    CHECK_EXTENDED(1e300, 1.5e300, 5, 1e299, 1e300, 1.1e300, 1.2e300, 1.3e300, 1.4e300,
                   1.5e300);
    CHECK_EXTENDED(0, 1e-300, 3, 5e-301, 0, 5e-301, 1e-300);
}

static void test_invalid_input_is_rejected_and_out_untouched(void **state)
{
    (void)state;
    cplot_ticks_t ticks = {.count = 7, .step = 42};
    assert_false(cplot_ticks_extended(NAN, 1, 5, &ticks));
    assert_false(cplot_ticks_extended(0, INFINITY, 5, &ticks));
    assert_false(cplot_ticks_extended(-INFINITY, 0, 5, &ticks));
    assert_false(cplot_ticks_extended(0, 1, 1, &ticks));
    assert_false(cplot_ticks_extended(0, 1, 0, &ticks));
    assert_false(cplot_ticks_extended(0, 1, -3, &ticks));
    assert_false(cplot_ticks_extended(0, 1, 5, NULL));
    /* Wider than DBL_MAX. */
    assert_false(cplot_ticks_extended(-DBL_MAX, DBL_MAX, 5, &ticks));
    assert_int_equal(ticks.count, 7);
    assert_true(ticks.step == 42);
}

static void test_target_is_capped(void **state)
{
    (void)state;
    cplot_ticks_t capped, many;
    assert_true(cplot_ticks_extended(0, 1, 1000000, &capped));
    assert_true(cplot_ticks_extended(0, 1, CPLOT_MAX_TICKS, &many));
    assert_true(capped.count <= CPLOT_MAX_TICKS);
    assert_true(capped.count > 20);
    assert_int_equal(capped.count, many.count);
    assert_true(capped.values[0] == many.values[0]);
}

/* ---- the sweep ----------------------------------------------------- */

static uint64_t random_state = 0x9e3779b97f4a7c15u;

static uint64_t next_random(void)
{
    /* splitmix64: a fixed seed gives the same ranges on every machine. */
    uint64_t z = (random_state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static double uniform(double low, double high)
{
    return low + (high - low) * ((double)(next_random() >> 11) / 9007199254740992.0);
}

static const char *const superscripts[10] = {
    "\xe2\x81\xb0", "\xc2\xb9", "\xc2\xb2", "\xc2\xb3", "\xe2\x81\xb4",
    "\xe2\x81\xb5", "\xe2\x81\xb6", "\xe2\x81\xb7", "\xe2\x81\xb8", "\xe2\x81\xb9",
};
#define SUPERSCRIPT_MINUS "\xe2\x81\xbb"

static bool starts_superscript(const char *text)
{
    if (strncmp(text, SUPERSCRIPT_MINUS, 3) == 0)
        return true;
    for (int d = 0; d < 10; d++) {
        if (strncmp(text, superscripts[d], strlen(superscripts[d])) == 0)
            return true;
    }
    return false;
}

/* Reads a superscript integer such as "⁻¹²", advancing *cursor. */
static int parse_superscript(const char **cursor)
{
    int sign = 1, exponent = 0;
    if (strncmp(*cursor, SUPERSCRIPT_MINUS, 3) == 0) {
        sign = -1;
        *cursor += 3;
    }
    for (;;) {
        int digit = -1;
        for (int d = 0; d < 10; d++) {
            if (strncmp(*cursor, superscripts[d], strlen(superscripts[d])) == 0)
                digit = d;
        }
        if (digit < 0)
            return sign * exponent;
        exponent = exponent * 10 + digit;
        *cursor += strlen(superscripts[digit]);
    }
}

/* Reads a label back into a number: U+2212, "," separators, M/G/T, "×10ⁿ"
 * and a bare "10ⁿ" undone. */
static double parse_label(const char *label)
{
    char plain[CPLOT_LABEL_MAX * 2];
    size_t length = 0;
    const char *cursor = label;
    if (strncmp(cursor, MINUS, 3) == 0) {
        plain[length++] = '-';
        cursor += 3;
    }
    while (*cursor && ((*cursor >= '0' && *cursor <= '9') || *cursor == '.' || *cursor == ',')) {
        if (*cursor != ',')
            plain[length++] = *cursor;
        cursor++;
    }
    plain[length] = '\0';
    double value = strtod(plain, NULL);
    if (*cursor == 'M' || *cursor == 'G' || *cursor == 'T') {
        value *= *cursor == 'M' ? 1e6 : *cursor == 'G' ? 1e9 : 1e12;
        cursor++;
    } else if (strncmp(cursor, "\xc3\x97" "10", 4) == 0 || starts_superscript(cursor)) {
        if (starts_superscript(cursor)) {
            /* "10⁵": the digits read so far were the base. */
            if (strcmp(plain, "10") != 0)
                fail_msg("bad power label \"%s\"", label);
            strcpy(plain, "1");
        } else {
            cursor += 4;
        }
        int exponent = parse_superscript(&cursor);
        char scaled[sizeof plain + 16];
        snprintf(scaled, sizeof scaled, "%se%d", plain, exponent);
        value = strtod(scaled, NULL);
    }
    if (*cursor != '\0')
        fail_msg("unparsed rest of label \"%s\": \"%s\"", label, cursor);
    return value;
}

static int decimals_of(const char *label)
{
    const char *point = strchr(label, '.');
    if (!point)
        return 0;
    int count = 0;
    for (point++; *point >= '0' && *point <= '9'; point++)
        count++;
    return count;
}

static void report_range(double dmin, double dmax, int target, const cplot_ticks_t *ticks,
                         char labels[][CPLOT_LABEL_MAX])
{
    fprintf(stderr, "range [%.17g, %.17g] target %d step %.17g:\n", dmin, dmax, target,
            ticks->step);
    for (size_t i = 0; i < ticks->count; i++)
        fprintf(stderr, "  %.17g \"%s\"\n", ticks->values[i], labels ? labels[i] : "");
}

static void check_linear_ticks(double dmin, double dmax, int target)
{
    cplot_ticks_t ticks;
    if (!cplot_ticks_extended(dmin, dmax, target, &ticks)) {
        fprintf(stderr, "no ticks for [%.17g, %.17g] target %d\n", dmin, dmax, target);
        fail();
    }
    double low = fmin(dmin, dmax), high = fmax(dmin, dmax);
    double step = ticks.step;
    bool ok = ticks.count >= 2 && ticks.count <= CPLOT_MAX_TICKS && step > 0 && isfinite(step);
    double largest = 0;
    for (size_t i = 0; ok && i < ticks.count; i++) {
        ok = isfinite(ticks.values[i]);
        largest = fmax(largest, fabs(ticks.values[i]));
    }
    /* Each tick is correctly rounded, so neighbours may differ from the
     * step by a few units in the last place of the values. */
    double spacing_tolerance = 1e-9 * step + 4 * DBL_EPSILON * largest;
    for (size_t i = 1; ok && i < ticks.count; i++) {
        double gap = ticks.values[i] - ticks.values[i - 1];
        ok = gap > 0 && fabs(gap - step) <= spacing_tolerance;
    }
    double slack = 1e-9 * step;
    ok = ok && ticks.values[0] <= low + step + slack
         && ticks.values[ticks.count - 1] >= high - step - slack;
    if (!ok) {
        report_range(dmin, dmax, target, &ticks, NULL);
        fail();
    }

    char labels[CPLOT_MAX_TICKS][CPLOT_LABEL_MAX];
    cplot_format_linear_ticks(ticks.values, ticks.count, labels);
    int shared_decimals = -1;
    for (size_t i = 0; ok && i < ticks.count; i++) {
        size_t length = strnlen(labels[i], CPLOT_LABEL_MAX);
        ok = length > 0 && length < CPLOT_LABEL_MAX;
        for (size_t j = 0; ok && j < i; j++)
            ok = strcmp(labels[i], labels[j]) != 0;
        /* The label is the tick, not a rounded neighbour of it. */
        ok = ok && fabs(parse_label(labels[i]) - ticks.values[i])
                       <= 1e-6 * step + 4 * DBL_EPSILON * fabs(ticks.values[i]);
        /* Never a negative zero such as "−0" or "−0.0". */
        ok = ok && !(strncmp(labels[i], MINUS, 3) == 0 && parse_label(labels[i]) == 0);
        if (ok && strcmp(labels[i], "0") != 0) {
            if (shared_decimals < 0)
                shared_decimals = decimals_of(labels[i]);
            ok = decimals_of(labels[i]) == shared_decimals;
        }
    }
    if (!ok) {
        report_range(dmin, dmax, target, &ticks, labels);
        fail();
    }
}

static void random_range(double *dmin, double *dmax)
{
    double magnitude = pow(10.0, uniform(-12, 15));
    switch (next_random() % 3) {
    case 0: { /* one sign, relative width 1e-6 to 10 */
        double start = magnitude * uniform(0.5, 1) * (next_random() % 2 ? 1 : -1);
        *dmin = start;
        *dmax = start + fabs(start) * pow(10.0, uniform(-6, 1));
        break;
    }
    case 1: /* across zero */
        *dmin = -magnitude * uniform(0, 1);
        *dmax = magnitude * uniform(0, 1);
        break;
    default: { /* round end points, where ties between labellings live */
        double unit = pow(10.0, floor(uniform(-12, 14)));
        *dmin = floor(uniform(-100, 100)) * unit;
        *dmax = *dmin + floor(uniform(1, 100)) * unit;
        break;
    }
    }
    if (next_random() % 2) {
        double swap = *dmin;
        *dmin = *dmax;
        *dmax = swap;
    }
}

static void test_sweep_of_random_ranges(void **state)
{
    (void)state;
    random_state = 20240601;
    for (int n = 0; n < 10000; n++) {
        double dmin, dmax;
        random_range(&dmin, &dmax);
        for (int target = 2; target <= 12; target++)
            check_linear_ticks(dmin, dmax, target);
    }
}

/* ---- log10 axes ---------------------------------------------------- */

static void test_log_decades(void **state)
{
    (void)state;
    CHECK_LOG(1, 1e6, 5, 2, 1, 100, 1e4, 1e6);
    CHECK_LOG(1, 1e6, 7, 1, 1, 10, 100, 1e3, 1e4, 1e5, 1e6);
    CHECK_LOG(0.001, 10, 5, 1, 0.001, 0.01, 0.1, 1, 10);
    CHECK_LOG(1e-9, 1e9, 5, 4, 1e-8, 1e-4, 1, 1e4, 1e8);
    CHECK_LOG(1e9, 1e-9, 5, 4, 1e-8, 1e-4, 1, 1e4, 1e8);
    CHECK_LOG(1e-300, 1e300, 5, 200, 1e-200, 1, 1e200);
    /* Only one multiple of 2 in [10^1, 10^3]: count from the lowest. */
    CHECK_LOG(10, 1000, 2, 2, 10, 1000);
}

static void test_log_narrow_ranges(void **state)
{
    (void)state;
    CHECK_LOG(3, 40, 5, 0, 5, 10, 20);
    CHECK_LOG(1, 10, 5, 0, 1, 2, 5, 10);
    CHECK_LOG(1, 100, 12, 0, 1, 2, 5, 10, 20, 50, 100);
    CHECK_LOG(1.1, 99, 12, 0, 2, 5, 10, 20, 50);
    /* Too narrow for 1-2-5: linear ticks. */
    CHECK_LOG(2, 3, 5, 0, 2, 2.25, 2.5, 2.75, 3);
    CHECK_LOG(2, 9, 5, 0, 2, 4, 6, 8, 10);
    /* One value: a decade either side. */
    CHECK_LOG(5, 5, 5, 0, 0.5, 1, 2, 5, 10, 20, 50);
}

static void test_log_invalid_input(void **state)
{
    (void)state;
    cplot_ticks_t ticks = {.count = 3};
    assert_false(cplot_ticks_log10(0, 10, 5, &ticks));
    assert_false(cplot_ticks_log10(-1, 10, 5, &ticks));
    assert_false(cplot_ticks_log10(1, NAN, 5, &ticks));
    assert_false(cplot_ticks_log10(1, INFINITY, 5, &ticks));
    assert_false(cplot_ticks_log10(1, 10, 1, &ticks));
    assert_false(cplot_ticks_log10(1, 10, 5, NULL));
    assert_false(cplot_ticks_log10(DBL_MAX, DBL_MAX, 5, &ticks));
    assert_int_equal(ticks.count, 3);
}

static void test_log_sweep(void **state)
{
    (void)state;
    random_state = 77;
    for (int n = 0; n < 3000; n++) {
        double dmin = pow(10.0, uniform(-12, 15));
        double dmax = dmin * pow(10.0, uniform(0, 12));
        for (int target = 2; target <= 12; target++) {
            cplot_ticks_t ticks;
            if (!cplot_ticks_log10(dmin, dmax, target, &ticks)) {
                fprintf(stderr, "no log ticks for [%.17g, %.17g] target %d\n", dmin, dmax,
                        target);
                fail();
            }
            char labels[CPLOT_MAX_TICKS][CPLOT_LABEL_MAX];
            cplot_format_log_ticks(ticks.values, ticks.count, labels);
            bool ok = ticks.count >= 2 && ticks.count <= CPLOT_MAX_TICKS
                      && ticks.count <= (size_t)(2 * target);
            for (size_t i = 0; ok && i < ticks.count; i++) {
                ok = ticks.values[i] > 0 && isfinite(ticks.values[i])
                     && (i == 0 || ticks.values[i] > ticks.values[i - 1]);
                /* Decade and 1-2-5 ticks stay inside the range; only linear
                 * fallback ticks (step 0 and few of them) may overhang. */
                if (ok && ticks.step > 0)
                    ok = ticks.values[i] >= dmin * (1 - 1e-9) && ticks.values[i] <= dmax * (1 + 1e-9);
                for (size_t j = 0; ok && j < i; j++)
                    ok = strcmp(labels[i], labels[j]) != 0;
                ok = ok && fabs(parse_label(labels[i]) - ticks.values[i]) <= 1e-9 * ticks.values[i];
            }
            if (!ok) {
                report_range(dmin, dmax, target, &ticks, labels);
                fail();
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_vectors),
        cmocka_unit_test(test_more_r_vectors),
        cmocka_unit_test(test_swapped_range_equals_ordered),
        cmocka_unit_test(test_zero_range_is_widened),
        cmocka_unit_test(test_negative_ranges),
        cmocka_unit_test(test_tiny_and_huge_magnitudes),
        cmocka_unit_test(test_invalid_input_is_rejected_and_out_untouched),
        cmocka_unit_test(test_target_is_capped),
        cmocka_unit_test(test_sweep_of_random_ranges),
        cmocka_unit_test(test_log_decades),
        cmocka_unit_test(test_log_narrow_ranges),
        cmocka_unit_test(test_log_invalid_input),
        cmocka_unit_test(test_log_sweep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
