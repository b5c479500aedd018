#include "site-example.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "cplot/cplot.h"
#include "site-buffer.h"
#include "site-ccode.h"
#include "site-fs.h"
#include "site-hash.h"

/* Raised whenever the set or the recipe of the images of an example
 * changes, so that a new generator never reuses an old generator's files. */
#define IMAGE_RECIPE "cplot-gallery-images-2: 1x 2x thumb640x448@0.5,1 dark svg pdf"

static const char *const kind_names[][2] = {
    {"scatter", "Scatter plot"},   {"histogram", "Histogram"},     {"bar", "Bar chart"},
    {"density", "Density plot"},   {"hexbin", "Hexbin plot"},      {"heatmap", "Heatmap"},
    {"correlogram", "Correlogram"}, {"pairplot", "Pair plot"},     {"boxplot", "Box plot"},
    {"violin", "Violin plot"},     {"lollipop", "Lollipop chart"}, {NULL, NULL}};

static const char *kind_display(const char *kind)
{
    for (size_t i = 0; kind_names[i][0]; i++)
        if (strcmp(kind_names[i][0], kind) == 0)
            return kind_names[i][1];
    return NULL;
}

/* A channel's value as words: a column name, or a list of them. */
static void channel_words(site_buffer_t *out, const cJSON *value)
{
    if (cJSON_IsString(value)) {
        site_buffer_puts(out, value->valuestring);
        return;
    }
    size_t count = (size_t)cJSON_GetArraySize(value), i = 0;
    for (const cJSON *item = value->child; item; item = item->next, i++) {
        if (i > 0)
            site_buffer_puts(out, i + 1 == count ? " and " : ", ");
        site_buffer_puts(out, cJSON_IsString(item) ? item->valuestring : "?");
    }
}

/* "Scatter plot of body_mass_g against flipper_length_mm, coloured by
 * species." from the kind and the channel options the spec sets. */
static char *alt_text(const cJSON *root, const char *kind_name, cplot_kind_t kind)
{
    site_buffer_t out = {0};
    const char *display = kind_display(kind_name);
    if (display)
        site_buffer_puts(&out, display);
    else
        site_buffer_printf(&out, "Chart (%s)", kind_name);
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(root, "x");
    const cJSON *y = cJSON_GetObjectItemCaseSensitive(root, "y");
    bool has_x = cJSON_IsString(x) || cJSON_IsArray(x), has_y = cJSON_IsString(y) || cJSON_IsArray(y);
    if (has_x && has_y) {
        site_buffer_puts(&out, " of ");
        channel_words(&out, y);
        site_buffer_puts(&out, " against ");
        channel_words(&out, x);
    } else if (has_x || has_y) {
        site_buffer_puts(&out, " of ");
        channel_words(&out, has_x ? x : y);
    }
    for (const cJSON *member = root->child; member; member = member->next) {
        const cplot_option_info_t *option = cplot_option_find(kind, member->string);
        if (!option || strcmp(option->group, "channel") != 0 || strcmp(member->string, "x") == 0
            || strcmp(member->string, "y") == 0 || !(cJSON_IsString(member) || cJSON_IsArray(member)))
            continue;
        if (strcmp(member->string, "hue") == 0)
            site_buffer_puts(&out, ", coloured by ");
        else if (strcmp(member->string, "size") == 0)
            site_buffer_puts(&out, ", sized by ");
        else
            site_buffer_printf(&out, ", %s ", member->string);
        channel_words(&out, member);
    }
    site_buffer_puts(&out, ".");
    return site_buffer_take(&out);
}

/* "color-by-group" as "Color by group", for an example without a title. */
static char *readable(const char *name)
{
    char *text = strdup(name);
    for (char *p = text; text && *p; p++)
        if (*p == '-' || *p == '_')
            *p = ' ';
    if (text && text[0])
        text[0] = (char)toupper((unsigned char)text[0]);
    return text;
}

static char *string_or_null(const cJSON *root, const char *key)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(root, key);
    return cJSON_IsString(item) ? strdup(item->valuestring) : NULL;
}

/* The option's number in the spec, else its default from the table. */
static int size_option(const cJSON *root, cplot_kind_t kind, const char *name)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(root, name);
    if (cJSON_IsNumber(item))
        return (int)item->valuedouble;
    const cplot_option_info_t *option = cplot_option_find(kind, name);
    return option ? atoi(option->default_value) : 600;
}

/* Where the data file lies relative to the specs root, so that its copy in
 * the site sits where the downloaded spec's relative "url" expects it. */
static char *site_relative(const char *specs_real, const char *file)
{
    char *real = realpath(file, NULL);
    if (!real)
        return NULL;
    size_t n = strlen(specs_real);
    char *result = NULL;
    if (strncmp(real, specs_real, n) == 0 && real[n] == '/')
        result = strdup(real + n + 1);
    free(real);
    return result;
}

