/* PNG encoder settings on real chart images: time (median of 15) and size
 * for zlib levels, strategies and filters, next to the library's choice
 * (level 2, filter NONE, default strategy). Not library code; numbers for
 * the benchmark report.
 *
 *   encode CHART.png...     (800x600 RGB PNGs, e.g. bench/.data/full/out/)
 */
#include <cairo.h>
#include <png.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#define REPS 15

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct sink {
    size_t size;
} sink_t;

static void count_bytes(png_structp png, png_bytep data, size_t size)
{
    (void)data;
    ((sink_t *)png_get_io_ptr(png))->size += size;
}

static void flush_nothing(png_structp png)
{
    (void)png;
}

static size_t encode(cairo_surface_t *image, int level, int strategy, int filters)
{
    const unsigned char *pixels = cairo_image_surface_get_data(image);
    int width = cairo_image_surface_get_width(image), height = cairo_image_surface_get_height(image);
    int stride = cairo_image_surface_get_stride(image);
    unsigned char *row = malloc((size_t)width * 3);
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    sink_t sink = {0};
    if (setjmp(png_jmpbuf(png)))
        abort();
    png_set_write_fn(png, &sink, count_bytes, flush_nothing);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, level);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, filters);
    png_set_compression_strategy(png, strategy);
    png_write_info(png, info);
    for (int y = 0; y < height; y++) {
        const uint32_t *source = (const uint32_t *)(const void *)(pixels + (size_t)y * (size_t)stride);
        for (int x = 0; x < width; x++) {
            row[3 * x] = (unsigned char)(source[x] >> 16);
            row[3 * x + 1] = (unsigned char)(source[x] >> 8);
            row[3 * x + 2] = (unsigned char)source[x];
        }
        png_write_row(png, row);
    }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    free(row);
    return sink.size;
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int level, strategy, filters;
    } variants[] = {
        {"level 2, NONE (library)", 2, Z_DEFAULT_STRATEGY, PNG_FILTER_NONE},
        {"level 1, NONE", 1, Z_DEFAULT_STRATEGY, PNG_FILTER_NONE},
        {"level 1, RLE, NONE", 1, Z_RLE, PNG_FILTER_NONE},
        {"level 1, RLE, UP", 1, Z_RLE, PNG_FILTER_UP},
        {"level 1, RLE, SUB", 1, Z_RLE, PNG_FILTER_SUB},
        {"level 6, NONE", 6, Z_DEFAULT_STRATEGY, PNG_FILTER_NONE},
    };
    for (int f = 1; f < argc; f++) {
        cairo_surface_t *image = cairo_image_surface_create_from_png(argv[f]);
        if (cairo_surface_status(image) != CAIRO_STATUS_SUCCESS) {
            fprintf(stderr, "%s: cannot read\n", argv[f]);
            return 1;
        }
        printf("%s\n", argv[f]);
        for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
            double times[REPS];
            size_t size = 0;
            for (int r = 0; r < REPS; r++) {
                double t0 = now_ms();
                size = encode(image, variants[v].level, variants[v].strategy, variants[v].filters);
                times[r] = now_ms() - t0;
            }
            qsort(times, REPS, sizeof times[0], compare_doubles);
            printf("  %-26s %6.2f ms %8zu bytes\n", variants[v].name, times[REPS / 2], size);
        }
        cairo_surface_destroy(image);
    }
    return 0;
}
