/*
 * cplot: statistical charts drawn with Cairo.
 *
 * This header is the whole public contract of the library. Anything not
 * declared here is private and may change without notice.
 *
 * Drawing model
 * -------------
 * A chart (cplot_chart_t) is a description: a kind (scatter, ...), a data
 * table, and named options such as "x", "hue", "title" or "alpha". Nothing
 * is computed when options are set. Drawing computes statistics, scales,
 * ticks and a layout from measured text, then draws, either onto a caller's
 * cairo_t (cplot_chart_draw) or into an encoded PNG, SVG or PDF file or
 * memory buffer (cplot_chart_write, cplot_chart_render). Coordinates are in
 * CSS pixels; the "scale" option multiplies the raster size for HiDPI
 * output without changing the layout.
 *
 * Options are the same names as the JSON spec keys. Every option of every
 * chart kind is described by a table that can be enumerated at run time
 * (cplot_option_count, cplot_option_at): the same table validates options
 * set here, validates specs and documents the gallery.
 *
 * Memory model
 * ------------
 * Objects are reference counted. cplot_X_create() returns an object with
 * one reference; cplot_X_reference() adds one and returns its argument;
 * cplot_X_destroy() drops one and frees the object when none remain. All
 * destroy functions accept NULL. Attaching an object to another (a table to
 * a chart) takes a new reference; it never steals the caller's. Strings and
 * arrays passed in are copied. Pointers returned by getters are borrowed:
 * they stay valid until the owning object is destroyed or, where stated,
 * until it is next modified. Buffers the library allocates for the caller
 * are released with cplot_free().
 *
 * Errors
 * ------
 * Functions that can fail return a cplot_status_t; CPLOT_STATUS_SUCCESS is
 * zero. A call that fails leaves its object unchanged. A chart also keeps
 * the first error any call on it produced, with a message
 * (cplot_chart_status, cplot_chart_error_message), so a sequence of setters
 * can be checked once; drawing a chart that holds an error fails with that
 * error. The library never prints, exits or aborts on caller input.
 *
 * Threads
 * -------
 * Distinct objects may be used from different threads at once. A table may
 * be shared read-only by charts drawn in different threads; reference
 * counting is atomic.
 */
#ifndef CPLOT_CPLOT_H
#define CPLOT_CPLOT_H

#include <stdbool.h>
#include <stddef.h>

#include <cairo.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CPLOT_VERSION_MAJOR 0
#define CPLOT_VERSION_MINOR 1
#define CPLOT_VERSION_PATCH 0
#define CPLOT_VERSION_STRING "0.1.0"
/* One integer that grows with each release, for #if comparisons. */
#define CPLOT_VERSION_ENCODE(major, minor, patch) \
    ((major) * 10000 + (minor) * 100 + (patch))
#define CPLOT_VERSION \
    CPLOT_VERSION_ENCODE(CPLOT_VERSION_MAJOR, CPLOT_VERSION_MINOR, CPLOT_VERSION_PATCH)

#if defined(CPLOT_STATIC_DEFINE)
#define CPLOT_API
#elif defined(_WIN32)
#ifdef CPLOT_BUILDING
#define CPLOT_API __declspec(dllexport)
#else
#define CPLOT_API __declspec(dllimport)
#endif
#else
#define CPLOT_API __attribute__((visibility("default")))
#endif

/* The version of the library actually linked, "MAJOR.MINOR.PATCH". */
CPLOT_API const char *cplot_version_string(void);

/* ---------------------------------------------------------------- Errors */

typedef enum cplot_status {
    CPLOT_STATUS_SUCCESS = 0,
    CPLOT_STATUS_NO_MEMORY,        /* an allocation failed or would overflow */
    CPLOT_STATUS_INVALID_ARGUMENT, /* NULL where an object is required, bad enum */
    CPLOT_STATUS_UNKNOWN_OPTION,   /* no option of that name for this chart kind */
    CPLOT_STATUS_INVALID_VALUE,    /* option value of the wrong type or out of range */
    CPLOT_STATUS_UNKNOWN_COLUMN,   /* a channel names a column the table lacks */
    CPLOT_STATUS_COLUMN_TYPE,      /* a column has the wrong type for its channel */
    CPLOT_STATUS_DUPLICATE_COLUMN, /* a table already has a column of that name */
    CPLOT_STATUS_LENGTH_MISMATCH,  /* a column's length differs from the table's */
    CPLOT_STATUS_MISSING_CHANNEL,  /* a required channel (x, y, ...) is not set */
    CPLOT_STATUS_LIMIT_EXCEEDED,   /* a documented size limit would be exceeded */
    CPLOT_STATUS_PARSE_ERROR,      /* malformed JSON or CSV */
    CPLOT_STATUS_INVALID_SPEC,     /* well-formed JSON that is not a valid spec */
    CPLOT_STATUS_IO_ERROR,         /* a file could not be read or written */
    CPLOT_STATUS_DRAW_ERROR,       /* cairo or the encoder reported an error */
    CPLOT_STATUS_FONT_ERROR        /* fonts could not be configured */
} cplot_status_t;

