import { ApiError, get, messageOf } from '../api';
import type { Conseil, DocumentDetail, DocumentSummary, Dossier, Entity, Finding, Page, ProgressEvent, Result, Span, Verification } from '../api';
import { listDossiers, scoreBadge, SEVERITY_ORDER, severityBadge, statusBadge, worstSeverity } from '../common';
import { h, loading, notice, replace } from '../dom';
import type { Child } from '../dom';
import { evidenceRects, fieldEvidence, isSpan, pageNumbered, printedText, renderHighlighted, termSpans } from '../evidence';
import {
  AMOUNT_KINDS,
  DATE_KINDS,
  fieldLabel,
  formatDate,
  formatMoney,
  formatNumber,
  formatScore,
  formatSize,
  ID_KINDS,
  label,
  MARITAL,
  REGIMES,
  plural,
  ROLES,
  SCORE_COMPONENTS,
  scoreClass,
  stage as stageLabel,
  VERIFICATION_SOURCES,
  VERIFICATION_STATUSES,
  docType,
} from '../labels';
import type { View } from '../main';
import { ProgressTracker } from '../progress';


export const renderDocument: View = (root, params, query) => {
  const id = params[0];
  let alive = true;
  let tracker: ProgressTracker | null = null;
  let teardownView: (() => void) | null = null;

  const load = async (): Promise<void> => {
    replace(root, loading('Chargement du document…'));
    let doc: DocumentDetail;
    try {
      doc = await get<DocumentDetail>(`/api/notary/documents/${encodeURIComponent(id)}`);
    } catch (e) {
      if (!alive) return;
      const missing = e instanceof ApiError && e.status === 404;
      replace(
        root,
        h('h1', null, missing ? 'Document introuvable' : 'Document'),
        notice('error', missing ? 'Ce document n\u2019existe pas ou a été supprimé. ' : `Impossible de charger le document : ${messageOf(e)} `, h('a', { href: '#/documents' }, 'Revenir à la liste')),
      );
      return;
    }
    if (!alive) return;
    if (doc.status === 'done' && doc.result) {
      const cross = doc.dossier_id ? await dossierFindings(doc) : null;
      if (!alive) return;
      teardownView = renderDone(root, doc, query, cross);
    } else {
      renderPending(doc);
    }
  };

  const renderPending = (doc: DocumentDetail): void => {
    const bar = h('progress', { max: '100', value: String(doc.progress?.percent ?? 0), 'aria-label': 'Progression de l\u2019analyse' });
    const state = h('p', { class: 'upload-state' });
    const show = (ev: { status: string; stage?: string | null; percent?: number | null; error?: { code: string; message: string } | null }): void => {
      bar.value = ev.percent ?? 0;
      if (ev.status === 'queued') state.textContent = 'En attente d\u2019analyse…';
      else if (ev.status === 'processing') state.textContent = `Analyse en cours : ${stageLabel(ev.stage) || '…'} — ${ev.percent ?? 0} %`;
    };
    const body: Child[] = [];
    if (doc.status === 'failed') {
      // The sentence is for the notary; the code only for whoever they call for help.
      body.push(
        notice(
          'error',
          h('p', { class: 'notice-text' }, h('strong', null, 'L\u2019analyse a échoué. '), doc.error?.message || 'Cause non précisée.'),
          doc.error?.code ? h('p', { class: 'muted small error-code', 'data-testid': 'error-code' }, `code : ${doc.error.code}`) : null,
        ),
      );
    } else {
      show({ status: doc.status, stage: doc.progress?.stage, percent: doc.progress?.percent });
      body.push(h('div', { class: 'card pending-card' }, state, bar));
      tracker = new ProgressTracker((ev: ProgressEvent) => {
        if (!alive) return;
        if (ev.status === 'done' || ev.status === 'failed') {
          tracker?.stop();
          tracker = null;
          void load();
        } else show(ev);
      });
      tracker.add(doc.document_id);
    }
    replace(root, header(doc), ...body);
  };

  void load();
  return () => {
    alive = false;
    tracker?.stop();
    teardownView?.();
  };
};

/** A link to the document's dossier, named once the dossiers are known. */
function dossierLink(dossierId: string | null | undefined): HTMLElement | null {
  if (!dossierId) return null;
  const a = h('a', { href: `#/dossiers/${encodeURIComponent(dossierId)}` }, 'Dossier');
  listDossiers()
    .then((items) => {
      const d = items.find((x) => x.dossier_id === dossierId);
      if (d) a.textContent = `Dossier « ${d.name || 'Sans nom'} »`;
    })
    .catch(() => {
      /* the plain link still leads there */
    });
  return a;
}

/** The dossier's cross-document findings that name this document, with the names of the other
 * documents they cite. Null when they cannot be read: the page is then shown without them. */
interface CrossFindings {
  dossierId: string;
  dossierName?: string;
  findings: Finding[];
  names: Map<string, string>;
}

async function dossierFindings(doc: DocumentDetail): Promise<CrossFindings | null> {
  try {
    const [conseil, dossier] = await Promise.all([
      get<Conseil>(`/api/documents/${encodeURIComponent(doc.document_id)}/conseil`),
      get<Dossier>(`/api/dossiers/${encodeURIComponent(doc.dossier_id ?? '')}`).catch(() => null),
    ]);
    if (!conseil.dossier) return null;
    const names = new Map((dossier?.documents ?? []).map((d: DocumentSummary) => [d.document_id, d.filename || d.document_id]));
    return { dossierId: conseil.dossier.dossier_id, dossierName: dossier?.name || undefined, findings: conseil.dossier.findings_about_this_document ?? [], names };
  } catch {
    return null;
  }
}

