// Fetch helpers for the Notaria API (same origin, relative URLs).

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public body?: unknown,
  ) {
    super(message);
  }
  /** True for the router's generic 404 (the endpoint itself does not exist on this server). */
  get endpointMissing(): boolean {
    return this.status === 404 && this.code === 'NOT_FOUND';
  }
}

const NETWORK_MESSAGE = 'Impossible de joindre le serveur Notaria : vérifiez qu\u2019il est démarré et votre connexion.';

export function errorFromBody(status: number, body: unknown): ApiError {
  const err = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (err && typeof err === 'object') {
    const code = typeof err.code === 'string' ? err.code : `HTTP_${status}`;
    const message = typeof err.message === 'string' && err.message ? err.message : defaultMessage(status);
    return new ApiError(status, code, message, body);
  }
  return new ApiError(status, `HTTP_${status}`, defaultMessage(status), body);
}

function defaultMessage(status: number): string {
  if (status === 404) return 'Ressource introuvable.';
  if (status === 413) return 'Fichier trop volumineux.';
  if (status === 503) return 'Service momentanément indisponible, réessayez dans un instant.';
  if (status >= 500) return `Erreur interne du serveur (HTTP ${status}).`;
  return `Requête refusée (HTTP ${status}).`;
}

export interface ApiResponse<T> {
  status: number;
  data: T;
}

export async function request<T>(method: string, url: string, body?: unknown, signal?: AbortSignal): Promise<ApiResponse<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: body !== undefined ? { 'Content-Type': 'application/json', Accept: 'application/json' } : { Accept: 'application/json' },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK_ERROR', NETWORK_MESSAGE);
  }
  let data: unknown = null;
  const text = await res.text().catch(() => '');
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) throw errorFromBody(res.status, data);
  if (data === null && res.status !== 204) {
    throw new ApiError(res.status, 'INVALID_RESPONSE', 'Réponse inattendue du serveur (pas de JSON).');
  }
  return { status: res.status, data: data as T };
}

export async function get<T>(url: string, signal?: AbortSignal): Promise<T> {
  return (await request<T>('GET', url, undefined, signal)).data;
}

export async function post<T>(url: string, body: unknown): Promise<T> {
  return (await request<T>('POST', url, body)).data;
}

export function qs(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function messageOf(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error && e.message) return `Erreur inattendue : ${e.message}`;
  return 'Erreur inattendue.';
}

// ---- Shapes (only what the UI reads; everything optional is typed as such) ----

export type Status = 'queued' | 'processing' | 'done' | 'failed';

export interface Span {
  page: number;
  start: number;
  end: number;
  document_id?: string;
}

export interface TypedError {
  code: string;
  message: string;
}

export interface DocumentSummary {
  document_id: string;
  filename: string;
  document_type?: string | null;
  functional_type?: string | null;
  dossier_id?: string | null;
  status: Status;
  progress?: { stage?: string | null; percent?: number | null } | null;
  error?: TypedError | null;
  page_count?: number | null;
  mime_type?: string;
  size_bytes?: number;
  created_at?: string;
  updated_at?: string;
  score?: number | null;
  credibility_score?: number | null;
  /** Findings by severity, for finished documents. */
  finding_counts?: { critical: number; warning: number; info: number } | null;
  /** In the documents list: the dossier's cross-document findings that name this document. */
  cross_finding_counts?: { critical: number; warning: number; info: number } | null;
}

export interface Page {
  number: number;
  source?: string;
  ocr_confidence?: number | null;
  rotation?: number | null;
  text: string;
  /** [start, end) bytes of `text`, then the word's box in fractions of the upright page. */
  words?: [number, number, number, number, number, number][];
}

export interface Finding {
  code: string;
  severity: 'critical' | 'warning' | 'info' | string;
  message: string;
  evidence?: Span[];
  documents?: string[];
  details?: Record<string, unknown>;
}

export interface Verification {
  source: string;
  status: string;
  subject?: string | null;
  message?: string | null;
  details?: Record<string, unknown>;
  document_id?: string;
}

