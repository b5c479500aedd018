#include "site-assets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "site-escape.h"
#include "site-fs.h"

bool site_assets_load(const char *folder, site_assets_t *assets)
{
    *assets = (site_assets_t){0};
    if (!folder) {
        assets->items = site_embedded_assets;
        assets->count = site_embedded_asset_count;
        return true;
    }
    /* The folder holds the same relative paths as the embedded table; it
     * is read by those names, and a file missing there falls back to the
     * embedded one. */
    size_t n = site_embedded_asset_count ? site_embedded_asset_count : 1;
    site_asset_t *owned = calloc(n, sizeof *owned);
    bool *allocated = calloc(n, sizeof *allocated);
    if (!owned || !allocated) {
        free(owned);
        free(allocated);
        return false;
    }
    for (size_t i = 0; i < site_embedded_asset_count; i++) {
        owned[i] = site_embedded_assets[i];
        char *path = site_path_join(folder, site_embedded_assets[i].path);
        size_t length;
        char *bytes = path ? site_fs_read(path, 16u << 20, &length) : NULL;
        if (bytes) {
            owned[i].bytes = (const unsigned char *)bytes;
            owned[i].length = length;
            allocated[i] = true;
        }
        free(path);
    }
    assets->owned = owned;
    assets->allocated = allocated;
    assets->items = owned;
    assets->count = site_embedded_asset_count;
    return true;
}

void site_assets_release(site_assets_t *assets)
{
    if (assets->owned) {
        for (size_t i = 0; i < assets->count; i++)
            if (assets->allocated[i])
                free((void *)assets->owned[i].bytes);
        free(assets->owned);
        free(assets->allocated);
    }
    *assets = (site_assets_t){0};
}

const site_asset_t *site_assets_find(const site_assets_t *assets, const char *path)
{
    for (size_t i = 0; i < assets->count; i++) {
        if (strcmp(assets->items[i].path, path) == 0)
            return &assets->items[i];
    }
    return NULL;
}

bool site_template_expand(site_buffer_t *out, const char *text, size_t length,
                          const site_variable_t *variables, size_t count, char *unknown)
{
    size_t i = 0;
    while (i < length) {
        const char *open = memchr(text + i, '{', length - i);
        if (!open || (size_t)(open - text) + 1 >= length || open[1] != '{') {
            size_t end = open ? (size_t)(open - text) + 1 : length;
            site_buffer_append(out, text + i, end - i);
            i = end;
            continue;
        }
        site_buffer_append(out, text + i, (size_t)(open - text) - i);
        bool raw = (size_t)(open - text) + 2 < length && open[2] == '{';
        const char *name = open + (raw ? 3 : 2);
        const char *close = strstr(name, raw ? "}}}" : "}}");
        if (!close || close > text + length) {
            site_buffer_append(out, open, length - (size_t)(open - text));
            break;
        }
        size_t name_length = (size_t)(close - name);
        const site_variable_t *found = NULL;
        for (size_t v = 0; v < count && !found; v++)
            if (strlen(variables[v].name) == name_length && memcmp(variables[v].name, name, name_length) == 0)
                found = &variables[v];
        if (!found) {
            snprintf(unknown, 64, "%.*s", (int)(name_length < 60 ? name_length : 60), name);
            return false;
        }
        if (raw)
            site_buffer_puts(out, found->value ? found->value : "");
        else
            site_escape_html(out, found->value ? found->value : "");
        i = (size_t)(close - text) + (raw ? 3 : 2);
    }
    return true;
}
