#include "stamp-private.h"

#include "memory-private.h"
#include "parallel-private.h"

#include <limits.h>
#include <math.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <immintrin.h>
#endif

#define PHASES 8 /* sub-pixel positions per device pixel and axis */
#if defined(__SSE2__)
#define BLEND_GROUP 4 /* pixels blended at once */
#else
#define BLEND_GROUP 1
#endif
#define MAX_KEYS 64 /* marker styles */
#define STAMPS (MAX_KEYS * PHASES * PHASES)
/* Points come in batches whose slots the caller fills on its threads, so
 * the arithmetic per point (device position, sub-pixel phase, clipping,
 * choice of stamp) is split with the caller's own per-point work; between
 * batches only the stamps a batch needs are rendered (once per stamp, not
 * per point, and on threads too). There are two batches: while one is
 * blended the caller puts the next in the other, in the same tasks, so the
 * threads meet once per batch and putting fills the gaps that uneven strips
 * and threads that start late leave. A batch is blended strip by strip:
 * each task owns a horizontal strip of the plot, walks the whole batch in
 * order and blends only the rows inside its strip, so every pixel gets the
 * same blends in the same order as with one thread, wherever the strips are
 * cut. One strip per thread, cut where the points are split evenly (a
 * coarse histogram of a sample of their rows): every strip reads the whole
 * batch, and eight strips for two threads spent an eighth of the blending
 * time only reading. (Sorting the batch into bands first, for cache
 * locality, cost more than it saved, even on one thread.) */
#define MIN_PLACEMENTS_PER_TASK 1024 /* about 100 µs of blending for 7 px markers */
#define ROW_BUCKETS 64               /* at most, for the histogram of the batch's rows */
#define ROW_SAMPLE_STEP 16           /* every so many slots counted in that histogram */
#define MAX_STRIPS 256               /* cplot_threads_set's maximum */
#define MIN_STAMPS_PER_TASK 8        /* about 60 µs for a 7 px circle with an edge */
#define SMALL_BATCH 256              /* slots inside the stamper, without memory for more */
#define EMPTY_SLOT 0xFFFFu           /* a slot's stamp: a point not drawn */
#define STYLELESS_SLOT 0xFFFEu       /* a slot's stamp: a style that could not be added */

typedef struct stamp_key {
    cplot_marker_t marker;
    double diameter, edge_width;
    cplot_rgba_t fill, edge;
} stamp_key_t;

/* One rendered phase, cropped to the pixels the marker covers: a 7 px
 * circle rendered into a square with room for the widest shape covers a
 * quarter of it, and each row keeps only the run between its first and
 * last covered pixel. Compositing zeros was most of the work. */
typedef struct stamp {
    int left, top;            /* offset of the crop inside the rendered square */
    int width, height;        /* of the crop */
    int *row_begin, *row_end; /* each row's covered run, [begin, end) */
    uint32_t *pixels;         /* premultiplied ARGB32, `width` per row */
    struct group_pair *pairs; /* the runs' groups two by two, or NULL */
    int pair_count;           /* the last one single when `odd` */
    bool odd;
} stamp_t;

/* Two groups of BLEND_GROUP pixels blended at once, wherever they are in
 * the stamp: a 7 px marker's rows are one or two groups long, so blending
 * row by row left half of the eight-pixel blends four pixels wide and
 * spent as long again on loop control. Each pixel is still blended once
 * per placement, so the order of the groups does not matter. */
typedef struct group_pair {
    int source[2];       /* index of each group's first pixel in the stamp's pixels */
    ptrdiff_t target[2]; /* its byte offset on the target from the crop's top-left */
} group_pair_t;

/* Where the markers of one style that touch the clip lie along one
 * axis. A point's device coordinate d is counted in sub-pixel steps as
 * floor(d * PHASES + 0.5), a whole pixel and the nearest of PHASES steps;
 * its marker's square, centred on that pixel, reaches `half` pixels each
 * way. Bounds are kept as values of d * PHASES + 0.5, so that points
 * beyond them (or not a number) are left out by two comparisons before
 * any conversion. */
typedef struct reach {
    double lowest, beyond; /* d * PHASES + 0.5 in [lowest, beyond) touches the clip */
    long long first_step;  /* floor(lowest) */
    int first_corner;      /* the square's first pixel for a point at first_step */
} reach_t;

static reach_t reach_of(int clip_start, int clip_end, int half)
{
    long long first = (long long)clip_start - 1 - half, last = (long long)clip_end + half;
    return (reach_t){(double)(first * PHASES), (double)((last + 1) * PHASES), first * PHASES,
                     (int)(first - half)};
}

typedef struct stamp_set {
    stamp_key_t key;
    int size;             /* square side in device pixels */
    reach_t across, down; /* where its markers touch the clip */
} stamp_set_t;

/* A stamp to blend with its crop's top-left at device (x, y). */
typedef struct placement {
    const stamp_t *stamp;
    int x, y;
} placement_t;

