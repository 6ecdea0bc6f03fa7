// French labels for the codes the API returns. Unknown codes fall back to a readable form.

export const DOCUMENT_TYPES: Record<string, string> = {
  acte_vente: 'Acte de vente',
  compromis_vente: 'Compromis de vente',
  donation: 'Donation',
  succession: 'Succession',
  procuration: 'Procuration',
  contrat: 'Contrat (bail, prêt)',
  cni: "Carte d'identité",
  passeport: 'Passeport',
  kbis: 'Extrait Kbis',
  rib: "Relevé d'identité bancaire",
  avis_imposition: "Avis d'imposition",
  dpe: 'Diagnostic de performance énergétique',
  justificatif_domicile: 'Justificatif de domicile',
  autre: 'Autre document',
};

export const STATUSES: Record<string, string> = {
  queued: 'En attente',
  processing: 'En cours',
  done: 'Analysé',
  failed: 'En échec',
};

export const STAGES: Record<string, string> = {
  upload: 'envoi',
  ingest: 'réception',
  queued: 'en attente',
  read: 'lecture',
  classify: 'classement',
  extract: 'extraction',
  check: 'contrôles',
  verify: 'vérification',
  assess: 'évaluation',
  score: 'évaluation',
  synthesize: 'synthèse',
  index: 'indexation',
  done: 'terminé',
};

export const DOSSIER_TYPES: Record<string, string> = {
  vente: 'Vente',
  donation: 'Donation',
  succession: 'Succession',
  autre: 'Autre',
};

export const SEVERITIES: Record<string, string> = {
  critical: 'Critique',
  warning: 'Avertissement',
  info: 'Information',
};

export const VERIFICATION_SOURCES: Record<string, string> = {
  ban: 'Base Adresse Nationale',
  cadastre: 'Cadastre',
  georisques: 'Géorisques',
  bodacc: 'BODACC',
  entreprises: "Annuaire des entreprises",
  gel_avoirs: 'Gel des avoirs',
  rbe: 'Registre des bénéficiaires effectifs',
};

export const VERIFICATION_STATUSES: Record<string, string> = {
  ok: 'Conforme',
  mismatch: 'Divergence',
  not_found: 'Introuvable',
  unavailable: 'Indisponible',
  skipped: 'Non effectuée',
};

export const ROLES: Record<string, string> = {
  vendeur: 'Vendeur',
  acquereur: 'Acquéreur',
  donateur: 'Donateur',
  donataire: 'Donataire',
  defunt: 'Défunt',
  heritier: 'Héritier',
  conjoint_survivant: 'Conjoint survivant',
  mandant: 'Mandant',
  mandataire: 'Mandataire',
  representant: 'Représentant',
  titulaire: 'Titulaire',
  locataire: 'Locataire',
  bailleur: 'Bailleur',
  preteur: 'Prêteur',
  emprunteur: 'Emprunteur',
  caution: 'Caution',
  gerant: 'Gérant',
  president: 'Président',
  associe: 'Associé',
  contribuable: 'Contribuable',
  declarant: 'Déclarant',
  proprietaire: 'Propriétaire',
  dirigeant: 'Dirigeant',
  societe: 'Société',
  beneficiaire: 'Bénéficiaire',
};

export const SCORE_COMPONENTS: Record<string, string> = {
  lecture: 'Lecture',
  classification: 'Classement',
  completude: 'Complétude',
  controles: 'Contrôles',
  verifications: 'Vérifications',
  registres: 'Registres',
};

export const MARITAL: Record<string, string> = {
  celibataire: 'célibataire',
  marie: 'marié(e)',
  pacse: 'pacsé(e)',
  divorce: 'divorcé(e)',
  veuf: 'veuf / veuve',
};

export const REGIMES: Record<string, string> = {
  communaute_acquets: "communauté réduite aux acquêts",
  separation_biens: 'séparation de biens',
  communaute_universelle: 'communauté universelle',
  participation_acquets: 'participation aux acquêts',
};

export const ID_KINDS: Record<string, string> = {
  cni_ancienne: "Carte d'identité (modèle 1988–2021)",
  cni_2021: "Carte d'identité (modèle 2021)",
  passeport: 'Passeport',
};

export const AMOUNT_KINDS: Record<string, string> = {
  prix: 'Prix',
  frais: 'Frais',
  provision: 'Provision sur frais',
  loyer: 'Loyer',
  depot_garantie: 'Dépôt de garantie',
  pret: 'Montant du prêt',
  capital: 'Capital',
  valeur: 'Valeur',
  actif: 'Actif',
  passif: 'Passif',
  revenu: 'Revenu',
  impot: 'Impôt',
  montant: 'Montant',
  total: 'Total',
};

export const DATE_KINDS: Record<string, string> = {
  acte: "Date de l'acte",
  signature: 'Signature',
  acquisition_anterieure: 'Acquisition antérieure',
  dpe: 'Date du DPE',
  deces: 'Décès',
  naissance: 'Naissance',
  emission: "Date d'émission",
  echeance: 'Échéance',
  expiration: 'Expiration',
  validite: 'Fin de validité',
  immatriculation: 'Immatriculation',
  effet: "Date d'effet",
  reiteration: 'Réitération',
  delivrance: 'Délivrance',
  extrait: "Date de l'extrait",
  condition_pret: "Condition suspensive de prêt",
  edition: "Date d'édition",
  etablissement: "Date d'établissement",
};

