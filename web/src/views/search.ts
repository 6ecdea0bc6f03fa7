import { get, messageOf, qs } from '../api';
import type { SearchAnswer } from '../api';
import { fillDossierSelect, listDossiers, pagination, typeOptions } from '../common';
import { h, hashUrl, loading, notice, replace } from '../dom';
import { queryTerms } from '../evidence';
import { docType, formatDate } from '../labels';
import type { View } from '../main';

const PAGE_SIZE = 20;

export const renderSearch: View = (root, _params, query) => {
  const q = (query.get('q') ?? '').trim();
  const filters = { type: query.get('type') ?? '', dossier_id: query.get('dossier_id') ?? '', from: query.get('from') ?? '', to: query.get('to') ?? '' };
  const offset = Math.max(0, parseInt(query.get('offset') ?? '0', 10) || 0);
  let alive = true;

  const input = h('input', { type: 'search', id: 'search-q', name: 'q', value: q, placeholder: 'Nom, adresse, commune, parcelle, mot du texte…', autocomplete: 'off' });
  const typeSel = h('select', { id: 'search-type' }, ...typeOptions(filters.type || null));
  const dossierSel = h('select', { id: 'search-dossier' });
  fillDossierSelect(dossierSel, filters.dossier_id || null);
  const from = h('input', { type: 'date', id: 'search-from', value: filters.from });
  const to = h('input', { type: 'date', id: 'search-to', value: filters.to });
  const form = h(
    'form',
    { class: 'search-form', role: 'search', 'aria-label': 'Recherche dans les documents' },
    h('div', { class: 'field field-grow' }, h('label', { for: input.id }, 'Rechercher'), input),
    h('div', { class: 'field' }, h('label', { for: typeSel.id }, 'Type'), typeSel),
    h('div', { class: 'field' }, h('label', { for: dossierSel.id }, 'Dossier'), dossierSel),
    h('div', { class: 'field' }, h('label', { for: from.id }, 'Du'), from),
    h('div', { class: 'field' }, h('label', { for: to.id }, 'Au'), to),
    h('button', { type: 'submit', class: 'btn btn-primary' }, 'Rechercher'),
  );
  const currentFilters = (): typeof filters => ({ type: typeSel.value, dossier_id: dossierSel.value, from: from.value, to: to.value });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const words = input.value.trim();
    const url = hashUrl('/search', { q: words, ...currentFilters() });
    // The same address fires no hashchange (a retry after an error, a filter already applied).
    if (location.hash === url) search(words, currentFilters(), 0);
    else location.hash = url;
  });
  const results = h('div', { class: 'search-results', 'aria-live': 'polite' });
  root.append(h('h1', null, 'Recherche'), form, results);

  let seq = 0;
  const search = (words: string, f: typeof filters, at: number): void => {
    const mine = ++seq;
    if (!words) {
      replace(results, h('p', { class: 'muted' }, 'Saisissez un ou plusieurs mots : la recherche porte sur le texte de tous les documents analysés (sans tenir compte des accents ni des majuscules).'));
      return;
    }
    replace(results, loading('Recherche…'));
    Promise.all([get<SearchAnswer>(`/api/search${qs({ q: words, ...f, limit: PAGE_SIZE, offset: at })}`), listDossiers().catch(() => [])])
      .then(([ans, dossiers]) => {
        if (!alive || mine !== seq) return;
        const dossierNames = new Map(dossiers.map((d) => [d.dossier_id, d.name || 'Sans nom']));
        if (!ans.items.length) {
          replace(results, notice('info', `Aucun résultat pour « ${words} »${f.type || f.dossier_id || f.from || f.to ? ' avec ces filtres' : ''}.`));
          return;
        }
        replace(
          results,
          h('p', { class: 'muted', 'data-testid': 'search-total' }, `${ans.total} résultat${ans.total > 1 ? 's' : ''} pour « ${ans.query ?? words} »`),
          h(
            'ol',
            { class: 'hits', start: String(at + 1) },
            ...ans.items.map((it) => {
              // The words the snippet marks are marked again on the page it opens.
              const hits = Array.isArray(it.snippet) ? it.snippet.filter((p) => p.hit).map((p) => p.text.trim()) : [];
              const terms = [...new Set([...hits, ...queryTerms(words)])].filter(Boolean).slice(0, 12);
              const href = hashUrl(`/documents/${encodeURIComponent(it.document_id)}`, { page: it.page || null, terms: terms.length ? JSON.stringify(terms) : null });
              return h(
                'li',
                { class: 'hit', dataset: { documentId: it.document_id, page: it.page ?? '' } },
                h('a', { class: 'hit-title', href }, it.filename || it.document_id, it.page ? h('span', { class: 'muted small' }, ` — page ${it.page}`) : null),
                h('p', { class: 'hit-meta muted small' }, docType(it.document_type), it.date ? ` · ${formatDate(it.date)}` : '', it.dossier_id ? ' · ' : '', it.dossier_id ? h('a', { href: `#/dossiers/${encodeURIComponent(it.dossier_id)}` }, `dossier ${dossierNames.get(it.dossier_id) ?? ''}`.trim()) : null),
                snippet(it.snippet),
              );
            }),
          ),
          ans.total > PAGE_SIZE ? pagination('/search', { q: words, ...f }, at, PAGE_SIZE, ans.items.length, ans.total) : null,
        );
      })
      .catch((e) => {
        if (!alive || mine !== seq) return;
        const msg = (e as { endpointMissing?: boolean }).endpointMissing ? 'La recherche n\u2019est pas disponible sur ce serveur.' : messageOf(e);
        replace(results, notice('error', `Recherche impossible : ${msg}`));
      });
  };

  // A filter changed under a query applies at once, in place: re-rendering the view would take
  // the focus from the filter, and would do so at each digit typed in a date. The address follows
  // (replaced, not pushed, so that Back leaves the search rather than stepping through filters).
  let refilterTimer: number | null = null;
  const refilter = (): void => {
    if (refilterTimer !== null) window.clearTimeout(refilterTimer);
    refilterTimer = window.setTimeout(() => {
      refilterTimer = null;
      const words = input.value.trim();
      if (!words || !alive) return;
      const f = currentFilters();
      history.replaceState(null, '', hashUrl('/search', { q: words, ...f }));
      search(words, f, 0);
    }, 350);
  };
  for (const el of [typeSel, dossierSel, from, to]) el.addEventListener('change', refilter);

  if (!q) input.focus();
  search(q, filters, offset);

  return () => {
    alive = false;
    if (refilterTimer !== null) window.clearTimeout(refilterTimer);
  };
};

function snippet(s: SearchAnswer['items'][number]['snippet']): HTMLElement | null {
  if (!s) return null;
  const p = h('p', { class: 'snippet' });
  if (typeof s === 'string') {
    p.textContent = s;
    return p;
  }
  const first = s[0]?.text ?? '';
  const last = s[s.length - 1]?.text ?? '';
  if (first && !/^\s*…/.test(first)) p.append('… ');
  for (const seg of s) {
    if (seg.hit) p.append(h('mark', null, seg.text));
    else p.append(seg.text);
  }
  if (last && !/…\s*$/.test(last)) p.append(' …');
  return p;
}
