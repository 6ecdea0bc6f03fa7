#!/usr/bin/env bash
# Installs the Debian packages Notaria needs to build, run and test.
# Idempotent: packages already present are skipped, and apt is not touched at all
# when nothing is missing. Needs root (or sudo) only when something must be installed.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build pkg-config make python3
  # libraries
  libboost1.81-dev nlohmann-json3-dev libsqlite3-dev libpoppler-cpp-dev
  libtesseract-dev libleptonica-dev tesseract-ocr tesseract-ocr-fra tesseract-ocr-osd
  libheif-dev libre2-dev libicu-dev libcurl4-openssl-dev libspdlog-dev libfmt-dev
  libcli11-dev zlib1g-dev libssl-dev libpq-dev libhiredis-dev libxapian-dev
  # the web UI's end-to-end tests drive Debian's browser (playwright-core, no download)
  chromium
  # engines the tests start (scripts/test-services.sh)
  postgresql redis-server
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev poppler-utils
)
# npm fetches the commune data (scripts/fetch-communes.sh); NodeSource's nodejs bundles it.
if ! command -v npm >/dev/null 2>&1; then packages+=(nodejs npm); fi
# The commune data comes once the packages are in place, on every successful way out.
trap 'rc=$?; if [ "$rc" -eq 0 ]; then "$(dirname "$0")/fetch-communes.sh" || rc=$?; fi; exit "$rc"' EXIT

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists: install fails until they are fetched once.
if ! $sudo apt-get install -y --no-install-recommends "${missing[@]}"; then
  $sudo apt-get update
  $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi
