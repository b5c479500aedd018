/* cplot_bench: the in-process side of the benchmark, linking libcplot.
 *
 *   cplot_bench serve
 *       Reads commands on standard input, one per line, and answers each
 *       with one JSON line on standard output (times in milliseconds):
 *         load NAME SPEC [0]    load SPEC (data included) and render it
 *                               once untimed (warm-up; not with 0)
 *         render NAME           time cplot_chart_render(PNG) of a loaded spec
 *         cold SPEC             time cplot_spec_load + cplot_chart_render:
 *                               read + stats + draw + encode, all in process
 *         encode NAME E         the encoder floor: decodes the PNG of the
 *                               last render (rendering if there was none)
 *                               into a cairo RGB24 image and times (median
 *                               of E) encoding a copy of it with the
 *                               library's own encoder as the render calls
 *                               it, checking the bytes are the same as
 *                               cplot_chart_render's
 *         floor NAME W H D E    encode, plus the median of D draws
 *                               (cplot_chart_draw on a W x H RGB24 surface,
 *                               no encoding) and of D plans
 *                               (cplot_chart_check: statistics and layout,
 *                               no drawing), skipped when a render took
 *                               over 2 s
 *         save NAME PATH        write the loaded chart's PNG to PATH
 *         unload NAME           release a loaded spec and its data
 *         quit
 *   cplot_bench once SPEC OUT.png
 *       Load and render one spec (for callgrind and /usr/bin/time -v).
 *
 * Timing is CLOCK_MONOTONIC around the library call only.
 */
#include <math.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cplot/cplot.h>

#include "png-private.h" /* libplot/src: the encoder itself, from libcplot.a */

#define MAX_LOADED 64
#define MAX_REPS 200

typedef struct loaded {
    char name[128];
    cplot_spec_t *spec;
    cplot_chart_t *chart;   /* borrowed from spec */
    unsigned char *png;     /* the last render's PNG (cplot_free) */
    size_t png_size;
    double render_ms;       /* and how long it took */
    cairo_surface_t *image; /* that PNG decoded, made on demand */
} loaded_t;

static void forget_png(loaded_t *l)
{
    cplot_free(l->png);
    l->png = NULL;
    l->png_size = 0;
    cairo_surface_destroy(l->image);
    l->image = NULL;
}

static void keep_png(loaded_t *l, unsigned char *png, size_t size, double ms)
{
    forget_png(l);
    l->png = png;
    l->png_size = size;
    l->render_ms = ms;
}

static loaded_t loaded[MAX_LOADED];
static size_t loaded_count;

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *values, size_t count)
{
    qsort(values, count, sizeof *values, compare_doubles);
    return count % 2 ? values[count / 2] : (values[count / 2 - 1] + values[count / 2]) / 2;
}

/* Prints a JSON string (names and messages come from our own inputs, but
 * quote them properly anyway). */
static void print_json_string(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

static void reply_error(const char *what, const char *message)
{
    printf("{\"ok\":false,\"error\":");
    print_json_string(what);
    printf(",\"message\":");
    print_json_string(message ? message : "");
    printf("}\n");
    fflush(stdout);
}

static cplot_status_t load_spec(const char *path, cplot_spec_t **spec, char *message, size_t size)
{
    cplot_status_t status = cplot_spec_load(path, NULL, spec);
    if (status != CPLOT_STATUS_SUCCESS) {
        snprintf(message, size, "%s: %s", cplot_status_to_string(status),
                 *spec && cplot_spec_diagnostic_count(*spec) ? cplot_spec_diagnostic(*spec, 0) : path);
        cplot_spec_destroy(*spec);
        *spec = NULL;
    }
    return status;
}

static loaded_t *find_loaded(const char *name)
{
    for (size_t i = 0; i < loaded_count; i++)
        if (strcmp(loaded[i].name, name) == 0)
            return &loaded[i];
    return NULL;
}

/* ------------------------------------------------- the encoder floor */

/* The library's own encoder (png.c, reached through the static library
 * this driver links), called as cplot_chart_render calls it for a 1x PNG
 * (default compression, 96 dpi, building the rows in the image's memory),
 * on a copy of the image made before the clock starts. Its output is
 * compared byte for byte with cplot_chart_render's, so the floor is
 * exactly the render's encoding step. */
static cairo_surface_t *copy_image(cairo_surface_t *image)
{
    int height = cairo_image_surface_get_height(image);
    cairo_surface_t *copy = cairo_image_surface_create(cairo_image_surface_get_format(image),
                                                       cairo_image_surface_get_width(image), height);
    if (cairo_surface_status(copy) != CAIRO_STATUS_SUCCESS ||
        cairo_image_surface_get_stride(copy) != cairo_image_surface_get_stride(image))
        return copy;
    cairo_surface_flush(image);
    cairo_surface_flush(copy);
    memcpy(cairo_image_surface_get_data(copy), cairo_image_surface_get_data(image),
           (size_t)height * (size_t)cairo_image_surface_get_stride(image));
    cairo_surface_mark_dirty(copy);
    return copy;
}

static int encode_png(cairo_surface_t *image, cplot_buffer_t *sink, double *ms)
{
    cairo_surface_t *copy = copy_image(image);
    sink->size = 0;
    unsigned ppm = (unsigned)lround(96.0 / 0.0254);
    double t0 = now_ms();
    cplot_status_t status = cplot_png_write_buffer_consuming(copy, CPLOT_PNG_FAST, ppm, sink);
    *ms = now_ms() - t0;
    cairo_surface_destroy(copy);
    return status == CPLOT_STATUS_SUCCESS ? 0 : -1;
}

typedef struct memory_source {
    const unsigned char *data;
    size_t size, offset;
} memory_source_t;

static cairo_status_t source_read(void *closure, unsigned char *data, unsigned int length)
{
    memory_source_t *source = closure;
    if (source->size - source->offset < length)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, source->data + source->offset, length);
    source->offset += length;
    return CAIRO_STATUS_SUCCESS;
}

