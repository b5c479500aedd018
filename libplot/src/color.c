#include "color-private.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* The CSS Color 4 named colours and "transparent" (name, 0xRRGGBB, alpha
 * byte), from https://www.w3.org/TR/css-color-4/#named-colors. Kept sorted by
 * name because lookup is a binary search, and listed once (an X-macro) so
 * that the lookup table and cplot_color_names cannot drift apart.
 * scripts/gen-colormaps.py --check compares every entry with matplotlib's
 * CSS4_COLORS, and tests/unit/test-color.c checks the order. */
#define CPLOT_CSS_COLORS(X) \
    X("aliceblue", 0xF0F8FF, 255) \
    X("antiquewhite", 0xFAEBD7, 255) \
    X("aqua", 0x00FFFF, 255) \
    X("aquamarine", 0x7FFFD4, 255) \
    X("azure", 0xF0FFFF, 255) \
    X("beige", 0xF5F5DC, 255) \
    X("bisque", 0xFFE4C4, 255) \
    X("black", 0x000000, 255) \
    X("blanchedalmond", 0xFFEBCD, 255) \
    X("blue", 0x0000FF, 255) \
    X("blueviolet", 0x8A2BE2, 255) \
    X("brown", 0xA52A2A, 255) \
    X("burlywood", 0xDEB887, 255) \
    X("cadetblue", 0x5F9EA0, 255) \
    X("chartreuse", 0x7FFF00, 255) \
    X("chocolate", 0xD2691E, 255) \
    X("coral", 0xFF7F50, 255) \
    X("cornflowerblue", 0x6495ED, 255) \
    X("cornsilk", 0xFFF8DC, 255) \
    X("crimson", 0xDC143C, 255) \
    X("cyan", 0x00FFFF, 255) \
    X("darkblue", 0x00008B, 255) \
    X("darkcyan", 0x008B8B, 255) \
    X("darkgoldenrod", 0xB8860B, 255) \
    X("darkgray", 0xA9A9A9, 255) \
    X("darkgreen", 0x006400, 255) \
    X("darkgrey", 0xA9A9A9, 255) \
    X("darkkhaki", 0xBDB76B, 255) \
    X("darkmagenta", 0x8B008B, 255) \
    X("darkolivegreen", 0x556B2F, 255) \
    X("darkorange", 0xFF8C00, 255) \
    X("darkorchid", 0x9932CC, 255) \
    X("darkred", 0x8B0000, 255) \
    X("darksalmon", 0xE9967A, 255) \
    X("darkseagreen", 0x8FBC8F, 255) \
    X("darkslateblue", 0x483D8B, 255) \
    X("darkslategray", 0x2F4F4F, 255) \
    X("darkslategrey", 0x2F4F4F, 255) \
    X("darkturquoise", 0x00CED1, 255) \
    X("darkviolet", 0x9400D3, 255) \
    X("deeppink", 0xFF1493, 255) \
    X("deepskyblue", 0x00BFFF, 255) \
    X("dimgray", 0x696969, 255) \
    X("dimgrey", 0x696969, 255) \
    X("dodgerblue", 0x1E90FF, 255) \
    X("firebrick", 0xB22222, 255) \
    X("floralwhite", 0xFFFAF0, 255) \
    X("forestgreen", 0x228B22, 255) \
    X("fuchsia", 0xFF00FF, 255) \
    X("gainsboro", 0xDCDCDC, 255) \
    X("ghostwhite", 0xF8F8FF, 255) \
    X("gold", 0xFFD700, 255) \
    X("goldenrod", 0xDAA520, 255) \
    X("gray", 0x808080, 255) \
    X("green", 0x008000, 255) \
    X("greenyellow", 0xADFF2F, 255) \
    X("grey", 0x808080, 255) \
    X("honeydew", 0xF0FFF0, 255) \
    X("hotpink", 0xFF69B4, 255) \
    X("indianred", 0xCD5C5C, 255) \
    X("indigo", 0x4B0082, 255) \
    X("ivory", 0xFFFFF0, 255) \
    X("khaki", 0xF0E68C, 255) \
    X("lavender", 0xE6E6FA, 255) \
    X("lavenderblush", 0xFFF0F5, 255) \
    X("lawngreen", 0x7CFC00, 255) \
    X("lemonchiffon", 0xFFFACD, 255) \
    X("lightblue", 0xADD8E6, 255) \
    X("lightcoral", 0xF08080, 255) \
    X("lightcyan", 0xE0FFFF, 255) \
    X("lightgoldenrodyellow", 0xFAFAD2, 255) \
    X("lightgray", 0xD3D3D3, 255) \
    X("lightgreen", 0x90EE90, 255) \
    X("lightgrey", 0xD3D3D3, 255) \
    X("lightpink", 0xFFB6C1, 255) \
    X("lightsalmon", 0xFFA07A, 255) \
    X("lightseagreen", 0x20B2AA, 255) \
    X("lightskyblue", 0x87CEFA, 255) \
    X("lightslategray", 0x778899, 255) \
    X("lightslategrey", 0x778899, 255) \
    X("lightsteelblue", 0xB0C4DE, 255) \
    X("lightyellow", 0xFFFFE0, 255) \
    X("lime", 0x00FF00, 255) \
    X("limegreen", 0x32CD32, 255) \
    X("linen", 0xFAF0E6, 255) \
    X("magenta", 0xFF00FF, 255) \
    X("maroon", 0x800000, 255) \
    X("mediumaquamarine", 0x66CDAA, 255) \
    X("mediumblue", 0x0000CD, 255) \
    X("mediumorchid", 0xBA55D3, 255) \
    X("mediumpurple", 0x9370DB, 255) \
    X("mediumseagreen", 0x3CB371, 255) \
    X("mediumslateblue", 0x7B68EE, 255) \
    X("mediumspringgreen", 0x00FA9A, 255) \
    X("mediumturquoise", 0x48D1CC, 255) \
    X("mediumvioletred", 0xC71585, 255) \
    X("midnightblue", 0x191970, 255) \
    X("mintcream", 0xF5FFFA, 255) \
    X("mistyrose", 0xFFE4E1, 255) \
    X("moccasin", 0xFFE4B5, 255) \
    X("navajowhite", 0xFFDEAD, 255) \
    X("navy", 0x000080, 255) \
    X("oldlace", 0xFDF5E6, 255) \
    X("olive", 0x808000, 255) \
    X("olivedrab", 0x6B8E23, 255) \
    X("orange", 0xFFA500, 255) \
    X("orangered", 0xFF4500, 255) \
    X("orchid", 0xDA70D6, 255) \
    X("palegoldenrod", 0xEEE8AA, 255) \
    X("palegreen", 0x98FB98, 255) \
    X("paleturquoise", 0xAFEEEE, 255) \
    X("palevioletred", 0xDB7093, 255) \
    X("papayawhip", 0xFFEFD5, 255) \
    X("peachpuff", 0xFFDAB9, 255) \
    X("peru", 0xCD853F, 255) \
    X("pink", 0xFFC0CB, 255) \
    X("plum", 0xDDA0DD, 255) \
    X("powderblue", 0xB0E0E6, 255) \
    X("purple", 0x800080, 255) \
    X("rebeccapurple", 0x663399, 255) \
    X("red", 0xFF0000, 255) \
    X("rosybrown", 0xBC8F8F, 255) \
    X("royalblue", 0x4169E1, 255) \
    X("saddlebrown", 0x8B4513, 255) \
    X("salmon", 0xFA8072, 255) \
    X("sandybrown", 0xF4A460, 255) \
    X("seagreen", 0x2E8B57, 255) \
    X("seashell", 0xFFF5EE, 255) \
    X("sienna", 0xA0522D, 255) \
    X("silver", 0xC0C0C0, 255) \
    X("skyblue", 0x87CEEB, 255) \
    X("slateblue", 0x6A5ACD, 255) \
    X("slategray", 0x708090, 255) \
    X("slategrey", 0x708090, 255) \
    X("snow", 0xFFFAFA, 255) \
    X("springgreen", 0x00FF7F, 255) \
    X("steelblue", 0x4682B4, 255) \
    X("tan", 0xD2B48C, 255) \
    X("teal", 0x008080, 255) \
    X("thistle", 0xD8BFD8, 255) \
    X("tomato", 0xFF6347, 255) \
    X("transparent", 0x000000, 0) \
    X("turquoise", 0x40E0D0, 255) \
    X("violet", 0xEE82EE, 255) \
    X("wheat", 0xF5DEB3, 255) \
    X("white", 0xFFFFFF, 255) \
    X("whitesmoke", 0xF5F5F5, 255) \
    X("yellow", 0xFFFF00, 255) \
    X("yellowgreen", 0x9ACD32, 255)

