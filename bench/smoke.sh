#!/bin/sh
# Smoke test of the benchmark, under 30 s: run.py --quick with cplot only
# (the in-process driver, `cplot render`, the encoder floor, Kendall's
# scaling; not the gallery build, which alone takes longer) and exit 0 when
# every measurement ran. The data and report go under BUILD_DIR/bench-smoke/,
# never over bench/RESULTS.md.
#
#   bench/smoke.sh [BUILD_DIR]     (default: build/ beside bench/)
#
# For CTest: add_test(NAME bench.smoke COMMAND ${PROJECT_SOURCE_DIR}/bench/smoke.sh ${PROJECT_BINARY_DIR})
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-"$here/../build"}
exec /usr/bin/python3 "$here/run.py" --quick --tools cplot --no-gallery --build-dir "$build" \
    --data-dir "$build/bench-smoke" --output "$build/bench-smoke/RESULTS.md"
