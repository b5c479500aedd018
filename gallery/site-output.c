#include "site-output.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cplot/cplot.h"
#include "site-buffer.h"
#include "site-escape.h"
#include "site-fs.h"

char *site_output_path(const site_output_t *output, const char *relative)
{
    return site_path_join(output->root, relative);
}

/* Reports a problem on standard error, except while only checking whether
 * the site is current: the build that follows reports it once. */
static void complain(const site_output_t *output, const char *format, ...)
{
    if (output->check_only)
        return;
    va_list arguments;
    va_start(arguments, format);
    vfprintf(stderr, format, arguments);
    va_end(arguments);
}

/* True when the previous site holds these very bytes at `relative`. */
static bool unchanged(const site_output_t *output, const char *relative, const void *bytes, size_t length,
                      char **old_path)
{
    *old_path = NULL;
    if (!output->previous)
        return false;
    char *path = site_path_join(output->previous, relative);
    struct stat info;
    if (!path || stat(path, &info) != 0 || !S_ISREG(info.st_mode) || (size_t)info.st_size != length) {
        free(path);
        return false;
    }
    size_t old_length;
    char *old = site_fs_read(path, length, &old_length);
    bool same = old && old_length == length && memcmp(old, bytes, length) == 0;
    free(old);
    if (same)
        *old_path = path;
    else
        free(path);
    return same;
}

/* Links or writes the file, creating its folder when missing. */
static bool write_or_link(site_output_t *output, const char *relative, const char *path, const void *bytes,
                          size_t length)
{
    char *old = NULL;
    bool same = unchanged(output, relative, bytes, length, &old);
    bool ok = false;
    for (int attempt = 0; attempt < 2 && !ok; attempt++) {
        ok = (same && link(old, path) == 0) || site_fs_write(path, bytes, length) == 0;
        /* Folders are made on demand: one mkdir per folder, not per file. */
        if (!ok && (errno != ENOENT || attempt > 0 || site_fs_mkparents(path) != 0))
            break;
    }
    free(old);
    return ok;
}

bool site_output_write(site_output_t *output, const char *relative, const void *bytes, size_t length)
{
    if (output->check_only) {
        char *old = NULL;
        if (!unchanged(output, relative, bytes, length, &old))
            output->differs = true;
        free(old);
        output->files++;
        return true;
    }
    char *path = site_output_path(output, relative);
    bool ok = path && write_or_link(output, relative, path, bytes, length);
    if (!ok) {
        complain(output, "cplot gallery: cannot write %s: %s\n", path ? path : relative, strerror(errno));
        output->io_errors++;
    } else {
        output->files++;
    }
    free(path);
    return ok;
}

bool site_output_copy(site_output_t *output, const char *from, const char *relative)
{
    size_t length;
    char *bytes = site_fs_read(from, (size_t)1 << 31, &length);
    if (!bytes) {
        complain(output, "cplot gallery: cannot read %s: %s\n", from, strerror(errno));
        output->io_errors++;
        return false;
    }
    bool ok = site_output_write(output, relative, bytes, length);
    free(bytes);
    return ok;
}

void site_output_release(site_output_t *output)
{
    for (size_t i = 0; i < output->sitemap.count; i++)
        free(output->sitemap.items[i]);
    free(output->sitemap.items);
    output->sitemap = (site_strings_t){0};
}

const char *site_root_of(const char *path)
{
    static const char *const prefixes[] = {"", "../", "../../", "../../../"};
    size_t depth = 0;
    for (const char *p = path; *p; p++)
        depth += *p == '/';
    return depth < 4 ? prefixes[depth] : prefixes[3];
}

static void remember(site_output_t *output, const char *path)
{
    if (output->sitemap.count == output->sitemap_capacity) {
        size_t capacity = output->sitemap_capacity ? output->sitemap_capacity * 2 : 64;
        char **grown = realloc(output->sitemap.items, capacity * sizeof *grown);
        if (!grown)
            return;
        output->sitemap.items = grown;
        output->sitemap_capacity = capacity;
    }
    char *copy = strdup(path);
    if (copy)
        output->sitemap.items[output->sitemap.count++] = copy;
}