export interface ScoreComponent {
  name: string;
  weight: number;
  value: number;
  reason?: string;
}

export interface Synthesis {
  summary?: string | null;
  recommendations?: string[];
  generated_by?: string;
}

export type Entity = Record<string, unknown> & { evidence?: Record<string, Span> | Span };

export interface Result {
  document_type?: string | null;
  classification?: { confidence?: number; candidates?: { type: string; score: number }[]; reasons?: string[] };
  pages?: Page[];
  entities?: {
    persons?: Entity[];
    companies?: Entity[];
    properties?: Entity[];
    amounts?: Entity[];
    dates?: Entity[];
    identity_document?: Entity | null;
    bank?: Entity | null;
    notary?: Entity | null;
    dpe?: Entity | null;
    [k: string]: unknown;
  };
  findings?: Finding[];
  verifications?: Verification[];
  score?: { value: number; components?: ScoreComponent[] } | null;
  synthesis?: Synthesis | null;
  reference_date?: string | null;
}

export interface DocumentDetail extends DocumentSummary {
  result?: Result | null;
}

export interface ListAnswer<T> {
  items: T[];
  total: number;
  limit?: number;
  offset?: number;
}

export interface Dossier {
  dossier_id: string;
  name?: string | null;
  type?: string | null;
  created_at?: string;
  updated_at?: string;
  documents?: DocumentSummary[];
  /** In the list only: where the dossier stands, from its analysis. */
  overview?: DossierOverview | null;
}

export interface DossierOverview {
  documents: number;
  pending: number;
  failed: number;
  documents_with_findings: number;
  pieces_expected: number;
  pieces_missing: number;
  /** Present but flagged (an expired DPE, a name that differs from the deed's). */
  pieces_to_check: number;
  cross_findings: { critical: number; warning: number; info: number };
}

/** What the dossier is about, as its main deed says it; every value keeps its passages. */
export interface Operation {
  document_id: string;
  filename?: string;
  document_type?: string;
  date?: { kind?: string; value: string; evidence?: Span[] } | null;
  price?: { value: number; currency?: string; evidence?: Span[] } | null;
  properties?: { kind?: string | null; address?: string | null; postal_code?: string | null; city?: string | null; cadastre?: string[]; lots?: number; evidence?: Span[] }[];
}

export interface DossierAnalysis {
  dossier_id: string;
  dossier_type?: string;
  name?: string;
  all_documents_analysed?: boolean;
  operation?: Operation | null;
  checklist?: { piece: string; label?: string; status: string; documents?: string[]; alerts?: { document_id: string; code: string; severity: string; message: string }[] }[];
  documents?: { document_id: string; filename?: string; document_type?: string | null; status?: Status; score?: number | null; findings?: string[] }[];
  findings?: Finding[];
  parties?: Record<string, unknown>[];
  synthesis?: Synthesis | null;
  verifications?: Verification[];
}

export interface SearchAnswer {
  query?: string;
  total: number;
  engine?: string;
  items: {
    document_id: string;
    filename?: string;
    document_type?: string | null;
    dossier_id?: string | null;
    date?: string | null;
    score?: number | null;
    page?: number | null;
    snippet?: { text: string; hit: boolean }[] | string;
  }[];
}

export interface UploadAnswer {
  document_id: string;
  mime_type?: string;
  functional_type?: string | null;
  status: Status;
  duplicate?: boolean;
  filename?: string;
  dossier_id?: string | null;
}

export interface ProgressEvent {
  document_id: string;
  status: Status;
  stage?: string | null;
  percent?: number | null;
  document_type?: string | null;
  error?: TypedError | null;
}

/** GET /api/documents/{id}/conseil: the document's advice, and its dossier's findings that
 * name it (a surname that differs from the deed's, a DPE of another property). */
export interface Conseil {
  document_id: string;
  dossier?: {
    dossier_id: string;
    synthesis?: Synthesis | null;
    findings_about_this_document?: Finding[];
  } | null;
}