/* A short English description of a status ("out of memory", ...). Never
 * NULL; unknown values give "unknown status". The string is static. */
CPLOT_API const char *cplot_status_to_string(cplot_status_t status);

/* Releases a buffer the library allocated for the caller. NULL is fine. */
CPLOT_API void cplot_free(void *pointer);

/* ----------------------------------------------------------------- Tables */

/*
 * A table holds named, typed columns of equal length. Numeric columns hold
 * doubles, with NaN for a missing value. Categorical columns hold strings;
 * their levels (distinct values) are kept in order of first appearance
 * unless set explicitly. Column names are unique.
 */
typedef struct cplot_table cplot_table_t;

typedef enum cplot_column_type {
    CPLOT_COLUMN_NUMERIC = 0,
    CPLOT_COLUMN_CATEGORICAL
} cplot_column_type_t;

/* A new empty table, or NULL when out of memory. */
CPLOT_API cplot_table_t *cplot_table_create(void);
CPLOT_API cplot_table_t *cplot_table_reference(cplot_table_t *table);
CPLOT_API void cplot_table_destroy(cplot_table_t *table);

/* Appends a numeric column, copying `count` values. The first column fixes
 * the table's row count; later columns must match it
 * (CPLOT_STATUS_LENGTH_MISMATCH). `values` may be NULL only when `count`
 * is 0. Fails with CPLOT_STATUS_DUPLICATE_COLUMN if `name` is taken. */
CPLOT_API cplot_status_t cplot_table_add_numeric(cplot_table_t *table, const char *name,
                                                 const double *values, size_t count);

/* Appends a categorical column, copying the strings. A NULL entry is a
 * missing value. Strings must be UTF-8 (CPLOT_STATUS_INVALID_VALUE if not).
 * Rules for length and names as for cplot_table_add_numeric. */
CPLOT_API cplot_status_t cplot_table_add_categorical(cplot_table_t *table, const char *name,
                                                     const char *const *values, size_t count);

/* Fixes the order of a categorical column's levels. `levels` must list
 * every level present in the column exactly once (levels that never occur
 * are allowed and kept). */
CPLOT_API cplot_status_t cplot_table_set_levels(cplot_table_t *table, const char *name,
                                                const char *const *levels, size_t count);

/* Reads a data file into a new table: a .json file as an array of records
 * (or an object of columns), anything else as CSV or TSV with a header
 * row (RFC 4180 quoting; the delimiter is guessed from the header; empty,
 * NA, N/A, null and NaN are missing). Column types are inferred: numeric
 * when every present value is a number. On failure *table is NULL and, if
 * `message` is not NULL, a NUL-terminated "PATH:LINE:COLUMN: what is wrong"
 * is written into its `message_size` bytes. Files over 512 MiB are refused
 * with CPLOT_STATUS_LIMIT_EXCEEDED. */
CPLOT_API cplot_status_t cplot_table_read(const char *path, cplot_table_t **table, char *message,
                                          size_t message_size);

CPLOT_API size_t cplot_table_row_count(const cplot_table_t *table);
CPLOT_API size_t cplot_table_column_count(const cplot_table_t *table);

/* The index of the column called `name`, or -1. */
CPLOT_API long cplot_table_find(const cplot_table_t *table, const char *name);

/* Column accessors take an index below cplot_table_column_count(); out of
 * range gives NULL or 0. Returned pointers are borrowed from the table and
 * valid until it is destroyed (columns are never changed once added,
 * except for level order). */
CPLOT_API const char *cplot_table_column_name(const cplot_table_t *table, size_t column);
CPLOT_API cplot_column_type_t cplot_table_column_type(const cplot_table_t *table, size_t column);
/* The values of a numeric column; NULL for a categorical one. */
CPLOT_API const double *cplot_table_numeric(const cplot_table_t *table, size_t column);
/* Level codes of a categorical column, one per row: an index into its
 * levels, or -1 for missing. NULL for a numeric column. */
