#include "png-private.h"

#include <png.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <zlib.h>

/* Encoder settings, chosen by measurement on 800x600 chart images
 * (scatter with grid and text; a smooth heat map). Charts are flat colour
 * plus anti-aliased edges, which zlib matches best unfiltered: against
 * SUB or UP, filter NONE gave files 15-20% smaller in 15-20% less time at
 * levels 1-3, and against libpng's adaptive choice at level 9 files 20%
 * smaller in half the time (adaptive filtering suits photographs, not
 * charts; it made SMALL larger than FAST). Level 2 is the knee: level 1
 * saves 2% of the time for 3% more bytes, level 3 costs 9% more time for
 * 2% fewer. The strategy is pinned rather than left to libpng's default
 * so the bytes do not depend on how libpng picks it. */
enum {
    FAST_ZLIB_LEVEL = 2,
    FAST_FILTERS = PNG_FILTER_NONE,
    SMALL_ZLIB_LEVEL = 9,
    SMALL_FILTERS = PNG_FILTER_NONE,
};

/* Where the encoded bytes go. The callbacks record why they gave up before
 * handing control back to libpng, so the caller can report a precise
 * status instead of a generic encoder failure. */
typedef struct png_sink {
    cplot_buffer_t *buffer; /* exactly one of buffer and file is set */
    FILE *file;
    cplot_status_t failure;
} png_sink_t;

/* Everything the setjmp-protected part needs, prepared beforehand so that
 * nothing it reads after a longjmp was changed since setjmp. */
typedef struct png_job {
    const unsigned char *pixels;
    int width;
    int height;
    int stride;
    bool opaque;
    cplot_png_compression_t compression;
    unsigned pixels_per_meter;
    unsigned char *row; /* width * (opaque ? 3 : 4) bytes */
} png_job_t;

/* libpng's default handlers print to stderr; the library must never print.
 * The error handler must not return, so it unwinds to encode_rows. */
static void on_png_error(png_structp png, png_const_charp message)
{
    (void)message;
    png_longjmp(png, 1);
}

static void on_png_warning(png_structp png, png_const_charp message)
{
    (void)png;
    (void)message;
}

/* Routing libpng's (and through it zlib's) allocations lets an allocation
 * failure be reported as CPLOT_STATUS_NO_MEMORY rather than a draw error. */
static png_voidp on_png_malloc(png_structp png, png_alloc_size_t size)
{
    void *block = malloc(size ? size : 1);
    if (!block) {
        png_sink_t *sink = png_get_mem_ptr(png);
        if (sink)
            sink->failure = CPLOT_STATUS_NO_MEMORY;
    }
    return block;
}

static void on_png_free(png_structp png, png_voidp block)
{
    (void)png;
    free(block);
}

static void write_to_buffer(png_structp png, png_bytep data, size_t size)
{
    png_sink_t *sink = png_get_io_ptr(png);
    if (!cplot_buffer_append(sink->buffer, data, size)) {
        sink->failure = CPLOT_STATUS_NO_MEMORY;
        png_error(png, "out of memory");
    }
}

static void write_to_file(png_structp png, png_bytep data, size_t size)
{
    png_sink_t *sink = png_get_io_ptr(png);
    if (fwrite(data, 1, size, sink->file) != size) {
        sink->failure = CPLOT_STATUS_IO_ERROR;
        png_error(png, "write failed");
    }
}

/* Without a flush callback libpng would call fflush() on the io pointer,
 * which for the buffer sink is not a FILE. The file is flushed once at the
 * end instead, where its result can be checked. */
static void flush_nothing(png_structp png)
{
    (void)png;
}

/* Cairo stores each pixel as a native-endian uint32 0xAARRGGBB; reading it
 * as a uint32 (not as bytes) keeps this correct on either byte order. */
static void convert_row_rgb(const uint32_t *source, int width, unsigned char *row)
{
    for (int x = 0; x < width; x++) {
        uint32_t pixel = source[x];
        row[0] = (unsigned char)(pixel >> 16);
        row[1] = (unsigned char)(pixel >> 8);
        row[2] = (unsigned char)pixel;
        row += 3;
    }
}

