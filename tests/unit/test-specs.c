/* Every spec in specs/ renders, and the cplot command and the C API give
 * the same bytes for it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cplot/cplot.h"

static unsigned char *read_all(const char *path, size_t *size)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        return NULL;
    fseek(file, 0, SEEK_END);
    long length = ftell(file);
    fseek(file, 0, SEEK_SET);
    unsigned char *data = malloc((size_t)length + 1);
    *size = fread(data, 1, (size_t)length, file);
    fclose(file);
    return data;
}

static void check_spec(const char *specs, const char *path)
{
    cplot_spec_t *spec;
    cplot_status_t status = cplot_spec_load(path, specs, &spec);
    if (status != CPLOT_STATUS_SUCCESS)
        fail_msg("%s: %s", path, cplot_spec_diagnostic(spec, 0));
    unsigned char *api;
    size_t api_size;
    status = cplot_chart_render(cplot_spec_chart(spec), CPLOT_FORMAT_PNG, &api, &api_size);
    if (status != CPLOT_STATUS_SUCCESS)
        fail_msg("%s: %s", path, cplot_chart_error_message(cplot_spec_chart(spec)));
    cplot_spec_destroy(spec);

    char out[] = "/tmp/cplot-specs-XXXXXX";
    int fd = mkstemp(out);
    assert_true(fd >= 0);
    close(fd);
    char command[8192];
    snprintf(command, sizeof command, "'%s' render '%s' -o '%s.png' --root '%s'",
             getenv("CPLOT_COMMAND"), path, out, specs);
    assert_int_equal(system(command), 0);
    char png[256];
    snprintf(png, sizeof png, "%s.png", out);
    size_t command_size;
    unsigned char *from_command = read_all(png, &command_size);
    assert_non_null(from_command);
    assert_int_equal(command_size, api_size);
    assert_memory_equal(from_command, api, api_size);
    unlink(out);
    unlink(png);
    free(from_command);
    cplot_free(api);
}

static void test_every_spec(void **state)
{
    (void)state;
    const char *source = getenv("CPLOT_SOURCE_DIR");
    if (!source || !getenv("CPLOT_COMMAND"))
        skip();
    char specs[1024];
    snprintf(specs, sizeof specs, "%s/specs", source);
    DIR *top = opendir(specs);
    assert_non_null(top);
    size_t count = 0;
    struct dirent *type;
    while ((type = readdir(top))) {
        if (type->d_name[0] == '.' || strcmp(type->d_name, "data") == 0)
            continue;
        char folder[2048];
        snprintf(folder, sizeof folder, "%s/%s", specs, type->d_name);
        DIR *inner = opendir(folder);
        if (!inner)
            continue;
        struct dirent *entry;
        while ((entry = readdir(inner))) {
            size_t n = strlen(entry->d_name);
            if (n < 6 || strcmp(entry->d_name + n - 5, ".json") != 0)
                continue;
            char path[3072];
            snprintf(path, sizeof path, "%s/%s", folder, entry->d_name);
            check_spec(specs, path);
            count++;
        }
        closedir(inner);
    }
    closedir(top);
    assert_true(count >= 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_every_spec)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