function criticalCount(findings: Finding[] | undefined): number {
  return (findings ?? []).filter((f) => f.severity === 'critical').length;
}

/** A score can stay high with one critical anomaly (a wrong parcel): say so beside it. */
function criticalNote(findings: Finding[]): HTMLElement | null {
  const n = criticalCount(findings);
  if (!n) return null;
  // A button, not a link: the address is the UI's route.
  const b = h('button', { type: 'button', class: 'badge severity-critical critical-note', 'data-testid': 'critical-note' }, plural(n, 'anomalie critique', 'anomalies critiques'));
  b.addEventListener('click', () => document.querySelector('.fields-pane .findings')?.scrollIntoView({ block: 'start' }));
  return b;
}

/** Beside the score too: the document can be clean on its own and wrong against the deed. */
function crossNote(cross: Finding[]): HTMLElement | null {
  if (!cross.length) return null;
  const b = h('button', { type: 'button', class: `badge severity-${worstSeverity(cross)} cross-note`, 'data-testid': 'cross-note' }, plural(cross.length, 'contrôle croisé à examiner', 'contrôles croisés à examiner'));
  b.addEventListener('click', () => document.querySelector('.fields-pane .cross-findings')?.scrollIntoView({ block: 'start' }));
  return b;
}

function header(doc: DocumentDetail, cross: Finding[] = []): HTMLElement {
  const score = doc.result?.score?.value;
  return h(
    'div',
    { class: 'doc-header' },
    h(
      'div',
      { class: 'doc-title' },
      h('p', { class: 'breadcrumb' }, h('a', { href: '#/documents' }, 'Documents'), ' › ', dossierLink(doc.dossier_id), doc.dossier_id ? ' › ' : null, doc.filename),
      h('h1', null, doc.filename || doc.document_id),
      h(
        'p',
        { class: 'doc-meta' },
        doc.status === 'done' || doc.document_type ? h('span', { class: 'badge badge-type' }, docType(doc.document_type ?? doc.result?.document_type)) : null,
        ' ',
        statusBadge(doc.status),
        doc.page_count ? ` · ${doc.page_count} page${doc.page_count > 1 ? 's' : ''}` : '',
        doc.size_bytes ? ` · ${formatSize(doc.size_bytes)}` : '',
        doc.created_at ? ` · déposé le ${formatDate(doc.created_at, true)}` : '',
      ),
    ),
    h(
      'div',
      { class: 'doc-actions' },
      typeof score === 'number' ? h('div', { class: 'doc-score' }, h('span', { class: 'muted small' }, 'Score de crédibilité'), scoreBadge(score, criticalCount(doc.result?.findings) + criticalCount(cross)), criticalNote(doc.result?.findings ?? []), crossNote(cross)) : null,
      h('a', { class: 'btn', href: `/api/notary/documents/${encodeURIComponent(doc.document_id)}/original`, download: doc.filename || true }, 'Télécharger l\u2019original'),
    ),
  );
}

// ---------------------------------------------------------------- done document

