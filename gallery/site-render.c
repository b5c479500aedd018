#include "site-render.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "site-fs.h"

/* Light variants come first: they keep the spec's own theme, and the dark
 * ones then only set "theme" on top. */
const site_variant_t site_variants[] = {
    {".png", CPLOT_FORMAT_PNG, false, false, 1, false},
    {"@2x.png", CPLOT_FORMAT_PNG, false, false, 2, true},
    {".svg", CPLOT_FORMAT_SVG, false, false, 1, false},
    {".pdf", CPLOT_FORMAT_PDF, false, false, 1, false},
    {".thumb.png", CPLOT_FORMAT_PNG, true, false, 0.5, false},
    {".thumb@2x.png", CPLOT_FORMAT_PNG, true, false, 1, false},
    {".dark.png", CPLOT_FORMAT_PNG, false, true, 1, false},
    {".dark@2x.png", CPLOT_FORMAT_PNG, false, true, 2, true},
    {".thumb.dark.png", CPLOT_FORMAT_PNG, true, true, 0.5, false},
    {".thumb.dark@2x.png", CPLOT_FORMAT_PNG, true, true, 1, false},
};
const size_t site_variant_count = sizeof site_variants / sizeof site_variants[0];

bool site_variant_applies(const site_variant_t *variant, const site_example_t *example)
{
    return !variant->needs_2x || example->has_2x;
}

typedef struct shared {
    const site_examples_t *examples;
    const char *staging, *previous;
    const site_cache_t *cache;
    bool force;
    const size_t *order; /* examples, most work first */
    pthread_mutex_t lock; /* guards everything below and standard error */
    size_t next, done;
    site_render_result_t *result;
} shared_t;

/* "STAGING/type/name" + suffix. */
static char *file_path(const char *folder, const site_example_t *e, const char *suffix)
{
    size_t n = strlen(folder) + strlen(e->id) + strlen(suffix) + 2;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%s/%s%s", folder, e->id, suffix);
    return path;
}

/* True when the previous build rendered this example from the same
 * spec, data and library. */
static bool unchanged(const site_cache_t *cache, const site_example_t *e)
{
    const char *old = site_cache_hash(cache, e->id);
    return old && strcmp(old, e->hash) == 0;
}

/* Links every file of an unchanged example from the previous site; false
 * when any is missing there (the example is then rendered). */
static bool reuse(shared_t *s, const site_example_t *e, size_t *images)
{
    if (s->force || !s->previous || !unchanged(s->cache, e))
        return false;
    size_t linked = 0;
    bool ok = true;
    for (size_t v = 0; v < site_variant_count && ok; v++) {
        if (!site_variant_applies(&site_variants[v], e))
            continue;
        char *from = file_path(s->previous, e, site_variants[v].suffix);
        char *to = file_path(s->staging, e, site_variants[v].suffix);
        ok = from && to && site_fs_link_or_copy(from, to) == 0;
        linked += ok;
        free(from);
        free(to);
    }
    *images = linked;
    return ok;
}

bool site_render_unchanged(const site_examples_t *examples, const char *previous, const site_cache_t *cache,
                           size_t *images)
{
    *images = 0;
    for (size_t i = 0; i < examples->count; i++) {
        const site_example_t *e = &examples->items[i];
        if (!unchanged(cache, e))
            return false;
        for (size_t v = 0; v < site_variant_count; v++) {
            if (!site_variant_applies(&site_variants[v], e))
                continue;
            char *path = file_path(previous, e, site_variants[v].suffix);
            bool there = path && site_fs_is_file(path);
            free(path);
            if (!there)
                return false;
            ++*images;
        }
    }
    return true;
}

typedef struct outcome {
    bool ok, reused, io_error;
    size_t images;
    cplot_spec_t *invalid; /* a spec the library refused, for its diagnostics */
    char message[1200];
} outcome_t;

/* Variants that share a size and a theme (1x, 2x, SVG, PDF; thumbnail 1x
 * and 2x; each light and dark) follow each other in site_variants: one
 * group is rendered with one cplot_chart_render_many, which prepares the
 * chart once for all of them. */
static size_t group_end(size_t first)
{
    size_t end = first + 1;
    while (end < site_variant_count && site_variants[end].thumbnail == site_variants[first].thumbnail
           && site_variants[end].dark == site_variants[first].dark)
        end++;
    return end;
}

/* Renders the variants [first, end) that apply to the example into
 * data[] (indexed by variant). */
