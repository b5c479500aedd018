/* stats-probe: runs the numerics of stats-private.h on one JSON request
 * read from stdin and prints the result as JSON, for the oracle test
 * (test_stats_oracle.py) to compare with numpy, scipy and pandas.
 *
 * A request is an object with "op" (bins, recount, heights, kde, corr,
 * summary, quantile, t, regression, order, hclust), or an array of such
 * objects (answered by an array, so one process serves a batch). Numbers
 * in "x"-like arrays may be null or "nan" (NaN), "inf", "-inf". Output
 * numbers are printed with %.17g; NaN as null, infinities as
 * Infinity/-Infinity (which Python's json accepts). Every answer has
 * "status" (cplot_status_to_string). Exit status 0 unless the request
 * itself is malformed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "memory-private.h"
#include "stats-private.h"

/* ------------------------------------------------------------- Output */

static void print_number(double value)
{
    if (isnan(value))
        fputs("null", stdout);
    else if (isinf(value))
        fputs(value > 0 ? "Infinity" : "-Infinity", stdout);
    else
        printf("%.17g", value);
}

static void print_numbers(const char *name, const double *values, size_t count)
{
    printf(",\"%s\":[", name);
    for (size_t i = 0; i < count; i++) {
        if (i)
            putchar(',');
        print_number(values[i]);
    }
    putchar(']');
}

static void print_field(const char *name, double value)
{
    printf(",\"%s\":", name);
    print_number(value);
}

static void print_status(cplot_status_t status)
{
    printf("{\"status\":\"%s\"", cplot_status_to_string(status));
}

/* -------------------------------------------------------------- Input */

static bool read_number(const cJSON *item, double *value)
{
    if (cJSON_IsNumber(item)) {
        *value = item->valuedouble;
        return true;
    }
    if (cJSON_IsNull(item)) {
        *value = NAN;
        return true;
    }
    if (cJSON_IsString(item)) {
        const char *text = item->valuestring;
        if (strcmp(text, "nan") == 0)
            *value = NAN;
        else if (strcmp(text, "inf") == 0)
            *value = INFINITY;
        else if (strcmp(text, "-inf") == 0)
            *value = -INFINITY;
        else
            return false;
        return true;
    }
    return false;
}

/* A freshly allocated array of the numbers in `array` (NULL on error). */
static double *read_numbers(const cJSON *array, size_t *count)
{
    *count = 0;
    if (!cJSON_IsArray(array))
        return NULL;
    size_t n = (size_t)cJSON_GetArraySize(array);
    double *values = cplot_alloc_array(n ? n : 1, sizeof *values);
    if (!values)
        return NULL;
    size_t i = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, array)
    {
        if (!read_number(item, &values[i++])) {
            free(values);
            return NULL;
        }
    }
    *count = n;
    return values;
}

static double number_or(const cJSON *request, const char *name, double fallback)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(request, name);
    double value;
    return item && read_number(item, &value) ? value : fallback;
}

static bool flag(const cJSON *request, const char *name)
{
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(request, name));
}

/* ---------------------------------------------------------- Operations */

static bool parse_rule(const char *name, cplot_bin_rule_t *rule)
{
    static const struct {
        const char *name;
        cplot_bin_rule_t rule;
    } rules[] = {{"auto", CPLOT_BIN_RULE_AUTO},     {"fd", CPLOT_BIN_RULE_FD},
                 {"doane", CPLOT_BIN_RULE_DOANE},   {"scott", CPLOT_BIN_RULE_SCOTT},
                 {"stone", CPLOT_BIN_RULE_STONE},   {"rice", CPLOT_BIN_RULE_RICE},
                 {"sturges", CPLOT_BIN_RULE_STURGES}, {"sqrt", CPLOT_BIN_RULE_SQRT}};
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        if (strcmp(name, rules[i].name) == 0) {
            *rule = rules[i].rule;
            return true;
        }
    }
    return false;
}

