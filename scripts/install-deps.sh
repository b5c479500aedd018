#!/usr/bin/env bash
# Installs every build, test and comparison dependency from Debian packages.
# Safe to run twice: apt-get skips what is already installed, and the package
# list is refreshed only when it is missing or older than a day.
set -euo pipefail

packages=(
  # build
  build-essential cmake pkg-config
  # library dependencies (DESIGN.md: cairo, Pango, libdeflate (PNG), cJSON, cmark; libpng
  # for the tests)
  libcairo2-dev libpango1.0-dev libpng-dev zlib1g-dev libdeflate-dev libcjson-dev libcmark-dev
  # pinned fonts for pixel-stable output
  fonts-dejavu-core fontconfig
  # tests: unit tests, sanitizers and fuzzers (clang), leak checks
  libcmocka-dev clang libclang-rt-dev valgrind
  # reference numerics and side-by-side comparisons
  python3 python3-numpy python3-scipy python3-pandas python3-matplotlib python3-seaborn
  python3-jsonschema
  gnuplot-nox
  # the benchmark's peak-memory column (/usr/bin/time -v)
  time
  # gallery site tests: HTML5 parsing, and a real browser (driven by the
  # playwright-core npm package; node and npm come from nodesource)
  python3-html5lib chromium
)

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: run as root (apt-get needs it)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
lists=$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -n 1)
if [ -z "$lists" ]; then
  apt-get update -q
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all ${#packages[@]} packages already installed"
fi

# The browser test's driver, pinned by tests/site/package-lock.json. npm
# ci installs exactly the locked versions; playwright-core downloads no
# browser (the test uses Debian's /usr/bin/chromium).
cd "$(dirname "$0")/.."
if [ ! -d tests/site/node_modules/playwright-core ]; then
  if command -v npm >/dev/null; then
    npm ci --prefix tests/site --no-audit --no-fund
  else
    echo "install-deps: npm is missing; the browser test (site.browser) needs node and npm" >&2
    exit 1
  fi
fi