function renderDone(root: HTMLElement, doc: DocumentDetail, query: URLSearchParams, cross: CrossFindings | null): () => void {
  const result = doc.result as Result;
  const pages: Page[] = result.pages ?? [];
  const pageCount = Math.max(pages.length, doc.page_count ?? 0, 1);
  let current = clampPage(parseInt(query.get('page') ?? '1', 10), pageCount);
  let highlights: Span[] = [];
  const imageUrls = new Map<number, string>();
  let imageToken = 0;

  // Initial highlight from the URL: evidence (?page=2&hl=120-126[,300-310]) or the words a
  // search found there (?page=2&terms=["Créteil"]).
  const termsParam = query.get('terms');
  if (termsParam) {
    let terms: unknown = null;
    try {
      terms = JSON.parse(termsParam);
    } catch {
      terms = null;
    }
    const page = pageNumbered(pages, current);
    if (Array.isArray(terms) && page?.text) highlights.push(...termSpans(page.text, terms.filter((t): t is string => typeof t === 'string'), current));
  }
  const hl = query.get('hl');
  if (hl) {
    for (const part of hl.split(',')) {
      const m = /^(\d+)-(\d+)$/.exec(part);
      if (m) highlights.push({ page: current, start: +m[1], end: +m[2] });
    }
  }

  // ---- left: page pane ----
  const pageSelect = h('select', { id: 'page-select', 'aria-label': 'Page affichée' });
  for (let i = 1; i <= pageCount; i++) pageSelect.append(h('option', { value: String(i) }, `Page ${i} / ${pageCount}`));
  const prevBtn = h('button', { type: 'button', class: 'btn', 'aria-label': 'Page précédente' }, '‹ Précédente');
  const nextBtn = h('button', { type: 'button', class: 'btn', 'aria-label': 'Page suivante' }, 'Suivante ›');
  const pageInfo = h('span', { class: 'muted small page-source' });
  const imageBox = h('div', { class: 'page-image', 'data-testid': 'page-image' });
  const textBox = h('pre', { class: 'page-text', id: 'page-text', 'data-testid': 'page-text', tabindex: '0', 'aria-label': 'Texte de la page' });
  const hlStatus = h('p', { class: 'hl-status', role: 'status', 'aria-live': 'polite' });
  const pageNumberEl = h('span', { 'data-testid': 'current-page', class: 'sr-only' });

  prevBtn.addEventListener('click', () => showPage(current - 1, []));
  nextBtn.addEventListener('click', () => showPage(current + 1, []));
  pageSelect.addEventListener('change', () => showPage(parseInt(pageSelect.value, 10), []));

  // Text and image side by side, or one of them at full width.
  // Side by side on a wide screen; otherwise the picture for scans and photos (their text is
  // an OCR reading) and the text for born-digital PDFs; a choice made once is kept.
  const saved = localStorage.getItem('notaria.pageMode');
  const scanned = pages.length > 0 && pages.filter((p) => p.source === 'ocr').length * 2 >= pages.length;
  let mode: ViewMode = saved === 'text' || saved === 'image' || saved === 'both' ? saved : window.innerWidth >= 1500 ? 'both' : scanned ? 'image' : 'text';
  const modeButtons = new Map<ViewMode, HTMLButtonElement>();
  const modeBar = h(
    'div',
    { class: 'segmented', role: 'group', 'aria-label': 'Affichage de la page' },
    ...(
      [
        ['text', 'Texte'],
        ['image', 'Image'],
        ['both', 'Côte à côte'],
      ] as [ViewMode, string][]
    ).map(([m, t]) => {
      const b = h('button', { type: 'button', class: 'seg', dataset: { mode: m } }, t);
      b.addEventListener('click', () => {
        setMode(m);
        localStorage.setItem('notaria.pageMode', m);
        revealHighlight();
      });
      modeButtons.set(m, b);
      return b;
    }),
  );
  // Zoom on the picture: a scan at the width of half a laptop screen is hard to read.
  const ZOOMS = [100, 150, 200, 300];
  const savedZoom = parseInt(localStorage.getItem('notaria.pageZoom') ?? '100', 10);
  let zoom = ZOOMS.includes(savedZoom) ? savedZoom : 100;
  const zoomOut = h('button', { type: 'button', class: 'seg', 'aria-label': 'Réduire l\u2019image' }, '−');
  const zoomLabel = h('span', { class: 'seg seg-label', 'data-testid': 'zoom-level', 'aria-live': 'polite' });
  const zoomIn = h('button', { type: 'button', class: 'seg', 'aria-label': 'Agrandir l\u2019image' }, '+');
  const zoomBar = h('div', { class: 'segmented zoom', role: 'group', 'aria-label': 'Zoom de l\u2019image' }, zoomOut, zoomLabel, zoomIn);
  function setZoom(z: number): void {
    zoom = z;
    zoomLabel.textContent = `${z} %`;
    zoomOut.disabled = z <= ZOOMS[0];
    zoomIn.disabled = z >= ZOOMS[ZOOMS.length - 1];
    const frame = imageBox.querySelector<HTMLElement>('.page-image-frame');
    if (frame) {
      frame.style.width = `${z}%`;
      const box = frame.querySelector<HTMLElement>('.evidence-box');
      if (box) revealBox(box);
    }
    localStorage.setItem('notaria.pageZoom', String(z));
  }
  // Scrolls the picture (not the window) so that an outlined passage is in view.
  function revealBox(box: HTMLElement): void {
    imageBox.scrollTop = Math.max(0, box.offsetTop - imageBox.clientHeight / 3);
    imageBox.scrollLeft = Math.max(0, box.offsetLeft - imageBox.clientWidth / 4);
  }
  const stepZoom = (dir: number): void => setZoom(ZOOMS[Math.min(ZOOMS.length - 1, Math.max(0, ZOOMS.indexOf(zoom) + dir))]);
  zoomOut.addEventListener('click', () => stepZoom(-1));
  zoomIn.addEventListener('click', () => stepZoom(1));
  setZoom(zoom);
  const views = h(
      'div',
      { class: 'page-views' },
      h('figure', { class: 'page-figure' }, h('figcaption', { class: 'pane-title' }, 'Image de la page'), imageBox),
      h('div', { class: 'page-text-wrap' }, h('h2', { class: 'pane-title' }, 'Texte de la page'), textBox),
  );
  const pagePane = h(
    'section',
    { class: 'page-pane', 'aria-label': 'Pages du document' },
    h('div', { class: 'page-toolbar' }, prevBtn, pageSelect, nextBtn, modeBar, zoomBar, pageInfo, pageNumberEl),
    hlStatus,
    views,
  );
  // A pane that was hidden comes back scrolled to its top: the passage highlighted before the
  // switch would be out of sight.
  function revealHighlight(): void {
    const mark = mode === 'image' ? null : textBox.querySelector<HTMLElement>('mark.evidence');
    if (mark) scrollToMark(mark);
    const box = mode === 'text' ? null : imageBox.querySelector<HTMLElement>('.evidence-box');
    if (box) revealBox(box);
  }
  function setMode(m: ViewMode): void {
    mode = m;
    views.dataset.mode = m;
    zoomBar.hidden = m === 'text';
    for (const [k, b] of modeButtons) b.setAttribute('aria-pressed', String(k === m));
  }
  setMode(mode);

  function showPage(n: number, spans: Span[], scroll = false): void {
    current = clampPage(n, pageCount);
    highlights = spans.filter((s) => s.page === current);
    pageSelect.value = String(current);
    prevBtn.disabled = current <= 1;
    nextBtn.disabled = current >= pageCount;
    pageNumberEl.textContent = String(current);
    pagePane.dataset.page = String(current);
    const page = pageNumbered(pages, current);
    const src = page?.source === 'ocr' ? `OCR${typeof page.ocr_confidence === 'number' ? `, confiance ${Math.round(page.ocr_confidence * 100)} %` : ''}` : page?.source === 'text_layer' ? 'texte natif du PDF' : '';
    pageInfo.textContent = [src, page?.rotation ? `page tournée de ${page.rotation}°` : ''].filter(Boolean).join(' · ');
    textBox.setAttribute('aria-label', `Texte de la page ${current}`);
    if (page && page.text) {
      const marks = renderHighlighted(textBox, page.text, highlights);
      if (marks.length) {
        hlStatus.textContent = `Passage surligné en page ${current}.`;
        if (scroll) scrollToMark(marks[0]);
      } else {
        hlStatus.textContent = spans.length ? 'Le passage n\u2019a pas pu être situé dans le texte de la page.' : '';
      }
    } else {
      replace(textBox, h('span', { class: 'muted' }, 'Aucun texte lu sur cette page.'));
      hlStatus.textContent = '';
    }
    // Keep ?page= in the address without re-rendering.
    const base = location.hash.split('?')[0];
    const q = new URLSearchParams(location.hash.split('?')[1] ?? '');
    q.set('page', String(current));
    q.delete('hl');
    history.replaceState(null, '', `${base}?${q.toString()}`);
    void loadImage(current);
  }

  async function loadImage(n: number): Promise<void> {
    const token = ++imageToken;
    const cached = imageUrls.get(n);
    if (cached) {
      replace(imageBox, pageImg(cached, n));
      return;
    }
    replace(imageBox, loading('Chargement de l\u2019image…'));
    const url = `/api/notary/documents/${encodeURIComponent(doc.document_id)}/pages/${n}/image`;
    let message = '';
    try {
      const res = await fetch(url);
      const type = res.headers.get('Content-Type') ?? '';
      if (res.ok && type.startsWith('image/')) {
        const blobUrl = URL.createObjectURL(await res.blob());
        imageUrls.set(n, blobUrl);
        if (token === imageToken) replace(imageBox, pageImg(blobUrl, n));
        return;
      }
      let body: unknown = null;
      try {
        body = await res.json();
      } catch {
        body = null;
      }
      const err = (body as { error?: { message?: string } } | null)?.error;
      message = (err?.message ?? (res.status === 404 ? 'image non disponible sur ce serveur' : `HTTP ${res.status}`)).replace(/[.\s]+$/, '');
    } catch {
      message = 'serveur injoignable';
    }
    if (token === imageToken) {
      replace(imageBox, notice('info', `Image de la page indisponible : ${message}. Le texte lu reste affiché.`));
    }
  }

  // The page image with the words of the highlighted passage outlined on it (pages read
  // before word boxes were kept have none: the text pane still shows the passage).
  function pageImg(src: string, n: number): HTMLElement {
    const img = h('img', { src, alt: `Image de la page ${n} du document`, class: 'page-img' });
    const page = pageNumbered(pages, n);
    const rects = evidenceRects(page?.words, highlights.filter((s) => s.page === n));
    const boxes = rects.map((r) => {
      const box = h('div', { class: 'evidence-box', 'data-testid': 'evidence-box' });
      box.style.left = `${r.x0 * 100}%`;
      box.style.top = `${r.y0 * 100}%`;
      box.style.width = `${(r.x1 - r.x0) * 100}%`;
      box.style.height = `${(r.y1 - r.y0) * 100}%`;
      return box;
    });
    const frame = h('div', { class: 'page-image-frame' }, img, ...boxes);
    frame.style.width = `${zoom}%`;
    if (boxes.length) {
      const reveal = (): void => revealBox(boxes[0]);
      if (img.complete) requestAnimationFrame(reveal);
      else img.addEventListener('load', reveal, { once: true });
    }
    return frame;
  }

  function pageHasBoxes(n: number): boolean {
    const page = pageNumbered(pages, n);
    return Boolean(page?.words?.length);
  }

  const showEvidence = (spans: Span[], trigger?: HTMLElement): void => {
    const valid = spans.filter(isSpan);
    if (!valid.length) return;
    for (const b of fieldsPane.querySelectorAll('.ev.active')) b.classList.remove('active');
    trigger?.classList.add('active');
    // The image alone shows the passage only where the page's words have their boxes.
    if (mode === 'image' && !pageHasBoxes(valid[0].page)) setMode(window.innerWidth >= 1100 ? 'both' : 'text');
    showPage(valid[0].page, valid, true);
  };

  // ---- right: fields pane ----
  const fieldsPane = h('div', { class: 'fields-pane' });
  fieldsPane.append(
    synthesisSection(result, cross?.findings.length ?? 0),
    findingsSection(result.findings ?? [], showEvidence, cross?.findings.length ?? 0),
    ...(cross && cross.findings.length ? [crossSection(doc.document_id, cross, showEvidence)] : []),
    entitiesSection(result, showEvidence),
    scoreSection(result, criticalCount(cross?.findings)),
    verificationsSection(result.verifications ?? []),
    classificationSection(result),
  );

  replace(root, header(doc, cross?.findings ?? []), h('div', { class: 'doc-layout' }, pagePane, h('aside', { class: 'doc-side', 'aria-label': 'Analyse du document' }, fieldsPane)));
  showPage(current, highlights, highlights.length > 0);

  return () => {
    imageToken++;
    for (const u of imageUrls.values()) URL.revokeObjectURL(u);
  };
}

