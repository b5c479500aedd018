/* Shared by the fuzz targets: a private spec root holding small data
 * files, invariant checks that turn a wrong answer into a crash libFuzzer
 * can report, and the entry points every target defines. */
#ifndef CPLOT_FUZZ_COMMON_H
#define CPLOT_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cplot/cplot.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A folder made once per process (removed at exit) holding data.csv,
 * data.tsv, data.json, sub/inner.csv, empty.csv, a symbolic link
 * escape.csv that points outside it, and data/ with the first rows of the
 * gallery's data files; fuzzed specs name these in their data URLs. The
 * spec itself is "ROOT/spec.json". */
const char *fuzz_root(void);
const char *fuzz_spec_path(void);

/* Aborts with a message when `condition` is false: a broken invariant is
 * a bug even when nothing crashed. */
#define FUZZ_CHECK(condition, ...) \
    ((condition) ? (void)0 : fuzz_fail(__FILE__, __LINE__, #condition, __VA_ARGS__))
void fuzz_fail(const char *file, int line, const char *condition, const char *format, ...)
    __attribute__((noreturn, format(printf, 4, 5)));

/* True when the bytes are valid UTF-8 without NUL bytes. */
bool fuzz_utf8_valid(const char *text, size_t length);

/* Checks a table through the public getters: every column has a unique,
 * non-empty UTF-8 name; codes are -1 or below the level count; levels are
 * UTF-8 and distinct. */
void fuzz_check_table(const cplot_table_t *table);

/* Checks what cplot_spec_parse returned: a status matching the chart's
 * presence, at least one diagnostic on failure, none on success, at most
 * 100, each UTF-8 and prefixed with the spec's name. */
void fuzz_check_spec(const cplot_spec_t *spec, cplot_status_t status, const char *name);

#endif
