#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart-private.h"
#include "color-private.h"
#include "data-private.h"
#include "memory-private.h"
#include "option-private.h"
#include "theme-private.h"
#include "utf8-private.h"

/* ------------------------------------------------ the common option table */

static const char *const legend_choices[] = {"auto", "right", "bottom", "none", NULL};
static const char *const compression_choices[] = {"fast", "small", NULL};
/* Only the pinned fonts exist, and Pango caches fonts per family name for
 * the life of a thread: a free-form family would let a long-running server
 * grow a cache entry for every name a user makes up. */
static const char *const font_choices[] = {"DejaVu Sans", "DejaVu Serif", "DejaVu Sans Mono", NULL};

#define NO_RANGE -INFINITY, INFINITY

/* Options every chart kind has, in documentation order. */
const cplot_option_info_t cplot_common_options[] = {
    {"title", CPLOT_VALUE_STRING, "null", NULL, NO_RANGE, "text",
     "Title drawn at the top left; wraps when longer than the chart is wide."},
    {"subtitle", CPLOT_VALUE_STRING, "null", NULL, NO_RANGE, "text",
     "Smaller line under the title: the source, the unit, the takeaway."},
    {"x_title", CPLOT_VALUE_STRING, "null", NULL, NO_RANGE, "text",
     "Horizontal axis title; defaults to the x column's name. An empty string hides it."},
    {"y_title", CPLOT_VALUE_STRING, "null", NULL, NO_RANGE, "text",
     "Vertical axis title; defaults to the y column's name. An empty string hides it."},
    {"width", CPLOT_VALUE_INTEGER, "800", NULL, 64, 10000, "output",
     "Canvas width in CSS pixels."},
    {"height", CPLOT_VALUE_INTEGER, "600", NULL, 64, 10000, "output",
     "Canvas height in CSS pixels."},
    {"scale", CPLOT_VALUE_NUMBER, "1", NULL, 0.25, 8, "output",
     "Raster pixels per CSS pixel: 2 gives a HiDPI (2x) PNG with the same layout."},
    {"theme", CPLOT_VALUE_STRING, "\"light\"", cplot_theme_names, NO_RANGE, "appearance",
     "Colour theme: light, or dark for pages under prefers-color-scheme: dark."},
    {"palette", CPLOT_VALUE_STRING, "\"tableau10\"", cplot_palette_names, NO_RANGE,
     "appearance", "Colours for categories: tableau10, or okabe_ito (colour-blind safe)."},
    {"colormap", CPLOT_VALUE_STRING, "\"viridis\"", cplot_colormap_names, NO_RANGE,
     "appearance", "Colour map for numbers: a perceptually uniform sequential map, rdbu or rdbu_r (diverging), or rainbow (shown in the gallery as what not to use)."},
    {"font_family", CPLOT_VALUE_STRING, "\"DejaVu Sans\"", font_choices, NO_RANGE, "appearance",
     "Font family, from the fonts the library pins: DejaVu Sans, Serif or Sans Mono."},
    {"font_size", CPLOT_VALUE_NUMBER, "12", NULL, 6, 48, "appearance",
     "Base font size in CSS pixels; titles and tick labels scale from it."},
    {"x_lines", CPLOT_VALUE_NUMBERS, "null", NULL, NO_RANGE, "annotation",
     "Vertical reference lines at these x values (numeric x axes)."},
    {"y_lines", CPLOT_VALUE_NUMBERS, "null", NULL, NO_RANGE, "annotation",
     "Horizontal reference lines at these y values (numeric y axes)."},
    {"x_span", CPLOT_VALUE_NUMBERS, "null", NULL, NO_RANGE, "annotation",
     "A shaded vertical band [from, to] in x units, drawn behind the data."},
    {"y_span", CPLOT_VALUE_NUMBERS, "null", NULL, NO_RANGE, "annotation",
     "A shaded horizontal band [from, to] in y units, drawn behind the data."},
    {"facet", CPLOT_VALUE_COLUMN, "null", NULL, NO_RANGE, "facets",
     "Categorical column: one small panel per category (small multiples), in a grid."},
    {"facet_columns", CPLOT_VALUE_INTEGER, "null", NULL, 1, 12, "facets",
     "Panels per row; default about the square root of the number of panels."},
    {"share_x", CPLOT_VALUE_BOOL, "true", NULL, NO_RANGE, "facets",
     "Panels share the x axis range (compare positions across panels) or each fits its own."},
    {"share_y", CPLOT_VALUE_BOOL, "true", NULL, NO_RANGE, "facets",
     "Panels share the y axis range, or each fits its own."},
    {"legend", CPLOT_VALUE_STRING, "\"auto\"", legend_choices, NO_RANGE, "appearance",
     "Where legends and colour bars go: auto (right, or below on narrow charts), right, bottom, none."},
    {"png_compression", CPLOT_VALUE_STRING, "\"fast\"", compression_choices, NO_RANGE, "output",
     "PNG encoding: fast (rows filtered \"up\", deflated looking for runs and nearby copies) or small "
     "(deflate level 9, for files that are served many times: about a fifth smaller, 10-25x the time)."},
    {"png_split", CPLOT_VALUE_BOOL, "true", NULL, NO_RANGE, "output",
     "Deflate a PNG over about 512x512 pixels in segments on the render's threads (faster with several; "
     "files up to 0.1% larger, or 1.4% with \"png_compression\": \"small\"); false: in one piece, for "
     "programs that already render one chart per core."},
};
const size_t cplot_common_option_count =
    sizeof cplot_common_options / sizeof cplot_common_options[0];

