/* The cplot command: shared exit codes and helpers for its subcommands. */
#ifndef CPLOT_CLI_H
#define CPLOT_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "cplot/cplot.h"

/* Exit codes (documented in cplot --help and the man page). */
enum {
    EXIT_OK = 0,
    EXIT_INVALID_INPUT = 1, /* a spec or its data is invalid */
    EXIT_USAGE = 2,         /* the command line is wrong */
    EXIT_IO = 3             /* a file could not be read or written */
};

int command_render(int argc, char **argv);
int command_validate(int argc, char **argv);
int command_gallery(int argc, char **argv);
int command_inspect(int argc, char **argv);
int command_reference(int argc, char **argv);

/* Loads a spec from a path, or from standard input for "-", with `root`
 * (NULL: the default root). Prints the diagnostics of an invalid spec to
 * standard error. *spec is set when memory allows; destroy it. */
cplot_status_t load_spec(const char *path, const char *root, cplot_spec_t **spec);

/* The exit code for a library status. */
int exit_code_for(cplot_status_t status);
/* Prints a spec's diagnostics to standard error. */
void print_diagnostics(const cplot_spec_t *spec);
/* The data root for a spec path: the current folder when the spec lies
 * inside it, else the spec's own folder (NULL). */
const char *default_root(const char *spec_path);
/* Reads all of standard input (at most `max` bytes); NULL on failure. */
char *read_stdin(size_t max, size_t *length);

#endif