/* A point of a batch: its stamp (style * PHASES² + phase, or EMPTY_SLOT
 * or STYLELESS_SLOT) with the top-left device pixel of the stamp's square
 * (not its crop: the stamp may not be rendered yet when it is put). */
typedef struct slot {
    int x, y;
    uint16_t stamp;
} slot_t;

/* The stamps a batch needs that are not rendered yet. */
typedef struct stamp_list {
    cplot_stamper_t *stamper;
    size_t count, tasks;
    uint16_t indexes[STAMPS]; /* style * PHASES² + phase */
} stamp_list_t;

/* A sealed batch cut into strips of the clip: strip k is the rows
 * [top[k], top[k + 1]), over which the batch's slots are blended. */
typedef struct strips {
    const slot_t *slots;
    size_t slot_count, count;
    int top[MAX_STRIPS + 1];
} strips_t;

/* A point not drawn: its row is above every strip (see blend_strip). */
static const slot_t empty_slot = {0, INT_MIN, EMPTY_SLOT};

/* Blends rows [ya, yb) of the device (inside the clip) of a placed stamp. */
typedef void composite_fn(const cplot_stamper_t *s, const placement_t *p, int ya, int yb);
static composite_fn *fastest_composite(void);

struct cplot_stamper {
    cairo_surface_t *target;
    unsigned char *pixels;
    int stride, width, height;
    uint32_t opaque_bits;                   /* alpha bits to set: RGB24 targets have no alpha */
    composite_fn *composite_rows;           /* with blend_run, or a wider one the CPU offers */
    double scale, dx, dy;                   /* user -> device: x * scale + dx */
    int clip_x0, clip_y0, clip_x1, clip_y1; /* device pixels, exclusive end */
    stamp_set_t sets[MAX_KEYS];
    int set_count;
    int largest_size;                  /* of the sets' squares */
    stamp_t *stamps[STAMPS];           /* by style and phase, rendered when first needed */
    _Atomic uint64_t needed[MAX_KEYS]; /* phases of each style put but not yet rendered */
    atomic_bool styleless;             /* a slot of the batch is STYLELESS_SLOT */
    slot_t *slots[2];                  /* the batches, each `slot_capacity` slots */
    size_t slot_capacity;
    int filling;      /* the batch cplot_stamper_put fills */
    strips_t sealed;  /* the other one, as cplot_stamper_seal left it to blend */
    int bucket_shift; /* a slot's bucket in the histogram of rows: its row >> this */
    slot_t small_slots[2][SMALL_BATCH];
    stamp_list_t to_render; /* render_needed's */
};

cplot_stamper_t *cplot_stamper_create(cairo_t *cr, cplot_rect_t clip)
{
    cairo_surface_t *target = cairo_get_target(cr);
    if (cairo_surface_get_type(target) != CAIRO_SURFACE_TYPE_IMAGE)
        return NULL;
    cairo_format_t format = cairo_image_surface_get_format(target);
    if (format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24)
        return NULL;
    cairo_matrix_t m;
    cairo_get_matrix(cr, &m);
    if (m.xy != 0 || m.yx != 0 || m.xx != m.yy || !(m.xx > 0))
        return NULL;
    double offset_x, offset_y;
    cairo_surface_get_device_offset(target, &offset_x, &offset_y);
    cplot_stamper_t *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    cairo_surface_flush(target);
    s->target = target;
    s->pixels = cairo_image_surface_get_data(target);
    s->stride = cairo_image_surface_get_stride(target);
    s->width = cairo_image_surface_get_width(target);
    s->height = cairo_image_surface_get_height(target);
    s->opaque_bits = format == CAIRO_FORMAT_RGB24 ? 0xFF000000u : 0;
    s->composite_rows = fastest_composite();
    s->slots[0] = s->small_slots[0];
    s->slots[1] = s->small_slots[1];
    s->slot_capacity = SMALL_BATCH;
    s->scale = m.xx;
    s->dx = m.x0 + offset_x;
    s->dy = m.y0 + offset_y;
    /* The clip, snapped outwards as cairo's would be for a rectangle, then
     * cut to the surface. */
    s->clip_x0 = (int)fmax(0, floor(clip.x * s->scale + s->dx));
    s->clip_y0 = (int)fmax(0, floor(clip.y * s->scale + s->dy));
    s->clip_x1 = (int)fmin(s->width, ceil(cplot_rect_right(clip) * s->scale + s->dx));
    s->clip_y1 = (int)fmin(s->height, ceil(cplot_rect_bottom(clip) * s->scale + s->dy));
    if (!s->pixels) {
        free(s);
        return NULL;
    }
    while ((s->clip_y1 - s->clip_y0) >> s->bucket_shift >= ROW_BUCKETS)
        s->bucket_shift++;
    return s;
}

