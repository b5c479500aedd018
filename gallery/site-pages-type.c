/* A chart type's page: definition, uses, examples, mistakes, caveats, the
 * options reference generated from the library's option tables, and the
 * related types. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cplot/cplot.h"
#include "site-escape.h"
#include "site-html.h"
#include "site-markdown.h"
#include "site-pages.h"

static void accepted(site_buffer_t *out, const cplot_option_info_t *option)
{
    unsigned t = option->types;
    const char *separator = "";
    if (t & (CPLOT_VALUE_NUMBER | CPLOT_VALUE_INTEGER)) {
        site_buffer_puts(out, t & CPLOT_VALUE_INTEGER && !(t & CPLOT_VALUE_NUMBER) ? "whole number" : "number");
        if (isfinite(option->minimum) && isfinite(option->maximum))
            site_buffer_printf(out, " %g–%g", option->minimum, option->maximum);
        else if (isfinite(option->minimum))
            site_buffer_printf(out, " ≥ %g", option->minimum);
        else if (isfinite(option->maximum))
            site_buffer_printf(out, " ≤ %g", option->maximum);
        separator = "; ";
    }
    if (t & CPLOT_VALUE_STRING) {
        site_buffer_puts(out, separator);
        if (option->choices) {
            for (size_t i = 0; option->choices[i]; i++) {
                site_buffer_puts(out, i ? " | <code>" : "<code>");
                site_escape_html(out, option->choices[i]);
                site_buffer_puts(out, "</code>");
            }
        } else {
            site_buffer_puts(out, "text");
        }
        separator = "; ";
    }
    static const struct {
        unsigned bit;
        const char *words;
    } others[] = {{CPLOT_VALUE_COLUMN, "column name"}, {CPLOT_VALUE_COLOR, "colour"},
                  {CPLOT_VALUE_BOOL, "true or false"}, {CPLOT_VALUE_NUMBERS, "list of numbers"},
                  {CPLOT_VALUE_STRINGS, "list of strings"}};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        if (t & others[i].bit) {
            site_buffer_puts(out, separator);
            site_buffer_puts(out, others[i].words);
            separator = "; ";
        }
}

/* The examples that set an option: this type's first, then other types'
 * examples of the same kind, at most `limit` links. */
static void users(site_buffer_t *out, const site_context_t *context, size_t type, const char *kind,
                  const char *option)
{
    const site_examples_t *x = context->examples;
    enum { LIMIT = 6 };
    size_t shown = 0, more = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < x->count; i++) {
            const site_example_t *e = &x->items[i];
            if ((pass == 0) != (e->type == type) || strcmp(e->kind, kind) != 0
                || !site_strings_contains(&e->options, option))
                continue;
            if (shown == LIMIT) {
                more++;
                continue;
            }
            site_buffer_puts(out, shown ? ", <a href=\"" : "<a href=\"");
            site_html_example_url(out, "../", e);
            site_buffer_puts(out, "\">");
            site_escape_html(out, e->title);
            site_buffer_puts(out, "</a>");
            shown++;
        }
    if (more)
        site_buffer_printf(out, " and %zu more", more);
    if (!shown)
        site_buffer_puts(out, "<span class=\"none\">—</span>");
}

static void option_row(site_buffer_t *out, const site_context_t *context, size_t type, const char *kind_name,
                       const cplot_option_info_t *option)
{
    site_buffer_puts(out, "<tr id=\"option-");
    site_escape_html(out, kind_name);
    site_buffer_puts(out, "-");
    site_escape_html(out, option->name);
    site_buffer_puts(out, "\"><td><code>");
    site_escape_html(out, option->name);
    site_buffer_puts(out, "</code></td><td>");
    accepted(out, option);
    site_buffer_puts(out, "</td><td>");
    if (strcmp(option->default_value, "null") == 0) {
        site_buffer_puts(out, "<span class=\"none\">—</span>");
    } else {
        site_buffer_puts(out, "<code>");
        site_escape_html(out, option->default_value);
        site_buffer_puts(out, "</code>");
    }
    site_buffer_puts(out, "</td><td>");
    site_escape_html(out, option->doc);
    site_buffer_puts(out, "</td><td>");
    users(out, context, type, kind_name, option->name);
    site_buffer_puts(out, "</td></tr>\n");
}

