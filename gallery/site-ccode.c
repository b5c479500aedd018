#include "site-ccode.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cplot/cplot.h"
#include "site-buffer.h"
#include "site-escape.h"

/* Keys of a spec that are not chart options. */
static bool is_spec_key(const char *key)
{
    static const char *const keys[] = {"$schema", "chart", "data", "description", "tags", NULL};
    for (size_t i = 0; keys[i]; i++)
        if (strcmp(keys[i], key) == 0)
            return true;
    return false;
}

/* Significant digits and exponent of the shortest round-tripping form,
 * laid out as the library's CSV number formatter does: plain notation for
 * exponents -4 to 16, scientific beyond. */
void site_format_number(double value, char *text)
{
    if (isnan(value)) {
        strcpy(text, "nan");
        return;
    }
    if (isinf(value)) {
        strcpy(text, value < 0 ? "-inf" : "inf");
        return;
    }
    if (value == 0) {
        strcpy(text, signbit(value) ? "-0" : "0");
        return;
    }
    char digits[24];
    size_t count = 0;
    int exponent = 0;
    for (int precision = 1; precision <= 17; precision++) {
        char scientific[64];
        snprintf(scientific, sizeof scientific, "%.*e", precision - 1, fabs(value));
        if (strtod(scientific, NULL) != fabs(value) && precision < 17)
            continue;
        count = 0;
        const char *p = scientific;
        for (; *p && *p != 'e'; p++)
            if (isdigit((unsigned char)*p))
                digits[count++] = *p;
        exponent = *p == 'e' ? atoi(p + 1) : 0;
        break;
    }
    while (count > 1 && digits[count - 1] == '0')
        count--;
    size_t n = 0;
    if (value < 0)
        text[n++] = '-';
    if (exponent < -4 || exponent >= 17) {
        text[n++] = digits[0];
        if (count > 1) {
            text[n++] = '.';
            memcpy(text + n, digits + 1, count - 1);
            n += count - 1;
        }
        char tail[16];
        snprintf(tail, sizeof tail, "e%c%02d", exponent < 0 ? '-' : '+', abs(exponent) % 1000);
        strcpy(text + n, tail);
        return;
    }
    if (exponent < 0) {
        text[n++] = '0';
        text[n++] = '.';
        for (int i = -1; i > exponent; i--)
            text[n++] = '0';
        memcpy(text + n, digits, count);
        n += count;
    } else {
        for (size_t i = 0; i < count || i <= (size_t)exponent; i++) {
            if (i == (size_t)exponent + 1)
                text[n++] = '.';
            text[n++] = i < count ? digits[i] : '0';
        }
    }
    text[n] = 0;
}

/* A C double literal that reads back exactly. */
static void number_literal(site_buffer_t *out, double value)
{
    if (isnan(value)) {
        site_buffer_puts(out, "NAN");
        return;
    }
    if (value == 0) {
        /* "-0" would be the integer 0 negated: plus zero. */
        site_buffer_puts(out, signbit(value) ? "-0.0" : "0");
        return;
    }
    char text[40];
    if (value == floor(value) && fabs(value) < 1e15) {
        snprintf(text, sizeof text, "%.0f", value);
    } else {
        for (int precision = 1; precision <= 17; precision++) {
            snprintf(text, sizeof text, "%.*g", precision, value);
            if (strtod(text, NULL) == value)
                break;
        }
    }
    site_buffer_puts(out, text);
}

/* ------------------------------------------------------- inline data */

typedef enum column_kind { INFERRED, FORCED_NUMERIC, FORCED_CATEGORICAL } column_kind_t;

typedef struct column {
    const char *name;
    const cJSON **cells; /* one per row; NULL where a record lacks the key */
    column_kind_t kind;
} column_t;

typedef struct columns {
    column_t *items;
    size_t count, rows;
} columns_t;

static column_t *column_named(columns_t *columns, const char *name)
{
    for (size_t i = 0; i < columns->count; i++)
        if (strcmp(columns->items[i].name, name) == 0)
            return &columns->items[i];
    return NULL;
}

/* Gathers cells by column the way the library's JSON reader does: records
 * give columns in order of first appearance, an object of columns in its
 * member order. */
