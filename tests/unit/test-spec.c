/* Specs: every error class reported with its exact file, line, column,
 * JSON pointer and message; all problems of a spec at once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cplot/cplot.h"

static char folder[64];

static void write_file(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", folder, name);
    FILE *file = fopen(path, "w");
    assert_non_null(file);
    fputs(text, file);
    fclose(file);
}

static int setup(void **state)
{
    (void)state;
    snprintf(folder, sizeof folder, "/tmp/cplot-spec-XXXXXX");
    if (!mkdtemp(folder))
        return -1;
    char sub[128];
    snprintf(sub, sizeof sub, "%s/specs", folder);
    mkdir(sub, 0777);
    write_file("specs/points.csv", "a,b,group\n1,2,x\n2,4,y\n3,5,x\n");
    write_file("secret.csv", "a,b\n1,2\n");
    write_file("specs/ragged.csv", "a,b\n1,2\n3\n");
    write_file("specs/quote.csv", "a,b\n1,\"2\n");
    return 0;
}

static int reset_limits(void **state)
{
    (void)state;
    cplot_limits_reset();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char command[128];
    snprintf(command, sizeof command, "rm -rf %s", folder);
    return system(command);
}

/* Parses `text` as specs/test.json with the spec root specs/ and checks
 * the status and the full list of diagnostics. */
static void expect(const char *text, cplot_status_t status, const char *const *messages)
{
    char path[256], root[256];
    snprintf(path, sizeof path, "%s/specs/test.json", folder);
    snprintf(root, sizeof root, "%s/specs", folder);
    cplot_spec_t *spec = NULL;
    cplot_status_t got = cplot_spec_parse(text, strlen(text), path, root, &spec);
    assert_non_null(spec);
    size_t count = 0;
    while (messages[count])
        count++;
    size_t prefix = strlen(path) + 1; /* "PATH:" */
    for (size_t i = 0; i < cplot_spec_diagnostic_count(spec); i++) {
        const char *line = cplot_spec_diagnostic(spec, i);
        assert_memory_equal(line, path, prefix - 1);
        if (i >= count || strcmp(line + prefix, messages[i]) != 0)
            fail_msg("diagnostic %zu:\n  got      %s\n  expected %s", i, line + prefix,
                     i < count ? messages[i] : "(none)");
    }
    assert_int_equal(cplot_spec_diagnostic_count(spec), count);
    assert_int_equal(got, status);
    if (status == CPLOT_STATUS_SUCCESS)
        assert_non_null(cplot_spec_chart(spec));
    else
        assert_null(cplot_spec_chart(spec));
    cplot_spec_destroy(spec);
}

static void test_valid_spec(void **state)
{
    (void)state;
    static const char *const none[] = {NULL};
    expect("{\"chart\": \"scatter\", \"data\": {\"url\": \"points.csv\"}, \"x\": \"a\", \"y\": \"b\","
           " \"hue\": \"group\", \"description\": \"*Hi*\", \"tags\": [\"one\", \"two\"]}",
           CPLOT_STATUS_SUCCESS, none);
    /* Inline data, records and columns. */
    expect("{\"chart\": \"scatter\", \"data\": {\"values\": [{\"a\": 1, \"b\": 2}, {\"a\": 2, \"b\": 1}]},"
           " \"x\": \"a\", \"y\": \"b\"}",
           CPLOT_STATUS_SUCCESS, none);
    expect("{\"chart\": \"scatter\", \"data\": {\"values\": {\"a\": [1, 2], \"b\": [2, 1]}},"
           " \"x\": \"a\", \"y\": \"b\"}",
           CPLOT_STATUS_SUCCESS, none);
}

static void test_malformed_json(void **state)
{
    (void)state;
    static const char *const truncated[] = {"3:1: /: malformed JSON: unexpected end of input", NULL};
    expect("{\n  \"chart\": \"scatter\",\n", CPLOT_STATUS_PARSE_ERROR, truncated);
    static const char *const comma[] = {"2:22: /: malformed JSON: unexpected '}'", NULL};
    expect("{\n  \"chart\": \"scatter\",}", CPLOT_STATUS_PARSE_ERROR, comma);
    static const char *const utf8[] = {"2:13: /: not valid UTF-8", NULL};
    expect("{\n  \"title\": \"\xff\"}", CPLOT_STATUS_PARSE_ERROR, utf8);
    static const char *const array[] = {"1:1: /: a spec is a JSON object; this is a list", NULL};
    expect("[1, 2]", CPLOT_STATUS_INVALID_SPEC, array);
}