void site_example_release(site_example_t *e)
{
    free(e->name);
    free(e->id);
    free(e->spec_path);
    free(e->spec_bytes);
    free(e->kind);
    free(e->title);
    free(e->subtitle);
    free(e->description);
    for (size_t i = 0; i < e->tags.count; i++)
        free(e->tags.items[i]);
    free(e->tags.items);
    for (size_t i = 0; i < e->options.count; i++)
        free(e->options.items[i]);
    free(e->options.items);
    free(e->alt);
    free(e->data_path);
    free(e->data_site_path);
    free(e->program);
}

static bool copy_strings(const char *const *items, size_t count, site_strings_t *out)
{
    out->items = calloc(count ? count : 1, sizeof *out->items);
    if (!out->items)
        return false;
    for (size_t i = 0; i < count; i++) {
        if (!(out->items[i] = strdup(items[i])))
            return false;
        out->count++;
    }
    return true;
}

/* The SHA-256 of each data file, computed once per build: many examples
 * share a data file, and hashing it again for each was most of the time
 * of a rebuild with nothing changed. */
typedef struct data_digest {
    char *path; /* relative to the specs folder, as resolved */
    size_t length;
    char hex[65];
} data_digest_t;

typedef struct site_data_digests {
    data_digest_t *items;
    size_t count, capacity;
} site_data_digests_t;

static void release_digests(site_data_digests_t *digests)
{
    for (size_t i = 0; i < digests->count; i++)
        free(digests->items[i].path);
    free(digests->items);
    *digests = (site_data_digests_t){0};
}

/* The digest of the data file at `path` (`site_path` inside the specs
 * folder), from the table or computed and added; NULL (errno set) if it
 * cannot be read. */
static const data_digest_t *data_digest(site_data_digests_t *digests, const char *site_path, const char *path)
{
    for (size_t i = 0; i < digests->count; i++)
        if (strcmp(digests->items[i].path, site_path) == 0)
            return &digests->items[i];
    if (digests->count == digests->capacity) {
        size_t capacity = digests->capacity ? digests->capacity * 2 : 16;
        data_digest_t *grown = realloc(digests->items, capacity * sizeof *grown);
        if (!grown)
            return NULL;
        digests->items = grown;
        digests->capacity = capacity;
    }
    size_t length = 0;
    char *bytes = site_fs_read(path, (size_t)600 << 20, &length);
    char *key = bytes ? strdup(site_path) : NULL;
    if (!key) {
        free(bytes);
        return NULL;
    }
    data_digest_t *digest = &digests->items[digests->count++];
    digest->path = key;
    digest->length = length;
    site_hash_t hash;
    site_hash_init(&hash);
    site_hash_update(&hash, bytes, length);
    site_hash_hex(&hash, digest->hex);
    free(bytes);
    return digest;
}

/* The spec's "tags": its strings, as the library reads them. */
static bool read_tags(const cJSON *root, site_strings_t *tags)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "tags");
    const char *items[256];
    size_t count = 0;
    for (const cJSON *tag = cJSON_IsArray(list) ? list->child : NULL; tag && count < 256; tag = tag->next)
        if (cJSON_IsString(tag))
            items[count++] = tag->valuestring;
    return copy_strings(items, count, tags);
}

/* Everything the pages show, from the spec's JSON alone: no data is read,
 * so an unchanged example costs no parsing. The library checks the spec
 * (and its data) when the example is rendered; false here only when the
 * JSON or its "chart" is unusable. */
static bool describe(site_example_t *e, const cJSON *root)
{
    const cJSON *chart = cJSON_GetObjectItemCaseSensitive(root, "chart");
    cplot_kind_t kind;
    if (!cJSON_IsString(chart) || !cplot_kind_from_name(chart->valuestring, &kind))
        return false;
    e->kind = strdup(cplot_kind_name(kind));
    e->title = string_or_null(root, "title");
    if (!e->title || !*e->title) {
        free(e->title);
        e->title = readable(e->name);
    }
    e->subtitle = string_or_null(root, "subtitle");
    e->description = string_or_null(root, "description");
    bool ok = read_tags(root, &e->tags);
    const char *options[256];
    size_t option_count = 0;
    for (const cJSON *m = root->child; m && option_count < 256; m = m->next)
        if (cplot_option_find(kind, m->string))
            options[option_count++] = m->string;
    ok = ok && copy_strings(options, option_count, &e->options);
    e->alt = alt_text(root, e->kind, kind);
    e->program = site_c_program(root, e->kind, e->name);
    e->width = size_option(root, kind, "width");
    e->height = size_option(root, kind, "height");
    /* The library refuses rasters over 50 million pixels. */
    e->has_2x = (double)e->width * e->height * 4 <= 50e6;
    return ok && e->kind && e->title && e->alt && e->program;
}

