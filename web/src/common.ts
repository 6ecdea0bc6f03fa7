// Small shared widgets.

import { get } from './api';
import type { DocumentSummary, Dossier, Finding, ListAnswer } from './api';
import { h, hashUrl } from './dom';
import { DOCUMENT_TYPES, DOSSIER_TYPES, formatScore, plural, scoreClass, SEVERITIES, STATUSES } from './labels';

export function statusBadge(status: string | null | undefined): HTMLElement {
  return h('span', { class: `badge status-${status ?? 'unknown'}` }, STATUSES[status ?? ''] ?? status ?? '—');
}

export function severityBadge(sev: string): HTMLElement {
  return h('span', { class: `badge severity-${sev}` }, SEVERITIES[sev] ?? sev);
}

/** `critical`: the document's critical anomalies, which keep the badge out of the green. */
export function scoreBadge(value: unknown, critical = 0): HTMLElement {
  const title = typeof value !== 'number' ? '' : `Score de crédibilité : ${formatScore(value)}${critical ? ` — ${plural(critical, 'anomalie critique', 'anomalies critiques')} à examiner` : ''}`;
  return h('span', { class: `score ${scoreClass(value, critical)}`, title }, formatScore(value));
}

/** The findings of a finished document by severity, worst first: « 1 critique · 2 avert. »,
 * « Aucune » when there is none, a dash when the document is not finished. */
export function findingCounts(counts: DocumentSummary['finding_counts']): HTMLElement {
  if (!counts) return h('span', { class: 'muted' }, '—');
  const parts: HTMLElement[] = [];
  if (counts.critical) parts.push(h('span', { class: 'badge severity-critical' }, plural(counts.critical, 'critique', 'critiques')));
  if (counts.warning) parts.push(h('span', { class: 'badge severity-warning' }, plural(counts.warning, 'avertissement', 'avertissements')));
  if (counts.info) parts.push(h('span', { class: 'muted small' }, plural(counts.info, 'information', 'informations')));
  if (!parts.length) return h('span', { class: 'ok-text small' }, 'Aucune');
  return h('span', { class: 'finding-counts' }, ...parts);
}

/** Worst first: for sorting findings and picking the colour of a group of them. */
export const SEVERITY_ORDER: Record<string, number> = { critical: 0, warning: 1, info: 2 };

/** The worst severity among findings (critical first), `info` for an empty list. */
export function worstSeverity(findings: Finding[]): string {
  return findings.reduce<string>((w, f) => ((SEVERITY_ORDER[f.severity] ?? 9) < (SEVERITY_ORDER[w] ?? 9) ? f.severity : w), 'info');
}

type SeverityCounts = NonNullable<DocumentSummary['finding_counts']>;

/** The dossier's cross-document findings that name one document, as counts by severity:
 * « 1 contrôle croisé », in the colour of the worst. Null when there is none. */
export function crossCountsBadge(counts: SeverityCounts | null | undefined, title = 'Contrôles croisés du dossier qui nomment ce document'): HTMLElement | null {
  const n = counts ? counts.critical + counts.warning + counts.info : 0;
  if (!counts || !n) return null;
  const worst = counts.critical ? 'critical' : counts.warning ? 'warning' : 'info';
  return h('span', { class: `badge severity-${worst}`, 'data-testid': 'cross-findings', title }, plural(n, 'contrôle croisé', 'contrôles croisés'));
}

/** The same badge from the findings themselves, their messages in the tooltip. */
export function crossFindingsBadge(findings: Finding[]): HTMLElement | null {
  const count = (sev: string): number => findings.filter((f) => f.severity === sev).length;
  return crossCountsBadge({ critical: count('critical'), warning: count('warning'), info: count('info') }, findings.map((f) => f.message).join('\n'));
}

/** A document's anomalies cell: its own by severity, and the dossier's checks that name it.
 * « Aucune » is left out beside « 1 contrôle croisé »: side by side they read as a contradiction. */
export function anomaliesCell(own: DocumentSummary['finding_counts'], cross: HTMLElement | null): HTMLElement {
  const ownNone = !!own && !own.critical && !own.warning && !own.info;
  return h('td', { 'data-testid': 'finding-counts' }, h('span', { class: 'finding-counts' }, cross && ownNone ? null : findingCounts(own), cross));
}

/** A wide table in a box that scrolls sideways on a narrow window, with a shadow on the cut
 * edge and a « faire défiler » hint while some columns are out of sight: without them the
 * cut-off columns look like the whole table. */