static bool same_color(cplot_rgba_t a, cplot_rgba_t b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

static bool same_key(const stamp_key_t *a, const stamp_key_t *b)
{
    return a->marker == b->marker && a->diameter == b->diameter && a->edge_width == b->edge_width &&
           same_color(a->fill, b->fill) && same_color(a->edge, b->edge);
}

int cplot_stamper_add_style(cplot_stamper_t *s, cplot_marker_t marker, double diameter,
                            cplot_rgba_t fill, double edge_width, cplot_rgba_t edge)
{
    stamp_key_t key = {marker, diameter, edge_width, fill, edge};
    for (int i = 0; i < s->set_count; i++)
        if (same_key(&s->sets[i].key, &key))
            return i;
    if (s->set_count == MAX_KEYS)
        return -1;
    stamp_set_t *set = &s->sets[s->set_count];
    set->key = key;
    double reach = (diameter * 1.35 / 2 + edge_width) * s->scale; /* triangles reach furthest */
    set->size = 2 * (int)ceil(reach) + 4;
    set->across = reach_of(s->clip_x0, s->clip_x1, set->size / 2);
    set->down = reach_of(s->clip_y0, s->clip_y1, set->size / 2);
    s->largest_size = set->size > s->largest_size ? set->size : s->largest_size;
    return s->set_count++;
}

/* The marker drawn exactly as the path code draws it, centred at the
 * given sub-pixel phase of the stamp's middle pixel. */
static cairo_surface_t *render_phase(const cplot_stamper_t *s, const stamp_set_t *set, int phase_x,
                                     int phase_y)
{
    cairo_surface_t *image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, set->size, set->size);
    cairo_t *cr = cairo_create(image);
    const stamp_key_t *k = &set->key;
    double cx = set->size / 2 + (double)phase_x / PHASES,
           cy = set->size / 2 + (double)phase_y / PHASES;
    cairo_translate(cr, cx, cy);
    cairo_scale(cr, s->scale, s->scale);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cplot_marker_path(cr, k->marker, 0, 0, k->diameter);
    cairo_set_source_rgba(cr, k->fill.r, k->fill.g, k->fill.b, k->fill.a);
    if (cplot_marker_is_stroked(k->marker)) {
        cairo_set_line_width(cr, fmax(1, k->diameter / 6));
        cairo_stroke(cr);
    } else if (k->edge_width > 0) {
        cairo_fill_preserve(cr);
        cairo_set_line_width(cr, k->edge_width);
        cairo_set_source_rgba(cr, k->edge.r, k->edge.g, k->edge.b, k->edge.a);
        cairo_stroke(cr);
    } else {
        cairo_fill(cr);
    }
    cairo_destroy(cr);
    cairo_surface_flush(image);
    if (cairo_surface_status(image) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(image);
        return NULL;
    }
    return image;
}

/* Premultiplied pixels have no channel above their alpha; the blend below
 * relies on it to skip saturation (see blend_over). */
static bool premultiplied(uint32_t p)
{
    uint32_t alpha = p >> 24;
    return ((p >> 16) & 0xFF) <= alpha && ((p >> 8) & 0xFF) <= alpha && (p & 0xFF) <= alpha;
}

/* The rendered square cropped to its covered pixels, or NULL (no memory,
 * or pixels that are not premultiplied). */
static stamp_t *crop(cairo_surface_t *image)
{
    int size = cairo_image_surface_get_width(image);
    const unsigned char *data = cairo_image_surface_get_data(image);
    int stride = cairo_image_surface_get_stride(image);
    int x0 = size, y0 = size, x1 = 0, y1 = 0;
    for (int y = 0; y < size; y++) {
        const uint32_t *row = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
        for (int x = 0; x < size; x++) {
            if (!premultiplied(row[x]))
                return NULL;
            if (row[x] != 0) {
                x0 = x < x0 ? x : x0, x1 = x + 1 > x1 ? x + 1 : x1;
                y0 = y < y0 ? y : y0, y1 = y + 1;
            }
        }
    }
    if (x1 <= x0)
        x0 = y0 = x1 = y1 = 0; /* nothing covered: an empty stamp */
    /* Rows are padded with transparent pixels (which blend to the
     * destination unchanged) to whole groups of BLEND_GROUP, so the
     * group-at-a-time blend needs no one-by-one tail inside the plot. */
    int covered = x1 - x0, width = (covered + BLEND_GROUP - 1) / BLEND_GROUP * BLEND_GROUP;
    int height = y1 - y0;
    stamp_t *stamp = malloc(sizeof *stamp + (size_t)height * 2 * sizeof(int) +
                            (size_t)width * (size_t)height * sizeof(uint32_t));
    if (!stamp)
        return NULL;
    *stamp = (stamp_t){.left = x0, .top = y0, .width = width, .height = height};
    stamp->row_begin = (int *)(stamp + 1);
    stamp->row_end = stamp->row_begin + height;
    stamp->pixels = (uint32_t *)(stamp->row_end + height);
    for (int y = 0; y < height; y++) {
        const uint32_t *row =
            (const uint32_t *)(const void *)(data + (size_t)(y + y0) * (size_t)stride) + x0;
        uint32_t *copy = stamp->pixels + (size_t)y * (size_t)width;
        memcpy(copy, row, (size_t)covered * sizeof(uint32_t));
        memset(copy + covered, 0, (size_t)(width - covered) * sizeof(uint32_t));
        int begin = 0, end = covered;
        while (begin < end && row[begin] == 0)
            begin++;
        while (end > begin && row[end - 1] == 0)
            end--;
        int length = (end - begin + BLEND_GROUP - 1) / BLEND_GROUP * BLEND_GROUP;
        end = begin + length;
        if (end > width)
            begin = width - length, end = width;
        stamp->row_begin[y] = begin;
        stamp->row_end[y] = end;
    }
    return stamp;
}

