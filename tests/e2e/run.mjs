#!/usr/bin/env node
// End-to-end test of the web UI: starts `notaria serve` (fresh data dir, free ports, registers
// offline), drives Debian's Chromium with playwright-core (a devDependency of web/, no browser
// download) through upload, list, document + evidence highlight, search and dossier screens,
// saves a screenshot of each, and always stops the server and the browser.
//
//   node tests/e2e/run.mjs --notaria build/release/src/app/notaria \
//        --corpus ../shared/corpus --out build/e2e [--web-root web/dist]

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const TOTAL_TIMEOUT_MS = 225_000;
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// ---------------------------------------------------------------- arguments
function parseArgs(argv) {
  const out = { webRoot: join(repo, 'web', 'dist') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) fatal(`option ${a} sans valeur`);
      return v;
    };
    if (a === '--notaria') out.notaria = resolve(val());
    else if (a === '--corpus') out.corpus = resolve(val());
    else if (a === '--out') out.out = resolve(val());
    else if (a === '--web-root') out.webRoot = resolve(val());
    else if (a === '-h' || a === '--help') {
      console.log('usage: node tests/e2e/run.mjs --notaria PATH --corpus DIR --out DIR [--web-root DIR]');
      process.exit(0);
    } else fatal(`option inconnue : ${a}`);
  }
  if (!out.notaria || !out.corpus || !out.out) fatal('--notaria, --corpus et --out sont obligatoires (voir --help)');
  return out;
}

function fatal(msg) {
  console.error(`e2e: ${msg}`);
  process.exit(2);
}

const opts = parseArgs(process.argv.slice(2));
for (const [what, p] of [['notaria', opts.notaria], ['corpus', opts.corpus], ['chromium', CHROMIUM]]) {
  if (!existsSync(p)) fatal(`${what} introuvable : ${p}`);
}
if (!existsSync(join(opts.webRoot, 'index.html'))) fatal(`${opts.webRoot}/index.html absent : lancer scripts/build-web.sh`);
mkdirSync(opts.out, { recursive: true });

let playwright;
try {
  playwright = createRequire(join(repo, 'web', 'package.json'))('playwright-core');
} catch {
  fatal('playwright-core absent : lancer scripts/build-web.sh (npm ci dans web/)');
}

// ---------------------------------------------------------------- helpers
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function freePort() {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  srv.close();
  await once(srv, 'close');
  return port;
}

async function waitFor(what, fn, timeoutMs, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await sleep(intervalMs);
  }
  throw new Error(`délai dépassé en attendant ${what}${last ? ` (${last.message})` : ''}`);
}

async function getJson(url) {
  const res = await fetch(url);
  const body = await res.json().catch(() => null);
  return { status: res.status, body };
}

function sliceBytes(text, span) {
  return Buffer.from(text, 'utf8').subarray(span.start, span.end).toString('utf8');
}

function isSpan(v) {
  return v && typeof v === 'object' && typeof v.page === 'number' && typeof v.start === 'number' && typeof v.end === 'number';
}

/** Every (data-field path, span) the UI makes clickable, from the API result. */
function evidenceFields(entities) {
  const out = [];
  const visit = (obj, path) => {
    if (!obj || typeof obj !== 'object') return;
    const ev = obj.evidence;
    if (isSpan(ev)) out.push({ path: `${path}.value`, span: ev });
    else if (ev && typeof ev === 'object') {
      for (const [k, s] of Object.entries(ev)) if (isSpan(s)) out.push({ path: `${path}.${k}`, span: s });
    }
    for (const [k, v] of Object.entries(obj)) if (k.endsWith('_evidence') && isSpan(v)) out.push({ path: `${path}.${k.slice(0, -9)}`, span: v });
    for (const key of ['cadastre', 'lots']) if (Array.isArray(obj[key])) obj[key].forEach((c, j) => visit(c, `${path}.${key}.${j}`));
  };
  for (const key of ['persons', 'companies', 'properties', 'amounts', 'dates']) (entities[key] ?? []).forEach((e, i) => visit(e, `${key}.${i}`));
  for (const key of ['identity_document', 'bank', 'notary', 'dpe']) if (entities[key]) visit(entities[key], key);
  return out;
}

// ---------------------------------------------------------------- state & cleanup
const started = Date.now();
let server = null;
let context = null;
let currentPage = null;
const tempDirs = [];
const results = [];
let failed = false;

async function cleanup() {
  if (context) await context.close().catch(() => {});
  context = null;
  if (server && server.exitCode === null && server.signalCode === null) {
    server.kill('SIGTERM');
    const exited = await Promise.race([once(server, 'exit').then(() => true), sleep(5000).then(() => false)]);
    if (!exited) server.kill('SIGKILL');
  }
  server = null;
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
}

const watchdog = setTimeout(async () => {
  console.error(`e2e: ÉCHEC — durée totale dépassée (${TOTAL_TIMEOUT_MS / 1000} s)`);
  await cleanup();
  process.exit(1);
}, TOTAL_TIMEOUT_MS);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    await cleanup();
    process.exit(130);
  });
}