/* Cairo's colours are premultiplied by alpha and PNG's are not. Rounding to
 * nearest ((c * 255 + a / 2) / a) is exact for every premultiplied value. */
static unsigned char unpremultiply(uint32_t component, uint32_t alpha)
{
    uint32_t value = (component * 255 + alpha / 2) / alpha;
    return (unsigned char)(value > 255 ? 255 : value);
}

static void convert_row_rgba(const uint32_t *source, int width, unsigned char *row)
{
    for (int x = 0; x < width; x++) {
        uint32_t pixel = source[x];
        uint32_t alpha = pixel >> 24;
        uint32_t red = (pixel >> 16) & 0xff;
        uint32_t green = (pixel >> 8) & 0xff;
        uint32_t blue = pixel & 0xff;
        if (alpha == 255) {
            row[0] = (unsigned char)red;
            row[1] = (unsigned char)green;
            row[2] = (unsigned char)blue;
        } else if (alpha == 0) {
            row[0] = row[1] = row[2] = 0;
        } else {
            row[0] = unpremultiply(red, alpha);
            row[1] = unpremultiply(green, alpha);
            row[2] = unpremultiply(blue, alpha);
        }
        row[3] = (unsigned char)alpha;
        row += 4;
    }
}

static bool image_is_opaque(const unsigned char *pixels, int width, int height, int stride)
{
    for (int y = 0; y < height; y++) {
        const uint32_t *source = (const uint32_t *)(const void *)(pixels + (size_t)y * (size_t)stride);
        for (int x = 0; x < width; x++)
            if ((source[x] >> 24) != 0xff)
                return false;
    }
    return true;
}

/* The only function that calls setjmp. It changes no local object that is
 * read after a longjmp, and everything it allocates belongs to `png`, so
 * the caller's png_destroy_write_struct releases it on either path. */
static bool encode_rows(png_structp png, png_infop info, const png_job_t *job)
{
    if (setjmp(png_jmpbuf(png)))
        return false;

    png_set_IHDR(png, info, (png_uint_32)job->width, (png_uint_32)job->height, 8,
                 job->opaque ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (job->pixels_per_meter != 0)
        png_set_pHYs(png, info, job->pixels_per_meter, job->pixels_per_meter, PNG_RESOLUTION_METER);
    if (job->compression == CPLOT_PNG_SMALL) {
        png_set_compression_level(png, SMALL_ZLIB_LEVEL);
        png_set_filter(png, PNG_FILTER_TYPE_BASE, SMALL_FILTERS);
    } else {
        png_set_compression_level(png, FAST_ZLIB_LEVEL);
        png_set_filter(png, PNG_FILTER_TYPE_BASE, FAST_FILTERS);
    }
    png_set_compression_strategy(png, Z_DEFAULT_STRATEGY);

    png_write_info(png, info);
    for (int y = 0; y < job->height; y++) {
        const uint32_t *source =
            (const uint32_t *)(const void *)(job->pixels + (size_t)y * (size_t)job->stride);
        if (job->opaque)
            convert_row_rgb(source, job->width, job->row);
        else
            convert_row_rgba(source, job->width, job->row);
        png_write_row(png, job->row);
    }
    png_write_end(png, NULL);
    return true;
}

/* Checks the arguments and prepares `job`; the surface is flushed so that
 * pending drawing reaches the pixels we read. */
static cplot_status_t prepare_job(cairo_surface_t *image, cplot_png_compression_t compression,
                                  unsigned pixels_per_meter, png_job_t *job)
{
    if (!image || cairo_surface_status(image) != CAIRO_STATUS_SUCCESS ||
        cairo_surface_get_type(image) != CAIRO_SURFACE_TYPE_IMAGE)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    if (compression != CPLOT_PNG_FAST && compression != CPLOT_PNG_SMALL)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    /* PNG's four-byte integers stop at 2^31 - 1. */
    if (pixels_per_meter > PNG_UINT_31_MAX)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    cairo_format_t format = cairo_image_surface_get_format(image);
    if (format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24)
        return CPLOT_STATUS_INVALID_ARGUMENT;

    /* A finished surface has freed its pixels but still reports success
     * and even a data pointer; cairo has no query for it, yet refuses to
     * create a context on one. */
    cairo_t *probe = cairo_create(image);
    bool finished = cairo_status(probe) == CAIRO_STATUS_SURFACE_FINISHED;
    cairo_destroy(probe);
    if (finished)
        return CPLOT_STATUS_INVALID_ARGUMENT;

    cairo_surface_flush(image);
    const unsigned char *pixels = cairo_image_surface_get_data(image);
    int width = cairo_image_surface_get_width(image);
    int height = cairo_image_surface_get_height(image);
    int stride = cairo_image_surface_get_stride(image);
    /* PNG cannot hold an empty image. */
    if (cairo_surface_status(image) != CAIRO_STATUS_SUCCESS || !pixels || width <= 0 ||
        height <= 0 || stride < width * 4)
        return CPLOT_STATUS_INVALID_ARGUMENT;

    bool opaque = format == CAIRO_FORMAT_RGB24 || image_is_opaque(pixels, width, height, stride);
    unsigned char *row = cplot_alloc_array((size_t)width, opaque ? 3 : 4);
    if (!row)
        return CPLOT_STATUS_NO_MEMORY;
    *job = (png_job_t){
        .pixels = pixels,
        .width = width,
        .height = height,
        .stride = stride,
        .opaque = opaque,
        .compression = compression,
        .pixels_per_meter = pixels_per_meter,
        .row = row,
    };
    return CPLOT_STATUS_SUCCESS;
}

static cplot_status_t encode(const png_job_t *job, png_sink_t *sink, png_rw_ptr write)
{
#ifdef PNG_USER_MEM_SUPPORTED
    png_structp png = png_create_write_struct_2(PNG_LIBPNG_VER_STRING, NULL, on_png_error,
                                                on_png_warning, sink, on_png_malloc, on_png_free);
#else
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, on_png_error, on_png_warning);
#endif
    if (!png)
        return CPLOT_STATUS_NO_MEMORY;
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        return CPLOT_STATUS_NO_MEMORY;
    }
    png_set_write_fn(png, sink, write, flush_nothing);

    sink->failure = CPLOT_STATUS_SUCCESS;
    bool written = encode_rows(png, info, job);
    png_destroy_write_struct(&png, &info);
    if (written)
        return CPLOT_STATUS_SUCCESS;
    /* Any failure the callbacks did not explain came from libpng itself. */
    return sink->failure != CPLOT_STATUS_SUCCESS ? sink->failure : CPLOT_STATUS_DRAW_ERROR;
}

