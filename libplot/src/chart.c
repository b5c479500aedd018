#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart-private.h"
#include "memory-private.h"
#include "suggest-private.h"

/* Loads an option's documented default (JSON text in the table) as its
 * value: the table is the only place defaults are written down. */
static bool load_default(const cplot_option_info_t *option, cplot_value_t *value)
{
    cJSON *json = cJSON_Parse(option->default_value);
    if (!json)
        return false;
    char message[128];
    bool ok = cplot_value_from_json(json, value, message, sizeof message);
    cJSON_Delete(json);
    return ok;
}

cplot_chart_t *cplot_chart_create(cplot_kind_t kind)
{
    const cplot_kind_class_t *klass = cplot_kind_class(kind);
    if (!klass)
        return NULL;
    cplot_chart_t *chart = calloc(1, sizeof *chart);
    if (!chart)
        return NULL;
    cplot_refcount_init(&chart->refcount);
    chart->klass = klass;
    chart->value_count = cplot_kind_option_count(kind);
    chart->values = cplot_calloc_array(chart->value_count, sizeof *chart->values);
    if (!chart->values) {
        free(chart);
        return NULL;
    }
    for (size_t i = 0; i < chart->value_count; i++) {
        if (!load_default(cplot_kind_option(kind, i), &chart->values[i])) {
            cplot_chart_destroy(chart);
            return NULL;
        }
    }
    return chart;
}

cplot_chart_t *cplot_chart_reference(cplot_chart_t *chart)
{
    if (chart)
        cplot_refcount_increment(&chart->refcount);
    return chart;
}

void cplot_chart_destroy(cplot_chart_t *chart)
{
    if (!chart || !cplot_refcount_decrement(&chart->refcount))
        return;
    for (size_t i = 0; i < chart->value_count; i++)
        cplot_value_release(&chart->values[i]);
    free(chart->values);
    cplot_table_destroy(chart->table);
    free(chart);
}

cplot_kind_t cplot_chart_kind(const cplot_chart_t *chart)
{
    return chart ? chart->klass->kind : CPLOT_KIND_SCATTER;
}

