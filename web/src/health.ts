// Service-status indicator in the header, fed by GET /api/health every 10 s. Its button opens
// the state of each service (on hover too): « opérationnel » must not hide from the notary that
// the official registers were not consulted, which does not make the server degraded.

import { h, replace } from './dom';

// In the order the detail lists them; a service the server adds later follows under its code.
// Lower case, as they go into « Service dégradé : ... »; the detail capitalizes them.
const SERVICE_NAMES: Record<string, string> = {
  database: 'base de données',
  storage: 'stockage',
  queue: "file d'attente",
  search: 'recherche',
  workers: 'workers (traitement)',
  registers: 'registres officiels',
  redis: 'Redis',
  minio: 'stockage S3',
  index: 'index de recherche',
  ollama: 'LLM',
};

interface Service {
  status?: string;
  mode?: string;
  reason?: string;
  count?: number;
}

interface Health {
  status?: string;
  services?: Record<string, Service | string>;
}

// Choices of configuration, not failures: registers off in offline mode, workers run by
// another process, an optional service left out.
const NOT_DEGRADED = new Set(['ok', 'off', 'external', 'disabled', 'not_configured']);

type Kind = 'ok' | 'degraded' | 'down' | 'unknown';
type Line = { code: string; name: string; state: string; kind: 'ok' | 'off' | 'bad' };

const serviceOf = (v: Service | string | undefined): Service => (typeof v === 'string' ? { status: v } : v ?? {});

function serviceName(code: string): string {
  return SERVICE_NAMES[code] ?? code;
}

const capitalized = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function degradedServices(body: Health): string[] {
  const out: string[] = [];
  for (const [name, svc] of Object.entries(body.services ?? {})) {
    const st = serviceOf(svc).status;
    if (st && !NOT_DEGRADED.has(st)) out.push(serviceName(name));
  }
  return out;
}

/** Registers not consulted: the indicator stays green but says so. */
function registersOff(body: Health): boolean {
  const r = body.services?.registers;
  if (r === undefined) return false;
  const s = serviceOf(r);
  return s.status === 'off' || s.mode === 'offline';
}

function stateText(code: string, s: Service): Line['state'] {
  if (code === 'registers') {
    if (s.status === 'off' || s.mode === 'offline') return 'hors ligne : vérifications non effectuées';
    if (s.status === 'ok') return 'consultés en direct';
  }
  if (code === 'workers' && s.status === 'ok' && typeof s.count === 'number') return `opérationnels (${s.count})`;
  switch (s.status) {
    case 'ok':
      return 'opérationnel';
    case 'off':
      return 'hors ligne';
    case 'external':
      return 'assuré par un autre processus';
    case 'disabled':
    case 'not_configured':
      return 'non configuré';
    case 'degraded':
      return `dégradé${s.reason ? ` (${s.reason})` : ''}`;
    default:
      return s.status ? `${s.status}${s.reason ? ` (${s.reason})` : ''}` : 'état inconnu';
  }
}

function lines(body: Health): Line[] {
  const services = body.services ?? {};
  const codes = Object.keys(SERVICE_NAMES).filter((c) => c in services);
  codes.push(...Object.keys(services).filter((c) => !(c in SERVICE_NAMES)));
  const out: Line[] = codes.map((code) => {
    const s = serviceOf(services[code]);
    const kind: Line['kind'] = s.status === 'ok' && !(code === 'registers' && s.mode === 'offline') ? 'ok' : s.status && NOT_DEGRADED.has(s.status) ? 'off' : 'bad';
    return { code, name: capitalized(serviceName(code)), state: stateText(code, s), kind };
  });
  // A server that does not report them yet: whether they were consulted is not known.
  if (!('registers' in services)) out.push({ code: 'registers', name: capitalized(serviceName('registers')), state: 'état non communiqué par le serveur', kind: 'off' });
  return out;
}

const timeFmt = new Intl.DateTimeFormat('fr-FR', { timeStyle: 'medium' });

export function startHealth(el: HTMLElement): void {
  const text = h('span', { class: 'health-text' });
  const button = h(
    'button',
    { type: 'button', class: 'health-button', 'aria-expanded': 'false', 'aria-controls': 'health-panel', 'data-testid': 'health-button' },
    h('span', { class: 'health-dot', 'aria-hidden': 'true' }),
    text,
  );
  const list = h('ul', { class: 'health-services', 'data-testid': 'health-services' });
  const checkedAt = h('p', { class: 'health-checked muted small' });
  const panel = h('div', { id: 'health-panel', class: 'health-panel', hidden: true }, h('p', { class: 'health-panel-title' }, 'État des services'), list, checkedAt);
  // Only the short label is announced, when it changes: not the whole list every 10 s.
  const live = h('span', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  replace(el, button, panel, live);

  // Opened by a click (kept open) or while the pointer is over it.
  let pinned = false;
  let hovered = false;
  const sync = (): void => {
    const open = pinned || hovered;
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
  };
  button.addEventListener('click', () => {
    pinned = !pinned;
    if (!pinned) hovered = false;
    sync();
  });
  el.addEventListener('mouseenter', () => {
    hovered = true;
    sync();
  });
  el.addEventListener('mouseleave', () => {
    hovered = false;
    sync();
  });
  el.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || panel.hidden) return;
    pinned = hovered = false;
    sync();
    button.focus();
  });
  el.addEventListener('focusout', (e) => {
    if (e.relatedTarget instanceof Node && el.contains(e.relatedTarget)) return;
    pinned = false;
    sync();
  });
  document.addEventListener('click', (e) => {
    if (!pinned || (e.target instanceof Node && el.contains(e.target))) return;
    pinned = false;
    sync();
  });

  let shown = '';
  const render = (kind: Kind, label: string, detail: Line[] | string): void => {
    el.className = `health health-${kind}`;
    if (label !== shown) {
      shown = label;
      text.textContent = label;
      live.textContent = label;
    }
    if (typeof detail === 'string') {
      replace(list, h('li', { class: 'health-service' }, detail));
    } else {
      replace(
        list,
        ...detail.map((l) =>
          h('li', { class: `health-service svc-${l.kind}`, dataset: { service: l.code } }, h('span', { class: 'svc-name' }, l.name), h('span', { class: 'svc-state' }, l.state)),
        ),
      );
    }
    checkedAt.textContent = kind === 'unknown' ? '' : `Dernière vérification à ${timeFmt.format(new Date())}.`;
  };
  render('unknown', 'Vérification des services…', 'Vérification en cours…');

  const check = async (): Promise<void> => {
    let res: Response;
    try {
      res = await fetch('/api/health', { headers: { Accept: 'application/json' }, cache: 'no-store' });
    } catch {
      render('down', 'API injoignable', 'Le serveur Notaria ne répond pas.');
      return;
    }
    let body: Health | null = null;
    try {
      body = (await res.json()) as Health;
    } catch {
      body = null;
    }
    if (!body || typeof body !== 'object') {
      render('down', 'API injoignable', `Réponse inattendue du serveur (HTTP ${res.status}).`);
      return;
    }
    const bad = degradedServices(body);
    const offline = registersOff(body) ? ' · registres hors ligne' : '';
    if (res.ok && body.status === 'ok' && bad.length === 0) {
      render('ok', `Services opérationnels${offline}`, lines(body));
    } else {
      const which = bad.length ? bad.join(', ') : body.status ?? `HTTP ${res.status}`;
      render('degraded', `Service dégradé : ${which}${offline}`, lines(body));
    }
  };
  void check();
  window.setInterval(() => void check(), 10_000);
}
