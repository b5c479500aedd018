#!/usr/bin/env bash
# Installs the build into a temporary prefix and builds a small program
# against it twice: with pkg-config and with CMake's find_package (shared
# and static). Each program must run and write a PNG.
set -euo pipefail
build=$1
source=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/cplot-install-XXXXXX)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

cmake --install "$build" --prefix "$prefix" >/dev/null
for f in include/cplot/cplot.h bin/cplot lib/pkgconfig/cplot.pc lib/cmake/cplot/cplotConfig.cmake \
         lib/cmake/cplot/cplotConfigVersion.cmake lib/libcplot.a share/man/man1/cplot.1; do
  [ -e "$prefix/$f" ] || { echo "not installed: $f"; exit 1; }
done
libdir=$(dirname "$(find "$prefix" -name 'libcplot.so' | head -n1)")
[ -n "$libdir" ] || { echo "libcplot.so not installed"; exit 1; }
# Only the documented API is exported from the shared library.
if nm -D --defined-only "$libdir/libcplot.so" | awk '$2 ~ /[TDBR]/ {print $3}' | grep -v '^cplot_' | grep -v '^_' ; then
  echo "symbols without the cplot_ prefix are exported"; exit 1
fi
# ... and exactly the functions the public header declares with CPLOT_API.
header=$prefix/include/cplot/cplot.h
diff <(nm -D --defined-only "$libdir/libcplot.so" | awk '$2 == "T" {print $3}' | sort) \
     <(tr '\n' ' ' < "$header" | grep -oE 'CPLOT_API [^;(]*\(' | grep -oE 'cplot_[a-z0-9_]+ *\($' | tr -d ' (' | sort) \
  || { echo "exported functions differ from the header's CPLOT_API declarations (< exported, > declared)"; exit 1; }

export PKG_CONFIG_PATH=$libdir/pkgconfig
echo "== pkg-config: $(pkg-config --modversion cplot)"
cc -std=c11 -Wall -Wextra -Werror "$source/consumer.c" $(pkg-config --cflags --libs cplot) -o "$work/consumer-pc"
LD_LIBRARY_PATH=$libdir "$work/consumer-pc" "$work/pc.png"

echo "== CMake find_package"
cmake -S "$source" -B "$work/consumer-build" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/consumer-build" >/dev/null
LD_LIBRARY_PATH=$libdir "$work/consumer-build/consumer" "$work/cmake.png"
"$work/consumer-build/consumer_static" "$work/cmake-static.png"

cmp "$work/pc.png" "$work/cmake.png"
cmp "$work/pc.png" "$work/cmake-static.png"
head -c 8 "$work/pc.png" | od -An -c | grep -q 'P   N   G' || { echo "not a PNG"; exit 1; }
echo "install test passed"
