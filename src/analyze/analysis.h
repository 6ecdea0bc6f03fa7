// The analysis that follows reading, as one pure function of the pages: classification,
// entity extraction (and, as they land, checks and score). The pipeline runs the same
// steps as separate persisted stages; this function is for one-shot uses (replaying stored
// pages, benchmarks, tests) and returns the result object of result.md.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "core/page.h"

namespace notaria::analyze {

nlohmann::json AnalyzePages(const std::vector<Page>& pages);

}  // namespace notaria::analyze
