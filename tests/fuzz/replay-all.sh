#!/bin/sh
# Replays the seed corpora and every file of regressions/ through the
# fuzz targets built with a plain main() (fuzz-replay-*), so that inputs
# that once crashed keep being run by every build, gcc and sanitizer ones
# included. Usage: replay-all.sh SPEC CSV JSON_DATA RENDER DEFLATE FUZZ_SOURCE_DIR
set -u
if [ $# -ne 6 ]; then
    echo "usage: $0 SPEC CSV JSON_DATA RENDER DEFLATE FUZZ_SOURCE_DIR" >&2
    exit 2
fi
dir=$6
status=0
run() {
    name=$1
    shift
    echo "== $name: $*"
    # Per-input output only when something goes wrong.
    if ! log=$("$@" 2>&1); then
        printf '%s\n' "$log" | tail -n 60
        echo "FAILED: $name (the last input listed above is the culprit)"
        status=1
    else
        printf '%s\n' "$log" | tail -n 1
    fi
}
run fuzz-spec "$1" "$dir/corpus/spec" "$dir/regressions"
run fuzz-csv "$2" "$dir/corpus/csv" "$dir/regressions"
run fuzz-json-data "$3" "$dir/corpus/json-data" "$dir/regressions"
run fuzz-render "$4" "$dir/corpus/spec" "$dir/regressions"
run fuzz-deflate "$5" "$dir/corpus/deflate" "$dir/regressions"
exit $status