static bool gather(const cJSON *values, columns_t *columns)
{
    size_t capacity = 0;
    if (cJSON_IsArray(values)) {
        columns->rows = (size_t)cJSON_GetArraySize(values);
        size_t row = 0;
        for (const cJSON *record = values->child; record; record = record->next, row++)
            for (const cJSON *cell = record->child; cell; cell = cell->next) {
                column_t *column = column_named(columns, cell->string);
                if (!column) {
                    if (columns->count == capacity) {
                        capacity = capacity ? capacity * 2 : 8;
                        column_t *grown = realloc(columns->items, capacity * sizeof *grown);
                        if (!grown)
                            return false;
                        columns->items = grown;
                    }
                    column = &columns->items[columns->count];
                    column->name = cell->string;
                    column->kind = INFERRED;
                    column->cells = calloc(columns->rows ? columns->rows : 1, sizeof *column->cells);
                    if (!column->cells)
                        return false;
                    columns->count++;
                }
                column->cells[row] = cell;
            }
        return true;
    }
    size_t count = (size_t)cJSON_GetArraySize(values);
    columns->items = calloc(count ? count : 1, sizeof *columns->items);
    if (!columns->items)
        return false;
    for (const cJSON *member = values->child; member; member = member->next) {
        size_t rows = (size_t)cJSON_GetArraySize(member);
        if (columns->count == 0)
            columns->rows = rows;
        column_t *column = &columns->items[columns->count];
        column->name = member->string;
        column->kind = INFERRED;
        column->cells = calloc(rows ? rows : 1, sizeof *column->cells);
        if (!column->cells)
            return false;
        columns->count++;
        size_t row = 0;
        for (const cJSON *cell = member->child; cell && row < columns->rows; cell = cell->next)
            column->cells[row++] = cell;
    }
    return true;
}

static bool is_categorical(const column_t *column, size_t rows)
{
    if (column->kind != INFERRED)
        return column->kind == FORCED_CATEGORICAL;
    for (size_t row = 0; row < rows; row++)
        if (column->cells[row] && (cJSON_IsString(column->cells[row]) || cJSON_IsBool(column->cells[row])))
            return true;
    return false;
}

static bool is_missing_text(const char *text)
{
    return !*text || strcmp(text, "NA") == 0 || strcmp(text, "N/A") == 0 || strcmp(text, "NaN") == 0
           || strcmp(text, "null") == 0;
}

/* The value of a numeric cell: NaN for missing, a number as is, and text
 * in a column forced numeric read as the library reads it. */
static double numeric_cell(const cJSON *cell)
{
    if (!cell || cJSON_IsNull(cell))
        return NAN;
    if (cJSON_IsNumber(cell))
        return cell->valuedouble;
    if (cJSON_IsString(cell)) {
        const char *text = cell->valuestring;
        while (*text == ' ')
            text++;
        size_t length = strlen(text);
        while (length && text[length - 1] == ' ')
            length--;
        char trimmed[256];
        if (length >= sizeof trimmed)
            return NAN;
        memcpy(trimmed, text, length);
        trimmed[length] = 0;
        return is_missing_text(trimmed) ? NAN : strtod(trimmed, NULL);
    }
    return NAN;
}

/* A C identifier for a column's array: its name where it is one already,
 * else "column_N". */
static void array_name(site_buffer_t *out, const char *name, size_t index, const columns_t *columns)
{
    bool usable = (isalpha((unsigned char)name[0]) || name[0] == '_') && strlen(name) < 40;
    for (const char *p = name; usable && *p; p++)
        usable = isalnum((unsigned char)*p) || *p == '_';
    static const char *const taken[] = {"table", "chart", "status", "message", "main", "int",
                                        "double", "char", "const", "static", "return", "if",
                                        "else", "for", "while", "do", "void", "float", NULL};
    for (size_t i = 0; usable && taken[i]; i++)
        usable = strcmp(name, taken[i]) != 0;
    /* Two names can only clash when one is "column_N" of the other. */
    for (size_t i = 0; usable && i < columns->count; i++)
        usable = strncmp(columns->items[i].name, "column_", 7) != 0;
    if (usable)
        site_buffer_puts(out, name);
    else
        site_buffer_printf(out, "column_%zu", index);
}

