// The analysis that follows reading, as one pure function of the pages: classification,
// entity extraction, checks, score and synthesis. The pipeline runs the same steps as
// separate persisted stages; AnalyzePages is for one-shot uses (replaying stored pages,
// benchmarks, tests) and returns the result object of result.md.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "analyze/mrz.h"
#include "core/page.h"

namespace notaria::analyze {

// `reference` is the date validity and ages are judged at when the document gives none
// (today for a standalone document).
nlohmann::json AnalyzePages(const std::vector<Page>& pages, const mrz::Date& reference);

// Checks, score and synthesis of a classified and extracted document, given what the
// official registers answered (`verifications`, may be empty):
// {"findings": [...], "score": {...}, "synthesis": {...}, "verifications": [...]}.
nlohmann::json AssessDocument(const std::vector<Page>& pages, const std::string& document_type,
                              double classification_confidence, const nlohmann::json& entities,
                              const mrz::Date& reference,
                              const nlohmann::json& verifications = nlohmann::json::array());

// Today's date (UTC).
mrz::Date Today();

}  // namespace notaria::analyze
