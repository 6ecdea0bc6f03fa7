// Credibility score of one document, 0 to 1, with its explained components.
//
// The score is a weighted mean of components, each with its value, weight and a French
// reason (docs/score.md gives the formula): reading quality, classification confidence,
// completeness of the fields a document of that type must show, the internal checks, and
// the official registers' answers (`verifications`; those that did not answer are ignored).
// A component that does not apply (no required field for `autre`) is left out and the
// weights of the others renormalised, so a missing input never counts as a failure.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "core/page.h"

namespace notaria::analyze {

// {"value": 0.82, "components": [{"name", "weight", "value", "reason"}]}
nlohmann::json ScoreDocument(const std::vector<Page>& pages, const std::string& document_type,
                             double classification_confidence, const nlohmann::json& entities,
                             const nlohmann::json& findings,
                             const nlohmann::json& verifications = nlohmann::json::array());

}  // namespace notaria::analyze