/* What cJSON would take but a spec may not hold, and where JSON is
 * malformed in ways cJSON reports vaguely. */
static void test_strict_json(void **state)
{
    (void)state;
    static const char *const nul[] = {"1:11: /title: the string contains \\u0000 (a NUL character)",
                                      NULL};
    expect("{\"title\": \"a\\u0000b\"}", CPLOT_STATUS_PARSE_ERROR, nul);
    static const char *const twice[] = {
        "2:3: /x: \"x\" is given twice (also at line 1, column 2)",
        "3:32: /data/values/0/a: \"a\" is given twice (also at line 3, column 24)", NULL};
    expect("{\"x\": \"a\",\n  \"x\": \"b\",\n  \"data\": {\"values\": [{\"a\": 1, \"a\": 2}]}}",
           CPLOT_STATUS_INVALID_SPEC, twice);
    static const char *const garbage[] = {
        "1:3: /: malformed JSON: unexpected ']' after the end of the spec", NULL};
    expect("{}]", CPLOT_STATUS_PARSE_ERROR, garbage);
    static const char *const surrogate[] = {
        "1:12: /: malformed JSON: \"\\udc00\" is a lone UTF-16 surrogate", NULL};
    expect("{\"title\": \"\\udc00\"}", CPLOT_STATUS_PARSE_ERROR, surrogate);
    static const char *const leading_zero[] = {"1:12: /: malformed JSON: unexpected '1'", NULL};
    expect("{\"width\": 01}", CPLOT_STATUS_PARSE_ERROR, leading_zero);
    static const char *const nul_byte[] = {"1:3: /: NUL byte (JSON text may not contain one)", NULL};
    char with_nul[] = "{}";
    cplot_spec_t *spec = NULL;
    char path[256];
    snprintf(path, sizeof path, "%s/specs/test.json", folder);
    assert_int_equal(cplot_spec_parse(with_nul, sizeof with_nul, path, NULL, &spec),
                     CPLOT_STATUS_PARSE_ERROR);
    assert_string_equal(cplot_spec_diagnostic(spec, 0) + strlen(path) + 1, nul_byte[0]);
    cplot_spec_destroy(spec);
    /* Nesting deeper than 1000 levels, at the bracket that goes too deep. */
    char deep[2100];
    memset(deep, '[', 1001);
    memset(deep + 1001, ']', 1001);
    deep[2002] = 0;
    static const char *const too_deep[] = {
        "1:1001: /: malformed JSON: nested more than 1000 levels deep", NULL};
    expect(deep, CPLOT_STATUS_PARSE_ERROR, too_deep);
}

/* A limit raised lets the bigger input through; lowered, the same input
 * is refused with CPLOT_STATUS_LIMIT_EXCEEDED. */
