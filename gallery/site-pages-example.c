/* An example's page: the chart, its description, downloads, the spec and
 * the equivalent C program, previous/next within its type, and related
 * examples. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "site-escape.h"
#include "site-highlight.h"
#include "site-html.h"
#include "site-markdown.h"
#include "site-pages.h"
#include "site-render.h"

static void download(site_buffer_t *out, const site_example_t *e, const char *suffix, const char *label,
                     const char *detail)
{
    site_buffer_puts(out, "<li><a href=\"");
    site_escape_html(out, e->name);
    site_escape_html(out, suffix);
    site_buffer_puts(out, "\" download>");
    site_escape_html(out, label);
    site_buffer_puts(out, "</a><span>");
    site_escape_html(out, detail);
    site_buffer_puts(out, "</span></li>");
}

/* Examples sharing the most tags with this one (then its type's others),
 * at most four, never itself. */
static void related(site_buffer_t *out, const site_context_t *context, size_t self)
{
    const site_examples_t *x = context->examples;
    const site_example_t *e = &x->items[self];
    enum { LIMIT = 4 };
    size_t chosen[LIMIT], count = 0;
    for (size_t round = 0; round < 2 && count < LIMIT; round++) {
        /* Round 0: by shared tags, most first; round 1: same type. */
        for (size_t want = round == 0 ? e->tags.count : 0; count < LIMIT; want--) {
            for (size_t i = 0; i < x->count && count < LIMIT; i++) {
                if (i == self)
                    continue;
                bool taken = false;
                for (size_t c = 0; c < count; c++)
                    taken = taken || chosen[c] == i;
                if (taken)
                    continue;
                size_t shared = 0;
                for (size_t t = 0; t < e->tags.count; t++)
                    shared += site_strings_contains(&x->items[i].tags, e->tags.items[t]);
                bool pick = round == 0 ? shared == want && want > 0 : x->items[i].type == e->type;
                if (pick)
                    chosen[count++] = i;
            }
            if (want == 0 || round == 1)
                break;
        }
    }
    if (!count)
        return;
    site_buffer_puts(out, "<section class=\"related\"><h2>Related examples</h2>\n<ul class=\"cards compact\">\n");
    for (size_t c = 0; c < count; c++) {
        const site_example_t *other = &x->items[chosen[c]];
        site_html_example_card(out, "../", other, context->registry->types[other->type].name);
    }
    site_buffer_puts(out, "</ul></section>\n");
}

