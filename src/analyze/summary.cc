#include "analyze/summary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "analyze/json_fields.h"
#include "text/french_amounts.h"

namespace notaria::analyze {
namespace {

using nlohmann::json;

// What the notary should do about each kind of finding, starting with what to ask the
// client for: the notary acts on the recommendation, not on the finding's code.
const std::map<std::string, std::string>& Advice() {
  static const auto* kAdvice = new std::map<std::string, std::string>{
      {"price_words_mismatch",
       "Faire corriger l'acte : le prix en lettres et le prix en chiffres doivent concorder ; "
       "faire confirmer par les parties le prix convenu."},
      {"amount_words_mismatch",
       "Faire corriger l'acte : le montant en lettres et le montant en chiffres doivent "
       "concorder."},
      {"mrz_check_digit_invalid",
       "Contrôler la pièce d'identité sur l'original (bande MRZ incohérente) ; demander au "
       "client une copie lisible ou une autre pièce d'identité."},
      {"id_document_expired", "Demander au client une pièce d'identité en cours de validité."},
      {"siren_invalid",
       "Demander au client un extrait Kbis de moins de trois mois et vérifier le SIREN."},
      {"siret_invalid",
       "Demander au client un extrait Kbis de moins de trois mois et vérifier le SIRET."},
      {"iban_invalid",
       "Demander au client un RIB original et faire confirmer l'IBAN par la banque avant tout "
       "virement (clé de contrôle fausse)."},
      {"bic_invalid", "Demander au client un RIB original (BIC mal formé)."},
      {"birth_after_deed",
       "Demander au client une pièce d'identité ou un acte de naissance et corriger la date de "
       "naissance."},
      {"party_minor",
       "Vérifier la représentation de la partie mineure : demander le livret de famille ou la "
       "décision désignant son représentant, et l'autorisation du juge des tutelles si elle "
       "est requise."},
      {"cadastre_mismatch",
       "Demander un extrait cadastral récent (ou le titre de propriété) et faire corriger la "
       "désignation cadastrale de l'acte."},
      {"surface_inconsistent",
       "Demander au client le certificat de mesurage (loi Carrez) et vérifier les surfaces de "
       "l'acte."},
      {"dpe_expired",
       "Demander au client un nouveau diagnostic de performance énergétique (le DPE fourni "
       "n'est plus valable)."},
  };
  return *kAdvice;
}

// How each register is named, where a notary checks it by hand, and what to ask the client
// for when it disagrees with the document or does not know the subject.
struct SourceInfo {
  std::string label;     // "Cadastre"
  std::string site;      // "cadastre.gouv.fr"
  std::string mismatch;  // "divergence pour" (followed by the subject)
  std::string on_mismatch;
  std::string on_not_found;  // empty: not_found needs no action
};

SourceInfo Source(const std::string& source) {
  if (source == "cadastre") {
    return {"Cadastre", "cadastre.gouv.fr", "divergence pour la parcelle",
            "vérifier la désignation (section, numéro, contenance) sur cadastre.gouv.fr et "
            "demander au client un extrait cadastral récent ou son titre de propriété",
            "vérifier la référence cadastrale sur cadastre.gouv.fr et demander au client un "
            "extrait cadastral récent ou son titre de propriété"};
  }
  if (source == "georisques") {
    return {"Géorisques", "georisques.gouv.fr", "divergence pour",
            "comparer avec georisques.gouv.fr et demander au client un état des risques (ERP) "
            "à jour",
            "localiser le bien sur georisques.gouv.fr et demander au client un état des risques "
            "(ERP) à jour"};
  }
  if (source == "bodacc") {
    return {"BODACC", "bodacc.fr", "annonce à examiner pour",
            "vérifier sur bodacc.fr la capacité de la société (procédure collective, radiation) "
            "et demander au client un extrait Kbis de moins de trois mois et, s'il y a lieu, "
            "l'accord du mandataire ou du liquidateur",
            "vérifier le SIREN et demander au client un extrait Kbis de moins de trois mois"};
  }
  if (source == "entreprises") {
    return {"Annuaire des entreprises", "annuaire-entreprises.data.gouv.fr", "divergence pour",
            "vérifier la dénomination, le siège et les dirigeants sur "
            "annuaire-entreprises.data.gouv.fr et demander au client un extrait Kbis de moins "
            "de trois mois",
            "vérifier le SIREN et demander au client un extrait Kbis de moins de trois mois"};
  }
  if (source == "gel_avoirs") {
    // A hit is reported as mismatch; the register has no "not found" of its own (ok = no
    // match), so not_found asks for nothing.
    return {"Gel des avoirs", "gels-avoirs.dgtresor.gouv.fr", "correspondance possible pour",
            "contrôler l'identité complète (date et lieu de naissance) sur "
            "gels-avoirs.dgtresor.gouv.fr avant tout acte et, si la correspondance se confirme, "
            "suspendre l'opération et en informer la DG Trésor",
            ""};
  }
  if (source == "ban") {
    return {"Base Adresse Nationale", "adresse.data.gouv.fr", "divergence pour",
            "vérifier l'adresse et demander au client un justificatif de domicile récent",
            "vérifier l'adresse (numéro, voie, commune) et demander au client un justificatif "
            "de domicile récent"};
  }
  if (source == "rbe") {
    return {"Registre des bénéficiaires effectifs", "data.inpi.fr", "divergence pour",
            "demander au client la liste à jour des bénéficiaires effectifs de la société",
            "demander au client la déclaration des bénéficiaires effectifs de la société"};
  }
  return {source, "le site officiel du registre", "divergence pour",
          "vérifier l'information et demander au client un justificatif",
          "vérifier la référence et demander au client un justificatif"};
}

int CountRole(const json& entities, const std::string& role) {
  int n = 0;
  for (const char* group : {"persons", "companies"}) {
    for (const json& x : entities.value(group, json::array())) {
      if (x.is_object() && x.value("role", json()) == role) ++n;
    }
  }
  return n;
}

struct Role {
  std::string code, masculine, feminine;
};

// In the order a summary lists them.
const std::vector<Role>& Roles() {
  static const auto* kRoles =
      new std::vector<Role>{{"vendeur", "vendeur", "venderesse"},
                            {"acquereur", "acquéreur", "acquéreuse"},
                            {"donateur", "donateur", "donatrice"},
                            {"donataire", "donataire", "donataire"},
                            {"defunt", "défunt", "défunte"},
                            {"heritier", "héritier", "héritière"},
                            {"conjoint_survivant", "conjoint survivant", "conjointe survivante"},
                            {"mandant", "mandant", "mandante"},
                            {"mandataire", "mandataire", "mandataire"},
                            {"representant", "représentant", "représentante"},
                            {"bailleur", "bailleur", "bailleresse"},
                            {"locataire", "locataire", "locataire"},
                            {"emprunteur", "emprunteur", "emprunteuse"},
                            {"titulaire", "titulaire", "titulaire"}};
  return *kRoles;
}

}  // namespace

std::string Count(size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n > 1 ? many : one);
}

