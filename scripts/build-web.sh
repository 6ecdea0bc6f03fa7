#!/usr/bin/env bash
# Builds the web UI into web/dist (index.html, app.js, app.css). Idempotent: `npm ci` only when
# web/node_modules is missing or older than web/package-lock.json. Callable from anywhere
# (e.g. `scripts/build-web.sh` from the repository root, or from make).
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
web="$root/web"
log="$(mktemp -t notaria-build-web.XXXXXX)"
trap 'rm -f "$log"' EXIT

fail() {
  # One readable line, then the tail of the tool's output for whoever wants the detail.
  echo "build-web: $1" >&2
  if [ -s "$log" ]; then tail -n 20 "$log" | sed 's/^/  | /' >&2; fi
  exit 1
}

command -v node >/dev/null 2>&1 || fail "node introuvable (apt-get install nodejs npm)"
command -v npm >/dev/null 2>&1 || fail "npm introuvable (apt-get install npm)"
[ -f "$web/package-lock.json" ] || fail "$web/package-lock.json absent"

cd "$web" || fail "dossier $web introuvable"

stamp="node_modules/.package-lock.json" # written by npm at each install
if [ ! -d node_modules ] || [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  # No browser download (playwright-core never downloads one; the variable is belt and braces).
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >"$log" 2>&1 \
    || fail "npm ci a échoué dans web/ (registre npm injoignable ?)"
  touch "$stamp"
fi

npm run --silent build >"$log" 2>&1 || fail "npm run build a échoué (tsc ou esbuild) dans web/"
[ -f dist/index.html ] && [ -f dist/app.js ] && [ -f dist/app.css ] || fail "web/dist incomplet après la construction"
echo "build-web: web/dist prêt"
