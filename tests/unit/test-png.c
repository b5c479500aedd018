/* Unit tests for the PNG encoder (png.c) and the golden-image support
 * (tests/support/golden.c): exact pixel round trips, colour type choice,
 * deterministic bytes, argument validation, and the golden check's files
 * and messages (run in a scratch folder so the real tree is untouched). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cairo.h>
#include <dirent.h>
#include <math.h>
#include <png.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#if CAIRO_HAS_PDF_SURFACE
#include <cairo-pdf.h>
#endif

#ifndef M_PI
#define M_PI 3.14159265358979323846 /* not in strict POSIX <math.h> */
#endif

#include <libdeflate.h>
#include <zlib.h>

#include "deflate-join-private.h"
#include "golden.h"
#include "png-private.h"

/* ------------------------------------------------------------ helpers */

/* Writes premultiplied pixels straight into an image surface, so the test
 * controls every value the encoder sees. */
typedef uint32_t (*pixel_fn)(int x, int y);

static cairo_surface_t *make_surface(cairo_format_t format, int width, int height, pixel_fn pixel)
{
    cairo_surface_t *surface = cairo_image_surface_create(format, width, height);
    assert_int_equal(cairo_surface_status(surface), CAIRO_STATUS_SUCCESS);
    cairo_surface_flush(surface);
    unsigned char *data = cairo_image_surface_get_data(surface);
    int stride = cairo_image_surface_get_stride(surface);
    for (int y = 0; y < height; y++) {
        uint32_t *row = (uint32_t *)(void *)(data + (size_t)y * (size_t)stride);
        for (int x = 0; x < width; x++)
            row[x] = pixel(x, y);
    }
    cairo_surface_mark_dirty(surface);
    return surface;
}

static uint32_t opaque_pixel(int x, int y)
{
    uint32_t r = (uint32_t)(x * 7 + y) & 0xff, g = (uint32_t)(y * 11) & 0xff,
             b = (uint32_t)(x ^ y) & 0xff;
    return 0xff000000u | r << 16 | g << 8 | b;
}

/* Every alpha from 0 to 255 appears, each with colour values up to it
 * (premultiplied colour cannot exceed alpha). */
static uint32_t translucent_pixel(int x, int y)
{
    uint32_t alpha = (uint32_t)(x + 16 * y) & 0xff;
    uint32_t r = alpha, g = alpha * 2 / 3, b = (uint32_t)(x * 13) % (alpha + 1);
    return alpha << 24 | r << 16 | g << 8 | b;
}

/* RGB24 leaves the top byte undefined; garbage there must not matter. */
static uint32_t rgb24_pixel(int x, int y)
{
    return (opaque_pixel(x, y) & 0x00ffffffu) | (uint32_t)((x * 37) & 0xff) << 24;
}

static cairo_surface_t *draw_chart_like(int width, int height)
{
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
    cairo_t *cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_line_width(cr, 1);
    cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
    for (int i = 1; i < 8; i++) {
        cairo_move_to(cr, i * width / 8.0, 0);
        cairo_line_to(cr, i * width / 8.0, height);
    }
    cairo_stroke(cr);
    for (int i = 0; i < 60; i++) {
        cairo_arc(cr, fmod(i * 37.3, width), fmod(i * 21.7, height), 3 + i % 5, 0, 2 * M_PI);
        cairo_set_source_rgba(cr, 0.12, 0.47, 0.71, 0.7);
        cairo_fill(cr);
    }
    cairo_destroy(cr);
    return surface;
}

static cplot_buffer_t encode(cairo_surface_t *surface, cplot_png_compression_t compression,
                             unsigned pixels_per_meter)
{
    cplot_buffer_t buffer = {0};
    assert_int_equal(cplot_png_write_buffer(surface, compression, pixels_per_meter, &buffer),
                     CPLOT_STATUS_SUCCESS);
    assert_true(buffer.size > 33);
    return buffer;
}

static uint32_t read_be32(const unsigned char *bytes)
{
    return (uint32_t)bytes[0] << 24 | (uint32_t)bytes[1] << 16 | (uint32_t)bytes[2] << 8 | bytes[3];
}

/* Finds the first chunk of `type`; NULL when absent. Also checks that the
 * chunk layout is sound from the signature to IEND. */
static const unsigned char *find_chunk(const cplot_buffer_t *png, const char *type,
                                       uint32_t *length)
{
    static const unsigned char signature[8] = {137, 'P', 'N', 'G', 13, 10, 26, 10};
    assert_memory_equal(png->data, signature, 8);
    const unsigned char *found = NULL;
    size_t offset = 8;
    bool saw_end = false;
    while (offset + 12 <= png->size) {
        uint32_t chunk_length = read_be32(png->data + offset);
        assert_true(chunk_length <= png->size - offset - 12);
        const unsigned char *chunk_type = png->data + offset + 4;
        if (!found && memcmp(chunk_type, type, 4) == 0) {
            found = chunk_type + 4;
            *length = chunk_length;
        }
        offset += 12 + (size_t)chunk_length;
        if (memcmp(chunk_type, "IEND", 4) == 0) {
            saw_end = true;
            break;
        }
    }
    assert_true(saw_end);
    assert_int_equal(offset, png->size);
    return found;
}

static void decode(const cplot_buffer_t *png, int expected_width, int expected_height,
                   unsigned char **rgba)
{
    int width = 0, height = 0;
    assert_true(golden_decode_png(png->data, png->size, &width, &height, rgba));
    assert_int_equal(width, expected_width);
    assert_int_equal(height, expected_height);
}

/* ------------------------------------------------------------ encoder */

/* Decodes `png` and checks every pixel is exactly `pixel`'s colour, opaque. */
static void expect_opaque_pixels(const cplot_buffer_t *png, int width, int height, pixel_fn pixel)
{
    unsigned char *rgba = NULL;
    decode(png, width, height, &rgba);
    for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++) {
            uint32_t value = pixel(x, y);
            const unsigned char *got = rgba + 4 * ((size_t)y * width + x);
            unsigned char want[4] = {(unsigned char)(value >> 16), (unsigned char)(value >> 8),
                                     (unsigned char)value, 255};
            if (memcmp(got, want, 4) != 0)
                fail_msg("pixel (%d, %d): got %u %u %u %u", x, y, got[0], got[1], got[2], got[3]);
        }
    free(rgba);
}

static void test_opaque_round_trip_is_exact_rgb(void **state)
{
    (void)state;
    const int width = 37, height = 23; /* odd sizes catch stride mistakes */
    cairo_surface_t *surface = make_surface(CAIRO_FORMAT_ARGB32, width, height, opaque_pixel);
    cplot_buffer_t png = encode(surface, CPLOT_PNG_FAST, 0);
    assert_int_equal(png.data[24], 8); /* bit depth */
    assert_int_equal(png.data[25], 2); /* colour type RGB */

    expect_opaque_pixels(&png, width, height, opaque_pixel);
    cplot_buffer_release(&png);
    cairo_surface_destroy(surface);
}

/* Noise does not compress: the encoder's first, smaller output buffer is
 * too small and it must retry with a large enough one (png.c). */
