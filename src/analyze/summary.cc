#include "analyze/summary.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "text/french_amounts.h"

namespace notaria::analyze {
namespace {

using nlohmann::json;

// What the notary should do about each kind of finding.
const std::map<std::string, std::string>& Advice() {
  static const auto* kAdvice = new std::map<std::string, std::string>{
      {"price_words_mismatch",
       "Faire corriger le prix : les montants en lettres et en chiffres doivent concorder."},
      {"mrz_check_digit_invalid",
       "Contrôler la pièce d'identité sur l'original (bande MRZ incohérente)."},
      {"id_document_expired", "Demander une pièce d'identité en cours de validité."},
      {"siren_invalid", "Vérifier le SIREN sur un extrait Kbis de moins de trois mois."},
      {"siret_invalid", "Vérifier le SIRET sur un extrait Kbis de moins de trois mois."},
      {"iban_invalid",
       "Faire confirmer l'IBAN par la banque avant tout virement (clé de contrôle fausse)."},
      {"bic_invalid", "Faire confirmer le BIC par la banque."},
      {"birth_after_deed", "Corriger la date de naissance de la partie concernée."},
      {"party_minor",
       "Vérifier la représentation de la partie mineure et l'autorisation nécessaire."},
      {"cadastre_mismatch",
       "Vérifier la désignation cadastrale sur un extrait cadastral récent et corriger l'acte."},
      {"surface_inconsistent", "Vérifier les surfaces avec le certificat de mesurage."},
      {"dpe_expired", "Faire établir un nouveau diagnostic de performance énergétique."},
  };
  return *kAdvice;
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

}  // namespace

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

json SynthesizeDocument(const std::string& document_type, size_t page_count, const json& entities,
                        const json& findings, const json& score) {
  std::string s = DocumentTypeLabel(document_type) + " de " + std::to_string(page_count) + " page" +
                  (page_count > 1 ? "s" : "") + ".";
  static const std::vector<std::pair<std::string, std::string>> kRoles = {
      {"vendeur", "vendeur"},     {"acquereur", "acquéreur"},   {"donateur", "donateur"},
      {"donataire", "donataire"}, {"defunt", "défunt"},         {"heritier", "héritier"},
      {"mandant", "mandant"},     {"mandataire", "mandataire"}, {"bailleur", "bailleur"},
      {"locataire", "locataire"}, {"emprunteur", "emprunteur"}, {"titulaire", "titulaire"}};
  std::string parties;
  for (const auto& [role, label] : kRoles) {
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
    s += " " + std::to_string(critical) + " anomalie(s) critique(s) et " + std::to_string(warning) +
         " avertissement(s).";
  }
  if (score.is_object() && score.value("value", json()).is_number()) {
    char buf[64];
    std::snprintf(buf, sizeof buf, " Score de crédibilité : %.2f.", score["value"].get<double>());
    s += buf;
  }

  json recommendations = json::array();
  std::set<std::string> seen;
  for (const json& f : findings) {
    std::string code = f.value("code", "");
    auto it = Advice().find(code);
    if (it != Advice().end() && seen.insert(code).second) recommendations.push_back(it->second);
  }
  if (score.is_object()) {
    for (const json& c : score.value("components", json::array())) {
      std::string name = c.value("name", "");
      double v = c.value("value", 1.0);
      if (name == "lecture" && v < 0.75) {
        recommendations.push_back(
            "Relire les valeurs sur l'original : la lecture (OCR) est de qualité moyenne.");
      } else if (name == "completude" && v < 1.0) {
        recommendations.push_back("Compléter les informations absentes du document : " +
                                  c.value("reason", std::string()) + ".");
      } else if (name == "classification" && v < 0.6) {
        recommendations.push_back("Confirmer le type du document (classement peu assuré).");
      }
    }
  }
  return {{"summary", s}, {"recommendations", recommendations}, {"generated_by", "rules"}};
}

}  // namespace notaria::analyze
