#!/bin/sh
# The fuzz test of the default (gcc) build: configures a clang build of the
# tree with CPLOT_FUZZ=ON in BUILD_DIR (reused between runs), builds only
# the libFuzzer targets and runs each for SECONDS under ASan and UBSan.
# Usage: clang-build.sh SOURCE_DIR BUILD_DIR SECONDS
# Exits 77 (skipped) when clang or libFuzzer is missing.
set -u
if [ $# -ne 3 ]; then
    echo "usage: $0 SOURCE_DIR BUILD_DIR SECONDS" >&2
    exit 2
fi
source_dir=$1 build=$2 seconds=$3
here=$(cd "$(dirname "$0")" && pwd)
cc=${CPLOT_FUZZ_CC:-clang}
if ! command -v "$cc" >/dev/null 2>&1; then
    echo "SKIPPED: $cc is not installed (scripts/install-deps.sh installs clang)"
    exit 77
fi
probe=$(mktemp -d)
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' \
    >"$probe/probe.c"
if ! "$cc" -fsanitize=fuzzer,address,undefined "$probe/probe.c" -o "$probe/probe" >/dev/null 2>&1; then
    rm -rf "$probe"
    echo "SKIPPED: $cc cannot link libFuzzer (install libclang-rt-dev)"
    exit 77
fi
rm -rf "$probe"

jobs=$(nproc 2>/dev/null || echo 2)
start=$(date +%s)
if ! cmake -S "$source_dir" -B "$build" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCPLOT_FUZZ=ON -DCPLOT_SANITIZE=OFF -DCPLOT_FUZZ_SECONDS="$seconds" >"$build.configure.log" 2>&1; then
    cat "$build.configure.log"
    echo "FAILED: configuring the clang fuzz build"
    exit 1
fi
if ! cmake --build "$build" --target fuzz-all -j "$jobs" >"$build.build.log" 2>&1; then
    tail -n 80 "$build.build.log"
    echo "FAILED: building the fuzz targets with $cc"
    exit 1
fi
echo "== built the fuzz targets in $(( $(date +%s) - start )) s"

status=0
for target in spec csv json-data render deflate; do
    case $target in
        render) seeds=spec ;;
        *) seeds=$target ;;
    esac
    "$here/run-fuzzer.sh" "$build/tests/fuzz/fuzz-$target" "$here/corpus/$seeds" "$here/regressions" \
        "$build/tests/fuzz/work/$target" "$seconds" || status=1
done
exit $status
