/* Golden images from specs: every tests/golden/specs/NAME.json renders to
 * the pixels of tests/golden/expected/NAME.png (within the tolerance).
 * Adding a golden case is adding a spec. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cplot/cplot.h"
#include "golden.h"

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static void test_golden_specs(void **state)
{
    (void)state;
    const char *source = getenv("CPLOT_SOURCE_DIR");
    if (!source)
        skip();
    char folder[1024];
    snprintf(folder, sizeof folder, "%s/tests/golden/specs", source);
    struct dirent **entries;
    int count = scandir(folder, &entries, NULL, by_name);
    assert_true(count > 0);
    size_t checked = 0, failed = 0;
    for (int i = 0; i < count; i++) {
        const char *name = entries[i]->d_name;
        size_t n = strlen(name);
        if (n > 5 && strcmp(name + n - 5, ".json") == 0) {
            char path[2048], golden_name[256];
            snprintf(path, sizeof path, "%s/%s", folder, name);
            snprintf(golden_name, sizeof golden_name, "%.*s", (int)(n - 5), name);
            cplot_spec_t *spec;
            if (cplot_spec_load(path, source, &spec) != CPLOT_STATUS_SUCCESS)
                fail_msg("%s", cplot_spec_diagnostic(spec, 0));
            unsigned char *png;
            size_t size;
            cplot_chart_t *chart = cplot_spec_chart(spec);
            if (cplot_chart_render(chart, CPLOT_FORMAT_PNG, &png, &size) != CPLOT_STATUS_SUCCESS)
                fail_msg("%s: %s", name, cplot_chart_error_message(chart));
            char message[2048];
            if (!golden_check(golden_name, png, size, 8, 0.002, message, sizeof message)) {
                print_error("%s\n", message);
                failed++;
            }
            checked++;
            cplot_free(png);
            cplot_spec_destroy(spec);
        }
        free(entries[i]);
    }
    free(entries);
    assert_true(checked >= 10);
    assert_int_equal(failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_golden_specs)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
