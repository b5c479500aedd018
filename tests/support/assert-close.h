/* cmocka 1.1 has no double comparison (assert_float_equal converts to
 * float), so tests compare doubles with this. */
#ifndef CPLOT_TESTS_ASSERT_CLOSE_H
#define CPLOT_TESTS_ASSERT_CLOSE_H

#include <math.h>

#define assert_close(actual, expected, tolerance)                                               \
    do {                                                                                        \
        double actual_ = (actual), expected_ = (expected);                                      \
        if (!(fabs(actual_ - expected_) <= (tolerance)))                                        \
            fail_msg("%s = %.17g, expected %.17g (within %g)", #actual, actual_, expected_,     \
                     (double)(tolerance));                                                      \
    } while (0)

#endif