static void test_limits(void **state)
{
    (void)state;
    static const char *const none[] = {NULL};
    static const char spec_text[] =
        "{\"chart\": \"scatter\", \"data\": {\"values\": [{\"a\": 1, \"b\": 2}, {\"a\": 2, \"b\": 1},"
        " {\"a\": 3, \"b\": 3}]}, \"x\": \"a\", \"y\": \"b\"}";
    assert_int_equal(cplot_limit_get("spec_bytes"), 1048576);
    assert_true(isnan(cplot_limit_get("no_such_limit")));
    assert_int_equal(cplot_limit_set("no_such_limit", 5), CPLOT_STATUS_UNKNOWN_OPTION);
    assert_int_equal(cplot_limit_set("spec_bytes", 0), CPLOT_STATUS_INVALID_VALUE);
    assert_int_equal(cplot_limit_set("spec_bytes", 1.5), CPLOT_STATUS_INVALID_VALUE);
    assert_int_equal(cplot_limit_get("spec_bytes"), 1048576);

    /* Spec size. */
    assert_int_equal(cplot_limit_set("spec_bytes", 50), CPLOT_STATUS_SUCCESS);
    char message[100];
    snprintf(message, sizeof message, "1:1: /: the spec is %zu bytes; the limit is 50",
             strlen(spec_text));
    const char *const too_big[] = {message, NULL};
    expect(spec_text, CPLOT_STATUS_LIMIT_EXCEEDED, too_big);
    assert_int_equal(cplot_limit_set("spec_bytes", 4096), CPLOT_STATUS_SUCCESS);
    expect(spec_text, CPLOT_STATUS_SUCCESS, none);

    /* Data rows: three rows against a limit of two. */
    assert_int_equal(cplot_limit_set("data_rows", 2), CPLOT_STATUS_SUCCESS);
    static const char *const rows[] = {
        "1:41: /data/values: 3 records, more than 2 (the limit)", NULL};
    expect(spec_text, CPLOT_STATUS_LIMIT_EXCEEDED, rows);
    assert_int_equal(cplot_limit_set("data_rows", 3), CPLOT_STATUS_SUCCESS);
    expect(spec_text, CPLOT_STATUS_SUCCESS, none);

    /* Pixels, checked by cplot_chart_check as by rendering. */
    cplot_spec_t *spec = NULL;
    assert_int_equal(cplot_spec_parse(spec_text, strlen(spec_text), NULL, NULL, &spec),
                     CPLOT_STATUS_SUCCESS);
    cplot_chart_t *chart = cplot_spec_chart(spec);
    assert_int_equal(cplot_limit_set("pixels", 1000), CPLOT_STATUS_SUCCESS);
    assert_int_equal(cplot_chart_check(chart), CPLOT_STATUS_LIMIT_EXCEEDED);
    assert_string_equal(cplot_chart_error_message(chart),
                        "800x600 at scale 1 is 480000 pixels; the limit is 1000 (pixels)");
    unsigned char *png;
    size_t size;
    assert_int_equal(cplot_chart_render(chart, CPLOT_FORMAT_PNG, &png, &size),
                     CPLOT_STATUS_LIMIT_EXCEEDED);
    assert_int_equal(cplot_limit_set("pixels", 480000), CPLOT_STATUS_SUCCESS);
    assert_int_equal(cplot_chart_check(chart), CPLOT_STATUS_SUCCESS);
    assert_int_equal(cplot_chart_render(chart, CPLOT_FORMAT_PNG, &png, &size), CPLOT_STATUS_SUCCESS);
    cplot_free(png);
    cplot_spec_destroy(spec);

    cplot_limits_reset();
    assert_int_equal(cplot_limit_get("pixels"), 50000000);
    assert_int_equal(cplot_limit_get("data_rows"), 10000000);
    for (size_t i = 0; i < cplot_limit_count(); i++) {
        const cplot_limit_info_t *info = cplot_limit_at(i);
        assert_non_null(info->doc);
        assert_true(cplot_limit_get(info->name) == info->default_value);
    }
    assert_null(cplot_limit_at(cplot_limit_count()));
}

static void test_every_problem_reported(void **state)
{
    (void)state;
    static const char *const messages[] = {
        "4:3: /bnis: unknown key \"bnis\" for scatter charts; see `cplot schema` for the keys there are",
        "5:12: /alpha: expected a number from 0 to 1; got 3",
        "6:3: /huee: unknown key \"huee\" for scatter charts; did you mean \"hue\"?",
        "7:12: /theme: expected one of \"light\", \"dark\"; got \"blue\"",
        "8:8: /x: no column \"aa\" in the data; did you mean \"a\"? The columns are \"a\", \"b\", \"group\"",
        NULL};
    expect("{\n"
           "  \"chart\": \"scatter\",\n"
           "  \"data\": {\"url\": \"points.csv\"},\n"
           "  \"bnis\": 3,\n"
           "  \"alpha\": 3,\n"
           "  \"huee\": \"group\",\n"
           "  \"theme\": \"blue\",\n"
           "  \"x\": \"aa\", \"y\": \"b\"\n"
           "}",
           CPLOT_STATUS_INVALID_SPEC, messages);
}

