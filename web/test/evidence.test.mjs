// Unit tests of the byte-offset -> UTF-16 conversion (node --test). src/evidence.ts is
// bundled on the fly by esbuild.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = mkdtempSync(join(tmpdir(), 'notaria-web-test-'));
const out = join(dir, 'evidence.mjs');
await build({ entryPoints: [fileURLToPath(new URL('../src/evidence.ts', import.meta.url))], outfile: out, bundle: true, format: 'esm', platform: 'neutral', logLevel: 'error' });
const ev = await import(pathToFileURL(out).href);
rmSync(dir, { recursive: true, force: true });

const bytes = (s, sub) => {
  const b = Buffer.from(s, 'utf8');
  const start = b.indexOf(Buffer.from(sub, 'utf8'));
  return { start, end: start + Buffer.byteLength(sub, 'utf8') };
};

test('byte spans after accents, CJK and astral characters map to the same text', () => {
  const text = 'Né à Évry — 北京 😀 : FERNANDEZ, vendeur ; prix : 309 500 €';
  for (const word of ['FERNANDEZ', 'Évry', '北京', '😀', '309 500 €', 'Né']) {
    const span = bytes(text, word);
    const r = ev.spanToRange(text, span);
    assert.equal(text.slice(r.start, r.end), word);
  }
});

test('offsets inside a multi-byte character snap to its start; past the end clamp', () => {
  const text = 'aé';
  assert.equal(ev.byteToIndex(text, 2), 1); // inside é (bytes 1-2)
  assert.equal(ev.byteToIndex(text, 3), 2);
  assert.equal(ev.byteToIndex(text, 99), 2);
  assert.equal(ev.byteToIndex(text, -1), 0);
});

test('ranges are sorted and merged', () => {
  assert.deepEqual(ev.normalizeRanges([{ start: 5, end: 9 }, { start: 0, end: 2 }, { start: 8, end: 12 }, { start: 3, end: 3 }]), [
    { start: 0, end: 2 },
    { start: 5, end: 12 },
  ]);
});

test('fieldEvidence reads {field: span}, a single span and <field>_evidence', () => {
  const s = { page: 1, start: 0, end: 3 };
  assert.deepEqual(ev.fieldEvidence({ evidence: { last_name: s } }, 'last_name'), s);
  assert.equal(ev.fieldEvidence({ evidence: { last_name: s } }, 'first_names'), undefined);
  assert.deepEqual(ev.fieldEvidence({ evidence: s }, 'value'), s);
  assert.deepEqual(ev.fieldEvidence({ value_words_evidence: s }, 'value_words'), s);
});

test('evidenceRects outlines the words of a span, one rectangle per line', () => {
  // "Prix : deux cent mille" on one line, "euros" at the start of the next.
  const words = [
    [0, 4, 0.1, 0.1, 0.15, 0.12],
    [7, 11, 0.17, 0.1, 0.22, 0.12],
    [12, 16, 0.23, 0.1, 0.28, 0.12],
    [17, 22, 0.29, 0.1, 0.35, 0.12],
    [23, 28, 0.1, 0.13, 0.16, 0.15],
    [29, 32, 0.17, 0.13, 0.2, 0.15],
  ];
  // The amount in words spans two lines: two rectangles, the word "Prix" left out.
  assert.deepEqual(ev.evidenceRects(words, [{ start: 7, end: 28 }]), [
    { x0: 0.17, y0: 0.1, x1: 0.35, y1: 0.12 },
    { x0: 0.1, y0: 0.13, x1: 0.16, y1: 0.15 },
  ]);
  // A span inside one word outlines that word.
  assert.deepEqual(ev.evidenceRects(words, [{ start: 13, end: 14 }]), [{ x0: 0.23, y0: 0.1, x1: 0.28, y1: 0.12 }]);
  // No boxes (a page read before they were kept), or a span between words: nothing to draw.
  assert.deepEqual(ev.evidenceRects(undefined, [{ start: 0, end: 4 }]), []);
  assert.deepEqual(ev.evidenceRects(words, [{ start: 4, end: 7 }]), []);
});

test('termSpans finds every occurrence in bytes, capitals ignored; printedText collapses spaces', () => {
  const text = 'Vendu à CRÉTEIL.\nNé à Créteil le 1er mai';
  const spans = ev.termSpans(text, ['Créteil'], 3);
  assert.equal(spans.length, 2);
  const bytes = Buffer.from(text, 'utf8');
  for (const s of spans) {
    assert.equal(s.page, 3);
    assert.equal(bytes.subarray(s.start, s.end).toString('utf8').toLowerCase(), 'créteil');
  }
  assert.deepEqual(ev.termSpans(text, ['absent', ''], 1), []);
  // Accents ignored, whole words only: « ep » does not mark the inside of « RÉPUBLIQUE ».
  const card = 'RÉPUBLIQUE FRANÇAISE — ép. GUÉRIN, née à ALES';
  const got = (terms) => ev.termSpans(card, terms, 1).map((sp) => Buffer.from(card, 'utf8').subarray(sp.start, sp.end).toString('utf8'));
  assert.deepEqual(got(['ép']), ['ép']);
  assert.deepEqual(got(['Guerin', 'Alès']), ['GUÉRIN', 'ALES']);
  assert.deepEqual(got(['publique']), []);
  assert.deepEqual(ev.queryTerms('Moulin Alès -viager NOT bail "pleine propriété" OR de ab'), ['Moulin', 'Alès', 'pleine propriété']);
  const pages = [{ number: 1, text: 'Prix : DEUX CENT\n   MILLE EUROS (200 000 €)' }];
  const b = bytes2(pages[0].text, 'DEUX CENT\n   MILLE EUROS');
  assert.equal(ev.printedText(pages, { page: 1, ...b }), 'DEUX CENT MILLE EUROS');
  assert.equal(ev.printedText(pages, { page: 2, ...b }), undefined);
  assert.equal(ev.printedText(pages, undefined), undefined);
});

function bytes2(s, sub) {
  const b = Buffer.from(s, 'utf8');
  const start = b.indexOf(Buffer.from(sub, 'utf8'));
  return { start, end: start + Buffer.byteLength(sub, 'utf8') };
}