static cplot_status_t render_group(cplot_chart_t *chart, const site_example_t *e, size_t first, size_t end,
                                   unsigned char **data, size_t *sizes)
{
    const site_variant_t *head = &site_variants[first];
    cplot_status_t status = cplot_chart_set_number(chart, "width", head->thumbnail ? SITE_THUMB_WIDTH : e->width);
    if (status == CPLOT_STATUS_SUCCESS)
        status = cplot_chart_set_number(chart, "height", head->thumbnail ? SITE_THUMB_HEIGHT : e->height);
    if (status == CPLOT_STATUS_SUCCESS && head->dark)
        status = cplot_chart_set_string(chart, "theme", "dark");
    cplot_format_t formats[8];
    double scales[8];
    size_t variants[8], count = 0;
    for (size_t v = first; v < end && count < 8; v++)
        if (site_variant_applies(&site_variants[v], e)) {
            formats[count] = site_variants[v].format;
            scales[count] = site_variants[v].scale;
            variants[count++] = v;
        }
    unsigned char *outputs[8];
    size_t output_sizes[8];
    if (status == CPLOT_STATUS_SUCCESS)
        status = cplot_chart_render_many(chart, formats, scales, count, outputs, output_sizes);
    for (size_t i = 0; status == CPLOT_STATUS_SUCCESS && i < count; i++) {
        data[variants[i]] = outputs[i];
        sizes[variants[i]] = output_sizes[i];
    }
    return status;
}

/* Renders every variant of an example from its chart into the staging
 * folder. The files are written in place, not through a temporary name:
 * the staging folder is published whole or not at all. */
static void render_variants(shared_t *s, const site_example_t *e, cplot_chart_t *chart, outcome_t *out)
{
    unsigned char *data[16] = {0};
    size_t sizes[16] = {0};
    /* The jobs already keep every core busy, one example each: PNG
     * segments would gain nothing and cost a little size. */
    if (cplot_chart_set_bool(chart, "png_split", false) != CPLOT_STATUS_SUCCESS)
        snprintf(out->message, sizeof out->message, "%s: %s", e->spec_path,
                 cplot_chart_error_message(chart));
    for (size_t first = 0; first < site_variant_count && !out->message[0]; first = group_end(first)) {
        cplot_status_t status = render_group(chart, e, first, group_end(first), data, sizes);
        if (status != CPLOT_STATUS_SUCCESS) {
            const char *message = cplot_chart_error_message(chart);
            snprintf(out->message, sizeof out->message, "%s: %s%s: %s", e->spec_path, e->id,
                     site_variants[first].suffix, *message ? message : cplot_status_to_string(status));
        }
    }
    for (size_t v = 0; v < site_variant_count && !out->message[0]; v++) {
        if (!data[v])
            continue;
        char *path = file_path(s->staging, e, site_variants[v].suffix);
        if (!path || site_fs_write_new(path, data[v], sizes[v]) != 0) {
            snprintf(out->message, sizeof out->message, "cplot gallery: cannot write %s: %s",
                     path ? path : site_variants[v].suffix, strerror(path ? errno : ENOMEM));
            out->io_error = true;
        } else {
            out->images++;
        }
        free(path);
    }
    for (size_t v = 0; v < site_variant_count; v++)
        cplot_free(data[v]);
    out->ok = !out->message[0];
}

static void render_one(shared_t *s, const site_example_t *e, outcome_t *out)
{
    *out = (outcome_t){0};
    char *folder = file_path(s->staging, e, "");
    char *slash = folder ? strrchr(folder, '/') : NULL;
    if (!folder || !slash) {
        free(folder);
        snprintf(out->message, sizeof out->message, "%s: out of memory", e->spec_path);
        return;
    }
    *slash = 0;
    if (site_fs_mkdirs(folder) != 0) {
        snprintf(out->message, sizeof out->message, "cplot gallery: cannot create %s: %s", folder,
                 strerror(errno));
        out->io_error = true;
        free(folder);
        return;
    }
    free(folder);
    if (reuse(s, e, &out->images)) {
        out->ok = out->reused = true;
        return;
    }
    out->images = 0;
    /* Each worker parses its own spec from the bytes read at load time:
     * its chart is then the worker's alone. This is also where the
     * library checks the spec and its data. */
    cplot_spec_t *spec = NULL;
    cplot_status_t status = cplot_spec_parse(e->spec_bytes, e->spec_length, e->spec_path,
                                             s->examples->specs_root, &spec);
    cplot_chart_t *chart = status == CPLOT_STATUS_SUCCESS ? cplot_spec_chart(spec) : NULL;
    if (!chart) {
        if (spec && cplot_spec_diagnostic_count(spec)) {
            out->invalid = spec;
            return;
        }
        snprintf(out->message, sizeof out->message, "%s: %s", e->spec_path, cplot_status_to_string(status));
        cplot_spec_destroy(spec);
        return;
    }
    render_variants(s, e, chart, out);
    cplot_spec_destroy(spec);
}