static void test_chart_and_data_errors(void **state)
{
    (void)state;
    static const char *const no_chart[] = {
        "1:1: /: missing \"chart\"; expected one of \"scatter\", \"heatmap\", \"bar\", \"histogram\", \"density\", \"correlogram\", \"hexbin\", \"pairplot\", \"joint\"", NULL};
    expect("{\"data\": {\"url\": \"points.csv\"}}", CPLOT_STATUS_INVALID_SPEC, no_chart);
    static const char *const typo[] = {
        "1:11: /chart: unknown chart kind \"scater\"; did you mean \"scatter\"?", NULL};
    expect("{\"chart\": \"scater\", \"data\": {\"url\": \"points.csv\"}}", CPLOT_STATUS_INVALID_SPEC, typo);
    static const char *const no_data[] = {
        "1:1: /: missing \"data\"; expected {\"url\": \"file.csv\"} or {\"values\": [...]}", NULL};
    expect("{\"chart\": \"scatter\"}", CPLOT_STATUS_INVALID_SPEC, no_data);
    char expected[512];
    /* The root is not named: a server's folders are not the sender's business. */
    snprintf(expected, sizeof expected, "1:38: /data/url: \"../secret.csv\" leads outside the spec root");
    const char *const outside[] = {expected, NULL};
    expect("{\"chart\": \"scatter\", \"data\": {\"url\": \"../secret.csv\"}}", CPLOT_STATUS_INVALID_SPEC,
           outside);
    static const char *const absolute[] = {
        "1:38: /data/url: \"/etc/passwd\" is an absolute path; data paths are relative to the "
        "spec's folder",
        NULL};
    expect("{\"chart\": \"scatter\", \"data\": {\"url\": \"/etc/passwd\"}}", CPLOT_STATUS_INVALID_SPEC,
           absolute);
    /* A symbolic link inside the root that points outside is refused too. */
    char link_path[256], target[256];
    snprintf(link_path, sizeof link_path, "%s/specs/link.csv", folder);
    snprintf(target, sizeof target, "%s/secret.csv", folder);
    assert_int_equal(symlink(target, link_path), 0);
    snprintf(expected, sizeof expected, "1:38: /data/url: \"link.csv\" leads outside the spec root");
    expect("{\"chart\": \"scatter\", \"data\": {\"url\": \"link.csv\"}}", CPLOT_STATUS_INVALID_SPEC,
           outside);
    snprintf(expected, sizeof expected, "1:38: /data/url: cannot open ./nope.csv: No such file or directory");
    expect("{\"chart\": \"scatter\", \"data\": {\"url\": \"./nope.csv\"}}", CPLOT_STATUS_IO_ERROR, outside);
    static const char *const both[] = {"1:30: /data: \"data\" needs exactly one of \"url\" or \"values\"",
                                       NULL};
    expect("{\"chart\": \"scatter\", \"data\": {}}", CPLOT_STATUS_INVALID_SPEC, both);
    static const char *const data_key[] = {
        "1:31: /data/ulr: unknown key \"ulr\" in \"data\"; did you mean \"url\"?; expected \"url\", "
        "\"values\" or \"types\"",
        "1:30: /data: \"data\" needs exactly one of \"url\" or \"values\"", NULL};
    expect("{\"chart\": \"scatter\", \"data\": {\"ulr\": \"points.csv\"}}", CPLOT_STATUS_INVALID_SPEC,
           data_key);
    static const char *const tags[] = {"1:36: /tags/1: tag is a number; expected a string", NULL};
    expect("{\"chart\": \"scatter\", \"tags\": [\"a\", 2], \"data\": {\"url\": \"points.csv\"}, \"x\": \"a\", "
           "\"y\": \"b\"}",
           CPLOT_STATUS_INVALID_SPEC, tags);
}

