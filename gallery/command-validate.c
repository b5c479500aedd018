/* cplot validate SPEC|DIR... */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const char usage[] =
    "Usage: cplot validate [--root DIR] [--limit NAME=VALUE]... [--threads N] SPEC|DIR...\n"
    "\n"
    "Checks each spec and its data and prints every problem found as\n"
    "FILE:LINE:COLUMN: POINTER: message, then plans each valid chart as render\n"
    "would (statistics, scales, layout; no drawing) and reports what render would\n"
    "refuse the same way. A folder is searched for *.json specs\n"
    "(folders named \"data\" hold data and are skipped, and so is registry.json).\n"
    "Exits 1 if any spec is invalid, 3 if one cannot be read.\n";

typedef struct tally {
    size_t checked, invalid;
    int worst;
    const char *root;
} tally_t;

static void count_invalid(tally_t *tally, cplot_status_t status)
{
    tally->invalid++;
    int code = exit_code_for(status);
    if (code > tally->worst)
        tally->worst = code;
}

static void check_file(const char *path, tally_t *tally)
{
    cplot_spec_t *spec = NULL;
    cplot_status_t status = cplot_spec_load(path, tally->root ? tally->root : default_root(path), &spec);
    tally->checked++;
    /* What render would refuse (a column of the wrong type, sizes,
     * statistics that cannot be computed) shows when planning the chart. */
    if (status == CPLOT_STATUS_SUCCESS)
        status = cplot_spec_check(spec);
    if (status != CPLOT_STATUS_SUCCESS) {
        print_diagnostics(spec);
        count_invalid(tally, status);
    }
    cplot_spec_destroy(spec);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* Walks a folder in name order, so the report is the same on every run. */
static void check_folder(const char *folder, tally_t *tally, int depth)
{
    struct dirent **entries;
    int count = scandir(folder, &entries, NULL, by_name);
    if (count < 0 || depth > 16) {
        fprintf(stderr, "%s: cannot read the folder\n", folder);
        tally->worst = tally->worst > EXIT_IO ? tally->worst : EXIT_IO;
        if (count >= 0) {
            for (int i = 0; i < count; i++)
                free(entries[i]);
            free(entries);
        }
        return;
    }
    for (int i = 0; i < count; i++) {
        const char *name = entries[i]->d_name;
        size_t n = strlen(name);
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", folder, name);
        struct stat info;
        if (name[0] != '.' && stat(path, &info) == 0) {
            if (S_ISDIR(info.st_mode) && strcmp(name, "data") != 0)
                check_folder(path, tally, depth + 1);
            else if (S_ISREG(info.st_mode) && n > 5 && strcmp(name + n - 5, ".json") == 0 &&
                     strcmp(name, "registry.json") != 0)
                check_file(path, tally);
        }
        free(entries[i]);
    }
    free(entries);
}

int command_validate(int argc, char **argv)
{
    tally_t tally = {0};
    int first = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(usage, stdout);
            return EXIT_OK;
        }
    }
    if (argc > 2 && strcmp(argv[1], "--root") == 0) {
        tally.root = argv[2];
        first = 3;
    }
    if (first >= argc) {
        fprintf(stderr, "cplot validate: name at least one spec or folder\n\n%s", usage);
        return EXIT_USAGE;
    }
    for (int i = first; i < argc; i++) {
        struct stat info;
        if (stat(argv[i], &info) == 0 && S_ISDIR(info.st_mode)) {
            /* A folder is its own spec root unless one was given. */
            const char *saved = tally.root;
            if (!tally.root)
                tally.root = argv[i];
            check_folder(argv[i], &tally, 0);
            tally.root = saved;
        } else {
            check_file(argv[i], &tally);
        }
    }
    fprintf(stderr, "%zu spec%s checked, %zu invalid\n", tally.checked, tally.checked == 1 ? "" : "s",
            tally.invalid);
    return tally.worst;
}