static void options_reference(site_buffer_t *out, const site_context_t *context, size_t type)
{
    const site_type_t *t = &context->registry->types[type];
    site_buffer_puts(out, "<section id=\"options\"><h2>Options reference</h2>\n");
    if (t->kinds.count == 0)
        site_buffer_puts(out, "<p class=\"empty\">This chart type names no library chart kind yet.</p>\n");
    for (size_t k = 0; k < t->kinds.count; k++) {
        const char *kind_name = t->kinds.items[k];
        cplot_kind_t kind;
        if (!cplot_kind_from_name(kind_name, &kind)) {
            site_buffer_puts(out, "<p class=\"empty\">The options of the <code>");
            site_escape_html(out, kind_name);
            site_buffer_puts(out, "</code> chart kind are listed here once this version of the library "
                                  "has it.</p>\n");
            continue;
        }
        site_buffer_puts(out, "<p>Every key of a <code>\"chart\": \"");
        site_escape_html(out, kind_name);
        site_buffer_puts(out, "\"</code> spec, and the name the C setters take "
                              "(<code>cplot_chart_set_string(chart, \"title\", …)</code>). Generated from the "
                              "library's option table.</p>\n<div class=\"table-wrap\"><table class=\"options\">\n"
                              "<thead><tr><th scope=\"col\">Option</th><th scope=\"col\">Accepts</th>"
                              "<th scope=\"col\">Default</th><th scope=\"col\">Description</th>"
                              "<th scope=\"col\">Used in</th></tr></thead>\n<tbody>\n");
        /* Groups in order of first appearance, each listed once: the
         * common options and the kind's own may share a group. */
        size_t count = cplot_option_count(kind);
        for (size_t g = 0; g < count; g++) {
            const char *group = cplot_option_at(kind, g)->group;
            bool seen = false;
            for (size_t earlier = 0; earlier < g && !seen; earlier++)
                seen = strcmp(cplot_option_at(kind, earlier)->group, group) == 0;
            if (seen)
                continue;
            site_buffer_puts(out, "<tr class=\"group\"><th colspan=\"5\" scope=\"rowgroup\">");
            site_escape_html(out, group);
            site_buffer_puts(out, "</th></tr>\n");
            for (size_t i = g; i < count; i++) {
                const cplot_option_info_t *option = cplot_option_at(kind, i);
                if (strcmp(option->group, group) == 0)
                    option_row(out, context, type, kind_name, option);
            }
        }
        site_buffer_puts(out, "</tbody></table></div>\n");
    }
    site_buffer_puts(out, "</section>\n");
}