static void *worker(void *argument)
{
    shared_t *s = argument;
    for (;;) {
        pthread_mutex_lock(&s->lock);
        size_t next = s->next++;
        pthread_mutex_unlock(&s->lock);
        if (next >= s->examples->count)
            return NULL;
        size_t index = s->order ? s->order[next] : next;
        const site_example_t *e = &s->examples->items[index];
        outcome_t outcome;
        render_one(s, e, &outcome);
        pthread_mutex_lock(&s->lock);
        s->done++;
        site_render_result_t *r = s->result;
        r->ok[index] = outcome.ok;
        r->images += outcome.images;
        r->io_errors += outcome.io_error;
        if (!outcome.ok)
            r->failed++;
        else if (outcome.reused)
            r->reused++;
        else
            r->rendered++;
        fprintf(stderr, "[%zu/%zu] %s%s\n", s->done, s->examples->count, e->id,
                outcome.ok ? (outcome.reused ? " (unchanged)" : "") : " FAILED");
        if (outcome.invalid)
            print_diagnostics(outcome.invalid);
        if (outcome.message[0])
            fprintf(stderr, "%s\n", outcome.message);
        pthread_mutex_unlock(&s->lock);
        cplot_spec_destroy(outcome.invalid);
    }
}

/* The work an example takes, roughly: its data (a scatter of a million
 * points costs a hundred times one of a thousand) and its spec. */
static size_t work_of(const site_example_t *e)
{
    return e->data_length + e->spec_length;
}

typedef struct planned {
    size_t work, index;
} planned_t;

/* Most work first, then in site order. */
static int compare_work(const void *a, const void *b)
{
    const planned_t *x = a, *y = b;
    if (x->work != y->work)
        return x->work < y->work ? 1 : -1;
    return (x->index > y->index) - (x->index < y->index);
}

/* The order in which workers take the examples: largest first, so that
 * the last ones to finish are small and no thread waits long for another
 * (on two cores one large example taken last used to leave one idle).
 * NULL when out of memory: site order then. */
static size_t *work_order(const site_examples_t *examples)
{
    size_t n = examples->count;
    planned_t *plan = calloc(n ? n : 1, sizeof *plan);
    size_t *order = calloc(n ? n : 1, sizeof *order);
    if (!plan || !order) {
        free(plan);
        free(order);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        plan[i] = (planned_t){work_of(&examples->items[i]), i};
    qsort(plan, n, sizeof *plan, compare_work);
    for (size_t i = 0; i < n; i++)
        order[i] = plan[i].index;
    free(plan);
    return order;
}

void site_render_all(const site_examples_t *examples, const char *staging, const char *previous,
                     const site_cache_t *cache, bool force, size_t threads, site_render_result_t *result)
{
    *result = (site_render_result_t){0};
    result->ok = calloc(examples->count ? examples->count : 1, sizeof *result->ok);
    if (!result->ok) {
        result->failed = examples->count;
        return;
    }
    size_t *order = work_order(examples);
    shared_t s = {.examples = examples, .staging = staging, .previous = previous, .cache = cache,
                  .force = force, .order = order, .result = result};
    pthread_mutex_init(&s.lock, NULL);
    if (threads < 1)
        threads = 1;
    if (threads > examples->count)
        threads = examples->count ? examples->count : 1;
    pthread_t *ids = calloc(threads, sizeof *ids);
    size_t started = 0;
    for (size_t i = 0; ids && i + 1 < threads; i++) {
        if (pthread_create(&ids[i], NULL, worker, &s) != 0)
            break;
        started++;
    }
    /* This thread works too: with one worker no thread is started. */
    worker(&s);
    for (size_t i = 0; i < started; i++)
        pthread_join(ids[i], NULL);
    free(ids);
    free(order);
    pthread_mutex_destroy(&s.lock);
}
