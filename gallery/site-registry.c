#include "site-registry.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "site-buffer.h"
#include "site-fs.h"

/* Top-level folders of the site that a chart type's folder may not take. */
static const char *const reserved_folders[] = {"assets", "caveats", "data", NULL};

typedef struct loader {
    const char *path;
    size_t *errors;
    bool out_of_memory;
} loader_t;

static void problem(loader_t *loader, const char *pointer, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

static void problem(loader_t *loader, const char *pointer, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    fprintf(stderr, "%s: %s: ", loader->path, pointer);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    va_end(args);
    (*loader->errors)++;
}

bool site_valid_id(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n > 64 || id[0] == '-' || id[0] == '_')
        return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
            return false;
    return true;
}

bool site_strings_contains(const site_strings_t *list, const char *item)
{
    for (size_t i = 0; i < list->count; i++)
        if (strcmp(list->items[i], item) == 0)
            return true;
    return false;
}

static char *copy(loader_t *loader, const char *text)
{
    char *result = strdup(text ? text : "");
    if (!result)
        loader->out_of_memory = true;
    return result;
}

/* A string member; "" (and a problem, when required) if it is missing. */
static char *string_member(loader_t *loader, const cJSON *object, const char *key,
                           const char *pointer, bool required)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
    if (cJSON_IsString(item))
        return copy(loader, item->valuestring);
    if (item || required)
        problem(loader, pointer, "\"%s\" should be a string", key);
    return copy(loader, "");
}

static void strings_member(loader_t *loader, const cJSON *object, const char *key,
                           const char *pointer, site_strings_t *out)
{
    *out = (site_strings_t){0};
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(object, key);
    if (!list)
        return;
    if (!cJSON_IsArray(list)) {
        problem(loader, pointer, "\"%s\" should be a list of strings", key);
        return;
    }
    size_t count = (size_t)cJSON_GetArraySize(list);
    out->items = calloc(count ? count : 1, sizeof *out->items);
    if (!out->items) {
        loader->out_of_memory = true;
        return;
    }
    for (const cJSON *item = list->child; item; item = item->next) {
        if (!cJSON_IsString(item)) {
            problem(loader, pointer, "\"%s\" should hold strings only", key);
            continue;
        }
        out->items[out->count++] = copy(loader, item->valuestring);
    }
}

static void strings_release(site_strings_t *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->items[i]);
    free(list->items);
    *list = (site_strings_t){0};
}

/* Drops the ids `exists` rejects, reporting each, so that no page can link
 * to something the registry does not have. */
static void keep_known(loader_t *loader, site_strings_t *list, const char *pointer, const char *what,
                       const site_registry_t *registry,
                       long (*exists)(const site_registry_t *, const char *), const char *self)
{
    size_t kept = 0;
    for (size_t i = 0; i < list->count; i++) {
        char *id = list->items[i];
        bool duplicate = false;
        for (size_t j = 0; j < kept; j++)
            duplicate = duplicate || strcmp(list->items[j], id) == 0;
        if (exists(registry, id) < 0) {
            problem(loader, pointer, "no %s \"%s\" in the registry", what, id);
            free(id);
        } else if (self && strcmp(self, id) == 0) {
            problem(loader, pointer, "a chart type cannot be related to itself");
            free(id);
        } else if (duplicate) {
            free(id);
        } else {
            list->items[kept++] = id;
        }
    }
    list->count = kept;
}

static long find(const char *const *ids, size_t stride, size_t count, const char *id)
{
    for (size_t i = 0; i < count; i++) {
        const char *candidate = *(const char *const *)((const char *)ids + i * stride);
        if (strcmp(candidate, id) == 0)
            return (long)i;
    }
    return -1;
}

long site_registry_type(const site_registry_t *r, const char *id)
{
    return r->types ? find((const char *const *)&r->types[0].id, sizeof r->types[0], r->type_count, id) : -1;
}

long site_registry_family(const site_registry_t *r, const char *id)
{
    return r->families
               ? find((const char *const *)&r->families[0].id, sizeof r->families[0], r->family_count, id)
               : -1;
}

long site_registry_shape(const site_registry_t *r, const char *id)
{
    return r->shapes ? find((const char *const *)&r->shapes[0].id, sizeof r->shapes[0], r->shape_count, id)
                     : -1;
}

long site_registry_caveat(const site_registry_t *r, const char *id)
{
    return r->caveats
               ? find((const char *const *)&r->caveats[0].id, sizeof r->caveats[0], r->caveat_count, id)
               : -1;
}

/* Allocates one entry per member of a top-level list; every entry starts
 * zeroed, so release works on partly read registries. */
static const cJSON *top_list(loader_t *loader, const cJSON *root, const char *key, void **items,
                             size_t size, size_t *count)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, key);
    *count = 0;
    *items = NULL;
    if (!cJSON_IsArray(list)) {
        char pointer[64];
        snprintf(pointer, sizeof pointer, "/%s", key);
        problem(loader, pointer, "missing or not a list");
        return NULL;
    }
    size_t n = (size_t)cJSON_GetArraySize(list);
    *items = calloc(n ? n : 1, size);
    if (!*items) {
        loader->out_of_memory = true;
        return NULL;
    }
    return list;
}

