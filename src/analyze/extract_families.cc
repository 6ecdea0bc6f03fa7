#include "analyze/extract_families.h"

namespace notaria::analyze {

void RegisterExtractorFamilies() {
  // One line per family, e.g. RegisterPartyExtractors(); (declared in its extract_*.h).
}

}  // namespace notaria::analyze
