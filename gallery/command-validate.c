/* cplot validate SPEC... */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "Usage: cplot validate SPEC...\n"
    "\n"
    "Checks each spec and its data and prints every problem found as\n"
    "FILE:LINE:COLUMN: POINTER: message. Exits 1 if any spec is invalid.\n";

int command_validate(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "cplot validate: name at least one spec\n\n%s", usage);
        return EXIT_USAGE;
    }
    int worst = EXIT_OK;
    size_t checked = 0, invalid = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(usage, stdout);
            return EXIT_OK;
        }
    }
    for (int i = 1; i < argc; i++) {
        cplot_spec_t *spec = NULL;
        cplot_status_t status = cplot_spec_load(argv[i], default_root(argv[i]), &spec);
        checked++;
        if (status != CPLOT_STATUS_SUCCESS) {
            invalid++;
            print_diagnostics(spec);
            int code = exit_code_for(status);
            if (code > worst)
                worst = code;
        }
        cplot_spec_destroy(spec);
    }
    fprintf(stderr, "%zu spec%s checked, %zu invalid\n", checked, checked == 1 ? "" : "s", invalid);
    return worst;
}
