#include "analyze/synthesis_dossier.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "analyze/checks.h"
#include "analyze/json_fields.h"
#include "analyze/summary.h"
#include "text/french_amounts.h"

namespace notaria::analyze {
namespace {

using nlohmann::json;

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out;
}

std::string DossierLabel(const std::string& type) {
  if (type == "vente") return "Dossier de vente";
  if (type == "donation") return "Dossier de donation";
  if (type == "succession") return "Dossier de succession";
  return "Dossier";
}

// What to do about a discrepancy between documents: the notary compares the pieces named
// after it and asks the client for the one that settles the question.
std::string CrossAdvice(const std::string& code) {
  static const std::map<std::string, std::string> kAdvice = {
      {"name_mismatch_across_documents",
       "Comparer l'état civil entre les pièces et demander au client la pièce qui fait foi "
       "(pièce d'identité en cours de validité, acte de naissance ou livret de famille)."},
      {"birth_date_mismatch_across_documents",
       "Vérifier la date de naissance sur la pièce d'identité originale et faire corriger la "
       "pièce ou l'acte erroné."},
      {"address_mismatch_across_documents",
       "Vérifier l'adresse et demander au client un justificatif de domicile de moins de trois "
       "mois."},
      {"price_mismatch_across_documents",
       "Faire confirmer par les parties le prix convenu et faire concorder le compromis et "
       "l'acte."},
      {"cadastre_mismatch_across_documents",
       "Vérifier la désignation cadastrale sur un extrait cadastral récent et faire concorder "
       "les pièces."},
      {"lots_mismatch_across_documents",
       "Vérifier les lots et tantièmes sur l'état descriptif de division et faire concorder les "
       "pièces."},
      {"company_name_mismatch_across_documents",
       "Demander au client un extrait Kbis de moins de trois mois et vérifier la dénomination "
       "de la société."},
  };
  auto it = kAdvice.find(code);
  return it == kAdvice.end() ? FindingAdvice(code) : it->second;
}

// "Bien : appartement, 12 rue des Lilas, 94000 Créteil (cadastre AB 123). Prix : 196 000 €.
// Acte de vente du 12/03/2024." Only what the main deed gave; nothing when it gave nothing.
std::string OperationSentence(const json& operation) {
  if (!operation.is_object()) return "";
  std::string out;
  for (const json& p : Array(operation, "properties")) {
    std::vector<std::string> place;
    for (const char* field : {"kind", "address"}) {
      if (!Str(p, field).empty()) place.push_back(Str(p, field));
    }
    std::string town = Str(p, "postal_code");
    if (!Str(p, "city").empty()) town += (town.empty() ? "" : " ") + Str(p, "city");
    if (!town.empty()) place.push_back(town);
    std::vector<std::string> parcels;
    for (const json& c : Array(p, "cadastre")) {
      if (c.is_string()) parcels.push_back(c.get<std::string>());
    }
    std::string bien = Join(place);
    if (!parcels.empty()) {
      std::string cadastre = "cadastre " + Join(parcels);
      bien += bien.empty() ? cadastre : " (" + cadastre + ")";
    }
    if (!bien.empty()) out += " Bien : " + bien + ".";
  }
  if (operation.contains("price") && operation["price"].is_object() &&
      operation["price"].value("value", json()).is_number()) {
    double value = operation["price"]["value"].get<double>();
    std::string currency = Str(operation["price"], "currency");
    out += " Prix : " +
           (currency.empty() || currency == "EUR"
                ? text::FormatEuros(value, false)
                : std::to_string(std::llround(value)) + " " + currency) +
           ".";
  }
  if (operation.contains("date") && operation["date"].is_object()) {
    std::string date = Str(operation["date"], "value");
    std::optional<mrz::Date> parsed = ParseIsoDate(operation["date"].value("value", json()));
    if (!date.empty()) {
      out += " " + DocumentTypeLabel(Str(operation, "document_type")) + " du " +
             (parsed ? FrenchDate(*parsed) : date) + ".";
    }
  }
  return out;
}

int SeverityRank(const std::string& severity) {
  if (severity == "critical") return 0;
  if (severity == "warning") return 1;
  return 2;
}

std::string Unreadable(const std::string& filename) {
  return "Document illisible (" + filename + ") : demander une nouvelle copie au client.";
}

}  // namespace

