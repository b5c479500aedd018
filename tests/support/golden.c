#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* mkdir, and it keeps the file buildable alone */
#endif

#include "golden.h"

#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { GOLDEN_PATH_MAX = 4096 };

/* ------------------------------------------------------------ decoding */

typedef struct png_reader {
    const unsigned char *bytes;
    size_t size;
    size_t offset;
    unsigned char *pixels; /* owned here until handed to the caller */
    int width;
    int height;
    char error[160];
} png_reader_t;

/* libpng would print to stderr and we want the reason in our message. */
static void on_read_error(png_structp png, png_const_charp text)
{
    png_reader_t *reader = png_get_error_ptr(png);
    snprintf(reader->error, sizeof reader->error, "%s", text);
    png_longjmp(png, 1);
}

static void on_read_warning(png_structp png, png_const_charp text)
{
    (void)png;
    (void)text;
}

static void read_from_memory(png_structp png, png_bytep data, size_t length)
{
    png_reader_t *reader = png_get_io_ptr(png);
    if (length > reader->size - reader->offset)
        png_error(png, "truncated PNG data");
    memcpy(data, reader->bytes + reader->offset, length);
    reader->offset += length;
}

/* The only function that calls setjmp: the state it changes lives in
 * *reader, outside this frame, so it is well defined after a longjmp and
 * the caller frees reader->pixels on failure. */
static bool read_rgba(png_structp png, png_infop info, png_reader_t *reader)
{
    if (setjmp(png_jmpbuf(png)))
        return false;

    png_read_info(png, info);
    png_uint_32 width = png_get_image_width(png, info);
    png_uint_32 height = png_get_image_height(png, info);
    int color_type = png_get_color_type(png, info);

    png_set_expand(png); /* palette to RGB, low-bit grey to 8 bits, tRNS to alpha */
    if (png_get_bit_depth(png, info) == 16)
        png_set_scale_16(png);
    if (!(color_type & PNG_COLOR_MASK_COLOR))
        png_set_gray_to_rgb(png);
    if (!(color_type & PNG_COLOR_MASK_ALPHA) && !png_get_valid(png, info, PNG_INFO_tRNS))
        png_set_add_alpha(png, 0xff, PNG_FILLER_AFTER);
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);

    if (png_get_bit_depth(png, info) != 8 || png_get_channels(png, info) != 4)
        png_error(png, "could not convert to 8-bit RGBA");
    if (width > INT32_MAX || height > INT32_MAX || width == 0 ||
        (size_t)height > SIZE_MAX / 4 / width)
        png_error(png, "image too large");
    size_t row_bytes = (size_t)width * 4;
    if (png_get_rowbytes(png, info) != row_bytes)
        png_error(png, "unexpected row size");
    reader->pixels = malloc(row_bytes * height);
    if (!reader->pixels)
        png_error(png, "out of memory");

    /* Interlaced images are assembled by reading every row once per pass
     * into the same place. */
    for (int pass = 0; pass < passes; pass++)
        for (png_uint_32 y = 0; y < height; y++)
            png_read_row(png, reader->pixels + y * row_bytes, NULL);
    png_read_end(png, NULL);
    reader->width = (int)width;
    reader->height = (int)height;
    return true;
}

static bool decode(const unsigned char *bytes, size_t size, int *width, int *height,
                   unsigned char **rgba, char *error, size_t error_size)
{
    png_reader_t reader = {.bytes = bytes, .size = size};
    if (!bytes || size < 8 || png_sig_cmp(bytes, 0, 8) != 0) {
        snprintf(error, error_size, "not a PNG file");
        return false;
    }
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &reader, on_read_error, on_read_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        snprintf(error, error_size, "out of memory");
        return false;
    }
    png_set_read_fn(png, &reader, read_from_memory);
    bool ok = read_rgba(png, info, &reader);
    png_destroy_read_struct(&png, &info, NULL);
    if (!ok) {
        free(reader.pixels);
        snprintf(error, error_size, "%s", reader.error[0] ? reader.error : "libpng failed");
        return false;
    }
    *width = reader.width;
    *height = reader.height;
    *rgba = reader.pixels;
    return true;
}

