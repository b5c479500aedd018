#include "site-markdown.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark.h>

#include "site-escape.h"

static void collect_text(cmark_node *node, site_buffer_t *out)
{
    cmark_iter *iter = cmark_iter_new(node);
    cmark_event_type event;
    while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
        cmark_node *current = cmark_iter_get_node(iter);
        cmark_node_type type = cmark_node_get_type(current);
        if (event == CMARK_EVENT_ENTER && (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE
                                           || type == CMARK_NODE_CODE_BLOCK)) {
            const char *literal = cmark_node_get_literal(current);
            site_buffer_puts(out, literal ? literal : "");
        } else if (event == CMARK_EVENT_ENTER
                   && (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK)) {
            site_buffer_puts(out, " ");
        } else if (event == CMARK_EVENT_EXIT && (type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING
                                                 || type == CMARK_NODE_ITEM)) {
            site_buffer_puts(out, " ");
        }
    }
    cmark_iter_free(iter);
}

/* Links stay links only for http(s), mailto, relative paths and
 * fragments. cmark's safe mode would render the rest as href="", a link
 * to the page itself; here they become plain text instead. */
static bool allowed_url(const char *url)
{
    if (!url || !*url)
        return false;
    size_t scheme = strspn(url, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");
    if (url[scheme] != ':')
        return true; /* no scheme: relative */
    return (scheme == 4 && strncasecmp(url, "http", 4) == 0) || (scheme == 5 && strncasecmp(url, "https", 5) == 0)
           || (scheme == 6 && strncasecmp(url, "mailto", 6) == 0);
}

/* Replaces every image by a text node holding its alternative text, and
 * every link with a refused URL by its contents. The nodes are gathered
 * first: the tree cannot change under an iterator. */
static void drop_unsafe(cmark_node *document)
{
    cmark_node **images = NULL;
    size_t count = 0, capacity = 0;
    cmark_iter *iter = cmark_iter_new(document);
    cmark_event_type event;
    while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(iter);
        cmark_node_type type = cmark_node_get_type(node);
        bool refused_link = type == CMARK_NODE_LINK && !allowed_url(cmark_node_get_url(node));
        if (event != CMARK_EVENT_ENTER || (type != CMARK_NODE_IMAGE && !refused_link))
            continue;
        if (count == capacity) {
            capacity = capacity ? capacity * 2 : 8;
            cmark_node **grown = realloc(images, capacity * sizeof *grown);
            if (!grown)
                break;
            images = grown;
        }
        images[count++] = node;
    }
    cmark_iter_free(iter);
    for (size_t i = 0; i < count; i++) {
        if (cmark_node_get_type(images[i]) == CMARK_NODE_LINK) {
            /* The link's children (emphasis, code...) move out before it. */
            cmark_node *child;
            while ((child = cmark_node_first_child(images[i])))
                cmark_node_insert_before(images[i], child);
            cmark_node_free(images[i]);
            continue;
        }
        site_buffer_t alt = {0};
        collect_text(images[i], &alt);
        cmark_node *text = cmark_node_new(CMARK_NODE_TEXT);
        if (text) {
            cmark_node_set_literal(text, alt.data ? alt.data : "");
            cmark_node_insert_before(images[i], text);
        }
        cmark_node_free(images[i]);
        site_buffer_release(&alt);
    }
    free(images);
}

/* Control characters and invalid UTF-8 are HTML parse errors, and cmark
 * passes some of them through: they become U+FFFD before parsing. */
static char *clean_input(const char *markdown)
{
    site_buffer_t out = {0};
    const unsigned char *p = (const unsigned char *)markdown;
    while (*p) {
        size_t n = 1;
        bool bad = (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || *p == 0x7f;
        if (*p >= 0x80) {
            n = site_utf8_sequence(p);
            bad = n == 0;
            n = n ? n : 1;
        }
        if (bad)
            site_buffer_puts(&out, "\xef\xbf\xbd");
        else
            site_buffer_append(&out, (const char *)p, n);
        p += n;
    }
    return site_buffer_take(&out);
}

void site_markdown_html(site_buffer_t *out, const char *markdown)
{
    if (!markdown || !*markdown)
        return;
    char *clean = clean_input(markdown);
    cmark_node *document = clean ? cmark_parse_document(clean, strlen(clean), CMARK_OPT_SAFE) : NULL;
    free(clean);
    if (!document) {
        out->failed = true;
        return;
    }
    drop_unsafe(document);
    char *html = cmark_render_html(document, CMARK_OPT_SAFE);
    if (html) {
        site_buffer_puts(out, html);
        free(html);
    } else {
        out->failed = true;
    }
    cmark_node_free(document);
}

char *site_markdown_plain(const char *markdown, size_t max)
{
    site_buffer_t text = {0};
    if (markdown && *markdown) {
        cmark_node *document = cmark_parse_document(markdown, strlen(markdown), CMARK_OPT_DEFAULT);
        if (document) {
            collect_text(document, &text);
            cmark_node_free(document);
        }
    }
    /* Collapse whitespace. */
    site_buffer_t clean = {0};
    bool space = false;
    for (size_t i = 0; i < text.length; i++) {
        char c = text.data[i];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = clean.length > 0;
            continue;
        }
        if (space)
            site_buffer_puts(&clean, " ");
        space = false;
        site_buffer_append(&clean, &c, 1);
    }
    site_buffer_release(&text);
    if (max && clean.length > max) {
        size_t cut = max;
        while (cut > max / 2 && clean.data[cut] != ' ')
            cut--;
        /* Never cut inside a UTF-8 sequence. */
        while (cut > 0 && ((unsigned char)clean.data[cut] & 0xc0) == 0x80)
            cut--;
        clean.length = cut;
        clean.data[cut] = 0;
        site_buffer_puts(&clean, "\xe2\x80\xa6");
    }
    if (!clean.data)
        site_buffer_puts(&clean, "");
    return site_buffer_take(&clean);
}