static uint32_t noise_pixel(int x, int y)
{
    uint32_t z = (uint32_t)x * 73856093u ^ (uint32_t)y * 19349663u;
    z = (z ^ (z >> 15)) * 0x2c1b3c6dU;
    z = (z ^ (z >> 12)) * 0x297a2d39U;
    return 0xff000000u | (z ^ (z >> 15));
}

static void test_incompressible_image_round_trips(void **state)
{
    (void)state;
    const int width = 97, height = 61;
    cairo_surface_t *surface = make_surface(CAIRO_FORMAT_RGB24, width, height, noise_pixel);
    cplot_buffer_t png = encode(surface, CPLOT_PNG_FAST, 0);
    assert_true(png.size > (size_t)width * height * 3 / 4); /* it did not compress */
    expect_opaque_pixels(&png, width, height, noise_pixel);
    cplot_buffer_release(&png);
    cairo_surface_destroy(surface);
}

static void test_rgb24_ignores_alpha_byte(void **state)
{
    (void)state;
    cairo_surface_t *surface = make_surface(CAIRO_FORMAT_RGB24, 19, 7, rgb24_pixel);
    cplot_buffer_t png = encode(surface, CPLOT_PNG_FAST, 0);
    assert_int_equal(png.data[25], 2);
    unsigned char *rgba = NULL;
    decode(&png, 19, 7, &rgba);
    for (int y = 0; y < 7; y++)
        for (int x = 0; x < 19; x++) {
            uint32_t pixel = opaque_pixel(x, y);
            const unsigned char *got = rgba + 4 * ((size_t)y * 19 + x);
            assert_int_equal(got[0], (pixel >> 16) & 0xff);
            assert_int_equal(got[1], (pixel >> 8) & 0xff);
            assert_int_equal(got[2], pixel & 0xff);
            assert_int_equal(got[3], 255);
        }
    free(rgba);
    cplot_buffer_release(&png);
    cairo_surface_destroy(surface);
}

/* Checks decoded RGBA against the premultiplied pixel it came from:
 * alpha exact, colour rounded to nearest. */
static void expect_unpremultiplied(const unsigned char *got, uint32_t pixel, int x, int y)
{
    unsigned alpha = pixel >> 24;
    assert_int_equal(got[3], alpha);
    for (int channel = 0; channel < 3; channel++) {
        unsigned premultiplied = (pixel >> (16 - 8 * channel)) & 0xff;
        double exact = alpha ? premultiplied * 255.0 / alpha : 0.0;
        /* Round to nearest: never more than half a step away. */
        if (fabs(got[channel] - exact) > 0.5 + 1e-9)
            fail_msg("pixel (%d, %d) channel %d: got %u, exact %.3f", x, y, channel, got[channel],
                     exact);
    }
}

static void test_translucent_round_trip_unpremultiplies(void **state)
{
    (void)state;
    const int width = 16, height = 16;
    cairo_surface_t *surface = make_surface(CAIRO_FORMAT_ARGB32, width, height, translucent_pixel);
    cplot_buffer_t png = encode(surface, CPLOT_PNG_FAST, 0);
    assert_int_equal(png.data[25], 6); /* colour type RGBA */

    unsigned char *rgba = NULL;
    decode(&png, width, height, &rgba);
    for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
            expect_unpremultiplied(rgba + 4 * ((size_t)y * width + x), translucent_pixel(x, y), x,
                                   y);
    free(rgba);
    cplot_buffer_release(&png);
    cairo_surface_destroy(surface);
}

/* Images whose rows pass 32 MiB are compressed in bands through zlib
 * rather than whole (png.c): the pixels must come back the same, and the
 * file and buffer outputs must agree. 3000 x 3000 RGBA is 36 MB of rows. */
static void test_huge_image_streams_and_round_trips(void **state)
{
    (void)state;
    const int width = 3000, height = 3000;
    cairo_surface_t *surface = make_surface(CAIRO_FORMAT_ARGB32, width, height, translucent_pixel);
    cplot_buffer_t png = encode(surface, CPLOT_PNG_FAST, 0);
    assert_int_equal(png.data[25], 6); /* colour type RGBA */
    unsigned char *rgba = NULL;
    decode(&png, width, height, &rgba);
    for (int y = 0; y < height; y += 7)
        for (int x = 0; x < width; x += 5)
            expect_unpremultiplied(rgba + 4 * ((size_t)y * width + x), translucent_pixel(x, y), x,
                                   y);
    FILE *file = tmpfile();
    assert_non_null(file);
    assert_int_equal(cplot_png_write_file(surface, CPLOT_PNG_FAST, 0, file), CPLOT_STATUS_SUCCESS);
    assert_int_equal(ftell(file), (long)png.size);
    fclose(file);
    free(rgba);
    cplot_buffer_release(&png);
    cairo_surface_destroy(surface);
}

static void test_output_is_deterministic(void **state)
{
    (void)state;
    cairo_surface_t *surface = draw_chart_like(160, 120);
    cplot_buffer_t first = encode(surface, CPLOT_PNG_FAST, 3780);
    cplot_buffer_t second = encode(surface, CPLOT_PNG_FAST, 3780);
    assert_int_equal(first.size, second.size);
    assert_memory_equal(first.data, second.data, first.size);
    uint32_t length = 0;
    assert_null(find_chunk(&first, "tIME", &length));
    cplot_buffer_release(&first);
    cplot_buffer_release(&second);
    cairo_surface_destroy(surface);
}

static void test_small_matches_fast_and_is_not_larger(void **state)
{
    (void)state;
    cairo_surface_t *surface = draw_chart_like(200, 150);
    cplot_buffer_t fast = encode(surface, CPLOT_PNG_FAST, 0);
    cplot_buffer_t small = encode(surface, CPLOT_PNG_SMALL, 0);
    assert_true(small.size <= fast.size);
    unsigned char *fast_pixels = NULL, *small_pixels = NULL;
    decode(&fast, 200, 150, &fast_pixels);
    decode(&small, 200, 150, &small_pixels);
    assert_memory_equal(fast_pixels, small_pixels, 200 * 150 * 4);
    free(fast_pixels);
    free(small_pixels);
    cplot_buffer_release(&fast);
    cplot_buffer_release(&small);
    cairo_surface_destroy(surface);
}

static void test_file_and_buffer_give_identical_bytes(void **state)
{
    (void)state;
    cairo_surface_t *surface = draw_chart_like(120, 90);
    for (int compression = CPLOT_PNG_FAST; compression <= CPLOT_PNG_SMALL; compression++) {
        cplot_buffer_t buffer = encode(surface, (cplot_png_compression_t)compression, 5906);
        FILE *file = tmpfile();
        assert_non_null(file);
        assert_int_equal(
            cplot_png_write_file(surface, (cplot_png_compression_t)compression, 5906, file),
            CPLOT_STATUS_SUCCESS);
        long size = ftell(file);
        assert_int_equal(size, (long)buffer.size);
        rewind(file);
        unsigned char *bytes = malloc((size_t)size);
        assert_non_null(bytes);
        assert_int_equal(fread(bytes, 1, (size_t)size, file), (size_t)size);
        assert_memory_equal(bytes, buffer.data, buffer.size);
        free(bytes);
        fclose(file);
        cplot_buffer_release(&buffer);
    }
    cairo_surface_destroy(surface);
}