/* Reads a whole file; *errno_out tells a missing file from other trouble. */
static unsigned char *read_file(const char *path, size_t *size, int *errno_out)
{
    *errno_out = 0;
    FILE *file = fopen(path, "rb");
    if (!file) {
        *errno_out = errno;
        return NULL;
    }
    unsigned char *data = NULL;
    size_t used = 0, capacity = 0;
    for (;;) {
        if (used == capacity) {
            size_t grown = capacity ? capacity * 2 : 65536;
            unsigned char *bigger = grown > capacity ? realloc(data, grown) : NULL;
            if (!bigger) {
                *errno_out = ENOMEM;
                break;
            }
            data = bigger;
            capacity = grown;
        }
        size_t got = fread(data + used, 1, capacity - used, file);
        used += got;
        if (got == 0) {
            if (ferror(file))
                *errno_out = EIO;
            break;
        }
    }
    fclose(file);
    if (*errno_out) {
        free(data);
        return NULL;
    }
    *size = used;
    return data;
}

static bool load(const char *path, int *width, int *height, unsigned char **rgba, char *error,
                 size_t error_size, bool *missing)
{
    size_t size = 0;
    int read_errno;
    unsigned char *bytes = read_file(path, &size, &read_errno);
    *missing = read_errno == ENOENT;
    if (!bytes) {
        snprintf(error, error_size, "%s", strerror(read_errno));
        return false;
    }
    bool ok = decode(bytes, size, width, height, rgba, error, error_size);
    free(bytes);
    return ok;
}

bool golden_load_png(const char *path, int *width, int *height, unsigned char **rgba)
{
    char error[160];
    bool missing;
    return path && load(path, width, height, rgba, error, sizeof error, &missing);
}

bool golden_decode_png(const unsigned char *png_bytes, size_t size, int *width, int *height,
                       unsigned char **rgba)
{
    char error[160];
    return decode(png_bytes, size, width, height, rgba, error, sizeof error);
}

/* ----------------------------------------------------------- comparing */

static int pixel_difference(const unsigned char *a, const unsigned char *b)
{
    /* Invisible pixels may carry any colour (encoders differ in what they
     * store there), so only their alpha can tell them apart. */
    if (a[3] == 0 && b[3] == 0)
        return 0;
    int largest = 0;
    for (int channel = 0; channel < 4; channel++) {
        int difference = abs((int)a[channel] - (int)b[channel]);
        if (difference > largest)
            largest = difference;
    }
    return largest;
}

size_t golden_compare(const unsigned char *expected, const unsigned char *actual, int width,
                      int height, int tolerance, int *max_difference)
{
    size_t count = width > 0 && height > 0 ? (size_t)width * (size_t)height : 0;
    size_t bad = 0;
    int largest = 0;
    for (size_t i = 0; i < count; i++) {
        int difference = pixel_difference(expected + 4 * i, actual + 4 * i);
        if (difference > tolerance)
            bad++;
        if (difference > largest)
            largest = difference;
    }
    if (max_difference)
        *max_difference = largest;
    return bad;
}

/* ------------------------------------------------------------- writing */

static bool write_bytes(const char *path, const unsigned char *bytes, size_t size)
{
    FILE *file = fopen(path, "wb");
    if (!file)
        return false;
    bool ok = fwrite(bytes, 1, size, file) == size;
    return (fclose(file) == 0) && ok;
}

/* Writes through a temporary name so an interrupted update never leaves a
 * truncated expected image in the source tree. */
static bool replace_file(const char *path, const unsigned char *bytes, size_t size)
{
    char temporary[GOLDEN_PATH_MAX];
    if ((size_t)snprintf(temporary, sizeof temporary, "%s.tmp", path) >= sizeof temporary)
        return false;
    if (!write_bytes(temporary, bytes, size)) {
        remove(temporary);
        return false;
    }
    if (rename(temporary, path) != 0) {
        remove(temporary);
        return false;
    }
    return true;
}

static bool make_directories(const char *path)
{
    char partial[GOLDEN_PATH_MAX];
    size_t length = strlen(path);
    if (length == 0 || length >= sizeof partial)
        return false;
    memcpy(partial, path, length + 1);
    for (size_t i = 1; i <= length; i++) {
        if (partial[i] != '/' && partial[i] != '\0')
            continue;
        char saved = partial[i];
        partial[i] = '\0';
        if (mkdir(partial, 0777) != 0 && errno != EEXIST)
            return false;
        partial[i] = saved;
    }
    struct stat info;
    return stat(path, &info) == 0 && S_ISDIR(info.st_mode);
}

/* The expected image faded to 30% on white, so its shapes stay
 * recognisable, with every differing pixel in magenta, which no chart
 * palette uses at full strength. */
