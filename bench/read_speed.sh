#!/usr/bin/env bash
# Whole-process reading speed, in pages per second, of Notaria against the reference tools
# run on the same files in the same run: pdftotext for text PDFs, pdftoppm + tesseract -l fra
# (psm 3) for scanned pages.
#
#   bench/read_speed.sh BINARY [CORPUS_DIR]
#
# BINARY is either the `notaria` binary (then `notaria analyze FILE` is timed: reading plus
# the rest of the pipeline) or the sandbox child `ingest_reader_child` built in
# build/*/src/ingest/ (then reading only, exactly what the sandbox runs per document).
# Single-threaded Tesseract (OMP_THREAD_LIMIT=1) for everyone, as in production.
set -euo pipefail

bin=${1:?usage: $0 BINARY [CORPUS_DIR]}
corpus=${2:-$(cd "$(dirname "$0")/../../shared/corpus" && pwd)}
export OMP_THREAD_LIMIT=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

text_pdfs=(bad/acte_vente_avec_annexes_60p.pdf docs/piece_0036.pdf docs/doc_0020.pdf
           docs/doc_0023.pdf docs/document_0025.pdf bad/rib_avec_javascript.pdf)
scans=(docs/SCAN00071.pdf docs/scan_0062.pdf docs/capture_0070.png
       docs/IMG_20250427_203315.jpg docs/IMG_20250630_169661.jpg)

# The reader child rejects "analyze" as an unknown invocation (exit 64); notaria accepts it.
if "$bin" analyze --help >/dev/null 2>&1 && [[ "$(basename "$bin")" != *reader_child* ]]; then
  mode=analyze
  run_notaria() { "$bin" analyze "$1" >/dev/null 2>&1; }
else
  mode=reader
  run_notaria() { "$bin" "$1" >"$tmp/out.jsonl"; grep -q '"done":true' "$tmp/out.jsonl"; }
fi

pages_of() {
  case "$1" in
    *.pdf) pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}' ;;
    *) echo 1 ;;
  esac
}

now() { date +%s.%N; }
rate() { awk -v p="$1" -v s="$2" 'BEGIN { printf "%8.2f pages/s  (%d pages, %.1f s)", p / s, p, s }'; }

tesseract_page() {  # rasterise like Notaria (300 dpi, grey) then OCR, as a user would
  local f=$1
  case "$f" in
    *.pdf)
      pdftoppm -r 300 -gray -png "$f" "$tmp/page"
      for img in "$tmp"/page*.png; do tesseract "$img" - -l fra >/dev/null 2>&1; done
      rm -f "$tmp"/page*.png ;;
    *) tesseract "$f" - -l fra >/dev/null 2>&1 ;;
  esac
}

bench_set() {  # name, tool function, files...
  local name=$1 fn=$2; shift 2
  local pages=0 start end f
  start=$(now)
  for f in "$@"; do
    "$fn" "$corpus/$f"
    pages=$((pages + $(pages_of "$corpus/$f")))
  done
  end=$(now)
  printf '%-34s %s\n' "$name" "$(rate "$pages" "$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')")"
}

pdftotext_file() { pdftotext -layout "$1" - >/dev/null 2>&1; }

echo "Notaria ($mode: $bin) vs reference tools, OMP_THREAD_LIMIT=1, $(getconf _NPROCESSORS_ONLN) cores, load $(cut -d" " -f1 /proc/loadavg)"
bench_set "text PDFs   notaria" run_notaria "${text_pdfs[@]}"
bench_set "text PDFs   pdftotext" pdftotext_file "${text_pdfs[@]}"
bench_set "scans       notaria" run_notaria "${scans[@]}"
bench_set "scans       tesseract -l fra" tesseract_page "${scans[@]}"
