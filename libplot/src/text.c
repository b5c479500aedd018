#include "text-private.h"

#include <fontconfig/fontconfig.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* One fontconfig configuration for the process, built from the embedded
 * fonts.conf so no system or user setting can change the output. Building
 * it scans the font directory, so it happens once. */
static pthread_once_t config_once = PTHREAD_ONCE_INIT;
static FcConfig *pinned_config;

static void build_config(void)
{
    FcConfig *config = FcConfigCreate();
    if (!config)
        return;
    if (!FcConfigParseAndLoadFromMemory(config, (const FcChar8 *)cplot_fonts_conf, FcFalse) ||
        !FcConfigBuildFonts(config)) {
        FcConfigDestroy(config);
        return;
    }
    pinned_config = config;
}

cplot_status_t cplot_fonts_make_process_default(void)
{
    pthread_once(&config_once, build_config);
    if (!pinned_config || !FcConfigSetCurrent(pinned_config))
        return CPLOT_STATUS_FONT_ERROR;
    return CPLOT_STATUS_SUCCESS;
}

/* Pango font maps are not safe to share between threads, so each thread
 * that draws gets its own, released when the thread exits. The maps are
 * also listed here, from a global, so that leak checkers see the main
 * thread's map (whose thread-specific destructor never runs) as the
 * reachable cache it is. */
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static pthread_key_t font_map_key;

typedef struct font_map_entry {
    PangoFontMap *map;
    struct font_map_entry *next;
} font_map_entry_t;

static pthread_mutex_t font_maps_lock = PTHREAD_MUTEX_INITIALIZER;
static font_map_entry_t *font_maps;

static void release_font_map(void *map)
{
    pthread_mutex_lock(&font_maps_lock);
    for (font_map_entry_t **link = &font_maps; *link; link = &(*link)->next) {
        if ((*link)->map == map) {
            font_map_entry_t *entry = *link;
            *link = entry->next;
            free(entry);
            break;
        }
    }
    pthread_mutex_unlock(&font_maps_lock);
    g_object_unref(map);
}

static void create_key(void)
{
    pthread_key_create(&font_map_key, release_font_map);
}

static PangoFontMap *thread_font_map(void)
{
    pthread_once(&config_once, build_config);
    pthread_once(&key_once, create_key);
    if (!pinned_config)
        return NULL;
    PangoFontMap *map = pthread_getspecific(font_map_key);
    if (map)
        return map;
    map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    if (!map)
        return NULL;
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), pinned_config);
    font_map_entry_t *entry = malloc(sizeof *entry);
    if (!entry || pthread_setspecific(font_map_key, map) != 0) {
        free(entry);
        g_object_unref(map);
        return NULL;
    }
    pthread_mutex_lock(&font_maps_lock);
    entry->map = map;
    entry->next = font_maps;
    font_maps = entry;
    pthread_mutex_unlock(&font_maps_lock);
    return map;
}

/* Brings the context to the state of drawing on `cr`. Pango marks the
 * context changed on every pango_cairo_update_context, even when nothing
 * differs, and a changed context lays every layout out again: calling it
 * only when the linear matrix or the target's font options differ from
 * the last update keeps measured layouts valid, so a label is shaped once
 * instead of once to measure and again to draw. The state is the same
 * either way (the update would set exactly what is already set), so the
 * pixels are too. */
static void update_context(cairo_t *cr, cplot_fonts_t *fonts)
{
    cairo_matrix_t m;
    cairo_get_matrix(cr, &m);
    double linear[4] = {m.xx, m.yx, m.xy, m.yy};
    bool same = false;
    if (fonts->surface_options && fonts->scratch_options &&
        cairo_font_options_status(fonts->scratch_options) == CAIRO_STATUS_SUCCESS) {
        cairo_surface_get_font_options(cairo_get_target(cr), fonts->scratch_options);
        same = memcmp(linear, fonts->matrix, sizeof linear) == 0 &&
               cairo_font_options_equal(fonts->scratch_options, fonts->surface_options);
    }
    if (same)
        return;
    pango_cairo_update_context(cr, fonts->context);
    memcpy(fonts->matrix, linear, sizeof linear);
    if (fonts->surface_options && fonts->scratch_options) {
        cairo_font_options_t *previous = fonts->surface_options;
        fonts->surface_options = fonts->scratch_options;
        fonts->scratch_options = previous;
    }
}

cplot_status_t cplot_fonts_open(cplot_fonts_t *fonts, const char *family)
{
    memset(fonts, 0, sizeof *fonts);
    PangoFontMap *map = thread_font_map();
    if (!map)
        return CPLOT_STATUS_FONT_ERROR;
    fonts->context = pango_font_map_create_context(map);
    if (!fonts->context)
        return CPLOT_STATUS_NO_MEMORY;
    /* Unhinted outlines and metrics, grayscale antialiasing and unrounded
     * glyph positions: text measures the same at every scale, so a 2x
     * image has exactly the layout of the 1x one. */
    cairo_font_options_t *options = cairo_font_options_create();
    cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_subpixel_order(options, CAIRO_SUBPIXEL_ORDER_DEFAULT);
    pango_cairo_context_set_font_options(fonts->context, options);
    cairo_font_options_destroy(options);
    pango_context_set_round_glyph_positions(fonts->context, FALSE);
    /* Measure in the state drawing onto an image puts the context in (its
     * surface's font options, no rotation or scale): then the layouts of
     * unrotated labels at 1x stay valid when drawn instead of being laid
     * out a second time (Pango redoes a layout when its context changes). */
    fonts->surface_options = cairo_font_options_create();
    fonts->scratch_options = cairo_font_options_create();
    cairo_surface_t *probe = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
    cairo_t *cr = cairo_create(probe);
    update_context(cr, fonts);
    cairo_destroy(cr);
    cairo_surface_destroy(probe);
    fonts->family = family && *family ? family : "DejaVu Sans";
    return CPLOT_STATUS_SUCCESS;
}

