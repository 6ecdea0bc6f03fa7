#include "analyze/score.h"

#include <gtest/gtest.h>

#include "analyze/summary.h"

namespace notaria::analyze {
namespace {

using nlohmann::json;

json RibEntities() {
  return {{"persons", json::array()},
          {"companies", json::array()},
          {"properties", json::array()},
          {"amounts", json::array()},
          {"dates", json::array()},
          {"identity_document", nullptr},
          {"bank", {{"iban", "FR76..."}, {"bic", "AGRIFRPP"}, {"holder", "M. X"}}},
          {"notary", nullptr}};
}

std::vector<Page> TextPages(int n) {
  std::vector<Page> pages(n);
  for (int i = 0; i < n; ++i) pages[i].number = i + 1;
  return pages;
}

double ComponentValue(const json& score, const std::string& name) {
  for (const auto& c : score["components"]) {
    if (c["name"] == name) return c["value"].get<double>();
  }
  return -1;
}

TEST(ScoreDocument, CleanCompleteTextDocumentScoresOne) {
  json s = ScoreDocument(TextPages(1), "rib", 1.0, RibEntities(), json::array());
  EXPECT_DOUBLE_EQ(s["value"].get<double>(), 1.0);
  EXPECT_EQ(s["components"].size(), 4u);
  for (const auto& c : s["components"]) EXPECT_FALSE(c["reason"].get<std::string>().empty());
}

TEST(ScoreDocument, WeightedMeanOfItsComponents) {
  std::vector<Page> pages = TextPages(2);
  pages[1].source = PageSource::kOcr;
  pages[1].ocr_confidence = 0.6;  // reading = (1 + 0.6) / 2 = 0.8
  json entities = RibEntities();
  entities["bank"].erase("bic");  // completeness 2/3
  json findings = json::array({{{"code", "iban_invalid"}, {"severity", "critical"}}});
  json s = ScoreDocument(pages, "rib", 0.9, entities, findings);
  EXPECT_DOUBLE_EQ(ComponentValue(s, "lecture"), 0.8);
  EXPECT_DOUBLE_EQ(ComponentValue(s, "completude"), 0.667);
  EXPECT_DOUBLE_EQ(ComponentValue(s, "controles"), 0.5);
  double expected = (0.2 * 0.8 + 0.2 * 0.9 + 0.25 * 0.667 + 0.35 * 0.5) / 1.0;
  EXPECT_NEAR(s["value"].get<double>(), expected, 0.001);
}

// A card whose MRZ could not be read is not complete: its check digits were never checked, and
// the explanation says so rather than scoring it as if everything had been read.
TEST(ScoreDocument, AnIdCardWithoutItsMrzIsIncomplete) {
  json entities = RibEntities();
  entities["bank"] = nullptr;
  entities["identity_document"] = {{"number", "880692310285"},
                                   {"surname", "DUPUIS"},
                                   {"given_names", {"HÉLÈNE"}},
                                   {"birth_date", "1960-03-14"},
                                   {"mrz", nullptr}};
  json s = ScoreDocument(TextPages(1), "cni", 1.0, entities, json::array());
  EXPECT_DOUBLE_EQ(ComponentValue(s, "completude"), 0.8);
  std::string reason;
  for (const auto& c : s["components"]) {
    if (c["name"] == "completude") reason = c["reason"];
  }
  EXPECT_EQ(reason, "champs attendus présents : 4/5 (manquent : bande MRZ)");
  // Seen on the picture but garbled by OCR: still unread, but not said to be absent.
  entities["identity_document"]["mrz_visible"] = true;
  json seen = ScoreDocument(TextPages(1), "cni", 1.0, entities, json::array());
  EXPECT_DOUBLE_EQ(ComponentValue(seen, "completude"), 0.8);
  for (const auto& c : seen["components"]) {
    if (c["name"] == "completude") reason = c["reason"];
  }
  EXPECT_EQ(reason, "champs attendus présents : 4/5 (bande MRZ visible mais illisible)");
  entities["identity_document"]["number"] = nullptr;
  json unread = ScoreDocument(TextPages(1), "cni", 1.0, entities, json::array());
  for (const auto& c : unread["components"]) {
    if (c["name"] == "completude") reason = c["reason"];
  }
  EXPECT_EQ(
      reason,
      "champs attendus présents : 3/5 (manquent : numéro ; bande MRZ visible mais illisible)");
  entities["identity_document"]["number"] = "880692310285";
  entities["identity_document"]["mrz"] = {"IDFRADUPUIS<<<", "8806923102858HELENE"};
  EXPECT_DOUBLE_EQ(ComponentValue(ScoreDocument(TextPages(1), "cni", 1.0, entities, json::array()),
                                  "completude"),
                   1.0);
}

TEST(ScoreDocument, TypesWithoutRequirementsRenormaliseTheWeights) {
  json s = ScoreDocument(TextPages(1), "autre", 0.5, RibEntities(), json::array());
  EXPECT_EQ(ComponentValue(s, "completude"), -1);
  EXPECT_NEAR(s["value"].get<double>(), (0.2 * 1 + 0.2 * 0.5 + 0.35 * 1) / 0.75, 0.001);
}

TEST(SynthesizeDocument, CitesFindingsAndAdvises) {
  json findings = json::array({{{"code", "iban_invalid"}, {"severity", "critical"}}});
  json score = ScoreDocument(TextPages(1), "rib", 1.0, RibEntities(), findings);
  json syn = SynthesizeDocument("rib", 1, RibEntities(), findings, score, json::array());
  std::string summary = syn["summary"];
  EXPECT_NE(summary.find("Relevé d'identité bancaire de 1 page."), std::string::npos) << summary;
  EXPECT_NE(summary.find(" 1 anomalie critique. "), std::string::npos) << summary;
  ASSERT_FALSE(syn["recommendations"].empty());
  EXPECT_NE(syn["recommendations"][0].get<std::string>().find("IBAN"), std::string::npos);
  EXPECT_EQ(syn["generated_by"], "rules");
}

}  // namespace
}  // namespace notaria::analyze
