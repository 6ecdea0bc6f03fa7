// Dossier analysis: what only the documents of one transaction, read together, can show.
//
// A dossier holds a deed (or its promise) and the pieces that support it. AnalyzeDossier
// takes what the pipeline stored for each member document (its type, entities, findings,
// verifications) and returns the dossier-level object:
//   {"dossier_id", "dossier_type", "reference_date", "all_documents_analysed" (every member done or
//   failed), "operation" (the main deed's property, price and date with their passages; null
//   without a deed), "documents": [...],
//    "parties": [...], "findings": [...], "checklist": [...], "verifications": [...]}
// Findings: the same person across ID documents and deeds (accents, case, compound names,
// née/épouse, birth date) -> name_mismatch_across_documents, birth_date_mismatch_...; a
// party's address on a proof of address or a RIB -> address_mismatch_across_documents; price,
// parcels and lots between a promise and the deed; the RIB holder against the sellers; the
// Kbis against the deed's company and its representative; the DPE's property against the
// deed's. The checklist lists the pieces the dossier type requires (a sale: the deed or
// promise, an ID document per natural person who signs, a Kbis per company party, the DPE, the
// seller's RIB for the deed itself) as present or missing. Nothing is raised on missing
// inputs: a value that was not read is not a discrepancy. Pure and deterministic.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "analyze/mrz.h"

namespace notaria::analyze {

struct DossierMember {
  std::string document_id;
  std::string filename;
  std::string status;         // queued | processing | done | failed
  std::string document_type;  // empty until classified
  nlohmann::json entities = nlohmann::json::object();
  nlohmann::json findings = nlohmann::json::array();
  nlohmann::json verifications = nlohmann::json::array();
  std::optional<double> score;
  std::string error_code;  // set when failed
};

// The dossier type its documents point to: a sale deed or promise -> "vente", a donation ->
// "donation", a succession -> "succession", otherwise "autre".
std::string InferDossierType(const std::vector<DossierMember>& members);

// The date the dossier's documents are judged at (ID validity, ages, DPE): the date of its
// main deed (the deed its pieces support; then a sale deed, the promise, a donation, a
// succession); nullopt without one.
std::optional<mrz::Date> DossierReference(const std::vector<DossierMember>& members);

nlohmann::json AnalyzeDossier(const std::string& dossier_id, const std::string& dossier_type,
                              const std::vector<DossierMember>& members);

}  // namespace notaria::analyze
