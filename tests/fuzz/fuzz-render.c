/* Fuzz target: whole charts. A fuzzed spec that validates is rendered to
 * a PNG in memory at no more than 320x240 (scale 1), twice, to check the
 * output is deterministic, and inspected, to check the JSON parses. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart-private.h"
#include "fuzz-common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_root();
    return 0;
}

static void cap(cplot_chart_t *chart, const char *name, double limit)
{
    double value = cplot_chart_number(chart, name);
    if (!(value <= limit)) {
        cplot_status_t status = cplot_chart_set_number(chart, name, limit);
        FUZZ_CHECK(status == CPLOT_STATUS_SUCCESS, "setting %s to %g: %s", name, limit,
                   cplot_chart_error_message(chart));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cplot_spec_t *spec = NULL;
    cplot_status_t status =
        cplot_spec_parse((const char *)data, size, fuzz_spec_path(), fuzz_root(), &spec);
    fuzz_check_spec(spec, status, fuzz_spec_path());
    cplot_chart_t *chart = cplot_spec_chart(spec);
    /* CPLOT_FUZZ_VERBOSE=1: what happened to each input, for checking
     * that seeds get as far as drawing. */
    bool verbose = getenv("CPLOT_FUZZ_VERBOSE") != NULL;
    if (verbose && !chart)
        fprintf(stderr, "  invalid: %s\n", cplot_spec_diagnostic(spec, 0));
    if (!chart) {
        cplot_spec_destroy(spec);
        return 0;
    }
    cap(chart, "width", 320);
    cap(chart, "height", 240);
    cap(chart, "scale", 1);

    unsigned char *png = NULL, *again = NULL;
    size_t png_size = 0, again_size = 0;
    status = cplot_chart_render(chart, CPLOT_FORMAT_PNG, &png, &png_size);
    if (status == CPLOT_STATUS_SUCCESS) {
        FUZZ_CHECK(png && png_size > 8 && memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0,
                   "success without a PNG (%zu bytes)", png_size);
        cplot_status_t second = cplot_chart_render(chart, CPLOT_FORMAT_PNG, &again, &again_size);
        FUZZ_CHECK(second == CPLOT_STATUS_SUCCESS, "the second render failed: %s",
                   cplot_chart_error_message(chart));
        FUZZ_CHECK(again_size == png_size && memcmp(png, again, png_size) == 0,
                   "two renders of one chart differ (%zu and %zu bytes)", png_size, again_size);
    } else {
        FUZZ_CHECK(png == NULL && png_size == 0, "a failed render returned data");
        const char *message = cplot_chart_error_message(chart);
        FUZZ_CHECK(message && *message, "a failed render (%s) explains nothing",
                   cplot_status_to_string(status));
        FUZZ_CHECK(status != CPLOT_STATUS_INVALID_ARGUMENT && status != CPLOT_STATUS_DRAW_ERROR,
                   "a validated spec failed to render with %s: %s", cplot_status_to_string(status),
                   message);
    }
    if (verbose)
        fprintf(stderr, "  render: %s %s (%zu bytes)\n", cplot_status_to_string(status),
                cplot_chart_error_message(chart), png_size);
    cplot_free(png);
    cplot_free(again);

    char *json = NULL;
    size_t length = 0;
    status = cplot_chart_inspect(chart, &json, &length);
    if (status == CPLOT_STATUS_SUCCESS) {
        FUZZ_CHECK(json && strlen(json) == length, "inspect: length %zu, strlen %zu", length,
                   json ? strlen(json) : 0);
        /* The length with the NUL: cJSON's "require NUL-terminated" wants
         * to see the terminator inside the length it is given. */
        const char *end = NULL;
        cJSON *parsed = cJSON_ParseWithLengthOpts(json, length + 1, &end, true);
        FUZZ_CHECK(parsed != NULL, "inspect gave malformed JSON near byte %zu: %.200s",
                   end ? (size_t)(end - json) : 0, end ? end : "");
        cJSON_Delete(parsed);
    } else {
        FUZZ_CHECK(json == NULL, "a failed inspect returned text");
    }
    cplot_free(json);
    cplot_spec_destroy(spec);
    return 0;
}