static bool write_diff(const char *path, const unsigned char *expected, const unsigned char *actual,
                       int width, int height, int tolerance)
{
    size_t count = (size_t)width * (size_t)height;
    unsigned char *rgb = malloc(count * 3);
    if (!rgb)
        return false;
    for (size_t i = 0; i < count; i++) {
        const unsigned char *pixel = expected + 4 * i;
        unsigned char *out = rgb + 3 * i;
        if (pixel_difference(pixel, actual + 4 * i) > tolerance) {
            out[0] = 255;
            out[1] = 0;
            out[2] = 255;
            continue;
        }
        double alpha = pixel[3] / 255.0;
        double luma = 0.299 * pixel[0] + 0.587 * pixel[1] + 0.114 * pixel[2];
        double on_white = luma * alpha + 255.0 * (1.0 - alpha);
        unsigned char grey = (unsigned char)(255.0 - 0.3 * (255.0 - on_white) + 0.5);
        out[0] = out[1] = out[2] = grey;
    }
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    image.width = (png_uint_32)width;
    image.height = (png_uint_32)height;
    image.format = PNG_FORMAT_RGB;
    bool ok = png_image_write_to_file(&image, path, 0, rgb, 0, NULL) != 0;
    png_image_free(&image);
    free(rgb);
    return ok;
}

/* ------------------------------------------------------------ checking */

static bool report(char *message, size_t message_size, bool result, const char *format, ...)
    __attribute__((format(printf, 4, 5)));

static bool report(char *message, size_t message_size, bool result, const char *format, ...)
{
    if (message && message_size) {
        va_list args;
        va_start(args, format);
        vsnprintf(message, message_size, format, args);
        va_end(args);
    }
    return result;
}

static bool valid_name(const char *name)
{
    if (!name || !name[0] || name[0] == '.' || strlen(name) > 200)
        return false;
    for (const char *c = name; *c; c++) {
        bool allowed = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                       (*c >= '0' && *c <= '9') || *c == '_' || *c == '-' || *c == '.';
        if (!allowed)
            return false;
    }
    return true;
}

/* The environment wins so tests can redirect everything to a scratch
 * folder; the build's own folders are the fallback for running a test
 * program by hand. */
static const char *directory_setting(const char *variable, const char *fallback)
{
    const char *value = getenv(variable);
    if (value && value[0])
        return value;
    return fallback;
}

#ifdef GOLDEN_DEFAULT_SOURCE_DIR
#define SOURCE_FALLBACK GOLDEN_DEFAULT_SOURCE_DIR
#else
#define SOURCE_FALLBACK NULL
#endif
#ifdef GOLDEN_DEFAULT_BINARY_DIR
#define BINARY_FALLBACK GOLDEN_DEFAULT_BINARY_DIR
#else
#define BINARY_FALLBACK NULL
#endif

typedef struct golden_paths {
    char expected_dir[GOLDEN_PATH_MAX];
    char expected[GOLDEN_PATH_MAX];
    char out_dir[GOLDEN_PATH_MAX];
    char actual[GOLDEN_PATH_MAX];
    char diff[GOLDEN_PATH_MAX];
} golden_paths_t;

static bool make_paths(const char *name, golden_paths_t *paths, char *message, size_t message_size)
{
    const char *source = directory_setting("CPLOT_SOURCE_DIR", SOURCE_FALLBACK);
    const char *binary = directory_setting("CPLOT_BINARY_DIR", BINARY_FALLBACK);
    if (!source || !binary)
        return report(message, message_size, false,
                      "golden %s: set CPLOT_SOURCE_DIR and CPLOT_BINARY_DIR (ctest does)", name);
    int lengths[] = {
        snprintf(paths->expected_dir, GOLDEN_PATH_MAX, "%s/tests/golden/expected", source),
        snprintf(paths->expected, GOLDEN_PATH_MAX, "%s/tests/golden/expected/%s.png", source, name),
        snprintf(paths->out_dir, GOLDEN_PATH_MAX, "%s/golden-out", binary),
        snprintf(paths->actual, GOLDEN_PATH_MAX, "%s/golden-out/%s.actual.png", binary, name),
        snprintf(paths->diff, GOLDEN_PATH_MAX, "%s/golden-out/%s.diff.png", binary, name),
    };
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++)
        if (lengths[i] < 0 || lengths[i] >= GOLDEN_PATH_MAX)
            return report(message, message_size, false, "golden %s: path too long", name);
    return true;
}

/* Keeps the actual output next to the diff so it can be inspected or
 * copied over the expected image by hand. */