static void print_bins(const cplot_bins_t *bins)
{
    print_numbers("edges", bins->edges, bins->edge_count);
    print_numbers("counts", bins->counts, bins->bin_count);
    printf(",\"nonfinite\":%zu,\"outside\":%zu,\"uniform\":%s", bins->nonfinite, bins->outside,
           bins->uniform ? "true" : "false");
}

/* {"op":"bins","x":[..],"bins":"fd"|10|[edges],"range":[a,b],
 *  "binwidth":w,"discrete":true,"recount":[..]} */
static bool run_bins(const cJSON *request)
{
    size_t count;
    double *x = read_numbers(cJSON_GetObjectItemCaseSensitive(request, "x"), &count);
    if (!x)
        return false;
    cplot_bin_options_t options;
    cplot_bin_options_init(&options);
    double *edges = NULL;
    const cJSON *bins_item = cJSON_GetObjectItemCaseSensitive(request, "bins");
    if (cJSON_IsString(bins_item)) {
        if (!parse_rule(bins_item->valuestring, &options.rule)) {
            free(x);
            return false;
        }
    } else if (cJSON_IsNumber(bins_item)) {
        options.method = CPLOT_BIN_METHOD_COUNT;
        options.count = (size_t)bins_item->valuedouble;
    } else if (cJSON_IsArray(bins_item)) {
        options.method = CPLOT_BIN_METHOD_EDGES;
        edges = read_numbers(bins_item, &options.edge_count);
        options.edges = edges;
    }
    const cJSON *range = cJSON_GetObjectItemCaseSensitive(request, "range");
    if (cJSON_IsArray(range) && cJSON_GetArraySize(range) == 2) {
        options.has_range = true;
        read_number(cJSON_GetArrayItem(range, 0), &options.range_min);
        read_number(cJSON_GetArrayItem(range, 1), &options.range_max);
    }
    const cJSON *width = cJSON_GetObjectItemCaseSensitive(request, "binwidth");
    if (width) {
        options.method = CPLOT_BIN_METHOD_WIDTH;
        read_number(width, &options.width);
    }
    if (flag(request, "discrete"))
        options.method = CPLOT_BIN_METHOD_DISCRETE;

    cplot_bins_t bins;
    cplot_status_t status = cplot_bins_compute(x, count, &options, &bins);
    print_status(status);
    if (status == CPLOT_STATUS_SUCCESS) {
        print_bins(&bins);
        const cJSON *other = cJSON_GetObjectItemCaseSensitive(request, "recount");
        if (other) {
            size_t other_count;
            double *values = read_numbers(other, &other_count);
            cplot_bins_t again;
            cplot_status_t recount_status = cplot_bins_recount(&bins, values, other_count, &again);
            printf(",\"recount_status\":\"%s\"", cplot_status_to_string(recount_status));
            if (recount_status == CPLOT_STATUS_SUCCESS)
                print_numbers("recount", again.counts, again.bin_count);
            cplot_bins_release(&again);
            free(values);
        }
    }
    putchar('}');
    cplot_bins_release(&bins);
    free(edges);
    free(x);
    return true;
}

/* {"op":"heights","counts":[..],"edges":[..],"stat":"density","cumulative":false,
 *  "total":0,"fraction":1} */