type ViewMode = 'text' | 'image' | 'both';

/** Scrolls the page text box (not the window) so that the mark is in the middle of it. */
function scrollToMark(mark: HTMLElement): void {
  const box = mark.closest('.page-text') as HTMLElement | null;
  if (!box) return;
  const top = mark.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
  box.scrollTop = Math.max(0, top - box.clientHeight / 3);
  const pane = box.getBoundingClientRect();
  if (pane.top < 0 || pane.top > window.innerHeight - 80) box.scrollIntoView({ block: 'nearest' });
}

function clampPage(n: number, count: number): number {
  if (!Number.isFinite(n) || n < 1) return 1;
  return Math.min(n, count);
}

type ShowEvidence = (spans: Span[], trigger?: HTMLElement) => void;

function section(title: string, cls: string, ...children: Child[]): HTMLElement {
  return h('section', { class: `card ${cls}` }, h('h2', null, title), ...children);
}

// ---- synthesis ----
function synthesisSection(result: Result, crossCount = 0): HTMLElement {
  const s = result.synthesis;
  // The synthesis is written from the document alone (« Aucune anomalie détectée ») while the
  // dossier may find it at odds with the other pieces.
  const crossLine = crossCount ? h('p', { class: 'small warn-text', 'data-testid': 'synthesis-cross' }, `Synthèse du document seul : le dossier relève ${plural(crossCount, 'contrôle croisé', 'contrôles croisés')} le concernant (voir ci-dessous).`) : null;
  if (!s || (!s.summary && !(s.recommendations ?? []).length)) return section('Synthèse', 'synthesis', h('p', { class: 'muted' }, 'Pas de synthèse.'), crossLine);
  return section(
    'Synthèse',
    'synthesis',
    s.summary ? h('p', { class: 'summary' }, s.summary) : null,
    crossLine,
    (s.recommendations ?? []).length ? h('h3', null, 'Recommandations') : null,
    (s.recommendations ?? []).length ? h('ul', { class: 'recommendations' }, ...(s.recommendations ?? []).map((r) => h('li', null, r))) : null,
    s.generated_by ? h('p', { class: 'muted small' }, s.generated_by === 'rules' ? 'Rédigée par les règles de Notaria.' : `Rédigée par : ${s.generated_by}.`) : null,
  );
}

