/* Tick label text. One precision is shared across an axis so labels read
 * 0.0, 0.5, 1.0 (never 0.30000000000000004); large magnitudes get
 * thousands separators or SI suffixes; negatives use U+2212 MINUS SIGN. */
#ifndef CPLOT_FORMAT_PRIVATE_H
#define CPLOT_FORMAT_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#define CPLOT_LABEL_MAX 48 /* bytes, including the NUL; UTF-8 */

/* Formats `count` tick values of one linear axis (in order, as ticks come)
 * into labels[i]; NULL values or labels does nothing. One notation and one
 * number of decimals serve the whole axis, chosen by its largest finite
 * |value|:
 * - from 1e-3 to below 1e6: plain, "," between thousands: "−2,500.5",
 *   "10,000", "0.25";
 * - from 1e6 to below 1e15: one SI suffix for the axis, M (1e6), G (1e9)
 *   or T (1e12): 0, 2.5M, 5.0M ... 10.0M;
 * - below 1e-3, or from 1e15: one power of ten for the axis, that of the
 *   largest value: "2×10⁻⁹", "−1.5×10¹⁵", "0.5×10⁻³⁰⁰".
 * With a suffix or power a zero tick reads "0"; in plain notation it
 * carries the shared decimals ("0.0"). The decimals are the fewest with
 * which every value lies on the decimal grid to within 1e-6 of the
 * smallest gap between neighbours (of the largest value when there is no
 * gap) (so 0.1, 0.2, 0.30000000000000004 read
 * 0.1, 0.2, 0.3 and 0.5, 1.5, 2.5 keep their halves); should two distinct
 * neighbours still share a label, decimals are added (at most 20).
 * Negatives use U+2212 and never "−0". NaN reads "NaN", infinities "∞" and
 * "−∞". Labels longer than CPLOT_LABEL_MAX - 1 bytes (not reachable in
 * practice) are cut at a character boundary; every label is
 * NUL-terminated. The output does not depend on the C locale. */
void cplot_format_linear_ticks(const double *values, size_t count,
                               char labels[][CPLOT_LABEL_MAX]);

/* Formats `count` tick values of one log10 axis into labels[i]. When every
 * value is 1, 2 or 5 times a power of ten 10^e (the ticks of
 * cplot_ticks_log10 steps 1-3 and 5), the axis takes one style: if every
 * e is within -3 <= e <= 5, plain numbers ("0.001", "0.02", "1", "50",
 * "1,000", "500,000"), otherwise powers for all ("10⁰", "10⁶", "10⁻⁴",
 * "2×10⁵", "5×10⁻⁴"). Any other set of values (linear fallback ticks) is
 * formatted as by cplot_format_linear_ticks. */
void cplot_format_log_ticks(const double *values, size_t count,
                            char labels[][CPLOT_LABEL_MAX]);

/* One number for a legend or annotation with `significant` digits
 * (clamped to 1..17; correctly rounded), trailing zeros dropped, same
 * conventions (separators, U+2212, and by the rounded magnitude: plain
 * from 1e-3, M/G/T suffixes from 1e6, "×10ⁿ" from 1e15 and below 1e-3):
 * 1234.5678 with 4 gives "1,235", 0.30000000000000004 "0.3", 1234567
 * "1.235M", 0 "0". NaN gives "NaN", infinities "∞" and "−∞". A NULL
 * label is ignored. */
void cplot_format_number(double value, int significant, char label[CPLOT_LABEL_MAX]);

/* One number with exactly `decimals` places (0..12), same conventions;
 * for cell annotations and value labels. */
void cplot_format_decimals(double value, int decimals, char label[CPLOT_LABEL_MAX]);

/* One number of decimal places for a set of value labels (bars, cells):
 * 0 when every value is whole, else enough for three significant digits
 * of the largest (0 to 6), so no label is rounded into its integer digits
 * and all labels of a chart agree. */
int cplot_shared_decimals(const double *values, size_t count);

#endif
