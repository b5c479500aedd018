#!/usr/bin/env bash
# The main job: install what is needed, build cplot, and build the gallery
# site from specs/ into _site/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
./build/cplot gallery specs -o _site
echo "The gallery is at $(pwd)/_site/index.html"
