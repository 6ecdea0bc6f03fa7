import { get, messageOf, post, qs } from '../api';
import type { Dossier, DossierOverview, ListAnswer } from '../api';
import { findingCounts, pagination, scrollableTable } from '../common';
import { h, loading, notice, replace } from '../dom';
import { DOSSIER_TYPES, formatDate, label, plural } from '../labels';
import type { View } from '../main';

const PAGE_SIZE = 20;

// Where each dossier stands, so that the notary sees which one needs them without opening all.
function overviewCells(o: DossierOverview | null | undefined): HTMLElement[] {
  if (!o) return [h('td', { class: 'num muted' }, '—'), h('td', { class: 'muted' }, '—'), h('td', { class: 'muted' }, '—')];
  const notes = [o.pending ? `${o.pending} en cours` : '', o.failed ? plural(o.failed, 'illisible', 'illisibles') : ''].filter(Boolean);
  // Documents with anomalies of their own, under the count: the first thing to open.
  const flagged = o.documents_with_findings ? h('span', { class: 'warn-text small', 'data-testid': 'overview-flagged', title: 'Documents ayant des anomalies propres' }, ` ${plural(o.documents_with_findings, 'avec anomalie', 'avec anomalies')}`) : null;
  const docs = h('td', { class: 'num', 'data-testid': 'overview-documents' }, String(o.documents), notes.length ? h('span', { class: 'muted small' }, ` (${notes.join(', ')})`) : null, flagged ? h('br') : null, flagged);
  // Present is not the same as fine: an expired DPE, an ID card whose name differs from the deed.
  const toCheck = o.pieces_to_check ?? 0;
  const checkBadge = toCheck ? h('span', { class: 'badge severity-warning', 'data-testid': 'overview-to-check', title: 'Pièces présentes mais signalées par leur analyse ou un contrôle croisé' }, `${toCheck} à vérifier`) : null;
  const pieces = !o.pieces_expected
    ? h('td', { class: 'muted' }, '—')
    : o.pieces_missing
      ? h('td', { 'data-testid': 'overview-pieces' }, h('span', { class: 'overview-notes' }, h('span', { class: 'badge status-failed' }, `${plural(o.pieces_missing, 'manquante', 'manquantes')} sur ${o.pieces_expected}`), checkBadge))
      : h('td', { 'data-testid': 'overview-pieces' }, checkBadge ? h('span', { class: 'overview-notes' }, checkBadge, h('span', { class: 'muted small' }, 'toutes présentes')) : h('span', { class: 'ok-text small' }, 'Toutes présentes'));
  const cross = h('td', { 'data-testid': 'overview-findings' }, o.documents ? findingCounts(o.cross_findings) : h('span', { class: 'muted' }, '—'));
  return [docs, pieces, cross];
}

export const renderDossiers: View = (root, _params, query) => {
  const offset = Math.max(0, parseInt(query.get('offset') ?? '0', 10) || 0);
  let alive = true;

  const name = h('input', { type: 'text', id: 'dossier-name', required: true, maxlength: '200', placeholder: 'ex. Vente Dupont / Martin' });
  const type = h('select', { id: 'dossier-type' }, ...Object.entries(DOSSIER_TYPES).map(([c, l]) => h('option', { value: c }, l)));
  const msg = h('p', { class: 'form-message', role: 'status' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Créer le dossier');
  const form = h(
    'form',
    { class: 'card inline-form', 'aria-label': 'Nouveau dossier' },
    h('h2', null, 'Nouveau dossier'),
    h('div', { class: 'field' }, h('label', { for: name.id }, 'Nom'), name),
    h('div', { class: 'field' }, h('label', { for: type.id }, 'Type'), type),
    submit,
    msg,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const n = name.value.trim();
    if (!n) {
      msg.textContent = 'Indiquez un nom de dossier.';
      return;
    }
    submit.disabled = true;
    msg.textContent = 'Création…';
    try {
      const d = await post<Dossier>('/api/dossiers', { type: type.value, name: n });
      location.hash = `#/dossiers/${encodeURIComponent(d.dossier_id)}`;
    } catch (err) {
      msg.textContent = messageOf(err);
      submit.disabled = false;
    }
  });

  const content = h('div', null, loading());
  root.append(h('h1', null, 'Dossiers'), form, content);

  get<ListAnswer<Dossier>>(`/api/dossiers${qs({ limit: PAGE_SIZE, offset })}`)
    .then((ans) => {
      if (!alive) return;
      if (!ans.items.length) {
        replace(content, notice('info', 'Aucun dossier pour l\u2019instant : créez-en un ci-dessus.'));
        return;
      }
      replace(
        content,
        scrollableTable(h(
          'table',
          { class: 'table', 'data-testid': 'dossiers-table' },
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Nom'), h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col', class: 'num' }, 'Documents'), h('th', { scope: 'col' }, 'Pièces'), h('th', { scope: 'col' }, 'Contrôles croisés'), h('th', { scope: 'col' }, 'Créé le'), h('th', { scope: 'col' }, 'Modifié le'))),
          h(
            'tbody',
            null,
            ...ans.items.map((d) =>
              h(
                'tr',
                null,
                h('td', null, h('a', { href: `#/dossiers/${encodeURIComponent(d.dossier_id)}` }, d.name || 'Sans nom')),
                h('td', null, label(DOSSIER_TYPES, d.type)),
                ...overviewCells(d.overview),
                h('td', { class: 'nowrap' }, formatDate(d.created_at, true)),
                h('td', { class: 'nowrap' }, formatDate(d.updated_at, true)),
              ),
            ),
          ),
        )),
        pagination('/dossiers', {}, offset, PAGE_SIZE, ans.items.length, ans.total),
      );
    })
    .catch((e) => {
      if (alive) replace(content, notice('error', `Impossible de charger les dossiers : ${messageOf(e)}`));
    });

  return () => {
    alive = false;
  };
};
