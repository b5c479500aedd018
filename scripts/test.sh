#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds three times (a
# normal build; one under AddressSanitizer + UndefinedBehaviorSanitizer,
# which also checks for leaks; one under ThreadSanitizer) and runs every
# test of the first two and the thread tests of the third under CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs=$(nproc)

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"
cmake -S . -B build-sanitize -DCPLOT_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-sanitize -j"$jobs"
cmake -S . -B build-tsan -DCPLOT_SANITIZE_THREAD=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-tsan -j"$jobs"

status=0
echo "== tests (release build)"
ctest --test-dir build --output-on-failure -j"$jobs" || status=1
echo "== tests (ASan + UBSan build)"
#  (the sanitizer options and leak suppressions are set by tests/CMakeLists.txt)
ctest --test-dir build-sanitize --output-on-failure -j"$jobs" || status=1
echo "== thread tests (ThreadSanitizer build)"
ctest --test-dir build-tsan --output-on-failure -L threads -j"$jobs" || status=1
exit $status