/* The image of the chart's last render (rendering now if there is none),
 * decoded from its PNG into a cairo image: RGB24, as the library draws. */
static cairo_surface_t *last_image(loaded_t *l)
{
    if (!l->png) {
        unsigned char *png;
        size_t size;
        double t0 = now_ms();
        if (cplot_chart_render(l->chart, CPLOT_FORMAT_PNG, &png, &size) != CPLOT_STATUS_SUCCESS)
            return NULL;
        keep_png(l, png, size, now_ms() - t0);
    }
    if (!l->image) {
        memory_source_t source = {l->png, l->png_size, 0};
        l->image = cairo_image_surface_create_from_png_stream(source_read, &source);
    }
    if (cairo_surface_status(l->image) != CAIRO_STATUS_SUCCESS ||
        cairo_image_surface_get_format(l->image) != CAIRO_FORMAT_RGB24)
        return NULL;
    return l->image;
}

/* Encodes the last render's image `reps` times: the median time, and
 * whether the bytes equal the library's. */
static bool time_encoding(loaded_t *l, int reps, double *median_ms, bool *identical)
{
    cairo_surface_t *image = last_image(l);
    if (!image)
        return false;
    double times[MAX_REPS];
    cplot_buffer_t sink = {0};
    reps = reps < 1 ? 1 : reps > MAX_REPS ? MAX_REPS : reps;
    for (int i = 0; i < reps; i++) {
        int failed = encode_png(image, &sink, &times[i]);
        if (failed) {
            cplot_buffer_release(&sink);
            return false;
        }
    }
    *identical = l->png_size == sink.size && memcmp(l->png, sink.data, sink.size) == 0;
    *median_ms = median(times, (size_t)reps);
    cplot_buffer_release(&sink);
    return true;
}

static void command_encode(const char *name, int reps)
{
    loaded_t *l = find_loaded(name);
    double ms;
    bool identical;
    if (!l) {
        reply_error("encode", "not loaded");
    } else if (!time_encoding(l, reps, &ms, &identical)) {
        reply_error("encode", "rendering, decoding or encoding failed");
    } else {
        printf("{\"ok\":true,\"encode_ms\":%.4f,\"identical\":%s}\n", ms, identical ? "true" : "false");
        fflush(stdout);
    }
}

/* The encoder floor of the last render (see the top of the file), and the
 * median of `draw_reps` draws unless a render takes over 2 s. */
