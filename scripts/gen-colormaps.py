#!/usr/bin/python3
"""Writes libplot/src/colormap-data.c from matplotlib's listed colour maps.

Run with Debian's /usr/bin/python3 and python3-matplotlib:

    scripts/gen-colormaps.py            rewrite libplot/src/colormap-data.c
    scripts/gen-colormaps.py --check    regenerate in memory and compare with
                                        the committed file (exit 1 if they
                                        differ), and compare the CSS colour
                                        table in libplot/src/color.c with
                                        matplotlib.colors.CSS4_COLORS
    scripts/gen-colormaps.py --dump     print matplotlib's own values (8-bit)
                                        for tests/unit/test-color.c to compare
                                        with the compiled tables

The tables are copied, not recomputed: matplotlib holds them as lists of
floats (matplotlib._cm_listed, exposed as matplotlib.colormaps[name].colors),
and each channel becomes floor(value * 255 + 1/2), computed exactly on the
float's value, so no rounding tie can go either way by accident.
"""

import argparse
import difflib
import os
import re
import sys
from fractions import Fraction

MAPS = ("viridis", "magma", "inferno", "plasma", "cividis")
TABLE_SIZE = 256
ENTRIES_PER_LINE = 8

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, "libplot", "src", "colormap-data.c")
COLOR_SOURCE = os.path.join(ROOT, "libplot", "src", "color.c")

# Kept free of versions and dates so that --check only fails when the colour
# values (or this script) change, not when matplotlib is upgraded.
HEADER = """\
/* GENERATED FILE: do not edit. Written by scripts/gen-colormaps.py; change
 * the script and re-run it (`/usr/bin/python3 scripts/gen-colormaps.py`),
 * and `--check` verifies that this file still matches matplotlib.
 *
 * Source: the 256-entry listed colour maps of matplotlib
 * (matplotlib/_cm_listed.py, read as matplotlib.colormaps[name].colors),
 * each float channel rounded half up to 8 bits: floor(value * 255 + 1/2).
 *
 * viridis, magma, inferno, plasma: by Nathaniel J. Smith, Stefan van der
 * Walt and (viridis) Eric Firing, from https://github.com/BIDS/colormap,
 * released under the CC0 1.0 public domain dedication
 * <http://creativecommons.org/publicdomain/zero/1.0/>.
 *
 * cividis: by Jamie R. Nuñez, Christopher R. Anderton and Ryan S. Renslow
 * (Pacific Northwest National Laboratory; "Optimizing colormaps with
 * consideration for color vision deficiency to enable accurate
 * interpretation of scientific data", PLoS ONE 13(7): e0199239, 2018),
 * as distributed with matplotlib. Copyright (c) 2017, Battelle Memorial
 * Institute; BSD-style licence. The full notice, and matplotlib's own
 * licence, are in libplot/data/LICENSES.md.
 */
#include "color-private.h"
"""


def quantize(value):
    """floor(value * 255 + 1/2), exact on the binary value of the float."""
    scaled = Fraction(value) * 255 + Fraction(1, 2)
    byte = scaled.numerator // scaled.denominator
    if not 0 <= byte <= 255:
        raise ValueError("channel %r is outside [0, 1]" % (value,))
    return byte


def listed_colors(name):
    import matplotlib

    colormap = matplotlib.colormaps[name]
    colors = getattr(colormap, "colors", None)
    if colors is None or len(colors) != TABLE_SIZE:
        raise SystemExit("gen-colormaps: matplotlib's %s is not a %d-entry listed map"
                         % (name, TABLE_SIZE))
    entries = []
    for rgb in colors:
        r, g, b = (quantize(float(channel)) for channel in rgb[:3])
        entries.append((r << 16) | (g << 8) | b)
    return entries


def generate():
    lines = [HEADER.rstrip("\n")]
    for name in MAPS:
        entries = listed_colors(name)
        lines.append("")
        lines.append("const unsigned int cplot_colormap_%s_rgb[CPLOT_COLORMAP_TABLE_SIZE] = {"
                     % name)
        for start in range(0, len(entries), ENTRIES_PER_LINE):
            chunk = entries[start:start + ENTRIES_PER_LINE]
            lines.append("    " + " ".join("0x%06X," % value for value in chunk))
        lines.append("};")
    return "\n".join(lines) + "\n"


def css_table_problems():
    """Differences between color.c's CSS keyword table and matplotlib's."""
    from matplotlib.colors import CSS4_COLORS

    with open(COLOR_SOURCE, encoding="utf-8") as source:
        text = source.read()
    pattern = re.compile(r'^\s*X\("([a-z]+)",\s*0x([0-9A-Fa-f]{6}),\s*(\d+)\)', re.M)
    ours = {name: (rgb.upper(), int(alpha)) for name, rgb, alpha in pattern.findall(text)}
    problems = []
    if ours.get("transparent") != ("000000", 0):
        problems.append("transparent is missing or not rgba(0, 0, 0, 0)")
    ours.pop("transparent", None)
    theirs = {name: (value.lstrip("#").upper(), 255) for name, value in CSS4_COLORS.items()}
    for name in sorted(set(ours) | set(theirs)):
        if ours.get(name) != theirs.get(name):
            problems.append("%s: color.c %s, matplotlib %s" % (name, ours.get(name), theirs.get(name)))
    if len(ours) != 148:
        problems.append("color.c has %d CSS names, expected 148" % len(ours))
    return problems


def check():
    expected = generate()
    try:
        with open(OUTPUT, encoding="utf-8") as committed:
            actual = committed.read()
    except OSError as error:
        print("gen-colormaps: %s" % error, file=sys.stderr)
        return 1
    status = 0
    if actual != expected:
        sys.stdout.writelines(difflib.unified_diff(
            actual.splitlines(True), expected.splitlines(True),
            os.path.relpath(OUTPUT, ROOT) + " (committed)",
            os.path.relpath(OUTPUT, ROOT) + " (from matplotlib)"))
        print("gen-colormaps: %s is out of date; re-run scripts/gen-colormaps.py"
              % os.path.relpath(OUTPUT, ROOT), file=sys.stderr)
        status = 1
    problems = css_table_problems()
    for problem in problems:
        print("gen-colormaps: CSS colour table: %s" % problem, file=sys.stderr)
    if problems:
        status = 1
    return status


def dump():
    """One line per entry: 'name index RRGGBB', straight from matplotlib."""
    import matplotlib._cm

    for name in MAPS:
        for index, value in enumerate(listed_colors(name)):
            print("%s %d %06X" % (name, index, value))
    # ColorBrewer RdBu as matplotlib holds it (its 11 anchors, low to high).
    for index, rgb in enumerate(matplotlib._cm.datad["RdBu"]):
        r, g, b = (quantize(float(channel)) for channel in rgb)
        print("rdbu %d %02X%02X%02X" % (index, r, g, b))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help="compare the committed file with matplotlib; exit 1 if different")
    mode.add_argument("--dump", action="store_true",
                      help="print matplotlib's 8-bit values, one 'name index RRGGBB' a line")
    parser.add_argument("--output", default=OUTPUT, help="where to write (default: %(default)s)")
    arguments = parser.parse_args()
    try:
        import matplotlib  # noqa: F401  (fail early with a clear message)
    except ImportError:
        print("gen-colormaps: needs matplotlib (apt-get install python3-matplotlib; "
              "run with /usr/bin/python3)", file=sys.stderr)
        return 2
    if arguments.check:
        return check()
    if arguments.dump:
        return dump()
    text = generate()
    with open(arguments.output, "w", encoding="utf-8", newline="\n") as output:
        output.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
