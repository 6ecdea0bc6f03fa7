#include "analyze/score.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>

#include "analyze/summary.h"

namespace notaria::analyze {
namespace {

using nlohmann::json;

constexpr double kReadingWeight = 0.20;
constexpr double kClassificationWeight = 0.20;
constexpr double kCompletenessWeight = 0.25;
constexpr double kChecksWeight = 0.35;
// Registers weigh less than the internal checks: their data lags (cadastre half-yearly) and
// a mismatch often means a stale register rather than a wrong document.
constexpr double kVerificationsWeight = 0.15;
// What one finding takes off the checks component.
constexpr double kCriticalPenalty = 0.5;
constexpr double kWarningPenalty = 0.2;
constexpr double kInfoPenalty = 0.05;

std::string Percent(double v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f %%", v * 100);
  return buf;
}

bool NonEmpty(const json& j) {
  return !(j.is_null() || (j.is_string() && j.get_ref<const std::string&>().empty()) ||
           (j.is_array() && j.empty()) || (j.is_object() && j.empty()));
}

bool HasRole(const json& entities, const char* role) {
  for (const char* group : {"persons", "companies"}) {
    for (const json& x : entities.value(group, json::array())) {
      if (x.is_object() && x.value("role", json()) == role) return true;
    }
  }
  return false;
}

bool HasKind(const json& entities, const char* group, const char* kind) {
  for (const json& x : entities.value(group, json::array())) {
    if (x.is_object() && x.value("kind", json()) == kind) return true;
  }
  return false;
}

bool Field(const json& entities, const char* object, const char* field) {
  const json& o = entities.value(object, json());
  return o.is_object() && o.contains(field) && NonEmpty(o[field]);
}

bool AnyProperty(const json& entities, const char* field) {
  for (const json& p : entities.value("properties", json::array())) {
    if (p.is_object() && p.contains(field) && NonEmpty(p[field])) return true;
  }
  return false;
}

bool AnyCompany(const json& entities, const char* field) {
  for (const json& c : entities.value("companies", json::array())) {
    if (c.is_object() && c.contains(field) && NonEmpty(c[field])) return true;
  }
  return false;
}

struct Requirement {
  std::string label;  // French, shown when missing
  std::function<bool(const json&)> present;
  // When not read: what to add to the label if it was seen all the same (" visible mais
  // illisible"), listed apart from what is missing; "" when simply missing.
  std::function<std::string(const json&)> why = nullptr;
};

// The MRZ of a card or passport: unread is not absent when the band was seen.
Requirement MrzBand() {
  return {"bande MRZ", [](const json& e) { return Field(e, "identity_document", "mrz"); },
          [](const json& e) -> std::string {
            const json& id = e.value("identity_document", json::object());
            return id.is_object() && id.value("mrz_visible", false) ? " visible mais illisible"
                                                                    : "";
          }};
}

// What a document of each type must show for a notary to rely on it.
const std::map<std::string, std::vector<Requirement>>& Requirements() {
  using R = Requirement;
  static const auto* kRequired = new std::map<std::string, std::vector<Requirement>>{
      {"acte_vente",
       {R{"vendeur", [](const json& e) { return HasRole(e, "vendeur"); }},
        R{"acquéreur", [](const json& e) { return HasRole(e, "acquereur"); }},
        R{"prix", [](const json& e) { return HasKind(e, "amounts", "prix"); }},
        R{"date de l'acte", [](const json& e) { return HasKind(e, "dates", "acte"); }},
        R{"références cadastrales", [](const json& e) { return AnyProperty(e, "cadastre"); }},
        R{"notaire", [](const json& e) { return NonEmpty(e.value("notary", json())); }}}},
      {"compromis_vente",
       {R{"vendeur", [](const json& e) { return HasRole(e, "vendeur"); }},
        R{"acquéreur", [](const json& e) { return HasRole(e, "acquereur"); }},
        R{"prix", [](const json& e) { return HasKind(e, "amounts", "prix"); }},
        R{"désignation du bien", [](const json& e) { return AnyProperty(e, "address"); }},
        R{"date de signature", [](const json& e) { return HasKind(e, "dates", "signature"); }}}},
      {"donation",
       {R{"donateur", [](const json& e) { return HasRole(e, "donateur"); }},
        R{"donataire", [](const json& e) { return HasRole(e, "donataire"); }},
        R{"date de l'acte", [](const json& e) { return HasKind(e, "dates", "acte"); }},
        R{"notaire", [](const json& e) { return NonEmpty(e.value("notary", json())); }}}},
      {"succession",
       {R{"défunt", [](const json& e) { return HasRole(e, "defunt"); }},
        R{"héritier", [](const json& e) {
            return HasRole(e, "heritier") || HasRole(e, "conjoint_survivant");
          }},
        R{"date du décès", [](const json& e) { return HasKind(e, "dates", "deces"); }},
        R{"notaire", [](const json& e) { return NonEmpty(e.value("notary", json())); }}}},
      {"procuration",
       {R{"mandant", [](const json& e) { return HasRole(e, "mandant"); }},
        R{"mandataire", [](const json& e) { return HasRole(e, "mandataire"); }},
        R{"date de signature", [](const json& e) { return HasKind(e, "dates", "signature"); }}}},
      {"contrat",
       {R{"parties", [](const json& e) {
          return (HasRole(e, "bailleur") && HasRole(e, "locataire")) ||
                 HasRole(e, "emprunteur");
        }},
        R{"montant (loyer ou capital)",
          [](const json& e) {
            return HasKind(e, "amounts", "loyer") || HasKind(e, "amounts", "capital") ||
                   HasKind(e, "amounts", "pret");
          }},
        R{"date", [](const json& e) { return !e.value("dates", json::array()).empty(); }}}},
      {"cni",
       {R{"numéro", [](const json& e) { return Field(e, "identity_document", "number"); }},
        R{"nom", [](const json& e) { return Field(e, "identity_document", "surname"); }},
        R{"prénoms", [](const json& e) { return Field(e, "identity_document", "given_names"); }},
        R{"date de naissance",
          [](const json& e) { return Field(e, "identity_document", "birth_date"); }},
        // Every French card since 1988 has one; unread, its check digits were not checked.
        MrzBand()}},
      {"passeport",
       {R{"numéro", [](const json& e) { return Field(e, "identity_document", "number"); }},
        R{"nom", [](const json& e) { return Field(e, "identity_document", "surname"); }},
        R{"date de naissance",
          [](const json& e) { return Field(e, "identity_document", "birth_date"); }},
        R{"date d'expiration",
          [](const json& e) { return Field(e, "identity_document", "expiry_date"); }},
        MrzBand()}},
      {"kbis",
       {R{"dénomination", [](const json& e) { return AnyCompany(e, "name"); }},
        R{"SIREN", [](const json& e) { return AnyCompany(e, "siren"); }},
        R{"forme juridique", [](const json& e) { return AnyCompany(e, "legal_form"); }},
        R{"siège", [](const json& e) { return AnyCompany(e, "address"); }},
        R{"dirigeant", [](const json& e) { return HasRole(e, "dirigeant"); }}}},
      {"rib",
       {R{"IBAN", [](const json& e) { return Field(e, "bank", "iban"); }},
        R{"BIC", [](const json& e) { return Field(e, "bank", "bic"); }},
        R{"titulaire", [](const json& e) { return Field(e, "bank", "holder"); }}}},
      {"avis_imposition",
       {R{"contribuable", [](const json& e) { return HasRole(e, "contribuable"); }},
        R{"revenu fiscal de référence",
          [](const json& e) { return HasKind(e, "amounts", "revenu_fiscal_reference"); }}}},
      {"dpe",
       {R{"classe énergie", [](const json& e) { return Field(e, "dpe", "energy_class"); }},
        R{"classe climat", [](const json& e) { return Field(e, "dpe", "ghg_class"); }},
        R{"numéro", [](const json& e) { return Field(e, "dpe", "number"); }},
        R{"date d'établissement",
          [](const json& e) { return HasKind(e, "dates", "etablissement"); }}}},
      {"justificatif_domicile",
       {R{"titulaire", [](const json& e) { return HasRole(e, "titulaire"); }},
        R{"adresse", [](const json& e) {
            for (const json& p : e.value("persons", json::array())) {
              if (p.is_object() && p.contains("address") && NonEmpty(p["address"])) return true;
            }
            return false;
          }},
        R{"date de facture", [](const json& e) { return HasKind(e, "dates", "facture"); }}}},
  };
  return *kRequired;
}

json Component(const char* name, double weight, double value, std::string reason) {
  return {{"name", name},
          {"weight", weight},
          {"value", std::round(value * 1000) / 1000},
          {"reason", std::move(reason)}};
}

}  // namespace

json ScoreDocument(const std::vector<Page>& pages, const std::string& document_type,
                   double classification_confidence, const json& entities, const json& findings,
                   const json& verifications) {
  json components = json::array();

  if (!pages.empty()) {
    double sum = 0;
    int ocr = 0;
    for (const Page& p : pages) {
      if (p.source == PageSource::kOcr) {
        ++ocr;
        sum += std::clamp(p.ocr_confidence < 0 ? 0.0 : p.ocr_confidence, 0.0, 1.0);
      } else {
        sum += 1.0;
      }
    }
    double v = sum / static_cast<double>(pages.size());
    std::string reason = ocr == 0
                             ? "texte natif du PDF sur toutes les pages"
                             : std::to_string(ocr) + (ocr > 1 ? " pages sur " : " page sur ") +
                                   std::to_string(pages.size()) + (ocr > 1 ? " lues" : " lue") +
                                   " par OCR, qualité moyenne " + Percent(v);
    components.push_back(Component("lecture", kReadingWeight, v, reason));
  }

  const double confidence = std::clamp(classification_confidence, 0.0, 1.0);
  components.push_back(
      Component("classification", kClassificationWeight, confidence,
                document_type == "autre"
                    ? "type non déterminé (confiance " + Percent(classification_confidence) + ")"
                    : "reconnu comme « " + DocumentTypeLabel(document_type) + " » avec " +
                          Percent(classification_confidence) + " de confiance"));

  auto req = Requirements().find(document_type);
  if (req != Requirements().end() && !req->second.empty()) {
    // Not found, or seen but not read (a garbled MRZ band): said apart, the second is there.
    std::vector<std::string> missing, unread;
    for (const auto& r : req->second) {
      if (r.present(entities)) continue;
      std::string why = r.why ? r.why(entities) : "";
      (why.empty() ? missing : unread).push_back(r.label + why);
    }
    double v = 1.0 - static_cast<double>(missing.size() + unread.size()) / req->second.size();
    std::string reason = "champs attendus présents : " +
                         std::to_string(req->second.size() - missing.size() - unread.size()) + "/" +
                         std::to_string(req->second.size());
    auto joined = [](const std::vector<std::string>& items, const char* separator) {
      std::string out;
      for (size_t i = 0; i < items.size(); ++i) out += (i ? separator : "") + items[i];
      return out;
    };
    std::vector<std::string> notes;
    if (!missing.empty()) notes.push_back("manquent : " + joined(missing, ", "));
    if (!unread.empty()) notes.push_back(joined(unread, ", "));
    if (!notes.empty()) reason += " (" + joined(notes, " ; ") + ")";
    components.push_back(Component("completude", kCompletenessWeight, v, reason));
  }

  int critical = 0, warning = 0, info = 0;
  for (const json& f : findings) {
    std::string s = f.value("severity", "info");
    (s == "critical" ? critical : s == "warning" ? warning : info)++;
  }
  double checks = std::max(
      0.0, 1.0 - critical * kCriticalPenalty - warning * kWarningPenalty - info * kInfoPenalty);
  std::string reason = critical + warning + info == 0
                           ? "aucune anomalie détectée"
                           : Count(critical, "anomalie critique", "anomalies critiques") + ", " +
                                 Count(warning, "avertissement", "avertissements") + ", " +
                                 Count(info, "information", "informations");
  components.push_back(Component("controles", kChecksWeight, checks, reason));

  // Registers that did not answer (skipped, unavailable) say nothing about the document.
  int ok = 0, answered = 0;
  for (const json& v : verifications) {
    if (!v.is_object()) continue;
    std::string status = v.value("status", "");
    if (status == "ok") ++ok;
    if (status == "ok" || status == "mismatch" || status == "not_found") ++answered;
  }
  if (answered > 0) {
    components.push_back(
        Component("verifications", kVerificationsWeight, static_cast<double>(ok) / answered,
                  std::to_string(ok) + " vérification" + (answered > 1 ? "s" : "") + " sur " +
                      std::to_string(answered) + (ok > 1 ? " concordent" : " concorde") +
                      " avec les registres officiels"));
  }

  double total_weight = 0, total = 0;
  for (const json& c : components) {
    total_weight += c["weight"].get<double>();
    total += c["weight"].get<double>() * c["value"].get<double>();
  }
  double value = total_weight > 0 ? total / total_weight : 0;
  return {{"value", std::round(value * 1000) / 1000}, {"components", components}};
}

}  // namespace notaria::analyze
