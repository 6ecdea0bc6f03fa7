// The result object of a document (spec/result.md), assembled from what the pipeline's
// stages have stored so far. A stage that has not run contributes nothing: its keys are
// absent rather than filled with guesses.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/page.h"

namespace notaria::analyze {

// `stage_outputs` maps a stage name ("classify", ...) to its stored output.
// `include_text` false drops pages[].text (lists never carry full text).
nlohmann::json BuildResult(const std::vector<Page>& pages,
                           const std::map<std::string, nlohmann::json>& stage_outputs,
                           bool include_text = true);

}  // namespace notaria::analyze