async function step(name, fn) {
  const t0 = Date.now();
  try {
    const r = await fn();
    if (r === 'skip') {
      console.log(`skip - ${name}`);
      results.push({ name, status: 'skip' });
    } else {
      console.log(`ok   - ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      results.push({ name, status: 'ok' });
    }
  } catch (e) {
    console.log(`FAIL - ${name}: ${e.message}`);
    results.push({ name, status: 'fail', message: e.message });
    failed = true;
    throw e;
  }
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

// ---------------------------------------------------------------- main
const FILES = ['docs/doc_0020.pdf', 'docs/doc_0093.pdf', 'docs/doc_0106.pdf'];
const ACTE = 'doc_0020.pdf';

async function main() {
  for (const f of FILES) if (!existsSync(join(opts.corpus, f))) throw new Error(`fichier du corpus absent : ${f}`);

  const dataDir = mkdtempSync(join(tmpdir(), 'notaria-e2e-data-'));
  const userDataDir = mkdtempSync(join(tmpdir(), 'notaria-e2e-chromium-'));
  tempDirs.push(dataDir, userDataDir);
  const apiPort = await freePort();
  let webPort = await freePort();
  while (webPort === apiPort) webPort = await freePort();
  const api = `http://127.0.0.1:${apiPort}`;

  const logPath = join(opts.out, 'notaria.log');
  const log = createWriteStream(logPath);
  server = spawn(opts.notaria, ['serve'], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? dataDir,
      NOTARIA_DATA_DIR: dataDir,
      API_PORT: String(apiPort),
      WEB_PORT: String(webPort),
      WEB_ROOT: opts.webRoot,
      BIND_ADDRESS: '127.0.0.1',
      EXTERNAL_APIS_MODE: 'offline',
      WORKERS: '2',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.pipe(log);
  server.stderr.pipe(log);
  let serverExit = null;
  server.on('exit', (code, sig) => {
    serverExit = `notaria s'est arrêté (code ${code}, signal ${sig}) — voir ${logPath}`;
  });

  await step('notaria serve démarre et /api/health répond', async () => {
    await waitFor('/api/health', async () => {
      if (serverExit) throw new Error(serverExit);
      const r = await getJson(`${api}/api/health`);
      return r.body && r.body.status;
    }, 30_000);
  });

  const base = `http://127.0.0.1:${webPort}`;
  await step(`le port web (${webPort}) sert l'interface et l'API`, async () => {
    await waitFor('index.html sur WEB_PORT', async () => {
      const res = await fetch(`${base}/`);
      const text = await res.text();
      return res.ok && text.includes('app.js');
    }, 10_000).catch((e) => {
      throw new Error(`${e.message} — WEB_ROOT=${opts.webRoot} (interface construite par scripts/build-web.sh ?)`);
    });
    const h = await getJson(`${base}/api/health`);
    assert(h.body && h.body.status, `/api/health sur le port web : HTTP ${h.status}`);
  });

  // ---- browser ----
  context = await playwright.chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1600, height: 1000 },
    locale: 'fr-FR',
    acceptDownloads: false,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  currentPage = page;
  page.setDefaultTimeout(20_000);
  const consoleErrors = [];
  const pageErrors = [];
  const serverErrors = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const t = m.text();
    // 4xx answers the UI handles (missing page image, not-yet-ready analysis) are logged by
    // Chromium as "Failed to load resource"; server errors are caught below by status.
    if (/Failed to load resource: the server responded with a status of 4\d\d/.test(t)) return;
    consoleErrors.push(t);
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const apiRequests = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith('/api/')) apiRequests.push(u.pathname);
  });
  page.on('response', (r) => {
    if (r.status() >= 500) serverErrors.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  const shot = (name) => page.screenshot({ path: join(opts.out, `${name}.png`), fullPage: false });

  // ---- upload through the drop zone, into a new dossier ----
  let dossierId = null;
  const docIds = {};
  await step('Déposer : création d\u2019un dossier et dépôt de 3 fichiers par glisser-déposer', async () => {
    await page.goto(`${base}/#/upload`);
    await page.locator('#health.health-ok').waitFor({ timeout: 15_000 });
    const select = page.locator('.dossier-choice select').first();
    await waitFor('la liste des dossiers', async () => (await select.locator('option[value="__new__"]').count()) > 0, 10_000);
    await select.selectOption('__new__');
    await page.locator('.new-dossier input[type=text]').fill('Vente e2e Fernandez');
    await page.locator('.new-dossier select').selectOption('vente');
    await page.getByRole('button', { name: 'Créer le dossier' }).click();
    await waitFor('la création du dossier', async () => (await select.inputValue()).startsWith('dos_'), 10_000);
    dossierId = await select.inputValue();

    const files = FILES.map((f) => ({ name: f.split('/').pop(), b64: readFileSync(join(opts.corpus, f)).toString('base64') }));
    const before = apiRequests.length;
    await page.locator('[data-testid=drop-zone]').evaluate((zone, files) => {
      const dt = new DataTransfer();
      for (const f of files) {
        const bin = atob(f.b64);
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        dt.items.add(new File([bytes], f.name, { type: 'application/pdf' }));
      }
      for (const type of ['dragenter', 'dragover', 'drop']) {
        zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
      }
    }, files);
    await waitFor('3 lignes de dépôt', async () => (await page.locator('.upload-item').count()) === 3, 5000);
    await page.waitForFunction(
      () => {
        const items = [...document.querySelectorAll('.upload-item')];
        return items.length === 3 && items.every((li) => ['done', 'failed', 'error'].includes(li.dataset.status));
      },
      null,
      { timeout: 120_000 },
    );
    const states = await page.locator('.upload-item').evaluateAll((els) =>
      els.map((li) => ({ name: li.dataset.filename, status: li.dataset.status, id: li.dataset.documentId, bar: li.querySelector('progress')?.value, text: li.textContent })),
    );
    for (const s of states) {
      assert(s.status === 'done', `${s.name} : statut ${s.status} (${s.text})`);
      assert(s.bar === 100, `${s.name} : barre de progression à ${s.bar}`);
      docIds[s.name] = s.id;
    }
    assert(await page.locator('.upload-item a.upload-link').count() === 3, 'lien vers chaque document absent');
    // Progress came from Server-Sent Events, not from the polling fallback.
    const during = apiRequests.slice(before);
    const polled = during.filter((p) => /^\/api\/notary\/documents\/[^/]+$/.test(p)).length;
    assert(during.includes('/api/events'), 'la page n\u2019a pas ouvert /api/events');
    assert(polled === 0, `repli sur l'interrogation alors que /api/events existe (${polled} requêtes)`);
    await shot('upload');
  });

  await step('En-tête : le détail de l\u2019état des services nomme chacun, registres compris', async () => {
    const health = (await getJson(`${api}/api/health`)).body;
    const button = page.locator('[data-testid=health-button]');
    await button.click();
    const panel = page.locator('#health-panel');
    await panel.waitFor({ state: 'visible', timeout: 5000 });
    assert((await button.getAttribute('aria-expanded')) === 'true', 'aria-expanded du bouton d\u2019état');
    const listed = await panel.locator('li[data-service]').evaluateAll((els) => els.map((li) => li.dataset.service));
    for (const s of [...Object.keys(health.services ?? {}), 'registers']) assert(listed.includes(s), `service « ${s} » absent du détail : ${JSON.stringify(listed)}`);
    const text = await panel.textContent();
    for (const name of ['Base de données', 'Stockage', 'File d\'attente', 'Registres officiels']) assert(text.includes(name), `« ${name} » absent du détail : ${text}`);
    // Offline mode: green, yet the notary is told the registers were not consulted.
    if (health.services?.registers?.status === 'off') {
      assert(await page.locator('#health.health-ok').count(), 'registres hors ligne : l\u2019indicateur n\u2019est plus vert');
      assert((await page.locator('#health .health-text').textContent()).includes('registres hors ligne'), '« registres hors ligne » absent de l\u2019indicateur');
      assert((await panel.locator('li[data-service=registers]').textContent()).includes('non effectuées'), 'registres : vérifications non effectuées non dites');
    }
    await shot('health');
    await page.keyboard.press('Escape');
    await page.mouse.move(5, 500);
    await panel.waitFor({ state: 'hidden', timeout: 5000 });
  });

  // ---- documents list ----
  await step('Documents : liste, pagination, filtre par type', async () => {
    await page.goto(`${base}/#/documents`);
    await page.locator('[data-testid=documents-table] tbody tr').first().waitFor();
    assert((await page.locator('[data-testid=documents-table] tbody tr').count()) === 3, 'la liste n\u2019a pas 3 lignes');
    const info = (await page.locator('[data-testid=page-info]').textContent()).trim();
    assert(info === '1–3 sur 3', `pagination : « ${info} »`);
    const row = page.locator(`tr[data-document-id="${docIds[ACTE]}"]`);
    assert((await row.textContent()).includes('Acte de vente'), 'type « Acte de vente » absent de la ligne de l\u2019acte');
    await waitFor('le score de l\u2019acte', async () => /\d+\s%/.test(await row.locator('td.num').textContent()), 10_000);
    // The row names the deed's anomalies by severity, as its result has them.
    const acteFindings = (await getJson(`${api}/api/notary/documents/${docIds[ACTE]}`)).body.result.findings;
    const critiques = acteFindings.filter((f) => f.severity === 'critical').length;
    const counts = (await row.locator('[data-testid=finding-counts]').textContent()).trim();
    assert(critiques ? counts.includes(`${critiques} critique`) : !counts.includes('critique'), `anomalies de la ligne « ${counts} » pour ${critiques} critique(s)`);
    // However high, the score of a document with a critical anomaly is not in the "good" green.
    if (critiques) {
      const cls = await row.locator('td.num .score').getAttribute('class');
      assert(!cls.includes('score-high'), `score de l'acte en vert (« ${cls} ») malgré ${critiques} anomalie(s) critique(s)`);
    }
    // A document named by the dossier's cross-document checks says so on its row.
    const listed = (await getJson(`${api}/api/notary/documents?limit=50`)).body.items;
    const crossed = listed.filter((d) => d.cross_finding_counts && Object.values(d.cross_finding_counts).some((n) => n > 0));
    assert(crossed.length, `aucun document nommé par un contrôle croisé : ${JSON.stringify(listed.map((d) => d.cross_finding_counts))}`);
    for (const d of listed) {
      const badge = await page.locator(`tr[data-document-id="${d.document_id}"] [data-testid=cross-findings]`).count();
      assert(badge === (crossed.includes(d) ? 1 : 0), `contrôles croisés sur la ligne de ${d.filename} : ${badge} badge(s) pour ${JSON.stringify(d.cross_finding_counts)}`);
    }
    await shot('list');
    await page.locator('#filter-type').selectOption('rib');
    await waitFor('la liste filtrée', async () => {
      const rows = page.locator('[data-testid=documents-table] tbody tr');
      return (await rows.count()) === 1 && (await rows.first().textContent()).includes('doc_0093.pdf');
    }, 10_000);
  });

  // ---- document view + evidence ----
  const acteId = docIds[ACTE];
  const acte = (await getJson(`${api}/api/notary/documents/${acteId}`)).body;
  assert(acte?.result?.document_type === 'acte_vente', `${ACTE} n'est pas classé acte_vente : ${acte?.result?.document_type}`);
  const pages = acte.result.pages;
  await step('Document : ouverture depuis la liste, synthèse, score, anomalies', async () => {
    await page.goto(`${base}/#/documents`);
    await page.locator(`tr[data-document-id="${acteId}"] a`).first().click();
    await page.locator('.doc-layout').waitFor();
    assert(page.url().includes(`#/documents/${acteId}`), `adresse inattendue : ${page.url()}`);
    const score = (await page.locator('[data-testid=score-value]').textContent()).trim();
    const spaces = (t) => t.replace(/\s/g, ' ');
    assert(spaces(score) === `${Math.round(acte.result.score.value * 100)} %`, `score affiché « ${score} » pour ${acte.result.score.value}`);
    // The synthesis quotes the same figure as the badge.
    assert(spaces(acte.result.synthesis.summary).includes(`Score de crédibilité : ${spaces(score)}`), `synthèse « ${acte.result.synthesis.summary} » et score affiché ${score}`);
    assert((await page.locator('.synthesis .summary').textContent()) === acte.result.synthesis.summary, 'la synthèse affichée diffère de celle de l\u2019API');
    // The deed's own anomalies; the dossier's findings about it are in a section of their own.
    assert((await page.locator('.fields-pane .findings .finding').count()) === acte.result.findings.length, 'nombre d\u2019anomalies');
    // A critical anomaly is named beside the score, however high the score is.
    const critical = acte.result.findings.filter((f) => f.severity === 'critical').length;
    assert((await page.locator('[data-testid=critical-note]').count()) === (critical ? 1 : 0), 'anomalies critiques près du score');
    if (critical) {
      for (const sel of ['.doc-score .score', '[data-testid=score-value]']) {
        const cls = await page.locator(sel).getAttribute('class');
        assert(!cls.includes('score-high'), `${sel} en vert (« ${cls} ») malgré ${critical} anomalie(s) critique(s)`);
      }
    }
    const href = await page.getByRole('link', { name: 'Télécharger l\u2019original' }).getAttribute('href');
    const orig = await fetch(`${base}${href}`);
    assert(orig.ok && Buffer.from(await orig.arrayBuffer()).equals(readFileSync(join(opts.corpus, FILES[0]))), 'l\u2019original téléchargé diffère du fichier déposé');
    await page.waitForFunction(() => {
      const img = document.querySelector('[data-testid=page-image] img');
      return img && img.complete && img.naturalWidth > 100;
    }, null, { timeout: 20_000 });
    await shot('document');
  });

  const fields = evidenceFields(acte.result.entities);
  const expectText = (span) => sliceBytes(pages[span.page - 1].text, span);
  const checkMark = async (span, what) => {
    const mark = page.locator('mark.evidence').first();
    await mark.waitFor({ state: 'visible', timeout: 5000 });
    const got = await page.locator('mark.evidence').allTextContents();
    const want = expectText(span);
    assert(got.includes(want), `${what} : surligné ${JSON.stringify(got)} au lieu de ${JSON.stringify(want)}`);
    const shown = (await page.locator('[data-testid=current-page]').textContent()).trim();
    assert(shown === String(span.page), `${what} : page affichée ${shown} au lieu de ${span.page}`);
    assert(await mark.evaluate((m) => {
      const box = m.closest('.page-text').getBoundingClientRect();
      const r = m.getBoundingClientRect();
      return r.top >= box.top - 1 && r.bottom <= box.bottom + 1 && r.top >= 0 && r.bottom <= window.innerHeight;
    }), `${what} : le passage surligné n'est pas visible à l'écran`);
  };

  // The passage is outlined on the page image too, where the reader placed its words: the
  // outline starts at the first word of the span, in fractions of the image.
  const checkImageBox = async (span, what) => {
    const words = (pages[span.page - 1].words ?? []).filter(([s, e]) => e > span.start && s < span.end);
    assert(words.length, `${what} : aucun mot placé sur la page pour ${JSON.stringify(span)}`);
    const box = page.locator('[data-testid=evidence-box]').first();
    await box.waitFor({ state: 'visible', timeout: 10_000 });
    const at = await box.evaluate((b) => {
      const img = b.parentElement.querySelector('img').getBoundingClientRect();
      const r = b.getBoundingClientRect();
      const frame = b.closest('.page-image').getBoundingClientRect();
      return { x: (r.left + 2 - img.left) / img.width, y: (r.top + 2 - img.top) / img.height, visible: r.top >= frame.top - 1 && r.bottom <= frame.bottom + 1 };
    });
    const [, , x0, y0] = words[0];
    assert(Math.abs(at.x - x0) < 0.01 && Math.abs(at.y - y0) < 0.01, `${what} : cadre sur l'image à ${JSON.stringify(at)} au lieu de (${x0}, ${y0})`);
    assert(at.visible, `${what} : le cadre du passage n'est pas visible dans l'image`);
  };

  await step('Document : clic sur le nom d\u2019une partie → passage surligné (octets UTF-8)', async () => {
    const f = fields.find((x) => /^persons\.\d+\.last_name$/.test(x.path));
    assert(f, 'aucune personne avec une preuve pour last_name dans le résultat');
    await page.locator(`[data-field="${f.path}"]`).click();
    await checkMark(f.span, f.path);
    await checkImageBox(f.span, f.path);
    await shot('highlight');
    // Zoomed in, the outline stays on the same words and in view.
    const width = async () => page.locator('[data-testid=page-image] .page-image-frame').evaluate((e) => e.getBoundingClientRect().width);
    const before = await width();
    const zoomed = (await page.locator('[data-testid=zoom-level]').textContent()).trim();
    await page.getByRole('button', { name: 'Agrandir l\u2019image' }).click();
    const after = await width();
    assert(after > before * 1.3, `zoom ${zoomed} → + : largeur ${before} → ${after}`);
    await checkImageBox(f.span, `${f.path} (agrandi)`);
    await page.getByRole('button', { name: 'Réduire l\u2019image' }).click();
    assert(Math.abs((await width()) - before) < 2, 'retour au zoom de départ');
  });

  await step('Document : clic sur un champ d\u2019une autre page, précédé de caractères accentués', async () => {
    const candidates = fields.filter((x) => x.span.page > 1 && /[^\x00-\x7f]/.test(Buffer.from(pages[x.span.page - 1].text, 'utf8').subarray(0, x.span.start).toString('utf8')) && /[^\x00-\x7f]/.test(expectText(x.span)));
    let f = null;
    for (const c of candidates) {
      if (await page.locator(`[data-field="${c.path}"]`).count()) {
        f = c;
        break;
      }
    }
    assert(f, `aucun champ affiché adapté (page > 1, texte accentué avant et dans la preuve) parmi ${candidates.map((c) => c.path).join(', ')}`);
    await page.locator(`[data-field="${f.path}"]`).click();
    await checkMark(f.span, f.path);
    // Back from the picture alone, the text pane shows the passage again, not its top.
    for (const mode of ['text', 'both']) {
      await page.locator('.segmented [data-mode=image]').click();
      await page.locator(`.segmented [data-mode=${mode}]`).click();
      await checkMark(f.span, `${f.path} (image → ${mode})`);
    }
  });

  await step('Document : clic sur une anomalie → ses passages surlignés', async () => {
    const finding = acte.result.findings.find((x) => (x.evidence ?? []).length);
    assert(finding, 'l\u2019acte de vente du test doit avoir une anomalie avec ses passages (cadastre_mismatch)');
    await page.locator(`.fields-pane .finding[data-code="${finding.code}"] .ev-finding`).first().click();
    await checkMark(finding.evidence[0], finding.code);
  });

  await step('Document : ?page= est respecté', async () => {
    const n = Math.min(3, pages.length);
    await page.goto(`${base}/#/documents/${acteId}?page=${n}`);
    await page.locator('.doc-layout').waitFor();
    assert((await page.locator('[data-testid=current-page]').textContent()).trim() === String(n), 'page affichée');
    const text = await page.locator('[data-testid=page-text]').textContent();
    assert(text === pages[n - 1].text, `le texte affiché n'est pas celui de la page ${n}`);
  });

  // ---- search ----
  await step('Recherche : un mot d\u2019un document, ouverture d\u2019un résultat sur la bonne page', async () => {
    // A word of the deed that appears on one page of it and in no other uploaded document.
    const others = [];
    for (const [name, id] of Object.entries(docIds)) {
      if (name === ACTE) continue;
      const d = (await getJson(`${api}/api/notary/documents/${id}`)).body;
      for (const p of d.result?.pages ?? []) others.push(p.text.toLowerCase());
    }
    const norm = (w) => w.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    const perPage = pages.map((p) => new Set((p.text.match(/\p{L}{7,}/gu) ?? []).map(norm)));
    let word = null;
    let wordPage = null;
    for (let i = pages.length - 1; i >= 0 && !word; i--) {
      for (const w of perPage[i]) {
        if (perPage.filter((s) => s.has(w)).length === 1 && !others.some((t) => norm(t).includes(w))) {
          word = w;
          wordPage = i + 1;
          break;
        }
      }
    }
    assert(word, 'aucun mot distinctif trouvé dans l\u2019acte');
    await page.goto(`${base}/#/search`);
    await page.locator('#search-q').fill(word);
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForFunction(() => document.querySelector('.hit') || document.querySelector('.search-results .notice'), null, { timeout: 15_000 });
    if (await page.locator('.search-results .notice').count()) {
      throw new Error(`recherche de « ${word} » : ${await page.locator('.search-results .notice').first().textContent()}`);
    }
    const hit = page.locator(`.hit[data-document-id="${acteId}"]`).first();
    assert(await hit.count(), `aucun résultat dans ${ACTE} pour « ${word} »`);
    const marks = (await hit.locator('.snippet mark').allTextContents()).map(norm);
    assert(marks.some((m) => m.includes(word.slice(0, 5))), `extrait sans le mot surligné : ${JSON.stringify(marks)}`);
    const hitPage = await hit.getAttribute('data-page');
    assert(hitPage === String(wordPage), `le résultat annonce la page ${hitPage}, le mot est en page ${wordPage}`);
    await shot('search');
    // A filter changed under a query applies without « Rechercher ».
    await page.locator('#search-type').selectOption('rib');
    await waitFor('la recherche refaite avec le filtre', async () => page.url().includes('type=rib') && (await page.locator(`.hit[data-document-id="${acteId}"]`).count()) === 0 && (await page.locator('.search-results .notice, .hit').count()) > 0, 10_000);
    await page.locator('#search-type').selectOption('');
    await hit.waitFor({ timeout: 10_000 });
    await hit.locator('a.hit-title').click();
    await page.locator('.doc-layout').waitFor();
    assert(page.url().includes(`#/documents/${acteId}`), `adresse après clic : ${page.url()}`);
    assert((await page.locator('[data-testid=current-page]').textContent()).trim() === hitPage, 'la vue document n\u2019affiche pas la page du résultat');
    assert(norm(await page.locator('[data-testid=page-text]').textContent()).includes(word), 'le mot n\u2019est pas dans le texte de la page affichée');
    // The word found is marked on the page it opens, in the text and on the image.
    const found = (await page.locator('[data-testid=page-text] mark.evidence').allTextContents()).map(norm);
    assert(found.some((m) => m.includes(word)), `mot cherché non surligné sur la page : ${JSON.stringify(found)}`);
    await page.locator('[data-testid=evidence-box]').first().waitFor({ state: 'visible', timeout: 10_000 });
    await shot('search-hit');
  });

  // ---- dossier ----
  await step('Dossier : documents, pièces présentes / manquantes, contrôles croisés, synthèse', async () => {
    await page.goto(`${base}/#/dossiers`);
    // The list says where the dossier stands before it is opened.
    const row = page.locator('[data-testid=dossiers-table] tbody tr', { has: page.locator(`a[href="#/dossiers/${dossierId}"]`) });
    await waitFor('la ligne du dossier avec ses 3 documents', async () => {
      const cell = ((await row.locator('[data-testid=overview-documents]').textContent({ timeout: 3000 }).catch(() => '')) ?? '').trim();
      if (/^3\b/.test(cell)) return true;
      await page.reload();
      return false;
    }, 20_000, 1000);
    assert(await row.locator('[data-testid=overview-pieces]').count(), 'état des pièces absent de la liste des dossiers');
    // Present pieces flagged (an expired DPE, a stranger's RIB) are « à vérifier », never « Toutes présentes » alone.
    const overview = (await getJson(`${api}/api/dossiers?limit=200`)).body.items.find((d) => d.dossier_id === dossierId)?.overview;
    assert(typeof overview?.pieces_to_check === 'number', `pieces_to_check absent de l'aperçu du dossier : ${JSON.stringify(overview)}`);
    const piecesCell = (await row.locator('[data-testid=overview-pieces]').textContent()).trim();
    if (overview.pieces_to_check > 0) assert(piecesCell.includes(`${overview.pieces_to_check} à vérifier`), `pièces « ${piecesCell} » pour ${overview.pieces_to_check} à vérifier`);
    else assert(!piecesCell.includes('à vérifier'), `pièces « ${piecesCell} » sans pièce à vérifier`);
    if (overview.documents_with_findings > 0) assert((await row.locator('[data-testid=overview-flagged]').textContent()).includes(`${overview.documents_with_findings} avec anomalie`), 'documents avec anomalies absents de la liste des dossiers');
    await page.locator('[data-testid=dossiers-table] a').first().click();
    await page.locator('[data-testid=dossier-documents] tbody tr').first().waitFor();
    assert(page.url().includes(`#/dossiers/${dossierId}`), `adresse inattendue : ${page.url()}`);
    assert((await page.locator('[data-testid=dossier-documents] tbody tr').count()) === 3, 'le dossier n\u2019a pas 3 documents');
    await page.locator('[data-testid=checklist] li').first().waitFor({ timeout: 20_000 });
    const analysis = (await getJson(`${api}/api/dossiers/${dossierId}/analysis`)).body;
    const present = analysis.checklist.filter((c) => c.status === 'present').length;
    // A present piece that its own analysis flags (an expired DPE) shows « à vérifier ».
    const flagged = analysis.checklist.filter((c) => c.status === 'present' && (c.alerts ?? []).length).length;
    assert((await page.locator('[data-testid=checklist] li[data-status=present]').count()) === present, 'pièces présentes');
    assert((await page.locator('[data-testid=checklist] li.to-check').count()) === flagged, 'pièces à vérifier');
    assert((await page.locator('[data-testid=checklist] li.missing').count()) === analysis.checklist.length - present, 'pièces manquantes');
    assert((await page.locator('.dossier-analysis .findings .finding').count()) === (analysis.findings ?? []).length, 'contrôles croisés');
    // Each document's row counts the cross-document findings that name it.
    for (const d of analysis.documents) {
      const n = (analysis.findings ?? []).filter((f) => (f.documents ?? []).includes(d.document_id)).length;
      const cell = (await page.locator(`[data-testid=dossier-documents] tr[data-document-id="${d.document_id}"] [data-testid=finding-counts]`).textContent()).trim();
      assert(n ? cell.includes(`${n} contrôle${n > 1 ? 's' : ''} croisé`) : !cell.includes('croisé'), `${d.filename} : anomalies « ${cell} » pour ${n} contrôle(s) croisé(s)`);
    }
    assert((await page.locator('.dossier-analysis .synthesis .summary').textContent()) === analysis.synthesis.summary, 'synthèse du dossier');
    // The deed's property, price and date first, each opening its passage.
    const op = analysis.operation;
    assert(op && op.price && op.date, `objet du dossier (prix, date) non lu dans l'acte : ${JSON.stringify(op)}`);
    const priceRow = page.locator('[data-testid=operation] [data-testid=op-price]');
    const digits = (t) => t.replace(/\D/g, '');
    assert(digits(await priceRow.textContent()).startsWith(String(Math.round(op.price.value))), `prix affiché : « ${await priceRow.textContent()} » pour ${op.price.value}`);
    await priceRow.locator('a').click();
    await page.locator('.doc-layout').waitFor();
    assert(page.url().includes(`#/documents/${op.document_id}`) && page.url().includes(`page=${op.price.evidence[0].page}`), `le prix n'ouvre pas sa page : ${page.url()}`);
    const marked = await page.locator('#page-text mark.evidence').first().textContent({ timeout: 10_000 });
    assert(digits(marked).includes(String(Math.round(op.price.value)).slice(0, 3)), `passage du prix surligné : « ${marked} »`);
    await page.goBack();
    await page.locator('[data-testid=operation]').waitFor();
    await shot('dossier');
    // Back from a document opened low in the dossier: the page is where the notary left it.
    await page.setViewportSize({ width: 1600, height: 600 });
    const y = await page.evaluate(() => {
      window.scrollTo(0, document.documentElement.scrollHeight);
      return window.scrollY;
    });
    assert(y > 100, `la page du dossier ne défile pas (${y} px)`);
    await sleep(300);
    const low = page.locator('.dossier-analysis a[href^="#/documents/"]:visible').last();
    await low.scrollIntoViewIfNeeded();
    const yBefore = await page.evaluate(() => window.scrollY);
    assert(yBefore > 100, `le lien du bas est en haut de page (${yBefore} px)`);
    await low.click();
    await page.locator('.doc-layout').waitFor();
    await page.goBack();
    await page.locator('[data-testid=operation]').waitFor();
    await waitFor(`le retour à ${yBefore} px`, async () => Math.abs((await page.evaluate(() => window.scrollY)) - yBefore) <= 5, 5000);
    await page.setViewportSize({ width: 1600, height: 1000 });
  });

  await step('Document d\u2019un dossier : les contrôles croisés qui le nomment sont sur sa page', async () => {
    const analysis = (await getJson(`${api}/api/dossiers/${dossierId}/analysis`)).body;
    const named = (analysis.findings ?? []).filter((f) => (f.documents ?? []).length);
    assert(named.length, `le dossier du test n'a aucun contrôle croisé nommant une pièce : ${JSON.stringify(analysis.findings)}`);
    // Every document named, one with a passage of its own if any (highlighted here), the others
    // with a link to the document that holds the passage.
    const ids = [...new Set(named.flatMap((f) => f.documents))];
    let highlighted = false;
    for (const id of ids) {
      const mine = named.filter((f) => f.documents.includes(id));
      const doc = (await getJson(`${api}/api/notary/documents/${id}`)).body;
      await page.goto(`${base}/#/documents/${id}`);
      await page.locator('.doc-layout').waitFor();
      const section = page.locator('.fields-pane .cross-findings');
      await section.waitFor({ timeout: 10_000 });
      assert((await section.locator('.finding').count()) === mine.length, `${doc.filename} : ${await section.locator('.finding').count()} contrôle(s) croisé(s) affiché(s) pour ${mine.length}`);
      assert(await section.locator(`a[href="#/dossiers/${dossierId}"]`).count(), `${doc.filename} : pas de lien vers le dossier`);
      assert(await page.locator('[data-testid=cross-note]').count(), `${doc.filename} : contrôles croisés non signalés près du score`);
      const own = await page.locator('.fields-pane .findings').textContent();
      assert(!own.includes('Aucune anomalie relevée'), `${doc.filename} : « Aucune anomalie relevée » malgré ${mine.length} contrôle(s) croisé(s)`);
      for (const f of mine) {
        const item = section.locator(`.finding[data-code="${f.code}"]`).first();
        assert((await item.locator('.finding-message').textContent()) === f.message, `${doc.filename} : message de ${f.code}`);
        const here = (f.evidence ?? []).filter((e) => e.document_id === id);
        const there = (f.evidence ?? []).filter((e) => e.document_id && e.document_id !== id);
        for (const e of there) assert(await item.locator(`a.ev-link[href^="#/documents/${e.document_id}?page=${e.page}"]`).count(), `${doc.filename} : ${f.code} sans lien vers le passage de l'autre pièce`);
        if (here.length && !highlighted) {
          await item.locator('.ev-finding').first().click();
          const want = sliceBytes(doc.result.pages[here[0].page - 1].text, here[0]);
          await page.locator('mark.evidence').first().waitFor({ state: 'visible', timeout: 5000 });
          const got = await page.locator('mark.evidence').allTextContents();
          assert(got.includes(want), `${doc.filename} : ${f.code} surligne ${JSON.stringify(got)} au lieu de ${JSON.stringify(want)}`);
          highlighted = true;
          await shot('document-cross');
        }
      }
    }
    assert(highlighted || !named.some((f) => (f.evidence ?? []).some((e) => f.documents.includes(e.document_id))), 'aucun passage d\u2019un contrôle croisé surligné sur la pièce qui le porte');
  });

  await step('Fenêtre étroite (800 px) : les tableaux défilent dans leur cadre, avec l\u2019indication', async () => {
    await page.setViewportSize({ width: 800, height: 900 });
    try {
      for (const [route, table] of [['documents', 'documents-table'], ['dossiers', 'dossiers-table'], [`dossiers/${dossierId}`, 'dossier-documents']]) {
        await page.goto(`${base}/#/${route}`);
        await page.locator(`[data-testid=${table}] tbody tr`).first().waitFor();
        await sleep(300);
        const m = await page.evaluate((t) => {
          const scroller = document.querySelector(`[data-testid=${t}]`).closest('.table-scroll');
          const hint = scroller?.closest('.table-wrap')?.querySelector('.scroll-hint');
          return { page: document.documentElement.scrollWidth, inner: window.innerWidth, wrapped: Boolean(scroller), over: scroller ? scroller.scrollWidth > scroller.clientWidth + 1 : null, hint: hint ? !hint.hidden : null };
        }, table);
        assert(m.wrapped, `${route} : tableau hors de son cadre défilant`);
        assert(m.page <= m.inner, `${route} : la page déborde sur le côté (${m.page} px pour ${m.inner})`);
        assert(m.hint === m.over, `${route} : indication « faire défiler » ${m.hint ? 'affichée' : 'absente'} alors que le tableau ${m.over ? 'déborde' : 'tient'}`);
        if (route === 'dossiers') await shot('dossiers-narrow');
      }
    } finally {
      await page.setViewportSize({ width: 1600, height: 1000 });
    }
  });

  await step('Dossier : un fichier déjà dans un autre dossier → « Déplacer dans ce dossier », puis « Retirer du dossier »', async () => {
    const name = 'doc_0093.pdf';
    const docId = docIds[name];
    const other = await fetch(`${api}/api/dossiers`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ type: 'vente', name: 'Vente e2e Martin' }) }).then((r) => r.json());
    assert(other.dossier_id, `création du second dossier : ${JSON.stringify(other)}`);
    await page.goto(`${base}/#/dossiers/${other.dossier_id}`);
    await page.locator('[data-testid=drop-zone]').waitFor();
    const b64 = readFileSync(join(opts.corpus, 'docs', name)).toString('base64');
    await page.locator('[data-testid=drop-zone]').evaluate((zone, f) => {
      const bin = atob(f.b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], f.name, { type: 'application/pdf' }));
      for (const type of ['dragenter', 'dragover', 'drop']) zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
    }, { name, b64 });
    const line = page.locator(`.upload-item[data-filename="${name}"]`);
    await waitFor('la question sur la ligne', async () => (await line.getAttribute('data-status')) === 'conflict', 15_000);
    const said = await line.locator('.upload-question').first().textContent();
    assert(!/[{}]|DOCUMENT_IN_OTHER_DOSSIER/.test(said), `message brut sur la ligne : « ${said} »`);
    assert(said.includes('n\u2019aura plus cette pièce'), `la ligne ne dit pas que l'autre dossier perdra la pièce : « ${said} »`);
    // A question, not a failure.
    const summary = await page.locator('[data-testid=upload-summary]').textContent();
    assert(summary.includes('1 à décider') && !summary.includes('échec'), `résumé du dépôt : « ${summary} »`);
    assert(await line.locator('[data-testid=move-here]').count(), '« Déplacer dans ce dossier » absent de la ligne refusée');
    assert(await line.locator(`a[href="#/dossiers/${dossierId}"]`).count(), 'lien vers l\u2019autre dossier absent');
    await shot('dossier-conflict');
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      d.accept();
    });
    await line.locator('[data-testid=move-here]').click();
    await line.locator('[data-testid=moved-note]').waitFor({ timeout: 10_000 });
    assert(asked.includes('n\u2019aura plus cette pièce'), `confirmation avant le déplacement : « ${asked} »`);
    await waitFor('le document dans le tableau du dossier', async () => (await page.locator(`[data-testid=dossier-documents] tr[data-document-id="${docId}"]`).count()) === 1, 15_000);
    assert((await getJson(`${api}/api/notary/documents/${docId}`)).body.dossier_id === other.dossier_id, 'le document n\u2019a pas changé de dossier');
    page.once('dialog', (d) => d.accept());
    await page.locator(`[data-testid=dossier-documents] tr[data-document-id="${docId}"] [data-testid=detach]`).click();
    await waitFor('le tableau sans le document', async () => (await page.locator(`tr[data-document-id="${docId}"]`).count()) === 0, 15_000);
    assert(!(await getJson(`${api}/api/notary/documents/${docId}`)).body.dossier_id, 'le document est resté dans le dossier');
    await shot('dossier-detached');
  });

  await step('Document en échec : la phrase en français, le code à part', async () => {
    const form = new FormData();
    form.append('file', new Blob([readFileSync(join(opts.corpus, 'bad', 'procuration_protegee.pdf'))], { type: 'application/pdf' }), 'procuration_protegee.pdf');
    const up = await fetch(`${api}/api/notary/upload`, { method: 'POST', body: form });
    const ans = await up.json().catch(() => null);
    if (!up.ok || !ans?.document_id) return 'skip'; // refused at the door: no failed document to show
    const doc = await waitFor('l\u2019échec de l\u2019analyse', async () => {
      const d = (await getJson(`${api}/api/notary/documents/${ans.document_id}`)).body;
      return d && (d.status === 'failed' || d.status === 'done') ? d : null;
    }, 30_000);
    if (doc.status !== 'failed' || !doc.error?.code) return 'skip';
    await page.goto(`${base}/#/documents/${ans.document_id}`);
    const box = page.locator('main .notice-error');
    await box.waitFor();
    const sentence = await box.locator('.notice-text').textContent();
    assert(!sentence.includes(doc.error.code), `le code ${doc.error.code} dans la phrase : « ${sentence} »`);
    assert(sentence.includes(doc.error.message), `message absent : « ${sentence} »`);
    assert((await box.locator('[data-testid=error-code]').textContent()).includes(doc.error.code), 'code absent de la ligne « code : »');
    await shot('document-failed');
  });

  await step('Aucune erreur dans la console ni dans la page, aucune réponse 5xx', async () => {
    assert(!pageErrors.length, `erreurs de page : ${pageErrors.join(' | ')}`);
    assert(!consoleErrors.length, `erreurs console : ${consoleErrors.join(' | ')}`);
    assert(!serverErrors.length, `réponses 5xx : ${serverErrors.join(' | ')}`);
  });
}

let exitCode = 0;
try {
  await main();
} catch (e) {
  exitCode = 1;
  if (!failed) console.log(`FAIL - ${e.message}`);
  if (currentPage) {
    await currentPage.screenshot({ path: join(opts.out, 'failure.png') }).catch(() => {});
    console.log(`note - capture de l'écran au moment de l'échec : ${join(opts.out, 'failure.png')} ; journal du serveur : ${join(opts.out, 'notaria.log')}`);
  }
} finally {
  clearTimeout(watchdog);
  await cleanup();
}
const n = (s) => results.filter((r) => r.status === s).length;
console.log(`e2e: ${((Date.now() - started) / 1000).toFixed(1)} s, captures dans ${opts.out}`);
console.log(`${n('ok')} passed, ${n('fail') || exitCode} failed${n('skip') ? `, ${n('skip')} skipped` : ''}`);
process.exit(exitCode);