/* Streams the PNG to `file` (which stays open and owned by the caller).
 * Invalid arguments are detected before anything is written; after a
 * write error the file holds a partial PNG and CPLOT_STATUS_IO_ERROR is
 * returned. */
cplot_status_t cplot_png_write_file(cairo_surface_t *image, cplot_png_compression_t compression,
                                    unsigned pixels_per_meter, FILE *file)
{
    if (!file)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    png_job_t job;
    cplot_status_t status = prepare_job(image, compression, pixels_per_meter, &job);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    png_sink_t sink = {.file = file};
    status = encode(&job, &sink, write_to_file);
    free(job.row);
    /* stdio may still hold the tail of the file; a failure to write it is
     * as much a write error as a short fwrite. */
    if (status == CPLOT_STATUS_SUCCESS && fflush(file) != 0)
        status = CPLOT_STATUS_IO_ERROR;
    return status;
}

/* Appends the PNG to `out`. On failure `out` is left as it was: its size
 * and contents are restored (its capacity may have grown). */
cplot_status_t cplot_png_write_buffer(cairo_surface_t *image, cplot_png_compression_t compression,
                                      unsigned pixels_per_meter, cplot_buffer_t *out)
{
    if (!out)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    png_job_t job;
    cplot_status_t status = prepare_job(image, compression, pixels_per_meter, &job);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    bool had_storage = out->data != NULL;
    size_t original_size = out->size;
    png_sink_t sink = {.buffer = out};
    status = encode(&job, &sink, write_to_buffer);
    free(job.row);
    if (status != CPLOT_STATUS_SUCCESS) {
        if (!had_storage) {
            cplot_buffer_release(out);
        } else {
            out->size = original_size;
            out->data[original_size] = 0; /* the buffer stays NUL-terminated */
        }
    }
    return status;
}
