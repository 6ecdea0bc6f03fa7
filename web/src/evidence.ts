// Evidence spans are BYTE offsets into the UTF-8 page text. JavaScript strings are UTF-16:
// convert before slicing.

import type { Span } from './api';

/** Converts a UTF-8 byte offset into a UTF-16 index of `text`. An offset inside a multi-byte
 * character snaps to the start of that character; past the end, to the end. */
export function byteToIndex(text: string, byteOffset: number): number {
  if (byteOffset <= 0) return 0;
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i) as number;
    const len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes + len > byteOffset) return i;
    bytes += len;
    i += cp >= 0x10000 ? 2 : 1;
    if (bytes === byteOffset) return i;
  }
  return text.length;
}

export interface Range {
  start: number; // UTF-16 index, inclusive
  end: number; // UTF-16 index, exclusive
}

/** Byte span -> UTF-16 range in `text` (empty ranges are dropped by the caller). */
export function spanToRange(text: string, span: { start: number; end: number }): Range {
  const start = byteToIndex(text, span.start);
  const end = Math.max(start, byteToIndex(text, span.end));
  return { start, end };
}

export function isSpan(v: unknown): v is Span {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return typeof o.page === 'number' && typeof o.start === 'number' && typeof o.end === 'number';
}

/** Page `n` of a result (by its number; by position for results that lack numbers). */
export function pageNumbered<P extends { number: number }>(pages: P[], n: number): P | undefined {
  return pages.find((p) => p.number === n) ?? pages[n - 1];
}

/** The characters of a page that a span points at, spaces and line breaks collapsed (what a
 * value was read from, as printed); undefined when the page or span is unknown. */
export function printedText(pages: { number: number; text: string }[] | undefined, span: Span | undefined): string | undefined {
  if (!span || !pages) return undefined;
  const page = pageNumbered(pages, span.page);
  if (!page || typeof page.text !== 'string') return undefined;
  const r = spanToRange(page.text, span);
  const s = page.text.slice(r.start, r.end).replace(/\s+/g, ' ').trim();
  return s || undefined;
}

const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const isWordChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** Byte spans of every whole-word occurrence of `terms` in `text` on `page`, accents and
 * capitals ignored (« Alès » marks « ALES »; « ép » does not mark the inside of « RÉPUBLIQUE »). */
export function termSpans(text: string, terms: string[], page: number): Span[] {
  // The folded text, and for each of its UTF-16 units the index of the character it came from.
  let folded = '';
  const origin: number[] = [];
  for (let i = 0; i < text.length; ) {
    const ch = String.fromCodePoint(text.codePointAt(i) as number);
    const f = fold(ch);
    for (let k = 0; k < f.length; k++) origin.push(i);
    folded += f;
    i += ch.length;
  }
  origin.push(text.length);
  const encoder = new TextEncoder();
  const spans: Span[] = [];
  for (const term of terms) {
    const t = fold(term).trim();
    if (!t) continue;
    for (let i = folded.indexOf(t); i >= 0 && spans.length < 200; i = folded.indexOf(t, i + 1)) {
      if (isWordChar(t[0]) && isWordChar(folded[i - 1])) continue;
      if (isWordChar(t[t.length - 1]) && isWordChar(folded[i + t.length])) continue;
      const from = origin[i];
      const to = origin[i + t.length];
      const start = encoder.encode(text.slice(0, from)).length;
      spans.push({ page, start, end: start + encoder.encode(text.slice(from, to)).length });
    }
  }
  return spans;
}

/** The words of a typed query worth marking on a page: not operators, not exclusions, not
 * one- or two-letter words. Phrases are kept whole. */
export function queryTerms(q: string): string[] {
  const out: string[] = [];
  const typed = q.replace(/[«»“”]/g, '"');
  const re = /(-?)"([^"]+)"|(\S+)/g;
  let negate = false; // after NOT, the next word or phrase is an exclusion
  for (let m = re.exec(typed); m; m = re.exec(typed)) {
    const excluded = negate || m[1] === '-';
    negate = false;
    if (m[2] !== undefined) {
      if (!excluded) out.push(m[2].trim());
      continue;
    }
    const w = (m[3] ?? '').replace(/[()]/g, '');
    if (/^not$/i.test(w)) {
      negate = true;
      continue;
    }
    if (!w || excluded || w.startsWith('-') || /^(and|or|et|ou)$/i.test(w) || [...w].length < 3) continue;
    out.push(w);
  }
  return out;
}

/** Sorted, merged, non-empty ranges. */
export function normalizeRanges(ranges: Range[]): Range[] {
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

/** Renders `text` into `target`, wrapping the byte spans in <mark class="evidence">. Returns the marks. */
export function renderHighlighted(target: HTMLElement, text: string, spans: { start: number; end: number }[]): HTMLElement[] {
  while (target.firstChild) target.removeChild(target.firstChild);
  const ranges = normalizeRanges(spans.map((s) => spanToRange(text, s)));
  const marks: HTMLElement[] = [];
  let pos = 0;
  for (const r of ranges) {
    if (r.start > pos) target.appendChild(document.createTextNode(text.slice(pos, r.start)));
    const mark = document.createElement('mark');
    mark.className = 'evidence';
    mark.textContent = text.slice(r.start, r.end);
    target.appendChild(mark);
    marks.push(mark);
    pos = r.end;
  }
  if (pos < text.length) target.appendChild(document.createTextNode(text.slice(pos)));
  return marks;
}

/** The evidence of `field` of an entity: `evidence` is either {field: span} or one span for
 * the entity's value; `<field>_evidence` is also honoured. */
export function fieldEvidence(entity: Record<string, unknown>, field: string): Span | undefined {
  const own = entity[`${field}_evidence`];
  if (isSpan(own)) return own;
  const ev = entity.evidence;
  if (isSpan(ev)) return field === 'value' || field === 'kind' ? ev : undefined;
  if (ev && typeof ev === 'object') {
    const s = (ev as Record<string, unknown>)[field];
    if (isSpan(s)) return s;
  }
  return undefined;
}

/** A word of a page and where it is drawn: [start, end) in UTF-8 bytes of the page text, then
 * its box as fractions of the upright page (x0, y0, x1, y1; 0,0 top left). */
export type WordBox = [number, number, number, number, number, number];

export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The rectangles to outline on the page image for byte spans of its text: the boxes of the
 * words that overlap a span, joined along a line (one rectangle per line of a span), so a
 * highlight reads as the passage, not as a scatter of words. */
export function evidenceRects(words: WordBox[] | undefined, spans: { start: number; end: number }[]): Rect[] {
  if (!words || !words.length || !spans.length) return [];
  const rects: Rect[] = [];
  for (const span of spans) {
    let line: Rect | null = null;
    for (const [start, end, x0, y0, x1, y1] of words) {
      if (end <= span.start || start >= span.end) continue;
      // Same line: the word overlaps the current rectangle vertically by half its height,
      // and does not go back leftwards (a new line starts at the left margin).
      const h = y1 - y0;
      const overlap = line ? Math.min(line.y1, y1) - Math.max(line.y0, y0) : 0;
      if (line && overlap >= h / 2 && x0 >= line.x0) {
        line.x0 = Math.min(line.x0, x0);
        line.y0 = Math.min(line.y0, y0);
        line.x1 = Math.max(line.x1, x1);
        line.y1 = Math.max(line.y1, y1);
      } else {
        line = { x0, y0, x1, y1 };
        rects.push(line);
      }
    }
  }
  return rects;
}
