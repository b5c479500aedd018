/* A caveat's page: its prose, the chart types it concerns, the others. */
#include <stdio.h>
#include <string.h>

#include "site-escape.h"
#include "site-html.h"
#include "site-markdown.h"
#include "site-pages.h"

void site_page_caveat(site_context_t *context, size_t caveat)
{
    const site_registry_t *r = context->registry;
    const site_caveat_t *c = &r->caveats[caveat];
    char path[128];
    snprintf(path, sizeof path, "caveats/%s.html", c->id);
    site_buffer_t crumbs = {0}, out = {0};
    const char *labels[] = {"Gallery", "Caveats", c->title};
    const char *hrefs[] = {"../index.html", "../index.html#caveats", NULL};
    site_html_breadcrumbs(&crumbs, labels, hrefs, 3);
    site_buffer_puts(&out, "<article class=\"caveat\">\n<header class=\"page-head\"><p class=\"eyebrow\">Caveat</p><h1>");
    site_escape_html(&out, c->title);
    site_buffer_puts(&out, "</h1>");
    if (c->summary && *c->summary) {
        site_buffer_puts(&out, "<p class=\"lead\">");
        site_escape_html(&out, c->summary);
        site_buffer_puts(&out, "</p>");
    }
    site_buffer_puts(&out, "</header>\n<div class=\"prose\">\n");
    if (c->body)
        site_markdown_html(&out, c->body);
    site_buffer_puts(&out, "</div>\n");
    size_t listed = 0;
    for (size_t t = 0; t < r->type_count; t++)
        if (site_strings_contains(&r->types[t].caveats, c->id)) {
            if (listed++ == 0)
                site_buffer_puts(&out, "<section><h2>Chart types this concerns</h2>\n<ul class=\"cards compact\">\n");
            site_html_type_card(&out, context, "../", t);
        }
    if (listed)
        site_buffer_puts(&out, "</ul></section>\n");
    if (r->caveat_count > 1) {
        site_buffer_puts(&out, "<section><h2>Other caveats</h2><ul class=\"chips\">");
        for (size_t i = 0; i < r->caveat_count; i++) {
            if (i == caveat)
                continue;
            site_buffer_puts(&out, "<li><a href=\"");
            site_escape_html(&out, r->caveats[i].id);
            site_buffer_puts(&out, ".html\">");
            site_escape_html(&out, r->caveats[i].title);
            site_buffer_puts(&out, "</a></li>");
        }
        site_buffer_puts(&out, "</ul></section>\n");
    }
    site_buffer_puts(&out, "</article>\n");
    site_page_t page = {.path = path, .title = c->title, .description = c->summary, .breadcrumbs = crumbs.data,
                        .content = out.data, .in_sitemap = true};
    site_page_write(context, &page);
    site_buffer_release(&crumbs);
    site_buffer_release(&out);
}