std::string Of(const std::string& name) {
  static const std::set<std::string> kVowels = {"a", "e", "i", "o", "u", "y", "A", "E", "I", "O",
                                                "U", "Y", "é", "è", "ê", "à", "â", "î", "ô", "û",
                                                "É", "È", "Ê", "À", "Â", "Î", "Ô", "Û", "Œ", "œ"};
  std::string first;
  if (!name.empty()) {
    unsigned char c = static_cast<unsigned char>(name[0]);
    size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    first = name.substr(0, len);
  }
  return (kVowels.count(first) > 0 ? "d'" : "de ") + name;
}

void PushOnce(json& list, const std::string& text) {
  if (text.empty()) return;
  for (const json& x : list) {
    if (x == text) return;
  }
  list.push_back(text);
}

std::string DocumentTypeLabel(const std::string& t) {
  static const std::map<std::string, std::string> kLabels = {
      {"acte_vente", "Acte de vente"},
      {"compromis_vente", "Compromis (promesse) de vente"},
      {"donation", "Donation"},
      {"succession", "Acte de succession"},
      {"procuration", "Procuration"},
      {"contrat", "Contrat (bail ou prêt)"},
      {"cni", "Carte nationale d'identité"},
      {"passeport", "Passeport"},
      {"kbis", "Extrait Kbis"},
      {"rib", "Relevé d'identité bancaire"},
      {"avis_imposition", "Avis d'imposition"},
      {"dpe", "Diagnostic de performance énergétique"},
      {"justificatif_domicile", "Justificatif de domicile"},
      {"autre", "Document non reconnu"}};
  auto it = kLabels.find(t);
  return it == kLabels.end() ? t : it->second;
}

