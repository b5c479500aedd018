/* cplot gallery SPECS -o OUT: the static site. Loads the registry and the
 * examples, renders every example's images in parallel (reusing those of
 * unchanged examples), writes every page, and swaps the new site in for
 * the old one atomically. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "site-assets.h"
#include "site-cache.h"
#include "site-example.h"
#include "site-fs.h"
#include "site-output.h"
#include "site-pages.h"
#include "site-publish.h"
#include "site-registry.h"
#include "site-render.h"

static const char usage[] =
    "Usage: cplot gallery SPECS -o OUT [options]\n"
    "\n"
    "Builds the static gallery site from SPECS: registry.json (families, chart\n"
    "types, data shapes, caveats), caveats/ID.md, and one folder per chart type\n"
    "holding its example specs (SPECS/TYPE/NAME.json). Every example is rendered\n"
    "to PNG (1x, 2x, thumbnails, dark variants), SVG and PDF, with a page showing\n"
    "its spec and the equivalent C program.\n"
    "\n"
    "The site is built beside OUT and swapped in whole when complete, so OUT is\n"
    "never left half-written. OUT.lock serialises builds: a second build into the\n"
    "same folder waits for the first (or, with --no-wait, exits with status 3).\n"
    "Examples whose spec, data and library are unchanged reuse the previous\n"
    "build's images. A bad spec is reported and the rest of the site is built.\n"
    "\n"
    "  -o, --output OUT   the site folder (required); must be empty, absent or a\n"
    "                     site this command built\n"
    "  -j, --jobs N       render N examples at a time (default: one per core)\n"
    "  --threads N        threads in all (default: one per core), shared among\n"
    "                     the jobs; the output is the same for any N\n"
    "  --force            render every example again\n"
    "  --no-wait          fail instead of waiting when another build holds the lock\n"
    "  --base-url URL     where the site is published, for sitemap.xml and 404.html\n"
    "  --site DIR         read templates and assets from DIR instead of the built-in\n"
    "                     copy of site/ (for working on the theme)\n"
    "\n"
    "Prints the path of OUT/index.html on standard output and progress and a\n"
    "summary on standard error. Exit status: 0 success, 1 a spec or the registry\n"
    "had errors (the rest was built), 2 usage, 3 input/output error.\n";

typedef struct options {
    const char *specs, *out, *base_url, *site;
    size_t jobs;
    bool force, wait;
} options_t;

static int parse_options(int argc, char **argv, options_t *o)
{
    *o = (options_t){.wait = true};
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    o->jobs = cores > 0 ? (size_t)cores : 1;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        bool has_value = i + 1 < argc;
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(usage, stdout);
            return -1;
        } else if ((strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0) && has_value) {
            o->out = argv[++i];
        } else if ((strcmp(arg, "-j") == 0 || strcmp(arg, "--jobs") == 0) && has_value) {
            char *end;
            long jobs = strtol(argv[++i], &end, 10);
            if (*end || jobs < 1 || jobs > 1024) {
                fprintf(stderr, "cplot gallery: --jobs needs a number from 1 to 1024, not \"%s\"\n", argv[i]);
                return EXIT_USAGE;
            }
            o->jobs = (size_t)jobs;
        } else if (strcmp(arg, "--force") == 0) {
            o->force = true;
        } else if (strcmp(arg, "--no-wait") == 0) {
            o->wait = false;
        } else if (strcmp(arg, "--base-url") == 0 && has_value) {
            o->base_url = argv[++i];
        } else if (strcmp(arg, "--site") == 0 && has_value) {
            o->site = argv[++i];
        } else if (arg[0] == '-' && arg[1] != 0) {
            fprintf(stderr, "cplot gallery: unknown or incomplete option \"%s\"\n\n%s", arg, usage);
            return EXIT_USAGE;
        } else if (!o->specs) {
            o->specs = arg;
        } else {
            fprintf(stderr, "cplot gallery: one SPECS folder (got \"%s\" and \"%s\")\n", o->specs, arg);
            return EXIT_USAGE;
        }
    }
    if (!o->specs || !o->out) {
        fprintf(stderr, "cplot gallery: %s is required\n\n%s", !o->specs ? "SPECS" : "-o OUT", usage);
        return EXIT_USAGE;
    }
    if (o->base_url && !strstr(o->base_url, "://")) {
        fprintf(stderr, "cplot gallery: --base-url needs an absolute URL such as https://example.org/gallery/\n");
        return EXIT_USAGE;
    }
    if (!site_fs_is_dir(o->specs)) {
        fprintf(stderr, "cplot gallery: %s is not a folder of specs\n", o->specs);
        return EXIT_USAGE;
    }
    return 0;
}

/* Drops the examples whose images failed, so that no page shows them. */
static void keep_rendered(site_examples_t *examples, const bool *ok)
{
    size_t kept = 0;
    for (size_t i = 0; i < examples->count; i++) {
        if (ok[i])
            examples->items[kept++] = examples->items[i];
        else
            site_example_release(&examples->items[i]);
    }
    examples->count = kept;
}