static void emit_inline_table(site_buffer_t *out, const cJSON *data, bool *ok)
{
    columns_t columns = {0};
    const cJSON *values = cJSON_GetObjectItemCaseSensitive(data, "values");
    if (!gather(values, &columns)) {
        *ok = false;
        goto done;
    }
    const cJSON *types = cJSON_GetObjectItemCaseSensitive(data, "types");
    for (const cJSON *t = types ? types->child : NULL; t; t = t->next) {
        column_t *column = column_named(&columns, t->string);
        if (column && cJSON_IsString(t))
            column->kind = strcmp(t->valuestring, "categorical") == 0 ? FORCED_CATEGORICAL : FORCED_NUMERIC;
    }
    for (size_t i = 0; i < columns.count; i++) {
        const column_t *column = &columns.items[i];
        if (columns.rows == 0)
            break;
        bool categorical = is_categorical(column, columns.rows);
        site_buffer_puts(out, categorical ? "    static const char *const " : "    static const double ");
        array_name(out, column->name, i, &columns);
        site_buffer_puts(out, "[] = {");
        for (size_t row = 0; row < columns.rows; row++) {
            site_buffer_puts(out, row == 0 ? "" : ", ");
            if (row % 8 == 0)
                site_buffer_puts(out, "\n        ");
            const cJSON *cell = column->cells[row];
            if (!categorical) {
                number_literal(out, numeric_cell(cell));
            } else if (!cell || cJSON_IsNull(cell)) {
                site_buffer_puts(out, "NULL");
            } else if (cJSON_IsString(cell)) {
                site_escape_c(out, cell->valuestring);
            } else if (cJSON_IsBool(cell)) {
                site_buffer_puts(out, cJSON_IsTrue(cell) ? "\"true\"" : "\"false\"");
            } else {
                char text[40];
                site_format_number(cell->valuedouble, text);
                site_escape_c(out, text);
            }
        }
        site_buffer_puts(out, "};\n");
    }
    site_buffer_puts(out, "\n    cplot_table_t *table = cplot_table_create();\n    if (!table");
    for (size_t i = 0; i < columns.count; i++) {
        const column_t *column = &columns.items[i];
        bool categorical = is_categorical(column, columns.rows);
        site_buffer_printf(out, "\n        || cplot_table_add_%s(table, ", categorical ? "categorical" : "numeric");
        site_escape_c(out, column->name);
        site_buffer_puts(out, ", ");
        if (columns.rows == 0)
            site_buffer_puts(out, "NULL");
        else
            array_name(out, column->name, i, &columns);
        site_buffer_printf(out, ", %zu) != CPLOT_STATUS_SUCCESS", columns.rows);
    }
    site_buffer_puts(out, ") {\n"
                          "        fprintf(stderr, \"cannot build the data table\\n\");\n"
                          "        cplot_table_destroy(table);\n"
                          "        return 1;\n"
                          "    }\n");
done:
    for (size_t i = 0; i < columns.count; i++)
        free(columns.items[i].cells);
    free(columns.items);
}

/* cplot_table_read infers types and has no overrides, so a spec's "types"
 * on a data file is applied by copying the table: this function goes into
 * the program only when such a spec needs it. */
static const char retype_function[] =
    "/* The spec forces column types (\"types\"); cplot_table_read infers them,\n"
    " * so forced columns are converted while the table is copied. Numbers that\n"
    " * become categories are written in their shortest exact form. */\n"
    "static void number_text(double value, char text[32])\n"
    "{\n"
    "    /* Whole numbers as integers (2010, not 2.01e+03), as the library\n"
    "       names numbers it turns into categories. */\n"
    "    if (value == floor(value) && fabs(value) < 1e16) {\n"
    "        snprintf(text, 32, \"%.0f\", value);\n"
    "        return;\n"
    "    }\n"
    "    for (int precision = 1; precision <= 17; precision++) {\n"
    "        snprintf(text, 32, \"%.*g\", precision, value);\n"
    "        if (strtod(text, NULL) == value)\n"
    "            return;\n"
    "    }\n"
    "}\n"
    "\n"
    "static cplot_table_t *retype(const cplot_table_t *read, const char *const *categorical,\n"
    "                             const char *const *numeric)\n"
    "{\n"
    "    size_t rows = cplot_table_row_count(read);\n"
    "    cplot_table_t *table = cplot_table_create();\n"
    "    double *numbers = malloc((rows ? rows : 1) * sizeof *numbers);\n"
    "    const char **strings = malloc((rows ? rows : 1) * sizeof *strings);\n"
    "    char (*texts)[32] = malloc((rows ? rows : 1) * sizeof *texts);\n"
    "    bool ok = table && numbers && strings && texts;\n"
    "    for (size_t c = 0; ok && c < cplot_table_column_count(read); c++) {\n"
    "        const char *name = cplot_table_column_name(read, c);\n"
    "        bool to_categorical = false, to_numeric = false;\n"
    "        for (size_t i = 0; categorical[i]; i++)\n"
    "            to_categorical = to_categorical || strcmp(categorical[i], name) == 0;\n"
    "        for (size_t i = 0; numeric[i]; i++)\n"
    "            to_numeric = to_numeric || strcmp(numeric[i], name) == 0;\n"
    "        const double *values = cplot_table_numeric(read, c);\n"
    "        const int *codes = cplot_table_codes(read, c);\n"
    "        for (size_t r = 0; r < rows; r++) {\n"
    "            if (values && to_categorical) {\n"
    "                number_text(values[r], texts[r]);\n"
    "                strings[r] = isnan(values[r]) ? NULL : texts[r];\n"
    "            } else if (values) {\n"
    "                numbers[r] = values[r];\n"
    "            } else {\n"
    "                strings[r] = codes[r] < 0 ? NULL : cplot_table_level(read, c, (size_t)codes[r]);\n"
    "                numbers[r] = strings[r] ? strtod(strings[r], NULL) : NAN;\n"
    "            }\n"
    "        }\n"
    "        bool as_numbers = values ? !to_categorical : to_numeric;\n"
    "        ok = (as_numbers ? cplot_table_add_numeric(table, name, numbers, rows)\n"
    "                         : cplot_table_add_categorical(table, name, strings, rows))\n"
    "             == CPLOT_STATUS_SUCCESS;\n"
    "    }\n"
    "    free(numbers);\n"
    "    free(strings);\n"
    "    free(texts);\n"
    "    if (!ok) {\n"
    "        cplot_table_destroy(table);\n"
    "        return NULL;\n"
    "    }\n"
    "    return table;\n"
    "}\n\n";