/* Lists the stamp's groups in pairs for a target of `stride` bytes a row;
 * without memory the stamp is blended row by row. */
static void pair_groups(stamp_t *stamp, int stride)
{
    size_t groups = 0;
    for (int y = 0; y < stamp->height; y++)
        groups += (size_t)(stamp->row_end[y] - stamp->row_begin[y]) / BLEND_GROUP;
    if (groups == 0 || !(stamp->pairs = malloc((groups + 1) / 2 * sizeof *stamp->pairs)))
        return;
    size_t group = 0;
    for (int y = 0; y < stamp->height; y++)
        for (int x = stamp->row_begin[y]; x < stamp->row_end[y]; x += BLEND_GROUP, group++) {
            group_pair_t *pair = &stamp->pairs[group / 2];
            pair->source[group % 2] = y * stamp->width + x;
            pair->target[group % 2] = (ptrdiff_t)y * stride + (ptrdiff_t)x * 4;
        }
    stamp->pair_count = (int)((groups + 1) / 2);
    stamp->odd = groups % 2 == 1;
}

static stamp_t *make_stamp(const cplot_stamper_t *s, const stamp_set_t *set, int phase_x,
                           int phase_y)
{
    cairo_surface_t *image = render_phase(s, set, phase_x, phase_y);
    if (!image)
        return NULL;
    stamp_t *stamp = crop(image);
    cairo_surface_destroy(image);
    if (stamp)
        pair_groups(stamp, s->stride);
    return stamp;
}

static void stamp_free(stamp_t *stamp)
{
    if (stamp)
        free(stamp->pairs);
    free(stamp);
}

#define LANES 0x00FF00FF00FF00FFull

/* OVER of a premultiplied source pixel onto a destination pixel: per
 * channel src + dst * (1 - src_alpha), rounded as pixman's MUL_UN8 does,
 * all four channels in one 64-bit multiply (each in a 16-bit lane).
 * A channel cannot pass 255 because src <= src_alpha and the product is
 * at most 255 - src_alpha, so no saturation is needed; an opaque source
 * gives src and a transparent one dst exactly. */
static inline uint32_t blend_over(uint32_t src, uint32_t dst)
{
    uint64_t inverse = 255 - (src >> 24);
    uint64_t lanes = ((uint64_t)dst | ((uint64_t)dst << 24)) & LANES; /* 00AA 00GG 00RR 00BB */
    uint64_t t = lanes * inverse + 0x0080008000800080ull;
    t = ((t + ((t >> 8) & LANES)) >> 8) & LANES;
    return src + (uint32_t)(t | (t >> 24));
}

#if defined(__SSE2__)
/* blend_over on four pixels at once: the same arithmetic in 16-bit lanes
 * (SSE2 is part of every x86-64), so the bytes are the same. */
static inline __attribute__((always_inline)) void blend_four(const uint32_t *in, uint32_t *out,
                                                             __m128i bits)
{
    const __m128i zero = _mm_setzero_si128(), half = _mm_set1_epi16(0x80);
    const __m128i all = _mm_set1_epi32(255);
    __m128i src = _mm_loadu_si128((const __m128i *)(const void *)in);
    __m128i dst = _mm_loadu_si128((const __m128i *)(void *)out);
    __m128i inverse = _mm_sub_epi32(all, _mm_srli_epi32(src, 24));
    inverse = _mm_or_si128(inverse, _mm_slli_epi32(inverse, 16)); /* in both halves */
    __m128i low = _mm_unpacklo_epi8(dst, zero), high = _mm_unpackhi_epi8(dst, zero);
    low = _mm_add_epi16(_mm_mullo_epi16(low, _mm_unpacklo_epi32(inverse, inverse)), half);
    high = _mm_add_epi16(_mm_mullo_epi16(high, _mm_unpackhi_epi32(inverse, inverse)), half);
    low = _mm_srli_epi16(_mm_add_epi16(low, _mm_srli_epi16(low, 8)), 8);
    high = _mm_srli_epi16(_mm_add_epi16(high, _mm_srli_epi16(high, 8)), 8);
    __m128i result = _mm_add_epi8(_mm_packus_epi16(low, high), src);
    _mm_storeu_si128((__m128i *)(void *)out, _mm_or_si128(result, bits));
}

