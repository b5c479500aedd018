/* The chart object and the per-kind classes that draw it. */
#ifndef CPLOT_CHART_PRIVATE_H
#define CPLOT_CHART_PRIVATE_H

#include <stdarg.h>

#include "cplot/cplot.h"
#include "option-private.h"
#include "refcount-private.h"

#define CPLOT_MESSAGE_MAX 1024

typedef struct cplot_figure cplot_figure_t;
struct cplot_label;

/* What a chart kind provides. The option table holds only the kind's own
 * options; the common ones (titles, size, theme, ...) come first in
 * every kind's full table. */
typedef struct cplot_kind_class {
    cplot_kind_t kind;
    const char *name;
    const cplot_option_info_t *options;
    size_t option_count;
    /* Resolves columns, computes statistics and declares the axes and
     * legends (figure.h); errors go to cplot_figure_fail. */
    cplot_status_t (*prepare)(cplot_figure_t *figure);
    /* Draws the marks into figure->layout.plot (clipped there). */
    void (*draw)(cplot_figure_t *figure, cairo_t *cr);
    /* Frees what prepare stored in figure->kind_data. */
    void (*release)(cplot_figure_t *figure);
    /* Places text that belongs to the marks (point labels) once the
     * layout and scales are final; may be NULL. */
    cplot_status_t (*place)(cplot_figure_t *figure);
    /* Lists the labels `place` made, for layout checks (as
     * cplot_figure_labels); may be NULL. */
    size_t (*labels)(const cplot_figure_t *figure, const struct cplot_label **labels, size_t max);
    /* Kinds drawn as a grid of other charts (pair plots) plan their panels
     * here, into figure->panels, after prepare; may be NULL. */
    cplot_status_t (*plan_panels)(cplot_figure_t *figure);
    /* Appends what the kind computed to the "layers" array that
     * `cplot inspect` prints: one object per drawn layer (a histogram per
     * hue group, ...), each with a "mark"; may be NULL. */
    void (*inspect)(const cplot_figure_t *figure, struct cJSON *layers);
} cplot_kind_class_t;

const cplot_kind_class_t *cplot_kind_class(cplot_kind_t kind);
extern const cplot_option_info_t cplot_common_options[];
extern const size_t cplot_common_option_count;

struct cplot_chart {
    cplot_refcount_t refcount;
    const cplot_kind_class_t *klass;
    cplot_table_t *table;
    cplot_value_t *values; /* one per option of the kind's full table */
    size_t value_count;
    cplot_status_t status;  /* the first setter error, sticky */
    char message[CPLOT_MESSAGE_MAX];
    char draw_message[CPLOT_MESSAGE_MAX]; /* the last failed draw's, not sticky */
};

/* Typed reads of option values, for the kinds. `name` must be in the
 * kind's table. Unset options give NAN, NULL, false or count 0. */
const cplot_value_t *cplot_chart_value(const cplot_chart_t *chart, const char *name);
double cplot_chart_number(const cplot_chart_t *chart, const char *name);
const char *cplot_chart_string(const cplot_chart_t *chart, const char *name);
bool cplot_chart_bool(const cplot_chart_t *chart, const char *name);

/* Gives `to` the appearance options of `from` (theme, palette, colour map,
 * font), so the panels of a pair or joint plot look like their figure. */
cplot_status_t cplot_chart_inherit(const cplot_chart_t *from, cplot_chart_t *to);

/* Records the message of a failed draw (not sticky) so that
 * cplot_chart_error_message can return it. */
void cplot_chart_set_draw_message(cplot_chart_t *chart, const char *message);

#endif