/* Copies of each spec, its C program and (once) each data file, so the
 * downloads on the example pages exist and keep the spec's relative
 * paths working in the downloaded site. */
static void write_downloads(site_output_t *output, const site_examples_t *examples)
{
    for (size_t i = 0; i < examples->count; i++) {
        const site_example_t *e = &examples->items[i];
        size_t n = strlen(e->id) + 8;
        char *name = malloc(n);
        if (!name) {
            output->io_errors++;
            continue;
        }
        snprintf(name, n, "%s.json", e->id);
        site_output_write(output, name, e->spec_bytes, e->spec_length);
        snprintf(name, n, "%s.c", e->id);
        site_output_write(output, name, e->program, strlen(e->program));
        free(name);
        if (!e->data_site_path)
            continue;
        bool copied = false;
        for (size_t j = 0; j < i && !copied; j++)
            copied = examples->items[j].data_site_path
                     && strcmp(examples->items[j].data_site_path, e->data_site_path) == 0;
        if (!copied)
            site_output_copy(output, e->data_path, e->data_site_path);
    }
}

static void write_assets(site_output_t *output, const site_assets_t *assets)
{
    for (size_t i = 0; i < assets->count; i++)
        if (strncmp(assets->items[i].path, "assets/", 7) == 0)
            site_output_write(output, assets->items[i].path, assets->items[i].bytes, assets->items[i].length);
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* Every file besides the images: assets, downloads, pages, the search
 * index, the sitemap and the cache manifest, through `context->output`. */
static void write_pages(site_context_t *context)
{
    site_output_t *output = context->output;
    const site_registry_t *registry = context->registry;
    const site_examples_t *examples = context->examples;
    write_assets(output, context->assets);
    write_downloads(output, examples);
    site_page_home(context);
    for (size_t f = 0; f < registry->family_count; f++)
        site_page_family(context, f);
    for (size_t t = 0; t < registry->type_count; t++)
        site_page_type(context, t);
    for (size_t i = 0; i < examples->count; i++)
        site_page_example(context, i);
    for (size_t c = 0; c < registry->caveat_count; c++)
        site_page_caveat(context, c);
    site_page_which(context);
    site_page_search(context);
    site_page_not_found(context);
    site_write_search_index(context);
    site_write_sitemap(context);
    char *manifest = site_cache_text(examples, NULL);
    if (manifest)
        site_output_write(output, SITE_CACHE_FILE, manifest, strlen(manifest));
    else
        output->io_errors++;
    free(manifest);
}

/* True when the site in `out` is exactly what this build would write:
 * every example unchanged with all its images there, every other file
 * byte-identical, and no file more. The build then touches nothing,
 * which makes a rebuild with nothing changed cost only reading. */
static bool site_is_current(site_context_t context, const char *out, const site_cache_t *cache,
                            site_render_result_t *rendered, size_t *pages)
{
    size_t images;
    if (!site_render_unchanged(context.examples, out, cache, &images))
        return false;
    site_output_t output = {.previous = out, .check_only = true};
    context.output = &output;
    context.template_errors = 0;
    write_pages(&context);
    bool current = !output.differs && output.io_errors == 0 && context.template_errors == 0
                   && site_fs_count_files(out) == (long)(output.files + images);
    site_output_release(&output);
    if (current) {
        *rendered = (site_render_result_t){.reused = context.examples->count, .images = images};
        *pages = output.pages;
    }
    return current;
}

int command_gallery(int argc, char **argv)
{
    options_t o;
    int code = parse_options(argc, argv, &o);
    if (code != 0)
        return code < 0 ? EXIT_OK : code;
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);

    size_t registry_errors = 0;
    site_registry_t registry;
    if (!site_registry_load(o.specs, &registry, &registry_errors))
        return EXIT_INVALID_INPUT;
    site_assets_t assets;
    if (!site_assets_load(o.site, &assets)) {
        site_registry_release(&registry);
        return EXIT_IO;
    }
    char identity[1200];
    site_library_identity(identity, sizeof identity);
    site_examples_t examples;
    site_examples_load(o.specs, &registry, identity, &examples);

    site_publish_t publish;
    code = site_publish_begin(o.out, o.wait, &publish);
    if (code != 0) {
        site_publish_end(&publish);
        site_examples_release(&examples);
        site_assets_release(&assets);
        site_registry_release(&registry);
        return code;
    }
    bool have_previous = site_fs_is_dir(publish.out);
    site_cache_t cache = {0};
    if (have_previous)
        site_cache_read(publish.out, &cache);

    site_context_t context = {.registry = &registry, .examples = &examples, .assets = &assets};
    char *base_url = NULL;
    if (o.base_url) {
        size_t n = strlen(o.base_url);
        base_url = malloc(n + 2);
        if (base_url)
            snprintf(base_url, n + 2, "%s%s", o.base_url, n && o.base_url[n - 1] == '/' ? "" : "/");
        context.base_url = base_url;
    }
    site_render_result_t rendered;
    site_output_t output = {.root = publish.staging, .previous = have_previous ? publish.out : NULL};
    size_t examples_found = examples.count;
    bool current = have_previous && !o.force
                   && site_is_current(context, publish.out, &cache, &rendered, &output.pages);
    if (!current) {
        /* Examples already run side by side: each gets its share of the
         * threads, so that jobs x threads stays within what was asked. */
        unsigned per_job = cplot_threads_get() / (unsigned)(o.jobs < 256 ? o.jobs : 256);
        (void)cplot_threads_set(per_job ? per_job : 1);
        site_render_all(&examples, publish.staging, have_previous ? publish.out : NULL, &cache, o.force, o.jobs,
                        &rendered);
        if (rendered.ok)
            keep_rendered(&examples, rendered.ok);
        context.output = &output;
        write_pages(&context);
    }
    site_cache_release(&cache);

    size_t io_errors = examples.io_errors + rendered.io_errors + output.io_errors;
    size_t errors = registry_errors + examples.failed + rendered.failed + context.template_errors + io_errors;
    /* A site missing pages is not published over a good one. */
    bool publishable = output.io_errors == 0 && context.template_errors == 0;
    if (current)
        code = 0;
    else if (publishable)
        code = site_publish_commit(&publish);
    else
        code = EXIT_IO;
    site_publish_end(&publish);

    double seconds = seconds_since(&start);
    size_t total = examples_found + examples.failed;
    fprintf(stderr,
            "%zu example%s (%zu rendered, %zu unchanged, %zu failed), %zu pages, %zu images, "
            "%zu error%s, %.2f s\n",
            total, total == 1 ? "" : "s", rendered.rendered, rendered.reused,
            examples.failed + rendered.failed, output.pages, rendered.images, errors, errors == 1 ? "" : "s",
            seconds);
    if (code == 0) {
        char *index = site_path_join(o.out, "index.html");
        char *real = index ? realpath(index, NULL) : NULL;
        printf("%s\n", real ? real : index ? index : "index.html");
        free(real);
        free(index);
    } else if (!publishable) {
        fprintf(stderr, "cplot gallery: the site was not complete, so %s was left as it was\n", o.out);
    }
    free(base_url);
    site_output_release(&output);
    free(rendered.ok);
    site_examples_release(&examples);
    site_assets_release(&assets);
    site_registry_release(&registry);
    if (code != 0)
        return code;
    if (io_errors)
        return EXIT_IO;
    return errors ? EXIT_INVALID_INPUT : EXIT_OK;
}
