// Language of a document's text, from the share of frequent function words.
//
// Returns "fr", "en" or "und" (undetermined: too little text, or neither dominates). Good
// enough to flag a foreign document to the notary; not a general language identifier.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/page.h"

namespace notaria::analyze {

std::string DetectLanguage(const std::vector<Page>& pages);

}  // namespace notaria::analyze
