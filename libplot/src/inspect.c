/* cplot_chart_inspect: what a chart computed, as JSON, so users can check
 * the numbers against their own tools and tests can compare them with the
 * reference implementations. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "figure-private.h"

/* JSON has no NaN or infinity: they are written as null. */
static cJSON *number(double value)
{
    return cplot_json_number(value);
}

static const char *scale_name(cplot_scale_type_t type)
{
    switch (type) {
    case CPLOT_SCALE_LOG: return "log";
    case CPLOT_SCALE_BAND: return "band";
    case CPLOT_SCALE_LINEAR:
    default: return "linear";
    }
}

static cJSON *axis_json(const cplot_axis_t *axis)
{
    cJSON *out = cJSON_CreateObject();
    cJSON_AddStringToObject(out, "scale", scale_name(axis->scale.type));
    if (axis->title)
        cJSON_AddStringToObject(out, "title", axis->title);
    cJSON *domain = cJSON_AddArrayToObject(out, "domain");
    cJSON *ticks = cJSON_AddArrayToObject(out, "ticks");
    cJSON *labels = cJSON_AddArrayToObject(out, "labels");
    if (axis->scale.type == CPLOT_SCALE_BAND) {
        for (size_t i = 0; i < axis->band_count; i++)
            cJSON_AddItemToArray(domain, cJSON_CreateString(axis->band_names[i]));
        for (size_t i = 0; i < axis->ticks.count; i++)
            cJSON_AddItemToArray(ticks, cJSON_CreateString(
                                            axis->band_names[(size_t)axis->ticks.values[i]]));
    } else {
        cJSON_AddItemToArray(domain, number(axis->scale.domain_min));
        cJSON_AddItemToArray(domain, number(axis->scale.domain_max));
        for (size_t i = 0; i < axis->ticks.count; i++)
            cJSON_AddItemToArray(ticks, number(axis->ticks.values[i]));
    }
    for (size_t i = 0; i < axis->label_count; i++)
        cJSON_AddItemToArray(labels, cJSON_CreateString(pango_layout_get_text(axis->labels[i].layout)));
    if (axis->scale.type != CPLOT_SCALE_BAND) {
        cJSON *dropped = cJSON_AddObjectToObject(out, "dropped");
        cJSON_AddItemToObject(dropped, "missing", cplot_json_number((double)axis->missing));
        cJSON_AddItemToObject(dropped, "non_finite", cplot_json_number((double)axis->non_finite));
        cJSON_AddItemToObject(dropped, "non_positive", cplot_json_number((double)axis->non_positive));
    }
    return out;
}

static cJSON *legend_json(const cplot_legend_block_t *block)
{
    static const char *const kinds[] = {"colors", "sizes", "colorbar"};
    cJSON *out = cJSON_CreateObject();
    cJSON_AddStringToObject(out, "kind", kinds[block->kind]);
    if (block->title_text)
        cJSON_AddStringToObject(out, "title", block->title_text);
    if (block->kind == CPLOT_LEGEND_COLORBAR) {
        cJSON *domain = cJSON_AddArrayToObject(out, "domain");
        cJSON_AddItemToArray(domain, number(block->domain_min));
        cJSON_AddItemToArray(domain, number(block->domain_max));
        cJSON *ticks = cJSON_AddArrayToObject(out, "ticks");
        for (size_t i = 0; i < block->ticks.count; i++)
            cJSON_AddItemToArray(ticks, number(block->ticks.values[i]));
    } else {
        cJSON *entries = cJSON_AddArrayToObject(out, "entries");
        for (size_t i = 0; i < block->item_count; i++)
            cJSON_AddItemToArray(entries, cJSON_CreateString(block->item_texts[i]));
        if (block->hidden_count)
            cJSON_AddItemToObject(out, "hidden", cplot_json_number((double)block->hidden_count));
    }
    return out;
}

cplot_status_t cplot_chart_inspect(cplot_chart_t *chart, char **json, size_t *length)
{
    if (json)
        *json = NULL;
    if (length)
        *length = 0;
    if (!chart || !json)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    if (chart->status != CPLOT_STATUS_SUCCESS)
        return chart->status;
    cplot_figure_t *figure = malloc(sizeof *figure);
    if (!figure)
        return CPLOT_STATUS_NO_MEMORY;
    cplot_status_t status = cplot_figure_plan(figure, chart, cplot_chart_number(chart, "width"),
                                              cplot_chart_number(chart, "height"));
    cJSON *root = NULL;
    if (status == CPLOT_STATUS_SUCCESS) {
        root = cJSON_CreateObject();
        cJSON_AddStringToObject(root, "chart", chart->klass->name);
        cJSON_AddItemToObject(root, "rows", cplot_json_number((double)figure->table->row_count));
        cJSON *axes = cJSON_AddObjectToObject(root, "axes");
        if (figure->x.present)
            cJSON_AddItemToObject(axes, "x", axis_json(&figure->x));
        if (figure->y.present)
            cJSON_AddItemToObject(axes, "y", axis_json(&figure->y));
        cJSON *legends = cJSON_AddArrayToObject(root, "legends");
        for (size_t i = 0; i < figure->legend_count; i++)
            cJSON_AddItemToArray(legends, legend_json(&figure->legends[i]));
        cJSON *layers = cJSON_AddArrayToObject(root, "layers");
        if (chart->klass->inspect)
            chart->klass->inspect(figure, layers);
        char *text = cJSON_Print(root);
        if (!text) {
            status = CPLOT_STATUS_NO_MEMORY;
        } else {
            /* Hand out a buffer that cplot_free releases, whatever
             * allocator cJSON was built with. */
            size_t size = strlen(text);
            *json = malloc(size + 1);
            if (*json) {
                memcpy(*json, text, size + 1);
                if (length)
                    *length = size;
            } else {
                status = CPLOT_STATUS_NO_MEMORY;
            }
            cJSON_free(text);
        }
    }
    cplot_chart_set_draw_message(chart, status == CPLOT_STATUS_SUCCESS ? "" : figure->message);
    cJSON_Delete(root);
    cplot_figure_release(figure);
    free(figure);
    return status;
}
