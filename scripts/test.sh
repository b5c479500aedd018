#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds twice (a normal
# build, and one under AddressSanitizer + UndefinedBehaviorSanitizer, which
# also checks for leaks) and runs every test of both under CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs=$(nproc)

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"
cmake -S . -B build-sanitize -DCPLOT_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-sanitize -j"$jobs"

status=0
echo "== tests (release build)"
ctest --test-dir build --output-on-failure -j"$jobs" || status=1
echo "== tests (ASan + UBSan build)"
#  (the sanitizer options and leak suppressions are set by tests/CMakeLists.txt)
ctest --test-dir build-sanitize --output-on-failure -j"$jobs" || status=1
exit $status
