/* Golden-image test support: decode PNGs to 8-bit RGBA, compare pixels with
 * a tolerance, and check a rendered PNG against a reviewed expected image.
 *
 * Test-only code, not part of the library. Plain C11 plus libpng, with no
 * test-framework dependency, so any test program can use it.
 *
 * Expected images live in $CPLOT_SOURCE_DIR/tests/golden/expected/NAME.png.
 * Failures leave NAME.actual.png and NAME.diff.png in
 * $CPLOT_BINARY_DIR/golden-out/. Setting CPLOT_UPDATE_GOLDEN=1 makes
 * golden_check (re)write the expected images from the current output;
 * review them before committing. When the environment variables are unset
 * the directories of the build that compiled this file are used. */
#ifndef CPLOT_TESTS_GOLDEN_H
#define CPLOT_TESTS_GOLDEN_H

#include <stdbool.h>
#include <stddef.h>

/* Decodes the PNG file at `path` into tightly packed 8-bit RGBA (not
 * premultiplied), whatever its colour type, bit depth or interlacing:
 * palettes and grey are expanded, 16-bit samples scaled to 8 bits, and a
 * missing alpha channel is filled with 255. No gamma conversion is done.
 * On success *rgba is a malloc'd block of width * height * 4 bytes that
 * the caller frees; on failure false is returned and the outputs are left
 * untouched. */
bool golden_load_png(const char *path, int *width, int *height, unsigned char **rgba);

/* The same for a PNG held in memory. */
bool golden_decode_png(const unsigned char *png_bytes, size_t size, int *width, int *height,
                       unsigned char **rgba);

/* Compares two RGBA images of the same size. A pixel counts as different
 * when any channel differs by more than `tolerance`; two fully transparent
 * pixels are equal whatever their colour channels hold. Returns the number
 * of differing pixels and, when `max_difference` is not NULL, stores the
 * largest channel difference seen over all pixels. */
size_t golden_compare(const unsigned char *expected, const unsigned char *actual, int width,
                      int height, int tolerance, int *max_difference);

/* Checks the PNG `png_bytes` against the expected image NAME (letters,
 * digits, '_', '-' and '.', not starting with '.'). Passes when at most
 * `max_bad_fraction` of the pixels differ by more than `tolerance` in some
 * channel. A missing expected image, a size mismatch or an undecodable
 * image fails. With CPLOT_UPDATE_GOLDEN=1 the expected image is written
 * from `png_bytes` (unless it already has identical pixels) and the check
 * passes. A human-readable result, naming any files written, goes into
 * `message` (which may be NULL) truncated to `message_size` bytes. */
bool golden_check(const char *name, const unsigned char *png_bytes, size_t size, int tolerance,
                  double max_bad_fraction, char *message, size_t message_size);

#endif