static void nav_item(site_buffer_t *out, const char *root, const char *target, const char *label, bool current,
                     bool self);

/* The header's links: the families, "Which chart?" and search; the one for
 * the page's own section is marked, and no page links to itself. */
static void navigation(site_buffer_t *out, const site_context_t *context, const char *root,
                       const site_page_t *page)
{
    const site_registry_t *r = context->registry;
    for (size_t i = 0; i < r->family_count; i++) {
        char target[128];
        snprintf(target, sizeof target, "families/%s.html", r->families[i].id);
        bool current = page->current && strcmp(page->current, r->families[i].id) == 0;
        nav_item(out, root, target, r->families[i].name, current, strcmp(page->path, target) == 0);
    }
    bool which = page->current && strcmp(page->current, "which") == 0;
    nav_item(out, root, "which-chart.html", "Which chart?", which, strcmp(page->path, "which-chart.html") == 0);
}

/* The page a nav entry names is shown as text on that page itself. */
static void nav_item(site_buffer_t *out, const char *root, const char *target, const char *label, bool current,
                     bool self)
{
    if (self) {
        site_buffer_puts(out, "<li><span aria-current=\"page\">");
    } else {
        site_buffer_puts(out, "<li><a href=\"");
        site_escape_html(out, root);
        site_escape_html(out, target);
        site_buffer_printf(out, "\"%s>", current ? " aria-current=\"true\"" : "");
    }
    site_escape_html(out, label);
    site_buffer_puts(out, self ? "</span></li>" : "</a></li>");
}

bool site_page_write(site_context_t *context, const site_page_t *page)
{
    const site_asset_t *layout = site_assets_find(context->assets, "templates/layout.html");
    if (!layout) {
        complain(context->output, "cplot gallery: the site has no templates/layout.html\n");
        context->template_errors++;
        return false;
    }
    const char *root = page->root ? page->root : site_root_of(page->path);
    site_buffer_t nav = {0}, brand = {0};
    navigation(&nav, context, root, page);
    /* The brand links home, except on the home page itself. */
    bool home = strcmp(page->path, "index.html") == 0;
    site_buffer_puts(&brand, home ? "<span class=\"brand\">" : "<a class=\"brand\" href=\"");
    if (!home) {
        site_escape_html(&brand, root);
        site_buffer_puts(&brand, "index.html\">");
    }
    site_buffer_puts(&brand, "<img src=\"");
    site_escape_html(&brand, root);
    site_buffer_puts(&brand, "assets/icon.svg\" alt=\"\" width=\"28\" height=\"28\"><span>cplot gallery</span>");
    site_buffer_puts(&brand, home ? "</span>" : "</a>");
    char version[64];
    snprintf(version, sizeof version, "%s", cplot_version_string());
    const site_variable_t variables[] = {
        {"title", page->title},
        {"description", page->description ? page->description : ""},
        {"root", root},
        {"head", page->head ? page->head : ""},
        {"nav", nav.data ? nav.data : ""},
        {"breadcrumbs", page->breadcrumbs ? page->breadcrumbs : ""},
        {"content", page->content},
        {"version", version},
        {"brand", brand.data ? brand.data : ""},
    };
    site_buffer_t html = {0};
    char unknown[64] = "";
    bool ok = site_template_expand(&html, (const char *)layout->bytes, layout->length, variables,
                                   sizeof variables / sizeof variables[0], unknown);
    site_buffer_release(&nav);
    site_buffer_release(&brand);
    if (!ok) {
        complain(context->output, "cplot gallery: templates/layout.html: unknown variable {{%s}}\n", unknown);
        context->template_errors++;
        site_buffer_release(&html);
        return false;
    }
    if (!site_buffer_ok(&html)) {
        complain(context->output, "cplot gallery: out of memory writing %s\n", page->path);
        context->output->io_errors++;
        return false;
    }
    ok = site_output_write(context->output, page->path, html.data, html.length);
    site_buffer_release(&html);
    if (ok) {
        context->output->pages++;
        if (page->in_sitemap)
            remember(context->output, page->path);
    }
    return ok;
}
