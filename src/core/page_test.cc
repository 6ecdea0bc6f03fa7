#include "core/page.h"

#include <gtest/gtest.h>

namespace notaria {
namespace {

TEST(PageJson, WordBoxesRoundTripCompactly) {
  Page p;
  p.number = 2;
  p.source = PageSource::kOcr;
  p.text = "Prix : 250 000 euros";
  p.words = {{0, 4, 0.1f, 0.2f, 0.15f, 0.22f}, {11, 14, 0.123456f, 0.2f, 0.2f, 0.22f}};
  nlohmann::json j = PageToJson(p);
  ASSERT_TRUE(j["words"].is_array());
  EXPECT_EQ(j["words"][0], nlohmann::json({0, 4, 0.1, 0.2, 0.15, 0.22}));
  EXPECT_DOUBLE_EQ(j["words"][1][2].get<double>(), 0.1235);  // a tenth of a millimetre on A4

  Page back = PageFromJson(j);
  ASSERT_EQ(back.words.size(), 2u);
  EXPECT_EQ(back.words[1].start, 11u);
  EXPECT_EQ(back.words[1].end, 14u);
  EXPECT_NEAR(back.words[1].x0, 0.1235, 1e-6);
  EXPECT_NEAR(back.words[0].y1, 0.22, 1e-6);
}

TEST(PageJson, PagesWithoutBoxesStayAsTheyWere) {
  Page p;
  p.number = 1;
  p.text = "texte";
  nlohmann::json j = PageToJson(p);
  EXPECT_FALSE(j.contains("words"));
  // Pages stored before boxes were kept, and malformed entries, give no box.
  j["words"] = nlohmann::json::array(
      {nlohmann::json::array({1, 2}), "x", nlohmann::json::array({0, "a", 0, 0, 1, 1})});
  EXPECT_TRUE(PageFromJson(j).words.empty());
}

}  // namespace
}  // namespace notaria
