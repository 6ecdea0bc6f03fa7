// Deterministic French synthesis of one document: a summary a notary reads in ten seconds
// and the recommendations that follow from the findings and the score. Same input, same
// words; nothing is invented (only extracted values and findings are cited). The LLM
// rewrite of issue 4 starts from this text and falls back to it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace notaria::analyze {

// {"summary", "recommendations": [...], "generated_by": "rules"}
nlohmann::json SynthesizeDocument(const std::string& document_type, size_t page_count,
                                  const nlohmann::json& entities, const nlohmann::json& findings,
                                  const nlohmann::json& score);

// The French name of a document type ("acte de vente", "carte nationale d'identité", ...).
std::string DocumentTypeLabel(const std::string& document_type);

}  // namespace notaria::analyze