/* The consuming variant builds the rows in the image's own memory when
 * they fit (opaque) and copies them otherwise: the same bytes either way. */
static void test_consuming_gives_identical_bytes(void **state)
{
    (void)state;
    cairo_surface_t *surfaces[] = {draw_chart_like(161, 90),
                                   make_surface(CAIRO_FORMAT_RGB24, 37, 23, rgb24_pixel),
                                   make_surface(CAIRO_FORMAT_ARGB32, 16, 16, translucent_pixel)};
    for (size_t i = 0; i < sizeof surfaces / sizeof surfaces[0]; i++) {
        cplot_buffer_t kept = encode(surfaces[i], CPLOT_PNG_FAST, 3780);
        cplot_buffer_t consumed = {0};
        assert_int_equal(
            cplot_png_write_buffer_consuming(surfaces[i], CPLOT_PNG_FAST, 3780, &consumed),
            CPLOT_STATUS_SUCCESS);
        assert_int_equal(consumed.size, kept.size);
        assert_memory_equal(consumed.data, kept.data, kept.size);
        cplot_buffer_release(&kept);
        cplot_buffer_release(&consumed);
        cairo_surface_destroy(surfaces[i]);
    }
}

static void test_phys_chunk_only_when_asked(void **state)
{
    (void)state;
    cairo_surface_t *surface = make_surface(CAIRO_FORMAT_ARGB32, 4, 4, opaque_pixel);
    cplot_buffer_t with = encode(surface, CPLOT_PNG_FAST, 5906); /* 150 dpi */
    cplot_buffer_t without = encode(surface, CPLOT_PNG_FAST, 0);
    uint32_t length = 0;
    const unsigned char *phys = find_chunk(&with, "pHYs", &length);
    assert_non_null(phys);
    assert_int_equal(length, 9);
    assert_int_equal(read_be32(phys), 5906);
    assert_int_equal(read_be32(phys + 4), 5906);
    assert_int_equal(phys[8], 1); /* unit: metre */
    assert_null(find_chunk(&without, "pHYs", &length));
    cplot_buffer_release(&with);
    cplot_buffer_release(&without);
    cairo_surface_destroy(surface);
}

static void test_buffer_variant_appends(void **state)
{
    (void)state;
    cairo_surface_t *surface = make_surface(CAIRO_FORMAT_ARGB32, 9, 5, translucent_pixel);
    cplot_buffer_t alone = encode(surface, CPLOT_PNG_FAST, 0);
    cplot_buffer_t buffer = {0};
    assert_true(cplot_buffer_append(&buffer, "prefix", 6));
    assert_int_equal(cplot_png_write_buffer(surface, CPLOT_PNG_FAST, 0, &buffer),
                     CPLOT_STATUS_SUCCESS);
    assert_int_equal(buffer.size, 6 + alone.size);
    assert_memory_equal(buffer.data, "prefix", 6);
    assert_memory_equal(buffer.data + 6, alone.data, alone.size);
    cplot_buffer_release(&buffer);
    cplot_buffer_release(&alone);
    cairo_surface_destroy(surface);
}

/* Each rejected surface must leave both kinds of output untouched. */
static void expect_rejected(cairo_surface_t *surface, cplot_png_compression_t compression)
{
    cplot_buffer_t buffer = {0};
    assert_true(cplot_buffer_append(&buffer, "keep", 4));
    assert_int_equal(cplot_png_write_buffer(surface, compression, 0, &buffer),
                     CPLOT_STATUS_INVALID_ARGUMENT);
    assert_int_equal(buffer.size, 4);
    assert_memory_equal(buffer.data, "keep", 5);
    cplot_buffer_release(&buffer);

    cplot_buffer_t empty = {0};
    assert_int_equal(cplot_png_write_buffer(surface, compression, 0, &empty),
                     CPLOT_STATUS_INVALID_ARGUMENT);
    assert_null(empty.data);
    assert_int_equal(empty.size, 0);

    FILE *file = tmpfile();
    assert_non_null(file);
    assert_int_equal(cplot_png_write_file(surface, compression, 0, file),
                     CPLOT_STATUS_INVALID_ARGUMENT);
    fflush(file);
    assert_int_equal(ftell(file), 0);
    fclose(file);
}

static void test_invalid_surfaces_are_rejected(void **state)
{
    (void)state;
    expect_rejected(NULL, CPLOT_PNG_FAST);

    cairo_surface_t *a8 = cairo_image_surface_create(CAIRO_FORMAT_A8, 8, 8);
    expect_rejected(a8, CPLOT_PNG_FAST);
    cairo_surface_destroy(a8);

    cairo_surface_t *rgb565 = cairo_image_surface_create(CAIRO_FORMAT_RGB16_565, 8, 8);
    expect_rejected(rgb565, CPLOT_PNG_FAST);
    cairo_surface_destroy(rgb565);

    cairo_surface_t *recording = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    expect_rejected(recording, CPLOT_PNG_FAST);
    cairo_surface_destroy(recording);

#if CAIRO_HAS_PDF_SURFACE
    cairo_surface_t *pdf = cairo_pdf_surface_create(NULL, 100, 100); /* no output file */
    expect_rejected(pdf, CPLOT_PNG_FAST);
    cairo_surface_destroy(pdf);
#endif

    /* A surface in an error state (cairo's nil surface for a bad size). */
    cairo_surface_t *broken = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, -1, 5);
    assert_int_not_equal(cairo_surface_status(broken), CAIRO_STATUS_SUCCESS);
    expect_rejected(broken, CPLOT_PNG_FAST);
    cairo_surface_destroy(broken);

    cairo_surface_t *empty = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 0, 0);
    expect_rejected(empty, CPLOT_PNG_FAST);
    cairo_surface_destroy(empty);

    cairo_surface_t *finished = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 4, 4);
    cairo_surface_finish(finished);
    expect_rejected(finished, CPLOT_PNG_FAST);
    cairo_surface_destroy(finished);

    cairo_surface_t *good = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 4, 4);
    expect_rejected(good, (cplot_png_compression_t)7);
    cplot_buffer_t untouched = {0};
    assert_int_equal(cplot_png_write_buffer(good, CPLOT_PNG_FAST, 0x80000000u, &untouched),
                     CPLOT_STATUS_INVALID_ARGUMENT);
    assert_null(untouched.data);
    assert_int_equal(cplot_png_write_buffer(good, CPLOT_PNG_FAST, 0, NULL),
                     CPLOT_STATUS_INVALID_ARGUMENT);
    assert_int_equal(cplot_png_write_file(good, CPLOT_PNG_FAST, 0, NULL),
                     CPLOT_STATUS_INVALID_ARGUMENT);
    cairo_surface_destroy(good);
}

/* Exercises the longjmp path: libpng state and the row buffer must be
 * released (the sanitizer build reports leaks) and the status must say
 * what went wrong. */