typedef struct named_color {
    const char *name;
    uint32_t rgb;
    unsigned char alpha;
} named_color_t;

#define CPLOT_NAMED_COLOR_ENTRY(name, rgb, alpha) {name, rgb, alpha},
static const named_color_t named_colors[] = {CPLOT_CSS_COLORS(CPLOT_NAMED_COLOR_ENTRY)};
#undef CPLOT_NAMED_COLOR_ENTRY

#define CPLOT_NAMED_COLOR_NAME(name, rgb, alpha) name,
const char *const cplot_color_names[] = {CPLOT_CSS_COLORS(CPLOT_NAMED_COLOR_NAME) NULL};
#undef CPLOT_NAMED_COLOR_NAME

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

static cplot_rgba_t rgba_from_bytes(uint32_t rgb, unsigned alpha)
{
    cplot_rgba_t color = {
        ((rgb >> 16) & 0xFF) / 255.0,
        ((rgb >> 8) & 0xFF) / 255.0,
        (rgb & 0xFF) / 255.0,
        alpha / 255.0,
    };
    return color;
}

static const cplot_rgba_t transparent = {0.0, 0.0, 0.0, 0.0};

/* ASCII only: the locale's tolower() could fold bytes of other scripts
 * into a CSS name, and depends on global state another thread may set. */
