import { ApiError, get, messageOf, request } from '../api';
import type { Dossier, DossierAnalysis, DocumentSummary, Finding, Operation, Span } from '../api';
import { anomaliesCell, crossFindingsBadge, scoreBadge, scrollableTable, statusBadge } from '../common';
import { h, loading, notice, replace } from '../dom';
import type { Child } from '../dom';
import { docType, DOSSIER_TYPES, formatDate, formatMoney, label, plural, ROLES } from '../labels';
import type { View } from '../main';
import { keptUploader } from '../uploader';
import { findingItem, verificationsTable } from './document';

export const renderDossier: View = (root, params) => {
  const id = params[0];
  let alive = true;
  let retryTimer: number | null = null;
  let dossier: Dossier | null = null;
  let filenames = new Map<string, string>();

  const headEl = h('div', null, loading('Chargement du dossier…'));
  const docsTitle = h('h2', { id: 'dossier-docs-title' }, 'Documents du dossier');
  // Outcome of the last « Retirer du dossier », kept across the reloads of the table.
  const docsMsg = h('div', { class: 'docs-message' });
  const docsEl = h('section', { class: 'card', 'aria-labelledby': 'dossier-docs-title' }, docsTitle, docsMsg);
  const analysisEl = h('div', { class: 'dossier-analysis', 'data-testid': 'dossier-analysis' });
  const uploader = keptUploader(`dossier:${id}`, { dossierId: id });
  uploader.setOnFinished(() => {
    if (!alive) return;
    void loadDossier();
    scheduleAnalysis(800);
  });
  const uploadEl = h('section', { class: 'card' }, h('h2', null, 'Ajouter des pièces à ce dossier'), uploader.element);

  root.append(headEl, h('div', { class: 'dossier-layout' }, h('div', { class: 'dossier-main' }, docsEl, analysisEl), h('div', { class: 'dossier-side' }, uploadEl)));

  const docLink = (docId: string): Child => h('a', { href: `#/documents/${encodeURIComponent(docId)}` }, filenames.get(docId) ?? docId);

  const loadDossier = async (): Promise<void> => {
    try {
      dossier = await get<Dossier>(`/api/dossiers/${encodeURIComponent(id)}`);
    } catch (e) {
      if (!alive) return;
      const missing = e instanceof ApiError && e.status === 404;
      replace(headEl, h('h1', null, missing ? 'Dossier introuvable' : 'Dossier'), notice('error', missing ? 'Ce dossier n\u2019existe pas ou a été supprimé. ' : `Impossible de charger le dossier : ${messageOf(e)} `, h('a', { href: '#/dossiers' }, 'Revenir aux dossiers')));
      return;
    }
    if (!alive) return;
    filenames = new Map((dossier.documents ?? []).map((d) => [d.document_id, d.filename]));
    replace(
      headEl,
      h('p', { class: 'breadcrumb' }, h('a', { href: '#/dossiers' }, 'Dossiers'), ' › ', dossier.name || 'Sans nom'),
      h('h1', null, dossier.name || 'Dossier sans nom'),
      h('p', { class: 'doc-meta' }, h('span', { class: 'badge badge-type' }, label(DOSSIER_TYPES, dossier.type)), dossier.created_at ? ` · ouvert le ${formatDate(dossier.created_at, true)}` : ''),
    );
    renderDocs(dossier.documents ?? []);
  };

  let scores = new Map<string, number | null | undefined>();
  // The dossier's cross-document findings by the documents they name: a document clean on its
  // own can still be the one that differs from the deed.
  let crossByDoc = new Map<string, Finding[]>();
  const renderDocs = (docs: DocumentSummary[]): void => {
    if (!docs.length) {
      replace(docsEl, docsTitle, docsMsg, h('p', { class: 'muted' }, 'Aucun document dans ce dossier : déposez-en ci-contre.'));
      return;
    }
    replace(
      docsEl,
      docsTitle,
      docsMsg,
      scrollableTable(h(
        'table',
        { class: 'table compact', 'data-testid': 'dossier-documents' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Fichier'), h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col' }, 'Statut'), h('th', { scope: 'col', class: 'num' }, 'Score'), h('th', { scope: 'col' }, 'Anomalies'), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Actions')))),
        h(
          'tbody',
          null,
          ...docs.map((d) =>
            h(
              'tr',
              { dataset: { documentId: d.document_id } },
              h('td', null, docLink(d.document_id)),
              h('td', null, d.status === 'done' ? docType(d.document_type) : '—'),
              h('td', null, statusBadge(d.status)),
              h('td', { class: 'num' }, scores.has(d.document_id) ? scoreBadge(scores.get(d.document_id), d.finding_counts?.critical ?? 0) : '—'),
              anomaliesCell(d.finding_counts, crossFindingsBadge(crossByDoc.get(d.document_id) ?? [])),
              h('td', { class: 'nowrap' }, detachButton(d)),
            ),
          ),
        ),
      )),
    );
  };

  // The document is kept (in the list, without a dossier); only this dossier's analysis changes.
  const detachButton = (d: DocumentSummary): HTMLElement => {
    const name = d.filename || d.document_id;
    const b = h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'detach', 'aria-label': `Retirer du dossier : ${name}` }, 'Retirer du dossier');
    b.addEventListener('click', async () => {
      const ok = window.confirm(`Retirer « ${name} » du dossier « ${dossier?.name || 'Sans nom'} » ?\n\nLe document reste dans la liste des documents, sans dossier ; l\u2019analyse du dossier sera refaite sans lui.`);
      if (!ok) return;
      b.disabled = true;
      try {
        await request<{ detached?: boolean }>('DELETE', `/api/dossiers/${encodeURIComponent(id)}/documents/${encodeURIComponent(d.document_id)}`);
      } catch (e) {
        if (!alive) return;
        b.disabled = false;
        replace(docsMsg, notice('error', `Impossible de retirer « ${name} » du dossier : ${messageOf(e)}`));
        return;
      }
      if (!alive) return;
      replace(docsMsg, notice('info', `« ${name} » a été retiré du dossier. `, h('a', { href: `#/documents/${encodeURIComponent(d.document_id)}` }, 'Ouvrir le document')));
      scores.delete(d.document_id);
      await loadDossier();
      scheduleAnalysis(800);
    });
    return b;
  };

  const scheduleAnalysis = (ms: number): void => {
    if (retryTimer !== null) window.clearTimeout(retryTimer);
    retryTimer = window.setTimeout(() => {
      retryTimer = null;
      void loadAnalysis();
    }, ms);
  };

  const loadAnalysis = async (): Promise<void> => {
    if (!analysisEl.firstChild) analysisEl.append(loading('Chargement de l\u2019analyse du dossier…'));
    let status: number;
    let a: DossierAnalysis;
    try {
      const res = await request<DossierAnalysis>('GET', `/api/dossiers/${encodeURIComponent(id)}/analysis`);
      status = res.status;
      a = res.data;
    } catch (e) {
      if (!alive) return;
      if (e instanceof ApiError && (e.status === 409 || e.status === 202 || e.status === 503)) {
        replace(analysisEl, notice('info', 'Analyse du dossier en cours… ', h('span', { class: 'muted small' }, e.message)));
        scheduleAnalysis(3000);
      } else if (e instanceof ApiError && e.status === 404 && !dossier) {
        replace(analysisEl);
      } else {
        replace(analysisEl, notice('error', `Analyse du dossier indisponible : ${messageOf(e)}`));
        scheduleAnalysis(10000);
      }
      return;
    }
    if (!alive) return;
    if (status === 202) {
      replace(analysisEl, notice('info', 'Analyse du dossier en cours…'));
      scheduleAnalysis(3000);
      return;
    }
    scores = new Map((a.documents ?? []).map((d) => [d.document_id, d.score]));
    crossByDoc = new Map();
    for (const f of a.findings ?? []) for (const d of new Set(f.documents ?? [])) crossByDoc.set(d, [...(crossByDoc.get(d) ?? []), f]);
    for (const d of a.documents ?? []) if (d.filename) filenames.set(d.document_id, d.filename);
    if (dossier) renderDocs(dossier.documents ?? []);
    renderAnalysis(a);
    if (a.all_documents_analysed === false) scheduleAnalysis(3000);
  };

  const renderAnalysis = (a: DossierAnalysis): void => {
    const parts: HTMLElement[] = [];
    if (a.all_documents_analysed === false) parts.push(notice('info', 'Analyse en cours : certains documents ne sont pas encore analysés ; cette page se met à jour toute seule.'));
    const op = operationCard(a.operation);
    if (op) parts.push(op);
    // checklist
    const checklist = a.checklist ?? [];
    const missing = checklist.filter((c) => c.status !== 'present').length;
    const toCheck = checklist.filter((c) => c.status === 'present' && (c.alerts ?? []).length).length;
    parts.push(
      h(
        'section',
        { class: 'card checklist', 'data-testid': 'checklist' },
        h('h2', null, 'Pièces du dossier', checklist.length ? h('span', { class: 'muted small' }, ` — ${plural(checklist.length - missing, 'présente', 'présentes')}${toCheck ? ` (dont ${toCheck} à vérifier)` : ''}, ${plural(missing, 'manquante', 'manquantes')}`) : ''),
        checklist.length
          ? h(
              'ul',
              { class: 'check-list' },
              ...checklist.map((c) => {
                // Present but flagged by its own analysis (an expired DPE): not a green tick.
                const alerts = c.status === 'present' ? (c.alerts ?? []) : [];
                const state = c.status !== 'present' ? 'missing' : alerts.length ? 'to-check' : 'present';
                return h(
                  'li',
                  { class: state, dataset: { piece: c.piece, status: c.status } },
                  h('span', { class: 'check-icon', 'aria-hidden': 'true' }, state === 'present' ? '✓' : state === 'to-check' ? '!' : '✗'),
                  h('span', { class: 'check-label' }, c.label || docType(c.piece)),
                  h('span', { class: `badge ${state === 'present' ? 'status-done' : state === 'to-check' ? 'severity-warning' : 'status-failed'}` }, state === 'present' ? 'présent' : state === 'to-check' ? 'présent, à vérifier' : 'manquant'),
                  (c.documents ?? []).length ? h('span', { class: 'check-docs' }, ...(c.documents ?? []).flatMap((d, i) => [i ? ', ' : '', docLink(d)])) : null,
                  alerts.length ? h('ul', { class: 'check-alerts small' }, ...alerts.map((al) => h('li', { title: `code : ${al.code}` }, al.message))) : null,
                );
              }),
            )
          : h('p', { class: 'muted' }, 'Pas de liste de pièces pour ce type de dossier.'),
      ),
    );
    // cross-document findings
    const findings = a.findings ?? [];
    const linkFor = (span: Span): string | null => (span.document_id ? `#/documents/${encodeURIComponent(span.document_id)}?page=${span.page}` : null);
    parts.push(
      h(
        'section',
        { class: 'card findings' },
        h('h2', null, `Contrôles croisés${findings.length ? ` (${findings.length})` : ''}`),
        findings.length
          ? h(
              'ul',
              { class: 'finding-list' },
              ...findings.map((f) => {
                const li = findingItem(f, undefined, linkFor, (d) => filenames.get(d) ?? d);
                if ((f.documents ?? []).length) li.append(h('p', { class: 'small muted' }, 'Pièces concernées : ', ...(f.documents ?? []).flatMap((d, i) => [i ? ', ' : '', docLink(d)])));
                return li;
              }),
            )
          : h('p', { class: 'ok-text' }, 'Aucune incohérence entre les pièces.'),
      ),
    );
    // synthesis
    const s = a.synthesis;
    parts.push(
      h(
        'section',
        { class: 'card synthesis' },
        h('h2', null, 'Synthèse du dossier'),
        s?.summary ? h('p', { class: 'summary' }, s.summary) : h('p', { class: 'muted' }, 'Pas de synthèse.'),
        (s?.recommendations ?? []).length ? h('h3', null, 'Recommandations') : null,
        (s?.recommendations ?? []).length ? h('ul', { class: 'recommendations' }, ...(s?.recommendations ?? []).map((r) => h('li', null, r))) : null,
      ),
    );
    // parties
    const parties = a.parties ?? [];
    if (parties.length) {
      parts.push(
        h(
          'section',
          { class: 'card' },
          h('h2', null, `Parties (${parties.length})`),
          h(
            'table',
            { class: 'table compact' },
            h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Nom'), h('th', { scope: 'col' }, 'Qualité'), h('th', { scope: 'col' }, 'Naissance / SIREN'), h('th', { scope: 'col' }, 'Pièce d\u2019identité'))),
            h(
              'tbody',
              null,
              ...parties.map((p) => {
                const ids = Array.isArray(p.identity_documents) ? (p.identity_documents as unknown[]) : [];
                return h(
                  'tr',
                  null,
                  h('td', null, String(p.name ?? '—')),
                  h('td', null, typeof p.role_label === 'string' && p.role_label ? p.role_label.charAt(0).toUpperCase() + p.role_label.slice(1) : label(ROLES, p.role as string)),
                  h('td', null, p.kind === 'company' ? String(p.siren ?? '—') : formatDate(p.birth_date)),
                  h('td', null, ids.length ? ids.flatMap((d, i) => [i ? ', ' : '', typeof d === 'string' ? docLink(d) : typeof d === 'object' && d && 'document_id' in d ? docLink(String((d as { document_id: unknown }).document_id)) : '']) : p.kind === 'company' ? '—' : h('span', { class: 'missing-text' }, 'aucune')),
                );
              }),
            ),
          ),
        ),
      );
    }
    const verifs = a.verifications ?? [];
    if (verifs.length) {
      parts.push(h('section', { class: 'card verifications' }, h('h2', null, `Vérifications auprès des registres (${verifs.length})`), h('details', null, h('summary', null, 'Détail des vérifications'), verificationsTable(verifs, docLink))));
    }
    replace(analysisEl, ...parts);
  };

  // The property, price and date first: what a notary looks for on opening a dossier. Each
  // value opens the deed on its passage.
  const operationCard = (op: Operation | null | undefined): HTMLElement | null => {
    if (!op) return null;
    const passage = (spans: Span[] | undefined, what: string): HTMLElement | null => {
      const mine = (spans ?? []).filter((s) => !s.document_id || s.document_id === op.document_id);
      if (!mine.length) return null;
      const page = mine[0].page;
      const hl = mine.filter((s) => s.page === page).map((s) => `${s.start}-${s.end}`).join(',');
      return h('a', { class: 'small passage-link', href: `#/documents/${encodeURIComponent(op.document_id)}?page=${page}&hl=${hl}`, 'aria-label': `Voir le passage : ${what}` }, `voir p. ${page}`);
    };
    const row = (name: string, value: Child, link: HTMLElement | null, testid: string): HTMLElement => h('div', { class: 'op-row', 'data-testid': testid }, h('dt', null, name), h('dd', null, value, link ? ' ' : null, link));
    const rows: HTMLElement[] = [];
    (op.properties ?? []).forEach((p, i) => {
      const town = [p.postal_code, p.city].filter(Boolean).join(' ');
      const place = [p.kind, p.address, town].filter(Boolean).join(', ');
      const parcels = (p.cadastre ?? []).length ? `cadastre ${(p.cadastre ?? []).join(', ')}` : '';
      const lots = p.lots ? plural(p.lots, 'lot', 'lots') : '';
      const value = [place, parcels, lots].filter(Boolean).join(' · ');
      if (value) rows.push(row((op.properties ?? []).length > 1 ? `Bien ${i + 1}` : 'Bien', value, passage(p.evidence, 'le bien'), 'op-property'));
    });
    if (op.price) rows.push(row('Prix', formatMoney(op.price.value, op.price.currency || 'EUR'), passage(op.price.evidence, 'le prix'), 'op-price'));
    if (op.date) rows.push(row(op.date.kind === 'signature' ? 'Signature' : 'Date de l\u2019acte', formatDate(op.date.value), passage(op.date.evidence, 'la date'), 'op-date'));
    return h(
      'section',
      { class: 'card operation', 'data-testid': 'operation' },
      h('h2', null, 'Objet du dossier'),
      rows.length ? h('dl', { class: 'op-list' }, ...rows) : h('p', { class: 'muted' }, 'Ni le bien, ni le prix, ni la date n\u2019ont été lus dans l\u2019acte : voir l\u2019original.'),
      h('p', { class: 'small muted' }, 'D\u2019après : ', docLink(op.document_id), op.document_type ? ` (${docType(op.document_type)})` : ''),
    );
  };

  void loadDossier().then(() => {
    if (alive && dossier) void loadAnalysis();
  });

  return () => {
    alive = false;
    uploader.setOnFinished(undefined);
    if (retryTimer !== null) window.clearTimeout(retryTimer);
  };
};