static void pager(site_buffer_t *out, const site_context_t *context, size_t self)
{
    const site_examples_t *x = context->examples;
    const site_example_t *e = &x->items[self];
    long previous = -1, next = -1;
    for (size_t i = 0; i < x->count; i++) {
        if (x->items[i].type != e->type || i == self)
            continue;
        if (i < self)
            previous = (long)i;
        else if (next < 0)
            next = (long)i;
    }
    if (previous < 0 && next < 0)
        return;
    site_buffer_puts(out, "<nav class=\"pager\" aria-label=\"More examples of this type\">");
    if (previous >= 0) {
        site_buffer_puts(out, "<a class=\"previous\" rel=\"prev\" href=\"");
        site_html_example_url(out, "../", &x->items[previous]);
        site_buffer_puts(out, "\"><span>Previous</span>");
        site_escape_html(out, x->items[previous].title);
        site_buffer_puts(out, "</a>");
    }
    if (next >= 0) {
        site_buffer_puts(out, "<a class=\"next\" rel=\"next\" href=\"");
        site_html_example_url(out, "../", &x->items[next]);
        site_buffer_puts(out, "\"><span>Next</span>");
        site_escape_html(out, x->items[next].title);
        site_buffer_puts(out, "</a>");
    }
    site_buffer_puts(out, "</nav>\n");
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

void site_page_example(site_context_t *context, size_t index)
{
    const site_registry_t *r = context->registry;
    const site_example_t *e = &context->examples->items[index];
    const site_type_t *t = &r->types[e->type];
    const site_family_t *f = &r->families[t->family];
    const char *root = "../";
    size_t path_size = strlen(e->id) + 6;
    char *path = malloc(path_size);
    if (!path)
        return;
    snprintf(path, path_size, "%s.html", e->id);

    site_buffer_t crumbs = {0}, out = {0}, family_href = {0};
    site_html_family_url(&family_href, root, f);
    const char *labels[] = {"Gallery", f->name, t->name, e->title};
    const char *hrefs[] = {"../index.html", family_href.data, "index.html", NULL};
    site_html_breadcrumbs(&crumbs, labels, hrefs, 4);

    site_buffer_puts(&out, "<article class=\"example\">\n<header class=\"page-head\"><p class=\"eyebrow\"><a href=\"index.html\">");
    site_escape_html(&out, t->name);
    site_buffer_puts(&out, "</a></p><h1>");
    site_escape_html(&out, e->title);
    site_buffer_puts(&out, "</h1>");
    if (e->subtitle && *e->subtitle) {
        site_buffer_puts(&out, "<p class=\"lead\">");
        site_escape_html(&out, e->subtitle);
        site_buffer_puts(&out, "</p>");
    }
    site_buffer_puts(&out, "</header>\n<div class=\"prose description\">\n");
    site_markdown_html(&out, e->description);
    site_buffer_puts(&out, "</div>\n<div class=\"example-body\">\n<figure class=\"chart\">");
    site_html_picture(&out, root, e, false, false);
    site_buffer_puts(&out, "</figure>\n");
    site_buffer_puts(&out, "<aside class=\"facts\">\n");
    if (e->tags.count) {
        site_buffer_puts(&out, "<h2>Tags</h2><ul class=\"chips tags\">");
        for (size_t i = 0; i < e->tags.count; i++) {
            site_buffer_puts(&out, "<li><a href=\"../search.html?q=");
            site_buffer_t query = {0};
            site_escape_url_component(&query, e->tags.items[i]);
            site_escape_html(&out, query.data ? query.data : "");
            site_buffer_release(&query);
            site_buffer_puts(&out, "\">");
            site_escape_html(&out, e->tags.items[i]);
            site_buffer_puts(&out, "</a></li>");
        }
        site_buffer_puts(&out, "</ul>\n");
    }
    site_buffer_puts(&out, "<h2>Downloads</h2><ul class=\"downloads\">");
    download(&out, e, ".png", "PNG", "1x");
    if (e->has_2x)
        download(&out, e, "@2x.png", "PNG", "2x, HiDPI");
    download(&out, e, ".svg", "SVG", "vector");
    download(&out, e, ".pdf", "PDF", "vector");
    download(&out, e, ".json", "Spec", "JSON");
    download(&out, e, ".c", "C program", "source");
    if (e->data_site_path) {
        site_buffer_puts(&out, "<li><a href=\"");
        site_escape_html(&out, root);
        site_escape_html(&out, e->data_site_path);
        site_buffer_puts(&out, "\" download>Data</a><span>");
        site_escape_html(&out, base_name(e->data_site_path));
        site_buffer_puts(&out, "</span></li>");
    }
    site_buffer_puts(&out, "</ul>\n");
    /* The options the spec sets, each linked to its reference entry when
     * the type's page documents this kind. */
    if (e->options.count && site_strings_contains(&t->kinds, e->kind)) {
        site_buffer_puts(&out, "<h2>Options used</h2><ul class=\"chips options-used\">");
        for (size_t i = 0; i < e->options.count; i++) {
            site_buffer_puts(&out, "<li><a href=\"index.html#option-");
            site_escape_html(&out, e->kind);
            site_buffer_puts(&out, "-");
            site_escape_html(&out, e->options.items[i]);
            site_buffer_puts(&out, "\"><code>");
            site_escape_html(&out, e->options.items[i]);
            site_buffer_puts(&out, "</code></a></li>");
        }
        site_buffer_puts(&out, "</ul>\n");
    }
    site_buffer_puts(&out, "</aside>\n</div>\n");

    site_buffer_puts(&out, "<section class=\"code-section\"><h2 id=\"spec\">Spec</h2>\n<p>Render it with "
                           "<code>cplot render ");
    site_escape_html(&out, e->name);
    site_buffer_puts(&out, ".json -o ");
    site_escape_html(&out, e->name);
    site_buffer_puts(&out, ".png</code> from this folder of the downloaded site.</p>\n"
                           "<div class=\"code\" data-copy><pre><code class=\"language-json\">");
    site_highlight_json(&out, e->spec_bytes, e->spec_length);
    site_buffer_puts(&out, "</code></pre></div>\n</section>\n");

    site_buffer_puts(&out, "<section class=\"code-section\"><h2 id=\"c-program\">C program</h2>\n<p>The same chart "
                           "through the C API, generated from the spec and compiled and run by the gallery's "
                           "tests, which check that its PNG is identical to the one above. ");
    if (e->data_site_path)
        site_buffer_puts(&out, "It reads the data from the path in the spec, relative to the folder it runs "
                               "in: run it from this folder of the downloaded site.");
    else
        site_buffer_puts(&out, "The spec's inline data becomes C arrays.");
    site_buffer_puts(&out, "</p>\n<div class=\"code\" data-copy><pre><code class=\"language-c\">");
    site_highlight_c(&out, e->program, strlen(e->program));
    site_buffer_puts(&out, "</code></pre></div>\n</section>\n");
    pager(&out, context, index);
    related(&out, context, index);
    site_buffer_puts(&out, "</article>\n");

    char *description = site_markdown_plain(e->description, 200);
    site_page_t page = {.path = path, .title = e->title,
                        .description = description && *description ? description : e->alt,
                        .breadcrumbs = crumbs.data, .content = out.data, .current = f->id, .in_sitemap = true};
    site_page_write(context, &page);
    free(description);
    free(path);
    site_buffer_release(&crumbs);
    site_buffer_release(&out);
    site_buffer_release(&family_href);
}