std::string RoleLabel(const std::string& role, const std::string& sex) {
  for (const Role& r : Roles()) {
    if (r.code == role) return sex == "F" ? r.feminine : r.masculine;
  }
  return role;
}

std::string FindingAdvice(const std::string& code) {
  auto it = Advice().find(code);
  return it == Advice().end() ? "" : it->second;
}

std::string VerificationSummary(const json& verifications) {
  if (!verifications.is_array() || verifications.empty()) return "";
  size_t ok = 0, mismatch = 0, not_found = 0, unavailable = 0, skipped = 0;
  for (const json& v : verifications) {
    std::string status = Str(v, "status");
    // Not being on the freeze list is the good outcome, whatever status says it.
    if (status == "not_found" && Str(v, "source") == "gel_avoirs") status = "ok";
    ok += status == "ok";
    mismatch += status == "mismatch";
    not_found += status == "not_found";
    unavailable += status == "unavailable";
    skipped += status == "skipped";
  }
  if (skipped == verifications.size()) return "Registres officiels non consultés.";
  std::vector<std::string> parts;
  if (ok) parts.push_back(Count(ok, "vérification conforme", "vérifications conformes"));
  if (mismatch) parts.push_back(Count(mismatch, "divergence", "divergences"));
  if (not_found)
    parts.push_back(Count(not_found, "référence introuvable", "références introuvables"));
  if (unavailable)
    parts.push_back(Count(unavailable, "registre indisponible", "registres indisponibles"));
  if (skipped) parts.push_back(Count(skipped, "registre non consulté", "registres non consultés"));
  std::string s = "Registres officiels : ";
  for (size_t i = 0; i < parts.size(); ++i) s += (i ? ", " : "") + parts[i];
  return s + ".";
}

void AppendVerificationAdvice(const json& verifications, json& recommendations) {
  if (!verifications.is_array()) return;
  std::vector<std::string> skipped_sites;
  for (const json& v : verifications) {
    std::string status = Str(v, "status");
    std::string subject = Str(v, "subject");
    SourceInfo info = Source(Str(v, "source"));
    if (status == "mismatch") {
      PushOnce(recommendations, info.label + " : " + info.mismatch +
                                    (subject.empty() ? "" : " " + subject) + " ; " +
                                    info.on_mismatch + ".");
    } else if (status == "not_found" && !info.on_not_found.empty()) {
      PushOnce(recommendations, info.label + " : " + (subject.empty() ? "référence" : subject) +
                                    " introuvable ; " + info.on_not_found + ".");
    } else if (status == "unavailable") {
      PushOnce(recommendations, info.label + " indisponible : vérifier à la main sur " + info.site +
                                    (subject.empty() ? "" : " (" + subject + ")") + ".");
    } else if (status == "skipped") {
      if (std::find(skipped_sites.begin(), skipped_sites.end(), info.site) == skipped_sites.end()) {
        skipped_sites.push_back(info.site);
      }
    }
  }
  if (!skipped_sites.empty()) {
    std::string sites;
    for (size_t i = 0; i < skipped_sites.size(); ++i) sites += (i ? ", " : "") + skipped_sites[i];
    PushOnce(
        recommendations,
        "Registres officiels non consultés : faire les vérifications à la main (" + sites + ").");
  }
}

