/* cplot inspect SPEC: prints what the chart computed, as JSON. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "Usage: cplot inspect SPEC [--root DIR] [--limit NAME=VALUE]... [--threads N]\n"
    "\n"
    "Prints as JSON what the chart computed: each axis's domain, ticks and\n"
    "labels and the values it dropped, the legends, and each layer's\n"
    "statistics (histogram edges and counts, KDE grid and density, bar values\n"
    "and error bars, regression slope and intercept, correlation matrices).\n";

int command_inspect(int argc, char **argv)
{
    const char *spec_path = NULL, *root = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(usage, stdout);
            return EXIT_OK;
        } else if (strcmp(argv[i], "--root") == 0 && i + 1 < argc) {
            root = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1] != 0) {
            fprintf(stderr, "cplot inspect: unknown option \"%s\"\n\n%s", argv[i], usage);
            return EXIT_USAGE;
        } else if (!spec_path) {
            spec_path = argv[i];
        } else {
            fprintf(stderr, "cplot inspect: one spec at a time\n");
            return EXIT_USAGE;
        }
    }
    if (!spec_path) {
        fprintf(stderr, "cplot inspect: SPEC is required\n\n%s", usage);
        return EXIT_USAGE;
    }
    cplot_spec_t *spec = NULL;
    cplot_status_t status = load_spec(spec_path, root, &spec);
    if (status != CPLOT_STATUS_SUCCESS) {
        cplot_spec_destroy(spec);
        return exit_code_for(status);
    }
    cplot_chart_t *chart = cplot_spec_chart(spec);
    char *json;
    status = cplot_chart_inspect(chart, &json, NULL);
    if (status == CPLOT_STATUS_SUCCESS) {
        if (puts(json) < 0 || fflush(stdout) != 0)
            status = CPLOT_STATUS_IO_ERROR;
        cplot_free(json);
    } else {
        fprintf(stderr, "%s: %s\n", spec_path, cplot_chart_error_message(chart));
    }
    cplot_spec_destroy(spec);
    return exit_code_for(status);
}