export function scrollableTable(table: HTMLElement): HTMLElement {
  const scroller = h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Tableau (défilement horizontal)' }, table);
  const hint = h('p', { class: 'scroll-hint small', 'aria-hidden': 'true', hidden: true }, '↔ faire défiler le tableau pour voir toutes les colonnes');
  const frame = h('div', { class: 'table-frame' }, scroller);
  const wrap = h('div', { class: 'table-wrap' }, hint, frame);
  const update = (): void => {
    const max = scroller.scrollWidth - scroller.clientWidth;
    frame.classList.toggle('cut-left', max > 1 && scroller.scrollLeft > 1);
    frame.classList.toggle('cut-right', max > 1 && scroller.scrollLeft < max - 1);
    hint.hidden = max <= 1;
    // Focusable only when there is something to scroll with the keyboard.
    if (max > 1) scroller.setAttribute('tabindex', '0');
    else scroller.removeAttribute('tabindex');
  };
  scroller.addEventListener('scroll', update, { passive: true });
  if (typeof ResizeObserver !== 'undefined') {
    const ro = new ResizeObserver(update);
    ro.observe(scroller);
    ro.observe(table);
  }
  requestAnimationFrame(update);
  return wrap;
}

export function typeOptions(selected: string | null, emptyLabel = 'Tous les types'): HTMLOptionElement[] {
  return [
    h('option', { value: '' }, emptyLabel),
    ...Object.entries(DOCUMENT_TYPES).map(([code, lab]) => h('option', { value: code, selected: code === selected }, lab)),
  ];
}

export function statusOptions(selected: string | null): HTMLOptionElement[] {
  return [
    h('option', { value: '' }, 'Tous les statuts'),
    ...Object.entries(STATUSES).map(([code, lab]) => h('option', { value: code, selected: code === selected }, lab)),
  ];
}

let dossierCache: { at: number; items: Dossier[] } | null = null;

/** Dossiers for filters (cached 10 s). */
export async function listDossiers(force = false): Promise<Dossier[]> {
  if (!force && dossierCache && Date.now() - dossierCache.at < 10_000) return dossierCache.items;
  const ans = await get<ListAnswer<Dossier>>('/api/dossiers?limit=200');
  dossierCache = { at: Date.now(), items: ans.items };
  return ans.items;
}

export function dossierLabel(d: Dossier): string {
  return `${d.name || 'Sans nom'} (${DOSSIER_TYPES[d.type ?? ''] ?? d.type ?? '—'})`;
}

/** Fills a <select> with the dossiers once they are known. */
export function fillDossierSelect(select: HTMLSelectElement, selected: string | null, emptyLabel = 'Tous les dossiers'): void {
  select.append(h('option', { value: '' }, emptyLabel));
  if (selected) select.append(h('option', { value: selected, selected: true }, selected));
  listDossiers()
    .then((items) => {
      const current = select.value;
      while (select.options.length > 1) select.remove(1);
      for (const d of items) select.append(h('option', { value: d.dossier_id }, dossierLabel(d)));
      if (current && ![...select.options].some((o) => o.value === current)) {
        select.append(h('option', { value: current }, current));
      }
      select.value = current;
    })
    .catch(() => {
      /* the filter keeps its current value; the list view reports errors itself */
    });
}

/** « ← Précédent · first–last sur total · Suivant → » for a list of `path` shown from `offset`,
 * the other parameters kept; a link that would go nowhere is disabled. */
export function pagination(path: string, params: Record<string, string | number | null | undefined>, offset: number, pageSize: number, shown: number, total: number): HTMLElement {
  const first = total === 0 ? 0 : offset + 1;
  const last = offset + shown;
  const link = (text: string, to: number, disabled: boolean): HTMLAnchorElement => {
    const a = h('a', { class: 'btn', href: hashUrl(path, { ...params, offset: to || null }) }, text);
    if (disabled) {
      a.removeAttribute('href');
      a.setAttribute('aria-disabled', 'true');
      a.classList.add('disabled');
    }
    return a;
  };
  return h(
    'nav',
    { class: 'pagination', 'aria-label': 'Pagination' },
    link('← Précédent', Math.max(0, offset - pageSize), offset === 0),
    h('span', { class: 'page-info', 'data-testid': 'page-info' }, `${first}–${last} sur ${total}`),
    link('Suivant →', offset + pageSize, last >= total),
  );
}