static void command_floor(const char *name, int width, int height, int draw_reps, int encode_reps)
{
    loaded_t *l = find_loaded(name);
    if (!l) {
        reply_error("floor", "not loaded");
        return;
    }
    double encode_ms;
    bool identical;
    if (!time_encoding(l, encode_reps, &encode_ms, &identical)) {
        reply_error("floor", "rendering, decoding or encoding failed");
        return;
    }
    draw_reps = draw_reps < 0 ? 0 : draw_reps > MAX_REPS ? MAX_REPS : draw_reps;
    if (l->render_ms > 2000)
        draw_reps = 0;
    double draw[MAX_REPS], plan[MAX_REPS];
    for (int i = 0; i < draw_reps; i++) {
        double t0 = now_ms();
        cplot_status_t status = cplot_chart_check(l->chart);
        plan[i] = now_ms() - t0;
        if (status != CPLOT_STATUS_SUCCESS) {
            reply_error("plan", cplot_chart_error_message(l->chart));
            return;
        }
    }
    cairo_surface_t *canvas = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    for (int i = 0; i < draw_reps; i++) {
        cairo_t *cr = cairo_create(canvas);
        double t0 = now_ms();
        cplot_status_t status = cplot_chart_draw(l->chart, cr, width, height);
        cairo_surface_flush(canvas);
        draw[i] = now_ms() - t0;
        cairo_destroy(cr);
        if (status != CPLOT_STATUS_SUCCESS) {
            reply_error("draw", cplot_chart_error_message(l->chart));
            cairo_surface_destroy(canvas);
            return;
        }
    }
    cairo_surface_destroy(canvas);
    printf("{\"ok\":true,\"render_ms\":%.4f,\"encode_ms\":%.4f,\"draw_ms\":", l->render_ms, encode_ms);
    if (draw_reps > 0)
        printf("%.4f,\"plan_ms\":%.4f", median(draw, (size_t)draw_reps), median(plan, (size_t)draw_reps));
    else
        printf("null,\"plan_ms\":null");
    printf(",\"png_bytes\":%zu,\"identical\":%s}\n", l->png_size, identical ? "true" : "false");
    fflush(stdout);
}

/* ------------------------------------------------------------ commands */

static void command_load(const char *name, const char *path, bool warm)
{
    if (find_loaded(name)) {
        printf("{\"ok\":true,\"cached\":true}\n");
        fflush(stdout);
        return;
    }
    if (loaded_count == MAX_LOADED || strlen(name) >= sizeof loaded[0].name) {
        reply_error("load", "too many specs or name too long");
        return;
    }
    char message[1024];
    cplot_spec_t *spec;
    double t0 = now_ms();
    if (load_spec(path, &spec, message, sizeof message) != CPLOT_STATUS_SUCCESS) {
        reply_error("load", message);
        return;
    }
    double load_ms = now_ms() - t0;
    cplot_chart_t *chart = cplot_spec_chart(spec);
    unsigned char *data = NULL;
    size_t size = 0;
    double warm_ms = -1;
    if (warm) {
        t0 = now_ms();
        cplot_status_t status = cplot_chart_render(chart, CPLOT_FORMAT_PNG, &data, &size);
        warm_ms = now_ms() - t0;
        if (status != CPLOT_STATUS_SUCCESS) {
            reply_error("render", cplot_chart_error_message(chart));
            cplot_spec_destroy(spec);
            return;
        }
    }
    loaded_t *l = &loaded[loaded_count++];
    *l = (loaded_t){.spec = spec, .chart = chart};
    snprintf(l->name, sizeof l->name, "%s", name);
    if (data)
        keep_png(l, data, size, warm_ms);
    printf("{\"ok\":true,\"load_ms\":%.4f,\"warmup_ms\":%.4f,\"png_bytes\":%zu}\n", load_ms, warm_ms, size);
    fflush(stdout);
}

static void command_render(const char *name)
{
    loaded_t *l = find_loaded(name);
    if (!l) {
        reply_error("render", "not loaded");
        return;
    }
    unsigned char *data;
    size_t size;
    double t0 = now_ms();
    cplot_status_t status = cplot_chart_render(l->chart, CPLOT_FORMAT_PNG, &data, &size);
    double ms = now_ms() - t0;
    if (status != CPLOT_STATUS_SUCCESS) {
        reply_error("render", cplot_chart_error_message(l->chart));
        return;
    }
    keep_png(l, data, size, ms);
    printf("{\"ok\":true,\"ms\":%.4f,\"png_bytes\":%zu}\n", ms, size);
    fflush(stdout);
}

