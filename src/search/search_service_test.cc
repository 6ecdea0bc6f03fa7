#include "search/search_service.h"

#include <gtest/gtest.h>

namespace notaria::search {
namespace {

using nlohmann::json;

store::DocumentRecord Uploaded(const std::string& when) {
  store::DocumentRecord doc;
  doc.created_at = when;
  return doc;
}

TEST(DocumentDate, TheDocumentsOwnDateBeforeItsUploadDate) {
  const auto doc = Uploaded("2026-12-04T10:00:00Z");
  // A deed: its own date, whatever else it cites.
  json deed = {{"dates",
                {{{"kind", "acquisition_anterieure"}, {"value", "2007-01-21"}},
                 {{"kind", "acte"}, {"value", "2024-08-27"}}}}};
  EXPECT_EQ(DocumentDate(doc, deed), "2024-08-27");
  // A RIB says when it was edited, a Kbis when it was extracted: not the upload day.
  EXPECT_EQ(DocumentDate(doc, {{"dates", {{{"kind", "edition"}, {"value", "2024-11-28"}}}}}),
            "2024-11-28");
  EXPECT_EQ(DocumentDate(doc, {{"dates", {{{"kind", "extrait"}, {"value", "2024-07-24"}}}}}),
            "2024-07-24");
  // A birth date is not the document's date: nothing of its own, the upload day.
  EXPECT_EQ(DocumentDate(doc, {{"dates", {{{"kind", "naissance"}, {"value", "1980-04-17"}}}}}),
            "2026-12-04");
  EXPECT_EQ(DocumentDate(doc, json::object()), "2026-12-04");
}

}  // namespace
}  // namespace notaria::search
