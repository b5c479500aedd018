/* How much faster could scatter markers be drawn? A micro-benchmark of
 * marker drawing strategies on an 800x600 RGB24 cairo surface, with
 * cplot's default style (7 px circles, alpha, 0.6 px edge in the
 * background colour), so the suggestions in the benchmark report carry
 * measured numbers. Not library code: nothing here is used by cplot.
 *
 *   markers N [ALPHA]      (prints one line per strategy: ms, ns/point;
 *                           MARKERS_PATHS=0 skips the slow path strategies)
 *
 *   paths       per point cairo_arc, fill_preserve, set edge colour, stroke
 *               (scatter_draw before commit 18cc18b)
 *   fill-only   the same without the edge stroke (edge_width 0)
 *   stamp-lib   as libplot/src/stamp.c since 18cc18b: the marker (fill +
 *               edge, with alpha) rendered once per 1/8-pixel phase into a
 *               16x16 ARGB32 stamp, composited per point by a scalar OVER
 *               loop over all 256 pixels and 4 channels
 *   stamp-tight the same stamps, but each phase keeps the bounding box of
 *               its non-zero pixels (about 10x10 here) and the OVER does the
 *               three colour channels of an RGB24 target two at a time
 *               (0x00FF00FF masks, pixman's UN8x4 trick)
 *   stamp-pixman the cropped stamps through pixman_image_composite32 OVER
 *               (SIMD) instead of a C loop
 *   stamp-cairo the cropped stamps through cairo_set_source_surface + fill
 *
 * OVER is associative, so a stamp of fill + edge composited once equals
 * drawing fill then edge, up to rounding and the position snap; the mean
 * absolute difference against "paths" is printed.
 */
#include <cairo.h>
#include <math.h>
#include <pixman.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define W 800
#define H 600
#define DIAMETER 7.0
#define EDGE 0.6
#define PHASES 8 /* subpixel positions per axis, as the library */

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Deterministic normal points in a 700x500 plot area (correlated x, y),
 * like the benchmark's scatter data. */
static void make_points(size_t n, double *x, double *y)
{
    uint64_t s = 12345;
    for (size_t i = 0; i < n; i++) {
        double u[2], g[2];
        for (int k = 0; k < 2; k++) {
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            u[k] = ((s >> 11) + 0.5) / 9007199254740992.0;
        }
        g[0] = sqrt(-2 * log(u[0])) * cos(2 * M_PI * u[1]);
        g[1] = sqrt(-2 * log(u[0])) * sin(2 * M_PI * u[1]);
        double vx = g[0], vy = 0.6 * g[0] + 0.8 * g[1];
        x[i] = 450 + vx * 80;
        y[i] = 300 - vy * 70;
    }
}

static void clear(cairo_surface_t *s)
{
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_destroy(cr);
}

static const double R = 0x4E / 255.0, G = 0x79 / 255.0, B = 0xA7 / 255.0;

static void draw_paths(cairo_surface_t *s, size_t n, const double *x, const double *y, double alpha,
                       int edge)
{
    cairo_t *cr = cairo_create(s);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    for (size_t i = 0; i < n; i++) {
        cairo_new_sub_path(cr);
        cairo_arc(cr, x[i], y[i], DIAMETER / 2, 0, 2 * M_PI);
        cairo_close_path(cr);
        cairo_set_source_rgba(cr, R, G, B, alpha);
        if (edge) {
            cairo_fill_preserve(cr);
            cairo_set_line_width(cr, EDGE);
            cairo_set_source_rgba(cr, 1, 1, 1, alpha);
            cairo_stroke(cr);
        } else {
            cairo_fill(cr);
        }
    }
    cairo_destroy(cr);
}

typedef struct stamps {
    int size;                                  /* stamps are size x size */
    cairo_surface_t *surface[PHASES][PHASES]; /* phase (x, y) */
    int x0[PHASES][PHASES], y0[PHASES][PHASES], x1[PHASES][PHASES], y1[PHASES][PHASES]; /* non-zero box */
    cairo_surface_t *cropped[PHASES][PHASES];
    pixman_image_t *image[PHASES][PHASES];    /* of the cropped stamps */
} stamps_t;

