/* PNG encoding of a Cairo image surface: the chunks written directly and
 * the image deflated by cplot_rle_deflate or libdeflate (zlib for huge
 * images; see png.c). cairo's own
 * writer uses the slowest settings (REFERENCE.md: 5-7 ms vs 15-23 ms for
 * 800x600), and libpng's zlib path cost 2.4x the instructions. */
#ifndef CPLOT_PNG_PRIVATE_H
#define CPLOT_PNG_PRIVATE_H

#include <cairo.h>
#include <stdio.h>

#include "cplot/cplot.h"
#include "memory-private.h"

/* Images of two or more segments of whole rows of at most this many
 * bytes (filter byte and pixels) are deflated a segment at a time, on
 * cplot_threads_set's threads, and the pieces joined into one stream;
 * where rows are cut depends on the image's size alone. */
#define CPLOT_PNG_SEGMENT_BYTES ((size_t)768 << 10)

typedef enum cplot_png_compression {
    CPLOT_PNG_FAST = 0,  /* "up" filter, cplot_rle_deflate: the default */
    CPLOT_PNG_SMALL = 1, /* libdeflate level 9, no filter: smallest chart files */
    /* Or'ed with either: deflated in one piece, never in segments on the
     * render's threads (for callers that already render one image per
     * core, where segments gain nothing and cost a little size, and with
     * CPLOT_PNG_SMALL libdeflate's walk). */
    CPLOT_PNG_WHOLE = 2
} cplot_png_compression_t;

/* Encodes an ARGB32 or RGB24 image surface. Opaque images (RGB24, or
 * ARGB32 whose every alpha is 255) are written as 8-bit RGB, others as
 * 8-bit RGBA with premultiplication undone. The output is deterministic:
 * no time stamps or other varying chunks. `pixels_per_meter` (0 to omit)
 * records the physical resolution in a pHYs chunk. */
cplot_status_t cplot_png_write_file(cairo_surface_t *image, cplot_png_compression_t compression,
                                    unsigned pixels_per_meter, FILE *file);
cplot_status_t cplot_png_write_buffer(cairo_surface_t *image, cplot_png_compression_t compression,
                                      unsigned pixels_per_meter, cplot_buffer_t *out);
/* cplot_png_write_buffer for an image its caller destroys next: the PNG
 * rows are built in the image's own memory when they fit (opaque images),
 * sparing a copy of the whole image, and its pixels are undefined
 * afterwards. */
cplot_status_t cplot_png_write_buffer_consuming(cairo_surface_t *image,
                                                cplot_png_compression_t compression,
                                                unsigned pixels_per_meter, cplot_buffer_t *out);

#endif
