/* search.json, read by assets/site.js for the header's instant results.
 * URLs are relative to the site root; the script prefixes the page's
 * root. The search page itself carries the same entries as HTML, so it
 * works without the script and without fetch (file:// pages). */
#include <stdlib.h>

#include "site-escape.h"
#include "site-html.h"
#include "site-markdown.h"
#include "site-pages.h"

static void entry(site_buffer_t *out, bool *first, const char *kind, const char *url_text, const char *title,
                  const char *text, const site_strings_t *tags)
{
    site_buffer_puts(out, *first ? "\n  {" : ",\n  {");
    *first = false;
    site_buffer_puts(out, "\"kind\": ");
    site_escape_json(out, kind);
    site_buffer_puts(out, ", \"url\": ");
    site_escape_json(out, url_text);
    site_buffer_puts(out, ", \"title\": ");
    site_escape_json(out, title);
    site_buffer_puts(out, ", \"text\": ");
    site_escape_json(out, text ? text : "");
    site_buffer_puts(out, ", \"tags\": [");
    for (size_t i = 0; tags && i < tags->count; i++) {
        if (i)
            site_buffer_puts(out, ", ");
        site_escape_json(out, tags->items[i]);
    }
    site_buffer_puts(out, "]}");
}

void site_write_search_index(site_context_t *context)
{
    const site_registry_t *r = context->registry;
    const site_examples_t *x = context->examples;
    site_buffer_t out = {0}, url = {0};
    bool first = true;
    site_buffer_puts(&out, "[");
    /* URLs are plain ids and fixed names, so no escaping beyond JSON. */
    for (size_t t = 0; t < r->type_count; t++) {
        site_buffer_release(&url);
        site_buffer_puts(&url, r->types[t].id);
        site_buffer_puts(&url, "/index.html");
        entry(&out, &first, "Chart type", url.data, r->types[t].name, r->types[t].summary, NULL);
    }
    for (size_t i = 0; i < x->count; i++) {
        const site_example_t *e = &x->items[i];
        site_buffer_release(&url);
        site_buffer_puts(&url, e->id);
        site_buffer_puts(&url, ".html");
        char *text = site_markdown_plain(e->description, 160);
        site_buffer_t kind = {0};
        site_buffer_puts(&kind, r->types[e->type].name);
        site_buffer_puts(&kind, " example");
        entry(&out, &first, kind.data, url.data, e->title, text, &e->tags);
        site_buffer_release(&kind);
        free(text);
    }
    for (size_t f = 0; f < r->family_count; f++) {
        site_buffer_release(&url);
        site_buffer_puts(&url, "families/");
        site_buffer_puts(&url, r->families[f].id);
        site_buffer_puts(&url, ".html");
        entry(&out, &first, "Family", url.data, r->families[f].name, r->families[f].summary, NULL);
    }
    for (size_t c = 0; c < r->caveat_count; c++) {
        site_buffer_release(&url);
        site_buffer_puts(&url, "caveats/");
        site_buffer_puts(&url, r->caveats[c].id);
        site_buffer_puts(&url, ".html");
        entry(&out, &first, "Caveat", url.data, r->caveats[c].title, r->caveats[c].summary, NULL);
    }
    entry(&out, &first, "Guide", "which-chart.html", "Which chart?", "From the shape of your data to a chart type",
          NULL);
    site_buffer_puts(&out, "\n]\n");
    if (site_buffer_ok(&out))
        site_output_write(context->output, "search.json", out.data, out.length);
    else
        context->output->io_errors++;
    site_buffer_release(&out);
    site_buffer_release(&url);
}

/* Sitemaps want absolute URLs: with --base-url they are; without one the
 * locations are relative to the site root, to be prefixed on deploy. */
void site_write_sitemap(site_context_t *context)
{
    site_buffer_t out = {0};
    site_buffer_puts(&out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                           "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    const site_strings_t *pages = &context->output->sitemap;
    for (size_t i = 0; i < pages->count; i++) {
        site_buffer_puts(&out, "  <url><loc>");
        if (context->base_url)
            site_escape_html(&out, context->base_url);
        site_escape_html(&out, pages->items[i]);
        site_buffer_puts(&out, "</loc></url>\n");
    }
    site_buffer_puts(&out, "</urlset>\n");
    if (site_buffer_ok(&out))
        site_output_write(context->output, "sitemap.xml", out.data, out.length);
    else
        context->output->io_errors++;
    site_buffer_release(&out);
}