json SynthesizeDossier(const json& dossier) {
  const json documents = Array(dossier, "documents");
  const json findings = Array(dossier, "findings");
  const json checklist = Array(dossier, "checklist");
  const json verifications = Array(dossier, "verifications");
  const json parties = Array(dossier, "parties");
  bool complete = !dossier.is_object() || dossier.value("all_documents_analysed", true) != false;

  std::map<std::string, std::string> filenames;       // document id -> file name
  std::vector<std::pair<std::string, size_t>> kinds;  // in order of first appearance
  std::vector<std::string> failed;
  size_t pending = 0;
  for (const json& d : documents) {
    std::string id = Str(d, "document_id");
    std::string name = Str(d, "filename");
    filenames[id] = name.empty() ? id : name;
    std::string status = Str(d, "status");
    std::string kind;
    if (status == "failed") {
      kind = "illisible";
      failed.push_back(filenames[id]);
    } else if (status != "done") {
      kind = "en cours d'analyse";
      ++pending;
    } else {
      kind = DocumentTypeLabel(Str(d, "document_type").empty() ? "autre" : Str(d, "document_type"));
    }
    auto it =
        std::find_if(kinds.begin(), kinds.end(), [&](const auto& k) { return k.first == kind; });
    if (it == kinds.end()) {
      kinds.push_back({kind, 1});
    } else {
      ++it->second;
    }
  }
  auto files_of = [&](const json& finding) {
    std::vector<std::string> names;
    for (const json& id : Array(finding, "documents")) {
      if (!id.is_string()) continue;
      auto it = filenames.find(id.get<std::string>());
      names.push_back(it == filenames.end() ? id.get<std::string>() : it->second);
    }
    return names;
  };

  // Summary: what, who, where the analysis stands, what was found.
  std::string s = DossierLabel(Str(dossier, "dossier_type"));
  if (documents.empty()) {
    s += " sans document.";
  } else {
    std::vector<std::string> parts;
    for (const auto& [kind, n] : kinds) parts.push_back(kind + " (" + std::to_string(n) + ")");
    s += " de " + Count(documents.size(), "document", "documents") + " : " + Join(parts) + ".";
  }
  std::vector<std::string> who;
  for (const json& p : parties) {
    std::string name = p.is_string() ? p.get<std::string>() : Str(p, "name");
    std::string role = Str(p, "role");
    if (!name.empty()) {
      who.push_back(role.empty() ? name : name + " (" + RoleLabel(role, Str(p, "sex")) + ")");
    }
  }
  if (!who.empty()) s += " Parties : " + Join(who) + ".";
  s += OperationSentence(dossier.is_object() && dossier.contains("operation") ? dossier["operation"]
                                                                              : json());
  if (complete) {
    s += " Tous les documents sont analysés.";
  } else {
    s += " Analyse en cours : " + Count(pending, "document en attente", "documents en attente") +
         " ; synthèse provisoire.";
  }
  size_t critical = 0, warning = 0;
  for (const json& f : findings) {
    std::string severity = Str(f, "severity");
    critical += severity == "critical";
    warning += severity == "warning";
  }
  if (critical + warning == 0) {
    s += " Contrôles croisés : aucune anomalie.";
  } else {
    std::vector<std::string> parts;
    if (critical) parts.push_back(Count(critical, "anomalie critique", "anomalies critiques"));
    if (warning) parts.push_back(Count(warning, "avertissement", "avertissements"));
    s += " Contrôles croisés : " + (parts.size() == 2 ? parts[0] + " et " + parts[1] : parts[0]) +
         ".";
  }
  size_t with_findings = 0;
  for (const json& d : documents) with_findings += !Array(d, "findings").empty();
  if (with_findings > 0) {
    s += " " + Count(with_findings, "document présente", "documents présentent") +
         " des anomalies (voir leur synthèse).";
  }
  std::vector<const json*> missing;
  for (const json& c : checklist) {
    if (Str(c, "status") == "missing") missing.push_back(&c);
  }
  if (!checklist.empty()) {
    s += missing.empty() ? " Toutes les pièces attendues sont présentes."
                         : " Pièces manquantes : " + std::to_string(missing.size()) + " sur " +
                               std::to_string(checklist.size()) + ".";
  }
  if (std::string v = VerificationSummary(verifications); !v.empty()) s += " " + v;

  // Recommendations, most blocking first: pieces to obtain, then discrepancies to resolve,
  // then the documents' own anomalies, then the registers.
  json recs = json::array();
  std::vector<std::string> missing_pieces;
  for (const json* c : missing) {
    std::string label = Str(*c, "label");
    std::string piece = Str(*c, "piece");
    missing_pieces.push_back(piece);
    PushOnce(recs,
             "Demander au client : " + (label.empty() ? DocumentTypeLabel(piece) : label) + ".");
  }
  for (const std::string& f : failed) PushOnce(recs, Unreadable(f));

  std::vector<const json*> sorted;
  for (const json& f : findings) sorted.push_back(&f);
  std::stable_sort(sorted.begin(), sorted.end(), [](const json* a, const json* b) {
    return SeverityRank(Str(*a, "severity")) < SeverityRank(Str(*b, "severity"));
  });
  const std::string kMissing = "missing_document:";
  for (const json* f : sorted) {
    std::string code = Str(*f, "code");
    std::vector<std::string> files = files_of(*f);
    if (code.rfind(kMissing, 0) == 0) {
      std::string piece = code.substr(kMissing.size());
      // The checklist line names the person the piece is for; it was asked for above.
      if (std::find(missing_pieces.begin(), missing_pieces.end(), piece) == missing_pieces.end()) {
        PushOnce(recs, "Demander au client : " + DocumentTypeLabel(piece) + ".");
      }
      continue;
    }
    if (code == "document_unreadable") {
      for (const std::string& name : files) PushOnce(recs, Unreadable(name));
      continue;
    }
    std::string advice = CrossAdvice(code);
    if (advice.empty()) {
      std::string message = Str(*f, "message");
      if (message.empty() || Str(*f, "severity") == "info") continue;
      advice = "À vérifier : " + message;
    }
    if (!files.empty()) advice += " Pièces concernées : " + Join(files) + ".";
    PushOnce(recs, advice);
  }

  for (const json& d : documents) {
    if (Str(d, "status") != "done") continue;
    for (const json& code : Array(d, "findings")) {
      std::string advice = code.is_string() ? FindingAdvice(code.get<std::string>()) : "";
      if (!advice.empty()) {
        PushOnce(recs, advice + " Pièce concernée : " + filenames[Str(d, "document_id")] + ".");
      }
    }
  }
  AppendVerificationAdvice(verifications, recs);
  if (!complete) {
    PushOnce(recs,
             "Attendre la fin de l'analyse des documents en cours avant de conclure : cette "
             "synthèse sera mise à jour.");
  }
  return {{"summary", s}, {"recommendations", recs}, {"generated_by", "rules"}};
}

}  // namespace notaria::analyze