static void test_write_error_is_reported(void **state)
{
    (void)state;
    cairo_surface_t *surface = draw_chart_like(64, 48);
    FILE *read_only = fopen("/dev/null", "r");
    assert_non_null(read_only);
    assert_int_equal(cplot_png_write_file(surface, CPLOT_PNG_FAST, 0, read_only),
                     CPLOT_STATUS_IO_ERROR);
    fclose(read_only);

    /* A stream that fills up: the error surfaces either in a write or in
     * the final flush, and must be reported either way. */
    char storage[100];
    FILE *small = fmemopen(storage, sizeof storage, "w");
    assert_non_null(small);
    assert_int_equal(cplot_png_write_file(surface, CPLOT_PNG_FAST, 0, small),
                     CPLOT_STATUS_IO_ERROR);
    fclose(small);
    cairo_surface_destroy(surface);
}

/* ------------------------------------------- segments deflated apart */

/* Images of two or more segments are deflated a segment at a time and
 * joined (png.c, deflate-join.c). Their image data must be one zlib
 * stream that inflates to exactly the rows, the same bytes at any thread
 * count. */

/* Every IDAT chunk's data, in order. */
static unsigned char *image_data(const cplot_buffer_t *png, size_t *size, size_t *chunks)
{
    uint32_t length = 0;
    assert_non_null(find_chunk(png, "IHDR", &length)); /* checks the layout */
    unsigned char *data = NULL;
    *size = 0;
    *chunks = 0;
    for (size_t offset = 8; offset + 12 <= png->size;) {
        uint32_t chunk_length = read_be32(png->data + offset);
        if (memcmp(png->data + offset + 4, "IDAT", 4) == 0) {
            data = realloc(data, *size + chunk_length + 1);
            assert_non_null(data);
            memcpy(data + *size, png->data + offset + 8, chunk_length);
            *size += chunk_length;
            ++*chunks;
        }
        offset += 12 + (size_t)chunk_length;
    }
    return data;
}

/* The scanlines the encoder must have deflated: the filter byte, then
 * RGB. CPLOT_PNG_FAST filters every row "up" (2: minus the row above,
 * zeros above the first); CPLOT_PNG_SMALL leaves them as they are (0). */
static unsigned char *expected_rows(int width, int height, pixel_fn pixel,
                                    cplot_png_compression_t compression, size_t *size)
{
    bool up = !(compression & CPLOT_PNG_SMALL);
    size_t row_bytes = 1 + (size_t)width * 3;
    *size = row_bytes * (size_t)height;
    unsigned char *rows = malloc(*size);
    assert_non_null(rows);
    for (int y = 0; y < height; y++) {
        unsigned char *row = rows + (size_t)y * row_bytes;
        row[0] = up ? 2 : 0;
        for (int x = 0; x < width; x++) {
            uint32_t value = pixel(x, y), above = up && y > 0 ? pixel(x, y - 1) : 0;
            row[1 + 3 * x] = (unsigned char)((value >> 16) - (above >> 16));
            row[2 + 3 * x] = (unsigned char)((value >> 8) - (above >> 8));
            row[3 + 3 * x] = (unsigned char)(value - above);
        }
    }
    return rows;
}

/* Inflates `data` with zlib as one zlib stream that must end exactly at
 * its last byte, and compares it with `expected`. */
static void expect_inflates_to(const unsigned char *data, size_t size,
                               const unsigned char *expected, size_t expected_size, int window_bits,
                               const char *what)
{
    unsigned char *out = malloc(expected_size + 1);
    assert_non_null(out);
    z_stream stream = {0};
    assert_int_equal(inflateInit2(&stream, window_bits), Z_OK);
    stream.next_in = (unsigned char *)data;
    stream.avail_in = (uInt)size;
    stream.next_out = out;
    stream.avail_out = (uInt)(expected_size + 1);
    int result = inflate(&stream, Z_FINISH);
    size_t produced = expected_size + 1 - stream.avail_out;
    unsigned left = stream.avail_in;
    inflateEnd(&stream);
    if (result != Z_STREAM_END || left != 0)
        fail_msg("%s: inflate gave %d with %u of %zu bytes left (%zu of %zu out)", what, result,
                 left, size, produced, expected_size);
    if (produced != expected_size || memcmp(out, expected, expected_size) != 0)
        fail_msg("%s: inflated %zu bytes, not the %zu expected", what, produced, expected_size);
    free(out);
}

static size_t segments_of(int width, int height)
{
    /* As png.c cuts: as few segments as hold the rows, of equal rows. */
    size_t raw = (1 + (size_t)width * 3) * (size_t)height;
    size_t wanted = (raw + CPLOT_PNG_SEGMENT_BYTES - 1) / CPLOT_PNG_SEGMENT_BYTES;
    size_t rows = ((size_t)height + wanted - 1) / wanted;
    return ((size_t)height + rows - 1) / rows;
}

static uint32_t flat_pixel(int x, int y)
{
    (void)x;
    (void)y;
    return 0xffe8eef4u;
}

/* Noise above, flat below: segments of very different sizes. */
static uint32_t mixed_pixel(int x, int y)
{
    return y < 700 ? noise_pixel(x, y) : opaque_pixel(x / 50, y / 50);
}

typedef struct split_case {
    const char *name;
    int width, height;
    pixel_fn pixel;
    cplot_png_compression_t compression;
} split_case_t;

/* Rows of 301 bytes: the most rows that fit in one segment. */
#define ROWS_PER_SEGMENT_100 ((int)(CPLOT_PNG_SEGMENT_BYTES / 301))

static const split_case_t split_cases[] = {
    {"noise", 400, 500, noise_pixel, CPLOT_PNG_FAST},
    {"flat", 800, 600, flat_pixel, CPLOT_PNG_FAST},
    {"mixed", 600, 1000, mixed_pixel, CPLOT_PNG_FAST},
    {"chart-like pattern, small", 800, 600, opaque_pixel, CPLOT_PNG_SMALL},
    {"noise, small", 300, 700, noise_pixel, CPLOT_PNG_SMALL},
    {"one row, as wide as cairo allows", 32767, 1, noise_pixel, CPLOT_PNG_FAST},
    {"a few rows a segment", 32767, 17, opaque_pixel, CPLOT_PNG_FAST},
    {"tall thin", 3, 32767, opaque_pixel, CPLOT_PNG_FAST},
    {"one segment", 100, ROWS_PER_SEGMENT_100, noise_pixel, CPLOT_PNG_FAST},
    {"one row past a segment", 100, ROWS_PER_SEGMENT_100 + 1, noise_pixel, CPLOT_PNG_FAST},
    {"two segments", 100, 2 * ROWS_PER_SEGMENT_100, opaque_pixel, CPLOT_PNG_FAST},
    {"one row past two", 100, 2 * ROWS_PER_SEGMENT_100 + 1, flat_pixel, CPLOT_PNG_FAST},
};

static cplot_buffer_t encode_split_case(const split_case_t *c)
{
    cairo_surface_t *surface = make_surface(CAIRO_FORMAT_RGB24, c->width, c->height, c->pixel);
    cplot_buffer_t png = encode(surface, c->compression, 0);
    cairo_surface_destroy(surface);
    return png;
}

