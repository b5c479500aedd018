/* The index pages: home, families, "which chart?", search and 404. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "site-escape.h"
#include "site-html.h"
#include "site-markdown.h"
#include "site-pages.h"

static void types_of_family(site_buffer_t *out, site_context_t *context, const char *root, size_t family)
{
    site_buffer_puts(out, "<ul class=\"cards\">\n");
    for (size_t t = 0; t < context->registry->type_count; t++)
        if (context->registry->types[t].family == family)
            site_html_type_card(out, context, root, t);
    site_buffer_puts(out, "</ul>\n");
}

static void caveat_list(site_buffer_t *out, const site_registry_t *r, const char *root, long skip)
{
    site_buffer_puts(out, "<ul class=\"caveat-list\">\n");
    for (size_t c = 0; c < r->caveat_count; c++) {
        if ((long)c == skip)
            continue;
        site_buffer_puts(out, "<li><a href=\"");
        site_escape_html(out, root);
        site_buffer_puts(out, "caveats/");
        site_escape_html(out, r->caveats[c].id);
        site_buffer_puts(out, ".html\">");
        site_escape_html(out, r->caveats[c].title);
        site_buffer_puts(out, "</a>");
        if (r->caveats[c].summary && *r->caveats[c].summary) {
            site_buffer_puts(out, "<span>");
            site_escape_html(out, r->caveats[c].summary);
            site_buffer_puts(out, "</span>");
        }
        site_buffer_puts(out, "</li>\n");
    }
    site_buffer_puts(out, "</ul>\n");
}

void site_page_home(site_context_t *context)
{
    const site_registry_t *r = context->registry;
    site_buffer_t out = {0};
    site_buffer_printf(&out,
                       "<section class=\"hero\">\n<h1>The cplot chart gallery</h1>\n"
                       "<p class=\"lead\">%zu example%s of %zu chart types, each rendered from a JSON spec "
                       "by a C library, with the spec and the equivalent C program beside it.</p>\n"
                       "<form class=\"hero-search\" action=\"search.html\" method=\"get\" role=\"search\">"
                       "<label class=\"visually-hidden\" for=\"hero-search-input\">Search the gallery</label>"
                       "<input id=\"hero-search-input\" type=\"search\" name=\"q\" "
                       "placeholder=\"Search: histogram, hue, overplotting…\" autocomplete=\"off\">"
                       "<button type=\"submit\">Search</button></form>\n"
                       "<p class=\"which-entry\"><a class=\"button\" href=\"which-chart.html\">Which chart? "
                       "Start from the shape of your data</a></p>\n</section>\n",
                       context->examples->count, context->examples->count == 1 ? "" : "s", r->type_count);
    for (size_t f = 0; f < r->family_count; f++) {
        site_buffer_puts(&out, "<section class=\"family\" id=\"");
        site_escape_html(&out, r->families[f].id);
        site_buffer_puts(&out, "\">\n<h2><a href=\"");
        site_html_family_url(&out, "", &r->families[f]);
        site_buffer_puts(&out, "\">");
        site_escape_html(&out, r->families[f].name);
        site_buffer_puts(&out, "</a></h2>\n<p class=\"family-summary\">");
        site_escape_html(&out, r->families[f].summary);
        site_buffer_puts(&out, "</p>\n");
        types_of_family(&out, context, "", f);
        site_buffer_puts(&out, "</section>\n");
    }
    if (r->caveat_count) {
        site_buffer_puts(&out, "<section class=\"caveats\" id=\"caveats\">\n<h2>Caveats</h2>\n"
                               "<p class=\"family-summary\">Pitfalls that mislead readers, and how to avoid them.</p>\n");
        caveat_list(&out, r, "", -1);
        site_buffer_puts(&out, "</section>\n");
    }
    site_page_t page = {.path = "index.html", .title = "Chart gallery",
                        .description = "Statistical charts drawn with cplot, a C library: examples with specs and C code.",
                        .content = out.data, .current = "home", .in_sitemap = true};
    site_page_write(context, &page);
    site_buffer_release(&out);
}

void site_page_family(site_context_t *context, size_t family)
{
    const site_registry_t *r = context->registry;
    const site_family_t *f = &r->families[family];
    char path[128];
    snprintf(path, sizeof path, "families/%s.html", f->id);
    const char *root = "../";
    site_buffer_t crumbs = {0}, out = {0};
    const char *labels[] = {"Gallery", f->name};
    const char *hrefs[] = {"../index.html", NULL};
    site_html_breadcrumbs(&crumbs, labels, hrefs, 2);
    site_buffer_puts(&out, "<header class=\"page-head\"><h1>");
    site_escape_html(&out, f->name);
    site_buffer_puts(&out, "</h1><p class=\"lead\">");
    site_escape_html(&out, f->summary);
    site_buffer_puts(&out, "</p></header>\n");
    types_of_family(&out, context, root, family);
    if (r->family_count > 1) {
        site_buffer_puts(&out, "<section><h2>Other families</h2><ul class=\"chips\">");
        for (size_t i = 0; i < r->family_count; i++) {
            if (i == family)
                continue;
            site_buffer_puts(&out, "<li><a href=\"");
            site_html_family_url(&out, root, &r->families[i]);
            site_buffer_puts(&out, "\">");
            site_escape_html(&out, r->families[i].name);
            site_buffer_puts(&out, "</a></li>");
        }
        site_buffer_puts(&out, "</ul></section>\n");
    }
    site_page_t page = {.path = path, .title = f->name, .description = f->summary,
                        .breadcrumbs = crumbs.data, .content = out.data, .current = f->id, .in_sitemap = true};
    site_page_write(context, &page);
    site_buffer_release(&crumbs);
    site_buffer_release(&out);
}

void site_page_which(site_context_t *context)
{
    const site_registry_t *r = context->registry;
    site_buffer_t crumbs = {0}, out = {0};
    const char *labels[] = {"Gallery", "Which chart?"};
    const char *hrefs[] = {"index.html", NULL};
    site_html_breadcrumbs(&crumbs, labels, hrefs, 2);
    site_buffer_puts(&out, "<header class=\"page-head\"><h1>Which chart?</h1><p class=\"lead\">Start from "
                           "what your data looks like: each shape below lists the chart types that serve it.</p>"
                           "</header>\n<nav class=\"toc\" aria-label=\"Data shapes\"><ul class=\"chips\">");
    for (size_t s = 0; s < r->shape_count; s++) {
        site_buffer_puts(&out, "<li><a href=\"#");
        site_escape_html(&out, r->shapes[s].id);
        site_buffer_puts(&out, "\">");
        site_escape_html(&out, r->shapes[s].name);
        site_buffer_puts(&out, "</a></li>");
    }
    site_buffer_puts(&out, "</ul></nav>\n");
    for (size_t s = 0; s < r->shape_count; s++) {
        site_buffer_puts(&out, "<section class=\"shape\" id=\"");
        site_escape_html(&out, r->shapes[s].id);
        site_buffer_puts(&out, "\"><h2>");
        site_escape_html(&out, r->shapes[s].name);
        site_buffer_puts(&out, "</h2><p>");
        site_escape_html(&out, r->shapes[s].summary);
        site_buffer_puts(&out, "</p>\n");
        size_t listed = 0;
        for (size_t t = 0; t < r->type_count; t++)
            if (site_strings_contains(&r->types[t].shapes, r->shapes[s].id)) {
                if (listed++ == 0)
                    site_buffer_puts(&out, "<ul class=\"cards compact\">\n");
                site_html_type_card(&out, context, "", t);
            }
        site_buffer_puts(&out, listed ? "</ul>\n" : "<p class=\"empty\">No chart type in the gallery serves this shape yet.</p>\n");
        site_buffer_puts(&out, "</section>\n");
    }
    site_page_t page = {.path = "which-chart.html", .title = "Which chart?",
                        .description = "From the shape of your data to the chart types that show it.",
                        .breadcrumbs = crumbs.data, .content = out.data, .current = "which", .in_sitemap = true};
    site_page_write(context, &page);
    site_buffer_release(&crumbs);
    site_buffer_release(&out);
}

/* One entry of the search page's list; data-search holds the words the
 * script matches against, so the list is the index and works without it. */