// ---- findings ----
function findingsSection(findings: Finding[], show: ShowEvidence, crossCount = 0): HTMLElement {
  // « Aucune anomalie relevée » would be false when the dossier's checks name the document.
  if (!findings.length && crossCount) return section('Anomalies', 'findings', h('p', null, 'Aucune anomalie propre au document ; ', h('strong', null, 'voir les contrôles croisés du dossier ci-dessous.')));
  if (!findings.length) return section('Anomalies', 'findings', h('p', { class: 'ok-text' }, 'Aucune anomalie relevée.'));
  const sorted = [...findings].sort((a, b) => (SEVERITY_ORDER[a.severity] ?? 9) - (SEVERITY_ORDER[b.severity] ?? 9));
  return section(
    `Anomalies (${findings.length})`,
    'findings',
    h('ul', { class: 'finding-list' }, ...sorted.map((f) => findingItem(f, show))),
  );
}

/** The findings of the document's dossier that name it: its passages here are highlighted on
 * this page, those of another document open that document. */
function crossSection(docId: string, cross: CrossFindings, show: ShowEvidence): HTMLElement {
  const sorted = [...cross.findings].sort((a, b) => (SEVERITY_ORDER[a.severity] ?? 9) - (SEVERITY_ORDER[b.severity] ?? 9));
  const name = (id: string): string => cross.names.get(id) ?? 'autre pièce';
  const linkFor = (span: Span): string | null => (span.document_id && span.document_id !== docId ? `#/documents/${encodeURIComponent(span.document_id)}?page=${span.page}` : null);
  const dossierHref = `#/dossiers/${encodeURIComponent(cross.dossierId)}`;
  return section(
    `Contrôles croisés du dossier (${cross.findings.length})`,
    'cross-findings',
    h('p', { class: 'muted small' }, 'Incohérences entre ce document et les autres pièces du ', h('a', { href: dossierHref }, cross.dossierName ? `dossier « ${cross.dossierName} »` : 'dossier'), '.'),
    h(
      'ul',
      { class: 'finding-list' },
      ...sorted.map((f) => {
        const li = findingItem(f, show, linkFor, name);
        const others = (f.documents ?? []).filter((d) => d !== docId);
        if (others.length) li.append(h('p', { class: 'small muted' }, 'Avec : ', ...others.flatMap((d, i) => [i ? ', ' : '', h('a', { href: `#/documents/${encodeURIComponent(d)}` }, name(d))])));
        return li;
      }),
    ),
  );
}

/** `linkFor` answers a link for the spans shown on another page (another document); the others
 * are highlighted here by `show`. */
export function findingItem(f: Finding, show?: ShowEvidence, linkFor?: (span: Span) => string | null, docName?: (id: string) => string): HTMLElement {
  const spans = (f.evidence ?? []).filter(isSpan);
  const byPage = new Map<string, Span[]>();
  for (const s of spans) {
    const key = `${s.document_id ?? ''}#${s.page}`;
    byPage.set(key, [...(byPage.get(key) ?? []), s]);
  }
  const actions: HTMLElement[] = [];
  for (const group of byPage.values()) {
    const p = group[0].page;
    const href = linkFor ? linkFor(group[0]) : null;
    if (href) {
      const hl = group.map((s) => `${s.start}-${s.end}`).join(',');
      const where = group[0].document_id && docName ? `${docName(group[0].document_id)}, p. ${p}` : `p. ${p}`;
      actions.push(h('a', { class: 'btn btn-small ev-link', href: `${href}&hl=${hl}` }, `Voir le passage (${where})`));
    } else if (show) {
      const btn = h('button', { type: 'button', class: 'btn btn-small ev-finding', dataset: { finding: f.code, page: p } }, `Voir le passage (p. ${p})`);
      btn.addEventListener('click', () => show(group, btn));
      actions.push(btn);
    }
  }
  return h(
    'li',
    { class: `finding severity-${f.severity}`, dataset: { code: f.code } },
    // The code is for whoever reads the API or the logs: a tooltip, not a second title.
    h('div', { class: 'finding-head', title: `code : ${f.code}` }, severityBadge(f.severity)),
    h('p', { class: 'finding-message' }, f.message),
    actions.length ? h('div', { class: 'finding-actions' }, ...actions) : null,
  );
}

