#!/usr/bin/env bash
# Installs the npm packages the tests start (s3rver, the local S3 server of the blob-store and
# distributed tests) into tests/s3rver/node_modules, which git ignores, from the committed
# package-lock.json. Idempotent: does nothing when the locked version is there.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/tests/s3rver"
version=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["dependencies"]["s3rver"])' "$dir/package.json")
installed="$dir/node_modules/s3rver/package.json"
if [ -f "$installed" ] && grep -q "\"version\": \"$version\"" "$installed"; then
  echo "fetch-test-tools: s3rver $version present"
  exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "fetch-test-tools: npm is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
npm ci --prefix "$dir" --no-audit --no-fund
echo "fetch-test-tools: installed s3rver $version in $dir"
