/* cplot render SPEC -o OUT [--width N] [--height N] [--scale S] [--theme T] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "Usage: cplot render SPEC -o OUT [--width N] [--height N] [--scale S] [--theme NAME]\n"
    "\n"
    "Renders one chart spec. The format follows OUT's extension (.png, .svg, .pdf);\n"
    "with -o - the PNG goes to standard output (--format svg|pdf to change it).\n"
    "SPEC - reads the spec from standard input. The output file is written\n"
    "atomically: it is replaced only when rendering succeeded.\n"
    "\n"
    "  -o, --output OUT   the file to write (required)\n"
    "  --format FORMAT    png, svg or pdf, overriding the extension\n"
    "  --width N          canvas width in CSS pixels (overrides the spec)\n"
    "  --height N         canvas height in CSS pixels\n"
    "  --scale S          raster pixels per CSS pixel for PNG (2 for HiDPI)\n"
    "  --theme NAME       light or dark\n"
    "  --root DIR         folder the spec's data must stay inside\n"
    "                     (default: the current folder, if the spec is in it)\n"
    "  --limit NAME=VALUE raise or lower a limit on input, e.g. pixels=100000000\n"
    "                     (--limit list shows them all)\n"
    "  --threads N        threads the chart may use, 1 to 256 (default: one per\n"
    "                     core); the output is the same for any N\n";

typedef struct override {
    const char *name;
    const char *value;
    bool numeric;
} override_t;

int command_render(int argc, char **argv)
{
    const char *spec_path = NULL, *output = NULL, *format_name = NULL, *root = NULL;
    override_t overrides[16];
    size_t override_count = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        bool has_value = i + 1 < argc;
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(usage, stdout);
            return EXIT_OK;
        } else if ((strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0) && has_value) {
            output = argv[++i];
        } else if (strcmp(arg, "--format") == 0 && has_value) {
            format_name = argv[++i];
        } else if (strcmp(arg, "--root") == 0 && has_value) {
            root = argv[++i];
        } else if (override_count == 16) {
            fprintf(stderr, "cplot render: too many overrides\n");
            return EXIT_USAGE;
        } else if ((strcmp(arg, "--width") == 0 || strcmp(arg, "--height") == 0 ||
                    strcmp(arg, "--scale") == 0) && has_value) {
            overrides[override_count++] = (override_t){arg + 2, argv[++i], true};
        } else if (strcmp(arg, "--theme") == 0 && has_value) {
            overrides[override_count++] = (override_t){"theme", argv[++i], false};
        } else if (arg[0] == '-' && arg[1] != 0) {
            fprintf(stderr, "cplot render: unknown or incomplete option \"%s\"\n\n%s", arg, usage);
            return EXIT_USAGE;
        } else if (!spec_path) {
            spec_path = arg;
        } else {
            fprintf(stderr, "cplot render: one spec at a time (got \"%s\" and \"%s\")\n", spec_path, arg);
            return EXIT_USAGE;
        }
    }
    if (!spec_path || !output) {
        fprintf(stderr, "cplot render: %s is required\n\n%s", !spec_path ? "SPEC" : "-o OUT", usage);
        return EXIT_USAGE;
    }
    cplot_format_t format = CPLOT_FORMAT_PNG;
    if (format_name) {
        if (strcmp(format_name, "png") == 0)
            format = CPLOT_FORMAT_PNG;
        else if (strcmp(format_name, "svg") == 0)
            format = CPLOT_FORMAT_SVG;
        else if (strcmp(format_name, "pdf") == 0)
            format = CPLOT_FORMAT_PDF;
        else {
            fprintf(stderr, "cplot render: --format must be png, svg or pdf, not \"%s\"\n", format_name);
            return EXIT_USAGE;
        }
    } else if (strcmp(output, "-") != 0 && !cplot_format_from_path(output, &format)) {
        fprintf(stderr, "cplot render: cannot tell the format of \"%s\"; use .png, .svg or .pdf, or --format\n",
                output);
        return EXIT_USAGE;
    }

    cplot_spec_t *spec = NULL;
    cplot_status_t status = load_spec(spec_path, root, &spec);
    if (status != CPLOT_STATUS_SUCCESS) {
        cplot_spec_destroy(spec);
        return exit_code_for(status);
    }
    cplot_chart_t *chart = cplot_spec_chart(spec);
    for (size_t i = 0; i < override_count && status == CPLOT_STATUS_SUCCESS; i++) {
        if (overrides[i].numeric) {
            char *end;
            double number = strtod(overrides[i].value, &end);
            if (*end || end == overrides[i].value) {
                fprintf(stderr, "cplot render: --%s needs a number, not \"%s\"\n", overrides[i].name,
                        overrides[i].value);
                cplot_spec_destroy(spec);
                return EXIT_USAGE;
            }
            status = cplot_chart_set_number(chart, overrides[i].name, number);
        } else {
            status = cplot_chart_set_string(chart, overrides[i].name, overrides[i].value);
        }
        if (status != CPLOT_STATUS_SUCCESS) {
            fprintf(stderr, "cplot render: --%s: %s\n", overrides[i].name, cplot_chart_error_message(chart));
            cplot_spec_destroy(spec);
            return EXIT_USAGE;
        }
    }
    if (strcmp(output, "-") == 0) {
        unsigned char *data;
        size_t size;
        status = cplot_chart_render(chart, format, &data, &size);
        if (status == CPLOT_STATUS_SUCCESS) {
            if (fwrite(data, 1, size, stdout) != size || fflush(stdout) != 0)
                status = CPLOT_STATUS_IO_ERROR;
            cplot_free(data);
        }
    } else {
        status = cplot_chart_write(chart, output, format);
    }
    if (status != CPLOT_STATUS_SUCCESS) {
        const char *message = cplot_chart_error_message(chart);
        fprintf(stderr, "%s: %s\n", spec_path, *message ? message : cplot_status_to_string(status));
    }
    cplot_spec_destroy(spec);
    return exit_code_for(status);
}
