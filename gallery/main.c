/* cplot: render, validate and inspect chart specs; build the gallery. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "schema.h"

static const char usage[] =
    "Usage: cplot COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  render SPEC -o OUT     render one chart spec to PNG, SVG or PDF\n"
    "  validate SPEC|DIR...   check specs; report every problem with its position\n"
    "  inspect SPEC           print what the chart computed (ticks, statistics) as JSON\n"
    "  gallery SPECS -o DIR   render every example under SPECS into a static site\n"
    "  schema                 print the JSON Schema of specs (for editor completion)\n"
    "  reference              print every kind's options as Markdown\n"
    "\n"
    "Options:\n"
    "  -h, --help             show this help (also: cplot COMMAND --help)\n"
    "  --version              show the version\n"
    "  --limit NAME=VALUE     (render, validate, inspect, gallery) raise or lower a limit\n"
    "                         on input, e.g. --limit pixels=100000000; repeatable.\n"
    "                         --limit list prints every limit with its value\n"
    "  --threads N            (render, validate, inspect, gallery) threads one chart\n"
    "                         may use, 1 to 256 (default: one per core; the gallery\n"
    "                         shares them among its --jobs). Output is the same for any N\n"
    "\n"
    "Exit status: 0 success, 1 invalid spec or data, 2 usage error, 3 input/output error.\n";

int exit_code_for(cplot_status_t status)
{
    switch (status) {
    case CPLOT_STATUS_SUCCESS:
        return EXIT_OK;
    case CPLOT_STATUS_IO_ERROR:
        return EXIT_IO;
    default:
        return EXIT_INVALID_INPUT;
    }
}

void print_diagnostics(const cplot_spec_t *spec)
{
    bool outside = false;
    for (size_t i = 0; i < cplot_spec_diagnostic_count(spec); i++) {
        const char *line = cplot_spec_diagnostic(spec, i);
        fprintf(stderr, "%s\n", line);
        outside = outside || strstr(line, "outside the spec root");
    }
    if (outside)
        fprintf(stderr, "(data may not leave the spec root: run from a folder that holds both "
                        "the spec and its data, or name one with --root DIR)\n");
}

const char *default_root(const char *spec_path)
{
    static char root[4096];
    char *cwd = getcwd(root, sizeof root);
    char *spec = realpath(spec_path, NULL);
    bool inside = false;
    if (cwd && spec) {
        size_t n = strlen(cwd);
        inside = strncmp(spec, cwd, n) == 0 && spec[n] == '/';
    }
    free(spec);
    return inside ? root : NULL;
}

char *read_stdin(size_t max, size_t *length)
{
    size_t capacity = 65536, used = 0;
    char *text = malloc(capacity + 1);
    while (text) {
        size_t n = fread(text + used, 1, capacity - used, stdin);
        used += n;
        if (n == 0)
            break;
        if (used == capacity) {
            if (capacity >= max) {
                free(text);
                return NULL;
            }
            capacity *= 2;
            char *grown = realloc(text, capacity + 1);
            if (!grown) {
                free(text);
                return NULL;
            }
            text = grown;
        }
    }
    if (!text || ferror(stdin)) {
        free(text);
        return NULL;
    }
    text[used] = 0;
    *length = used;
    return text;
}

cplot_status_t load_spec(const char *path, const char *root, cplot_spec_t **spec)
{
    cplot_status_t status;
    *spec = NULL;
    if (strcmp(path, "-") == 0) {
        size_t length;
        size_t limit = (size_t)cplot_limit_get("spec_bytes");
        char *text = read_stdin(limit, &length);
        if (!text) {
            fprintf(stderr, "cplot: cannot read the spec from standard input (or it is over "
                            "%zu bytes, the spec_bytes limit)\n", limit);
            return CPLOT_STATUS_IO_ERROR;
        }
        status = cplot_spec_parse(text, length, "<stdin>", root, spec);
        free(text);
    } else {
        status = cplot_spec_load(path, root ? root : default_root(path), spec);
    }
    if (status != CPLOT_STATUS_SUCCESS) {
        print_diagnostics(*spec);
        if (!*spec)
            fprintf(stderr, "cplot: %s\n", cplot_status_to_string(status));
    }
    return status;
}

static void list_limits(FILE *out)
{
    int width = 0; /* the longest name: the columns line up whatever the names */
    for (size_t i = 0; i < cplot_limit_count(); i++) {
        int length = (int)strlen(cplot_limit_at(i)->name);
        width = length > width ? length : width;
    }
    for (size_t i = 0; i < cplot_limit_count(); i++) {
        const cplot_limit_info_t *info = cplot_limit_at(i);
        fprintf(out, "  %-*s %-12.0f %s\n", width, info->name, cplot_limit_get(info->name), info->doc);
    }
}