/* Where the spec's data file is, and where its copy goes in the site. A
 * file outside SPECS or not a regular file gets no site path and is not
 * read here: the library reports it when the example is rendered. */
static bool locate_data(site_example_t *e, const cJSON *root, const char *specs_real)
{
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(root, "data");
    const cJSON *url = cJSON_GetObjectItemCaseSensitive(data, "url");
    if (!cJSON_IsString(url))
        return true;
    char *folder = strdup(e->spec_path);
    char *slash = folder ? strrchr(folder, '/') : NULL;
    if (slash)
        *slash = 0;
    e->data_path = folder ? site_path_join(slash ? folder : ".", url->valuestring) : NULL;
    free(folder);
    if (!e->data_path)
        return false;
    if (site_fs_is_file(e->data_path))
        e->data_site_path = site_relative(specs_real, e->data_path);
    return true;
}

/* A spec that cannot be described, or whose data file cannot be found:
 * the library's diagnostics say where and why. */
static void report_unusable(const site_example_t *e, const char *specs)
{
    cplot_spec_t *spec = NULL;
    cplot_status_t status = cplot_spec_parse(e->spec_bytes, e->spec_length, e->spec_path, specs, &spec);
    print_diagnostics(spec);
    if (!spec || cplot_spec_diagnostic_count(spec) == 0)
        fprintf(stderr, "%s: %s\n", e->spec_path,
                status != CPLOT_STATUS_SUCCESS ? cplot_status_to_string(status)
                                               : "could not be prepared for the gallery (its data file "
                                                 "must be a file inside the specs folder)");
    cplot_spec_destroy(spec);
}

/* Reads and describes one spec and computes its content hash; false
 * (reported) if it is bad. */