static void command_cold(const char *path)
{
    char message[1024];
    cplot_spec_t *spec;
    unsigned char *data;
    size_t size;
    double t0 = now_ms();
    if (load_spec(path, &spec, message, sizeof message) != CPLOT_STATUS_SUCCESS) {
        reply_error("load", message);
        return;
    }
    double t1 = now_ms();
    cplot_status_t status = cplot_chart_render(cplot_spec_chart(spec), CPLOT_FORMAT_PNG, &data, &size);
    double t2 = now_ms();
    if (status != CPLOT_STATUS_SUCCESS) {
        reply_error("render", cplot_chart_error_message(cplot_spec_chart(spec)));
        cplot_spec_destroy(spec);
        return;
    }
    cplot_free(data);
    cplot_spec_destroy(spec);
    double t3 = now_ms();
    printf("{\"ok\":true,\"ms\":%.4f,\"load_ms\":%.4f,\"render_ms\":%.4f,\"free_ms\":%.4f,\"png_bytes\":%zu}\n",
           t3 - t0, t1 - t0, t2 - t1, t3 - t2, size);
    fflush(stdout);
}

static void command_save(const char *name, const char *path)
{
    loaded_t *l = find_loaded(name);
    if (!l) {
        reply_error("save", "not loaded");
        return;
    }
    if (cplot_chart_write(l->chart, path, CPLOT_FORMAT_PNG) != CPLOT_STATUS_SUCCESS) {
        reply_error("save", cplot_chart_error_message(l->chart));
        return;
    }
    printf("{\"ok\":true}\n");
    fflush(stdout);
}

static void command_unload(const char *name)
{
    loaded_t *l = find_loaded(name);
    if (!l) {
        reply_error("unload", "not loaded");
        return;
    }
    forget_png(l);
    cplot_spec_destroy(l->spec);
    *l = loaded[--loaded_count];
    printf("{\"ok\":true}\n");
    fflush(stdout);
}

static int serve(void)
{
    char line[4096];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\r\n")] = 0;
        char *save = NULL;
        char *command = strtok_r(line, " ", &save);
        char *a = strtok_r(NULL, " ", &save);
        char *b = strtok_r(NULL, " ", &save);
        char *c = strtok_r(NULL, " ", &save);
        char *d = strtok_r(NULL, " ", &save);
        char *e = strtok_r(NULL, " ", &save);
        if (!command)
            continue;
        if (strcmp(command, "quit") == 0)
            break;
        if (strcmp(command, "load") == 0 && a && b)
            command_load(a, b, !c || strcmp(c, "0") != 0);
        else if (strcmp(command, "render") == 0 && a)
            command_render(a);
        else if (strcmp(command, "cold") == 0 && a)
            command_cold(a);
        else if (strcmp(command, "floor") == 0 && a && b && c && d && e)
            command_floor(a, atoi(b), atoi(c), atoi(d), atoi(e));
        else if (strcmp(command, "save") == 0 && a && b)
            command_save(a, b);
        else if (strcmp(command, "encode") == 0 && a && b)
            command_encode(a, atoi(b));
        else if (strcmp(command, "unload") == 0 && a)
            command_unload(a);
        else
            reply_error("usage", command);
    }
    for (size_t i = 0; i < loaded_count; i++) {
        forget_png(&loaded[i]);
        cplot_spec_destroy(loaded[i].spec);
    }
    return 0;
}

static int once(const char *spec_path, const char *out)
{
    char message[1024];
    cplot_spec_t *spec;
    if (load_spec(spec_path, &spec, message, sizeof message) != CPLOT_STATUS_SUCCESS) {
        fprintf(stderr, "cplot_bench: %s\n", message);
        return 1;
    }
    cplot_chart_t *chart = cplot_spec_chart(spec);
    cplot_status_t status = cplot_chart_write(chart, out, CPLOT_FORMAT_PNG);
    if (status != CPLOT_STATUS_SUCCESS)
        fprintf(stderr, "cplot_bench: %s\n", cplot_chart_error_message(chart));
    cplot_spec_destroy(spec);
    return status != CPLOT_STATUS_SUCCESS;
}

int main(int argc, char **argv)
{
    /* Threads one render may use (cplot_threads_set): run.py times the
     * library's default of one and every core, side by side. */
    const char *threads = getenv("CPLOT_THREADS");
    if (threads && cplot_threads_set((unsigned)strtoul(threads, NULL, 10)) != CPLOT_STATUS_SUCCESS) {
        fprintf(stderr, "cplot_bench: CPLOT_THREADS must be 0 (one per core) to 256\n");
        return 2;
    }
    if (argc == 2 && strcmp(argv[1], "serve") == 0)
        return serve();
    if (argc == 4 && strcmp(argv[1], "once") == 0)
        return once(argv[2], argv[3]);
    fprintf(stderr, "usage: cplot_bench serve | cplot_bench once SPEC OUT.png\n");
    return 2;
}