/* Applies one "NAME=VALUE"; false, with a message, when it is wrong. */
static bool set_limit(const char *setting)
{
    const char *equals = strchr(setting, '=');
    char name[64];
    size_t length = equals ? (size_t)(equals - setting) : 0;
    char *end = NULL;
    double value = equals ? strtod(equals + 1, &end) : 0;
    if (!equals || length >= sizeof name || end == equals + 1 || *end) {
        fprintf(stderr, "cplot: --limit takes NAME=VALUE with a number, not \"%s\"\n", setting);
        return false;
    }
    memcpy(name, setting, length);
    name[length] = 0;
    cplot_status_t status = cplot_limit_set(name, value);
    if (status == CPLOT_STATUS_UNKNOWN_OPTION) {
        fprintf(stderr, "cplot: --limit: no limit is called \"%s\"; the limits are:\n", name);
        list_limits(stderr);
        return false;
    }
    if (status != CPLOT_STATUS_SUCCESS) {
        fprintf(stderr, "cplot: --limit %s: expected a whole number from 1 to 2^53, not %s\n", name,
                equals + 1);
        return false;
    }
    return true;
}

static bool set_threads(const char *text)
{
    char *end;
    long count = strtol(text, &end, 10);
    if (!*text || *end || count < 1 || count > 256) {
        fprintf(stderr, "cplot: --threads needs a number from 1 to 256, not \"%s\"\n", text);
        return false;
    }
    return cplot_threads_set((unsigned)count) == CPLOT_STATUS_SUCCESS;
}

/* The value of `flag` at argv[*i], given as "FLAG VALUE" (taking the next
 * argument too) or "FLAG=VALUE": 1 with *value set, 0 when argv[*i] is
 * another argument, -1 when the value is missing. */
static int flag_value(int argc, char **argv, int *i, const char *flag, const char **value)
{
    size_t length = strlen(flag);
    if (strncmp(argv[*i], flag, length) != 0)
        return 0;
    if (argv[*i][length] == '=') {
        *value = argv[*i] + length + 1;
        return 1;
    }
    if (argv[*i][length] != 0)
        return 0;
    if (*i + 1 == argc)
        return -1;
    *value = argv[++*i];
    return 1;
}

/* Takes every "--limit NAME=VALUE" and "--threads N" (each also written
 * with "=") out of the command's arguments and applies it, so that each
 * command parses only its own options. Limits come only from the command
 * line, never from a spec. Returns -1 on success, else the exit code. */
static int take_global_flags(int *argc, char **argv)
{
    int kept = 1;
    for (int i = 1; i < *argc; i++) {
        const char *value = NULL;
        int threads = flag_value(*argc, argv, &i, "--threads", &value);
        int limit = threads == 0 ? flag_value(*argc, argv, &i, "--limit", &value) : 0;
        if (threads < 0 || limit < 0) {
            fprintf(stderr, "cplot: %s\n",
                    threads < 0 ? "--threads needs a number" : "--limit needs NAME=VALUE");
            return EXIT_USAGE;
        }
        if (threads && !set_threads(value))
            return EXIT_USAGE;
        if (limit && strcmp(value, "list") == 0) {
            list_limits(stdout);
            return EXIT_OK;
        }
        if (limit && !set_limit(value))
            return EXIT_USAGE;
        if (!threads && !limit)
            argv[kept++] = argv[i];
    }
    *argc = kept;
    argv[kept] = NULL;
    return -1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    const char *command = argv[1];
    if (strcmp(command, "-h") == 0 || strcmp(command, "--help") == 0 || strcmp(command, "help") == 0) {
        fputs(usage, stdout);
        return EXIT_OK;
    }
    if (strcmp(command, "--version") == 0) {
        printf("cplot %s\n", cplot_version_string());
        return EXIT_OK;
    }
    /* The command draws only through cplot: spare every run the loading
     * of the system's fontconfig configuration (2-3 ms of a short run).
     * Failing here is not fatal; drawing reports font errors itself. */
    (void)cplot_fonts_make_process_default();
    /* One chart may use every core unless --threads says otherwise. */
    (void)cplot_threads_set(0);
    bool takes_limits = strcmp(command, "render") == 0 || strcmp(command, "validate") == 0 ||
                        strcmp(command, "inspect") == 0 || strcmp(command, "gallery") == 0;
    if (takes_limits) {
        int argc_left = argc - 1;
        int code = take_global_flags(&argc_left, argv + 1);
        if (code >= 0)
            return code;
        argc = argc_left + 1;
    }
    if (strcmp(command, "render") == 0)
        return command_render(argc - 1, argv + 1);
    if (strcmp(command, "validate") == 0)
        return command_validate(argc - 1, argv + 1);
    if (strcmp(command, "gallery") == 0)
        return command_gallery(argc - 1, argv + 1);
    if (strcmp(command, "inspect") == 0)
        return command_inspect(argc - 1, argv + 1);
    if (strcmp(command, "reference") == 0)
        return command_reference(argc - 1, argv + 1);
    if (strcmp(command, "schema") == 0)
        return command_schema(argc - 1, argv + 1);
    fprintf(stderr, "cplot: unknown command \"%s\"\n\n%s", command, usage);
    return EXIT_USAGE;
}
