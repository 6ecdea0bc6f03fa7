#include "text/names.h"

#include <gtest/gtest.h>

namespace notaria::text {
namespace {

TEST(NameKeyTest, FoldsCaseAccentsAndPunctuation) {
  EXPECT_EQ(NameKey("Le Gall-Hervé"), "le gall herve");
  EXPECT_EQ(NameKey("O\u2019Neil"), "o neil");
  EXPECT_EQ(NameKey("  ÉLODIE  "), "elodie");
  EXPECT_EQ(NameKey("--"), "");
}

TEST(CompanyNameKeyTest, DropsLegalFormsWherePrinted) {
  EXPECT_EQ(CompanyNameKey("SCI LES TILLEULS"), "les tilleuls");
  EXPECT_EQ(CompanyNameKey("Société civile immobilière LES TILLEULS"), "les tilleuls");
  EXPECT_EQ(CompanyNameKey("Les Tilleuls (SCI)"), "les tilleuls");
  EXPECT_EQ(CompanyNameKey("DANONE SA"), "danone");
  EXPECT_EQ(CompanyNameKey("société par actions simplifiée GANYMEDE"), "ganymede");
}

TEST(EditDistanceTest, CountsTranspositionsOnce) {
  EXPECT_EQ(EditDistance("gautier", "gauteir"), 1);
  EXPECT_EQ(EditDistance("martin", "martinez"), 2);
  EXPECT_EQ(EditDistance("", "abc"), 3);
  EXPECT_EQ(EditDistance("é", "e"), 1);  // code points, not bytes
}

TEST(CompareNamesTest, TellsTyposFromOtherNames) {
  EXPECT_EQ(CompareNames("GAUTIER", "Gautier"), NameMatch::kSame);
  EXPECT_EQ(CompareNames("GAUTEIR", "GAUTIER"), NameMatch::kClose);
  EXPECT_EQ(CompareNames("Lefèvre", "LEFEBVRE"), NameMatch::kClose);
  EXPECT_EQ(CompareNames("MARTIN", "MARTINEZ"), NameMatch::kDifferent);
  EXPECT_EQ(CompareNames("DUPONT", "DURAND"), NameMatch::kDifferent);
  EXPECT_EQ(CompareNames("LE GALL", "Le Gall-Hervé"), NameMatch::kSame);
  EXPECT_EQ(CompareNames("ROUX", "ROUS"), NameMatch::kDifferent);  // too short to call a typo
  EXPECT_EQ(CompareNames("", "MARTIN"), NameMatch::kDifferent);
}

}  // namespace
}  // namespace notaria::text