/* Checks an entry's id: valid, and not taken by an earlier entry. */
static bool check_id(loader_t *loader, const char *id, const char *pointer, long earlier)
{
    if (!site_valid_id(id)) {
        problem(loader, pointer,
                "id \"%s\" should be lowercase letters, digits, \"-\" and \"_\" (it names files)", id);
        return false;
    }
    if (earlier >= 0) {
        problem(loader, pointer, "id \"%s\" is used twice", id);
        return false;
    }
    return true;
}

static void read_families(loader_t *loader, const cJSON *root, site_registry_t *r)
{
    const cJSON *list = top_list(loader, root, "families", (void **)&r->families, sizeof *r->families,
                                 &r->family_count);
    size_t index = 0;
    for (const cJSON *item = list ? list->child : NULL; item; item = item->next, index++) {
        char pointer[64];
        snprintf(pointer, sizeof pointer, "/families/%zu", index);
        site_family_t f = {0};
        f.id = string_member(loader, item, "id", pointer, true);
        f.name = string_member(loader, item, "name", pointer, true);
        f.summary = string_member(loader, item, "summary", pointer, false);
        if (f.id && check_id(loader, f.id, pointer, site_registry_family(r, f.id))) {
            r->families[r->family_count++] = f;
        } else {
            free(f.id);
            free(f.name);
            free(f.summary);
        }
    }
}

static void read_shapes(loader_t *loader, const cJSON *root, site_registry_t *r)
{
    const cJSON *list =
        top_list(loader, root, "shapes", (void **)&r->shapes, sizeof *r->shapes, &r->shape_count);
    size_t index = 0;
    for (const cJSON *item = list ? list->child : NULL; item; item = item->next, index++) {
        char pointer[64];
        snprintf(pointer, sizeof pointer, "/shapes/%zu", index);
        site_shape_t s = {0};
        s.id = string_member(loader, item, "id", pointer, true);
        s.name = string_member(loader, item, "name", pointer, true);
        s.summary = string_member(loader, item, "summary", pointer, false);
        if (s.id && check_id(loader, s.id, pointer, site_registry_shape(r, s.id))) {
            r->shapes[r->shape_count++] = s;
        } else {
            free(s.id);
            free(s.name);
            free(s.summary);
        }
    }
}

static void read_caveats(loader_t *loader, const cJSON *root, const char *specs, site_registry_t *r,
                         site_buffer_t *source)
{
    const cJSON *list =
        top_list(loader, root, "caveats", (void **)&r->caveats, sizeof *r->caveats, &r->caveat_count);
    size_t index = 0;
    for (const cJSON *item = list ? list->child : NULL; item; item = item->next, index++) {
        char pointer[64];
        snprintf(pointer, sizeof pointer, "/caveats/%zu", index);
        site_caveat_t c = {0};
        c.id = string_member(loader, item, "id", pointer, true);
        c.title = string_member(loader, item, "title", pointer, true);
        c.summary = string_member(loader, item, "summary", pointer, false);
        if (!c.id || !check_id(loader, c.id, pointer, site_registry_caveat(r, c.id))) {
            free(c.id);
            free(c.title);
            free(c.summary);
            continue;
        }
        char name[128];
        snprintf(name, sizeof name, "caveats/%s.md", c.id);
        char *path = site_path_join(specs, name);
        size_t length = 0;
        c.body = path ? site_fs_read(path, 1u << 20, &length) : NULL;
        if (!c.body)
            problem(loader, pointer, "cannot read %s: %s", path ? path : name, strerror(errno));
        else
            site_buffer_append(source, c.body, length);
        free(path);
        r->caveats[r->caveat_count++] = c;
    }
}

static void read_mistakes(loader_t *loader, const cJSON *item, const char *pointer, site_type_t *t)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(item, "mistakes");
    if (!list)
        return;
    if (!cJSON_IsArray(list)) {
        problem(loader, pointer, "\"mistakes\" should be a list of {\"mistake\", \"instead\"}");
        return;
    }
    size_t n = (size_t)cJSON_GetArraySize(list);
    t->mistakes = calloc(n ? n : 1, sizeof *t->mistakes);
    if (!t->mistakes) {
        loader->out_of_memory = true;
        return;
    }
    for (const cJSON *m = list->child; m; m = m->next) {
        char inner[96];
        snprintf(inner, sizeof inner, "%s/mistakes/%zu", pointer, t->mistake_count);
        site_mistake_t *entry = &t->mistakes[t->mistake_count++];
        entry->mistake = string_member(loader, m, "mistake", inner, true);
        entry->instead = string_member(loader, m, "instead", inner, true);
    }
}

static void type_release(site_type_t *t)
{
    free(t->id);
    free(t->name);
    free(t->summary);
    free(t->definition);
    free(t->uses);
    strings_release(&t->kinds);
    strings_release(&t->shapes);
    strings_release(&t->caveats);
    strings_release(&t->related);
    strings_release(&t->order);
    for (size_t i = 0; i < t->mistake_count; i++) {
        free(t->mistakes[i].mistake);
        free(t->mistakes[i].instead);
    }
    free(t->mistakes);
}