CPLOT_API const int *cplot_table_codes(const cplot_table_t *table, size_t column);
CPLOT_API size_t cplot_table_level_count(const cplot_table_t *table, size_t column);
CPLOT_API const char *cplot_table_level(const cplot_table_t *table, size_t column, size_t level);

/* ----------------------------------------------------------------- Charts */

typedef enum cplot_kind {
    CPLOT_KIND_SCATTER = 0, /* points; bubbles with a size channel */
    CPLOT_KIND_HEATMAP,     /* a matrix of coloured cells */
    CPLOT_KIND_BAR,         /* bars or lollipops, one per category (and group) */
    CPLOT_KIND_HISTOGRAM,   /* counts of a numeric column in bins */
    CPLOT_KIND_DENSITY,     /* kernel density estimates */
    CPLOT_KIND_CORRELOGRAM, /* a correlation matrix as cells or glyphs */
    CPLOT_KIND_HEXBIN,      /* counts of points in hexagons: 2D density */
    CPLOT_KIND_PAIRPLOT,    /* a scatter-plot matrix with distributions on the diagonal */
    CPLOT_KIND_JOINT        /* a scatter or hexbin with marginal distributions */
} cplot_kind_t;

/* The spec name of a kind ("scatter"), or NULL for an unknown value. */
CPLOT_API const char *cplot_kind_name(cplot_kind_t kind);
/* Looks a kind up by its spec name; false if there is none. */
CPLOT_API bool cplot_kind_from_name(const char *name, cplot_kind_t *kind);

typedef struct cplot_chart cplot_chart_t;

/* A chart of the given kind with every option at its default, or NULL when
 * out of memory or `kind` is not a cplot_kind_t value. */
CPLOT_API cplot_chart_t *cplot_chart_create(cplot_kind_t kind);
CPLOT_API cplot_chart_t *cplot_chart_reference(cplot_chart_t *chart);
CPLOT_API void cplot_chart_destroy(cplot_chart_t *chart);

CPLOT_API cplot_kind_t cplot_chart_kind(const cplot_chart_t *chart);

/* Attaches the data table (takes a reference; a previous table is
 * released). Columns are resolved when the chart is drawn. */
CPLOT_API cplot_status_t cplot_chart_set_data(cplot_chart_t *chart, cplot_table_t *table);

/*
 * Option setters. `name` is an option of the chart's kind (see
 * cplot_option_at); the value must be of a type the option accepts and
 * within its range or allowed values. Failures: CPLOT_STATUS_UNKNOWN_OPTION
 * (the message suggests the nearest name), CPLOT_STATUS_INVALID_VALUE (the
 * message says what was expected). Setting an option replaces its previous
 * value; cplot_chart_unset restores the default.
 */
CPLOT_API cplot_status_t cplot_chart_set_number(cplot_chart_t *chart, const char *name, double value);
CPLOT_API cplot_status_t cplot_chart_set_string(cplot_chart_t *chart, const char *name, const char *value);
CPLOT_API cplot_status_t cplot_chart_set_bool(cplot_chart_t *chart, const char *name, bool value);
CPLOT_API cplot_status_t cplot_chart_set_numbers(cplot_chart_t *chart, const char *name,
                                                 const double *values, size_t count);
CPLOT_API cplot_status_t cplot_chart_set_strings(cplot_chart_t *chart, const char *name,
                                                 const char *const *values, size_t count);
CPLOT_API cplot_status_t cplot_chart_unset(cplot_chart_t *chart, const char *name);

/* The first error any call on this chart produced, and its message (""
 * when there is none). The message is borrowed and lives as long as the
 * chart. */
CPLOT_API cplot_status_t cplot_chart_status(const cplot_chart_t *chart);
CPLOT_API const char *cplot_chart_error_message(const cplot_chart_t *chart);

/* Draws the chart onto `cr` in the rectangle (0, 0, width, height) of the
 * current user space, in CSS pixels. The cairo state is saved and
 * restored. The "width", "height" and "scale" options are ignored here. */
CPLOT_API cplot_status_t cplot_chart_draw(cplot_chart_t *chart, cairo_t *cr, double width,
                                          double height);

typedef enum cplot_format {
    CPLOT_FORMAT_PNG = 0,
    CPLOT_FORMAT_SVG,
    CPLOT_FORMAT_PDF
} cplot_format_t;

/* The format named by a file name's extension (.png, .svg, .pdf, any
 * case); false when there is none. */
CPLOT_API bool cplot_format_from_path(const char *path, cplot_format_t *format);

/* Renders at the "width" x "height" options (times "scale" for PNG) and
 * writes the file atomically: to a temporary file beside `path`, renamed
 * over it only on success, so a failure never leaves a partial file. */
CPLOT_API cplot_status_t cplot_chart_write(cplot_chart_t *chart, const char *path,
                                           cplot_format_t format);

/* Renders into a new buffer; on success *data (release with cplot_free)
 * and *size are set, on failure they are set to NULL and 0. */
CPLOT_API cplot_status_t cplot_chart_render(cplot_chart_t *chart, cplot_format_t format,
                                            unsigned char **data, size_t *size);

/* Renders the chart at its "width" x "height" into `count` outputs at once:
 * output i in formats[i], at scales[i] for a PNG (ignored for SVG and PDF;
 * the "scale" option is not used). The statistics, scales and measured
 * text are prepared once for all of them, and each output has exactly the
 * bytes cplot_chart_render gives with the same options. On success data[i]
 * (release each with cplot_free) and sizes[i] are set; on failure every
 * data[i] is NULL and sizes[i] 0, and the status and message are those of
 * the first output that failed. CPLOT_STATUS_INVALID_ARGUMENT for a NULL
 * array, an unknown format or a scale that is not positive. */
CPLOT_API cplot_status_t cplot_chart_render_many(cplot_chart_t *chart, const cplot_format_t *formats,
                                                 const double *scales, size_t count,
                                                 unsigned char **data, size_t *sizes);

/* Does everything rendering does short of drawing: the pixel limit (for
 * PNG at the "scale" option, the largest raster), the statistics, scales,
 * ticks and the layout at the "width" and "height" options. SUCCESS means
 * cplot_chart_write and cplot_chart_render would fail only on output
 * (memory, files, cairo). On failure the reason is in
 * cplot_chart_error_message until the next draw; the chart stays usable.
 * CPLOT_STATUS_INVALID_ARGUMENT for a NULL chart. `cplot validate` calls
 * this after parsing, so it refuses what `cplot render` would. */
CPLOT_API cplot_status_t cplot_chart_check(cplot_chart_t *chart);

/* ------------------------------------------------------------------ Specs */

/*
 * A spec is one chart described in JSON: {"chart": "scatter", "data":
 * {"url": "penguins.csv"}, "x": "flipper_length_mm", ...}. Every key
 * other than "chart", "data", "description", "tags" and "$schema" is an
 * option of the chart's kind, with the same name and value as the
 * setters take. "data" is {"url": "relative/path.csv"} (CSV or TSV with a
 * header, or a .json array of records), or {"values": [...]} inline
 * (records, or an object of columns); "types": {"column": "categorical"}
 * forces a column's type.
 *
 * Specs are untrusted input: data URLs are resolved against the spec's
 * folder and must stay inside `root` (after following symbolic links);
 * sizes are capped (see the README's limits table).
 */
typedef struct cplot_spec cplot_spec_t;

/* Parses and validates a spec from memory and loads its data. `path`
 * names the spec in messages and its folder anchors relative data URLs
 * (NULL: "<input>" in the current folder); `root` is the folder data must
 * stay inside (NULL: the spec's folder). *spec is set whenever memory
 * allows, also on failure, so that every problem found can be read with
 * cplot_spec_diagnostic; the status is that of the first problem
 * (CPLOT_STATUS_PARSE_ERROR, CPLOT_STATUS_INVALID_SPEC,
 * CPLOT_STATUS_IO_ERROR, ...). */
CPLOT_API cplot_status_t cplot_spec_parse(const char *text, size_t length, const char *path,
                                          const char *root, cplot_spec_t **spec);
/* The same for a spec file. */
CPLOT_API cplot_status_t cplot_spec_load(const char *path, const char *root, cplot_spec_t **spec);
CPLOT_API cplot_spec_t *cplot_spec_reference(cplot_spec_t *spec);
CPLOT_API void cplot_spec_destroy(cplot_spec_t *spec);

/* Problems found, each a line "FILE:LINE:COLUMN: POINTER: what is wrong;
 * what was expected". Borrowed from the spec. */
CPLOT_API size_t cplot_spec_diagnostic_count(const cplot_spec_t *spec);
CPLOT_API const char *cplot_spec_diagnostic(const cplot_spec_t *spec, size_t index);

/* Checks a valid spec's chart as rendering would (cplot_chart_check:
 * statistics, scales, layout, the pixel limit) and, when that fails, makes
 * the spec invalid: the status is returned and kept, the reason becomes a
 * diagnostic at the option it concerns ("FILE:LINE:COLUMN: /x: column "g"
 * is categorical; ..."), or at "/" when it concerns no single option, and
 * cplot_spec_chart becomes NULL (a chart obtained before stays valid for
 * whoever referenced it). Returns the spec's status unchanged when it is
 * already invalid; CPLOT_STATUS_INVALID_ARGUMENT for NULL. Costs a layout
 * of the chart: `cplot validate` calls it, rendering does not need to. */
CPLOT_API cplot_status_t cplot_spec_check(cplot_spec_t *spec);

/* The chart the spec describes, with its data attached, or NULL when the
 * spec is invalid. Borrowed: take a reference to keep it beyond the
 * spec. */
CPLOT_API cplot_chart_t *cplot_spec_chart(const cplot_spec_t *spec);
/* The spec's "description" (Markdown) and "tags"; NULL / 0 when absent. */
CPLOT_API const char *cplot_spec_description(const cplot_spec_t *spec);
CPLOT_API size_t cplot_spec_tag_count(const cplot_spec_t *spec);
CPLOT_API const char *cplot_spec_tag(const cplot_spec_t *spec, size_t index);

/* What the chart computed, as a JSON object, so results can be checked
 * against other tools: for every axis its scale, "domain", "ticks" and
 * "labels" and the values it had to drop ("missing" NaN, "non_finite",
 * "non_positive" on log axes); every legend's entries or colour-bar
 * domain; and per layer what the kind computed (for histograms the edges,
 * counts and values, for KDE the grid and density, and so on). The layout
 * is planned at the "width" and "height" options. On success *json is a
 * NUL-terminated string (release with cplot_free) and *length, when not
 * NULL, its length. The format is documented in the README and stable:
 * keys are only ever added. */
CPLOT_API cplot_status_t cplot_chart_inspect(cplot_chart_t *chart, char **json, size_t *length);

/* ---------------------------------------------------------------- Options */

/* The value types an option may accept; an option may accept several
 * (e.g. "bins": a count, a rule name or a list of edges). */
typedef enum cplot_value_type {
    CPLOT_VALUE_NUMBER = 1 << 0,
    CPLOT_VALUE_INTEGER = 1 << 1, /* a number with no fractional part */
    CPLOT_VALUE_STRING = 1 << 2,
    CPLOT_VALUE_BOOL = 1 << 3,
    CPLOT_VALUE_NUMBERS = 1 << 4, /* a list of numbers */
    CPLOT_VALUE_STRINGS = 1 << 5, /* a list of strings */
    CPLOT_VALUE_COLUMN = 1 << 6,  /* a string naming a data column */
    CPLOT_VALUE_COLOR = 1 << 7    /* a string: "#rgb", "#rrggbb", "#rrggbbaa" or a CSS name */
} cplot_value_type_t;

/* One entry of a kind's option table. All strings are static. */
typedef struct cplot_option_info {
    const char *name;               /* the spec key and setter name */
    unsigned types;                 /* cplot_value_type_t bits accepted */
    const char *default_value;      /* as JSON text ("null" when unset) */
    const char *const *choices;     /* allowed strings, NULL-terminated, or NULL */
    double minimum, maximum;        /* inclusive range for numbers */
    const char *group;              /* "data", "channel", "appearance", "output", ... */
    const char *doc;                /* one-line description */
} cplot_option_info_t;

/* The number of options a chart kind has (0 for an unknown kind) and the
 * i-th of them in documentation order (NULL when out of range). */
CPLOT_API size_t cplot_option_count(cplot_kind_t kind);
CPLOT_API const cplot_option_info_t *cplot_option_at(cplot_kind_t kind, size_t index);
/* The option of that name, or NULL. */
CPLOT_API const cplot_option_info_t *cplot_option_find(cplot_kind_t kind, const char *name);

/* ----------------------------------------------------------------- Limits */

/*
 * Limits bound the memory and time one spec or data file can take, since
 * both are untrusted input (a server renders what users send). Going past
 * one fails with CPLOT_STATUS_LIMIT_EXCEEDED and a message naming the
 * limit and its value. The defaults suit a gallery and a shared server;
 * a program that trusts its input, or has the memory, raises them.
 *
 * Limits are process-wide and belong to the program, never to a spec:
 * nothing in a spec can change them. Set them at start-up, before
 * rendering; setting is thread-safe, and each chart, spec or table reads a
 * limit when it applies it, so work already running may see either value.
 *
 * The limits (name, default):
 *   spec_bytes     1,048,576    bytes of one spec's JSON text
 *   data_bytes     536,870,912  bytes of one data file
 *   data_rows      10,000,000   rows of one table
 *   data_columns   1,000        columns of one table
 *   categories     100,000      distinct values of one categorical column
 *   pixels         50,000,000   raster pixels of one image (w x h x scale^2)
 *   matrix_cells   250,000      cells of a heatmap or correlogram
 *   facet_panels   64           panels of a faceted chart
 *   kde_evaluations 100,000,000 kernel evaluations of one density curve
 * Fixed limits (nesting depth, option ranges) are listed in the README.
 */
typedef struct cplot_limit_info {
    const char *name;         /* as cplot_limit_set and `cplot --limit` take it */
    double default_value;     /* a whole number */
    double minimum, maximum;  /* the values cplot_limit_set accepts */
    const char *doc;          /* what is counted, one line */
} cplot_limit_info_t;

/* The number of limits, and the i-th (NULL when out of range). Static. */
CPLOT_API size_t cplot_limit_count(void);
CPLOT_API const cplot_limit_info_t *cplot_limit_at(size_t index);

/* The current value of the named limit; NaN for an unknown (or NULL) name. */
CPLOT_API double cplot_limit_get(const char *name);

/* Sets the named limit for the whole process. `value` must be a whole
 * number in [minimum, maximum] of the limit's info. Returns
 * CPLOT_STATUS_UNKNOWN_OPTION for an unknown or NULL name and
 * CPLOT_STATUS_INVALID_VALUE for a value out of range; the limit is then
 * unchanged. */
CPLOT_API cplot_status_t cplot_limit_set(const char *name, double value);

/* Puts every limit back to its default. */
CPLOT_API void cplot_limits_reset(void);

/* --------------------------------------------------------------- Threads */

/*
 * One render can split its heaviest work (statistics over large data,
 * reading a large CSV file, dense point layers, deflating the PNG of an
 * image over about 512x512 pixels) across threads. The count
 * is process-wide and defaults to 1: the library starts no thread unless
 * the program asks, since a server usually runs renders side by side
 * already. The `cplot` command asks for one per core.
 *
 * Output never depends on the count: every piece is computed exactly as
 * one thread computes it (same operations, same order per result), so
 * PNGs and `cplot inspect` numbers are byte-identical for any count.
 * Threads are started for one piece of work, which is finished before the
 * call returns; none are kept between calls. A thread the system starts
 * so late that the caller has already done all the work exits as soon as
 * it runs, touching nothing of the call's, and a render whose threads
 * cannot be started does the work on the calling thread. Small work is
 * never split (starting a thread costs more than it saves).
 *
 * Setting is thread-safe; work already running may see either value.
 */

/* Sets how many threads (the calling one included) one render may use,
 * and one read of a large data file (cplot_spec_load, cplot_table_read):
 * 1 to 256, or 0 for one per online CPU. Returns
 * CPLOT_STATUS_INVALID_VALUE (count unchanged) above 256. */
CPLOT_API cplot_status_t cplot_threads_set(unsigned count);

/* The number of threads one render may use now (at least 1). */
CPLOT_API unsigned cplot_threads_get(void);

/* ----------------------------------------------------------------- Fonts */

/* cplot draws text with its own pinned font configuration (DejaVu only,
 * compiled into the library), never with the system's, so output is the
 * same on every machine. Pango still loads the system fontconfig
 * configuration once per process in the background (about 24 million
 * instructions, 2-3 ms of a short-lived process).
 *
 * For programs in which cplot is the only user of fontconfig, such as the
 * cplot command: makes cplot's configuration fontconfig's current one, so
 * the system configuration is never loaded. Process-wide: anything else
 * in the program that asks fontconfig for fonts then sees only DejaVu.
 * Call once at start-up, before any drawing; output is the same with or
 * without it. Errors: CPLOT_STATUS_FONT_ERROR when the configuration
 * cannot be built. */
CPLOT_API cplot_status_t cplot_fonts_make_process_default(void);

#ifdef __cplusplus
}
#endif

#endif /* CPLOT_CPLOT_H */