// ---- entities ----

type Formatter = (v: unknown, e: Entity) => string;

const fmtDate: Formatter = (v) => formatDate(v);
const fmtList: Formatter = (v) => (Array.isArray(v) ? v.join(' ') : String(v));
const fmtSex: Formatter = (v) => (v === 'M' ? 'Masculin' : v === 'F' ? 'Féminin' : String(v));
const fmtSurface: Formatter = (v) => (typeof v === 'number' ? `${formatNumber(v)} m²` : String(v));
const fmtBool: Formatter = (v) => (v === true ? 'Oui' : v === false ? 'Non' : String(v));

const FORMATTERS: Record<string, Formatter> = {
  first_names: fmtList,
  given_names: fmtList,
  sex: fmtSex,
  birth_date: fmtDate,
  expiry_date: fmtDate,
  issue_date: fmtDate,
  effective_expiry_date: fmtDate,
  marital_status: (v) => label(MARITAL, String(v)),
  matrimonial_regime: (v) => label(REGIMES, String(v)),
  capital_eur: (v) => formatMoney(v, 'EUR'),
  surface_m2: fmtSurface,
  surface_carrez_m2: fmtSurface,
  mrz_valid: fmtBool,
  role: (v) => label(ROLES, String(v)),
  energy_kwh_m2_year: (v) => `${typeof v === 'number' ? formatNumber(v) : v} kWh/m²/an`,
  ghg_kg_m2_year: (v) => `${typeof v === 'number' ? formatNumber(v) : v} kg CO₂/m²/an`,
  contenance_ca: (v) => formatContenance(v),
  kind: (v) => label(ID_KINDS, String(v)),
};

function formatContenance(v: unknown): string {
  if (typeof v !== 'number') return String(v);
  const ha = Math.floor(v / 10000);
  const a = Math.floor((v % 10000) / 100);
  const ca = v % 100;
  return `${ha ? `${ha} ha ` : ''}${a} a ${ca} ca`;
}

const PERSON_FIELDS = ['last_name', 'birth_name', 'first_names', 'sex', 'birth_date', 'birth_place', 'birth_country', 'nationality', 'profession', 'address', 'marital_status', 'matrimonial_regime', 'fiscal_number', 'title'];
const COMPANY_FIELDS = ['name', 'legal_form', 'siren', 'siret', 'rcs_city', 'capital_eur', 'address'];
const PROPERTY_FIELDS = ['kind', 'address', 'postal_code', 'city', 'insee_code', 'surface_carrez_m2', 'surface_m2'];
const ID_FIELDS = ['kind', 'number', 'surname', 'given_names', 'sex', 'birth_date', 'issuing_country', 'issue_date', 'expiry_date', 'mrz_valid'];
const BANK_FIELDS = ['holder', 'iban', 'bic', 'bank_name'];
const NOTARY_FIELDS = ['name', 'city'];
const DPE_FIELDS = ['number', 'energy_class', 'ghg_class', 'energy_kwh_m2_year', 'ghg_kg_m2_year'];
const SKIP = new Set(['evidence', 'role', 'cadastre', 'lots', 'mrz']);

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

function valueCell(entity: Entity, field: string, path: string, show: ShowEvidence, text: string): HTMLElement {
  const span = fieldEvidence(entity, field);
  if (!span) return h('span', { class: 'value', dataset: { field: path } }, text);
  const btn = h(
    'button',
    { type: 'button', class: 'ev', dataset: { field: path, page: span.page }, title: `Voir dans le texte (page ${span.page})` },
    text,
  );
  btn.addEventListener('click', () => show([span], btn));
  return btn;
}

/** Known fields in order, then any other scalar field the server added. */
function fieldTable(entity: Entity, fields: string[], path: string, show: ShowEvidence, formatters: Record<string, Formatter> = FORMATTERS): HTMLElement | null {
  const keys = [...fields, ...Object.keys(entity).filter((k) => !fields.includes(k) && !SKIP.has(k) && !k.endsWith('_evidence') && !k.endsWith('_mentions') && isScalarish(entity[k]))];
  const rows: HTMLElement[] = [];
  for (const k of keys) {
    const v = entity[k];
    if (isEmpty(v)) continue;
    const fmt = formatters[k];
    const text = fmt ? fmt(v, entity) : Array.isArray(v) ? v.join(', ') : typeof v === 'number' ? formatNumber(v) : typeof v === 'boolean' ? fmtBool(v, entity) : String(v);
    rows.push(h('tr', null, h('th', { scope: 'row' }, fieldLabel(k)), h('td', null, valueCell(entity, k, `${path}.${k}`, show, text))));
  }
  if (!rows.length) return null;
  return h('table', { class: 'kv' }, h('tbody', null, ...rows));
}

function isScalarish(v: unknown): boolean {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v) || (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number'));
}

function personName(p: Entity): string {
  const first = Array.isArray(p.first_names) ? (p.first_names as string[]).join(' ') : '';
  const last = typeof p.last_name === 'string' ? p.last_name : '';
  const birth = typeof p.birth_name === 'string' && p.birth_name !== last ? ` née ${p.birth_name}` : '';
  return `${first} ${last}`.trim() + birth || 'Personne';
}