static const uint32_t *blend_four_at_a_time(const uint32_t *in, uint32_t *out, int *count,
                                            uint32_t opaque_bits)
{
    const __m128i bits = _mm_set1_epi32((int)opaque_bits);
    for (; *count >= 4; *count -= 4, in += 4, out += 4)
        blend_four(in, out, bits);
    return in;
}
#endif

/* Blends `count` pixels of a row. Inlined into the compositing loop: a
 * call per row of a 7 px marker was a third of the blending. */
static inline __attribute__((always_inline)) void blend_run(const uint32_t *in, uint32_t *out,
                                                            int count, uint32_t opaque_bits)
{
#if defined(__SSE2__)
    const uint32_t *start = in;
    in = blend_four_at_a_time(in, out, &count, opaque_bits);
    out += in - start;
#endif
    for (; count > 0; count--, in++, out++)
        *out = blend_over(*in, *out) | opaque_bits;
}

#if defined(__SSE2__) && defined(__GNUC__) && defined(__x86_64__)
#define HAVE_WIDE_BLEND 1
/* blend_four on eight pixels, for CPUs with AVX2 (chosen at run time).
 * The 256-bit unpacks, shuffles and packs work within 128-bit halves, so
 * each half is the four-pixel computation, with two exact shortcuts:
 * 255 - alpha is the alpha byte inverted, spread to its pixel's four
 * 16-bit lanes by one shuffle, and pixman's rounding (t + (t >> 8)) >> 8
 * of t = x * y + 0x80 is the high half of t * 257 (t + (t >> 8) < 2^16;
 * checked for every x and y in 0..255). */
static inline __attribute__((target("avx2"), always_inline)) __m256i
blend_eight_values(__m256i src, __m256i dst, __m256i bits)
{
    const __m256i zero = _mm256_setzero_si256(), half = _mm256_set1_epi16(0x80);
    const __m256i invert = _mm256_set1_epi8(-1), rounding = _mm256_set1_epi16(257);
    const char z = (char)0x80; /* a shuffle index that gives a zero byte */
    const __m256i low_alpha = _mm256_setr_epi8(3, z, 3, z, 3, z, 3, z, 7, z, 7, z, 7, z, 7, z, 3, z,
                                               3, z, 3, z, 3, z, 7, z, 7, z, 7, z, 7, z);
    const __m256i high_alpha =
        _mm256_setr_epi8(11, z, 11, z, 11, z, 11, z, 15, z, 15, z, 15, z, 15, z, 11, z, 11, z, 11,
                         z, 11, z, 15, z, 15, z, 15, z, 15, z);
    __m256i inverse = _mm256_xor_si256(src, invert);
    __m256i low = _mm256_unpacklo_epi8(dst, zero), high = _mm256_unpackhi_epi8(dst, zero);
    low = _mm256_add_epi16(_mm256_mullo_epi16(low, _mm256_shuffle_epi8(inverse, low_alpha)), half);
    high =
        _mm256_add_epi16(_mm256_mullo_epi16(high, _mm256_shuffle_epi8(inverse, high_alpha)), half);
    low = _mm256_mulhi_epu16(low, rounding);
    high = _mm256_mulhi_epu16(high, rounding);
    __m256i result = _mm256_add_epi8(_mm256_packus_epi16(low, high), src);
    return _mm256_or_si256(result, bits);
}

static inline __attribute__((target("avx2"), always_inline)) void
blend_eight(const uint32_t *in, uint32_t *out, __m256i bits)
{
    __m256i src = _mm256_loadu_si256((const __m256i *)(const void *)in);
    __m256i dst = _mm256_loadu_si256((const __m256i *)(void *)out);
    _mm256_storeu_si256((__m256i *)(void *)out, blend_eight_values(src, dst, bits));
}

/* The two groups of a pair as the two halves of one eight-pixel blend. */
static inline __attribute__((target("avx2"), always_inline)) void
blend_pair(const uint32_t *pixels, unsigned char *origin, const group_pair_t *pair, __m256i bits)
{
    const __m128i *in0 = (const __m128i *)(const void *)(pixels + pair->source[0]);
    const __m128i *in1 = (const __m128i *)(const void *)(pixels + pair->source[1]);
    __m128i *out0 = (__m128i *)(void *)(origin + pair->target[0]);
    __m128i *out1 = (__m128i *)(void *)(origin + pair->target[1]);
    __m256i src = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128(in0)),
                                          _mm_loadu_si128(in1), 1);
    __m256i dst = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128(out0)),
                                          _mm_loadu_si128(out1), 1);
    __m256i result = blend_eight_values(src, dst, bits);
    _mm_storeu_si128(out0, _mm256_castsi256_si128(result));
    _mm_storeu_si128(out1, _mm256_extracti128_si256(result, 1));
}

static inline __attribute__((target("avx2"), always_inline)) void
blend_run_wide(const uint32_t *in, uint32_t *out, int count, uint32_t opaque_bits)
{
    const __m256i bits = _mm256_set1_epi32((int)opaque_bits);
    for (; count >= 8; count -= 8, in += 8, out += 8)
        blend_eight(in, out, bits);
    blend_run(in, out, count, opaque_bits);
}
#endif

