/* Unit tests for the colour module: parsing, palettes, colour maps and
 * luminance. The colour-map tables are also compared, entry by entry, with
 * the matplotlib installed on this machine (see test_colormaps_match_matplotlib). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "color-private.h"

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

/* Colours built from 8-bit values are compared within a tiny tolerance:
 * they come out of divisions by 255 on both sides, but a test should not
 * depend on the compiler evaluating them identically. */
#define TOLERANCE 1e-9

static void assert_rgba(cplot_rgba_t color, double r, double g, double b, double a,
                        const char *what)
{
    if (fabs(color.r - r) > TOLERANCE || fabs(color.g - g) > TOLERANCE
        || fabs(color.b - b) > TOLERANCE || fabs(color.a - a) > TOLERANCE)
        fail_msg("%s: got (%.6f, %.6f, %.6f, %.6f), expected (%.6f, %.6f, %.6f, %.6f)",
                 what, color.r, color.g, color.b, color.a, r, g, b, a);
}

static void assert_rgb_hex(cplot_rgba_t color, unsigned int rgb, const char *what)
{
    assert_rgba(color, ((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0,
                (rgb & 0xFF) / 255.0, 1.0, what);
}

/* ---- parsing ---- */

static void assert_parses(const char *text, unsigned int rgb, unsigned int alpha)
{
    cplot_rgba_t color = {-1, -1, -1, -1};
    if (!cplot_color_parse(text, &color))
        fail_msg("\"%s\" was rejected", text);
    assert_rgba(color, ((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0,
                (rgb & 0xFF) / 255.0, alpha / 255.0, text);
}

static void test_parse_hex(void **state)
{
    (void)state;
    assert_parses("#000", 0x000000, 255);
    assert_parses("#fff", 0xFFFFFF, 255);
    assert_parses("#f80", 0xFF8800, 255);
    assert_parses("#F80", 0xFF8800, 255);
    assert_parses("#f808", 0xFF8800, 0x88);
    assert_parses("#1a2b3c", 0x1A2B3C, 255);
    assert_parses("#1A2b3C", 0x1A2B3C, 255);
    assert_parses("#1a2b3c80", 0x1A2B3C, 0x80);
    assert_parses("#1A2B3C00", 0x1A2B3C, 0);
    assert_parses("#09afAF", 0x09AFAF, 255);
}

static void test_parse_names(void **state)
{
    (void)state;
    /* Values checked by hand against the table in CSS Color 4, section 6.1
     * (https://www.w3.org/TR/css-color-4/#named-colors). */
    static const struct {
        const char *name;
        unsigned int rgb;
    } spec[] = {
        {"rebeccapurple", 0x663399},  {"cornflowerblue", 0x6495ED},
        {"aliceblue", 0xF0F8FF},      {"yellowgreen", 0x9ACD32},
        {"darkgoldenrod", 0xB8860B},  {"lightgoldenrodyellow", 0xFAFAD2},
        {"mediumvioletred", 0xC71585}, {"papayawhip", 0xFFEFD5},
        {"navajowhite", 0xFFDEAD},    {"peru", 0xCD853F},
        {"olivedrab", 0x6B8E23},      {"green", 0x008000},
        {"lime", 0x00FF00},           {"gray", 0x808080},
        {"grey", 0x808080},           {"darkgray", 0xA9A9A9},
        {"darkgrey", 0xA9A9A9},       {"lightslategray", 0x778899},
        {"aqua", 0x00FFFF},           {"cyan", 0x00FFFF},
        {"fuchsia", 0xFF00FF},        {"magenta", 0xFF00FF},
        {"black", 0x000000},          {"white", 0xFFFFFF},
        {"red", 0xFF0000},            {"tomato", 0xFF6347},
        {"turquoise", 0x40E0D0},
    };
    for (size_t i = 0; i < COUNT_OF(spec); i++)
        assert_parses(spec[i].name, spec[i].rgb, 255);

    assert_parses("transparent", 0x000000, 0);
    assert_parses("Transparent", 0x000000, 0);
    assert_parses("RebeccaPurple", 0x663399, 255);
    assert_parses("CORNFLOWERBLUE", 0x6495ED, 255);
    assert_parses("rEd", 0xFF0000, 255);
}

static void test_parse_rejects(void **state)
{
    (void)state;
    static const char *const invalid[] = {
        "", "#", "#1", "#12", "#12345", "#1234567", "#123456789", "#ggg", "#12g",
        "#fffffg", "##fff", "#-12", "#+12", "# fff", "#fff ", " #fff", "fff",
        "red ", " red", "red\n", "\tred", "re d", "re", "redd", "rebeccapurpl",
        "aaa", "zzz", "yellowgreenx", "0", "none", "currentcolor",
        "rgb(255, 0, 0)", "r\303\251d" /* "réd" */, "\xff", "transparent ",
    };
    for (size_t i = 0; i < COUNT_OF(invalid); i++) {
        cplot_rgba_t color = {0.25, 0.5, 0.75, 0.125};
        if (cplot_color_parse(invalid[i], &color))
            fail_msg("\"%s\" was accepted", invalid[i]);
        assert_rgba(color, 0.25, 0.5, 0.75, 0.125, invalid[i]);
    }
    /* A NUL inside the digits ends the text: "#12" is what the parser sees. */
    cplot_rgba_t color = {0.25, 0.5, 0.75, 0.125};
    assert_false(cplot_color_parse("#12\0fff", &color));
    assert_rgba(color, 0.25, 0.5, 0.75, 0.125, "embedded NUL");

    assert_false(cplot_color_parse(NULL, &color));
    assert_rgba(color, 0.25, 0.5, 0.75, 0.125, "NULL text");
    assert_false(cplot_color_parse("red", NULL));
}

static void test_color_names(void **state)
{
    (void)state;
    size_t count = 0;
    bool has_transparent = false;
    for (; cplot_color_names[count] != NULL; count++) {
        const char *name = cplot_color_names[count];
        if (count > 0 && strcmp(cplot_color_names[count - 1], name) >= 0)
            fail_msg("names out of order (lookup is a binary search): \"%s\" then \"%s\"",
                     cplot_color_names[count - 1], name);
        for (const char *c = name; *c != '\0'; c++)
            if (*c < 'a' || *c > 'z')
                fail_msg("\"%s\" is not lower-case ASCII", name);
        cplot_rgba_t color;
        if (!cplot_color_parse(name, &color))
            fail_msg("listed name \"%s\" does not parse", name);
        if (strcmp(name, "transparent") == 0)
            has_transparent = true;
        else
            assert_true(color.a == 1.0);
    }
    assert_int_equal(count, 149); /* 148 CSS Color 4 names + "transparent" */
    assert_true(has_transparent);
    assert_string_equal(cplot_color_names[0], "aliceblue");
    assert_string_equal(cplot_color_names[count - 1], "yellowgreen");
}

/* ---- palettes ---- */

static void test_palettes(void **state)
{
    (void)state;
    static const unsigned int tableau10[] = {
        0x4E79A7, 0xF28E2B, 0xE15759, 0x76B7B2, 0x59A14F,
        0xEDC948, 0xB07AA1, 0xFF9DA7, 0x9C755F, 0xBAB0AC,
    };
    static const unsigned int okabe_ito[] = {
        0x000000, 0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442,
        0x0072B2, 0xD55E00, 0xCC79A7, 0x999999,
    };

    const cplot_palette_t *tableau = cplot_palette_find("tableau10");
    assert_non_null(tableau);
    assert_string_equal(tableau->name, "tableau10");
    assert_non_null(tableau->doc);
    assert_int_equal(tableau->count, COUNT_OF(tableau10));
    for (size_t i = 0; i < COUNT_OF(tableau10); i++) {
        assert_int_equal(tableau->rgb[i], tableau10[i]);
        assert_rgb_hex(cplot_palette_color(tableau, i), tableau10[i], "tableau10");
    }

    const cplot_palette_t *okabe = cplot_palette_find("okabe_ito");
    assert_non_null(okabe);
    assert_int_equal(okabe->count, COUNT_OF(okabe_ito));
    for (size_t i = 0; i < COUNT_OF(okabe_ito); i++)
        assert_rgb_hex(cplot_palette_color(okabe, i), okabe_ito[i], "okabe_ito");

    /* Cycling: series 10 reuses colour 0, and so on, without end. */
    assert_rgb_hex(cplot_palette_color(tableau, 10), 0x4E79A7, "tableau10[10]");
    assert_rgb_hex(cplot_palette_color(tableau, 13), 0x76B7B2, "tableau10[13]");
    assert_rgb_hex(cplot_palette_color(tableau, 109), 0xBAB0AC, "tableau10[109]");
    assert_rgb_hex(cplot_palette_color(okabe, 9), 0x000000, "okabe_ito[9]");
    assert_rgb_hex(cplot_palette_color(okabe, 19), 0xE69F00, "okabe_ito[19]");
    assert_rgb_hex(cplot_palette_color(tableau, SIZE_MAX), tableau10[SIZE_MAX % 10],
                   "tableau10[SIZE_MAX]");

    assert_null(cplot_palette_find("Tableau10"));
    assert_null(cplot_palette_find("tableau"));
    assert_null(cplot_palette_find(""));
    assert_null(cplot_palette_find(NULL));
    assert_rgba(cplot_palette_color(NULL, 3), 0, 0, 0, 0, "NULL palette");

    size_t count = 0;
    for (; cplot_palette_names[count] != NULL; count++)
        assert_non_null(cplot_palette_find(cplot_palette_names[count]));
    assert_int_equal(count, 2);
    assert_string_equal(cplot_palette_names[0], "tableau10"); /* the default */
}

/* ---- colour maps ---- */

static double byte(unsigned int rgb, int shift)
{
    return ((rgb >> shift) & 0xFF) / 255.0;
}

static void test_colormap_lookup(void **state)
{
    (void)state;
    static const char *const expected[] = {"viridis", "magma", "inferno", "plasma",
                                           "cividis", "rdbu", "rdbu_r", "rainbow"};
    static const size_t sizes[] = {256, 256, 256, 256, 256, 11, 11, 9};
    size_t count = 0;
    for (; cplot_colormap_names[count] != NULL; count++) {
        assert_true(count < COUNT_OF(expected));
        assert_string_equal(cplot_colormap_names[count], expected[count]);
        const cplot_colormap_t *map = cplot_colormap_find(expected[count]);
        assert_non_null(map);
        assert_string_equal(map->name, expected[count]);
        bool diverging = strncmp(expected[count], "rdbu", 4) == 0;
        assert_int_equal(map->count, sizes[count]);
        assert_int_equal(map->diverging, diverging);
    }
    /* rdbu_r is rdbu backwards. */
    const cplot_colormap_t *rdbu = cplot_colormap_find("rdbu"), *reversed = cplot_colormap_find("rdbu_r");
    for (size_t i = 0; i < rdbu->count; i++)
        assert_int_equal(rdbu->rgb[i], reversed->rgb[rdbu->count - 1 - i]);
    assert_int_equal(count, COUNT_OF(expected));
    assert_null(cplot_colormap_find("Viridis"));
    assert_null(cplot_colormap_find("RdBu"));
    assert_null(cplot_colormap_find("jet"));
    assert_null(cplot_colormap_find(NULL));
}

static void test_colormap_endpoints(void **state)
{
    (void)state;
    /* From matplotlib 3.6.3 (matplotlib.colormaps[name].colors, rounded
     * half up to 8 bits); entries 127 and 128 straddle t = 0.5. */
    static const struct {
        const char *name;
        unsigned int first, e127, e128, last;
    } known[] = {
        {"viridis", 0x440154, 0x21908D, 0x21918C, 0xFDE725},
        {"magma", 0x000004, 0xB5367A, 0xB73779, 0xFCFDBF},
        {"inferno", 0x000004, 0xBA3655, 0xBC3754, 0xFCFFA4},
        {"plasma", 0x0D0887, 0xCB4679, 0xCC4778, 0xF0F921},
        {"cividis", 0x00224E, 0x7C7B78, 0x7D7C78, 0xFEE838},
    };
    for (size_t i = 0; i < COUNT_OF(known); i++) {
        const cplot_colormap_t *map = cplot_colormap_find(known[i].name);
        assert_non_null(map);
        assert_int_equal(map->rgb[0], known[i].first);
        assert_int_equal(map->rgb[127], known[i].e127);
        assert_int_equal(map->rgb[128], known[i].e128);
        assert_int_equal(map->rgb[255], known[i].last);
        assert_rgb_hex(cplot_colormap_sample(map, 0.0), known[i].first, known[i].name);
        assert_rgb_hex(cplot_colormap_sample(map, 1.0), known[i].last, known[i].name);
        /* t = 0.5 lies halfway between entries 127 and 128. */
        unsigned int a = known[i].e127, b = known[i].e128;
        assert_rgba(cplot_colormap_sample(map, 0.5), (byte(a, 16) + byte(b, 16)) / 2,
                    (byte(a, 8) + byte(b, 8)) / 2, (byte(a, 0) + byte(b, 0)) / 2, 1.0,
                    known[i].name);
        assert_rgb_hex(cplot_colormap_sample(map, 127.0 / 255.0), a, known[i].name);
        assert_rgb_hex(cplot_colormap_sample(map, 128.0 / 255.0), b, known[i].name);
    }

    const cplot_colormap_t *rdbu = cplot_colormap_find("rdbu");
    assert_non_null(rdbu);
    /* ColorBrewer order: red at the low end, blue at the high end. */
    assert_rgb_hex(cplot_colormap_sample(rdbu, 0.0), 0x67001F, "rdbu t=0");
    assert_rgb_hex(cplot_colormap_sample(rdbu, 0.5), 0xF7F7F7, "rdbu t=0.5");
    assert_rgb_hex(cplot_colormap_sample(rdbu, 1.0), 0x053061, "rdbu t=1");
    assert_rgb_hex(cplot_colormap_sample(rdbu, 0.1), 0xB2182B, "rdbu t=0.1");
    assert_rgb_hex(cplot_colormap_sample(rdbu, 0.9), 0x2166AC, "rdbu t=0.9");
    /* t = 0.05 is halfway between the first two classes. */
    assert_rgba(cplot_colormap_sample(rdbu, 0.05), (0x67 + 0xB2) / 510.0,
                (0x00 + 0x18) / 510.0, (0x1F + 0x2B) / 510.0, 1.0, "rdbu t=0.05");
    /* And a quarter of the way from f7f7f7 towards d1e5f0. */
    assert_rgba(cplot_colormap_sample(rdbu, 0.525), (0xF7 + 0.25 * (0xD1 - 0xF7)) / 255.0,
                (0xF7 + 0.25 * (0xE5 - 0xF7)) / 255.0, (0xF7 + 0.25 * (0xF0 - 0xF7)) / 255.0,
                1.0, "rdbu t=0.525");
}

static void test_colormap_clamping_and_nan(void **state)
{
    (void)state;
    for (size_t m = 0; cplot_colormap_names[m] != NULL; m++) {
        const cplot_colormap_t *map = cplot_colormap_find(cplot_colormap_names[m]);
        unsigned int first = map->rgb[0], last = map->rgb[map->count - 1];
        assert_rgb_hex(cplot_colormap_sample(map, -0.5), first, map->name);
        assert_rgb_hex(cplot_colormap_sample(map, -1e300), first, map->name);
        assert_rgb_hex(cplot_colormap_sample(map, -INFINITY), first, map->name);
        assert_rgb_hex(cplot_colormap_sample(map, -0.0), first, map->name);
        assert_rgb_hex(cplot_colormap_sample(map, 1.0 + 1e-12), last, map->name);
        assert_rgb_hex(cplot_colormap_sample(map, 7.0), last, map->name);
        assert_rgb_hex(cplot_colormap_sample(map, INFINITY), last, map->name);
        assert_rgba(cplot_colormap_sample(map, NAN), 0, 0, 0, 0, map->name);
        assert_rgba(cplot_colormap_sample(map, -NAN), 0, 0, 0, 0, map->name);
        /* Entry k sits exactly at t = k / (count - 1). */
        for (size_t k = 0; k < map->count; k++)
            assert_rgb_hex(cplot_colormap_sample(map, (double)k / (double)(map->count - 1)),
                           map->rgb[k], map->name);
    }
    assert_rgba(cplot_colormap_sample(NULL, 0.5), 0, 0, 0, 0, "NULL map");
    cplot_colormap_t empty = {"empty", false, 0, NULL};
    assert_rgba(cplot_colormap_sample(&empty, 0.5), 0, 0, 0, 0, "empty map");
    static const unsigned int one_rgb[] = {0x123456};
    cplot_colormap_t one = {"one", false, 1, one_rgb};
    assert_rgb_hex(cplot_colormap_sample(&one, 0.5), 0x123456, "one-entry map");
}

/* Sampling between two entries stays on the segment joining them (linear
 * interpolation in sRGB), and is continuous: tiny steps in t never jump. */
static void test_colormap_interpolation(void **state)
{
    (void)state;
    const cplot_colormap_t *map = cplot_colormap_find("viridis");
    cplot_rgba_t previous = cplot_colormap_sample(map, 0.0);
    for (int step = 1; step <= 100000; step++) {
        double t = step / 100000.0;
        cplot_rgba_t color = cplot_colormap_sample(map, t);
        double position = t * 255.0;
        size_t k = position >= 255.0 ? 254 : (size_t)position;
        double f = position - (double)k;
        unsigned int a = map->rgb[k], b = map->rgb[k + 1];
        double r = byte(a, 16) + f * (byte(b, 16) - byte(a, 16));
        double g = byte(a, 8) + f * (byte(b, 8) - byte(a, 8));
        double bl = byte(a, 0) + f * (byte(b, 0) - byte(a, 0));
        if (fabs(color.r - r) > 1e-9 || fabs(color.g - g) > 1e-9 || fabs(color.b - bl) > 1e-9)
            fail_msg("viridis at t=%.6f is off the segment between entries %zu and %zu", t, k,
                     k + 1);
        /* Neighbouring viridis entries differ by at most a few units. */
        if (fabs(color.r - previous.r) > 0.01 || fabs(color.g - previous.g) > 0.01
            || fabs(color.b - previous.b) > 0.01)
            fail_msg("viridis jumps at t=%.6f", t);
        previous = color;
    }
}

/* The compiled tables against matplotlib itself, at test time: the script
 * that generated colormap-data.c prints matplotlib's values afresh, so a
 * hand edit of the data file, a wrong rounding, or a change in matplotlib
 * all fail here. Skipped (not failed) where matplotlib is not installed. */
static void test_colormaps_match_matplotlib(void **state)
{
    (void)state;
    const char *source = getenv("CPLOT_SOURCE_DIR");
    if (source == NULL || strchr(source, '\'') != NULL) {
        print_message("CPLOT_SOURCE_DIR unset (run under CTest); skipping the matplotlib check\n");
        skip();
    }
    const char *python = getenv("CPLOT_PYTHON");
    if (python == NULL || strchr(python, '\'') != NULL)
        python = "/usr/bin/python3";
    char command[4096];
    int length = snprintf(command, sizeof command,
                          "'%s' '%s/scripts/gen-colormaps.py' --dump 2>/dev/null", python,
                          source);
    assert_true(length > 0 && (size_t)length < sizeof command);

    FILE *pipe = popen(command, "r");
    assert_non_null(pipe);
    char line[128];
    size_t lines = 0, mismatches = 0;
    while (fgets(line, sizeof line, pipe) != NULL) {
        char name[32];
        size_t index;
        unsigned int rgb;
        if (sscanf(line, "%31s %zu %6x", name, &index, &rgb) != 3) {
            pclose(pipe);
            fail_msg("unexpected line from gen-colormaps.py --dump: %s", line);
        }
        lines++;
        const cplot_colormap_t *map = cplot_colormap_find(name);
        if (map == NULL || index >= map->count) {
            pclose(pipe);
            fail_msg("matplotlib has %s[%zu], cplot does not", name, index);
        }
        if (map->rgb[index] != rgb) {
            if (mismatches++ < 10)
                print_error("%s[%zu]: cplot %06X, matplotlib %06X\n", name, index,
                            map->rgb[index], rgb);
            continue;
        }
        /* Sampling the entry's own t must give the entry itself. */
        cplot_rgba_t color = cplot_colormap_sample(map, (double)index / (double)(map->count - 1));
        if (fabs(color.r - byte(rgb, 16)) > TOLERANCE || fabs(color.g - byte(rgb, 8)) > TOLERANCE
            || fabs(color.b - byte(rgb, 0)) > TOLERANCE)
            mismatches++;
    }
    int status = pclose(pipe);
    if (lines == 0 && WIFEXITED(status) && (WEXITSTATUS(status) == 2 || WEXITSTATUS(status) == 127)) {
        print_message("%s or its matplotlib is missing; skipping the matplotlib check\n", python);
        skip();
    }
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_int_equal(mismatches, 0);
    assert_int_equal(lines, 5 * 256 + 11);
}

/* ---- luminance ---- */

static void test_luminance(void **state)
{
    (void)state;
    cplot_rgba_t color;
    assert_true(cplot_color_parse("white", &color));
    assert_true(fabs(cplot_color_luminance(color) - 1.0) < 1e-12);
    assert_true(cplot_color_parse("black", &color));
    assert_true(cplot_color_luminance(color) == 0.0);
    /* 0x77 = 119: ((119/255 + 0.055) / 1.055)^2.4 = 0.18447 for each channel. */
    assert_true(cplot_color_parse("#777", &color));
    assert_true(fabs(cplot_color_luminance(color) - 0.184475) < 5e-6);
    /* The primaries give the Rec. 709 weights. */
    assert_true(cplot_color_parse("#f00", &color));
    assert_true(fabs(cplot_color_luminance(color) - 0.2126) < 1e-12);
    assert_true(cplot_color_parse("#0f0", &color));
    assert_true(fabs(cplot_color_luminance(color) - 0.7152) < 1e-12);
    assert_true(cplot_color_parse("#00f", &color));
    assert_true(fabs(cplot_color_luminance(color) - 0.0722) < 1e-12);
    /* Below the sRGB knee the curve is linear: 10/255/12.92. */
    assert_true(cplot_color_parse("#0a0a0a", &color));
    assert_true(fabs(cplot_color_luminance(color) - 10.0 / 255.0 / 12.92) < 1e-12);
    /* Alpha does not change it. */
    assert_true(cplot_color_parse("#77777700", &color));
    assert_true(fabs(cplot_color_luminance(color) - 0.184475) < 5e-6);
    /* Out-of-range channels are clamped, NaN counts as 0. */
    cplot_rgba_t wild = {2.0, -1.0, NAN, 1.0};
    assert_true(fabs(cplot_color_luminance(wild) - 0.2126) < 1e-12);
    /* Monotonic along a grey ramp, so "pick the text colour by luminance"
     * never flips back. */
    double previous = -1.0;
    for (int v = 0; v <= 255; v++) {
        cplot_rgba_t grey = {v / 255.0, v / 255.0, v / 255.0, 1.0};
        double luminance = cplot_color_luminance(grey);
        assert_true(luminance > previous);
        previous = luminance;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_hex),
        cmocka_unit_test(test_parse_names),
        cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_color_names),
        cmocka_unit_test(test_palettes),
        cmocka_unit_test(test_colormap_lookup),
        cmocka_unit_test(test_colormap_endpoints),
        cmocka_unit_test(test_colormap_clamping_and_nan),
        cmocka_unit_test(test_colormap_interpolation),
        cmocka_unit_test(test_colormaps_match_matplotlib),
        cmocka_unit_test(test_luminance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