function entitiesSection(result: Result, show: ShowEvidence): HTMLElement {
  const e = result.entities ?? {};
  const parts: HTMLElement[] = [];

  const persons = e.persons ?? [];
  if (persons.length) {
    parts.push(
      h('h3', null, `Personnes (${persons.length})`),
      ...persons.map((p, i) =>
        h(
          'div',
          { class: 'entity', dataset: { entity: `persons.${i}` } },
          h('h4', null, h('span', { class: 'role' }, label(ROLES, p.role as string, 'Personne')), ' — ', personName(p)),
          fieldTable(p, PERSON_FIELDS, `persons.${i}`, show),
        ),
      ),
    );
  }
  const companies = e.companies ?? [];
  if (companies.length) {
    parts.push(
      h('h3', null, `Sociétés (${companies.length})`),
      ...companies.map((c, i) =>
        h(
          'div',
          { class: 'entity', dataset: { entity: `companies.${i}` } },
          h('h4', null, h('span', { class: 'role' }, label(ROLES, c.role as string, 'Société')), ' — ', String(c.name ?? 'Société')),
          fieldTable(c, COMPANY_FIELDS, `companies.${i}`, show),
        ),
      ),
    );
  }
  const properties = e.properties ?? [];
  if (properties.length) {
    parts.push(h('h3', null, `Biens (${properties.length})`), ...properties.map((p, i) => propertyBlock(p, i, show)));
  }
  const amounts = e.amounts ?? [];
  if (amounts.length) {
    parts.push(
      h('h3', null, 'Montants'),
      h(
        'table',
        { class: 'table compact' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Nature'), h('th', { scope: 'col', class: 'num' }, 'Montant'), h('th', { scope: 'col' }, 'En lettres'))),
        h(
          'tbody',
          null,
          ...amounts.map((a, i) =>
            h(
              'tr',
              null,
              h('td', null, label(AMOUNT_KINDS, a.kind as string)),
              h('td', { class: 'num' }, valueCell(a, 'value', `amounts.${i}.value`, show, formatMoney(a.value, (a.currency as string) || 'EUR'))),
              // The words as the deed prints them: the notary compares them with the figures.
              h('td', { class: 'words' }, isEmpty(a.value_words) ? '—' : valueCell(a, 'value_words', `amounts.${i}.value_words`, show, printedText(result.pages, fieldEvidence(a, 'value_words')) ?? formatMoney(a.value_words, (a.currency as string) || 'EUR'))),
            ),
          ),
        ),
      ),
    );
  }
  const dates = e.dates ?? [];
  if (dates.length) {
    parts.push(
      h('h3', null, 'Dates'),
      h(
        'table',
        { class: 'table compact' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Nature'), h('th', { scope: 'col' }, 'Date'))),
        h('tbody', null, ...dates.map((d, i) => h('tr', null, h('td', null, label(DATE_KINDS, d.kind as string)), h('td', null, valueCell(d, 'value', `dates.${i}.value`, show, formatDate(d.value)))))),
      ),
    );
  }
  const single: [string, string, string[]][] = [
    ['identity_document', 'Pièce d\u2019identité', ID_FIELDS],
    ['bank', 'Coordonnées bancaires', BANK_FIELDS],
    ['notary', 'Notaire', NOTARY_FIELDS],
    ['dpe', 'Diagnostic de performance énergétique', DPE_FIELDS],
  ];
  for (const [key, title, fields] of single) {
    const ent = e[key] as Entity | null | undefined;
    if (!ent || typeof ent !== 'object') continue;
    const table = fieldTable(ent, fields, key, show, key === 'identity_document' ? FORMATTERS : { ...FORMATTERS, kind: (v) => String(v) });
    const extra: Child[] = [];
    if (key === 'identity_document' && Array.isArray(ent.mrz) && ent.mrz.length) {
      extra.push(h('p', { class: 'muted small' }, 'Bande MRZ'), h('pre', { class: 'mrz' }, (ent.mrz as string[]).join('\n')));
    }
    if (table || extra.length) parts.push(h('h3', null, title), h('div', { class: 'entity', dataset: { entity: key } }, table, ...extra));
  }
  const other = e.other;
  if (other && typeof other === 'object' && !Array.isArray(other)) {
    const table = fieldTable(other as Entity, [], 'other', show);
    if (table) parts.push(h('h3', null, 'Autres informations'), table);
  }
  if (!parts.length) parts.push(h('p', { class: 'muted' }, 'Aucune donnée extraite.'));
  return section('Données extraites', 'entities', h('p', { class: 'muted small' }, 'Cliquez sur une valeur soulignée pour voir le passage du document d\u2019où elle vient.'), ...parts);
}

function propertyBlock(p: Entity, i: number, show: ShowEvidence): HTMLElement {
  const path = `properties.${i}`;
  const cadastre = (Array.isArray(p.cadastre) ? p.cadastre : []) as Entity[];
  const lots = (Array.isArray(p.lots) ? p.lots : []) as Entity[];
  const propFormatters = { ...FORMATTERS, kind: (v: unknown) => String(v).charAt(0).toUpperCase() + String(v).slice(1) };
  const cell = (ent: Entity, field: string, p2: string, fmt?: Formatter): HTMLElement =>
    h('td', null, isEmpty(ent[field]) ? '—' : valueCell(ent, field, `${p2}.${field}`, show, fmt ? fmt(ent[field], ent) : String(ent[field])));
  return h(
    'div',
    { class: 'entity', dataset: { entity: path } },
    h('h4', null, String(p.address ?? 'Bien'), p.city ? `, ${p.city}` : ''),
    fieldTable(p, PROPERTY_FIELDS, path, show, propFormatters),
    cadastre.length
      ? h(
          'table',
          { class: 'table compact' },
          h('caption', null, 'Parcelles cadastrales'),
          h('thead', null, h('tr', null, ...['Préfixe', 'Section', 'Numéro', 'Lieu-dit', 'Contenance'].map((t) => h('th', { scope: 'col' }, t)))),
          h(
            'tbody',
            null,
            ...cadastre.map((c, j) =>
              h('tr', null, cell(c, 'prefix', `${path}.cadastre.${j}`), cell(c, 'section', `${path}.cadastre.${j}`), cell(c, 'number', `${path}.cadastre.${j}`), cell(c, 'lieudit', `${path}.cadastre.${j}`), cell(c, 'contenance_ca', `${path}.cadastre.${j}`, FORMATTERS.contenance_ca)),
            ),
          ),
        )
      : null,
    lots.length
      ? h(
          'table',
          { class: 'table compact' },
          h('caption', null, 'Lots de copropriété'),
          h('thead', null, h('tr', null, ...['Lot', 'Tantièmes', 'Nature'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', null, ...lots.map((l, j) => h('tr', null, cell(l, 'number', `${path}.lots.${j}`), cell(l, 'tantiemes', `${path}.lots.${j}`), cell(l, 'kind', `${path}.lots.${j}`)))),
        )
      : null,
  );
}

// ---- score ----
/** `crossCritical`: critical findings of the dossier about the document, which keep the
 * colour out of the green like its own. */
function scoreSection(result: Result, crossCritical = 0): HTMLElement {
  const s = result.score;
  if (!s || typeof s.value !== 'number') return section('Score de crédibilité', 'score-card', h('p', { class: 'muted' }, 'Pas de score.'));
  const pct = Math.round(s.value * 100);
  const cls = scoreClass(s.value, criticalCount(result.findings) + crossCritical);
  return section(
    'Score de crédibilité',
    'score-card',
    h(
      'div',
      { class: 'score-big' },
      h('span', { class: `score ${cls}`, 'data-testid': 'score-value' }, formatScore(s.value)),
      h('div', { class: 'meter', role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(pct), 'aria-label': 'Score de crédibilité' }, h('div', { class: `meter-fill ${cls}`, style: `width:${pct}%` })),
    ),
    (s.components ?? []).length
      ? h(
          'table',
          { class: 'table compact' },
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Critère'), h('th', { scope: 'col', class: 'num' }, 'Poids'), h('th', { scope: 'col', class: 'num' }, 'Note'), h('th', { scope: 'col' }, 'Explication'))),
          h(
            'tbody',
            null,
            ...(s.components ?? []).map((c) =>
              h('tr', null, h('td', null, label(SCORE_COMPONENTS, c.name)), h('td', { class: 'num' }, formatScore(c.weight)), h('td', { class: 'num' }, h('span', { class: `score ${scoreClass(c.value)}` }, formatScore(c.value))), h('td', null, c.reason ?? '')),
            ),
          ),
        )
      : null,
  );
}

// ---- verifications ----
export function verificationsTable(list: Verification[], withDocument?: (id: string) => Child): HTMLElement {
  return h(
    'table',
    { class: 'table compact' },
    h(
      'thead',
      null,
      h('tr', null, h('th', { scope: 'col' }, 'Registre'), h('th', { scope: 'col' }, 'Objet'), h('th', { scope: 'col' }, 'Résultat'), h('th', { scope: 'col' }, 'Détail'), withDocument ? h('th', { scope: 'col' }, 'Pièce') : null),
    ),
    h(
      'tbody',
      null,
      ...list.map((v) =>
        h(
          'tr',
          null,
          h('td', null, label(VERIFICATION_SOURCES, v.source)),
          h('td', null, v.subject ?? '—'),
          h('td', null, h('span', { class: `badge verif-${v.status}` }, label(VERIFICATION_STATUSES, v.status))),
          h('td', { class: 'small' }, v.message ?? ''),
          withDocument ? h('td', null, v.document_id ? withDocument(v.document_id) : '—') : null,
        ),
      ),
    ),
  );
}

function verificationsSection(list: Verification[]): HTMLElement {
  if (!list.length) return section('Vérifications auprès des registres', 'verifications', h('p', { class: 'muted' }, 'Aucune vérification pour ce document.'));
  const counts = new Map<string, number>();
  for (const v of list) counts.set(v.status, (counts.get(v.status) ?? 0) + 1);
  // "1 conforme, 10 non effectuées": the status words agree with their count.
  const summary = [...counts.entries()].map(([st, n]) => `${n} ${label(VERIFICATION_STATUSES, st).toLowerCase().replace(/(\p{L})$/u, n > 1 ? '$1s' : '$1')}`).join(', ');
  return section(
    `Vérifications auprès des registres (${list.length})`,
    'verifications',
    h('p', { class: 'muted small' }, summary),
    h('details', { open: list.length <= 6 }, h('summary', null, 'Détail des vérifications'), verificationsTable(list)),
  );
}

// ---- classification ----
function classificationSection(result: Result): HTMLElement {
  const c = result.classification;
  return section(
    'Classement',
    'classification',
    h('p', null, docType(result.document_type), typeof c?.confidence === 'number' ? ` — confiance ${formatScore(c.confidence)}` : ''),
    (c?.reasons ?? []).length ? h('details', null, h('summary', null, 'Indices relevés'), h('ul', null, ...(c?.reasons ?? []).map((r) => h('li', null, r)))) : null,
  );
}