/* ------------------------------------------------------ kind table access */

size_t cplot_kind_option_count(cplot_kind_t kind)
{
    const cplot_kind_class_t *klass = cplot_kind_class(kind);
    return klass ? cplot_common_option_count + klass->option_count : 0;
}

const cplot_option_info_t *cplot_kind_option(cplot_kind_t kind, size_t index)
{
    const cplot_kind_class_t *klass = cplot_kind_class(kind);
    if (!klass)
        return NULL;
    if (index < cplot_common_option_count)
        return &cplot_common_options[index];
    index -= cplot_common_option_count;
    return index < klass->option_count ? &klass->options[index] : NULL;
}

long cplot_kind_option_index(cplot_kind_t kind, const char *name)
{
    if (!name)
        return -1;
    size_t count = cplot_kind_option_count(kind);
    for (size_t i = 0; i < count; i++)
        if (strcmp(cplot_kind_option(kind, i)->name, name) == 0)
            return (long)i;
    return -1;
}

size_t cplot_option_count(cplot_kind_t kind)
{
    return cplot_kind_option_count(kind);
}

const cplot_option_info_t *cplot_option_at(cplot_kind_t kind, size_t index)
{
    return cplot_kind_option(kind, index);
}

const cplot_option_info_t *cplot_option_find(cplot_kind_t kind, const char *name)
{
    long index = cplot_kind_option_index(kind, name);
    return index < 0 ? NULL : cplot_kind_option(kind, (size_t)index);
}

/* ----------------------------------------------------------------- values */

void cplot_value_release(cplot_value_t *value)
{
    free(value->string);
    free(value->numbers);
    if (value->strings)
        for (size_t i = 0; i < value->count; i++)
            free(value->strings[i]);
    free(value->strings);
    memset(value, 0, sizeof *value);
}

bool cplot_value_copy(cplot_value_t *dst, const cplot_value_t *src)
{
    cplot_value_t copy = *src;
    copy.string = NULL;
    copy.numbers = NULL;
    copy.strings = NULL;
    if (src->string && !(copy.string = cplot_strdup(src->string)))
        goto fail;
    if (src->numbers) {
        copy.numbers = cplot_alloc_array(src->count, sizeof(double));
        if (!copy.numbers)
            goto fail;
        if (src->count)
            memcpy(copy.numbers, src->numbers, src->count * sizeof(double));
    }
    if (src->strings) {
        copy.strings = cplot_calloc_array(src->count, sizeof(char *));
        if (!copy.strings)
            goto fail;
        for (size_t i = 0; i < src->count; i++)
            if (!(copy.strings[i] = cplot_strdup(src->strings[i])))
                goto fail;
    }
    *dst = copy;
    return true;
fail:
    cplot_value_release(&copy);
    return false;
}

const char *cplot_json_kind(const cJSON *json)
{
    if (cJSON_IsNumber(json))
        return "a number";
    if (cJSON_IsString(json))
        return "a string";
    if (cJSON_IsBool(json))
        return "a boolean";
    if (cJSON_IsNull(json))
        return "null";
    if (cJSON_IsArray(json))
        return "a list";
    return "an object";
}

