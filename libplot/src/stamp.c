#include "stamp-private.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PHASES 8 /* sub-pixel positions per device pixel and axis */
#define MAX_KEYS 64

typedef struct stamp_key {
    cplot_marker_t marker;
    double diameter, edge_width;
    cplot_rgba_t fill, edge;
} stamp_key_t;

typedef struct stamp_set {
    stamp_key_t key;
    int size;                                  /* square side in device pixels */
    cairo_surface_t *phases[PHASES * PHASES];  /* created on first use */
} stamp_set_t;

struct cplot_stamper {
    cairo_surface_t *target;
    unsigned char *pixels;
    int stride, width, height;
    bool opaque_target;        /* RGB24: alpha byte unused */
    double scale, dx, dy;      /* user -> device: x * scale + dx */
    int clip_x0, clip_y0, clip_x1, clip_y1; /* device pixels, exclusive end */
    stamp_set_t sets[MAX_KEYS];
    int set_count;
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
    s->opaque_target = format == CAIRO_FORMAT_RGB24;
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
    return s;
}

static bool same_color(cplot_rgba_t a, cplot_rgba_t b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

static stamp_set_t *find_set(cplot_stamper_t *s, const stamp_key_t *key)
{
    for (int i = 0; i < s->set_count; i++) {
        const stamp_key_t *k = &s->sets[i].key;
        if (k->marker == key->marker && k->diameter == key->diameter &&
            k->edge_width == key->edge_width && same_color(k->fill, key->fill) &&
            same_color(k->edge, key->edge))
            return &s->sets[i];
    }
    if (s->set_count == MAX_KEYS)
        return NULL;
    stamp_set_t *set = &s->sets[s->set_count++];
    memset(set, 0, sizeof *set);
    set->key = *key;
    double reach = (key->diameter * 1.35 / 2 + key->edge_width) * s->scale; /* triangles reach furthest */
    set->size = 2 * (int)ceil(reach) + 4;
    return set;
}

/* The marker drawn exactly as the path code draws it, centred at the
 * given sub-pixel phase of the stamp's middle pixel. */
static cairo_surface_t *render_phase(const cplot_stamper_t *s, const stamp_set_t *set, int phase_x,
                                     int phase_y)
{
    cairo_surface_t *image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, set->size, set->size);
    cairo_t *cr = cairo_create(image);
    const stamp_key_t *k = &set->key;
    double cx = set->size / 2 + (double)phase_x / PHASES, cy = set->size / 2 + (double)phase_y / PHASES;
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

/* OVER of premultiplied ARGB32 source pixels onto the target, inside the
 * clip. */
static void composite(cplot_stamper_t *s, cairo_surface_t *stamp, int x0, int y0)
{
    int size = cairo_image_surface_get_width(stamp);
    const unsigned char *src = cairo_image_surface_get_data(stamp);
    int src_stride = cairo_image_surface_get_stride(stamp);
    int xa = x0 > s->clip_x0 ? x0 : s->clip_x0, ya = y0 > s->clip_y0 ? y0 : s->clip_y0;
    int xb = x0 + size < s->clip_x1 ? x0 + size : s->clip_x1;
    int yb = y0 + size < s->clip_y1 ? y0 + size : s->clip_y1;
    for (int y = ya; y < yb; y++) {
        const uint32_t *in = (const uint32_t *)(src + (size_t)(y - y0) * (size_t)src_stride) + (xa - x0);
        uint32_t *out = (uint32_t *)(s->pixels + (size_t)y * (size_t)s->stride) + xa;
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
            /* Per channel: src + dst * (1 - src_alpha), rounded as pixman's
             * MUL_UN8 does. */
            for (int shift = 0; shift < 32; shift += 8) {
                uint32_t t = ((d >> shift) & 0xFF) * inverse + 0x80;
                t = (t + (t >> 8)) >> 8;
                uint32_t c = ((p >> shift) & 0xFF) + t;
                result |= (c > 255 ? 255 : c) << shift;
            }
            if (s->opaque_target)
                result |= 0xFF000000u;
            *out = result;
        }
    }
}

bool cplot_stamper_draw(cplot_stamper_t *s, cplot_marker_t marker, double diameter,
                        cplot_rgba_t fill, double edge_width, cplot_rgba_t edge, double x, double y)
{
    stamp_key_t key = {marker, diameter, edge_width, fill, edge};
    stamp_set_t *set = find_set(s, &key);
    if (!set)
        return false;
    double device_x = x * s->scale + s->dx, device_y = y * s->scale + s->dy;
    /* Split into a whole pixel and one of PHASES sub-pixel steps. */
    double fx = floor(device_x * PHASES + 0.5) / PHASES, fy = floor(device_y * PHASES + 0.5) / PHASES;
    double px = floor(fx), py = floor(fy);
    int phase_x = (int)((fx - px) * PHASES + 0.5), phase_y = (int)((fy - py) * PHASES + 0.5);
    if (phase_x >= PHASES)
        phase_x = 0, px += 1;
    if (phase_y >= PHASES)
        phase_y = 0, py += 1;
    int index = phase_y * PHASES + phase_x;
    if (!set->phases[index] && !(set->phases[index] = render_phase(s, set, phase_x, phase_y)))
        return false;
    int half = set->size / 2;
    if (px - half > s->clip_x1 || py - half > s->clip_y1 || px + half < s->clip_x0 - 1 ||
        py + half < s->clip_y0 - 1)
        return true; /* wholly outside the plot */
    composite(s, set->phases[index], (int)px - half, (int)py - half);
    return true;
}

void cplot_stamper_destroy(cplot_stamper_t *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->set_count; i++)
        for (int k = 0; k < PHASES * PHASES; k++)
            cairo_surface_destroy(s->sets[i].phases[k]);
    cairo_surface_mark_dirty(s->target);
    free(s);
}