static bool run_heights(const cJSON *request)
{
    size_t count, edge_count;
    double *counts = read_numbers(cJSON_GetObjectItemCaseSensitive(request, "counts"), &count);
    double *edges = read_numbers(cJSON_GetObjectItemCaseSensitive(request, "edges"), &edge_count);
    const cJSON *stat_item = cJSON_GetObjectItemCaseSensitive(request, "stat");
    if (!counts || !edges || edge_count != count + 1 || !cJSON_IsString(stat_item)) {
        free(counts);
        free(edges);
        return false;
    }
    static const char *const stats[] = {"count", "frequency", "probability", "percent", "density"};
    cplot_histogram_stat_t stat = CPLOT_HISTOGRAM_STAT_COUNT;
    for (size_t i = 0; i < sizeof stats / sizeof stats[0]; i++)
        if (strcmp(stat_item->valuestring, stats[i]) == 0)
            stat = (cplot_histogram_stat_t)i;
    double *heights = cplot_alloc_array(count ? count : 1, sizeof *heights);
    cplot_status_t status = cplot_histogram_heights(counts, edges, count, stat, flag(request, "cumulative"),
                                                    number_or(request, "total", 0.0),
                                                    number_or(request, "fraction", 1.0), heights);
    print_status(status);
    if (status == CPLOT_STATUS_SUCCESS)
        print_numbers("heights", heights, count);
    putchar('}');
    free(heights);
    free(counts);
    free(edges);
    return true;
}

/* {"op":"kde","x":[..],"bw_method":"scott"|"silverman"|number,"bw_adjust":1,
 *  "gridsize":200,"cut":3,"clip":[lo,hi],"cumulative":false,"points":[..]} */
static bool run_kde(const cJSON *request)
{
    size_t count;
    double *x = read_numbers(cJSON_GetObjectItemCaseSensitive(request, "x"), &count);
    if (!x)
        return false;
    cplot_kde_options_t options;
    cplot_kde_options_init(&options);
    const cJSON *method = cJSON_GetObjectItemCaseSensitive(request, "bw_method");
    if (cJSON_IsString(method) && strcmp(method->valuestring, "silverman") == 0) {
        options.bandwidth = CPLOT_KDE_BANDWIDTH_SILVERMAN;
    } else if (cJSON_IsNumber(method)) {
        options.bandwidth = CPLOT_KDE_BANDWIDTH_SCALAR;
        options.factor = method->valuedouble;
    }
    options.adjust = number_or(request, "bw_adjust", 1.0);
    options.gridsize = (size_t)number_or(request, "gridsize", 200.0);
    options.cut = number_or(request, "cut", 3.0);
    options.cumulative = flag(request, "cumulative");
    const cJSON *clip = cJSON_GetObjectItemCaseSensitive(request, "clip");
    if (cJSON_IsArray(clip) && cJSON_GetArraySize(clip) == 2) {
        read_number(cJSON_GetArrayItem(clip, 0), &options.clip_min);
        read_number(cJSON_GetArrayItem(clip, 1), &options.clip_max);
        if (isnan(options.clip_min))
            options.clip_min = -INFINITY;
        if (isnan(options.clip_max))
            options.clip_max = INFINITY;
    }
    const cJSON *points_item = cJSON_GetObjectItemCaseSensitive(request, "points");
    if (points_item) {
        size_t point_count;
        double *points = read_numbers(points_item, &point_count);
        double factor = NAN, bandwidth = NAN;
        cplot_status_t status = cplot_kde_fit(x, count, &options, &factor, &bandwidth);
        double *density = cplot_alloc_array(point_count ? point_count : 1, sizeof *density);
        if (status == CPLOT_STATUS_SUCCESS)
            status = cplot_kde_evaluate(x, count, bandwidth, points, point_count, false, density);
        print_status(status);
        if (status == CPLOT_STATUS_SUCCESS) {
            print_field("factor", factor);
            print_field("bandwidth", bandwidth);
            print_numbers("density", density, point_count);
        }
        putchar('}');
        free(density);
        free(points);
    } else {
        cplot_kde_t kde;
        cplot_status_t status = cplot_kde_compute(x, count, &options, &kde);
        print_status(status);
        if (status == CPLOT_STATUS_SUCCESS) {
            print_field("factor", kde.factor);
            print_field("bandwidth", kde.bandwidth);
            printf(",\"used\":%zu,\"nonfinite\":%zu", kde.used, kde.nonfinite);
            print_numbers("grid", kde.grid, kde.count);
            print_numbers("density", kde.density, kde.count);
        }
        putchar('}');
        cplot_kde_release(&kde);
    }
    free(x);
    return true;
}

