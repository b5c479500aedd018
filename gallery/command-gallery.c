/* cplot gallery SPECS -o DIR: renders every example spec under SPECS and
 * writes an index page. (The full site generator grows from here.) */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"

static const char usage[] =
    "Usage: cplot gallery SPECS -o DIR\n"
    "\n"
    "Renders every example spec (SPECS/<type>/<example>.json) to PNG and\n"
    "writes DIR/index.html. A bad spec is reported and the build goes on;\n"
    "the exit status is 1 if any spec failed.\n";

typedef struct example {
    char *spec_path; /* SPECS/type/name.json */
    char *id;        /* type/name */
} example_t;

typedef struct examples {
    example_t *items;
    size_t count, capacity;
} examples_t;

static int compare_examples(const void *a, const void *b)
{
    return strcmp(((const example_t *)a)->id, ((const example_t *)b)->id);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Collects SPECS/<type>/<name>.json; folders named "data" hold data. */
static int collect(const char *root, examples_t *out)
{
    DIR *top = opendir(root);
    if (!top) {
        fprintf(stderr, "cplot gallery: cannot open %s: %s\n", root, strerror(errno));
        return EXIT_IO;
    }
    struct dirent *type;
    while ((type = readdir(top))) {
        if (type->d_name[0] == '.' || strcmp(type->d_name, "data") == 0)
            continue;
        char folder[4096];
        snprintf(folder, sizeof folder, "%s/%s", root, type->d_name);
        DIR *inner = opendir(folder);
        if (!inner)
            continue;
        struct dirent *entry;
        while ((entry = readdir(inner))) {
            if (entry->d_name[0] == '.' || !ends_with(entry->d_name, ".json"))
                continue;
            if (out->count == out->capacity) {
                size_t capacity = out->capacity ? out->capacity * 2 : 64;
                example_t *grown = realloc(out->items, capacity * sizeof *grown);
                if (!grown)
                    break;
                out->items = grown;
                out->capacity = capacity;
            }
            example_t *e = &out->items[out->count];
            size_t n = strlen(folder) + strlen(entry->d_name) + 2;
            e->spec_path = malloc(n);
            e->id = malloc(n);
            if (!e->spec_path || !e->id) {
                free(e->spec_path);
                free(e->id);
                break;
            }
            snprintf(e->spec_path, n, "%s/%s", folder, entry->d_name);
            snprintf(e->id, n, "%s/%.*s", type->d_name, (int)(strlen(entry->d_name) - 5), entry->d_name);
            out->count++;
        }
        closedir(inner);
    }
    closedir(top);
    qsort(out->items, out->count, sizeof *out->items, compare_examples);
    return EXIT_OK;
}

/* Text that reaches HTML is escaped, always: specs are untrusted. */
static void write_escaped(FILE *file, const char *text)
{
    for (const char *p = text; *p; p++) {
        switch (*p) {
        case '&': fputs("&amp;", file); break;
        case '<': fputs("&lt;", file); break;
        case '>': fputs("&gt;", file); break;
        case '"': fputs("&quot;", file); break;
        case '\'': fputs("&#39;", file); break;
        default: fputc(*p, file);
        }
    }
}

static int make_folder(const char *path)
{
    char partial[4096];
    snprintf(partial, sizeof partial, "%s", path);
    for (char *p = partial + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        if (mkdir(partial, 0777) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(partial, 0777) != 0 && errno != EEXIST ? -1 : 0;
}

int command_gallery(int argc, char **argv)
{
    const char *specs = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(usage, stdout);
            return EXIT_OK;
        } else if ((strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) && i + 1 < argc) {
            out = argv[++i];
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "cplot gallery: unknown option \"%s\"\n\n%s", argv[i], usage);
            return EXIT_USAGE;
        } else {
            specs = argv[i];
        }
    }
    if (!specs || !out) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    examples_t examples = {0};
    int code = collect(specs, &examples);
    if (code != EXIT_OK)
        return code;
    if (make_folder(out) != 0) {
        fprintf(stderr, "cplot gallery: cannot create %s: %s\n", out, strerror(errno));
        return EXIT_IO;
    }
    char index_path[4096], temporary[4200];
    snprintf(index_path, sizeof index_path, "%s/index.html", out);
    snprintf(temporary, sizeof temporary, "%s.tmp", index_path);
    FILE *index = fopen(temporary, "w");
    if (!index) {
        fprintf(stderr, "cplot gallery: cannot write %s: %s\n", temporary, strerror(errno));
        return EXIT_IO;
    }
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<title>cplot gallery</title>\n"
          "<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:1200px}"
          "ul{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:1.5rem}"
          "img{width:100%;height:auto;border:1px solid #ddd}</style>\n"
          "</head>\n<body>\n<h1>cplot gallery</h1>\n<ul>\n", index);
    size_t failed = 0, rendered = 0;
    for (size_t i = 0; i < examples.count; i++) {
        example_t *e = &examples.items[i];
        fprintf(stderr, "[%zu/%zu] %s\n", i + 1, examples.count, e->id);
        cplot_spec_t *spec = NULL;
        cplot_status_t status = cplot_spec_load(e->spec_path, specs, &spec);
        char png[4096];
        snprintf(png, sizeof png, "%s/%s.png", out, e->id);
        char *slash = strrchr(png, '/');
        *slash = 0;
        make_folder(png);
        *slash = '/';
        if (status == CPLOT_STATUS_SUCCESS) {
            cplot_chart_t *chart = cplot_spec_chart(spec);
            status = cplot_chart_write(chart, png, CPLOT_FORMAT_PNG);
            if (status != CPLOT_STATUS_SUCCESS)
                fprintf(stderr, "%s: %s\n", e->spec_path, cplot_chart_error_message(chart));
        } else {
            print_diagnostics(spec);
        }
        if (status == CPLOT_STATUS_SUCCESS) {
            rendered++;
            fputs("<li><figure><img src=\"", index);
            write_escaped(index, e->id);
            fputs(".png\" alt=\"\" loading=\"lazy\"><figcaption>", index);
            write_escaped(index, e->id);
            fputs("</figcaption></figure></li>\n", index);
        } else {
            failed++;
        }
        cplot_spec_destroy(spec);
        free(e->spec_path);
        free(e->id);
    }
    free(examples.items);
    fputs("</ul>\n</body>\n</html>\n", index);
    if (fclose(index) != 0 || rename(temporary, index_path) != 0) {
        fprintf(stderr, "cplot gallery: cannot write %s: %s\n", index_path, strerror(errno));
        return EXIT_IO;
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    fprintf(stderr, "%zu examples rendered, %zu failed, %.2f s\n", rendered, failed, seconds);
    printf("%s\n", index_path);
    return failed ? EXIT_INVALID_INPUT : EXIT_OK;
}