static void test_split_images_inflate_to_their_rows(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof split_cases / sizeof split_cases[0]; i++) {
        const split_case_t *c = &split_cases[i];
        cplot_buffer_t png = encode_split_case(c);
        size_t size = 0, chunks = 0, rows_size = 0;
        unsigned char *data = image_data(&png, &size, &chunks);
        unsigned char *rows =
            expected_rows(c->width, c->height, c->pixel, c->compression, &rows_size);
        expect_inflates_to(data, size, rows, rows_size, 15, c->name);
        /* Each segment is written as its own IDAT chunk or chunks, while
         * one call fills chunks of 256 KiB: the images of two or more
         * segments were split (not deflated whole after a failed walk). */
        size_t segments = segments_of(c->width, c->height);
        if (segments >= 2 && chunks < segments)
            fail_msg("%s: %zu IDAT chunks for %zu segments", c->name, chunks, segments);
        if (c->width * c->height <= 300000) /* libpng's decoder too, where it is quick */
            expect_opaque_pixels(&png, c->width, c->height, c->pixel);
        free(rows);
        free(data);
        cplot_buffer_release(&png);
    }
}

static void test_split_images_same_bytes_at_any_thread_count(void **state)
{
    (void)state;
    static const unsigned counts[] = {1, 2, 3, 7};
    for (size_t i = 0; i < sizeof split_cases / sizeof split_cases[0]; i++) {
        const split_case_t *c = &split_cases[i];
        assert_int_equal(cplot_threads_set(1), CPLOT_STATUS_SUCCESS);
        cplot_buffer_t expected = encode_split_case(c);
        for (size_t t = 1; t < sizeof counts / sizeof counts[0]; t++) {
            assert_int_equal(cplot_threads_set(counts[t]), CPLOT_STATUS_SUCCESS);
            cplot_buffer_t png = encode_split_case(c);
            if (png.size != expected.size || memcmp(png.data, expected.data, png.size) != 0)
                fail_msg("%s, %u threads: PNG differs from one thread's", c->name, counts[t]);
            cplot_buffer_release(&png);
        }
        cplot_buffer_release(&expected);
    }
    assert_int_equal(cplot_threads_set(1), CPLOT_STATUS_SUCCESS);
}

/* --------------------------------------------------------- the walker */

/* Bytes that libdeflate deflates into blocks of a chosen type. */
static unsigned char *sample_bytes(size_t size, unsigned seed, bool text)
{
    static const char words[] = "the quick brown fox jumps over the lazy dog, then sleeps. ";
    unsigned char *bytes = malloc(size + 1);
    assert_non_null(bytes);
    uint32_t z = seed * 2654435761u + 1;
    for (size_t i = 0; i < size; i++) {
        z = z * 1103515245u + 12345u;
        bytes[i] = text ? (unsigned char)words[(i + (z >> 28)) % (sizeof words - 1)]
                        : (unsigned char)(z >> 24);
    }
    return bytes;
}

/* Raw deflate of `input` at `level`, with room to be made joinable. */
static unsigned char *raw_deflate(const unsigned char *input, size_t size, int level,
                                  size_t *packed, size_t *capacity)
{
    struct libdeflate_compressor *compressor = libdeflate_alloc_compressor(level);
    assert_non_null(compressor);
    size_t bound = libdeflate_deflate_compress_bound(compressor, size);
    unsigned char *out = malloc(bound + CPLOT_DEFLATE_JOIN_GROWTH);
    assert_non_null(out);
    *packed = libdeflate_deflate_compress(compressor, input, size, out, bound);
    assert_true(*packed > 0);
    *capacity = bound + CPLOT_DEFLATE_JOIN_GROWTH;
    libdeflate_free_compressor(compressor);
    return out;
}

/* The type of the block starting at `bit` (0 stored, 1 fixed, 2 dynamic). */
static unsigned block_type(const unsigned char *data, size_t bit)
{
    unsigned pair = data[bit / 8] | (unsigned)data[bit / 8 + 1] << 8;
    return pair >> (bit % 8 + 1) & 3;
}

typedef struct walk_case {
    const char *name;
    size_t size;
    bool text;
    int level;
    unsigned first_type, last_type;
} walk_case_t;

static const walk_case_t walk_cases[] = {
    {"stored, one block", 1000, false, 0, 0, 0},
    {"stored, several blocks", 200000, false, 0, 0, 0},
    {"fixed", 40, true, 6, 1, 1},
    {"dynamic, one block", 20000, true, 6, 2, 2},
    {"dynamic, several blocks", 600000, true, 2, 2, 2},
    {"incompressible at level 2: stored", 100000, false, 2, 0, 0},
};

/* Where the walker says the stream ends is where libdeflate's own
 * decompressor stops, and no prefix of the stream passes as whole. */
static void expect_walk_matches_libdeflate(const walk_case_t *c, const unsigned char *packed,
                                           size_t size, const cplot_deflate_end_t *end)
{
    struct libdeflate_decompressor *decompressor = libdeflate_alloc_decompressor();
    unsigned char *out = malloc(c->size + 1);
    size_t consumed = 0, produced = 0;
    assert_int_equal(libdeflate_deflate_decompress_ex(decompressor, packed, size, out, c->size + 1,
                                                      &consumed, &produced),
                     LIBDEFLATE_SUCCESS);
    assert_int_equal(consumed, (end->end_bit + 7) / 8);
    assert_int_equal(consumed, size);
    libdeflate_free_decompressor(decompressor);
    free(out);
    /* Each prefix in its own exact-size buffer, so that ASan sees any
     * read past it. Long streams: the last 64 prefixes and a few others. */
    for (size_t cut = 0; cut<size; cut += size> 200 && cut + 64 < size ? size / 7 + 1 : 1) {
        unsigned char *prefix = malloc(cut + 1);
        memcpy(prefix, packed, cut);
        cplot_deflate_end_t ignored;
        if (cplot_deflate_find_end(prefix, cut, &ignored))
            fail_msg("%s: a prefix of %zu of %zu bytes passed as a whole stream", c->name, cut,
                     size);
        free(prefix);
    }
}

static void test_walker_finds_the_end_of_each_block_type(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof walk_cases / sizeof walk_cases[0]; i++) {
        const walk_case_t *c = &walk_cases[i];
        unsigned char *input = sample_bytes(c->size, (unsigned)i, c->text);
        size_t size = 0, capacity = 0;
        unsigned char *packed = raw_deflate(input, c->size, c->level, &size, &capacity);
        cplot_deflate_end_t end;
        if (!cplot_deflate_find_end(packed, size, &end))
            fail_msg("%s: the walker failed", c->name);
        if (block_type(packed, 0) != c->first_type ||
            block_type(packed, end.last_block_bit) != c->last_type)
            fail_msg("%s: blocks of types %u ... %u, not the %u ... %u meant", c->name,
                     block_type(packed, 0), block_type(packed, end.last_block_bit), c->first_type,
                     c->last_type);
        assert_true(packed[end.last_block_bit / 8] >> end.last_block_bit % 8 & 1); /* final */
        expect_walk_matches_libdeflate(c, packed, size, &end);
        free(packed);
        free(input);
    }
}

