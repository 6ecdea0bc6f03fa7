#include "analyze/extract_families.h"

#include "analyze/extract_deed_terms.h"
#include "analyze/extract_forms.h"
#include "analyze/extract_parties.h"

namespace notaria::analyze {

void RegisterExtractorFamilies() {
  // One line per family, e.g. RegisterPartyExtractors(); (declared in its extract_*.h).
  RegisterPartyExtractors();
  RegisterFormExtractors();
  RegisterDeedTermExtractors();
}

}  // namespace notaria::analyze