static void make_stamps(stamps_t *st, double alpha)
{
    /* The library's size: reach = diameter * 1.35 / 2 + edge (triangles
     * reach furthest), side 2 * ceil(reach) + 4 = 16 for 7 px circles. */
    st->size = 2 * (int)ceil(DIAMETER * 1.35 / 2 + EDGE) + 4;
    for (int py = 0; py < PHASES; py++)
        for (int px = 0; px < PHASES; px++) {
            cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, st->size, st->size);
            cairo_t *cr = cairo_create(s);
            double cx = st->size / 2 + (double)px / PHASES, cy = st->size / 2 + (double)py / PHASES;
            cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
            cairo_new_sub_path(cr);
            cairo_arc(cr, cx, cy, DIAMETER / 2, 0, 2 * M_PI);
            cairo_close_path(cr);
            cairo_set_source_rgba(cr, R, G, B, alpha);
            cairo_fill_preserve(cr);
            cairo_set_line_width(cr, EDGE);
            cairo_set_source_rgba(cr, 1, 1, 1, alpha);
            cairo_stroke(cr);
            cairo_destroy(cr);
            cairo_surface_flush(s);
            st->surface[py][px] = s;
            /* The box of non-zero pixels. */
            const unsigned char *data = cairo_image_surface_get_data(s);
            int stride = cairo_image_surface_get_stride(s);
            int x0 = st->size, y0 = st->size, x1 = 0, y1 = 0;
            for (int y = 0; y < st->size; y++)
                for (int x = 0; x < st->size; x++)
                    if (((const uint32_t *)(const void *)(data + y * stride))[x] >> 24) {
                        x0 = x < x0 ? x : x0;
                        y0 = y < y0 ? y : y0;
                        x1 = x + 1 > x1 ? x + 1 : x1;
                        y1 = y + 1 > y1 ? y + 1 : y1;
                    }
            st->x0[py][px] = x0, st->y0[py][px] = y0, st->x1[py][px] = x1, st->y1[py][px] = y1;
            cairo_surface_t *c = cairo_surface_create_for_rectangle(s, x0, y0, x1 - x0, y1 - y0);
            cairo_surface_t *copy = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, x1 - x0, y1 - y0);
            cairo_t *cc = cairo_create(copy);
            cairo_set_operator(cc, CAIRO_OPERATOR_SOURCE);
            cairo_set_source_surface(cc, c, 0, 0);
            cairo_paint(cc);
            cairo_destroy(cc);
            cairo_surface_destroy(c);
            cairo_surface_flush(copy);
            st->cropped[py][px] = copy;
            st->image[py][px] = pixman_image_create_bits(PIXMAN_a8r8g8b8, x1 - x0, y1 - y0,
                                                         (uint32_t *)cairo_image_surface_get_data(copy),
                                                         cairo_image_surface_get_stride(copy));
        }
}

static void free_stamps(stamps_t *st)
{
    for (int py = 0; py < PHASES; py++)
        for (int px = 0; px < PHASES; px++) {
            pixman_image_unref(st->image[py][px]);
            cairo_surface_destroy(st->cropped[py][px]);
            cairo_surface_destroy(st->surface[py][px]);
        }
}

/* As the library: the point snaps to 1/PHASES of a pixel; the stamp's
 * centre pixel is size/2, so its origin is floor(x) - size/2. */
static void place(const stamps_t *st, double x, int *origin, int *phase)
{
    double f = floor(x * PHASES + 0.5) / PHASES;
    double whole = floor(f);
    int p = (int)((f - whole) * PHASES + 0.5);
    if (p >= PHASES) {
        p = 0;
        whole += 1;
    }
    *origin = (int)whole - st->size / 2;
    *phase = p;
}

typedef struct target {
    unsigned char *pixels;
    int stride;
} target_t;

static target_t target_of(cairo_surface_t *s)
{
    cairo_surface_flush(s);
    return (target_t){cairo_image_surface_get_data(s), cairo_image_surface_get_stride(s)};
}

