/* A main() for the fuzz targets without libFuzzer, so that any compiler
 * (the default gcc build, the sanitizer build) can replay files through
 * them: each argument is a file, or a folder whose files are replayed in
 * name order. Exits 0 when every input ran; a bug crashes or aborts. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz-common.h"

static int replay_file(const char *path)
{
    FILE *file = fopen(path, "rb");
    if (!file) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return 1;
    }
    size_t capacity = 4096, size = 0;
    unsigned char *data = malloc(capacity);
    size_t n;
    while (data && (n = fread(data + size, 1, capacity - size, file)) > 0) {
        size += n;
        if (size == capacity) {
            unsigned char *grown = realloc(data, capacity *= 2);
            if (!grown)
                free(data);
            data = grown;
        }
    }
    fclose(file);
    if (!data) {
        fprintf(stderr, "replay: out of memory reading %s\n", path);
        return 1;
    }
    fprintf(stderr, "replay: %s (%zu bytes)\n", path, size);
    /* An exact-size copy, so that reading past the input's end is caught
     * by AddressSanitizer as it would be under libFuzzer. */
    unsigned char *exact = malloc(size ? size : 1);
    memcpy(exact, data, size);
    free(data);
    LLVMFuzzerTestOneInput(exact, size);
    free(exact);
    return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    int failures = 0;
    size_t replayed = 0;
    for (int i = 1; i < argc; i++) {
        struct stat info;
        if (stat(argv[i], &info) != 0) {
            fprintf(stderr, "replay: %s does not exist\n", argv[i]);
            failures++;
            continue;
        }
        if (!S_ISDIR(info.st_mode)) {
            failures += replay_file(argv[i]);
            replayed++;
            continue;
        }
        struct dirent **entries;
        int count = scandir(argv[i], &entries, NULL, by_name);
        for (int k = 0; k < count; k++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", argv[i], entries[k]->d_name);
            if (entries[k]->d_name[0] != '.' && stat(path, &info) == 0 && S_ISREG(info.st_mode)) {
                failures += replay_file(path);
                replayed++;
            }
            free(entries[k]);
        }
        free(entries);
    }
    fprintf(stderr, "replay: %zu inputs, %d unreadable\n", replayed, failures);
    return failures ? 1 : 0;
}