static const char *save_actual(const golden_paths_t *paths, const unsigned char *png_bytes, size_t size)
{
    if (!make_directories(paths->out_dir) || !write_bytes(paths->actual, png_bytes, size))
        return "(could not be written)";
    return paths->actual;
}

static bool update_expected(const char *name, const golden_paths_t *paths,
                            const unsigned char *png_bytes, size_t size, const unsigned char *actual,
                            int width, int height, char *message, size_t message_size)
{
    int old_width = 0, old_height = 0;
    unsigned char *old = NULL;
    char error[160];
    bool missing;
    bool same = load(paths->expected, &old_width, &old_height, &old, error, sizeof error, &missing) &&
                old_width == width && old_height == height &&
                golden_compare(old, actual, width, height, 0, NULL) == 0;
    free(old);
    /* Rewriting identical pixels would only churn the repository when
     * another zlib version encodes them into different bytes. */
    if (same)
        return report(message, message_size, true, "golden %s: %s already has these pixels", name,
                      paths->expected);
    if (!make_directories(paths->expected_dir) || !replace_file(paths->expected, png_bytes, size))
        return report(message, message_size, false, "golden %s: could not write %s: %s", name,
                      paths->expected, strerror(errno));
    return report(message, message_size, true, "golden %s: wrote %s (review it before committing)",
                  name, paths->expected);
}

bool golden_check(const char *name, const unsigned char *png_bytes, size_t size, int tolerance,
                  double max_bad_fraction, char *message, size_t message_size)
{
    if (!valid_name(name))
        return report(message, message_size, false,
                      "golden: invalid image name \"%s\" (use letters, digits, '_', '-', '.')",
                      name ? name : "(null)");
    golden_paths_t paths;
    if (!make_paths(name, &paths, message, message_size))
        return false;

    char error[160];
    int width = 0, height = 0;
    unsigned char *actual = NULL;
    if (!decode(png_bytes, size, &width, &height, &actual, error, sizeof error))
        return report(message, message_size, false, "golden %s: the image to check does not decode: %s",
                      name, error);

    const char *update = getenv("CPLOT_UPDATE_GOLDEN");
    if (update && strcmp(update, "1") == 0) {
        bool ok = update_expected(name, &paths, png_bytes, size, actual, width, height, message,
                                  message_size);
        free(actual);
        return ok;
    }

    int expected_width = 0, expected_height = 0;
    unsigned char *expected = NULL;
    bool missing = false;
    if (!load(paths.expected, &expected_width, &expected_height, &expected, error, sizeof error,
              &missing)) {
        const char *saved = save_actual(&paths, png_bytes, size);
        free(actual);
        if (missing)
            return report(message, message_size, false,
                          "golden %s: no expected image %s; this run's output is in %s. To create "
                          "it, rerun with CPLOT_UPDATE_GOLDEN=1 and review the new file before "
                          "committing it",
                          name, paths.expected, saved);
        return report(message, message_size, false, "golden %s: cannot load expected image %s: %s",
                      name, paths.expected, error);
    }

    bool passed;
    if (expected_width != width || expected_height != height) {
        const char *saved = save_actual(&paths, png_bytes, size);
        passed = report(message, message_size, false,
                        "golden %s: size mismatch: expected %dx%d (%s), got %dx%d (%s)", name,
                        expected_width, expected_height, paths.expected, width, height, saved);
    } else {
        int max_difference = 0;
        size_t total = (size_t)width * (size_t)height;
        size_t bad = golden_compare(expected, actual, width, height, tolerance, &max_difference);
        double fraction = (double)bad / (double)total;
        if (fraction <= max_bad_fraction) {
            /* Stale failure output would mislead whoever looks next. */
            remove(paths.actual);
            remove(paths.diff);
            passed = report(message, message_size, true,
                            "golden %s: %zu of %zu pixels differ by more than %d (max difference %d)",
                            name, bad, total, tolerance, max_difference);
        } else {
            const char *saved = save_actual(&paths, png_bytes, size);
            bool diff_written = write_diff(paths.diff, expected, actual, width, height, tolerance);
            passed = report(message, message_size, false,
                            "golden %s: %zu of %zu pixels (%.4f%%, allowed %.4f%%) differ by more "
                            "than %d, max difference %d; expected %s, actual %s, diff %s",
                            name, bad, total, 100.0 * fraction, 100.0 * max_bad_fraction, tolerance,
                            max_difference, paths.expected, saved,
                            diff_written ? paths.diff : "(could not be written)");
        }
    }
    free(expected);
    free(actual);
    return passed;
}
