#!/usr/bin/env bash
# Installs the commune list (INSEE code, name, postal codes) from the npm package
# @etalab/decoupage-administratif into build/third_party/, which git ignores. Idempotent: does
# nothing when the pinned version is already there. The build converts it (see
# scripts/gen_communes.py); nothing is read from the network at build or run time.
set -euo pipefail

version="6.0.0"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${NOTARIA_COMMUNES_PREFIX:-$root/build/third_party/decoupage-administratif}"
pkg="$dest/node_modules/@etalab/decoupage-administratif/package.json"

if [ -f "$pkg" ] && grep -q "\"version\": \"$version\"" "$pkg"; then
  echo "fetch-communes: @etalab/decoupage-administratif $version present"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "fetch-communes: npm is missing (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
mkdir -p "$dest"
# --ignore-scripts: the package is data only; nothing of it needs to run.
npm install --prefix "$dest" --no-audit --no-fund --ignore-scripts --no-save \
  "@etalab/decoupage-administratif@$version"
echo "fetch-communes: installed @etalab/decoupage-administratif $version in $dest"
