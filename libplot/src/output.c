/* Output: drawing a chart onto a caller's cairo_t, and encoding it as
 * PNG, SVG or PDF into memory or, atomically, into a file. */
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "figure-private.h"
#include "file-private.h"
#include "limits-private.h"
#include "memory-private.h"
#include "png-private.h"


static cplot_status_t draw_failed(cplot_chart_t *chart, cplot_status_t status, const char *message)
{
    cplot_chart_set_draw_message(chart, message);
    return status;
}

/* Draws a figure planned beforehand, so that one plan (statistics, scales
 * and measured text) can serve several outputs of the same size. */
static cplot_status_t draw_planned(cplot_chart_t *chart, cplot_figure_t *figure, cairo_t *cr)
{
    cplot_status_t status = CPLOT_STATUS_SUCCESS;
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        return draw_failed(chart, CPLOT_STATUS_DRAW_ERROR, cairo_status_to_string(cairo_status(cr)));
    cplot_figure_draw(figure, cr);
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
        status = CPLOT_STATUS_DRAW_ERROR;
        snprintf(figure->message, sizeof figure->message, "cairo: %s",
                 cairo_status_to_string(cairo_status(cr)));
    }
    cplot_chart_set_draw_message(chart, status == CPLOT_STATUS_SUCCESS ? "" : figure->message);
    return status;
}

/* Plans the chart at width x height into a new figure (released with
 * release_plan); NULL with the chart's message set on failure. */
static cplot_figure_t *plan(cplot_chart_t *chart, double width, double height, cplot_status_t *status)
{
    cplot_figure_t *figure = malloc(sizeof *figure);
    if (!figure) {
        *status = draw_failed(chart, CPLOT_STATUS_NO_MEMORY, "out of memory");
        return NULL;
    }
    *status = cplot_figure_plan(figure, chart, width, height);
    if (*status != CPLOT_STATUS_SUCCESS) {
        cplot_chart_set_draw_message(chart, figure->message);
        cplot_figure_release(figure);
        free(figure);
        return NULL;
    }
    return figure;
}

static void release_plan(cplot_figure_t *figure)
{
    if (figure)
        cplot_figure_release(figure);
    free(figure);
}

cplot_status_t cplot_chart_draw(cplot_chart_t *chart, cairo_t *cr, double width, double height)
{
    if (!chart || !cr)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        return draw_failed(chart, CPLOT_STATUS_DRAW_ERROR, cairo_status_to_string(cairo_status(cr)));
    cplot_status_t status;
    cplot_figure_t *figure = plan(chart, width, height, &status);
    if (figure)
        status = draw_planned(chart, figure, cr);
    release_plan(figure);
    return status;
}

bool cplot_format_from_path(const char *path, cplot_format_t *format)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (!dot)
        return false;
    static const struct {
        const char *extension;
        cplot_format_t format;
    } table[] = {{".png", CPLOT_FORMAT_PNG}, {".svg", CPLOT_FORMAT_SVG}, {".pdf", CPLOT_FORMAT_PDF}};
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (strcasecmp(dot, table[i].extension) == 0) {
            if (format)
                *format = table[i].format;
            return true;
        }
    }
    return false;
}

static cairo_status_t append_to_buffer(void *closure, const unsigned char *data, unsigned int length)
{
    return cplot_buffer_append(closure, data, length) ? CAIRO_STATUS_SUCCESS
                                                        : CAIRO_STATUS_NO_MEMORY;
}

static cplot_status_t render_png(cplot_chart_t *chart, cplot_figure_t *figure, double width, double height,
                                 double scale, cplot_buffer_t *out)
{
    int pixel_width = (int)ceil(width * scale), pixel_height = (int)ceil(height * scale);
    /* Charts are opaque, so RGB24 is enough and encodes as 3-byte RGB. */
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pixel_width, pixel_height);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surface);
        return draw_failed(chart, CPLOT_STATUS_NO_MEMORY, "out of memory for the image");
    }
    cairo_t *cr = cairo_create(surface);
    cairo_scale(cr, scale, scale);
    cplot_status_t status = draw_planned(chart, figure, cr);
    cairo_destroy(cr);
    if (status == CPLOT_STATUS_SUCCESS) {
        const char *compression = cplot_chart_string(chart, "png_compression");
        bool small = compression && strcmp(compression, "small") == 0;
        int mode = (small ? CPLOT_PNG_SMALL : CPLOT_PNG_FAST) |
                   (cplot_chart_bool(chart, "png_split") ? 0 : CPLOT_PNG_WHOLE);
        /* 96 CSS pixels per inch, times the scale: viewers show a 2x image
         * at the 1x size. */
        unsigned ppm = (unsigned)lround(96.0 / 0.0254 * scale);
        status = cplot_png_write_buffer_consuming(surface, (cplot_png_compression_t)mode, ppm, out);
        if (status != CPLOT_STATUS_SUCCESS)
            cplot_chart_set_draw_message(chart, "PNG encoding failed");
    }
    cairo_surface_destroy(surface);
    return status;
}

/* cairo numbers SVG surfaces ("surface53") and images ("image70") from
 * process-wide counters, so the same chart would get different ids in a
 * long-running process, or in a gallery depending on what rendered first.
 * Renumber each kind in order of appearance so the bytes depend only on
 * the chart. Only ids cairo writes are touched: the word must follow the
 * quote of id="..." or the '#' of a reference, which base64 image data
 * never holds. */
static bool renumber_svg_ids(cplot_buffer_t *svg, const char *word)
{
    const size_t word_length = strlen(word);
    cplot_buffer_t out = {0};
    long seen[256];
    size_t seen_count = 0;
    const char *text = (const char *)svg->data;
    size_t i = 1, copied = 0;
    while (i + word_length < svg->size) {
        if ((text[i - 1] != '"' && text[i - 1] != '#') || memcmp(text + i, word, word_length) != 0 ||
            text[i + word_length] < '0' || text[i + word_length] > '9') {
            i++;
            continue;
        }
        size_t digits = i + word_length;
        long number = 0;
        while (digits < svg->size && text[digits] >= '0' && text[digits] <= '9' && number < 100000000)
            number = number * 10 + (text[digits++] - '0');
        size_t index = 0;
        while (index < seen_count && seen[index] != number)
            index++;
        if (index == seen_count) {
            if (seen_count == sizeof seen / sizeof seen[0]) {
                cplot_buffer_release(&out);
                return true; /* too many to renumber: leave the ids as cairo made them */
            }
            seen[seen_count++] = number;
        }
        if (!cplot_buffer_append(&out, text + copied, i + word_length - copied) ||
            !cplot_buffer_printf(&out, "%zu", index + 1)) {
            cplot_buffer_release(&out);
            return false;
        }
        i = copied = digits;
    }
    if (!cplot_buffer_append(&out, text + copied, svg->size - copied)) {
        cplot_buffer_release(&out);
        return false;
    }
    cplot_buffer_release(svg);
    *svg = out;
    return true;
}

static bool renumber_cairo_svg_ids(cplot_buffer_t *svg)
{
    return renumber_svg_ids(svg, "surface") && renumber_svg_ids(svg, "image");
}

static cplot_status_t render_vector(cplot_chart_t *chart, cplot_figure_t *figure, cplot_format_t format,
                                    double width, double height, cplot_buffer_t *out)
{
    cairo_surface_t *surface;
    if (format == CPLOT_FORMAT_SVG) {
        surface = cairo_svg_surface_create_for_stream(append_to_buffer, out, width, height);
        cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PX);
    } else {
        /* PDF sizes are in points: 72 per inch against 96 CSS pixels. */
        surface = cairo_pdf_surface_create_for_stream(append_to_buffer, out, width * 0.75,
                                                      height * 0.75);
        /* A fixed date keeps the bytes the same from run to run. */
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z");
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "cplot " CPLOT_VERSION_STRING);
    }
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surface);
        return draw_failed(chart, CPLOT_STATUS_NO_MEMORY, "could not create the vector surface");
    }
    cairo_t *cr = cairo_create(surface);
    if (format == CPLOT_FORMAT_PDF)
        cairo_scale(cr, 0.75, 0.75);
    cplot_status_t status = draw_planned(chart, figure, cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    if (status == CPLOT_STATUS_SUCCESS && cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS)
        status = draw_failed(chart, CPLOT_STATUS_DRAW_ERROR,
                             cairo_status_to_string(cairo_surface_status(surface)));
    cairo_surface_destroy(surface);
    if (status == CPLOT_STATUS_SUCCESS && format == CPLOT_FORMAT_SVG && !renumber_cairo_svg_ids(out))
        status = draw_failed(chart, CPLOT_STATUS_NO_MEMORY, "out of memory");
    return status;
}