/* composite_fn with the given blend inlined. */
typedef void blend_fn(const uint32_t *in, uint32_t *out, int count, uint32_t opaque_bits);
static inline __attribute__((always_inline)) void
composite_rows_with(const cplot_stamper_t *s, const placement_t *p, int ya, int yb, blend_fn *blend)
{
    const stamp_t *stamp = p->stamp;
    uint32_t opaque_bits = s->opaque_bits;
    const uint32_t *in = stamp->pixels + (size_t)(ya - p->y) * (size_t)stamp->width;
    const int *row_begin = stamp->row_begin + (ya - p->y), *row_end = stamp->row_end + (ya - p->y);
    unsigned char *line = s->pixels + (size_t)ya * (size_t)s->stride;
    if (p->x >= s->clip_x0 && p->x + stamp->width <= s->clip_x1) {
        /* Wholly inside across, as nearly every point is: no clipping per row. */
        uint32_t *out = (uint32_t *)(void *)line + p->x;
        for (int row = 0; row < yb - ya; row++, in += stamp->width) {
            int begin = row_begin[row];
            blend(in + begin, out + begin, row_end[row] - begin, opaque_bits);
            out = (uint32_t *)(void *)((unsigned char *)out + s->stride);
        }
        return;
    }
    for (int row = 0; row < yb - ya; row++, in += stamp->width, line += s->stride) {
        int xa = p->x + row_begin[row], xb = p->x + row_end[row];
        xa = xa > s->clip_x0 ? xa : s->clip_x0;
        xb = xb < s->clip_x1 ? xb : s->clip_x1;
        if (xa < xb)
            blend(in + (xa - p->x), (uint32_t *)(void *)line + xa, xb - xa, opaque_bits);
    }
}

static void composite_rows(const cplot_stamper_t *s, const placement_t *p, int ya, int yb)
{
    composite_rows_with(s, p, ya, yb, blend_run);
}

#ifdef HAVE_WIDE_BLEND
/* composite_rows for AVX2. A whole unclipped placement, as nearly all
 * are, is blended by its group pairs; one cut by a strip goes row by row,
 * its unclipped rows being whole groups of four (see crop) blended with
 * no one-by-one tail; clipped ones take the general path. */
__attribute__((target("avx2"))) static void
composite_rows_wide(const cplot_stamper_t *s, const placement_t *p, int ya, int yb)
{
    const stamp_t *stamp = p->stamp;
    if (BLEND_GROUP != 4 || p->x < s->clip_x0 || p->x + stamp->width > s->clip_x1) {
        composite_rows_with(s, p, ya, yb, blend_run_wide);
        return;
    }
    const __m256i bits = _mm256_set1_epi32((int)s->opaque_bits);
    if (stamp->pairs && ya == p->y && yb == p->y + stamp->height) {
        unsigned char *origin = s->pixels + (size_t)p->y * (size_t)s->stride + (size_t)p->x * 4;
        /* Locals, or the compiler reloads them after every store. */
        const group_pair_t *pairs = stamp->pairs, *last = pairs + stamp->pair_count - stamp->odd;
        const uint32_t *pixels = stamp->pixels;
        bool odd = stamp->odd;
        for (; pairs < last; pairs++)
            blend_pair(pixels, origin, pairs, bits);
        if (odd)
            blend_four(pixels + pairs->source[0], (uint32_t *)(void *)(origin + pairs->target[0]),
                       _mm256_castsi256_si128(bits));
        return;
    }
    const uint32_t *in = stamp->pixels + (size_t)(ya - p->y) * (size_t)stamp->width;
    const int *row_begin = stamp->row_begin + (ya - p->y), *row_end = stamp->row_end + (ya - p->y);
    unsigned char *line = s->pixels + (size_t)ya * (size_t)s->stride + (size_t)p->x * 4;
    for (int row = 0; row < yb - ya; row++, in += stamp->width, line += s->stride) {
        int begin = row_begin[row], count = row_end[row] - begin;
        const uint32_t *from = in + begin;
        uint32_t *to = (uint32_t *)(void *)line + begin;
        for (; count >= 8; count -= 8, from += 8, to += 8)
            blend_eight(from, to, bits);
        if (count > 0)
            blend_four(from, to, _mm256_castsi256_si128(bits));
    }
}
#endif

static composite_fn *fastest_composite(void)
{
#ifdef HAVE_WIDE_BLEND
    if (__builtin_cpu_supports("avx2"))
        return composite_rows_wide;
#endif
    return composite_rows;
}

/* The rows [*ya, *yb) of a placement inside rows [top, bottom) of the
 * device; false if none. */
static bool rows_inside(const placement_t *p, int top, int bottom, int *ya, int *yb)
{
    *ya = p->y > top ? p->y : top;
    *yb = p->y + p->stamp->height < bottom ? p->y + p->stamp->height : bottom;
    return *ya < *yb;
}