static int ascii_lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* strcmp() of lower-case `name` against `text` folded to lower case. */
static int compare_folded(const char *text, const char *name)
{
    const unsigned char *a = (const unsigned char *)text;
    const unsigned char *b = (const unsigned char *)name;
    while (*a != '\0' && ascii_lower(*a) == *b) {
        a++;
        b++;
    }
    return ascii_lower(*a) - *b;
}

static int hex_digit(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool parse_hex(const char *digits, cplot_rgba_t *out)
{
    int values[8] = {0};
    size_t length = 0;
    for (; digits[length] != '\0'; length++) {
        if (length == 8)
            return false;
        values[length] = hex_digit((unsigned char)digits[length]);
        if (values[length] < 0)
            return false;
    }
    unsigned channels[4] = {0, 0, 0, 255};
    switch (length) {
    case 3:
    case 4: /* #rgb and #rgba: each digit doubled, so #f80 is #ff8800 */
        for (size_t i = 0; i < length; i++)
            channels[i] = (unsigned)values[i] * 17u;
        break;
    case 6:
    case 8:
        for (size_t i = 0; i < length / 2; i++)
            channels[i] = (unsigned)(values[2 * i] * 16 + values[2 * i + 1]);
        break;
    default:
        return false;
    }
    out->r = channels[0] / 255.0;
    out->g = channels[1] / 255.0;
    out->b = channels[2] / 255.0;
    out->a = channels[3] / 255.0;
    return true;
}

bool cplot_color_parse(const char *text, cplot_rgba_t *out)
{
    if (text == NULL || out == NULL)
        return false;
    if (text[0] == '#')
        return parse_hex(text + 1, out);
    size_t low = 0, high = COUNT_OF(named_colors);
    while (low < high) {
        size_t middle = low + (high - low) / 2;
        int order = compare_folded(text, named_colors[middle].name);
        if (order == 0) {
            *out = rgba_from_bytes(named_colors[middle].rgb, named_colors[middle].alpha);
            return true;
        }
        if (order < 0)
            high = middle;
        else
            low = middle + 1;
    }
    return false;
}

/* ---- categorical palettes ---- */

static const unsigned int tableau10_rgb[] = {
    0x4E79A7, 0xF28E2B, 0xE15759, 0x76B7B2, 0x59A14F,
    0xEDC948, 0xB07AA1, 0xFF9DA7, 0x9C755F, 0xBAB0AC,
};

/* Canonical order, black first, as published: charts that want a visible
 * first series on a dark background should start from index 1 rather than
 * reorder the palette, so that "Okabe-Ito colour k" means the same thing
 * everywhere. */
static const unsigned int okabe_ito_rgb[] = {
    0x000000, 0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442,
    0x0072B2, 0xD55E00, 0xCC79A7, 0x999999,
};

static const cplot_palette_t palettes[] = {
    {"tableau10",
     "Tableau 10, Tableau's default categorical palette since 2016; the default here.",
     COUNT_OF(tableau10_rgb), tableau10_rgb},
    {"okabe_ito",
     "Okabe & Ito (2002), distinguishable with the common colour-vision deficiencies; "
     "black comes first.",
     COUNT_OF(okabe_ito_rgb), okabe_ito_rgb},
};

const char *const cplot_palette_names[] = {"tableau10", "okabe_ito", NULL};

const cplot_palette_t *cplot_palette_find(const char *name)
{
    if (name == NULL)
        return NULL;
    for (size_t i = 0; i < COUNT_OF(palettes); i++)
        if (strcmp(palettes[i].name, name) == 0)
            return &palettes[i];
    return NULL;
}

cplot_rgba_t cplot_palette_color(const cplot_palette_t *palette, size_t i)
{
    if (palette == NULL || palette->count == 0 || palette->rgb == NULL)
        return transparent;
    return rgba_from_bytes(palette->rgb[i % palette->count], 255);
}

/* ---- continuous colour maps ---- */

/* ColorBrewer RdBu, 11 classes, in ColorBrewer's order: dark red for low
 * values through near-white to dark blue for high ones. That is the order
 * matplotlib's and seaborn's "RdBu" use, so specs written against them
 * look the same here; "blue for low" needs a reversed map, not this one. */
static const unsigned int rdbu_rgb[] = {
    0x67001F, 0xB2182B, 0xD6604D, 0xF4A582, 0xFDDBC7, 0xF7F7F7,
    0xD1E5F0, 0x92C5DE, 0x4393C3, 0x2166AC, 0x053061,
};

/* The same, reversed: blue for low, red for high (temperatures). */
static const unsigned int rdbu_r_rgb[] = {
    0x053061, 0x2166AC, 0x4393C3, 0x92C5DE, 0xD1E5F0, 0xF7F7F7,
    0xFDDBC7, 0xF4A582, 0xD6604D, 0xB2182B, 0x67001F,
};

/* A hue sweep from dark blue through cyan, green and yellow to dark red,
 * like MATLAB's and matplotlib's "jet". It is here for the gallery's caveat
 * page: its bright bands invent boundaries the data does not have and its
 * lightness is not monotonic, so it misleads; prefer viridis. */
static const unsigned int rainbow_rgb[] = {
    0x00007F, 0x0000FF, 0x007FFF, 0x00FFFF, 0x7FFF7F, 0xFFFF00, 0xFF7F00, 0xFF0000, 0x7F0000,
};

static const cplot_colormap_t colormaps[] = {
    {"viridis", false, CPLOT_COLORMAP_TABLE_SIZE, cplot_colormap_viridis_rgb},
    {"magma", false, CPLOT_COLORMAP_TABLE_SIZE, cplot_colormap_magma_rgb},
    {"inferno", false, CPLOT_COLORMAP_TABLE_SIZE, cplot_colormap_inferno_rgb},
    {"plasma", false, CPLOT_COLORMAP_TABLE_SIZE, cplot_colormap_plasma_rgb},
    {"cividis", false, CPLOT_COLORMAP_TABLE_SIZE, cplot_colormap_cividis_rgb},
    {"rdbu", true, COUNT_OF(rdbu_rgb), rdbu_rgb},
    {"rdbu_r", true, COUNT_OF(rdbu_r_rgb), rdbu_r_rgb},
    {"rainbow", false, COUNT_OF(rainbow_rgb), rainbow_rgb},
};

const char *const cplot_colormap_names[] = {
    "viridis", "magma", "inferno", "plasma", "cividis", "rdbu", "rdbu_r", "rainbow", NULL,
};

const cplot_colormap_t *cplot_colormap_find(const char *name)
{
    if (name == NULL)
        return NULL;
    for (size_t i = 0; i < COUNT_OF(colormaps); i++)
        if (strcmp(colormaps[i].name, name) == 0)
            return &colormaps[i];
    return NULL;
}

static double channel(unsigned int rgb, int shift)
{
    return ((rgb >> shift) & 0xFFu) / 255.0;
}

cplot_rgba_t cplot_colormap_sample(const cplot_colormap_t *map, double t)
{
    if (map == NULL || map->count == 0 || map->rgb == NULL || isnan(t))
        return transparent;
    /* Written so that +-infinity clamp too. */
    if (!(t > 0.0))
        t = 0.0;
    else if (!(t < 1.0))
        t = 1.0;
    double position = t * (double)(map->count - 1);
    size_t index = (size_t)position;
    if (index >= map->count - 1)
        return rgba_from_bytes(map->rgb[map->count - 1], 255);
    double fraction = position - (double)index;
    unsigned int low = map->rgb[index], high = map->rgb[index + 1];
    /* low + f * (high - low) rather than (1 - f) * low + f * high: exact
     * at f = 0, so sampling at an entry's own t returns that entry. */
    cplot_rgba_t color = {
        channel(low, 16) + fraction * (channel(high, 16) - channel(low, 16)),
        channel(low, 8) + fraction * (channel(high, 8) - channel(low, 8)),
        channel(low, 0) + fraction * (channel(high, 0) - channel(low, 0)),
        1.0,
    };
    return color;
}

/* ---- luminance ---- */

/* sRGB to linear light. The knee is the sRGB standard's 0.04045, which
 * the current WCAG 2 text uses; WCAG 2.0 printed 0.03928, from an early
 * sRGB draft. No 8-bit channel value lies between the two, so the choice
 * never changes a result for a parsed colour. */
static double linear_channel(double value)
{
    value = fmin(fmax(value, 0.0), 1.0); /* fmax(NaN, 0) is 0 */
    if (value <= 0.04045)
        return value / 12.92;
    return pow((value + 0.055) / 1.055, 2.4);
}

double cplot_color_luminance(cplot_rgba_t color)
{
    return 0.2126 * linear_channel(color.r) + 0.7152 * linear_channel(color.g)
        + 0.0722 * linear_channel(color.b);
}