/* libplot/src/stamp.c's composite(), clip = the whole surface. */
static void over_lib(target_t t, cairo_surface_t *stamp, int x0, int y0)
{
    int size = cairo_image_surface_get_width(stamp);
    const unsigned char *src = cairo_image_surface_get_data(stamp);
    int src_stride = cairo_image_surface_get_stride(stamp);
    int xa = x0 > 0 ? x0 : 0, ya = y0 > 0 ? y0 : 0;
    int xb = x0 + size < W ? x0 + size : W, yb = y0 + size < H ? y0 + size : H;
    for (int y = ya; y < yb; y++) {
        const uint32_t *in = (const uint32_t *)(const void *)(src + (size_t)(y - y0) * (size_t)src_stride) + (xa - x0);
        uint32_t *out = (uint32_t *)(void *)(t.pixels + (size_t)y * (size_t)t.stride) + xa;
        for (int x = xa; x < xb; x++, in++, out++) {
            uint32_t p = *in;
            uint32_t alpha = p >> 24;
            if (alpha == 0)
                continue;
            if (alpha == 255) {
                *out = p;
                continue;
            }
            uint32_t d = *out, inverse = 255 - alpha, result = 0;
            for (int shift = 0; shift < 32; shift += 8) {
                uint32_t v = ((d >> shift) & 0xFF) * inverse + 0x80;
                v = (v + (v >> 8)) >> 8;
                uint32_t c = ((p >> shift) & 0xFF) + v;
                result |= (c > 255 ? 255 : c) << shift;
            }
            *out = result | 0xFF000000u;
        }
    }
}

/* The same arithmetic (pixman's MUL_UN8 rounding; sums of premultiplied
 * OVER never exceed 255), on the stamp's box only, red and blue in one
 * word and green in another. */
static void over_tight(target_t t, const stamps_t *st, int px, int py, int x0, int y0)
{
    cairo_surface_t *stamp = st->surface[py][px];
    const unsigned char *src = cairo_image_surface_get_data(stamp);
    int src_stride = cairo_image_surface_get_stride(stamp);
    int bx0 = x0 + st->x0[py][px], bx1 = x0 + st->x1[py][px];
    int by0 = y0 + st->y0[py][px], by1 = y0 + st->y1[py][px];
    int xa = bx0 > 0 ? bx0 : 0, ya = by0 > 0 ? by0 : 0;
    int xb = bx1 < W ? bx1 : W, yb = by1 < H ? by1 : H;
    for (int y = ya; y < yb; y++) {
        const uint32_t *in = (const uint32_t *)(const void *)(src + (size_t)(y - y0) * (size_t)src_stride) + (xa - x0);
        uint32_t *out = (uint32_t *)(void *)(t.pixels + (size_t)y * (size_t)t.stride) + xa;
        for (int x = xa; x < xb; x++, in++, out++) {
            uint32_t p = *in, inverse = 255 - (p >> 24);
            uint32_t d = *out;
            uint32_t rb = (d & 0x00FF00FFu) * inverse + 0x00800080u;
            rb = ((rb + ((rb >> 8) & 0x00FF00FFu)) >> 8) & 0x00FF00FFu;
            uint32_t g = (d & 0x0000FF00u) * inverse + 0x00008000u;
            g = ((g + ((g >> 8) & 0x0000FF00u)) >> 8) & 0x0000FF00u;
            *out = ((rb | g) + (p & 0x00FFFFFFu)) | 0xFF000000u;
        }
    }
}

static void draw_stamps(cairo_surface_t *s, const stamps_t *st, size_t n, const double *x,
                        const double *y, int tight)
{
    target_t t = target_of(s);
    for (size_t i = 0; i < n; i++) {
        int ox, oy, px, py;
        place(st, x[i], &ox, &px);
        place(st, y[i], &oy, &py);
        if (tight)
            over_tight(t, st, px, py, ox, oy);
        else
            over_lib(t, st->surface[py][px], ox, oy);
    }
    cairo_surface_mark_dirty(s);
}

static void draw_stamps_pixman(cairo_surface_t *s, const stamps_t *st, size_t n, const double *x,
                               const double *y)
{
    cairo_surface_flush(s);
    pixman_image_t *dst = pixman_image_create_bits(PIXMAN_x8r8g8b8, W, H,
                                                   (uint32_t *)cairo_image_surface_get_data(s),
                                                   cairo_image_surface_get_stride(s));
    for (size_t i = 0; i < n; i++) {
        int ox, oy, px, py;
        place(st, x[i], &ox, &px);
        place(st, y[i], &oy, &py);
        pixman_image_composite32(PIXMAN_OP_OVER, st->image[py][px], NULL, dst, 0, 0, 0, 0,
                                 ox + st->x0[py][px], oy + st->y0[py][px],
                                 st->x1[py][px] - st->x0[py][px], st->y1[py][px] - st->y0[py][px]);
    }
    pixman_image_unref(dst);
    cairo_surface_mark_dirty(s);
}