static bool load_one(const char *specs, const char *specs_real, const char *identity,
                     site_data_digests_t *digests, site_example_t *e, size_t *io_errors)
{
    e->spec_bytes = site_fs_read(e->spec_path, 8u << 20, &e->spec_length);
    if (!e->spec_bytes) {
        fprintf(stderr, "%s: cannot read: %s\n", e->spec_path, strerror(errno));
        (*io_errors)++;
        return false;
    }
    cJSON *root = cJSON_ParseWithLength(e->spec_bytes, e->spec_length);
    bool ok = cJSON_IsObject(root) && describe(e, root) && locate_data(e, root, specs_real);
    cJSON_Delete(root);
    if (!ok || (e->data_path && !e->data_site_path)) {
        report_unusable(e, specs);
        return false;
    }
    site_hash_t hash;
    site_hash_init(&hash);
    site_hash_field(&hash, IMAGE_RECIPE, strlen(IMAGE_RECIPE));
    site_hash_field(&hash, identity, strlen(identity));
    site_hash_field(&hash, e->spec_bytes, e->spec_length);
    if (e->data_site_path) {
        const data_digest_t *digest = data_digest(digests, e->data_site_path, e->data_path);
        if (!digest) {
            fprintf(stderr, "%s: cannot read the data file %s: %s\n", e->spec_path, e->data_path,
                    strerror(errno));
            (*io_errors)++;
            ok = false;
        } else {
            site_hash_field(&hash, digest->hex, 64);
            e->data_length = digest->length;
        }
    }
    site_hash_hex(&hash, e->hash);
    if (!ok)
        fprintf(stderr, "%s: could not be prepared for the gallery\n", e->spec_path);
    return ok;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The example file names of one type's folder, in display order. */
static size_t list_folder(const char *folder, const site_type_t *type, char ***names, size_t *io_errors)
{
    *names = NULL;
    DIR *dir = opendir(folder);
    if (!dir) {
        if (errno != ENOENT) {
            fprintf(stderr, "%s: cannot read the folder: %s\n", folder, strerror(errno));
            (*io_errors)++;
        }
        return 0;
    }
    size_t count = 0, capacity = 0;
    struct dirent *entry;
    while ((entry = readdir(dir))) {
        size_t n = strlen(entry->d_name);
        if (entry->d_name[0] == '.' || n < 6 || strcmp(entry->d_name + n - 5, ".json") != 0)
            continue;
        if (count == capacity) {
            capacity = capacity ? capacity * 2 : 16;
            char **grown = realloc(*names, capacity * sizeof *grown);
            if (!grown)
                break;
            *names = grown;
        }
        (*names)[count] = strndup(entry->d_name, n - 5);
        if ((*names)[count])
            count++;
    }
    closedir(dir);
    qsort(*names, count, sizeof **names, compare_names);
    /* Names the registry orders come first, in its order. */
    size_t placed = 0;
    for (size_t o = 0; o < type->order.count; o++)
        for (size_t i = placed; i < count; i++)
            if (strcmp((*names)[i], type->order.items[o]) == 0) {
                char *name = (*names)[i];
                memmove(*names + placed + 1, *names + placed, (i - placed) * sizeof **names);
                (*names)[placed++] = name;
                break;
            }
    return count;
}

/* Folders under SPECS that hold specs but are no registered type: their
 * examples would silently vanish from the site, so they are reported. */
static size_t report_unregistered(const char *specs, const site_registry_t *registry)
{
    DIR *dir = opendir(specs);
    size_t problems = 0;
    struct dirent *entry;
    while (dir && (entry = readdir(dir))) {
        if (entry->d_name[0] == '.' || strcmp(entry->d_name, "data") == 0
            || strcmp(entry->d_name, "caveats") == 0 || site_registry_type(registry, entry->d_name) >= 0)
            continue;
        char *folder = site_path_join(specs, entry->d_name);
        if (folder && site_fs_is_dir(folder)) {
            DIR *inner = opendir(folder);
            struct dirent *file;
            bool has_specs = false;
            while (inner && (file = readdir(inner))) {
                size_t n = strlen(file->d_name);
                has_specs = has_specs || (n > 5 && strcmp(file->d_name + n - 5, ".json") == 0);
            }
            if (inner)
                closedir(inner);
            if (has_specs) {
                fprintf(stderr, "%s: holds specs, but the registry has no chart type \"%s\"; add it to "
                                "registry.json\n", folder, entry->d_name);
                problems++;
            }
        }
        free(folder);
    }
    if (dir)
        closedir(dir);
    return problems;
}

void site_examples_load(const char *specs, const site_registry_t *registry, const char *identity,
                        site_examples_t *examples)
{
    *examples = (site_examples_t){0};
    examples->specs_root = specs;
    char *specs_real = realpath(specs, NULL);
    if (!specs_real) {
        fprintf(stderr, "%s: %s\n", specs, strerror(errno));
        examples->io_errors++;
        return;
    }
    examples->failed += report_unregistered(specs, registry);
    site_data_digests_t digests = {0};
    size_t capacity = 0;
    for (size_t t = 0; t < registry->type_count; t++) {
        const site_type_t *type = &registry->types[t];
        char *folder = site_path_join(specs, type->id);
        char **names = NULL;
        size_t count = folder ? list_folder(folder, type, &names, &examples->io_errors) : 0;
        for (size_t i = 0; i < count; i++) {
            char *name = names[i];
            char *file = malloc(strlen(folder) + strlen(name) + 7);
            if (file)
                sprintf(file, "%s/%s.json", folder, name);
            if (!site_valid_id(name) || strcmp(name, "index") == 0) {
                fprintf(stderr, "%s: the file name names the example's page; use lowercase letters, "
                                "digits, \"-\" and \"_\" (and not \"index\")\n", file ? file : name);
                examples->failed++;
                free(file);
                free(name);
                continue;
            }
            if (examples->count == capacity) {
                capacity = capacity ? capacity * 2 : 32;
                site_example_t *grown = realloc(examples->items, capacity * sizeof *grown);
                if (!grown) {
                    free(file);
                    free(name);
                    continue;
                }
                examples->items = grown;
            }
            site_example_t *e = &examples->items[examples->count];
            *e = (site_example_t){0};
            e->type = t;
            e->name = name;
            e->spec_path = file;
            e->id = malloc(strlen(type->id) + strlen(name) + 2);
            if (e->id)
                sprintf(e->id, "%s/%s", type->id, name);
            if (file && e->id && load_one(specs, specs_real, identity, &digests, e, &examples->io_errors)) {
                examples->count++;
            } else {
                examples->failed++;
                site_example_release(e);
            }
        }
        free(names);
        free(folder);
    }
    release_digests(&digests);
    free(specs_real);
}

void site_examples_release(site_examples_t *examples)
{
    for (size_t i = 0; i < examples->count; i++)
        site_example_release(&examples->items[i]);
    free(examples->items);
    *examples = (site_examples_t){0};
}

long site_examples_first_of_type(const site_examples_t *examples, size_t type)
{
    for (size_t i = 0; i < examples->count; i++)
        if (examples->items[i].type == type)
            return (long)i;
    return -1;
}

size_t site_examples_count_of_type(const site_examples_t *examples, size_t type)
{
    size_t count = 0;
    for (size_t i = 0; i < examples->count; i++)
        count += examples->items[i].type == type;
    return count;
}
