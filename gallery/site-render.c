#include "site-render.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Links every file of an unchanged example from the previous site; false
 * when any is missing there (the example is then rendered). */
static bool reuse(shared_t *s, const site_example_t *e, size_t *images)
{
    if (s->force || !s->previous)
        return false;
    const char *old = site_cache_hash(s->cache, e->id);
    if (!old || strcmp(old, e->hash) != 0)
        return false;
    size_t linked = 0;
    bool ok = true;
    for (size_t v = 0; v < site_variant_count && ok; v++) {
        if (!site_variant_applies(&site_variants[v], e))
            continue;
        char *from = file_path(s->previous, e, site_variants[v].suffix);
        char *to = file_path(s->staging, e, site_variants[v].suffix);
        ok = from && to && site_fs_is_file(from) && site_fs_link_or_copy(from, to) == 0;
        linked += ok;
        free(from);
        free(to);
    }
    *images = linked;
    return ok;
}

typedef struct outcome {
    bool ok, reused, io_error;
    size_t images;
    char message[1200];
} outcome_t;

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
     * its chart is then the worker's alone. */
    cplot_spec_t *spec = NULL;
    cplot_status_t status = cplot_spec_parse(e->spec_bytes, e->spec_length, e->spec_path,
                                             s->examples->specs_root, &spec);
    cplot_chart_t *chart = status == CPLOT_STATUS_SUCCESS ? cplot_spec_chart(spec) : NULL;
    if (!chart) {
        snprintf(out->message, sizeof out->message, "%s: %s", e->spec_path,
                 spec && cplot_spec_diagnostic_count(spec) ? cplot_spec_diagnostic(spec, 0)
                                                           : cplot_status_to_string(status));
        cplot_spec_destroy(spec);
        return;
    }
    for (size_t v = 0; v < site_variant_count && status == CPLOT_STATUS_SUCCESS; v++) {
        const site_variant_t *variant = &site_variants[v];
        if (!site_variant_applies(variant, e))
            continue;
        status = cplot_chart_set_number(chart, "width", variant->thumbnail ? SITE_THUMB_WIDTH : e->width);
        if (status == CPLOT_STATUS_SUCCESS)
            status = cplot_chart_set_number(chart, "height", variant->thumbnail ? SITE_THUMB_HEIGHT : e->height);
        if (status == CPLOT_STATUS_SUCCESS)
            status = cplot_chart_set_number(chart, "scale", variant->scale);
        if (status == CPLOT_STATUS_SUCCESS && variant->dark)
            status = cplot_chart_set_string(chart, "theme", "dark");
        char *path = file_path(s->staging, e, variant->suffix);
        if (status == CPLOT_STATUS_SUCCESS)
            status = path ? cplot_chart_write(chart, path, variant->format) : CPLOT_STATUS_NO_MEMORY;
        if (status != CPLOT_STATUS_SUCCESS) {
            const char *message = cplot_chart_error_message(chart);
            snprintf(out->message, sizeof out->message, "%s: %s: %s", e->spec_path,
                     path ? path : variant->suffix, *message ? message : cplot_status_to_string(status));
            out->io_error = status == CPLOT_STATUS_IO_ERROR;
        } else {
            out->images++;
        }
        free(path);
    }
    out->ok = status == CPLOT_STATUS_SUCCESS;
    cplot_spec_destroy(spec);
}

static void *worker(void *argument)
{
    shared_t *s = argument;
    for (;;) {
        pthread_mutex_lock(&s->lock);
        size_t index = s->next++;
        pthread_mutex_unlock(&s->lock);
        if (index >= s->examples->count)
            return NULL;
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
        if (outcome.message[0])
            fprintf(stderr, "%s\n", outcome.message);
        pthread_mutex_unlock(&s->lock);
    }
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
    shared_t s = {.examples = examples, .staging = staging, .previous = previous, .cache = cache,
                  .force = force, .result = result};
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
    pthread_mutex_destroy(&s.lock);
}
