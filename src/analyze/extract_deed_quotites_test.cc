#include "analyze/extract_deed_quotites.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace notaria::analyze {
namespace {

std::vector<Page> Pages(std::string text) {
  Page p;
  p.number = 1;
  p.text = std::move(text);
  return {p};
}

std::vector<double> Values(const nlohmann::json& q) {
  std::vector<double> out;
  for (const auto& s : q["shares"]) out.push_back(s["value"].get<double>());
  return out;
}

TEST(Quotites, EachForHalfAfterTheSellersWhole) {
  auto pages = Pages(
      "NATURE ET QUOTITÉ DES DROITS IMMOBILIERS\nLe VENDEUR vend pour la totalité en pleine "
      "propriété à l'ACQUÉREUR, qui accepte, le BIEN dont la\ndésignation suit, les acquéreurs "
      "acquérant chacun pour moitié indivise.\n");
  DocumentView doc(pages);
  auto q = FindQuotites(doc);
  ASSERT_TRUE(q);
  EXPECT_TRUE((*q)["distributive"].get<bool>());
  ASSERT_EQ(Values(*q), std::vector<double>{0.5});
  Evidence ev{(*q)["shares"][0]["evidence"]["page"], (*q)["shares"][0]["evidence"]["start"],
              (*q)["shares"][0]["evidence"]["end"]};
  EXPECT_EQ(doc.TextOf(ev), "moitié");
}

TEST(Quotites, NamedSharesInPercentWordsAndDigits) {
  auto pages = Pages(
      "Les ACQUÉREURS acquièrent le BIEN savoir : Monsieur Paul DURAND à concurrence de 60 % "
      "et Madame Anne DURAND à concurrence de quarante pour cent.\nLes héritiers recueillent "
      "la succession à hauteur d'un tiers pour Jean et de deux tiers pour Marie ; les "
      "indivisaires à raison de 3/4 et 1/4.");
  DocumentView doc(pages);
  auto q = FindQuotites(doc);
  ASSERT_TRUE(q);
  EXPECT_FALSE((*q)["distributive"].get<bool>());
  std::vector<double> v = Values(*q);
  // "quarante pour cent" is in words: not read (digits or fraction words only). Once a
  // clause is open, the shares that follow without a preposition count too.
  ASSERT_EQ(v.size(), 5u) << q->dump();
  EXPECT_DOUBLE_EQ(v[0], 0.6);
  EXPECT_NEAR(v[1], 1.0 / 3, 1e-9);
  EXPECT_NEAR(v[2], 2.0 / 3, 1e-9);
  EXPECT_DOUBLE_EQ(v[3], 0.75);
  EXPECT_DOUBLE_EQ(v[4], 0.25);
  EXPECT_EQ((*q)["shares"][0]["text"], "60 %");
  EXPECT_EQ((*q)["shares"][1]["text"], "un tiers");
  EXPECT_EQ((*q)["shares"][3]["text"], "3/4");
}

TEST(Quotites, TantiemesDatesAndSplitRightsAreNotShares) {
  auto pages = Pages(
      "Lot numéro douze : un appartement et les 125/1000 des parties communes, acquis par "
      "l'acquéreur pour 125/1000.\nL'ACQUÉREUR paiera le 12/05 ; le vendeur vend pour la "
      "totalité.\nLes donataires recevront l'usufruit pour moitié et la nue-propriété pour "
      "moitié chacun.");
  DocumentView doc(pages);
  EXPECT_FALSE(FindQuotites(doc)) << FindQuotites(doc)->dump();
}

TEST(Quotites, NoClauseNoShares) {
  auto pages = Pages("Le VENDEUR vend à l'ACQUÉREUR le BIEN dont la désignation suit.");
  DocumentView doc(pages);
  EXPECT_FALSE(FindQuotites(doc));
}

}  // namespace
}  // namespace notaria::analyze
