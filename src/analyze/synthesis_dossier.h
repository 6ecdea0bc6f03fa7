// Deterministic French synthesis of a dossier: what the dossier is, where its analysis
// stands, and what the notary has to do next (pieces to ask the client for, discrepancies
// between documents to check by hand, unreadable documents, register outcomes).
//
// The input is the dossier analysis object of analyze::AnalyzeDossier (dossier.h):
// {"dossier_id", "dossier_type", "reference_date", "all_documents_analysed" (every member done or
// failed), "operation", "documents", "parties",
//  "findings", "checklist", "verifications"}; absent or malformed members are read as empty.
// Same input, same words; only the dossier's own values (file names, checklist labels, party
// names, finding messages, register subjects) are cited. The LLM rewrite (src/llm) starts
// from this text and falls back to it.
#pragma once

#include <nlohmann/json.hpp>

namespace notaria::analyze {

// {"summary": "...", "recommendations": ["..."], "generated_by": "rules"}
nlohmann::json SynthesizeDossier(const nlohmann::json& dossier);

}  // namespace notaria::analyze
