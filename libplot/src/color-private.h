/* Colours: parsing, categorical palettes and continuous colour maps. */
#ifndef CPLOT_COLOR_PRIVATE_H
#define CPLOT_COLOR_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct cplot_rgba {
    double r, g, b, a; /* 0..1, not premultiplied */
} cplot_rgba_t;

/* Parses "#rgb", "#rgba", "#rrggbb", "#rrggbbaa" (any case) or a CSS
 * colour keyword (the CSS Color 4 named colours, and "transparent").
 * false, *out untouched, for anything else. */
bool cplot_color_parse(const char *text, cplot_rgba_t *out);
/* The 148 CSS names plus "transparent", NULL-terminated, for docs. */
extern const char *const cplot_color_names[];

/* Categorical palettes. */
typedef struct cplot_palette {
    const char *name;        /* "tableau10", "okabe_ito", ... */
    const char *doc;
    size_t count;
    const unsigned int *rgb; /* 0xRRGGBB entries */
} cplot_palette_t;

/* The palette named `name`, or NULL. Names: "tableau10" (default),
 * "okabe_ito". */
const cplot_palette_t *cplot_palette_find(const char *name);
/* Colour i of a palette, cycling when i >= count. */
cplot_rgba_t cplot_palette_color(const cplot_palette_t *palette, size_t i);
/* NULL-terminated list of palette names, for option tables and docs. */
extern const char *const cplot_palette_names[];

/* Continuous colour maps: 256-entry sequential maps (viridis, magma,
 * inferno, plasma, cividis) and the 11-class ColorBrewer RdBu diverging
 * map, interpolated linearly in sRGB between entries. */
typedef struct cplot_colormap {
    const char *name;
    bool diverging;
    size_t count;
    const unsigned int *rgb; /* 0xRRGGBB entries, low to high */
} cplot_colormap_t;

const cplot_colormap_t *cplot_colormap_find(const char *name);
/* The colour at t in [0, 1] (clamped; NaN gives transparent). */
cplot_rgba_t cplot_colormap_sample(const cplot_colormap_t *map, double t);
extern const char *const cplot_colormap_names[];

/* Relative luminance (WCAG 2) of a colour, 0..1; used to pick dark or light
 * text over a filled cell. */
double cplot_color_luminance(cplot_rgba_t color);

#endif
