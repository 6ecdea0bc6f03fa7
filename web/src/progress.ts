// Live processing progress of documents: Server-Sent Events (GET /api/events?ids=...), with a
// fallback to polling GET /api/notary/documents/{id} every second when SSE is not available.

import { get } from './api';
import type { DocumentDetail, ProgressEvent } from './api';

export type ProgressListener = (ev: ProgressEvent) => void;

const FINAL = new Set(['done', 'failed']);

export class ProgressTracker {
  private ids = new Set<string>();
  private finished = new Set<string>();
  private es: EventSource | null = null;
  private sseErrors = 0;
  private mode: 'sse' | 'poll';
  private pollTimer: number | null = null;
  private reconnectTimer: number | null = null;
  private stopped = false;
  private polling = false;

  constructor(private listener: ProgressListener, opts: { forcePolling?: boolean } = {}) {
    this.mode = opts.forcePolling || typeof EventSource === 'undefined' ? 'poll' : 'sse';
  }

  /** Follows one more document (re-opens the stream with the whole pending set). */
  add(id: string): void {
    if (this.stopped || this.ids.has(id)) return;
    this.ids.add(id);
    if (this.mode === 'sse') {
      if (this.reconnectTimer !== null) window.clearTimeout(this.reconnectTimer);
      this.reconnectTimer = window.setTimeout(() => {
        this.reconnectTimer = null;
        this.openStream();
      }, 100);
    } else {
      this.ensurePolling();
    }
  }

  get transport(): 'sse' | 'poll' {
    return this.mode;
  }

  stop(): void {
    this.stopped = true;
    this.closeStream();
    if (this.pollTimer !== null) window.clearInterval(this.pollTimer);
    if (this.reconnectTimer !== null) window.clearTimeout(this.reconnectTimer);
    this.pollTimer = null;
  }

  private pending(): string[] {
    return [...this.ids].filter((id) => !this.finished.has(id));
  }

  private closeStream(): void {
    if (this.es) {
      this.es.close();
      this.es = null;
    }
  }

  private openStream(): void {
    this.closeStream();
    const pending = this.pending();
    if (this.stopped || pending.length === 0) return;
    const es = new EventSource(`/api/events?ids=${pending.map(encodeURIComponent).join(',')}`);
    this.es = es;
    es.addEventListener('progress', (e) => {
      this.sseErrors = 0;
      let ev: ProgressEvent;
      try {
        ev = JSON.parse((e as MessageEvent<string>).data) as ProgressEvent;
      } catch {
        return;
      }
      this.handle(ev);
    });
    es.addEventListener('end', () => {
      if (this.es === es) this.closeStream();
      // Documents the server did not report as final: check them by polling.
      if (this.pending().length > 0) this.ensurePolling();
    });
    es.addEventListener('error', () => {
      if (this.es !== es) return;
      this.sseErrors += 1;
      // CLOSED: the endpoint refused the stream (404, wrong type): poll instead.
      // CONNECTING: the browser retries by itself; after 3 failures in a row, poll.
      if (es.readyState === EventSource.CLOSED || this.sseErrors >= 3) {
        this.closeStream();
        this.mode = 'poll';
        this.ensurePolling();
      }
    });
  }

  private handle(ev: ProgressEvent): void {
    if (!ev || !ev.document_id || !this.ids.has(ev.document_id)) return;
    if (this.finished.has(ev.document_id)) return;
    if (FINAL.has(ev.status)) this.finished.add(ev.document_id);
    this.listener(ev);
    if (this.pending().length === 0) {
      this.closeStream();
      if (this.pollTimer !== null) window.clearInterval(this.pollTimer);
      this.pollTimer = null;
    }
  }

  private ensurePolling(): void {
    if (this.stopped || this.pollTimer !== null) return;
    const tick = async (): Promise<void> => {
      if (this.polling) return;
      this.polling = true;
      try {
        for (const id of this.pending()) {
          try {
            const d = await get<DocumentDetail>(`/api/notary/documents/${encodeURIComponent(id)}`);
            this.handle({
              document_id: id,
              status: d.status,
              stage: d.progress?.stage ?? null,
              percent: d.progress?.percent ?? null,
              document_type: d.document_type ?? null,
              error: d.error ?? null,
            });
          } catch {
            // Network hiccup: the next tick tries again.
          }
        }
      } finally {
        this.polling = false;
      }
    };
    void tick();
    this.pollTimer = window.setInterval(() => void tick(), 1000);
  }
}
