#include "site-cache.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "cplot/cplot.h"
#include "site-buffer.h"
#include "site-escape.h"
#include "site-fs.h"

void site_cache_read(const char *folder, site_cache_t *cache)
{
    *cache = (site_cache_t){0};
    char *path = site_path_join(folder, SITE_CACHE_FILE);
    size_t length;
    char *text = path ? site_fs_read(path, 64u << 20, &length) : NULL;
    free(path);
    cJSON *root = text ? cJSON_ParseWithLength(text, length) : NULL;
    free(text);
    const cJSON *examples = cJSON_GetObjectItemCaseSensitive(root, "examples");
    size_t count = cJSON_IsObject(examples) ? (size_t)cJSON_GetArraySize(examples) : 0;
    cache->entries = count ? calloc(count, sizeof *cache->entries) : NULL;
    for (const cJSON *item = cache->entries ? examples->child : NULL; item; item = item->next) {
        if (!cJSON_IsString(item) || strlen(item->valuestring) != 64)
            continue;
        site_cache_entry_t *entry = &cache->entries[cache->count];
        entry->id = strdup(item->string);
        if (!entry->id)
            break;
        memcpy(entry->hash, item->valuestring, 65);
        cache->count++;
    }
    cJSON_Delete(root);
}

const char *site_cache_hash(const site_cache_t *cache, const char *id)
{
    for (size_t i = 0; i < cache->count; i++)
        if (strcmp(cache->entries[i].id, id) == 0)
            return cache->entries[i].hash;
    return NULL;
}

char *site_cache_text(const site_examples_t *examples, const bool *ok)
{
    site_buffer_t out = {0};
    site_buffer_printf(&out, "{\n  \"generator\": \"cplot %s\",\n  \"examples\": {", cplot_version_string());
    bool first = true;
    for (size_t i = 0; i < examples->count; i++) {
        if (ok && !ok[i])
            continue;
        site_buffer_puts(&out, first ? "\n    " : ",\n    ");
        site_escape_json(&out, examples->items[i].id);
        site_buffer_printf(&out, ": \"%s\"", examples->items[i].hash);
        first = false;
    }
    site_buffer_puts(&out, "\n  }\n}\n");
    return site_buffer_take(&out);
}

void site_cache_release(site_cache_t *cache)
{
    for (size_t i = 0; i < cache->count; i++)
        free(cache->entries[i].id);
    free(cache->entries);
    *cache = (site_cache_t){0};
}

void site_library_identity(char *identity, size_t size)
{
    snprintf(identity, size, "cplot %s", cplot_version_string());
    /* The mapping that holds cplot_version_string's code is the library
     * file (or this program, when linked statically). */
    FILE *maps = fopen("/proc/self/maps", "r");
    if (!maps)
        return;
    uintptr_t address = (uintptr_t)cplot_version_string;
    char line[4096];
    while (fgets(line, sizeof line, maps)) {
        uintptr_t from, to;
        int offset = 0;
        if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR " %*s %*s %*s %*s %n", &from, &to, &offset) < 2 || !offset)
            continue;
        if (address < from || address >= to)
            continue;
        char *path = line + offset;
        path[strcspn(path, "\n")] = 0;
        struct stat info;
        if (path[0] == '/' && stat(path, &info) == 0)
            snprintf(identity, size, "cplot %s %s %lld %lld.%09ld", cplot_version_string(), path,
                     (long long)info.st_size, (long long)info.st_mtim.tv_sec, (long)info.st_mtim.tv_nsec);
        break;
    }
    fclose(maps);
}
