#!/usr/bin/env bash
# Runs the whole public corpus through `notaria analyze` and scores it with eval.py.
# Usage: scripts/eval.sh [path/to/notaria]   (results kept in build/eval-results.jsonl)
set -euo pipefail
cd "$(dirname "$0")/.."
notaria=${1:-build/release/src/app/notaria}
shift || true
shared=${NOTARIA_SHARED_DIR:-$(cd .. && pwd)/shared}
corpus="$shared/corpus"
out=build/eval-results.jsonl
mkdir -p build
# Documents only: the truth files beside them are the answers, not inputs.
mapfile -t docs < <(find "$corpus/docs" -type f ! -name '*.truth.json' | sort)
mapfile -t bad < <(find "$corpus/bad" -type f ! -name '*.truth.json' ! -name 'index.json' | sort)
start=$(date +%s)
"$notaria" analyze --offline "${docs[@]}" "${bad[@]}" "$corpus"/dossiers/DOS-* > "$out"
echo "analyze: $(wc -l < "$out") lines in $(( $(date +%s) - start )) s -> $out" >&2
python3 "$shared/tools/eval.py" --results "$out" --truth "$corpus" "$@"