/* {"op":"corr","method":"pearson","columns":[[..],..],"min_periods":1} */
static bool run_corr(const cJSON *request)
{
    const cJSON *columns_item = cJSON_GetObjectItemCaseSensitive(request, "columns");
    const cJSON *method_item = cJSON_GetObjectItemCaseSensitive(request, "method");
    if (!cJSON_IsArray(columns_item) || !cJSON_IsString(method_item))
        return false;
    cplot_correlation_method_t method = CPLOT_CORRELATION_PEARSON;
    if (strcmp(method_item->valuestring, "spearman") == 0)
        method = CPLOT_CORRELATION_SPEARMAN;
    else if (strcmp(method_item->valuestring, "kendall") == 0)
        method = CPLOT_CORRELATION_KENDALL;
    size_t column_count = (size_t)cJSON_GetArraySize(columns_item);
    double **columns = cplot_calloc_array(column_count ? column_count : 1, sizeof *columns);
    size_t rows = 0;
    bool ok = columns != NULL;
    for (size_t c = 0; ok && c < column_count; c++) {
        size_t n;
        columns[c] = read_numbers(cJSON_GetArrayItem(columns_item, (int)c), &n);
        ok = columns[c] && (c == 0 || n == rows);
        rows = n;
    }
    if (ok) {
        cplot_correlation_t matrix;
        cplot_status_t status = cplot_correlation_matrix((const double *const *)columns, column_count, rows,
                                                         method, (size_t)number_or(request, "min_periods", 1.0),
                                                         &matrix);
        print_status(status);
        if (status == CPLOT_STATUS_SUCCESS)
            print_numbers("matrix", matrix.values, matrix.size * matrix.size);
        putchar('}');
        cplot_correlation_release(&matrix);
    }
    for (size_t c = 0; columns && c < column_count; c++)
        free(columns[c]);
    free(columns);
    return ok;
}

/* {"op":"summary","x":[..],"level":0.95} */
static bool run_summary(const cJSON *request)
{
    size_t count;
    double *x = read_numbers(cJSON_GetObjectItemCaseSensitive(request, "x"), &count);
    if (!x)
        return false;
    cplot_summary_t summary;
    cplot_status_t status = cplot_summary_compute(x, count, number_or(request, "level", 0.95), &summary);
    print_status(status);
    if (status == CPLOT_STATUS_SUCCESS) {
        printf(",\"count\":%zu,\"nonfinite\":%zu", summary.count, summary.nonfinite);
        print_field("mean", summary.mean);
        print_field("sd", summary.sd);
        print_field("se", summary.se);
        print_field("ci_low", summary.ci_low);
        print_field("ci_high", summary.ci_high);
    }
    putchar('}');
    free(x);
    return true;
}

/* {"op":"quantile","x":[..],"q":[..]} (also answers the median) */
static bool run_quantile(const cJSON *request)
{
    size_t count, q_count;
    double *x = read_numbers(cJSON_GetObjectItemCaseSensitive(request, "x"), &count);
    double *q = read_numbers(cJSON_GetObjectItemCaseSensitive(request, "q"), &q_count);
    if (!x || !q) {
        free(x);
        free(q);
        return false;
    }
    double *results = cplot_alloc_array(q_count ? q_count : 1, sizeof *results);
    cplot_status_t status = cplot_quantiles(x, count, q, q_count, results);
    print_status(status);
    if (status == CPLOT_STATUS_SUCCESS) {
        print_numbers("quantiles", results, q_count);
        double median;
        if (cplot_median(x, count, &median) == CPLOT_STATUS_SUCCESS)
            print_field("median", median);
    }
    putchar('}');
    free(results);
    free(x);
    free(q);
    return true;
}

/* {"op":"t","p":[..],"df":[..]} (element by element), or "normal":[..] */
static bool run_t(const cJSON *request)
{
    size_t p_count, df_count;
    double *p = read_numbers(cJSON_GetObjectItemCaseSensitive(request, "p"), &p_count);
    double *df = read_numbers(cJSON_GetObjectItemCaseSensitive(request, "df"), &df_count);
    if (!p || !df || p_count != df_count) {
        free(p);
        free(df);
        return false;
    }
    double *t = cplot_alloc_array(p_count ? p_count : 1, sizeof *t);
    for (size_t i = 0; i < p_count; i++)
        t[i] = cplot_t_quantile(p[i], df[i]);
    print_status(CPLOT_STATUS_SUCCESS);
    print_numbers("t", t, p_count);
    for (size_t i = 0; i < p_count; i++)
        t[i] = cplot_normal_quantile(p[i]);
    print_numbers("normal", t, p_count);
    putchar('}');
    free(t);
    free(p);
    free(df);
    return true;
}

/* {"op":"regression","x":[..],"y":[..],"level":0.95,"grid":[start,stop,count]} */
static bool run_regression(const cJSON *request)
{
    size_t x_count, y_count;
    double *x = read_numbers(cJSON_GetObjectItemCaseSensitive(request, "x"), &x_count);
    double *y = read_numbers(cJSON_GetObjectItemCaseSensitive(request, "y"), &y_count);
    if (!x || !y || x_count != y_count) {
        free(x);
        free(y);
        return false;
    }
    cplot_regression_t fit;
    cplot_status_t status = cplot_regression_fit(x, y, x_count, number_or(request, "level", 0.95), &fit);
    print_status(status);
    if (status == CPLOT_STATUS_SUCCESS) {
        printf(",\"count\":%zu,\"skipped\":%zu", fit.count, fit.skipped);
        print_field("intercept", fit.intercept);
        print_field("slope", fit.slope);
        print_field("residual_sd", fit.residual_sd);
        print_field("t", fit.t_value);
        print_field("x_mean", fit.x_mean);
        print_field("sxx", fit.sxx);
        const cJSON *grid = cJSON_GetObjectItemCaseSensitive(request, "grid");
        if (cJSON_IsArray(grid) && cJSON_GetArraySize(grid) == 3) {
            double start, stop, points;
            read_number(cJSON_GetArrayItem(grid, 0), &start);
            read_number(cJSON_GetArrayItem(grid, 1), &stop);
            read_number(cJSON_GetArrayItem(grid, 2), &points);
            cplot_regression_band_t band;
            cplot_status_t band_status = cplot_regression_band(&fit, start, stop, (size_t)points, &band);
            printf(",\"band_status\":\"%s\"", cplot_status_to_string(band_status));
            if (band_status == CPLOT_STATUS_SUCCESS) {
                print_numbers("grid", band.x, band.count);
                print_numbers("fitted", band.fitted, band.count);
                print_numbers("lower", band.lower, band.count);
                print_numbers("upper", band.upper, band.count);
            }
            cplot_regression_band_release(&band);
        }
    }
    putchar('}');
    free(x);
    free(y);
    return true;
}

/* {"op":"order","matrix":[[..],..],"order":"hclust","names":[..]} or
 * {"op":"hclust","matrix":[[..],..]} (a distance matrix) */