/* Every case made joinable and followed by every case: one raw deflate
 * stream of both inputs, for zlib's inflate too. */
static void test_joined_streams_inflate_to_both_inputs(void **state)
{
    (void)state;
    size_t cases = sizeof walk_cases / sizeof walk_cases[0];
    for (size_t i = 0; i < cases; i++) {
        for (size_t j = 0; j < cases; j++) {
            const walk_case_t *a = &walk_cases[i], *b = &walk_cases[j];
            unsigned char *input_a = sample_bytes(a->size, (unsigned)i, a->text);
            unsigned char *input_b = sample_bytes(b->size, (unsigned)(j + 100), b->text);
            size_t size_a, capacity_a, size_b, capacity_b;
            unsigned char *packed_a = raw_deflate(input_a, a->size, a->level, &size_a, &capacity_a);
            unsigned char *packed_b = raw_deflate(input_b, b->size, b->level, &size_b, &capacity_b);
            size_t joinable = cplot_deflate_make_joinable(packed_a, size_a, capacity_a);
            assert_true(joinable > 0 && joinable <= size_a + CPLOT_DEFLATE_JOIN_GROWTH);
            unsigned char *joined = malloc(joinable + size_b);
            unsigned char *inputs = malloc(a->size + b->size);
            memcpy(joined, packed_a, joinable);
            memcpy(joined + joinable, packed_b, size_b);
            memcpy(inputs, input_a, a->size);
            memcpy(inputs + a->size, input_b, b->size);
            char what[160];
            snprintf(what, sizeof what, "%s, then %s", a->name, b->name);
            expect_inflates_to(joined, joinable + size_b, inputs, a->size + b->size, -15, what);
            /* The joinable stream alone is not complete: it has no final block. */
            cplot_deflate_end_t end;
            assert_false(cplot_deflate_find_end(packed_a, joinable, &end));
            free(inputs);
            free(joined);
            free(packed_b);
            free(packed_a);
            free(input_b);
            free(input_a);
        }
    }
}

/* Bytes that are not our compressor's output are rejected (or walked)
 * without reading outside them. */
static void test_walker_stays_within_any_bytes(void **state)
{
    (void)state;
    uint32_t z = 12345;
    for (int trial = 0; trial < 20000; trial++) {
        size_t size = (size_t)(trial % 67);
        unsigned char *bytes = malloc(size + 1);
        for (size_t i = 0; i < size; i++) {
            z = z * 1103515245u + 12345u;
            bytes[i] = (unsigned char)(z >> 24);
        }
        cplot_deflate_end_t end;
        if (cplot_deflate_find_end(bytes, size, &end))
            assert_true(end.last_block_bit < end.end_bit && end.end_bit <= size * 8);
        unsigned char *room = malloc(size + CPLOT_DEFLATE_JOIN_GROWTH);
        memcpy(room, bytes, size);
        assert_true(cplot_deflate_make_joinable(room, size, size + CPLOT_DEFLATE_JOIN_GROWTH) <=
                    size + CPLOT_DEFLATE_JOIN_GROWTH);
        assert_int_equal(
            cplot_deflate_make_joinable(room, size, size + CPLOT_DEFLATE_JOIN_GROWTH - 1), 0);
        free(room);
        free(bytes);
    }
    cplot_deflate_end_t end;
    assert_false(cplot_deflate_find_end(NULL, 0, &end));
}

/* ------------------------------------------------------- golden support */

static void test_golden_compare_counts_with_tolerance(void **state)
{
    (void)state;
    const unsigned char expected[] = {
        10, 20, 30, 255, 10, 20, 30, 255, 10,  20,  30,  255,
        10, 20, 30, 255, 0,  0,  0,  0,   200, 200, 200, 100,
    };
    const unsigned char actual[] = {
        10, 20, 30, 255, 12, 20, 30, 255, 10,  17,  30,  255,
        10, 20, 30, 245, 9,  9,  9,  0,   200, 200, 200, 101,
    };
    int max_difference = -1;
    assert_int_equal(golden_compare(expected, actual, 6, 1, 2, &max_difference), 2);
    assert_int_equal(max_difference, 10);
    assert_int_equal(golden_compare(expected, actual, 3, 2, 0, NULL), 4);
    assert_int_equal(golden_compare(expected, actual, 6, 1, 10, &max_difference), 0);
    assert_int_equal(golden_compare(expected, expected, 6, 1, 0, &max_difference), 0);
    assert_int_equal(max_difference, 0);
}

/* Writes an 8x4 PNG of the given type with libpng's own writer, from
 * samples laid out as that type expects. */