void site_page_type(site_context_t *context, size_t type)
{
    const site_registry_t *r = context->registry;
    const site_type_t *t = &r->types[type];
    const site_family_t *f = &r->families[t->family];
    const char *root = "../";
    char path[128];
    snprintf(path, sizeof path, "%s/index.html", t->id);

    site_buffer_t crumbs = {0}, out = {0}, family_href = {0};
    site_html_family_url(&family_href, root, f);
    const char *labels[] = {"Gallery", f->name, t->name};
    const char *hrefs[] = {"../index.html", family_href.data, NULL};
    site_html_breadcrumbs(&crumbs, labels, hrefs, 3);

    site_buffer_puts(&out, "<header class=\"page-head\"><p class=\"eyebrow\">");
    site_escape_html(&out, f->name);
    site_buffer_puts(&out, "</p><h1>");
    site_escape_html(&out, t->name);
    site_buffer_puts(&out, "</h1><p class=\"lead\">");
    site_escape_html(&out, t->summary);
    site_buffer_puts(&out, "</p></header>\n<nav class=\"toc\" aria-label=\"On this page\"><ul class=\"chips\">"
                           "<li><a href=\"#examples\">Examples</a></li>");
    if (t->mistake_count)
        site_buffer_puts(&out, "<li><a href=\"#mistakes\">Common mistakes</a></li>");
    site_buffer_puts(&out, "<li><a href=\"#options\">Options</a></li>");
    if (t->related.count)
        site_buffer_puts(&out, "<li><a href=\"#related\">Related types</a></li>");
    site_buffer_puts(&out, "</ul></nav>\n<div class=\"columns\">\n");
    if (t->definition && *t->definition) {
        site_buffer_puts(&out, "<section class=\"prose\"><h2>What it is</h2>\n");
        site_markdown_html(&out, t->definition);
        site_buffer_puts(&out, "</section>\n");
    }
    if (t->uses && *t->uses) {
        site_buffer_puts(&out, "<section class=\"prose\"><h2>What it is for</h2>\n");
        site_markdown_html(&out, t->uses);
        site_buffer_puts(&out, "</section>\n");
    }
    site_buffer_puts(&out, "</div>\n");
    if (t->shapes.count) {
        site_buffer_puts(&out, "<p class=\"shapes\">Data it shows: ");
        for (size_t s = 0; s < t->shapes.count; s++) {
            long shape = site_registry_shape(r, t->shapes.items[s]);
            site_buffer_puts(&out, s ? ", <a href=\"../which-chart.html#" : "<a href=\"../which-chart.html#");
            site_escape_html(&out, r->shapes[shape].id);
            site_buffer_puts(&out, "\">");
            site_escape_html(&out, r->shapes[shape].name);
            site_buffer_puts(&out, "</a>");
        }
        site_buffer_puts(&out, ".</p>\n");
    }

    site_buffer_puts(&out, "<section id=\"examples\"><h2>Examples</h2>\n");
    size_t count = site_examples_count_of_type(context->examples, type);
    if (count == 0) {
        site_buffer_puts(&out, "<p class=\"empty notice\">No examples yet: this chart type is described here "
                               "before the library draws it. Its examples will appear on this page.</p>\n");
    } else {
        site_buffer_puts(&out, "<ul class=\"cards\">\n");
        for (size_t i = 0; i < context->examples->count; i++)
            if (context->examples->items[i].type == type)
                site_html_example_card(&out, root, &context->examples->items[i], NULL);
        site_buffer_puts(&out, "</ul>\n");
    }
    site_buffer_puts(&out, "</section>\n");

    if (t->mistake_count) {
        site_buffer_puts(&out, "<section id=\"mistakes\"><h2>Common mistakes</h2>\n<ol class=\"mistakes\">\n");
        for (size_t m = 0; m < t->mistake_count; m++) {
            site_buffer_puts(&out, "<li><div class=\"mistake prose\"><span class=\"label\">Mistake</span>");
            site_markdown_html(&out, t->mistakes[m].mistake);
            site_buffer_puts(&out, "</div><div class=\"instead prose\"><span class=\"label\">Instead</span>");
            site_markdown_html(&out, t->mistakes[m].instead);
            site_buffer_puts(&out, "</div></li>\n");
        }
        site_buffer_puts(&out, "</ol>\n");
    }
    if (t->caveats.count) {
        if (!t->mistake_count)
            site_buffer_puts(&out, "<section id=\"mistakes\">");
        site_buffer_puts(&out, "<h3>Caveats</h3><ul class=\"chips\">");
        for (size_t c = 0; c < t->caveats.count; c++) {
            long caveat = site_registry_caveat(r, t->caveats.items[c]);
            site_buffer_puts(&out, "<li><a href=\"../caveats/");
            site_escape_html(&out, r->caveats[caveat].id);
            site_buffer_puts(&out, ".html\">");
            site_escape_html(&out, r->caveats[caveat].title);
            site_buffer_puts(&out, "</a></li>");
        }
        site_buffer_puts(&out, "</ul>\n");
    }
    if (t->mistake_count || t->caveats.count)
        site_buffer_puts(&out, "</section>\n");

    options_reference(&out, context, type);

    if (t->related.count) {
        site_buffer_puts(&out, "<section id=\"related\"><h2>Related chart types</h2>\n<ul class=\"cards compact\">\n");
        for (size_t i = 0; i < t->related.count; i++)
            site_html_type_card(&out, context, root, (size_t)site_registry_type(r, t->related.items[i]));
        site_buffer_puts(&out, "</ul></section>\n");
    }

    site_page_t page = {.path = path, .title = t->name, .description = t->summary, .breadcrumbs = crumbs.data,
                        .content = out.data, .current = f->id, .in_sitemap = true};
    site_page_write(context, &page);
    site_buffer_release(&crumbs);
    site_buffer_release(&out);
    site_buffer_release(&family_href);
}
