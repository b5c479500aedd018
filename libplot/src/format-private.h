/* Tick label text. One precision is shared across an axis so labels read
 * 0.0, 0.5, 1.0 (never 0.30000000000000004); large magnitudes get
 * thousands separators or SI suffixes; negatives use U+2212 MINUS SIGN. */
#ifndef CPLOT_FORMAT_PRIVATE_H
#define CPLOT_FORMAT_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#define CPLOT_LABEL_MAX 48 /* bytes, including the NUL; UTF-8 */

/* Formats `count` tick values of one linear axis into labels[i]. */
void cplot_format_linear_ticks(const double *values, size_t count,
                               char labels[][CPLOT_LABEL_MAX]);

/* Formats `count` tick values of one log10 axis ("1", "10", "100",
 * "1,000", "10⁴"... or "10⁻³" for tiny ones) into labels[i]. */
void cplot_format_log_ticks(const double *values, size_t count,
                            char labels[][CPLOT_LABEL_MAX]);

/* One number for a legend or annotation with `significant` digits,
 * same conventions (separators, U+2212). */
void cplot_format_number(double value, int significant, char label[CPLOT_LABEL_MAX]);

#endif
