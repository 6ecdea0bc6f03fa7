// Drop zone + file picker that uploads many files (XHR with upload progress), then follows
// their processing live (ProgressTracker). Used by the "Déposer" screen and the dossier view.

import { errorFromBody, get, messageOf, post } from './api';
import type { ApiError, DocumentSummary, Dossier, ListAnswer, ProgressEvent, UploadAnswer } from './api';
import { h, replace } from './dom';
import { DOSSIER_TYPES, docType, formatSize, plural, stage as stageLabel, STATUSES } from './labels';
import { ProgressTracker } from './progress';

export interface UploaderOptions {
  /** Fixed dossier (dossier view): no dossier choice is shown. */
  dossierId?: string;
  /** Preselected dossier in the choice. */
  preselectDossier?: string;
  onFinished?: (ev: ProgressEvent) => void;
}

export interface Uploader {
  element: HTMLElement;
  /** Who is told when a document of this uploader ends (the view currently showing it). */
  setOnFinished(fn: ((ev: ProgressEvent) => void) | undefined): void;
  destroy(): void;
}

const kept = new Map<string, Uploader>();

/** The uploader of a screen survives navigation: uploads and their progress go on while the
 * notary looks at another page, and are shown again on return. */
export function keptUploader(key: string, opts: UploaderOptions = {}): Uploader {
  let u = kept.get(key);
  if (!u) {
    u = createUploader(opts);
    kept.set(key, u);
  }
  return u;
}

interface Row {
  file: File;
  li: HTMLLIElement;
  state: HTMLElement;
  bar: HTMLProgressElement;
  extra: HTMLElement;
  /** Where the file goes, then where its document is (Déposer screen only). */
  dossierEl?: HTMLElement | null;
  docId?: string;
}

const ACCEPT = '.pdf,.jpg,.jpeg,.png,.tif,.tiff,.heic,.heif,.webp,application/pdf,image/*';
let uploaderSeq = 0;

