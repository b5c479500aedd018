#!/bin/sh
# Builds the gallery site from SPECS under valgrind memcheck and passes only
# with no memory errors and no definite leaks (after the suppressions in
# valgrind.supp, which cover only memory the font and drawing libraries
# allocated themselves).
#
# Usage: valgrind-gallery.sh CPLOT SPECS [all|sample] [JOBS] [CANARY]
#
# CANARY, when given, is leak-canary (built from leak-canary.c): it leaks a
# block, a Pango layout and a cairo surface on purpose, and must show three
# definite leaks with the same suppressions, or the suppressions hide too
# much.
#
# "all" builds the site from SPECS itself: every example, every output
# (PNG at 1x and 2x, thumbnails, dark variants, SVG, PDF), the page writer
# and the worker threads; about 3 minutes for the 105 examples (CTest runs
# this). "sample" (the default, for a quick look) builds from a copy of
# SPECS that keeps its registry, caveats and data but only some examples:
# the first of every chart-type folder, of every chart kind and the first
# with facets.
#
# Exits 77 (skipped) when valgrind is not installed. The full valgrind log
# is printed on failure; CPLOT_VALGRIND_LOG=FILE keeps it.
set -u
if [ $# -lt 2 ]; then
    echo "usage: $0 CPLOT SPECS [all|sample] [JOBS] [CANARY]" >&2
    exit 2
fi
cplot=$1 specs=$2 which=${3:-sample} jobs=${4:-2} canary=${5:-}
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v valgrind >/dev/null 2>&1; then
    echo "SKIPPED: valgrind is not installed (scripts/install-deps.sh installs it)"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
log=${CPLOT_VALGRIND_LOG:-$tmp/valgrind.log}

if [ -n "$canary" ]; then
    valgrind --tool=memcheck --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
        --show-leak-kinds=definite --suppressions="$here/valgrind.supp" --num-callers=40 \
        --log-file="$tmp/canary.log" "$canary"
    # Each deliberate leak must show as a definite leak whose stack ends at
    # its line of leak-canary.c (marked CANARY-...).
    missing=$(/usr/bin/python3 - "$tmp/canary.log" "$here/leak-canary.c" <<'PYTHON'
import re, sys
log, source = open(sys.argv[1]).read(), open(sys.argv[2]).read().split("\n")
records = [r for r in re.split(r"==\d+== \n", log) if "definitely lost in loss record" in r]
for number, line in enumerate(source, 1):
    marker = re.search(r"CANARY-[A-Z]+", line)
    if marker and "(CANARY" not in line and not any("leak-canary.c:%d)" % number in r for r in records):
        print(marker.group(0))
PYTHON
)
    if [ -n "$missing" ] || ! grep -q "definitely lost in loss record" "$tmp/canary.log"; then
        cat "$tmp/canary.log"
        echo "FAILED: with valgrind.supp memcheck does not report the canary's deliberate leaks:"
        echo "$missing; the suppressions hide leaks they must not"
        exit 1
    fi
    echo "canary: the 3 deliberate leaks are reported through valgrind.supp"
fi

if [ "$which" = sample ]; then
    if ! /usr/bin/python3 - "$specs" "$tmp/specs" <<'PYTHON'
import glob, json, os, re, shutil, sys
source, target = sys.argv[1], sys.argv[2]
shutil.copytree(source, target, ignore=lambda folder, names: [
    n for n in names if n.endswith(".json") and n != "registry.json"
    and os.path.basename(folder) != "data"])
chosen, kinds, facet = set(), set(), False
for path in sorted(glob.glob(os.path.join(source, "*", "*.json"))):
    folder = os.path.basename(os.path.dirname(path))
    if folder == "data":
        continue
    with open(path) as f:
        text = f.read()
    kind = re.search(r'"chart"\s*:\s*"([^"]*)"', text)
    kind = kind.group(1) if kind else None
    first_of_folder = not any(os.path.dirname(c) == os.path.dirname(path) for c in chosen)
    if first_of_folder or kind not in kinds or (not facet and '"facet"' in text):
        chosen.add(path)
        kinds.add(kind)
        facet = facet or '"facet"' in text
for path in sorted(chosen):
    relative = os.path.relpath(path, source)
    shutil.copy(path, os.path.join(target, relative))
print("sample: %d of %d examples (%s)" % (len(chosen), len(glob.glob(os.path.join(source, "*", "*.json")))
      - len(glob.glob(os.path.join(source, "data", "*.json"))), ", ".join(sorted(k for k in kinds if k))))
PYTHON
    then
        echo "FAILED: could not make the sample of $specs"
        exit 1
    fi
    specs=$tmp/specs
fi

start=$(date +%s)
valgrind --tool=memcheck --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
    --show-leak-kinds=definite --suppressions="$here/valgrind.supp" --num-callers=40 \
    --gen-suppressions=all --log-file="$log" \
    "$cplot" gallery "$specs" -o "$tmp/site" -j "$jobs" >"$tmp/gallery.out" 2>"$tmp/gallery.err"
status=$?
elapsed=$(( $(date +%s) - start ))

tail -n 2 "$tmp/gallery.err"
summary=$(grep -E "ERROR SUMMARY|definitely lost:|indirectly lost:|possibly lost:|still reachable:|suppressed:" "$log" \
    | sed 's/^==[0-9]*== *//')
echo "$summary"
echo "valgrind: ${elapsed} s, exit $status"

errors=$(grep -E "ERROR SUMMARY: [0-9]+ errors" "$log" | sed -E 's/.*ERROR SUMMARY: ([0-9]+) errors.*/\1/' | tail -n 1)
definite=$(grep -E "definitely lost: [0-9,]+ bytes" "$log" | sed -E 's/.*definitely lost: ([0-9,]+) bytes.*/\1/' | tr -d , | tail -n 1)
if [ "$status" -eq 0 ] && [ "${errors:-x}" = 0 ] && [ "${definite:-0}" = 0 ] && [ -f "$tmp/site/index.html" ]; then
    echo "PASSED: no memory errors and no definite leaks"
    exit 0
fi
echo
cat "$tmp/gallery.err" | tail -n 40
echo "---- valgrind log ----"
cat "$log"
if [ "${errors:-x}" != 0 ] || [ "${definite:-0}" != 0 ]; then
    echo "FAILED: memcheck found ${errors:-?} errors and ${definite:-?} bytes definitely lost (see above)"
else
    echo "FAILED: cplot gallery itself failed (exit $status) or built no site"
fi
exit 1
