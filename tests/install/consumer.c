/* A program that uses only the installed library: built by the install
 * test with pkg-config and with CMake's find_package. */
#include <cplot/cplot.h>
#include <stdio.h>

#if CPLOT_VERSION < CPLOT_VERSION_ENCODE(0, 1, 0)
#error "the installed header reports an old version"
#endif

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: consumer OUT.png\n");
        return 2;
    }
    double x[] = {1, 2, 3, 4, 5}, y[] = {2, 4, 3, 5, 7};
    const char *group[] = {"a", "b", "a", "b", "a"};
    cplot_table_t *table = cplot_table_create();
    cplot_table_add_numeric(table, "x", x, 5);
    cplot_table_add_numeric(table, "y", y, 5);
    cplot_table_add_categorical(table, "group", group, 5);
    cplot_chart_t *chart = cplot_chart_create(CPLOT_KIND_SCATTER);
    cplot_chart_set_data(chart, table);
    cplot_chart_set_string(chart, "x", "x");
    cplot_chart_set_string(chart, "y", "y");
    cplot_chart_set_string(chart, "hue", "group");
    cplot_status_t status = cplot_chart_write(chart, argv[1], CPLOT_FORMAT_PNG);
    if (status != CPLOT_STATUS_SUCCESS)
        fprintf(stderr, "consumer: %s: %s\n", cplot_status_to_string(status),
                cplot_chart_error_message(chart));
    else
        printf("cplot %s wrote %s\n", cplot_version_string(), argv[1]);
    cplot_chart_destroy(chart);
    cplot_table_destroy(table);
    return status == CPLOT_STATUS_SUCCESS ? 0 : 1;
}
