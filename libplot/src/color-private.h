/* Colours: parsing, categorical palettes and continuous colour maps. */
#ifndef CPLOT_COLOR_PRIVATE_H
#define CPLOT_COLOR_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct cplot_rgba {
    double r, g, b, a; /* 0..1, not premultiplied */
} cplot_rgba_t;

/* Parses "#rgb", "#rgba", "#rrggbb", "#rrggbbaa" (any case) or a CSS
 * colour keyword (the CSS Color 4 named colours, and "transparent", any
 * case). false, *out untouched, for anything else: surrounding whitespace,
 * other lengths, non-hex digits, unknown names, and a NULL text or out. */
bool cplot_color_parse(const char *text, cplot_rgba_t *out);
/* The 148 CSS names plus "transparent", lower case, sorted, NULL-terminated,
 * for docs. */
extern const char *const cplot_color_names[];

/* Categorical palettes. */
typedef struct cplot_palette {
    const char *name;        /* "tableau10", "okabe_ito", ... */
    const char *doc;
    size_t count;
    const unsigned int *rgb; /* 0xRRGGBB entries */
} cplot_palette_t;

/* The palette named `name` (exact, lower case), or NULL (also for NULL).
 * Names: "tableau10" (default), "okabe_ito". Palettes are static: never
 * freed, safe to share between threads. */
const cplot_palette_t *cplot_palette_find(const char *name);
/* Colour i of a palette (opaque), cycling when i >= count; transparent for
 * a NULL or empty palette. */
cplot_rgba_t cplot_palette_color(const cplot_palette_t *palette, size_t i);
/* NULL-terminated list of palette names, for option tables and docs. */
extern const char *const cplot_palette_names[];

/* Continuous colour maps: 256-entry sequential maps (viridis, magma,
 * inferno, plasma, cividis) and the 11-class ColorBrewer RdBu diverging
 * map, interpolated linearly in sRGB between entries. RdBu runs in
 * ColorBrewer's order, red (#67001f) at t = 0 to blue (#053061) at t = 1,
 * as matplotlib's and seaborn's "RdBu" do. */
typedef struct cplot_colormap {
    const char *name;
    bool diverging;
    size_t count;
    const unsigned int *rgb; /* 0xRRGGBB entries, low to high */
} cplot_colormap_t;

/* The map named `name` (exact, lower case), or NULL (also for NULL). Maps
 * are static, like palettes. */
const cplot_colormap_t *cplot_colormap_find(const char *name);
/* The opaque colour at t in [0, 1] (clamped; NaN, or a NULL or empty map,
 * gives transparent {0, 0, 0, 0}). Entry k sits at t = k / (count - 1), so
 * t = 0 and t = 1 give the first and last entries exactly. */
cplot_rgba_t cplot_colormap_sample(const cplot_colormap_t *map, double t);
extern const char *const cplot_colormap_names[];

/* Relative luminance (WCAG 2) of a colour, 0..1; used to pick dark or light
 * text over a filled cell. Alpha is ignored (composite first if it
 * matters); channels are clamped into [0, 1], NaN counting as 0. */
double cplot_color_luminance(cplot_rgba_t color);

/* The 256-entry tables behind the sequential maps, in colormap-data.c,
 * which scripts/gen-colormaps.py writes from matplotlib's own tables. */
#define CPLOT_COLORMAP_TABLE_SIZE 256
extern const unsigned int cplot_colormap_viridis_rgb[CPLOT_COLORMAP_TABLE_SIZE];
extern const unsigned int cplot_colormap_magma_rgb[CPLOT_COLORMAP_TABLE_SIZE];
extern const unsigned int cplot_colormap_inferno_rgb[CPLOT_COLORMAP_TABLE_SIZE];
extern const unsigned int cplot_colormap_plasma_rgb[CPLOT_COLORMAP_TABLE_SIZE];
extern const unsigned int cplot_colormap_cividis_rgb[CPLOT_COLORMAP_TABLE_SIZE];

#endif
