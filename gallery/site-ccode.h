/* The equivalent C program of a spec: the same chart built with the public
 * API only (cplot_table_read or inline arrays, one setter per option,
 * cplot_chart_write), shown on every example page and compiled and run by
 * the tests, which compare its PNG with `cplot render`'s byte for byte. */
#ifndef CPLOT_SITE_CCODE_H
#define CPLOT_SITE_CCODE_H

#include <cjson/cJSON.h>

/* The program for the parsed spec `root` (already validated by the
 * library) of kind `kind`, saved as `name`.c, writing `name`.png. A data
 * "url" is used as written: relative to the spec's folder, so the program
 * is run from the folder that holds the spec. NULL when out of memory. */
char *site_c_program(const cJSON *root, const char *kind, const char *name);

/* The shortest decimal text that reads back as `value` exactly ("0.1",
 * "2007", "1e+21"), as the library writes numbers it turns into category
 * labels. `text` holds at least 32 bytes. */
void site_format_number(double value, char *text);

#endif
