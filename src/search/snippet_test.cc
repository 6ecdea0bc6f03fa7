#include "search/snippet.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace notaria::search {
namespace {

std::string Joined(const Snippet& s) {
  std::string out;
  for (const auto& p : s.parts) out += p.hit ? "[" + p.text + "]" : p.text;
  return out;
}

TEST(Snippet, HitInTheOriginalCharacters) {
  Snippet s = BuildSnippet("Demeurant à CRÉTEIL (94000),\n12 rue des Écoles.", "creteil");
  EXPECT_EQ(Joined(s), "Demeurant à [CRÉTEIL] (94000), 12 rue des Écoles.");
  EXPECT_EQ(s.hits, 1);
}

TEST(Snippet, StemsMatchAndStopWordsDoNot) {
  Snippet s = BuildSnippet("Les donations consenties de son vivant.", "la donation de");
  EXPECT_EQ(Joined(s), "Les [donations] consenties de son vivant.");
}

TEST(Snippet, IdentifierAsPrinted) {
  Snippet s =
      BuildSnippet("immatriculée au RCS de Créteil sous le numéro 123 456 789.", "123456789");
  EXPECT_EQ(Joined(s), "immatriculée au RCS de Créteil sous le numéro [123 456 789].");
  Snippet p = BuildSnippet("figurant au cadastre section AB n° 123 pour 5 a", "ab 123");
  EXPECT_EQ(Joined(p), "figurant au cadastre section [AB n° 123] pour 5 a");
}

// Typed without spaces, the price is marked where the page prints it in thousands; not in a
// larger number that ends with the same groups, nor in a date.
TEST(Snippet, AmountTypedWithoutSpacesAsPrinted) {
  Snippet s = BuildSnippet(
      "Frais : 1 196 000 €. Le 19/60/00. moyennant le prix de CENT QUATRE-VINGT-SEIZE MILLE "
      "EUROS (196 000,00 EUR).",
      "196000");
  std::string j = Joined(s);
  EXPECT_NE(j.find("EUROS ([196 000],00 EUR)."), std::string::npos) << j;
  EXPECT_EQ(std::count(j.begin(), j.end(), '['), 1) << j;
  EXPECT_EQ(s.hits, 1);
  EXPECT_EQ(Joined(BuildSnippet("Prix : 196000 euros", "196000")), "Prix : [196000] euros");
  // Typed with its cents: the amount is marked, not every "00" of the page.
  EXPECT_EQ(Joined(BuildSnippet("contenance de 00 ha 14 a. Prix : 286 000,00 €", "286000,00")),
            "contenance de 00 ha 14 a. Prix : [286 000],00 €");
  EXPECT_EQ(Joined(BuildSnippet("Prix : 1.500.000 euros", "1500000")), "Prix : [1.500.000] euros");
}

TEST(Snippet, WindowAroundTheHitsWithEllipses) {
  std::string page;
  for (int i = 0; i < 60; ++i) page += "mot" + std::to_string(i) + " ";
  page += "Créteil ";
  for (int i = 60; i < 120; ++i) page += "mot" + std::to_string(i) + " ";
  Snippet s = BuildSnippet(page, "Creteil", 120);
  std::string j = Joined(s);
  EXPECT_EQ(j.rfind("… ", 0), 0u) << j;
  EXPECT_NE(j.find("[Créteil]"), std::string::npos) << j;
  EXPECT_EQ(j.substr(j.size() - 4), " …") << j;
  EXPECT_LE(j.size(), 120u + 20u);
}

TEST(Snippet, NoHitGivesTheBeginningAndCutsOnCharacters) {
  std::string page = "Élément éèàù " + std::string(300, 'x');
  Snippet s = BuildSnippet(page, "absent", 20);
  EXPECT_EQ(s.hits, 0);
  ASSERT_FALSE(s.parts.empty());
  EXPECT_EQ(s.parts[0].text.rfind("Élément", 0), 0u);
  for (const auto& p : s.parts) EXPECT_FALSE(p.hit);
}

TEST(Snippet, EmptyPage) {
  Snippet s = BuildSnippet("", "creteil");
  EXPECT_EQ(s.hits, 0);
  EXPECT_TRUE(s.parts.empty());
}

}  // namespace
}  // namespace notaria::search
