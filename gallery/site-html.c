#include "site-html.h"

#include <stdlib.h>
#include <string.h>

#include "site-escape.h"
#include "site-markdown.h"
#include "site-render.h"

static void file_url(site_buffer_t *out, const char *root, const site_example_t *e, const char *suffix)
{
    site_escape_html(out, root);
    site_escape_html(out, e->id);
    site_escape_html(out, suffix);
}

static void srcset(site_buffer_t *out, const char *root, const site_example_t *e, const char *one,
                   const char *two, bool has_two)
{
    file_url(out, root, e, one);
    site_buffer_puts(out, " 1x");
    if (has_two) {
        site_buffer_puts(out, ", ");
        file_url(out, root, e, two);
        site_buffer_puts(out, " 2x");
    }
}

void site_html_picture(site_buffer_t *out, const char *root, const site_example_t *e, bool thumbnail,
                       bool lazy)
{
    bool two = thumbnail || e->has_2x;
    site_buffer_puts(out, "<picture><source media=\"(prefers-color-scheme: dark)\" srcset=\"");
    if (thumbnail)
        srcset(out, root, e, ".thumb.dark.png", ".thumb.dark@2x.png", true);
    else
        srcset(out, root, e, ".dark.png", ".dark@2x.png", two);
    site_buffer_puts(out, "\"><img src=\"");
    file_url(out, root, e, thumbnail ? ".thumb.png" : ".png");
    site_buffer_puts(out, "\" srcset=\"");
    if (thumbnail)
        srcset(out, root, e, ".thumb.png", ".thumb@2x.png", true);
    else
        srcset(out, root, e, ".png", "@2x.png", two);
    site_buffer_printf(out, "\" width=\"%d\" height=\"%d\" alt=\"", thumbnail ? SITE_THUMB_WIDTH / 2 : e->width,
                       thumbnail ? SITE_THUMB_HEIGHT / 2 : e->height);
    site_escape_html(out, e->alt);
    site_buffer_printf(out, "\"%s></picture>", lazy ? " loading=\"lazy\" decoding=\"async\"" : "");
}

void site_html_example_url(site_buffer_t *out, const char *root, const site_example_t *e)
{
    file_url(out, root, e, ".html");
}

void site_html_type_url(site_buffer_t *out, const char *root, const site_type_t *type)
{
    site_escape_html(out, root);
    site_escape_html(out, type->id);
    site_buffer_puts(out, "/index.html");
}

void site_html_family_url(site_buffer_t *out, const char *root, const site_family_t *family)
{
    site_escape_html(out, root);
    site_buffer_puts(out, "families/");
    site_escape_html(out, family->id);
    site_buffer_puts(out, ".html");
}

void site_html_example_card(site_buffer_t *out, const char *root, const site_example_t *e,
                            const char *type_name)
{
    char *tooltip = site_markdown_plain(e->description, 160);
    site_buffer_puts(out, "<li class=\"card\"><a href=\"");
    site_html_example_url(out, root, e);
    site_buffer_puts(out, "\"");
    if (tooltip && *tooltip) {
        site_buffer_puts(out, " title=\"");
        site_escape_html(out, tooltip);
        site_buffer_puts(out, "\"");
    }
    site_buffer_puts(out, "><span class=\"thumb\">");
    site_html_picture(out, root, e, true, true);
    site_buffer_puts(out, "</span><span class=\"card-title\">");
    site_escape_html(out, e->title);
    site_buffer_puts(out, "</span>");
    if (type_name) {
        site_buffer_puts(out, "<span class=\"card-meta\">");
        site_escape_html(out, type_name);
        site_buffer_puts(out, "</span>");
    }
    site_buffer_puts(out, "</a></li>\n");
    free(tooltip);
}

void site_html_type_card(site_buffer_t *out, const site_context_t *context, const char *root, size_t type)
{
    const site_type_t *t = &context->registry->types[type];
    long first = site_examples_first_of_type(context->examples, type);
    size_t count = site_examples_count_of_type(context->examples, type);
    site_buffer_puts(out, "<li class=\"card type-card\"><a href=\"");
    site_html_type_url(out, root, t);
    site_buffer_puts(out, "\"><span class=\"thumb\">");
    if (first >= 0) {
        site_html_picture(out, root, &context->examples->items[first], true, true);
    } else {
        site_buffer_puts(out, "<span class=\"placeholder\">No examples yet</span>");
    }
    site_buffer_puts(out, "</span><span class=\"card-title\">");
    site_escape_html(out, t->name);
    site_buffer_puts(out, "</span><span class=\"card-text\">");
    site_escape_html(out, t->summary);
    site_buffer_puts(out, "</span><span class=\"card-meta\">");
    if (count)
        site_buffer_printf(out, "%zu example%s", count, count == 1 ? "" : "s");
    else
        site_buffer_puts(out, "Examples coming");
    site_buffer_puts(out, "</span></a></li>\n");
}

void site_html_breadcrumbs(site_buffer_t *out, const char *const *labels, const char *const *hrefs,
                           size_t count)
{
    site_buffer_puts(out, "<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><ol>");
    for (size_t i = 0; i < count; i++) {
        if (i + 1 < count && hrefs[i]) {
            site_buffer_puts(out, "<li><a href=\"");
            site_buffer_puts(out, hrefs[i]); /* built and escaped by the caller */
            site_buffer_puts(out, "\">");
            site_escape_html(out, labels[i]);
            site_buffer_puts(out, "</a></li>");
        } else {
            site_buffer_puts(out, "<li aria-current=\"page\">");
            site_escape_html(out, labels[i]);
            site_buffer_puts(out, "</li>");
        }
    }
    site_buffer_puts(out, "</ol></nav>\n");
}