void cplot_fonts_close(cplot_fonts_t *fonts)
{
    if (fonts->context)
        g_object_unref(fonts->context);
    if (fonts->surface_options)
        cairo_font_options_destroy(fonts->surface_options);
    if (fonts->scratch_options)
        cairo_font_options_destroy(fonts->scratch_options);
    memset(fonts, 0, sizeof *fonts);
}

cplot_status_t cplot_label_init(cplot_label_t *label, cplot_fonts_t *fonts, const char *text,
                                const cplot_text_style_t *style, cplot_text_fit_t fit,
                                double max_width, int max_lines)
{
    memset(label, 0, sizeof *label);
    label->layout = pango_layout_new(fonts->context);
    if (!label->layout)
        return CPLOT_STATUS_NO_MEMORY;
    PangoFontDescription *font = pango_font_description_new();
    pango_font_description_set_family(font, fonts->family);
    pango_font_description_set_weight(font, style->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(font, style->size * PANGO_SCALE);
    pango_layout_set_font_description(label->layout, font);
    pango_font_description_free(font);
    pango_layout_set_text(label->layout, text ? text : "", -1);
    if (fit != CPLOT_TEXT_NO_LIMIT && max_width > 0) {
        pango_layout_set_width(label->layout, (int)(max_width * PANGO_SCALE));
        if (fit == CPLOT_TEXT_WRAP) {
            pango_layout_set_wrap(label->layout, PANGO_WRAP_WORD_CHAR);
            if (max_lines > 0) {
                /* A negative height asks Pango for at most that many lines,
                 * ellipsizing the last one. */
                pango_layout_set_height(label->layout, -max_lines);
                pango_layout_set_ellipsize(label->layout, PANGO_ELLIPSIZE_END);
            }
        } else {
            pango_layout_set_ellipsize(label->layout, PANGO_ELLIPSIZE_END);
        }
    }
    PangoRectangle logical;
    pango_layout_get_extents(label->layout, NULL, &logical);
    label->width = (double)logical.width / PANGO_SCALE;
    label->height = (double)logical.height / PANGO_SCALE;
    /* With a set width Pango reports the text's own width, which can only
     * be smaller; never report more than the room we gave. */
    if (fit != CPLOT_TEXT_NO_LIMIT && max_width > 0 && label->width > max_width)
        label->width = max_width;
    label->color = style->color;
    return CPLOT_STATUS_SUCCESS;
}

void cplot_label_center_lines(cplot_label_t *label)
{
    pango_layout_set_alignment(label->layout, PANGO_ALIGN_CENTER);
}

void cplot_label_release(cplot_label_t *label)
{
    if (label->layout)
        g_object_unref(label->layout);
    memset(label, 0, sizeof *label);
}

void cplot_label_rotate(cplot_label_t *label, double radians, double *box_width,
                        double *box_height)
{
    label->rotation = radians;
    double c = fabs(cos(radians)), s = fabs(sin(radians));
    /* Right angles give exact boxes rather than 1e-17 slivers. */
    if (c < 1e-12)
        c = 0;
    if (s < 1e-12)
        s = 0;
    label->box.width = label->width * c + label->height * s;
    label->box.height = label->width * s + label->height * c;
    if (box_width)
        *box_width = label->box.width;
    if (box_height)
        *box_height = label->box.height;
}

void cplot_label_place(cplot_label_t *label, double x, double y)
{
    if (label->box.width == 0 && label->box.height == 0)
        cplot_label_rotate(label, label->rotation, NULL, NULL);
    label->box.x = x;
    label->box.y = y;
}

void cplot_label_draw(cairo_t *cr, cplot_fonts_t *fonts, const cplot_label_t *label)
{
    PangoRectangle logical;
    pango_layout_get_extents(label->layout, NULL, &logical);
    cairo_save(cr);
    cairo_translate(cr, label->box.x + label->box.width / 2, label->box.y + label->box.height / 2);
    cairo_rotate(cr, label->rotation);
    /* The logical rectangle of a width-bound layout may start right of 0
     * (centred lines); draw so that its centre lands on the box centre. */
    double left = (double)logical.x / PANGO_SCALE, top = (double)logical.y / PANGO_SCALE;
    double width = (double)logical.width / PANGO_SCALE;
    cairo_move_to(cr, -left - width / 2, -top - label->height / 2);
    cairo_set_source_rgba(cr, label->color.r, label->color.g, label->color.b, label->color.a);
    /* A layout notices a changed context itself (rotation, scale, another
     * surface) and lays itself out again; otherwise the measured one is
     * drawn as it is. */
    update_context(cr, fonts);
    pango_cairo_show_layout(cr, label->layout);
    cairo_restore(cr);
}
