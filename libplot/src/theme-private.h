/* Themes: the colours and type sizes a chart is drawn with. */
#ifndef CPLOT_THEME_PRIVATE_H
#define CPLOT_THEME_PRIVATE_H

#include "color-private.h"

typedef struct cplot_theme {
    const char *name;
    cplot_rgba_t background;  /* the whole canvas */
    cplot_rgba_t panel;       /* behind the data */
    cplot_rgba_t ink;         /* titles and axis titles */
    cplot_rgba_t muted_ink;   /* subtitles, tick labels, legend text */
    cplot_rgba_t grid;
    cplot_rgba_t axis;        /* axis lines and tick marks */
    cplot_rgba_t marker_edge; /* the thin outline that separates markers */
    const char *default_palette;
    const char *default_colormap;
} cplot_theme_t;

/* The theme called `name` ("light", "dark"), or NULL. */
const cplot_theme_t *cplot_theme_find(const char *name);
extern const char *const cplot_theme_names[];

#endif