export function createUploader(opts: UploaderOptions = {}): Uploader {
  const seq = ++uploaderSeq;
  let onFinished = opts.onFinished;
  const rowsById = new Map<string, Row>();
  const queue: Row[] = [];
  let sending = false;
  let destroyed = false;
  const xhrs = new Set<XMLHttpRequest>();

  const tracker = new ProgressTracker((ev) => {
    const row = rowsById.get(ev.document_id);
    if (row) updateRow(row, ev);
    if ((ev.status === 'done' || ev.status === 'failed') && onFinished) onFinished(ev);
  });

  // ---- dossier choice ----
  // Names of the dossiers known to the choice, for the line of each file sent into one.
  const dossierNames = new Map<string, string>();
  const dossierSelect = h('select', { id: `upload-dossier-${seq}`, name: 'dossier_id' });
  const newName = h('input', { type: 'text', id: `new-dossier-name-${seq}`, placeholder: 'ex. Vente Dupont', maxlength: '200' });
  const newType = h(
    'select',
    { id: `new-dossier-type-${seq}` },
    ...Object.entries(DOSSIER_TYPES).map(([code, lab]) => h('option', { value: code }, lab)),
  );
  const createMsg = h('p', { class: 'form-message', role: 'status' });
  const createBtn = h('button', { type: 'button', class: 'btn' }, 'Créer le dossier');
  const newForm = h(
    'div',
    { class: 'new-dossier', hidden: true },
    h('label', { for: newName.id }, 'Nom du nouveau dossier'),
    newName,
    h('label', { for: newType.id }, 'Type'),
    newType,
    createBtn,
  );

  const loadDossiers = async (select?: string): Promise<void> => {
    const current = select ?? dossierSelect.value;
    replace(dossierSelect, h('option', { value: '' }, 'Chargement des dossiers…'));
    try {
      const list = await get<ListAnswer<Dossier>>('/api/dossiers?limit=200');
      for (const d of list.items) dossierNames.set(d.dossier_id, d.name || 'Sans nom');
      replace(
        dossierSelect,
        h('option', { value: '' }, 'Aucun dossier'),
        ...list.items.map((d) =>
          h('option', { value: d.dossier_id }, `${d.name || 'Sans nom'} (${DOSSIER_TYPES[d.type ?? ''] ?? d.type ?? ''})`),
        ),
        h('option', { value: '__new__' }, '+ Nouveau dossier…'),
      );
      if (current && [...dossierSelect.options].some((o) => o.value === current)) dossierSelect.value = current;
    } catch (e) {
      replace(dossierSelect, h('option', { value: '' }, 'Aucun dossier'), h('option', { value: '__new__' }, '+ Nouveau dossier…'));
      createMsg.textContent = `Liste des dossiers indisponible : ${messageOf(e)}`;
    }
    newForm.hidden = dossierSelect.value !== '__new__';
  };

  dossierSelect.addEventListener('change', () => {
    newForm.hidden = dossierSelect.value !== '__new__';
    if (!newForm.hidden) newName.focus();
  });

  createBtn.addEventListener('click', async () => {
    const name = newName.value.trim();
    if (!name) {
      createMsg.textContent = 'Indiquez un nom de dossier.';
      newName.focus();
      return;
    }
    createBtn.disabled = true;
    createMsg.textContent = 'Création…';
    try {
      const d = await post<Dossier>('/api/dossiers', { type: newType.value, name });
      createMsg.textContent = `Dossier « ${d.name ?? name} » créé.`;
      newName.value = '';
      await loadDossiers(d.dossier_id);
    } catch (e) {
      createMsg.textContent = messageOf(e);
    } finally {
      createBtn.disabled = false;
    }
  });

  const dossierChoice = opts.dossierId
    ? null
    : h(
        'div',
        { class: 'dossier-choice' },
        h('label', { for: dossierSelect.id }, 'Dossier (facultatif)'),
        dossierSelect,
        newForm,
        createMsg,
      );
  if (!opts.dossierId) void loadDossiers(opts.preselectDossier);

  const chosenDossier = (): string | undefined => {
    if (opts.dossierId) return opts.dossierId;
    const v = dossierSelect.value;
    return v && v !== '__new__' ? v : undefined;
  };

  // ---- drop zone ----
  const input = h('input', {
    type: 'file',
    id: `upload-input-${seq}`,
    class: 'sr-only',
    multiple: true,
    accept: ACCEPT,
    tabindex: '-1',
  });
  const pickBtn = h('button', { type: 'button', class: 'btn btn-primary' }, 'Choisir des fichiers');
  pickBtn.addEventListener('click', () => input.click());
  const zone = h(
    'div',
    { class: 'drop-zone', 'data-testid': 'drop-zone', role: 'region', 'aria-label': 'Zone de dépôt de fichiers' },
    h('p', { class: 'drop-title' }, 'Glissez-déposez vos documents ici'),
    h('p', { class: 'drop-hint' }, 'PDF, JPEG, PNG, TIFF, HEIC ou WEBP — plusieurs fichiers à la fois'),
    h('p', null, 'ou ', pickBtn),
    h('label', { for: input.id, class: 'sr-only' }, 'Fichiers à déposer'),
    input,
  );
  let dragDepth = 0;
  zone.addEventListener('dragenter', (e) => {
    e.preventDefault();
    dragDepth++;
    zone.classList.add('drag-over');
  });
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  });
  zone.addEventListener('dragleave', () => {
    dragDepth = Math.max(0, dragDepth - 1);
    if (dragDepth === 0) zone.classList.remove('drag-over');
  });
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    dragDepth = 0;
    zone.classList.remove('drag-over');
    const files = e.dataTransfer?.files;
    if (files && files.length) addFiles([...files]);
  });
  input.addEventListener('change', () => {
    if (input.files && input.files.length) addFiles([...input.files]);
    input.value = '';
  });

  const list = h('ul', { class: 'upload-list', 'aria-live': 'polite', 'data-testid': 'upload-list' });
  // Once every file sent has ended: how many were analysed, and the way to their dossier.
  const summary = h('div', { class: 'upload-summary', role: 'status', 'data-testid': 'upload-summary', hidden: true });
  const allRows: (Row & { dossierId?: string })[] = [];

  function refreshSummary(): void {
    // « conflict »: the file is already a document of another dossier; the notary has a
    // question to answer on its line, not a failure.
    const ended = (st: string | undefined): boolean => st === 'done' || st === 'failed' || st === 'error' || st === 'conflict';
    if (!allRows.length) {
      summary.hidden = true;
      return;
    }
    const finished = allRows.filter((r) => ended(r.li.dataset.status)).length;
    if (finished < allRows.length) {
      // While the batch runs: how far it is, so that a long scan does not look stuck.
      replace(summary, `${finished} sur ${allRows.length} terminé${finished > 1 ? 's' : ''}…`);
      summary.hidden = allRows.length < 2;
      return;
    }
    const done = allRows.filter((r) => r.li.dataset.status === 'done').length;
    const toDecide = allRows.filter((r) => r.li.dataset.status === 'conflict').length;
    const failed = allRows.length - done - toDecide;
    const parts = [done || !(failed || toDecide) ? plural(done, 'document analysé', 'documents analysés') : '', failed ? plural(failed, 'en échec ou refusé', 'en échec ou refusés') : '', toDecide ? `${toDecide} à décider` : ''];
    const text = `${parts.filter(Boolean).join(', ')}.`;
    const dossierId = opts.dossierId ? undefined : allRows[allRows.length - 1].dossierId;
    replace(summary, h('strong', null, text), dossierId ? ' ' : null, dossierId ? h('a', { class: 'btn btn-primary', href: `#/dossiers/${encodeURIComponent(dossierId)}` }, 'Voir l\u2019analyse du dossier') : null);
    summary.hidden = false;
  }

  function addFiles(files: File[]): void {
    const dossierId = chosenDossier();
    for (const file of files) {
      const state = h('span', { class: 'upload-state' }, 'En attente d\u2019envoi');
      const bar = h('progress', { max: '100', value: '0', 'aria-label': `Progression de ${file.name}` });
      const extra = h('div', { class: 'upload-extra' });
      const dossierEl = opts.dossierId ? null : h('p', { class: 'upload-dossier', 'data-testid': 'upload-dossier' });
      showDossier(dossierEl, dossierId, false);
      const li = h(
        'li',
        { class: 'upload-item', dataset: { filename: file.name, status: 'waiting' } },
        h('div', { class: 'upload-head' }, h('span', { class: 'upload-name' }, file.name), h('span', { class: 'upload-size' }, formatSize(file.size))),
        dossierEl,
        h('div', { class: 'upload-progress' }, bar, state),
        extra,
      );
      list.appendChild(li);
      const row: Row = { file, li, state, bar, extra, dossierEl };
      queue.push(row);
      (row as Row & { dossierId?: string }).dossierId = dossierId;
      allRows.push(row as Row & { dossierId?: string });
      refreshSummary();
    }
    void pump();
  }

  // On the Déposer screen the dossier changes from one batch to the next, and the lines of an
  // earlier batch stay: each says where its file went. (The dossier page's uploader only ever
  // sends to its own dossier.)
  // `placed`: the document is in that dossier (« Dossier : »), not only sent for it (« Pour le
  // dossier » — a file refused as already in another one is not in it).
  function showDossier(el: HTMLElement | null | undefined, dossierId: string | null | undefined, placed: boolean): void {
    if (!el) return;
    if (!dossierId) {
      replace(el, 'Sans dossier');
      return;
    }
    replace(el, placed ? 'Dossier : ' : 'Pour le dossier ', h('a', { href: `#/dossiers/${encodeURIComponent(dossierId)}` }, `« ${dossierNames.get(dossierId) ?? 'Sans nom'} »`));
  }

  /** How a line names the dossier it sends to: « ce dossier » on the dossier page. */
  function targetName(target: string): string {
    return opts.dossierId ? 'ce dossier' : `le dossier « ${dossierNames.get(target) ?? 'Sans nom'} »`;
  }

  async function pump(): Promise<void> {
    if (sending) return;
    sending = true;
    while (queue.length && !destroyed) {
      const row = queue.shift() as Row & { dossierId?: string };
      await send(row, row.dossierId);
    }
    sending = false;
  }

  function send(row: Row, dossierId?: string): Promise<void> {
    return new Promise((resolve) => {
      const form = new FormData();
      if (dossierId) form.append('dossier_id', dossierId);
      form.append('file', row.file, row.file.name);
      const xhr = new XMLHttpRequest();
      xhrs.add(xhr);
      xhr.open('POST', '/api/notary/upload');
      xhr.setRequestHeader('Accept', 'application/json');
      row.li.dataset.status = 'uploading';
      row.state.textContent = 'Envoi… 0 %';
      xhr.upload.addEventListener('progress', (e) => {
        if (!e.lengthComputable) return;
        const pct = Math.round((e.loaded / e.total) * 100);
        row.bar.value = pct;
        row.state.textContent = `Envoi… ${pct} %`;
      });
      xhr.addEventListener('load', () => {
        xhrs.delete(xhr);
        let body: unknown = null;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          body = null;
        }
        if (xhr.status >= 200 && xhr.status < 300 && body && typeof body === 'object' && 'document_id' in body) {
          const ans = body as UploadAnswer;
          // A file sent again is its earlier document, in the dossier that one is in.
          showDossier(row.dossierEl, ans.dossier_id !== undefined ? ans.dossier_id : dossierId, true);
          if (ans.duplicate) row.extra.appendChild(h('p', { class: 'upload-note' }, 'Ce fichier avait déjà été déposé : le document existant est repris.'));
          follow(row, { document_id: ans.document_id, status: ans.status, stage: null, percent: 0 });
        } else {
          const err = errorFromBody(xhr.status, body);
          if (err.code === 'DOCUMENT_IN_OTHER_DOSSIER') inOtherDossier(row, err, dossierId);
          else fail(row, err.message);
        }
        resolve();
      });
      xhr.addEventListener('error', () => {
        xhrs.delete(xhr);
        fail(row, 'Envoi impossible : le serveur Notaria est injoignable.');
        resolve();
      });
      xhr.addEventListener('abort', () => {
        xhrs.delete(xhr);
        resolve();
      });
      xhr.send(form);
    });
  }

  function follow(row: Row, ev: ProgressEvent, track = true): void {
    row.docId = ev.document_id;
    rowsById.set(ev.document_id, row);
    row.li.dataset.documentId = ev.document_id;
    row.bar.value = 0;
    updateRow(row, ev);
    if (track) tracker.add(ev.document_id);
  }

  function fail(row: Row, message: string, state = 'Refusé'): void {
    row.li.dataset.status = 'error';
    row.li.classList.add('is-error');
    row.state.textContent = state;
    row.bar.value = 0;
    row.extra.appendChild(h('p', { class: 'upload-error', role: 'alert' }, message));
    refreshSummary();
  }

  // The same bytes are already a document of another dossier. The server leaves them there
  // (taking them away would change that dossier's analysis behind its notary's back), so the
  // notary chooses on this line: move the document here, or go and look at the other dossier.
  // Older servers name neither the document nor the dossier: the line then only explains.
  function inOtherDossier(row: Row, err: ApiError, target: string | undefined): void {
    const info = ((err.body as { error?: Record<string, unknown> } | null)?.error ?? {}) as Record<string, unknown>;
    const field = (k: string): string | undefined => (typeof info[k] === 'string' && info[k] ? (info[k] as string) : undefined);
    const documentId = field('document_id');
    const otherId = field('dossier_id');
    const otherName = field('dossier_name');
    const canMove = Boolean(documentId && target);
    const where = otherName ? `du dossier « ${otherName} »` : 'd\u2019un autre dossier';
    const here = target ? targetName(target) : 'ce dossier';
    // Moving takes the piece away from the other dossier: say so before, not after.
    const next = canMove
      ? `Le déplacer dans ${here} le retirera ${otherName ? `du dossier « ${otherName} »` : 'de l\u2019autre dossier'}, qui n\u2019aura plus cette pièce.`
      : 'Retirez-le d\u2019abord de cet autre dossier pour le placer ici.';
    row.li.dataset.status = 'conflict';
    row.li.classList.add('is-question');
    row.state.textContent = 'Déjà dans un autre dossier — à décider';
    row.bar.value = 0;
    row.extra.appendChild(h('p', { class: 'upload-question', role: 'status' }, `Ce fichier est déjà un document ${where}. ${next}`));
    const msg = h('p', { class: 'upload-error', role: 'alert', hidden: true });
    const actions = h('div', { class: 'upload-actions' });
    if (canMove) {
      const btn = h('button', { type: 'button', class: 'btn btn-small btn-primary', 'data-testid': 'move-here' }, opts.dossierId ? 'Déplacer dans ce dossier' : `Déplacer dans ${here}`);
      const from = otherName ? `du dossier « ${otherName} »` : 'de l\u2019autre dossier';
      btn.addEventListener('click', () => {
        const ok = window.confirm(`Déplacer « ${row.file.name} » dans ${here} ?\n\nIl sera retiré ${from}, qui n\u2019aura plus cette pièce ; l\u2019analyse des deux dossiers sera refaite.`);
        if (ok) void move(row, documentId as string, target as string, from, btn, msg);
      });
      actions.append(btn);
    }
    if (otherId) actions.append(h('a', { class: 'upload-link', href: `#/dossiers/${encodeURIComponent(otherId)}` }, otherName ? `Voir le dossier « ${otherName} »` : 'Voir l\u2019autre dossier'));
    if (actions.firstChild) row.extra.append(actions);
    row.extra.append(msg);
    refreshSummary();
  }

  async function move(row: Row, documentId: string, target: string, from: string, btn: HTMLButtonElement, msg: HTMLElement): Promise<void> {
    btn.disabled = true;
    msg.hidden = true;
    let doc: DocumentSummary;
    try {
      await post<{ attached?: boolean }>(`/api/dossiers/${encodeURIComponent(target)}/documents`, { document_id: documentId, move: true });
      doc = await get<DocumentSummary>(`/api/notary/documents/${encodeURIComponent(documentId)}`);
    } catch (e) {
      if (destroyed) return;
      btn.disabled = false;
      msg.textContent = `Déplacement impossible : ${messageOf(e)}`;
      msg.hidden = false;
      return;
    }
    if (destroyed) return;
    row.li.classList.remove('is-error', 'is-question');
    showDossier(row.dossierEl, target, true);
    replace(row.extra, h('p', { class: 'upload-note', 'data-testid': 'moved-note' }, `Document retiré ${from} et placé dans ${targetName(target)}.`));
    const ev: ProgressEvent = { document_id: documentId, status: doc.status, stage: doc.progress?.stage ?? null, percent: doc.progress?.percent ?? null, document_type: doc.document_type ?? null, error: doc.error ?? null };
    // Already analysed: no progress will come (the tracker would not even report it again if it
    // followed it earlier on this screen), yet the view showing the dossier must learn that it
    // has one more document.
    const ended = ev.status === 'done' || ev.status === 'failed';
    follow(row, ev, !ended);
    if (ended && onFinished) onFinished(ev);
  }

  function updateRow(row: Row, ev: ProgressEvent): void {
    row.li.dataset.status = ev.status;
    const pct = typeof ev.percent === 'number' ? Math.max(0, Math.min(100, ev.percent)) : ev.status === 'done' ? 100 : 0;
    row.bar.value = ev.status === 'done' ? 100 : pct;
    const st = stageLabel(ev.stage ?? '');
    if (ev.status === 'queued') {
      row.state.textContent = 'Envoyé — en attente d\u2019analyse';
    } else if (ev.status === 'processing') {
      row.state.textContent = `Analyse : ${st || 'en cours'} — ${pct} %`;
    } else if (ev.status === 'done') {
      row.li.classList.add('is-done');
      row.state.textContent = `Analysé — ${docType(ev.document_type)}`;
    } else if (ev.status === 'failed') {
      row.li.classList.add('is-error');
      row.state.textContent = STATUSES.failed;
    }
    if (ev.status === 'done' || ev.status === 'failed') {
      const link = h('a', { href: `#/documents/${encodeURIComponent(ev.document_id)}`, class: 'upload-link' }, 'Ouvrir le document');
      const err = ev.error ? h('p', { class: 'upload-error', role: 'alert', title: `code : ${ev.error.code}` }, ev.error.message || ev.error.code) : null;
      replace(row.extra, ...[...row.extra.querySelectorAll('.upload-note')], err, link);
    }
    refreshSummary();
  }

  const element = h(
    'div',
    { class: 'uploader' },
    dossierChoice,
    zone,
    summary,
    list,
  );

  return {
    element,
    setOnFinished(fn): void {
      onFinished = fn;
    },
    destroy(): void {
      destroyed = true;
      tracker.stop();
      for (const x of xhrs) x.abort();
    },
  };
}
