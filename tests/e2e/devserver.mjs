// Development helper (not used by CI): serves web/dist and proxies /api, /metrics to a running
// notaria API, so the UI can be tried before the binary serves it on WEB_PORT.
//   node tests/e2e/devserver.mjs --api http://127.0.0.1:8000 --port 8090 [--root web/dist] [--fake-events]
import { createServer, request } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

// --fake-events: answers GET /api/events itself by polling the API (for binaries without SSE).
async function fakeEvents(api, url, res) {
  const ids = (url.searchParams.get('ids') ?? '').split(',').filter(Boolean);
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  const last = new Map();
  let open = true;
  res.on('close', () => (open = false));
  while (open) {
    let pending = 0;
    for (const id of ids) {
      const r = await fetch(`${api}/api/notary/documents/${encodeURIComponent(id)}`).catch(() => null);
      const d = r && r.ok ? await r.json() : null;
      const ev = d
        ? { document_id: id, status: d.status, stage: d.progress?.stage ?? null, percent: d.progress?.percent ?? 0, document_type: d.document_type ?? null, error: d.error ?? null }
        : { document_id: id, status: 'failed', stage: null, percent: 0, document_type: null, error: { code: 'DOCUMENT_NOT_FOUND', message: 'Document introuvable.' } };
      const key = JSON.stringify(ev);
      if (last.get(id) !== key) {
        last.set(id, key);
        res.write(`event: progress\ndata: ${key}\n\n`);
      }
      if (ev.status !== 'done' && ev.status !== 'failed') pending++;
    }
    if (!pending) {
      res.write('event: end\ndata: {}\n\n');
      res.end();
      return;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

export function startDevServer({ api, port = 0, root, fakeSse = false }) {
  const apiUrl = new URL(api);
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (fakeSse && url.pathname === '/api/events') {
      void fakeEvents(api, url, res);
      return;
    }
    if (url.pathname.startsWith('/api/') || url.pathname === '/metrics') {
      const up = request(
        { host: apiUrl.hostname, port: apiUrl.port, method: req.method, path: req.url, headers: { ...req.headers, host: apiUrl.host } },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      up.on('error', () => {
        if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'BAD_GATEWAY', message: 'API injoignable (proxy de développement).' } }));
      });
      req.pipe(up);
      return;
    }
    let path = url.pathname === '/' ? '/index.html' : decodeURIComponent(url.pathname);
    const file = normalize(join(root, path));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(port, '127.0.0.1', () => ok(server)));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, def) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : def;
  };
  const here = dirname(fileURLToPath(import.meta.url));
  const root = resolve(opt('--root', join(here, '..', '..', 'web', 'dist')));
  const server = await startDevServer({ api: opt('--api', 'http://127.0.0.1:8000'), port: Number(opt('--port', '8090')), root, fakeSse: args.includes('--fake-events') });
  console.log(`UI de développement sur http://127.0.0.1:${server.address().port}/ (racine ${root})`);
}