static void test_data_file_errors(void **state)
{
    (void)state;
    static const char *const ragged[] = {
        "1:38: /data/url: ragged.csv:3:2: row 2 (line 3) has 1 field, but the header has 2 columns",
        NULL};
    expect("{\"chart\": \"scatter\", \"data\": {\"url\": \"ragged.csv\"}, \"x\": \"a\", \"y\": \"b\"}",
           CPLOT_STATUS_PARSE_ERROR, ragged);
    static const char *const quote[] = {
        "1:38: /data/url: quote.csv:2:3: row 1, column 2 (\"b\"): the quote opened at line 2, "
        "column 3 is never closed",
        NULL};
    expect("{\"chart\": \"scatter\", \"data\": {\"url\": \"quote.csv\"}, \"x\": \"a\", \"y\": \"b\"}",
           CPLOT_STATUS_PARSE_ERROR, quote);
    static const char *const types[] = {
        "1:67: /data/types/a: expected \"categorical\" or \"numeric\"", NULL};
    expect("{\"chart\": \"scatter\", \"data\": {\"url\": \"points.csv\", \"types\": {\"a\": \"text\"}}, "
           "\"x\": \"a\", \"y\": \"b\"}",
           CPLOT_STATUS_INVALID_SPEC, types);

    /* The same reader through the public API. */
    char path[256], message[512];
    snprintf(path, sizeof path, "%s/specs/ragged.csv", folder);
    cplot_table_t *table = (cplot_table_t *)1;
    assert_int_equal(cplot_table_read(path, &table, message, sizeof message), CPLOT_STATUS_PARSE_ERROR);
    assert_null(table);
    char expected[512];
    snprintf(expected, sizeof expected,
             "%s:3:2: row 2 (line 3) has 1 field, but the header has 2 columns", path);
    assert_string_equal(message, expected);
    snprintf(path, sizeof path, "%s/specs/points.csv", folder);
    assert_int_equal(cplot_table_read(path, &table, NULL, 0), CPLOT_STATUS_SUCCESS);
    assert_int_equal(cplot_table_row_count(table), 3);
    assert_int_equal(cplot_table_column_count(table), 3);
    assert_int_equal(cplot_table_column_type(table, 2), CPLOT_COLUMN_CATEGORICAL);
    cplot_table_destroy(table);
}

static void test_spec_renders_like_api(void **state)
{
    (void)state;
    char path[256];
    snprintf(path, sizeof path, "%s/specs/render.json", folder);
    write_file("specs/render.json",
               "{\"chart\": \"scatter\", \"data\": {\"url\": \"points.csv\"}, \"x\": \"a\", \"y\": \"b\", "
               "\"hue\": \"group\", \"title\": \"T\", \"width\": 400, \"height\": 300}");
    cplot_spec_t *spec;
    assert_int_equal(cplot_spec_load(path, NULL, &spec), CPLOT_STATUS_SUCCESS);
    unsigned char *from_spec, *from_api;
    size_t n1, n2;
    assert_int_equal(cplot_chart_render(cplot_spec_chart(spec), CPLOT_FORMAT_PNG, &from_spec, &n1),
                     CPLOT_STATUS_SUCCESS);
    cplot_spec_destroy(spec);

    double a[] = {1, 2, 3}, b[] = {2, 4, 5};
    const char *group[] = {"x", "y", "x"};
    cplot_table_t *table = cplot_table_create();
    cplot_table_add_numeric(table, "a", a, 3);
    cplot_table_add_numeric(table, "b", b, 3);
    cplot_table_add_categorical(table, "group", group, 3);
    cplot_chart_t *chart = cplot_chart_create(CPLOT_KIND_SCATTER);
    cplot_chart_set_data(chart, table);
    cplot_chart_set_string(chart, "x", "a");
    cplot_chart_set_string(chart, "y", "b");
    cplot_chart_set_string(chart, "hue", "group");
    cplot_chart_set_string(chart, "title", "T");
    cplot_chart_set_number(chart, "width", 400);
    cplot_chart_set_number(chart, "height", 300);
    assert_int_equal(cplot_chart_render(chart, CPLOT_FORMAT_PNG, &from_api, &n2), CPLOT_STATUS_SUCCESS);
    assert_int_equal(n1, n2);
    assert_memory_equal(from_spec, from_api, n1);
    cplot_free(from_spec);
    cplot_free(from_api);
    cplot_chart_destroy(chart);
    cplot_table_destroy(table);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_spec),
        cmocka_unit_test(test_malformed_json),
        cmocka_unit_test(test_strict_json),
        cmocka_unit_test_teardown(test_limits, reset_limits),
        cmocka_unit_test(test_every_problem_reported),
        cmocka_unit_test(test_chart_and_data_errors),
        cmocka_unit_test(test_data_file_errors),
        cmocka_unit_test(test_spec_renders_like_api),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