/* Keeps the first error with its message and returns the status. */
static cplot_status_t fail(cplot_chart_t *chart, cplot_status_t status, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

static cplot_status_t fail(cplot_chart_t *chart, cplot_status_t status, const char *format, ...)
{
    if (chart->status == CPLOT_STATUS_SUCCESS) {
        chart->status = status;
        va_list args;
        va_start(args, format);
        vsnprintf(chart->message, sizeof chart->message, format, args);
        va_end(args);
    }
    return status;
}

cplot_status_t cplot_chart_set_data(cplot_chart_t *chart, cplot_table_t *table)
{
    if (!chart)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    if (!table)
        return fail(chart, CPLOT_STATUS_INVALID_ARGUMENT, "set_data: the table is NULL");
    cplot_table_reference(table);
    cplot_table_destroy(chart->table);
    chart->table = table;
    return CPLOT_STATUS_SUCCESS;
}

static cplot_status_t set_value(cplot_chart_t *chart, const char *name, cplot_value_t *value)
{
    if (!chart) {
        cplot_value_release(value);
        return CPLOT_STATUS_INVALID_ARGUMENT;
    }
    cplot_kind_t kind = chart->klass->kind;
    long index = cplot_kind_option_index(kind, name);
    if (index < 0) {
        cplot_value_release(value);
        size_t count = cplot_kind_option_count(kind);
        const char *names[256];
        for (size_t i = 0; i < count && i < 256; i++)
            names[i] = cplot_kind_option(kind, i)->name;
        const char *suggestion = cplot_suggest(name, names, count < 256 ? count : 256);
        if (!name)
            return fail(chart, CPLOT_STATUS_INVALID_ARGUMENT, "option name is NULL");
        if (suggestion)
            return fail(chart, CPLOT_STATUS_UNKNOWN_OPTION,
                        "unknown option \"%s\" for %s charts; did you mean \"%s\"?", name,
                        chart->klass->name, suggestion);
        return fail(chart, CPLOT_STATUS_UNKNOWN_OPTION, "unknown option \"%s\" for %s charts",
                    name, chart->klass->name);
    }
    const cplot_option_info_t *option = cplot_kind_option(kind, (size_t)index);
    char message[600];
    if (cplot_option_check(option, value, message, sizeof message) != CPLOT_STATUS_SUCCESS) {
        cplot_value_release(value);
        return fail(chart, CPLOT_STATUS_INVALID_VALUE, "option \"%s\": %s", name, message);
    }
    cplot_value_release(&chart->values[index]);
    chart->values[index] = *value;
    chart->values[index].explicit = true;
    return CPLOT_STATUS_SUCCESS;
}

cplot_status_t cplot_chart_set_number(cplot_chart_t *chart, const char *name, double number)
{
    cplot_value_t value = {.type = CPLOT_VALUE_NUMBER, .number = number};
    return set_value(chart, name, &value);
}

cplot_status_t cplot_chart_set_bool(cplot_chart_t *chart, const char *name, bool boolean)
{
    cplot_value_t value = {.type = CPLOT_VALUE_BOOL, .boolean = boolean};
    return set_value(chart, name, &value);
}

cplot_status_t cplot_chart_set_string(cplot_chart_t *chart, const char *name, const char *string)
{
    if (!string)
        return chart ? fail(chart, CPLOT_STATUS_INVALID_ARGUMENT, "option \"%s\": value is NULL",
                            name ? name : "(null)")
                     : CPLOT_STATUS_INVALID_ARGUMENT;
    cplot_value_t value = {.type = CPLOT_VALUE_STRING, .string = cplot_strdup(string)};
    if (!value.string)
        return chart ? fail(chart, CPLOT_STATUS_NO_MEMORY, "out of memory")
                     : CPLOT_STATUS_INVALID_ARGUMENT;
    return set_value(chart, name, &value);
}

cplot_status_t cplot_chart_set_numbers(cplot_chart_t *chart, const char *name,
                                       const double *numbers, size_t count)
{
    if (!numbers && count > 0)
        return chart ? fail(chart, CPLOT_STATUS_INVALID_ARGUMENT, "option \"%s\": values are NULL",
                            name ? name : "(null)")
                     : CPLOT_STATUS_INVALID_ARGUMENT;
    cplot_value_t value = {.type = CPLOT_VALUE_NUMBERS, .count = count};
    value.numbers = cplot_alloc_array(count, sizeof(double));
    if (!value.numbers)
        return chart ? fail(chart, CPLOT_STATUS_NO_MEMORY, "out of memory")
                     : CPLOT_STATUS_INVALID_ARGUMENT;
    if (count)
        memcpy(value.numbers, numbers, count * sizeof(double));
    return set_value(chart, name, &value);
}

cplot_status_t cplot_chart_set_strings(cplot_chart_t *chart, const char *name,
                                       const char *const *strings, size_t count)
{
    bool bad = !strings && count > 0;
    for (size_t i = 0; !bad && i < count; i++)
        bad = strings[i] == NULL;
    if (bad)
        return chart ? fail(chart, CPLOT_STATUS_INVALID_ARGUMENT,
                            "option \"%s\": a value is NULL", name ? name : "(null)")
                     : CPLOT_STATUS_INVALID_ARGUMENT;
    cplot_value_t value = {.type = CPLOT_VALUE_STRINGS, .count = count};
    value.strings = cplot_calloc_array(count, sizeof(char *));
    bool ok = value.strings != NULL;
    for (size_t i = 0; ok && i < count; i++)
        ok = (value.strings[i] = cplot_strdup(strings[i])) != NULL;
    if (!ok) {
        cplot_value_release(&value);
        return chart ? fail(chart, CPLOT_STATUS_NO_MEMORY, "out of memory")
                     : CPLOT_STATUS_INVALID_ARGUMENT;
    }
    return set_value(chart, name, &value);
}

cplot_status_t cplot_chart_unset(cplot_chart_t *chart, const char *name)
{
    if (!chart)
        return CPLOT_STATUS_INVALID_ARGUMENT;
    long index = cplot_kind_option_index(chart->klass->kind, name);
    if (index < 0) {
        cplot_value_t none = {0};
        return set_value(chart, name, &none); /* reports the unknown name */
    }
    cplot_value_t value;
    if (!load_default(cplot_kind_option(chart->klass->kind, (size_t)index), &value))
        return fail(chart, CPLOT_STATUS_NO_MEMORY, "out of memory");
    cplot_value_release(&chart->values[index]);
    chart->values[index] = value;
    return CPLOT_STATUS_SUCCESS;
}

cplot_status_t cplot_chart_status(const cplot_chart_t *chart)
{
    return chart ? chart->status : CPLOT_STATUS_INVALID_ARGUMENT;
}

const char *cplot_chart_error_message(const cplot_chart_t *chart)
{
    if (!chart)
        return "chart is NULL";
    return chart->status != CPLOT_STATUS_SUCCESS ? chart->message : chart->draw_message;
}

void cplot_chart_set_draw_message(cplot_chart_t *chart, const char *message)
{
    snprintf(chart->draw_message, sizeof chart->draw_message, "%s", message ? message : "");
}

/* ----------------------------------------------------------- typed reads */

const cplot_value_t *cplot_chart_value(const cplot_chart_t *chart, const char *name)
{
    static const cplot_value_t unset = {0};
    long index = cplot_kind_option_index(chart->klass->kind, name);
    return index < 0 ? &unset : &chart->values[index];
}

double cplot_chart_number(const cplot_chart_t *chart, const char *name)
{
    const cplot_value_t *value = cplot_chart_value(chart, name);
    return value->type == CPLOT_VALUE_NUMBER ? value->number : NAN;
}

const char *cplot_chart_string(const cplot_chart_t *chart, const char *name)
{
    const cplot_value_t *value = cplot_chart_value(chart, name);
    return value->type == CPLOT_VALUE_STRING ? value->string : NULL;
}

bool cplot_chart_bool(const cplot_chart_t *chart, const char *name)
{
    const cplot_value_t *value = cplot_chart_value(chart, name);
    return value->type == CPLOT_VALUE_BOOL && value->boolean;
}

/* Appearance options a chart's panels take over from it. */
static const char *const inherited_options[] = {"theme", "palette", "colormap", "font_family",
                                                "font_size", NULL};

cplot_status_t cplot_chart_inherit(const cplot_chart_t *from, cplot_chart_t *to)
{
    for (size_t i = 0; inherited_options[i]; i++) {
        const cplot_value_t *value = cplot_chart_value(from, inherited_options[i]);
        cplot_status_t status = CPLOT_STATUS_SUCCESS;
        if (value->type == CPLOT_VALUE_NUMBER)
            status = cplot_chart_set_number(to, inherited_options[i], value->number);
        else if (value->type == CPLOT_VALUE_STRING)
            status = cplot_chart_set_string(to, inherited_options[i], value->string);
        if (status != CPLOT_STATUS_SUCCESS)
            return status;
    }
    return CPLOT_STATUS_SUCCESS;
}