bool cplot_value_from_json(const cJSON *json, cplot_value_t *out, char *message, size_t size)
{
    cplot_value_t value = {0};
    if (cJSON_IsNull(json)) {
        *out = value;
        return true;
    }
    if (cJSON_IsNumber(json)) {
        value.type = CPLOT_VALUE_NUMBER;
        value.number = json->valuedouble;
    } else if (cJSON_IsBool(json)) {
        value.type = CPLOT_VALUE_BOOL;
        value.boolean = cJSON_IsTrue(json);
    } else if (cJSON_IsString(json)) {
        value.type = CPLOT_VALUE_STRING;
        if (!(value.string = cplot_strdup(json->valuestring)))
            goto no_memory;
    } else if (cJSON_IsArray(json)) {
        size_t count = (size_t)cJSON_GetArraySize(json);
        const cJSON *first = json->child;
        bool strings = first && cJSON_IsString(first);
        value.type = strings ? CPLOT_VALUE_STRINGS : CPLOT_VALUE_NUMBERS;
        value.count = count;
        if (strings)
            value.strings = cplot_calloc_array(count, sizeof(char *));
        else
            value.numbers = cplot_alloc_array(count, sizeof(double));
        if (strings ? !value.strings : !value.numbers)
            goto no_memory;
        size_t i = 0;
        for (const cJSON *item = json->child; item; item = item->next, i++) {
            if (strings && cJSON_IsString(item)) {
                if (!(value.strings[i] = cplot_strdup(item->valuestring)))
                    goto no_memory;
            } else if (!strings && cJSON_IsNumber(item)) {
                value.numbers[i] = item->valuedouble;
            } else {
                snprintf(message, size, "a list of %s only; item %zu is %s",
                         strings ? "strings" : "numbers", i, cplot_json_kind(item));
                cplot_value_release(&value);
                return false;
            }
        }
    } else {
        snprintf(message, size, "%s", cplot_json_kind(json));
        return false;
    }
    *out = value;
    return true;
no_memory:
    cplot_value_release(&value);
    snprintf(message, size, "out of memory");
    return false;
}

cJSON *cplot_json_number(double value)
{
    if (!isfinite(value))
        return cJSON_CreateNull();
    char text[CPLOT_DATA_NUMBER_TEXT_MAX];
    cplot_format_data_number(value, text);
    return cJSON_CreateRaw(text);
}

/* ------------------------------------------------------------- validation */

static size_t append(char *text, size_t size, size_t used, const char *format, ...)
    __attribute__((format(printf, 4, 5)));

static size_t append(char *text, size_t size, size_t used, const char *format, ...)
{
    if (used >= size)
        return used;
    va_list args;
    va_start(args, format);
    int n = vsnprintf(text + used, size - used, format, args);
    va_end(args);
    return n < 0 ? used : used + (size_t)n;
}

void cplot_option_describe(const cplot_option_info_t *option, char *text, size_t size)
{
    size_t used = 0;
    text[0] = 0;
    unsigned t = option->types;
    bool first = true;
#define OR() (used = append(text, size, used, "%s", first ? "" : " or "), first = false)
    if (t & (CPLOT_VALUE_NUMBER | CPLOT_VALUE_INTEGER)) {
        OR();
        used = append(text, size, used, "%s", t & CPLOT_VALUE_INTEGER ? "a whole number" : "a number");
        if (isfinite(option->minimum) && isfinite(option->maximum))
            used = append(text, size, used, " from %g to %g", option->minimum, option->maximum);
        else if (isfinite(option->minimum))
            used = append(text, size, used, " of at least %g", option->minimum);
        else if (isfinite(option->maximum))
            used = append(text, size, used, " of at most %g", option->maximum);
    }
    if (t & CPLOT_VALUE_STRING) {
        OR();
        if (option->choices) {
            used = append(text, size, used, "one of ");
            for (size_t i = 0; option->choices[i]; i++)
                used = append(text, size, used, "%s\"%s\"", i ? ", " : "", option->choices[i]);
        } else {
            used = append(text, size, used, "a string");
        }
    }
    if (t & CPLOT_VALUE_COLUMN) {
        OR();
        used = append(text, size, used, "a column name");
    }
    if (t & CPLOT_VALUE_COLOR) {
        OR();
        used = append(text, size, used, "a colour (\"#rrggbb\" or a CSS name)");
    }
    if (t & CPLOT_VALUE_BOOL) {
        OR();
        used = append(text, size, used, "true or false");
    }
    if (t & CPLOT_VALUE_NUMBERS) {
        OR();
        used = append(text, size, used, "a list of numbers");
    }
    if (t & CPLOT_VALUE_STRINGS) {
        OR();
        used = append(text, size, used, "a list of strings");
    }
#undef OR
    (void)used;
}

