// Service-status indicator in the header, fed by GET /api/health every 10 s.

import { h, replace } from './dom';

const SERVICE_NAMES: Record<string, string> = {
  database: 'base de données',
  storage: 'stockage',
  queue: "file d'attente",
  workers: 'traitement',
  redis: 'Redis',
  minio: 'stockage S3',
  search: 'recherche',
  index: 'index de recherche',
  ollama: 'LLM',
  registers: 'registres',
};

interface Health {
  status?: string;
  services?: Record<string, { status?: string } | string>;
}

function degradedServices(h: Health): string[] {
  const out: string[] = [];
  for (const [name, svc] of Object.entries(h.services ?? {})) {
    const st = typeof svc === 'string' ? svc : svc?.status;
    if (st && st !== 'ok' && st !== 'disabled' && st !== 'not_configured') out.push(SERVICE_NAMES[name] ?? name);
  }
  return out;
}

export function startHealth(el: HTMLElement): void {
  const render = (kind: 'ok' | 'degraded' | 'down' | 'unknown', text: string, title = ''): void => {
    el.className = `health health-${kind}`;
    el.title = title;
    replace(el, h('span', { class: 'health-dot', 'aria-hidden': 'true' }), h('span', { class: 'health-text' }, text));
  };
  render('unknown', 'Vérification des services…');

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
      render('down', 'API injoignable', `Réponse inattendue (HTTP ${res.status}).`);
      return;
    }
    const bad = degradedServices(body);
    if (res.ok && body.status === 'ok' && bad.length === 0) {
      render('ok', 'Services opérationnels');
    } else {
      const which = bad.length ? bad.join(', ') : body.status ?? `HTTP ${res.status}`;
      render('degraded', `Service dégradé : ${which}`);
    }
  };
  void check();
  window.setInterval(() => void check(), 10_000);
}
