#include "analyze/classify_pattern.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

namespace notaria::analyze {
namespace {

bool Matches(std::string_view phrase, std::string_view folded) {
  RE2 re(OcrTolerantPattern(phrase));
  EXPECT_TRUE(re.ok()) << phrase;
  return RE2::PartialMatch(folded, re);
}

TEST(OcrTolerantPatternTest, ForgivesSeparatorsAndLookAlikes) {
  EXPECT_TRUE(Matches("releve d'identite bancaire", "releve d identite bancaire"));
  EXPECT_TRUE(Matches("releve d'identite bancaire", "re1eve d'identite\nbancaire"));
  EXPECT_TRUE(Matches("donation partage", "donation-partage"));
  EXPECT_TRUE(Matches("donation partage", "donationpartage"));
  EXPECT_TRUE(Matches("origine de propriete", "0rigine de propriete"));
  EXPECT_TRUE(Matches("vendeur", "les vendeurs"));
}

TEST(OcrTolerantPatternTest, ForgivesOneErrorPerHalfOfALongWord) {
  EXPECT_TRUE(Matches("synallagmatique", "synallagrnatique"));  // 'm' read as "rn"
  EXPECT_TRUE(Matches("reiteration", "reiteratlon"));
  EXPECT_TRUE(Matches("reiteration", "reitcration"));
  EXPECT_TRUE(
      Matches("diagnostic de performance energetique", "diagnostlc de perforrnance energetique"));
}

TEST(OcrTolerantPatternTest, DoesNotConfuseWordsSharingAnEnding) {
  EXPECT_FALSE(Matches("consommation", "confirmation"));
  EXPECT_FALSE(Matches("reiteration", "resiliation"));
  EXPECT_FALSE(Matches("abattement", "abonnement"));
  EXPECT_FALSE(Matches("compteur", "a compter du"));
  EXPECT_FALSE(Matches("rib", "tribunal"));
}

TEST(OcrTolerantPatternTest, StemsDigitsAndRawPatterns) {
  EXPECT_TRUE(Matches("condition* suspensive*", "conditions suspensives"));
  EXPECT_TRUE(Matches("pour # personnes", "pour 6 personnes"));
  EXPECT_TRUE(Matches("re:^vente$", "vente"));
  EXPECT_FALSE(Matches("re:^vente$", "la vente"));
}

}  // namespace
}  // namespace notaria::analyze