static void describe_value(const cplot_value_t *value, char *text, size_t size)
{
    switch (value->type) {
    case CPLOT_VALUE_NUMBER:
        snprintf(text, size, "%.17g", value->number);
        break;
    case CPLOT_VALUE_BOOL:
        snprintf(text, size, "%s", value->boolean ? "true" : "false");
        break;
    case CPLOT_VALUE_STRING:
        /* Never echo bytes that are not UTF-8 into a message. */
        if (!cplot_utf8_valid(value->string, strlen(value->string)))
            snprintf(text, size, "a string that is not valid UTF-8");
        else if (strlen(value->string) > 60) {
            int cut = 57; /* on a character boundary */
            while (cut > 0 && ((unsigned char)value->string[cut] & 0xC0) == 0x80)
                cut--;
            snprintf(text, size, "\"%.*s…\"", cut, value->string);
        }
        else
            snprintf(text, size, "\"%s\"", value->string);
        break;
    case CPLOT_VALUE_NUMBERS:
        snprintf(text, size, "a list of %zu numbers", value->count);
        break;
    case CPLOT_VALUE_STRINGS:
        snprintf(text, size, "a list of %zu strings", value->count);
        break;
    default:
        snprintf(text, size, "null");
    }
}

static bool number_fits(const cplot_option_info_t *option, double number)
{
    if (!isfinite(number))
        return false;
    if (number < option->minimum || number > option->maximum)
        return false;
    if (!(option->types & CPLOT_VALUE_NUMBER) && number != floor(number))
        return false;
    return true;
}

static bool string_fits(const cplot_option_info_t *option, const char *string)
{
    unsigned t = option->types;
    if (!cplot_utf8_valid(string, strlen(string)))
        return false;
    if (t & CPLOT_VALUE_COLUMN)
        return true; /* existence is checked against the data when drawing */
    if ((t & CPLOT_VALUE_COLOR)) {
        cplot_rgba_t ignored;
        if (cplot_color_parse(string, &ignored))
            return true;
    }
    if (t & CPLOT_VALUE_STRING) {
        if (!option->choices)
            return true;
        for (size_t i = 0; option->choices[i]; i++)
            if (strcmp(option->choices[i], string) == 0)
                return true;
    }
    return false;
}

cplot_status_t cplot_option_check(const cplot_option_info_t *option, const cplot_value_t *value,
                                  char *message, size_t size)
{
    unsigned t = option->types;
    bool ok = false;
    switch (value->type) {
    case 0:
        ok = true; /* null: back to unset */
        break;
    case CPLOT_VALUE_NUMBER:
        ok = (t & (CPLOT_VALUE_NUMBER | CPLOT_VALUE_INTEGER)) && number_fits(option, value->number);
        break;
    case CPLOT_VALUE_BOOL:
        ok = t & CPLOT_VALUE_BOOL;
        break;
    case CPLOT_VALUE_STRING:
        ok = (t & (CPLOT_VALUE_STRING | CPLOT_VALUE_COLUMN | CPLOT_VALUE_COLOR)) &&
             string_fits(option, value->string);
        break;
    case CPLOT_VALUE_NUMBERS:
        ok = t & CPLOT_VALUE_NUMBERS;
        for (size_t i = 0; ok && i < value->count; i++)
            ok = isfinite(value->numbers[i]);
        break;
    case CPLOT_VALUE_STRINGS:
        ok = t & CPLOT_VALUE_STRINGS;
        for (size_t i = 0; ok && i < value->count; i++)
            ok = value->strings[i] && cplot_utf8_valid(value->strings[i], strlen(value->strings[i]));
        break;
    }
    if (ok)
        return CPLOT_STATUS_SUCCESS;
    char expected[512], got[128];
    cplot_option_describe(option, expected, sizeof expected);
    describe_value(value, got, sizeof got);
    snprintf(message, size, "expected %s; got %s", expected, got);
    return CPLOT_STATUS_INVALID_VALUE;
}