static void emit_type_list(site_buffer_t *out, const cJSON *types, const char *which)
{
    site_buffer_puts(out, "(const char *const[]){");
    for (const cJSON *t = types ? types->child : NULL; t; t = t->next) {
        if (cJSON_IsString(t) && strcmp(t->valuestring, which) == 0) {
            site_escape_c(out, t->string);
            site_buffer_puts(out, ", ");
        }
    }
    site_buffer_puts(out, "NULL}");
}

static void emit_file_table(site_buffer_t *out, const cJSON *data)
{
    const cJSON *url = cJSON_GetObjectItemCaseSensitive(data, "url");
    const cJSON *types = cJSON_GetObjectItemCaseSensitive(data, "types");
    bool retyped = types && types->child;
    site_buffer_puts(out, "    /* The data path is relative to the folder the program runs in: run it\n"
                          "     * from the folder that holds the spec, as `cplot render` reads it. */\n"
                          "    char message[1024];\n");
    site_buffer_puts(out, retyped ? "    cplot_table_t *read = NULL;\n" : "    cplot_table_t *table = NULL;\n");
    site_buffer_puts(out, "    cplot_status_t status = cplot_table_read(");
    site_escape_c(out, url->valuestring);
    site_buffer_printf(out, ", &%s, message, sizeof message);\n", retyped ? "read" : "table");
    site_buffer_puts(out, "    if (status != CPLOT_STATUS_SUCCESS) {\n"
                          "        fprintf(stderr, \"%s\\n\", message);\n"
                          "        return 1;\n"
                          "    }\n");
    if (retyped) {
        site_buffer_puts(out, "    cplot_table_t *table = retype(read, ");
        emit_type_list(out, types, "categorical");
        site_buffer_puts(out, ",\n                                  ");
        emit_type_list(out, types, "numeric");
        site_buffer_puts(out, ");\n"
                              "    cplot_table_destroy(read);\n"
                              "    if (!table) {\n"
                              "        fprintf(stderr, \"cannot convert the data table\\n\");\n"
                              "        return 1;\n"
                              "    }\n");
    }
}

/* ------------------------------------------------------------ options */

static void emit_option(site_buffer_t *out, const cJSON *member, const cplot_option_info_t *option)
{
    const char *key = member->string;
    if (cJSON_IsNull(member)) {
        site_buffer_puts(out, "    /* ");
        site_escape_c(out, key);
        site_buffer_puts(out, ": null keeps the default */\n");
        return;
    }
    if (cJSON_IsBool(member)) {
        site_buffer_puts(out, "    cplot_chart_set_bool(chart, ");
        site_escape_c(out, key);
        site_buffer_puts(out, cJSON_IsTrue(member) ? ", true);\n" : ", false);\n");
    } else if (cJSON_IsNumber(member)) {
        site_buffer_puts(out, "    cplot_chart_set_number(chart, ");
        site_escape_c(out, key);
        site_buffer_puts(out, ", ");
        number_literal(out, member->valuedouble);
        site_buffer_puts(out, ");\n");
    } else if (cJSON_IsString(member)) {
        site_buffer_puts(out, "    cplot_chart_set_string(chart, ");
        site_escape_c(out, key);
        site_buffer_puts(out, ", ");
        site_escape_c(out, member->valuestring);
        site_buffer_puts(out, ");\n");
    } else if (cJSON_IsArray(member)) {
        size_t count = (size_t)cJSON_GetArraySize(member);
        /* The library reads a list by its first item; an empty list is an
         * empty list of numbers unless the option takes strings only. */
        bool strings = member->child ? cJSON_IsString(member->child)
                                     : option && !(option->types & CPLOT_VALUE_NUMBERS);
        site_buffer_printf(out, "    cplot_chart_set_%s(chart, ", strings ? "strings" : "numbers");
        site_escape_c(out, key);
        if (count == 0) {
            site_buffer_puts(out, ", NULL, 0);\n");
            return;
        }
        site_buffer_puts(out, strings ? ", (const char *const[]){" : ", (const double[]){");
        for (const cJSON *item = member->child; item; item = item->next) {
            if (item != member->child)
                site_buffer_puts(out, ", ");
            if (strings)
                site_escape_c(out, cJSON_IsString(item) ? item->valuestring : "");
            else
                number_literal(out, item->valuedouble);
        }
        site_buffer_printf(out, "}, %zu);\n", count);
    }
}

