import { get, messageOf, qs } from '../api';
import type { DocumentSummary, ListAnswer } from '../api';
import { anomaliesCell, crossCountsBadge, fillDossierSelect, listDossiers, pagination, scoreBadge, scrollableTable, statusBadge, statusOptions, typeOptions } from '../common';
import { h, hashUrl, loading, notice, replace } from '../dom';
import { docType, formatDate, stage } from '../labels';
import type { View } from '../main';

const PAGE_SIZE = 20;

export const renderDocuments: View = (root, _params, query) => {
  const filters = {
    type: query.get('type') ?? '',
    status: query.get('status') ?? '',
    dossier_id: query.get('dossier_id') ?? '',
  };
  const offset = Math.max(0, parseInt(query.get('offset') ?? '0', 10) || 0);
  let timer: number | null = null;
  let alive = true;
  const scoreCache = new Map<string, number | null>();

  const typeSel = h('select', { id: 'filter-type', name: 'type' }, ...typeOptions(filters.type || null));
  const statusSel = h('select', { id: 'filter-status', name: 'status' }, ...statusOptions(filters.status || null));
  const dossierSel = h('select', { id: 'filter-dossier', name: 'dossier_id' });
  fillDossierSelect(dossierSel, filters.dossier_id || null);
  const apply = (): void => {
    location.hash = hashUrl('/documents', { type: typeSel.value, status: statusSel.value, dossier_id: dossierSel.value });
  };
  for (const s of [typeSel, statusSel, dossierSel]) s.addEventListener('change', apply);

  const content = h('div', { class: 'list-content' }, loading());
  root.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Documents'), h('a', { href: '#/upload', class: 'btn btn-primary' }, 'Déposer des documents')),
    h(
      'form',
      { class: 'filters', role: 'search', 'aria-label': 'Filtrer les documents', onsubmit: (e: Event) => e.preventDefault() },
      h('div', { class: 'field' }, h('label', { for: typeSel.id }, 'Type'), typeSel),
      h('div', { class: 'field' }, h('label', { for: statusSel.id }, 'Statut'), statusSel),
      h('div', { class: 'field' }, h('label', { for: dossierSel.id }, 'Dossier'), dossierSel),
    ),
    content,
  );

  let dossierNames = new Map<string, string>();
  const load = async (): Promise<void> => {
    let ans: ListAnswer<DocumentSummary>;
    try {
      const [list, dossiers] = await Promise.all([
        get<ListAnswer<DocumentSummary>>(`/api/notary/documents${qs({ limit: PAGE_SIZE, offset, ...filters })}`),
        listDossiers().catch(() => []),
      ]);
      ans = list;
      dossierNames = new Map(dossiers.map((d) => [d.dossier_id, d.name || 'Sans nom']));
    } catch (e) {
      if (alive) replace(content, notice('error', `Impossible de charger les documents : ${messageOf(e)}`));
      return;
    }
    if (!alive) return;
    renderTable(ans);
    const pending = ans.items.some((d) => d.status === 'queued' || d.status === 'processing');
    if (pending) timer = window.setTimeout(() => void load(), 3000);
  };

  const renderTable = (ans: ListAnswer<DocumentSummary>): void => {
    if (ans.items.length === 0) {
      const filtered = filters.type || filters.status || filters.dossier_id;
      replace(
        content,
        notice(
          'info',
          filtered ? 'Aucun document ne correspond à ces filtres.' : 'Aucun document pour l\u2019instant. ',
          filtered ? null : h('a', { href: '#/upload' }, 'Déposer des documents'),
        ),
      );
      return;
    }
    const rows = ans.items.map((d) => {
      const scoreCell = h('td', { class: 'num' });
      const own = typeof d.score === 'number' ? d.score : typeof d.credibility_score === 'number' ? d.credibility_score : undefined;
      const critical = (d.finding_counts?.critical ?? 0) + (d.cross_finding_counts?.critical ?? 0);
      if (own !== undefined) scoreCell.append(scoreBadge(own, critical));
      else if (d.status === 'done') fillScore(d.document_id, scoreCell, critical);
      else scoreCell.append('—');
      const statusCell = h('td', null, statusBadge(d.status));
      if (d.status === 'processing' && d.progress) {
        statusCell.append(h('span', { class: 'muted small' }, ` ${stage(d.progress.stage)} ${d.progress.percent ?? 0} %`));
      }
      if (d.status === 'failed' && d.error) statusCell.append(h('div', { class: 'muted small' }, d.error.message));
      return h(
        'tr',
        { dataset: { documentId: d.document_id } },
        h('td', null, h('a', { href: `#/documents/${encodeURIComponent(d.document_id)}` }, d.filename || d.document_id)),
        h('td', null, d.status === 'done' || d.document_type ? docType(d.document_type) : '—'),
        statusCell,
        scoreCell,
        anomaliesCell(d.finding_counts, crossCountsBadge(d.cross_finding_counts)),
        h('td', null, d.dossier_id ? h('a', { href: `#/dossiers/${encodeURIComponent(d.dossier_id)}` }, dossierNames.get(d.dossier_id) ?? 'Voir le dossier') : '—'),
        h('td', { class: 'nowrap' }, formatDate(d.created_at, true)),
      );
    });
    replace(
      content,
      scrollableTable(h(
        'table',
        { class: 'table', 'data-testid': 'documents-table' },
        h('caption', { class: 'sr-only' }, 'Documents déposés'),
        h(
          'thead',
          null,
          h('tr', null, h('th', { scope: 'col' }, 'Nom du fichier'), h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col' }, 'Statut'), h('th', { scope: 'col', class: 'num' }, 'Score'), h('th', { scope: 'col' }, 'Anomalies'), h('th', { scope: 'col' }, 'Dossier'), h('th', { scope: 'col' }, 'Déposé le')),
        ),
        h('tbody', null, ...rows),
      )),
      pagination('/documents', filters, offset, PAGE_SIZE, ans.items.length, ans.total),
    );
  };

  // The list answer carries no score: read it from /api/documents/{id}/analyze for done documents.
  const fillScore = (id: string, cell: HTMLElement, critical: number): void => {
    if (scoreCache.has(id)) {
      cell.append(scoreBadge(scoreCache.get(id), critical));
      return;
    }
    cell.append(h('span', { class: 'muted' }, '…'));
    get<{ credibility_score?: number | null; score?: { value?: number } }>(`/api/documents/${encodeURIComponent(id)}/analyze`)
      .then((a) => {
        const v = typeof a.credibility_score === 'number' ? a.credibility_score : a.score?.value ?? null;
        scoreCache.set(id, v);
        replace(cell, scoreBadge(v, critical));
      })
      .catch(() => replace(cell, '—'));
  };

  void load();
  return () => {
    alive = false;
    if (timer !== null) window.clearTimeout(timer);
  };
};