static bool run_order(const cJSON *request, bool raw_distances)
{
    const cJSON *matrix_item = cJSON_GetObjectItemCaseSensitive(request, "matrix");
    if (!cJSON_IsArray(matrix_item))
        return false;
    size_t size = (size_t)cJSON_GetArraySize(matrix_item);
    double *matrix = cplot_alloc_array(size ? size * size : 1, sizeof *matrix);
    size_t *permutation = cplot_alloc_array(size ? size : 1, sizeof *permutation);
    const char **names = cplot_calloc_array(size ? size : 1, sizeof *names);
    bool ok = matrix && permutation && names;
    for (size_t i = 0; ok && i < size; i++) {
        size_t n;
        double *row = read_numbers(cJSON_GetArrayItem(matrix_item, (int)i), &n);
        ok = row && n == size;
        if (ok)
            memcpy(matrix + i * size, row, size * sizeof *row);
        free(row);
    }
    const cJSON *names_item = cJSON_GetObjectItemCaseSensitive(request, "names");
    for (size_t i = 0; ok && cJSON_IsArray(names_item) && i < size; i++) {
        const cJSON *name = cJSON_GetArrayItem(names_item, (int)i);
        names[i] = cJSON_IsString(name) ? name->valuestring : NULL;
    }
    if (ok) {
        cplot_status_t status;
        if (raw_distances) {
            status = cplot_hclust_order(matrix, size, permutation);
        } else {
            static const char *const orders[] = {"original", "alphabet", "hclust", "FPC", "AOE"};
            const cJSON *order_item = cJSON_GetObjectItemCaseSensitive(request, "order");
            cplot_correlation_order_t order = CPLOT_CORRELATION_ORDER_ORIGINAL;
            for (size_t i = 0; cJSON_IsString(order_item) && i < 5; i++)
                if (strcmp(order_item->valuestring, orders[i]) == 0)
                    order = (cplot_correlation_order_t)i;
            status = cplot_correlation_order(matrix, size, cJSON_IsArray(names_item) ? names : NULL, order,
                                             permutation);
        }
        print_status(status);
        if (status == CPLOT_STATUS_SUCCESS) {
            fputs(",\"order\":[", stdout);
            for (size_t i = 0; i < size; i++)
                printf(i ? ",%zu" : "%zu", permutation[i]);
            putchar(']');
        }
        putchar('}');
    }
    free(matrix);
    free(permutation);
    free(names);
    return ok;
}

static bool run(const cJSON *request)
{
    const cJSON *op = cJSON_GetObjectItemCaseSensitive(request, "op");
    if (!cJSON_IsString(op))
        return false;
    const char *name = op->valuestring;
    if (strcmp(name, "bins") == 0)
        return run_bins(request);
    if (strcmp(name, "heights") == 0)
        return run_heights(request);
    if (strcmp(name, "kde") == 0)
        return run_kde(request);
    if (strcmp(name, "corr") == 0)
        return run_corr(request);
    if (strcmp(name, "summary") == 0)
        return run_summary(request);
    if (strcmp(name, "quantile") == 0)
        return run_quantile(request);
    if (strcmp(name, "t") == 0)
        return run_t(request);
    if (strcmp(name, "regression") == 0)
        return run_regression(request);
    if (strcmp(name, "order") == 0)
        return run_order(request, false);
    if (strcmp(name, "hclust") == 0)
        return run_order(request, true);
    return false;
}

int main(void)
{
    cplot_buffer_t input = {0};
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
        if (!cplot_buffer_append(&input, chunk, got)) {
            fputs("stats-probe: out of memory\n", stderr);
            return 2;
        }
    }
    const char *end = NULL;
    cJSON *request = cJSON_ParseWithLengthOpts((const char *)input.data, input.size, &end, 0);
    if (!request) {
        fprintf(stderr, "stats-probe: malformed JSON near byte %ld\n",
                end ? (long)(end - (const char *)input.data) : -1L);
        cplot_buffer_release(&input);
        return 2;
    }
    bool ok = true;
    if (cJSON_IsArray(request)) {
        putchar('[');
        const cJSON *item;
        bool first = true;
        cJSON_ArrayForEach(item, request)
        {
            if (!first)
                putchar(',');
            first = false;
            if (!run(item)) {
                ok = false;
                break;
            }
        }
        putchar(']');
    } else {
        ok = run(request);
    }
    putchar('\n');
    cJSON_Delete(request);
    cplot_buffer_release(&input);
    if (!ok) {
        fputs("stats-probe: malformed request\n", stderr);
        return 2;
    }
    return 0;
}
