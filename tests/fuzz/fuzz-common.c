/* Shared fuzz helpers: see fuzz-common.h. */
#include "fuzz-common.h"

#include <dirent.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A few rows of the penguins data with its column names, so that the
 * gallery's specs pointed at data.csv find their columns; with missing
 * values, a quoted field and a categorical number column (year). */
static const char csv_text[] =
    "species,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year\n"
    "Adelie,Torgersen,39.1,18.7,181,3750,male,2007\n"
    "Adelie,Torgersen,39.5,17.4,186,3800,female,2007\n"
    "Adelie,Torgersen,40.3,18,195,3250,female,2007\n"
    "Adelie,Torgersen,,,,,,2007\n"
    "Adelie,Biscoe,37.8,18.3,174,3400,female,2008\n"
    "Adelie,Dream,39.5,16.7,178,3250,female,2008\n"
    "Chinstrap,Dream,46.5,17.9,192,3500,female,2007\n"
    "Chinstrap,Dream,50,19.5,196,3900,male,2007\n"
    "Chinstrap,Dream,51.3,19.2,193,3650,male,2008\n"
    "Gentoo,Biscoe,46.1,13.2,211,4500,female,2007\n"
    "Gentoo,Biscoe,50,16.3,230,5700,male,2007\n"
    "Gentoo,Biscoe,48.7,14.1,210,4450,female,2009\n"
    "Gentoo,\"Biscoe\",50.5,15.9,222,5550,NA,2009\n";

static const char tsv_text[] = "x\ty\tg\n1\t2\ta\n2\t4.5\tb\n3\t1e3\ta\n4\t-2\tc\n";

static const char json_text[] =
    "[{\"x\": 1, \"y\": 2, \"g\": \"a\", \"flag\": true},\n"
    " {\"x\": 2, \"y\": null, \"g\": \"b\"},\n"
    " {\"x\": 3.5, \"y\": -1e-3, \"g\": \"a\", \"flag\": false}]\n";

static char root[256];
static char spec_path[300];

static void write_text(const char *name, const char *text)
{
    char path[400];
    snprintf(path, sizeof path, "%s/%s", root, name);
    FILE *file = fopen(path, "w");
    if (!file || fputs(text, file) < 0 || fclose(file) != 0) {
        fprintf(stderr, "fuzz: cannot write %s\n", path);
        abort();
    }
}

static int remove_entry(const char *path, const struct stat *info, int flag, struct FTW *ftw)
{
    (void)info, (void)ftw;
    return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static void remove_root(void)
{
    nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* The first rows of every gallery data file (tests/fuzz/data, made by
 * make-seeds.py), so that the gallery's specs find their columns. */
static void copy_data_folder(void)
{
#ifdef CPLOT_FUZZ_DATA_DIR
    char path[600];
    snprintf(path, sizeof path, "%s/data", root);
    mkdir(path, 0700);
    DIR *folder = opendir(CPLOT_FUZZ_DATA_DIR);
    if (!folder) {
        fprintf(stderr, "fuzz: cannot read %s\n", CPLOT_FUZZ_DATA_DIR);
        abort();
    }
    struct dirent *entry;
    while ((entry = readdir(folder))) {
        if (entry->d_name[0] == '.')
            continue;
        char source[600];
        snprintf(source, sizeof source, "%s/%s", CPLOT_FUZZ_DATA_DIR, entry->d_name);
        snprintf(path, sizeof path, "%s/data/%s", root, entry->d_name);
        FILE *in = fopen(source, "rb"), *out = fopen(path, "wb");
        if (!in || !out) {
            fprintf(stderr, "fuzz: cannot copy %s\n", source);
            abort();
        }
        char buffer[8192];
        size_t n;
        while ((n = fread(buffer, 1, sizeof buffer, in)) > 0)
            fwrite(buffer, 1, n, out);
        fclose(in);
        if (fclose(out) != 0)
            abort();
    }
    closedir(folder);
#endif
}

const char *fuzz_root(void)
{
    if (root[0])
        return root;
    const char *tmp = getenv("TMPDIR");
    snprintf(root, sizeof root, "%s/cplot-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(root)) {
        fprintf(stderr, "fuzz: cannot create a temporary folder\n");
        abort();
    }
    write_text("data.csv", csv_text);
    write_text("data.tsv", tsv_text);
    write_text("data.json", json_text);
    write_text("empty.csv", "");
    char path[400];
    snprintf(path, sizeof path, "%s/sub", root);
    mkdir(path, 0700);
    write_text("sub/inner.csv", "a,b\n1,x\n2,y\n");
    snprintf(path, sizeof path, "%s/escape.csv", root);
    if (symlink("/etc/passwd", path) != 0) {
        fprintf(stderr, "fuzz: cannot create %s\n", path);
        abort();
    }
    copy_data_folder();
    snprintf(spec_path, sizeof spec_path, "%s/spec.json", root);
    atexit(remove_root);
    return root;
}

const char *fuzz_spec_path(void)
{
    fuzz_root();
    return spec_path;
}

void fuzz_fail(const char *file, int line, const char *condition, const char *format, ...)
{
    fprintf(stderr, "%s:%d: invariant broken: %s\n  ", file, line, condition);
    va_list args;
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fputc('\n', stderr);
    abort();
}

bool fuzz_utf8_valid(const char *text, size_t length)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < length) {
        unsigned c = s[i];
        size_t n;
        unsigned minimum;
        if (c == 0)
            return false;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 1, minimum = 0x80, c &= 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2, minimum = 0x800, c &= 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3, minimum = 0x10000, c &= 0x07;
        } else {
            return false;
        }
        if (length - i <= n)
            return false;
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            c = (c << 6) | (s[i + k] & 0x3F);
        }
        if (c < minimum || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            return false;
        i += n + 1;
    }
    return true;
}

