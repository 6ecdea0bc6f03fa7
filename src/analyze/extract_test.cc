#include "analyze/extract.h"

#include <gtest/gtest.h>

namespace notaria::analyze {
namespace {

TEST(EntityBuilder, KeepsEvidencePerFieldAndSkipsNulls) {
  EntityBuilder b;
  b.Set("last_name", "MOULIN", Evidence{1, 10, 16}).Set("birth_name", nullptr);
  nlohmann::json j = b.Build();
  EXPECT_EQ(j["last_name"], "MOULIN");
  EXPECT_FALSE(j.contains("birth_name"));
  EXPECT_EQ(j["evidence"]["last_name"], (nlohmann::json{{"page", 1}, {"start", 10}, {"end", 16}}));
}

TEST(DocumentView, EvidenceFromFoldedOffsetsPointsIntoTheStoredText) {
  Page p;
  p.number = 3;
  p.text = "Née à CRÉTEIL le 1er mars";
  std::vector<Page> pages{p};
  DocumentView view(pages);
  size_t at = view.folded(0).folded().find("creteil");
  Evidence e = view.EvidenceOf(0, at, at + 7);
  EXPECT_EQ(e.page, 3);
  EXPECT_EQ(view.TextOf(e), "CRÉTEIL");
}

TEST(ExtractEntities, AlwaysReturnsEveryEntityKind) {
  nlohmann::json e = ExtractEntities({}, "autre");
  for (const char* key : {"persons", "companies", "properties", "amounts", "dates"}) {
    EXPECT_TRUE(e[key].is_array()) << key;
  }
  for (const char* key : {"identity_document", "bank", "notary"}) {
    EXPECT_TRUE(e.contains(key)) << key;
  }
}

}  // namespace
}  // namespace notaria::analyze