/* Cuts the clip into `count` strips with about as many of the batch's
 * points each, at bucket boundaries. Where the cuts fall changes only how
 * evenly the work is spread, so a sample of the points' rows is enough. */
static void cut_strips(const cplot_stamper_t *s, strips_t *strips)
{
    size_t bucket_counts[ROW_BUCKETS + 1] = {0}, sampled = 0;
    for (size_t i = 0; i < strips->slot_count; i += ROW_SAMPLE_STEP) {
        const slot_t *slot = &strips->slots[i];
        if (slot->stamp == EMPTY_SLOT)
            continue;
        size_t first_row = slot->y > s->clip_y0 ? (size_t)(slot->y - s->clip_y0) : 0;
        size_t bucket = first_row >> s->bucket_shift;
        bucket_counts[bucket < ROW_BUCKETS ? bucket : ROW_BUCKETS]++;
        sampled++;
    }
    size_t seen = 0, bucket = 0;
    strips->top[0] = s->clip_y0;
    for (size_t k = 1; k < strips->count; k++) {
        while (bucket <= ROW_BUCKETS && seen < cplot_parallel_part_start(sampled, strips->count, k))
            seen += bucket_counts[bucket++];
        int top = s->clip_y0 + (int)(bucket << s->bucket_shift);
        strips->top[k] = top < s->clip_y1 ? top : s->clip_y1;
    }
    strips->top[strips->count] = s->clip_y1;
}

void cplot_stamper_blend_strip(const cplot_stamper_t *s, size_t index)
{
    const strips_t *strips = &s->sealed;
    int top = strips->top[index], bottom = strips->top[index + 1];
    /* A square that starts this high ends above the strip: most points
     * outside the strip, and every empty slot, are passed over by their
     * row alone, before their stamp is looked up. */
    int too_high = top - s->largest_size;
    /* Locals, or the compiler reloads them after every blend. */
    const slot_t *slot = strips->slots, *end = slot + strips->slot_count;
    for (; slot < end; slot++) {
        if (slot->y <= too_high || slot->y >= bottom)
            continue;
        const stamp_t *stamp = s->stamps[slot->stamp];
        placement_t p = {stamp, slot->x + stamp->left, slot->y + stamp->top};
        int ya, yb;
        if (rows_inside(&p, top, bottom, &ya, &yb))
            s->composite_rows(s, &p, ya, yb);
    }
}

static void free_slots(cplot_stamper_t *s)
{
    for (int k = 0; k < 2; k++)
        if (s->slots[k] != s->small_slots[k])
            free(s->slots[k]);
}

size_t cplot_stamper_reserve(cplot_stamper_t *s, size_t count)
{
    if (count > s->slot_capacity) {
        slot_t *first = cplot_alloc_array(count, sizeof *first);
        slot_t *second = cplot_alloc_array(count, sizeof *second);
        if (first && second) {
            free_slots(s);
            s->slots[0] = first;
            s->slots[1] = second;
            s->slot_capacity = count;
        } else {
            free(first);
            free(second);
        }
    }
    return count < s->slot_capacity ? count : s->slot_capacity;
}

/* The first pixel of the square and the phase of a point at
 * `steps` = d * PHASES + 0.5; false when its marker misses the clip. */
static inline bool place_along(const reach_t *reach, double steps, int *corner, int *phase)
{
    if (!(steps >= reach->lowest && steps < reach->beyond))
        return false;
    long long truncated = (long long)steps;
    /* floor, counted from first_step (a multiple of PHASES), so that it is
     * non-negative and dividing by PHASES is a shift */
    unsigned long long from_first =
        (unsigned long long)(truncated - (steps < (double)truncated) - reach->first_step);
    *corner = reach->first_corner + (int)(from_first / PHASES);
    *phase = (int)(from_first % PHASES);
    return true;
}

/* Records that a batch needs a stamp not rendered yet. The bit is read
 * first: after a batch's first points every thread only reads it. */
static void need_stamp(cplot_stamper_t *s, int style, int phase)
{
    uint64_t bit = (uint64_t)1 << phase;
    if (!(atomic_load_explicit(&s->needed[style], memory_order_relaxed) & bit))
        atomic_fetch_or_explicit(&s->needed[style], bit, memory_order_relaxed);
}

/* Points of a style that could not be added: each one drawn would stop
 * the batch; those that are not numbers are not drawn. */
static void put_styleless(cplot_stamper_t *s, slot_t *out, size_t count, const double *x,
                          const double *y)
{
    for (size_t i = 0; i < count; i++) {
        bool drawn = isfinite(x[i]) && isfinite(y[i]);
        out[i] = empty_slot;
        out[i].stamp = drawn ? STYLELESS_SLOT : EMPTY_SLOT;
        if (drawn)
            atomic_store_explicit(&s->styleless, true, memory_order_relaxed);
    }
}