void fuzz_check_table(const cplot_table_t *table)
{
    FUZZ_CHECK(table != NULL, "a successful read gave no table");
    size_t columns = cplot_table_column_count(table), rows = cplot_table_row_count(table);
    for (size_t c = 0; c < columns; c++) {
        const char *name = cplot_table_column_name(table, c);
        FUZZ_CHECK(name && *name, "column %zu has no name", c);
        FUZZ_CHECK(fuzz_utf8_valid(name, strlen(name)), "column %zu's name is not UTF-8", c);
        FUZZ_CHECK(cplot_table_find(table, name) == (long)c, "column name \"%s\" is not unique",
                   name);
        if (cplot_table_column_type(table, c) == CPLOT_COLUMN_NUMERIC) {
            FUZZ_CHECK(rows == 0 || cplot_table_numeric(table, c), "numeric column %zu has no values", c);
            FUZZ_CHECK(cplot_table_codes(table, c) == NULL, "numeric column %zu has codes", c);
            continue;
        }
        FUZZ_CHECK(cplot_table_column_type(table, c) == CPLOT_COLUMN_CATEGORICAL,
                   "column %zu has an unknown type", c);
        size_t levels = cplot_table_level_count(table, c);
        const int *codes = cplot_table_codes(table, c);
        FUZZ_CHECK(rows == 0 || codes, "categorical column %zu has no codes", c);
        for (size_t r = 0; r < rows; r++)
            FUZZ_CHECK(codes[r] >= -1 && (codes[r] < 0 || (size_t)codes[r] < levels),
                       "column %zu row %zu: code %d with %zu levels", c, r, codes[r], levels);
        for (size_t l = 0; l < levels; l++) {
            const char *level = cplot_table_level(table, c, l);
            FUZZ_CHECK(level != NULL, "column %zu level %zu is NULL", c, l);
            FUZZ_CHECK(fuzz_utf8_valid(level, strlen(level)), "column %zu level %zu is not UTF-8", c, l);
        }
    }
}

void fuzz_check_spec(const cplot_spec_t *spec, cplot_status_t status, const char *name)
{
    if (status == CPLOT_STATUS_NO_MEMORY && !spec)
        return;
    FUZZ_CHECK(spec != NULL, "cplot_spec_parse set no spec (status %d)", (int)status);
    FUZZ_CHECK((unsigned)status <= CPLOT_STATUS_FONT_ERROR, "status %d is not a cplot_status_t",
               (int)status);
    size_t count = cplot_spec_diagnostic_count(spec);
    if (status == CPLOT_STATUS_SUCCESS) {
        FUZZ_CHECK(cplot_spec_chart(spec) != NULL, "a valid spec has no chart");
        FUZZ_CHECK(count == 0, "a valid spec has %zu diagnostics, the first: %s", count,
                   cplot_spec_diagnostic(spec, 0));
    } else {
        FUZZ_CHECK(cplot_spec_chart(spec) == NULL, "an invalid spec (%s) has a chart",
                   cplot_status_to_string(status));
        FUZZ_CHECK(count > 0, "an invalid spec (%s) explains nothing", cplot_status_to_string(status));
    }
    FUZZ_CHECK(count <= 100, "%zu diagnostics; the documented cap is 100", count);
    size_t name_length = strlen(name);
    for (size_t i = 0; i < count; i++) {
        const char *line = cplot_spec_diagnostic(spec, i);
        FUZZ_CHECK(line != NULL, "diagnostic %zu is NULL", i);
        FUZZ_CHECK(strncmp(line, name, name_length) == 0 && line[name_length] == ':',
                   "diagnostic %zu does not start with the spec's name: %s", i, line);
        FUZZ_CHECK(fuzz_utf8_valid(line, strlen(line)), "diagnostic %zu is not valid UTF-8: %s", i,
                   line);
    }
    for (size_t i = 0; i < cplot_spec_tag_count(spec); i++)
        FUZZ_CHECK(cplot_spec_tag(spec, i) != NULL, "tag %zu is NULL", i);
}
