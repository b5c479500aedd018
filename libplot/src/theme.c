#include "theme-private.h"

#include <string.h>

#define RGB(hex) {((hex) >> 16 & 0xFF) / 255.0, ((hex) >> 8 & 0xFF) / 255.0, ((hex) & 0xFF) / 255.0, 1.0}

/* Light: white canvas, quiet grey grid under the data, dark grey ink
 * rather than black so the data stays the loudest thing on the page. */
static const cplot_theme_t light = {
    .name = "light",
    .background = RGB(0xFFFFFF),
    .panel = RGB(0xFFFFFF),
    .ink = RGB(0x222222),
    .muted_ink = RGB(0x555555),
    .grid = RGB(0xE6E6E6),
    .axis = RGB(0x8A8A8A),
    .marker_edge = RGB(0xFFFFFF),
    .default_palette = "tableau10",
    .default_colormap = "viridis",
};

/* Dark: for pages under prefers-color-scheme: dark; the same palette
 * reads well on a near-black panel. */
static const cplot_theme_t dark = {
    .name = "dark",
    .background = RGB(0x181A1F),
    .panel = RGB(0x181A1F),
    .ink = RGB(0xECECEC),
    .muted_ink = RGB(0xB4B4B4),
    .grid = RGB(0x33363D),
    .axis = RGB(0x80848C),
    .marker_edge = RGB(0x181A1F),
    .default_palette = "tableau10",
    .default_colormap = "viridis",
};

const char *const cplot_theme_names[] = {"light", "dark", NULL};

const cplot_theme_t *cplot_theme_find(const char *name)
{
    if (!name)
        return NULL;
    if (strcmp(name, "light") == 0)
        return &light;
    if (strcmp(name, "dark") == 0)
        return &dark;
    return NULL;
}