json SynthesizeDocument(const std::string& document_type, size_t page_count, const json& entities,
                        const json& findings, const json& score, const json& verifications) {
  std::string s = DocumentTypeLabel(document_type) + " de " + std::to_string(page_count) + " page" +
                  (page_count > 1 ? "s" : "") + ".";
  std::string parties;
  for (const Role& r : Roles()) {
    const std::string& role = r.code;
    const std::string& label = r.masculine;
    int n = CountRole(entities, role);
    if (n == 0) continue;
    parties += (parties.empty() ? "" : ", ") + std::to_string(n) + " " + label + (n > 1 ? "s" : "");
  }
  if (!parties.empty()) s += " Parties : " + parties + ".";
  for (const json& a : entities.value("amounts", json::array())) {
    if (a.is_object() && a.value("kind", json()) == "prix" &&
        a.value("value", json()).is_number()) {
      s += " Prix : " + text::FormatEuros(a["value"].get<double>(), false) + ".";
      break;
    }
  }
  int critical = 0, warning = 0;
  for (const json& f : findings) {
    std::string sev = f.value("severity", "info");
    if (sev == "critical") ++critical;
    if (sev == "warning") ++warning;
  }
  if (critical + warning == 0) {
    s += " Aucune anomalie détectée.";
  } else {
    std::vector<std::string> found;
    if (critical) found.push_back(Count(critical, "anomalie critique", "anomalies critiques"));
    if (warning) found.push_back(Count(warning, "avertissement", "avertissements"));
    s += " " + found[0] + (found.size() > 1 ? " et " + found[1] : "") + ".";
  }
  if (score.is_object() && score.value("value", json()).is_number()) {
    // As a notary reads a score: a percentage, the way the web UI shows it.
    s += " Score de crédibilité : " +
         std::to_string(std::lround(score["value"].get<double>() * 100)) + " %.";
  }
  if (std::string v = VerificationSummary(verifications); !v.empty()) s += " " + v;

  json recommendations = json::array();
  for (const json& f : findings) {
    std::string advice = FindingAdvice(f.value("code", ""));
    // A finding without standard advice still reaches the notary through its own sentence,
    // which cites the extracted values.
    if (advice.empty() && f.value("severity", "info") != "info") {
      std::string message = Str(f, "message");
      if (!message.empty()) advice = "À vérifier : " + message;
    }
    PushOnce(recommendations, advice);
  }
  if (score.is_object()) {
    for (const json& c : score.value("components", json::array())) {
      std::string name = c.value("name", "");
      double v = c.value("value", 1.0);
      if (name == "lecture" && v < 0.75) {
        PushOnce(recommendations,
                 "Relire les valeurs sur l'original : la lecture (OCR) est de qualité moyenne ; "
                 "demander au client une copie plus lisible si besoin.");
      } else if (name == "completude" && v >= 0 && v < 1.0) {
        // Absent from the document, or there but not read (a smudged MRZ): the original says.
        PushOnce(recommendations,
                 "Vérifier sur l'original les informations que la lecture n'a pas trouvées : " +
                     c.value("reason", std::string()) + ".");
      } else if (name == "classification" && v >= 0 && v < 0.6) {
        PushOnce(recommendations, "Confirmer le type du document (classement peu assuré).");
      }
    }
  }
  AppendVerificationAdvice(verifications, recommendations);
  return {{"summary", s}, {"recommendations", recommendations}, {"generated_by", "rules"}};
}

}  // namespace notaria::analyze