static void draw_stamps_cairo(cairo_surface_t *s, const stamps_t *st, size_t n, const double *x,
                              const double *y)
{
    cairo_t *cr = cairo_create(s);
    for (size_t i = 0; i < n; i++) {
        int ox, oy, px, py;
        place(st, x[i], &ox, &px);
        place(st, y[i], &oy, &py);
        double bx = ox + st->x0[py][px], by = oy + st->y0[py][px];
        cairo_set_source_surface(cr, st->cropped[py][px], bx, by);
        cairo_rectangle(cr, bx, by, st->x1[py][px] - st->x0[py][px], st->y1[py][px] - st->y0[py][px]);
        cairo_fill(cr);
    }
    cairo_destroy(cr);
}

/* Mean absolute difference per channel against the reference image. */
static double difference(cairo_surface_t *a, cairo_surface_t *b)
{
    cairo_surface_flush(a);
    cairo_surface_flush(b);
    const unsigned char *pa = cairo_image_surface_get_data(a), *pb = cairo_image_surface_get_data(b);
    int stride = cairo_image_surface_get_stride(a);
    double sum = 0;
    for (int yy = 0; yy < H; yy++)
        for (int xx = 0; xx < W * 4; xx++)
            if (xx % 4 != 3)
                sum += abs(pa[yy * stride + xx] - pb[yy * stride + xx]);
    return sum / (W * H * 3.0);
}

static void report(const char *name, double ms, size_t n, double baseline, double diff)
{
    printf("%-13s %9.1f ms %7.0f ns/point", name, ms, ms * 1e6 / n);
    if (baseline > 0)
        printf("  %5.1fx faster than stamp-lib", baseline / ms);
    if (diff >= 0)
        printf("  mean |difference| from paths %.2f/255", diff);
    printf("\n");
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 100000;
    double alpha = argc > 2 ? atof(argv[2]) : 0.1;
    bool paths = !getenv("MARKERS_PATHS") || strcmp(getenv("MARKERS_PATHS"), "0") != 0;
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    make_points(n, x, y);
    cairo_surface_t *reference = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
    stamps_t st;
    double t0;
    printf("%zu points, alpha %g, %g px circles with a %g px edge, 800x600 RGB24\n", n, alpha, DIAMETER, EDGE);

    if (paths) {
        clear(reference);
        t0 = now_ms();
        draw_paths(reference, n, x, y, alpha, 1);
        report("paths", now_ms() - t0, n, 0, -1);
        clear(s);
        t0 = now_ms();
        draw_paths(s, n, x, y, alpha, 0);
        report("fill-only", now_ms() - t0, n, 0, -1);
    }
    t0 = now_ms();
    make_stamps(&st, alpha);
    printf("%-13s %9.1f ms (64 phases, %dx%d stamps, boxes about %dx%d)\n", "make stamps", now_ms() - t0,
           st.size, st.size, st.x1[0][0] - st.x0[0][0], st.y1[0][0] - st.y0[0][0]);

    clear(s);
    t0 = now_ms();
    draw_stamps(s, &st, n, x, y, 0);
    double lib = now_ms() - t0;
    report("stamp-lib", lib, n, 0, paths ? difference(reference, s) : -1);

    cairo_surface_t *lib_image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
    clear(lib_image);
    draw_stamps(lib_image, &st, n, x, y, 0);

    clear(s);
    t0 = now_ms();
    draw_stamps(s, &st, n, x, y, 1);
    report("stamp-tight", now_ms() - t0, n, lib, paths ? difference(reference, s) : -1);
    printf("%-13s identical to stamp-lib: %s\n", "", difference(lib_image, s) == 0 ? "yes" : "no");

    clear(s);
    t0 = now_ms();
    draw_stamps_pixman(s, &st, n, x, y);
    report("stamp-pixman", now_ms() - t0, n, lib, paths ? difference(reference, s) : -1);

    clear(s);
    t0 = now_ms();
    draw_stamps_cairo(s, &st, n, x, y);
    report("stamp-cairo", now_ms() - t0, n, lib, paths ? difference(reference, s) : -1);

    free_stamps(&st);
    cairo_surface_destroy(lib_image);
    cairo_surface_destroy(s);
    cairo_surface_destroy(reference);
    free(x);
    free(y);
    return 0;
}
