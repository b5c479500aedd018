/* Layout invariants for every kind: each example spec and golden spec,
 * planned at several canvas sizes, keeps all text inside the canvas with
 * no two text boxes overlapping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figure-private.h"

static size_t checked;

static void check(const char *path, const char *root)
{
    cplot_spec_t *spec;
    if (cplot_spec_load(path, root, &spec) != CPLOT_STATUS_SUCCESS)
        fail_msg("%s", cplot_spec_diagnostic(spec, 0));
    static const double sizes[][2] = {{320, 240}, {640, 480}, {1600, 1200}};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        cplot_figure_t *figure = malloc(sizeof *figure);
        assert_non_null(figure);
        if (cplot_figure_plan(figure, cplot_spec_chart(spec), sizes[s][0], sizes[s][1]) !=
            CPLOT_STATUS_SUCCESS)
            fail_msg("%s at %gx%g: %s", path, sizes[s][0], sizes[s][1], figure->message);
        static const cplot_label_t *labels[4096];
        size_t count = cplot_figure_labels(figure, labels, 4096);
        assert_true(count <= 4096);
        cplot_rect_t canvas = {0, 0, sizes[s][0], sizes[s][1]};
        for (size_t i = 0; i < count; i++) {
            cplot_rect_t a = labels[i]->box;
            if (!cplot_rect_contains(canvas, a, 0.01))
                fail_msg("%s at %gx%g: \"%s\" leaves the canvas", path, sizes[s][0], sizes[s][1],
                         pango_layout_get_text(labels[i]->layout));
            for (size_t j = i + 1; j < count; j++)
                if (cplot_rect_intersects(a, labels[j]->box))
                    fail_msg("%s at %gx%g: \"%s\" overlaps \"%s\"", path, sizes[s][0], sizes[s][1],
                             pango_layout_get_text(labels[i]->layout),
                             pango_layout_get_text(labels[j]->layout));
        }
        cplot_figure_release(figure);
        free(figure);
        checked++;
    }
    cplot_spec_destroy(spec);
}

static void walk(const char *folder, const char *root, int depth)
{
    DIR *dir = opendir(folder);
    if (!dir)
        return;
    struct dirent *entry;
    while ((entry = readdir(dir))) {
        const char *name = entry->d_name;
        size_t n = strlen(name);
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", folder, name);
        if (name[0] == '.' || strcmp(name, "data") == 0)
            continue;
        if (n > 5 && strcmp(name + n - 5, ".json") == 0) {
            if (depth > 0)
                check(path, root);
        } else if (depth == 0) {
            walk(path, root, depth + 1);
        }
    }
    closedir(dir);
}

static void test_every_spec_at_every_size(void **state)
{
    (void)state;
    const char *source = getenv("CPLOT_SOURCE_DIR");
    if (!source)
        skip();
    char folder[2048];
    snprintf(folder, sizeof folder, "%s/specs", source);
    walk(folder, folder, 0);
    snprintf(folder, sizeof folder, "%s/tests/golden", source);
    /* The golden specs sit one folder below tests/golden. */
    char specs[2100];
    snprintf(specs, sizeof specs, "%s/specs", folder);
    DIR *dir = opendir(specs);
    assert_non_null(dir);
    closedir(dir);
    walk(folder, source, 0);
    assert_true(checked >= 3 * 30);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_every_spec_at_every_size)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