char *site_c_program(const cJSON *root, const char *kind, const char *name)
{
    cplot_kind_t kind_value;
    if (!cplot_kind_from_name(kind, &kind_value))
        return NULL;
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(root, "data");
    const cJSON *url = cJSON_GetObjectItemCaseSensitive(data, "url");
    const cJSON *types = cJSON_GetObjectItemCaseSensitive(data, "types");
    bool from_file = cJSON_IsString(url);
    bool retyped = from_file && types && types->child;
    bool ok = true;

    /* The body first: which headers it needs depends on what it uses. */
    site_buffer_t out = {0};
    site_buffer_puts(&out, "int main(void)\n{\n");
    if (from_file)
        emit_file_table(&out, data);
    else
        emit_inline_table(&out, data, &ok);

    char constant[64];
    size_t n = 0;
    for (const char *p = kind; *p && n + 1 < sizeof constant; p++)
        constant[n++] = isalnum((unsigned char)*p) ? (char)toupper((unsigned char)*p) : '_';
    constant[n] = 0;
    site_buffer_printf(&out,
                       "\n    cplot_chart_t *chart = cplot_chart_create(CPLOT_KIND_%s);\n"
                       "    if (!chart) {\n"
                       "        cplot_table_destroy(table);\n"
                       "        return 1;\n"
                       "    }\n"
                       "    cplot_chart_set_data(chart, table); /* the chart keeps its own reference */\n",
                       constant);
    for (const cJSON *member = root->child; member; member = member->next) {
        if (is_spec_key(member->string))
            continue;
        emit_option(&out, member, cplot_option_find(kind_value, member->string));
    }
    site_buffer_printf(&out,
                       "\n    /* Setters keep the chart's first error, so one check covers them all. */\n"
                       "    cplot_status_t result = cplot_chart_status(chart);\n"
                       "    if (result == CPLOT_STATUS_SUCCESS)\n"
                       "        result = cplot_chart_write(chart, \"%s.png\", CPLOT_FORMAT_PNG);\n"
                       "    if (result != CPLOT_STATUS_SUCCESS)\n"
                       "        fprintf(stderr, \"%s.png: %%s\\n\", cplot_chart_error_message(chart));\n"
                       "    cplot_chart_destroy(chart);\n"
                       "    cplot_table_destroy(table);\n"
                       "    return result == CPLOT_STATUS_SUCCESS ? 0 : 1;\n"
                       "}\n",
                       name, name);
    if (!ok || !site_buffer_ok(&out)) {
        site_buffer_release(&out);
        return NULL;
    }
    site_buffer_t program = {0};
    site_buffer_printf(&program,
                       "/* %s.c: the chart of %s.json, built with the cplot C API.\n"
                       " *\n"
                       " *   cc %s.c $(pkg-config --cflags --libs cplot) -o %s\n"
                       " *   ./%s        (writes %s.png)\n"
                       " */\n",
                       name, name, name, name, name, name);
    if (retyped || strstr(out.data, "NAN"))
        site_buffer_puts(&program, "#include <math.h>\n");
    site_buffer_puts(&program, "#include <stdio.h>\n");
    if (retyped)
        site_buffer_puts(&program, "#include <stdlib.h>\n#include <string.h>\n");
    site_buffer_puts(&program, "\n#include <cplot/cplot.h>\n\n");
    if (retyped)
        site_buffer_puts(&program, retype_function);
    site_buffer_append(&program, out.data, out.length);
    site_buffer_release(&out);
    return site_buffer_take(&program);
}