export const FIELD_LABELS: Record<string, string> = {
  role: 'Qualité',
  title: 'Fonction',
  last_name: 'Nom',
  birth_name: 'Nom de naissance',
  usage_name: 'Nom d\u2019usage',
  first_names: 'Prénoms',
  sex: 'Sexe',
  birth_date: 'Date de naissance',
  birth_place: 'Lieu de naissance',
  birth_country: 'Pays de naissance',
  nationality: 'Nationalité',
  profession: 'Profession',
  address: 'Adresse',
  marital_status: 'Situation matrimoniale',
  matrimonial_regime: 'Régime matrimonial',
  fiscal_number: 'Numéro fiscal',
  name: 'Nom',
  legal_form: 'Forme juridique',
  siren: 'SIREN',
  siret: 'SIRET',
  rcs_city: 'RCS',
  capital_eur: 'Capital',
  kind: 'Nature',
  postal_code: 'Code postal',
  city: 'Commune',
  insee_code: 'Code INSEE',
  surface_carrez_m2: 'Surface Carrez',
  surface_m2: 'Surface',
  number: 'Numéro',
  issuing_country: 'Pays émetteur',
  surname: 'Nom',
  given_names: 'Prénoms',
  expiry_date: "Date d'expiration",
  issue_date: 'Date de délivrance',
  mrz: 'Bande MRZ',
  mrz_valid: 'Clés MRZ valides',
  iban: 'IBAN',
  bic: 'BIC',
  holder: 'Titulaire',
  bank_name: 'Banque',
  energy_class: 'Classe énergie',
  ghg_class: 'Classe climat (GES)',
  energy_kwh_m2_year: 'Consommation',
  ghg_kg_m2_year: 'Émissions',
  value: 'Valeur',
  value_words: 'En lettres',
  currency: 'Devise',
  section: 'Section',
  prefix: 'Préfixe',
  lieudit: 'Lieu-dit',
  contenance_ca: 'Contenance',
  tantiemes: 'Tantièmes',
  effective_expiry_date: 'Fin de validité effective',
  mrz_visible: 'Bande MRZ visible',
  validity_extended_15y: 'Validité prolongée de 5 ans',
  fiscal_number_evidence: 'Numéro fiscal',
};

function humanize(code: string): string {
  const s = code.replace(/[_-]+/g, ' ').trim();
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : code;
}

export function label(table: Record<string, string>, code: string | null | undefined, fallback = '—'): string {
  if (code === null || code === undefined || code === '') return fallback;
  return table[code] ?? humanize(code);
}

/** "1 pièce" / "2 pièces": a count with its noun agreed (as the server's Count). */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n > 1 ? many : one}`;
}

export const docType = (c: string | null | undefined): string => label(DOCUMENT_TYPES, c, 'Non déterminé');
export const stage = (c: string | null | undefined): string => label(STAGES, c, '');
export const fieldLabel = (c: string): string => label(FIELD_LABELS, c);

// ---- Formatting ----

const dateFmt = new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric' });
const dateTimeFmt = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short' });

/** "2024-03-12" -> "12/03/2024"; full timestamps -> date and time. Anything else is returned as is. */
export function formatDate(value: unknown, withTime = false): string {
  if (typeof value !== 'string' || !value) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return withTime ? dateTimeFmt.format(d) : dateFmt.format(d);
}

export function formatMoney(value: unknown, currency = 'EUR'): string {
  if (typeof value !== 'number') return String(value ?? '—');
  try {
    return new Intl.NumberFormat('fr-FR', { style: 'currency', currency: currency || 'EUR' }).format(value);
  } catch {
    return `${new Intl.NumberFormat('fr-FR').format(value)} ${currency}`;
  }
}

export function formatNumber(value: number, digits = 2): string {
  return new Intl.NumberFormat('fr-FR', { maximumFractionDigits: digits }).format(value);
}

/** 0.82 -> "82 %". Rounded like the server's two-decimal figures (0.825 -> 0.82, as in the
 * synthesis text), so the page never shows two different scores. */
export function formatScore(value: unknown): string {
  if (typeof value !== 'number' || Number.isNaN(value)) return '—';
  // Rounded as the server's synthesis rounds it (0.825 -> 83 %), so both say the same figure.
  return `${Math.round(value * 100)}\u00a0%`;
}

/** The colour of a score. A document with a critical anomaly (an expired identity card) is
 * never shown in the "good" colour, however high its score: at most the warning one. */
export function scoreClass(value: unknown, critical = 0): string {
  if (typeof value !== 'number') return 'score-none';
  if (value >= 0.8 && !critical) return 'score-high';
  if (value >= 0.6) return 'score-mid';
  return 'score-low';
}

export function formatSize(bytes: number | undefined): string {
  if (typeof bytes !== 'number') return '';
  if (bytes < 1024) return `${bytes} o`;
  if (bytes < 1024 * 1024) return `${formatNumber(bytes / 1024, 0)} Ko`;
  return `${formatNumber(bytes / 1024 / 1024, 1)} Mo`;
}
