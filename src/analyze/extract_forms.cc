#include "analyze/extract_forms.h"

namespace notaria::analyze {

void RegisterFormExtractors() {
  RegisterIdentityExtractors();
  RegisterKbisExtractor();
  RegisterRibExtractor();
  RegisterTaxNoticeExtractor();
  RegisterDpeExtractor();
  RegisterUtilityBillExtractor();
  RegisterOtherDocumentExtractor();
}

}  // namespace notaria::analyze