static void search_entry(site_buffer_t *out, const char *kind, const char *href_html, const char *title,
                         const char *detail, const site_strings_t *tags)
{
    site_buffer_puts(out, "<li data-search=\"");
    site_escape_html(out, title);
    site_buffer_puts(out, " ");
    site_escape_html(out, kind);
    site_buffer_puts(out, " ");
    site_escape_html(out, detail ? detail : "");
    for (size_t i = 0; tags && i < tags->count; i++) {
        site_buffer_puts(out, " ");
        site_escape_html(out, tags->items[i]);
    }
    site_buffer_puts(out, "\"><a href=\"");
    site_buffer_puts(out, href_html);
    site_buffer_puts(out, "\">");
    site_escape_html(out, title);
    site_buffer_puts(out, "</a> <span class=\"kind\">");
    site_escape_html(out, kind);
    site_buffer_puts(out, "</span>");
    if (detail && *detail) {
        site_buffer_puts(out, "<span class=\"detail\">");
        site_escape_html(out, detail);
        site_buffer_puts(out, "</span>");
    }
    site_buffer_puts(out, "</li>\n");
}

void site_page_search(site_context_t *context)
{
    const site_registry_t *r = context->registry;
    const site_examples_t *x = context->examples;
    site_buffer_t crumbs = {0}, out = {0}, href = {0};
    const char *labels[] = {"Gallery", "Search"};
    const char *hrefs[] = {"index.html", NULL};
    site_html_breadcrumbs(&crumbs, labels, hrefs, 2);
    site_buffer_puts(&out, "<header class=\"page-head\"><h1>Search</h1></header>\n"
                           "<form class=\"hero-search\" action=\"search.html\" method=\"get\" role=\"search\">"
                           "<label class=\"visually-hidden\" for=\"search-page-input\">Search the gallery</label>"
                           "<input id=\"search-page-input\" type=\"search\" name=\"q\" placeholder=\"Search charts, "
                           "examples, options, tags…\" autocomplete=\"off\"><button type=\"submit\">Search</button></form>\n"
                           "<p id=\"search-status\" class=\"search-status\" aria-live=\"polite\">Everything in the gallery, "
                           "A to Z by section.</p>\n<ul id=\"search-list\" class=\"search-list\">\n");
    for (size_t t = 0; t < r->type_count; t++) {
        site_buffer_release(&href);
        site_html_type_url(&href, "", &r->types[t]);
        search_entry(&out, "Chart type", href.data, r->types[t].name, r->types[t].summary, NULL);
    }
    for (size_t i = 0; i < x->count; i++) {
        const site_example_t *e = &x->items[i];
        site_buffer_release(&href);
        site_html_example_url(&href, "", e);
        char *detail = site_markdown_plain(e->description, 160);
        site_buffer_t words = {0};
        site_buffer_puts(&words, r->types[e->type].name);
        site_buffer_puts(&words, " example");
        search_entry(&out, words.data, href.data, e->title, detail, &e->tags);
        site_buffer_release(&words);
        free(detail);
    }
    for (size_t f = 0; f < r->family_count; f++) {
        site_buffer_release(&href);
        site_html_family_url(&href, "", &r->families[f]);
        search_entry(&out, "Family", href.data, r->families[f].name, r->families[f].summary, NULL);
    }
    for (size_t c = 0; c < r->caveat_count; c++) {
        site_buffer_release(&href);
        site_buffer_puts(&href, "caveats/");
        site_escape_html(&href, r->caveats[c].id);
        site_buffer_puts(&href, ".html");
        search_entry(&out, "Caveat", href.data, r->caveats[c].title, r->caveats[c].summary, NULL);
    }
    search_entry(&out, "Guide", "which-chart.html", "Which chart?", "From the shape of your data to a chart type", NULL);
    site_buffer_puts(&out, "</ul>\n");
    site_page_t page = {.path = "search.html", .title = "Search",
                        .description = "Search the chart types, examples and caveats of the gallery.",
                        .breadcrumbs = crumbs.data, .content = out.data, .current = "search", .in_sitemap = true};
    site_page_write(context, &page);
    site_buffer_release(&href);
    site_buffer_release(&crumbs);
    site_buffer_release(&out);
}