/* The raster size cap, checked before any pixel is allocated. */
static cplot_status_t check_pixels(cplot_chart_t *chart, double width, double height, double scale)
{
    /* The "pixels" limit (default 50 million, about 200 MB of ARGB pixels
     * while drawing). */
    double limit = (double)cplot_limit(CPLOT_LIMIT_PIXELS);
    if (width * height * scale * scale > limit) {
        char message[200];
        snprintf(message, sizeof message,
                 "%gx%g at scale %g is %.0f pixels; the limit is %.0f (pixels)", width, height, scale,
                 width * height * scale * scale, limit);
        return draw_failed(chart, CPLOT_STATUS_LIMIT_EXCEEDED, message);
    }
    return CPLOT_STATUS_SUCCESS;
}

cplot_status_t cplot_chart_check(cplot_chart_t *chart)
{
    if (!chart)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    if (chart->status != CPLOT_STATUS_SUCCESS)
        return chart->status;
    double width = cplot_chart_number(chart, "width");
    double height = cplot_chart_number(chart, "height");
    cplot_status_t status = check_pixels(chart, width, height, cplot_chart_number(chart, "scale"));
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    cplot_figure_t *figure = plan(chart, width, height, &status);
    if (figure)
        cplot_chart_set_draw_message(chart, "");
    release_plan(figure);
    return status;
}

/* One output of a planned figure, at the chart's size. */
static cplot_status_t render_planned(cplot_chart_t *chart, cplot_figure_t *figure, cplot_format_t format,
                                     double scale, unsigned char **data, size_t *size)
{
    cplot_buffer_t out = {0};
    cplot_status_t status = format == CPLOT_FORMAT_PNG
                                ? render_png(chart, figure, figure->width, figure->height, scale, &out)
                                : render_vector(chart, figure, format, figure->width, figure->height, &out);
    if (status != CPLOT_STATUS_SUCCESS) {
        cplot_buffer_release(&out);
        return status;
    }
    *data = out.data;
    *size = out.size;
    return CPLOT_STATUS_SUCCESS;
}

cplot_status_t cplot_chart_render_many(cplot_chart_t *chart, const cplot_format_t *formats,
                                       const double *scales, size_t count, unsigned char **data,
                                       size_t *sizes)
{
    for (size_t i = 0; data && sizes && i < count; i++) {
        data[i] = NULL;
        sizes[i] = 0;
    }
    if (!chart || (count && (!formats || !scales || !data || !sizes)))
        return CPLOT_STATUS_INVALID_ARGUMENT;
    for (size_t i = 0; i < count; i++)
        if ((unsigned)formats[i] > CPLOT_FORMAT_PDF || !(scales[i] > 0))
            return CPLOT_STATUS_INVALID_ARGUMENT;
    if (chart->status != CPLOT_STATUS_SUCCESS)
        return chart->status;
    double width = cplot_chart_number(chart, "width"), height = cplot_chart_number(chart, "height");
    cplot_status_t status = CPLOT_STATUS_SUCCESS;
    for (size_t i = 0; i < count && status == CPLOT_STATUS_SUCCESS; i++)
        status = check_pixels(chart, width, height, formats[i] == CPLOT_FORMAT_PNG ? scales[i] : 1);
    cplot_figure_t *figure = status == CPLOT_STATUS_SUCCESS && count ? plan(chart, width, height, &status) : NULL;
    for (size_t i = 0; figure && i < count && status == CPLOT_STATUS_SUCCESS; i++)
        status = render_planned(chart, figure, formats[i], scales[i], &data[i], &sizes[i]);
    release_plan(figure);
    if (status != CPLOT_STATUS_SUCCESS)
        for (size_t i = 0; i < count; i++) {
            cplot_free(data[i]);
            data[i] = NULL;
            sizes[i] = 0;
        }
    return status;
}

cplot_status_t cplot_chart_render(cplot_chart_t *chart, cplot_format_t format,
                                  unsigned char **data, size_t *size)
{
    if (data)
        *data = NULL;
    if (size)
        *size = 0;
    if (!chart || !data || !size || (unsigned)format > CPLOT_FORMAT_PDF)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    double scale = chart->status == CPLOT_STATUS_SUCCESS ? cplot_chart_number(chart, "scale") : 1;
    return cplot_chart_render_many(chart, &format, &scale, 1, data, size);
}

cplot_status_t cplot_chart_write(cplot_chart_t *chart, const char *path, cplot_format_t format)
{
    if (!chart || !path)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    unsigned char *data;
    size_t size;
    cplot_status_t status = cplot_chart_render(chart, format, &data, &size);
    if (status != CPLOT_STATUS_SUCCESS)
        return status;
    char message[CPLOT_MESSAGE_MAX];
    status = cplot_write_file_atomically(path, data, size, message, sizeof message);
    if (status != CPLOT_STATUS_SUCCESS)
        cplot_chart_set_draw_message(chart, message);
    free(data);
    return status;
}
