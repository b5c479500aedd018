#!/bin/sh
# Runs one libFuzzer target for a bounded time: first every committed
# regression input once, then fuzzing from the seed corpus.
# Usage: run-fuzzer.sh FUZZER SEED_DIR REGRESSION_DIR WORK_DIR SECONDS [LIBFUZZER_FLAG...]
#
# New inputs go to WORK_DIR/corpus (kept between runs, so coverage
# accumulates), never into the source tree; a crash is saved as
# WORK_DIR/crash-* (or leak-*, timeout-*, oom-*) and the script prints how
# to turn it into a regression test.
set -u
if [ $# -lt 5 ]; then
    echo "usage: $0 FUZZER SEED_DIR REGRESSION_DIR WORK_DIR SECONDS [FLAG...]" >&2
    exit 2
fi
fuzzer=$1 seeds=$2 regressions=$3 work=$4 seconds=$5
shift 5
here=$(cd "$(dirname "$0")" && pwd)
name=$(basename "$fuzzer")
mkdir -p "$work/corpus"

: "${ASAN_OPTIONS:=detect_leaks=1:abort_on_error=0:allocator_may_return_null=1}"
: "${LSAN_OPTIONS:=suppressions=$here/../lsan.supp:print_suppressions=0}"
: "${UBSAN_OPTIONS:=print_stacktrace=1:halt_on_error=1}"
export ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS

dict=
case $name in
    fuzz-spec | fuzz-render) dict=-dict=$here/spec.dict ;;
    fuzz-json-data) dict=-dict=$here/json.dict ;;
    fuzz-csv) dict=-dict=$here/csv.dict ;;
esac

# Limits: a spec is at most 1 MiB but small inputs find bugs faster; one
# input may take 10 s (a render at 320x240 takes milliseconds); 2 GB of
# memory at most, and no single allocation above 1 GB.
flags="-max_len=65536 -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=1"

set -- $flags $dict "$@"
regression_files=$(find "$regressions" -type f ! -name '.*' ! -name '*.md' 2>/dev/null | sort)
if [ -n "$regression_files" ]; then
    echo "== $name: replaying $(echo "$regression_files" | wc -l) regression inputs"
    # shellcheck disable=SC2086
    if ! "$fuzzer" "$@" -runs=1 $regression_files >"$work/regressions.log" 2>&1; then
        tail -n 80 "$work/regressions.log"
        echo "FAILED: $name crashes on a committed regression input (see above)"
        exit 1
    fi
fi

echo "== $name: fuzzing for $seconds s from $seeds"
"$fuzzer" "$@" -max_total_time="$seconds" -artifact_prefix="$work/" "$work/corpus" "$seeds" \
    >"$work/fuzz.log" 2>&1
status=$?
if [ $status -ne 0 ]; then
    tail -n 120 "$work/fuzz.log"
    artifact=$(ls -t "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* \
        "$work"/slow-unit-* 2>/dev/null | head -n 1)
    echo
    echo "FAILED: $name found a bug (exit $status)."
    if [ -n "$artifact" ]; then
        echo "The input: $artifact"
        echo "Reproduce: $fuzzer $artifact"
        echo "Keep it as a regression test: cp $artifact $here/regressions/$name-<what>"
    fi
    exit 1
fi
grep -E '(DONE|^stat::number_of_executed_units|^stat::peak_rss_mb)' "$work/fuzz.log" | tail -n 3
exit 0