void cplot_stamper_put(cplot_stamper_t *s, size_t slot, size_t count, const double *x,
                       const double *y, int style)
{
    slot_t *out = s->slots[s->filling] + slot;
    if (style < 0 || style >= s->set_count) {
        put_styleless(s, out, count, x, y);
        return;
    }
    const reach_t across = s->sets[style].across, down = s->sets[style].down;
    const double scale = s->scale, dx = s->dx, dy = s->dy;
    stamp_t *const *stamps = s->stamps + style * PHASES * PHASES;
    for (size_t i = 0; i < count; i++) {
        double device_x = x[i] * scale + dx, device_y = y[i] * scale + dy;
        int corner_x, corner_y, phase_x, phase_y;
        if (!place_along(&across, device_x * PHASES + 0.5, &corner_x, &phase_x) ||
            !place_along(&down, device_y * PHASES + 0.5, &corner_y, &phase_y)) {
            out[i] = empty_slot; /* wholly outside the plot, or not a number */
            continue;
        }
        int phase = phase_y * PHASES + phase_x;
        if (!stamps[phase])
            need_stamp(s, style, phase);
        out[i] = (slot_t){corner_x, corner_y, (uint16_t)(style * PHASES * PHASES + phase)};
    }
}

void cplot_stamper_skip(cplot_stamper_t *s, size_t slot, size_t count)
{
    for (size_t i = 0; i < count; i++)
        s->slots[s->filling][slot + i] = empty_slot;
}

/* Rendering the stamps a batch needs is split across threads: each is
 * cairo's work on its own surface, and all 64 phases of a 7 px circle
 * took 0.5 ms, as long as blending 15,000 points. */
static void render_stamps(void *context, size_t index)
{
    stamp_list_t *list = context;
    cplot_stamper_t *s = list->stamper;
    size_t end = cplot_parallel_part_start(list->count, list->tasks, index + 1);
    for (size_t k = cplot_parallel_part_start(list->count, list->tasks, index); k < end; k++) {
        int stamp = list->indexes[k], phase = stamp % (PHASES * PHASES);
        s->stamps[stamp] =
            make_stamp(s, &s->sets[stamp / (PHASES * PHASES)], phase % PHASES, phase / PHASES);
    }
}

/* Renders every stamp the batch needs; false if one could not be. All
 * are tried, so that the first slot without a stamp is the first whose
 * stamp failed, as if they had been rendered point by point. */
static bool render_needed(cplot_stamper_t *s)
{
    stamp_list_t *list = &s->to_render;
    list->stamper = s;
    list->count = 0;
    for (int style = 0; style < s->set_count; style++) {
        uint64_t phases = atomic_exchange_explicit(&s->needed[style], 0, memory_order_relaxed);
        for (int phase = 0; phases; phase++, phases >>= 1)
            if ((phases & 1) && !s->stamps[style * PHASES * PHASES + phase])
                list->indexes[list->count++] = (uint16_t)(style * PHASES * PHASES + phase);
    }
    list->tasks = cplot_parallel_tasks(list->count, MIN_STAMPS_PER_TASK);
    cplot_parallel_run(list->tasks, render_stamps, list);
    bool rendered = true;
    for (size_t k = 0; k < list->count; k++)
        rendered = rendered && s->stamps[list->indexes[k]];
    return rendered;
}

/* The batch's first slot that cannot be stamped, or `count`. */
static size_t first_unstampable(const cplot_stamper_t *s, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        unsigned stamp = s->slots[s->filling][i].stamp;
        if (stamp == STYLELESS_SLOT || (stamp != EMPTY_SLOT && !s->stamps[stamp]))
            return i;
    }
    return count;
}

size_t cplot_stamper_seal(cplot_stamper_t *s, size_t count)
{
    bool rendered = render_needed(s);
    if (!rendered || atomic_exchange_explicit(&s->styleless, false, memory_order_relaxed))
        count = first_unstampable(s, count);
    strips_t *strips = &s->sealed;
    strips->slots = s->slots[s->filling];
    strips->slot_count = count;
    strips->count = count ? cplot_parallel_tasks_per_thread(count, MIN_PLACEMENTS_PER_TASK) : 0;
    strips->count = strips->count < MAX_STRIPS ? strips->count : MAX_STRIPS;
    if (strips->count > 0)
        cut_strips(s, strips);
    s->filling = !s->filling;
    return count;
}

size_t cplot_stamper_strips(const cplot_stamper_t *s)
{
    return s->sealed.count;
}

static void blend_strip(void *context, size_t index)
{
    cplot_stamper_blend_strip(context, index);
}

size_t cplot_stamper_blend(cplot_stamper_t *s, size_t count)
{
    count = cplot_stamper_seal(s, count);
    cplot_parallel_run(cplot_stamper_strips(s), blend_strip, s);
    return count;
}

void cplot_stamper_destroy(cplot_stamper_t *s)
{
    if (!s)
        return;
    free_slots(s);
    for (int i = 0; i < STAMPS; i++)
        stamp_free(s->stamps[i]);
    cairo_surface_mark_dirty(s->target);
    free(s);
}