/* Servers show 404.html for any missing path, at any depth, so its links
 * cannot be relative to where it sits: <base> anchors them at the site
 * root (the --base-url path, "/" by default). */
void site_page_not_found(site_context_t *context)
{
    site_buffer_t base = {0}, head = {0};
    const char *url = context->base_url;
    const char *path = "/";
    if (url) {
        const char *scheme = strstr(url, "://");
        const char *slash = scheme ? strchr(scheme + 3, '/') : NULL;
        path = slash ? slash : "/";
    }
    site_buffer_puts(&base, path);
    if (base.length == 0 || base.data[base.length - 1] != '/')
        site_buffer_puts(&base, "/");
    site_buffer_puts(&head, "<base href=\"");
    site_escape_html(&head, base.data);
    site_buffer_puts(&head, "\">\n");
    const char *content =
        "<header class=\"page-head\"><h1>Page not found</h1><p class=\"lead\">There is no page at this "
        "address. It may have been renamed when the gallery was rebuilt.</p></header>\n"
        "<ul class=\"chips\"><li><a href=\"index.html\">Gallery home</a></li><li><a href=\"search.html\">Search"
        "</a></li><li><a href=\"which-chart.html\">Which chart?</a></li></ul>\n";
    site_page_t page = {.path = "404.html", .title = "Page not found", .description = "Page not found.",
                        .content = content, .head = head.data, .root = "", .in_sitemap = false};
    site_page_write(context, &page);
    site_buffer_release(&base);
    site_buffer_release(&head);
}
