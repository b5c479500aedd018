/* Leaks three things on purpose, the way a bug in cplot would: a block
 * of its own (CANARY-BLOCK), a Pango layout (CANARY-LAYOUT) and a cairo
 * surface (CANARY-SURFACE). valgrind-gallery.sh runs it under memcheck
 * with valgrind.supp and expects each reported as a definite leak at its
 * line: proof that the suppressions hide only what the font and drawing
 * libraries allocate for themselves, never leaks caused by their caller. */
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

static void *volatile sink;

int main(void)
{
    PangoFontMap *map = pango_cairo_font_map_new();
    PangoContext *context = pango_font_map_create_context(map);
    PangoLayout *layout = pango_layout_new(context); /* CANARY-LAYOUT */
    pango_layout_set_text(layout, "a layout nobody releases", -1);
    int width, height;
    pango_layout_get_pixel_size(layout, &width, &height);
    g_object_unref(context);
    g_object_unref(map);
    /* the leaked layout still holds the context, which holds the map */

    char *block = malloc(100); /* CANARY-BLOCK */
    if (block)
        memset(block, width + height, 100);
    sink = block;
    sink = NULL;

    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 16, 16); /* CANARY-SURFACE */
    sink = surface;
    sink = NULL;
    layout = NULL;
    return 0;
}
