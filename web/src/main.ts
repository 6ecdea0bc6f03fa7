// Entry point: header, health indicator and hash router.

import { h, notice, replace } from './dom';
import { startHealth } from './health';
import { renderDocument } from './views/document';
import { renderDocuments } from './views/documents';
import { renderDossier } from './views/dossier';
import { renderDossiers } from './views/dossiers';
import { renderSearch } from './views/search';
import { renderUpload } from './views/upload';

export type Cleanup = () => void;
export type View = (root: HTMLElement, params: string[], query: URLSearchParams) => Cleanup | void;

interface Route {
  pattern: RegExp;
  view: View;
  nav: string;
  title: string;
}

const routes: Route[] = [
  { pattern: /^\/documents\/?$/, view: renderDocuments, nav: 'documents', title: 'Documents' },
  { pattern: /^\/documents\/([^/]+)$/, view: renderDocument, nav: 'documents', title: 'Document' },
  { pattern: /^\/dossiers\/?$/, view: renderDossiers, nav: 'dossiers', title: 'Dossiers' },
  { pattern: /^\/dossiers\/([^/]+)$/, view: renderDossier, nav: 'dossiers', title: 'Dossier' },
  { pattern: /^\/search\/?$/, view: renderSearch, nav: 'search', title: 'Recherche' },
  { pattern: /^\/(?:upload|deposer)\/?$/, view: renderUpload, nav: 'upload', title: 'Déposer' },
];

const NAV: [string, string, string][] = [
  ['documents', '#/documents', 'Documents'],
  ['dossiers', '#/dossiers', 'Dossiers'],
  ['search', '#/search', 'Recherche'],
  ['upload', '#/upload', 'Déposer'],
];

let cleanup: Cleanup | void;

function parseHash(): { path: string; query: URLSearchParams } {
  const raw = location.hash.replace(/^#/, '') || '/';
  const q = raw.indexOf('?');
  const path = q >= 0 ? raw.slice(0, q) : raw;
  const query = new URLSearchParams(q >= 0 ? raw.slice(q + 1) : '');
  return { path: path.startsWith('/') ? path : `/${path}`, query };
}

// Back to a list opened before: the notary finds the row they left, not the top. Each history
// entry keeps its own scroll position in its state; a new entry (a link followed) has none and
// opens at the top. Views fill in after their data arrives, so the position is tried again
// while the page grows, until the notary scrolls themselves.
let restoring = 0;
function restoreScroll(): void {
  const y = (history.state as { scrollY?: unknown } | null)?.scrollY;
  const target = typeof y === 'number' && y > 0 ? y : 0;
  window.scrollTo(0, target);
  const mine = ++restoring;
  if (!target) return;
  const until = Date.now() + 4000;
  const stop = (): void => {
    restoring++;
  };
  for (const ev of ['wheel', 'touchstart', 'keydown', 'mousedown']) window.addEventListener(ev, stop, { once: true, passive: true });
  const again = (): void => {
    if (mine !== restoring || Date.now() > until) return;
    if (Math.abs(window.scrollY - target) > 2) window.scrollTo(0, target);
    if (Math.abs(window.scrollY - target) <= 2) return;
    window.setTimeout(again, 100);
  };
  window.setTimeout(again, 50);
}

let scrollSaveTimer: number | null = null;
function saveScroll(): void {
  if (scrollSaveTimer !== null) window.clearTimeout(scrollSaveTimer);
  scrollSaveTimer = null;
  const state = (history.state as Record<string, unknown> | null) ?? {};
  if (state.scrollY !== window.scrollY) history.replaceState({ ...state, scrollY: window.scrollY }, '');
}
function keepScroll(): void {
  if (scrollSaveTimer === null) scrollSaveTimer = window.setTimeout(saveScroll, 150);
}

function route(main: HTMLElement, navLinks: Map<string, HTMLAnchorElement>): void {
  if (cleanup) {
    try {
      cleanup();
    } catch {
      /* a view's cleanup never blocks navigation */
    }
    cleanup = undefined;
  }
  const { path, query } = parseHash();
  if (path === '/' || path === '') {
    location.replace('#/documents');
    return;
  }
  for (const [key, a] of navLinks) {
    if (a.dataset.nav === key) a.removeAttribute('aria-current');
  }
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (!m) continue;
    navLinks.get(r.nav)?.setAttribute('aria-current', 'page');
    document.title = `${r.title} — Notaria`;
    replace(main);
    const params = m.slice(1).map((p) => decodeURIComponent(p));
    try {
      cleanup = r.view(main, params, query);
    } catch (e) {
      replace(main, notice('error', `Erreur d\u2019affichage : ${(e as Error).message}`));
    }
    main.focus({ preventScroll: true });
    restoreScroll();
    return;
  }
  document.title = 'Page introuvable — Notaria';
  replace(
    main,
    h('h1', null, 'Page introuvable'),
    notice('error', 'Cette adresse ne correspond à aucun écran. ', h('a', { href: '#/documents' }, 'Revenir aux documents')),
  );
}

function start(): void {
  const navLinks = new Map<string, HTMLAnchorElement>();
  const nav = h(
    'nav',
    { class: 'main-nav', 'aria-label': 'Navigation principale' },
    h(
      'ul',
      null,
      ...NAV.map(([key, href, text]) => {
        const a = h('a', { href, dataset: { nav: key } }, text);
        navLinks.set(key, a);
        return h('li', null, a);
      }),
    ),
  );
  const healthEl = h('div', { id: 'health', class: 'health' });
  const header = h(
    'header',
    { class: 'app-header' },
    h('a', { href: '#/documents', class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '§'), 'Notaria'),
    nav,
    healthEl,
  );
  const main = h('main', { id: 'main', tabindex: '-1' });
  const app = document.getElementById('app') ?? document.body;
  // A button, not href="#main": the hash is the router's.
  const skip = h('button', { type: 'button', class: 'skip-link' }, 'Aller au contenu');
  skip.addEventListener('click', () => main.focus());
  replace(app, skip, header, main);
  startHealth(healthEl);
  window.addEventListener('scroll', keepScroll, { passive: true });
  // Before a link changes the entry: the position is saved on the page being left.
  document.addEventListener('click', saveScroll, true);
  window.addEventListener('hashchange', () => {
    // A position saved late would land on the entry just opened.
    if (scrollSaveTimer !== null) window.clearTimeout(scrollSaveTimer);
    scrollSaveTimer = null;
    route(main, navLinks);
  });
  route(main, navLinks);
}

window.addEventListener('error', (e) => {
  const main = document.getElementById('main');
  if (main && !main.firstChild) replace(main, notice('error', `Erreur inattendue : ${e.message}`));
});

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