static void read_types(loader_t *loader, const cJSON *root, site_registry_t *r)
{
    const cJSON *list = top_list(loader, root, "types", (void **)&r->types, sizeof *r->types, &r->type_count);
    size_t index = 0;
    for (const cJSON *item = list ? list->child : NULL; item; item = item->next, index++) {
        char pointer[64];
        snprintf(pointer, sizeof pointer, "/types/%zu", index);
        site_type_t t = {0};
        t.id = string_member(loader, item, "id", pointer, true);
        t.name = string_member(loader, item, "name", pointer, true);
        char *family = string_member(loader, item, "family", pointer, true);
        t.summary = string_member(loader, item, "summary", pointer, true);
        t.definition = string_member(loader, item, "definition", pointer, false);
        t.uses = string_member(loader, item, "uses", pointer, false);
        strings_member(loader, item, "kinds", pointer, &t.kinds);
        strings_member(loader, item, "shapes", pointer, &t.shapes);
        strings_member(loader, item, "caveats", pointer, &t.caveats);
        strings_member(loader, item, "related", pointer, &t.related);
        strings_member(loader, item, "order", pointer, &t.order);
        read_mistakes(loader, item, pointer, &t);
        long family_index = family ? site_registry_family(r, family) : -1;
        bool reserved = false;
        for (size_t i = 0; t.id && reserved_folders[i]; i++)
            reserved = reserved || strcmp(t.id, reserved_folders[i]) == 0;
        if (!t.id || !check_id(loader, t.id, pointer, site_registry_type(r, t.id))) {
            type_release(&t);
        } else if (reserved) {
            problem(loader, pointer, "\"%s\" is a folder the site uses itself; choose another id", t.id);
            type_release(&t);
        } else if (family_index < 0) {
            problem(loader, pointer, "no family \"%s\" in the registry", family ? family : "");
            type_release(&t);
        } else {
            t.family = (size_t)family_index;
            r->types[r->type_count++] = t;
        }
        free(family);
    }
    /* References are checked once every type is known: "related" may name
     * a type listed later. */
    for (size_t i = 0; i < r->type_count; i++) {
        site_type_t *t = &r->types[i];
        char pointer[96];
        snprintf(pointer, sizeof pointer, "/types/%zu (%s)", i, t->id);
        keep_known(loader, &t->related, pointer, "chart type", r, site_registry_type, t->id);
        keep_known(loader, &t->shapes, pointer, "data shape", r, site_registry_shape, NULL);
        keep_known(loader, &t->caveats, pointer, "caveat", r, site_registry_caveat, NULL);
    }
}

bool site_registry_load(const char *specs, site_registry_t *registry, size_t *errors)
{
    *registry = (site_registry_t){0};
    char *path = site_path_join(specs, "registry.json");
    if (!path)
        return false;
    loader_t loader = {path, errors, false};
    size_t length;
    char *text = site_fs_read(path, 4u << 20, &length);
    if (!text) {
        fprintf(stderr, "%s: cannot read the chart-type registry: %s\n", path, strerror(errno));
        (*errors)++;
        free(path);
        return false;
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, length, &end, false);
    if (!cJSON_IsObject(root)) {
        size_t offset = end ? (size_t)(end - text) : 0;
        size_t line = 1, column = 1;
        for (size_t i = 0; i < offset && i < length; i++, column++)
            if (text[i] == '\n') {
                line++;
                column = 0;
            }
        fprintf(stderr, "%s:%zu:%zu: the registry is not a JSON object\n", path, line, column);
        (*errors)++;
        cJSON_Delete(root);
        free(text);
        free(path);
        return false;
    }
    site_buffer_t source = {0};
    site_buffer_append(&source, text, length);
    read_families(&loader, root, registry);
    read_shapes(&loader, root, registry);
    read_caveats(&loader, root, specs, registry, &source);
    read_types(&loader, root, registry);
    cJSON_Delete(root);
    free(text);
    registry->source_length = source.length;
    registry->source = site_buffer_take(&source);
    free(path);
    if (loader.out_of_memory || !registry->source) {
        fprintf(stderr, "cplot gallery: out of memory reading the registry\n");
        site_registry_release(registry);
        return false;
    }
    return true;
}

void site_registry_release(site_registry_t *r)
{
    for (size_t i = 0; i < r->family_count; i++) {
        free(r->families[i].id);
        free(r->families[i].name);
        free(r->families[i].summary);
    }
    free(r->families);
    for (size_t i = 0; i < r->shape_count; i++) {
        free(r->shapes[i].id);
        free(r->shapes[i].name);
        free(r->shapes[i].summary);
    }
    free(r->shapes);
    for (size_t i = 0; i < r->caveat_count; i++) {
        free(r->caveats[i].id);
        free(r->caveats[i].title);
        free(r->caveats[i].summary);
        free(r->caveats[i].body);
    }
    free(r->caveats);
    for (size_t i = 0; i < r->type_count; i++)
        type_release(&r->types[i]);
    free(r->types);
    free(r->source);
    *r = (site_registry_t){0};
}