static void write_raw_png(const char *path, int color_type, int bit_depth, int interlace,
                          const unsigned char *samples, size_t row_bytes, const png_color *palette,
                          int palette_size, const unsigned char *alphas, int alpha_count)
{
    FILE *file = fopen(path, "wb");
    assert_non_null(file);
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    assert_non_null(info);
    if (setjmp(png_jmpbuf(png)))
        fail_msg("libpng failed writing %s", path);
    png_init_io(png, file);
    png_set_IHDR(png, info, 8, 4, bit_depth, color_type, interlace, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    if (palette)
        png_set_PLTE(png, info, palette, palette_size);
    if (alphas)
        png_set_tRNS(png, info, alphas, alpha_count, NULL);
    png_bytep rows[4];
    for (int y = 0; y < 4; y++)
        rows[y] = (png_bytep)(samples + (size_t)y * row_bytes);
    png_set_rows(png, info, rows);
    png_write_png(png, info, PNG_TRANSFORM_IDENTITY, NULL);
    png_destroy_write_struct(&png, &info);
    fclose(file);
}

static void test_golden_load_converts_colour_types(void **state)
{
    (void)state;
    char folder[] = "/tmp/cplot-png-test-XXXXXX";
    assert_non_null(mkdtemp(folder));
    char path[256];
    snprintf(path, sizeof path, "%s/image.png", folder);
    int width = 0, height = 0;
    unsigned char *rgba = NULL;

    /* 8-bit grey, interlaced. */
    unsigned char grey[32];
    for (int i = 0; i < 32; i++)
        grey[i] = (unsigned char)(i * 8);
    write_raw_png(path, PNG_COLOR_TYPE_GRAY, 8, PNG_INTERLACE_ADAM7, grey, 8, NULL, 0, NULL, 0);
    assert_true(golden_load_png(path, &width, &height, &rgba));
    assert_int_equal(width, 8);
    assert_int_equal(height, 4);
    for (int i = 0; i < 32; i++) {
        const unsigned char want[4] = {grey[i], grey[i], grey[i], 255};
        assert_memory_equal(rgba + 4 * i, want, 4);
    }
    free(rgba);

    /* 4-bit palette with a transparent entry. */
    const png_color palette[3] = {{255, 0, 0}, {0, 128, 0}, {1, 2, 3}};
    const unsigned char alphas[3] = {255, 255, 0};
    unsigned char indexes[16]; /* two 4-bit indexes per byte */
    for (int i = 0; i < 16; i++)
        indexes[i] = (unsigned char)((i % 3) << 4 | ((i + 1) % 3));
    write_raw_png(path, PNG_COLOR_TYPE_PALETTE, 4, PNG_INTERLACE_NONE, indexes, 4, palette, 3,
                  alphas, 3);
    assert_true(golden_load_png(path, &width, &height, &rgba));
    for (int i = 0; i < 32; i++) {
        int index = i % 2 == 0 ? (i / 2) % 3 : (i / 2 + 1) % 3;
        const unsigned char want[4] = {palette[index].red, palette[index].green,
                                       palette[index].blue, alphas[index]};
        assert_memory_equal(rgba + 4 * i, want, 4);
    }
    free(rgba);

    /* 16-bit RGB: samples scale to 8 bits (65535 -> 255, 0x8080 -> 128). */
    unsigned char wide[4 * 8 * 6];
    for (int i = 0; i < 32; i++) {
        const unsigned char sample[6] = {0xff, 0xff, 0x80, 0x80, 0, 0};
        memcpy(wide + 6 * i, sample, 6);
    }
    write_raw_png(path, PNG_COLOR_TYPE_RGB, 16, PNG_INTERLACE_NONE, wide, 48, NULL, 0, NULL, 0);
    assert_true(golden_load_png(path, &width, &height, &rgba));
    for (int i = 0; i < 32; i++) {
        const unsigned char want[4] = {255, 128, 0, 255};
        assert_memory_equal(rgba + 4 * i, want, 4);
    }
    free(rgba);

    /* Not a PNG, and a missing file: false, outputs untouched. */
    FILE *file = fopen(path, "wb");
    assert_non_null(file);
    fputs("not a png at all", file);
    fclose(file);
    rgba = NULL;
    assert_false(golden_load_png(path, &width, &height, &rgba));
    assert_null(rgba);
    assert_int_equal(remove(path), 0);
    assert_false(golden_load_png(path, &width, &height, &rgba));
    assert_null(rgba);
    const unsigned char truncated[] = {137, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0};
    assert_false(golden_decode_png(truncated, sizeof truncated, &width, &height, &rgba));
    assert_null(rgba);
    assert_int_equal(rmdir(folder), 0);
}

static void remove_tree(const char *path)
{
    struct stat info;
    if (lstat(path, &info) != 0)
        return;
    if (S_ISDIR(info.st_mode)) {
        DIR *dir = opendir(path);
        assert_non_null(dir);
        struct dirent *entry;
        while ((entry = readdir(dir)) != NULL) {
            if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
                continue;
            char child[1024];
            snprintf(child, sizeof child, "%s/%s", path, entry->d_name);
            remove_tree(child);
        }
        closedir(dir);
    }
    assert_int_equal(remove(path), 0);
}

static bool file_exists(const char *path)
{
    struct stat info;
    return stat(path, &info) == 0;
}

/* A white picture with a 3x3 square that the test can recolour, and
 * optionally a green top-left pixel. */
static unsigned square_color;
static bool mark_corner;
static uint32_t square_pixel(int x, int y)
{
    if (mark_corner && x == 0 && y == 0)
        return 0xff00ff00u;
    return (x >= 10 && x < 13 && y >= 5 && y < 8) ? (0xff000000u | square_color) : 0xffffffffu;
}

static cplot_buffer_t square_png(unsigned color, int width, int height,
                                 cplot_png_compression_t compression)
{
    square_color = color;
    cairo_surface_t *surface = make_surface(CAIRO_FORMAT_ARGB32, width, height, square_pixel);
    cplot_buffer_t png = encode(surface, compression, 0);
    cairo_surface_destroy(surface);
    return png;
}

static char *saved_environment(const char *name)
{
    const char *value = getenv(name);
    return value ? strdup(value) : NULL;
}

static void restore_environment(const char *name, char *value)
{
    if (value)
        setenv(name, value, 1);
    else
        unsetenv(name);
    free(value);
}

static void test_golden_check_workflow(void **state)
{
    (void)state;
    char *source_before = saved_environment("CPLOT_SOURCE_DIR");
    char *binary_before = saved_environment("CPLOT_BINARY_DIR");
    char *update_before = saved_environment("CPLOT_UPDATE_GOLDEN");
    char root[] = "/tmp/cplot-golden-test-XXXXXX";
    assert_non_null(mkdtemp(root));
    char source[512], binary[512], expected[600], actual[600], diff[600];
    snprintf(source, sizeof source, "%s/source", root);
    snprintf(binary, sizeof binary, "%s/build", root);
    snprintf(expected, sizeof expected, "%s/tests/golden/expected/square.png", source);
    snprintf(actual, sizeof actual, "%s/golden-out/square.actual.png", binary);
    snprintf(diff, sizeof diff, "%s/golden-out/square.diff.png", binary);
    setenv("CPLOT_SOURCE_DIR", source, 1);
    setenv("CPLOT_BINARY_DIR", binary, 1);
    unsetenv("CPLOT_UPDATE_GOLDEN");

    char message[2048];
    cplot_buffer_t original = square_png(0x3366cc, 40, 30, CPLOT_PNG_FAST);

    /* Missing expected image: fail, say how to create it, keep the output. */
    assert_false(
        golden_check("square", original.data, original.size, 0, 0.0, message, sizeof message));
    assert_non_null(strstr(message, "CPLOT_UPDATE_GOLDEN=1"));
    assert_non_null(strstr(message, expected));
    assert_true(file_exists(actual));

    /* Update mode writes the expected image verbatim and passes. */
    setenv("CPLOT_UPDATE_GOLDEN", "1", 1);
    assert_true(
        golden_check("square", original.data, original.size, 0, 0.0, message, sizeof message));
    int width = 0, height = 0;
    unsigned char *pixels = NULL;
    assert_true(golden_load_png(expected, &width, &height, &pixels));
    assert_int_equal(width, 40);
    free(pixels);
    /* ...and leaves it alone when only the encoding differs. */
    cplot_buffer_t recompressed = square_png(0x3366cc, 40, 30, CPLOT_PNG_SMALL);
    assert_true(golden_check("square", recompressed.data, recompressed.size, 0, 0.0, message,
                             sizeof message));
    assert_non_null(strstr(message, "already"));
    FILE *file = fopen(expected, "rb");
    assert_non_null(file);
    unsigned char *stored = malloc(original.size + 1);
    assert_non_null(stored);
    assert_int_equal(fread(stored, 1, original.size + 1, file), original.size);
    assert_memory_equal(stored, original.data, original.size);
    free(stored);
    fclose(file);
    unsetenv("CPLOT_UPDATE_GOLDEN");

    /* Same pixels pass, whatever the encoding; the stale output goes. */
    assert_true(golden_check("square", recompressed.data, recompressed.size, 0, 0.0, message,
                             sizeof message));
    assert_false(file_exists(actual));

    /* A recoloured square: 9 bad pixels, actual and diff written. */
    cplot_buffer_t changed = square_png(0xcc3366, 40, 30, CPLOT_PNG_FAST);
    assert_false(
        golden_check("square", changed.data, changed.size, 2, 0.001, message, sizeof message));
    assert_non_null(strstr(message, "9 of 1200 pixels"));
    assert_non_null(strstr(message, actual));
    assert_non_null(strstr(message, diff));
    assert_true(file_exists(actual));
    assert_true(golden_load_png(diff, &width, &height, &pixels));
    assert_int_equal(width, 40);
    assert_int_equal(height, 30);
    const unsigned char magenta[4] = {255, 0, 255, 255};
    assert_memory_equal(pixels + 4 * (6 * 40 + 11), magenta, 4);
    free(pixels);

    /* Enough allowance passes and removes the failure files. */
    assert_true(
        golden_check("square", changed.data, changed.size, 2, 0.01, message, sizeof message));
    assert_false(file_exists(actual));
    assert_false(file_exists(diff));
    /* A tolerance above the change passes too. */
    assert_true(
        golden_check("square", changed.data, changed.size, 255, 0.0, message, sizeof message));

    /* The diff shows unchanged expected pixels faded to 30% on white:
     * black becomes 179, white stays 255. */
    cplot_buffer_t dark = square_png(0x000000, 40, 30, CPLOT_PNG_FAST);
    setenv("CPLOT_UPDATE_GOLDEN", "1", 1);
    assert_true(golden_check("square", dark.data, dark.size, 0, 0.0, message, sizeof message));
    unsetenv("CPLOT_UPDATE_GOLDEN");
    mark_corner = true;
    cplot_buffer_t marked = square_png(0x000000, 40, 30, CPLOT_PNG_FAST);
    mark_corner = false;
    assert_false(golden_check("square", marked.data, marked.size, 0, 0.0, message, sizeof message));
    assert_non_null(strstr(message, "1 of 1200 pixels"));
    assert_true(golden_load_png(diff, &width, &height, &pixels));
    assert_memory_equal(pixels, magenta, 4);
    const unsigned char faded_black[4] = {179, 179, 179, 255};
    assert_memory_equal(pixels + 4 * (6 * 40 + 11), faded_black, 4);
    const unsigned char white[4] = {255, 255, 255, 255};
    assert_memory_equal(pixels + 4 * (20 * 40 + 30), white, 4);
    free(pixels);

    /* Size mismatch fails clearly. */
    cplot_buffer_t bigger = square_png(0x000000, 41, 30, CPLOT_PNG_FAST);
    assert_false(
        golden_check("square", bigger.data, bigger.size, 255, 1.0, message, sizeof message));
    assert_non_null(strstr(message, "size mismatch"));
    assert_non_null(strstr(message, "40x30"));
    assert_non_null(strstr(message, "41x30"));

    /* Bad names and undecodable input fail without touching files. */
    assert_false(
        golden_check("../escape", original.data, original.size, 0, 0.0, message, sizeof message));
    assert_false(golden_check("", original.data, original.size, 0, 0.0, message, sizeof message));
    assert_false(
        golden_check("square", (const unsigned char *)"junk", 4, 0, 0.0, message, sizeof message));
    assert_false(golden_check("square", original.data, original.size, 0, 0.0, NULL, 0));

    cplot_buffer_release(&original);
    cplot_buffer_release(&recompressed);
    cplot_buffer_release(&changed);
    cplot_buffer_release(&dark);
    cplot_buffer_release(&marked);
    cplot_buffer_release(&bigger);
    remove_tree(root);
    restore_environment("CPLOT_SOURCE_DIR", source_before);
    restore_environment("CPLOT_BINARY_DIR", binary_before);
    restore_environment("CPLOT_UPDATE_GOLDEN", update_before);
}

/* CPLOT_PNG_WHOLE keeps an image that would be split in one deflate call:
 * the same pixels as the split file, one zlib stream that inflates whole,
 * and the same bytes at any thread count. Other bits are refused. */
static void test_whole_is_one_call(void **state)
{
    (void)state;
    cairo_surface_t *surface = make_surface(CAIRO_FORMAT_RGB24, 800, 600, mixed_pixel);
    assert_int_equal(cplot_threads_set(3), CPLOT_STATUS_SUCCESS);
    cplot_buffer_t split = encode(surface, CPLOT_PNG_FAST, 0);
    cplot_buffer_t whole = encode(surface, CPLOT_PNG_FAST | CPLOT_PNG_WHOLE, 0);
    assert_int_equal(cplot_threads_set(1), CPLOT_STATUS_SUCCESS);
    cplot_buffer_t whole_alone = encode(surface, CPLOT_PNG_FAST | CPLOT_PNG_WHOLE, 0);
    assert_int_equal(whole.size, whole_alone.size);
    assert_memory_equal(whole.data, whole_alone.data, whole.size);
    /* Split files carry each segment in IDAT chunks of its own; whole
     * ones fill a chunk before starting the next. */
    assert_true(split.size != whole.size || memcmp(split.data, whole.data, split.size) != 0);
    unsigned char *split_rgba = NULL, *whole_rgba = NULL;
    decode(&split, 800, 600, &split_rgba);
    decode(&whole, 800, 600, &whole_rgba);
    assert_memory_equal(split_rgba, whole_rgba, (size_t)800 * 600 * 4);
    free(split_rgba);
    free(whole_rgba);
    cplot_buffer_release(&split);
    cplot_buffer_release(&whole);
    cplot_buffer_release(&whole_alone);
    expect_rejected(surface, (cplot_png_compression_t)4);
    expect_rejected(surface, (cplot_png_compression_t)-1);
    cairo_surface_destroy(surface);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_opaque_round_trip_is_exact_rgb),
        cmocka_unit_test(test_rgb24_ignores_alpha_byte),
        cmocka_unit_test(test_incompressible_image_round_trips),
        cmocka_unit_test(test_translucent_round_trip_unpremultiplies),
        cmocka_unit_test(test_output_is_deterministic),
        cmocka_unit_test(test_huge_image_streams_and_round_trips),
        cmocka_unit_test(test_small_matches_fast_and_is_not_larger),
        cmocka_unit_test(test_file_and_buffer_give_identical_bytes),
        cmocka_unit_test(test_consuming_gives_identical_bytes),
        cmocka_unit_test(test_phys_chunk_only_when_asked),
        cmocka_unit_test(test_buffer_variant_appends),
        cmocka_unit_test(test_invalid_surfaces_are_rejected),
        cmocka_unit_test(test_whole_is_one_call),
        cmocka_unit_test(test_write_error_is_reported),
        cmocka_unit_test(test_split_images_inflate_to_their_rows),
        cmocka_unit_test(test_split_images_same_bytes_at_any_thread_count),
        cmocka_unit_test(test_walker_finds_the_end_of_each_block_type),
        cmocka_unit_test(test_joined_streams_inflate_to_both_inputs),
        cmocka_unit_test(test_walker_stays_within_any_bytes),
        cmocka_unit_test(test_golden_compare_counts_with_tolerance),
        cmocka_unit_test(test_golden_load_converts_colour_types),
        cmocka_unit_test(test_golden_check_workflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
