#include "search/search_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace notaria::search {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;

TEST(Keywords, SirenHoweverItIsSpaced) {
  EXPECT_THAT(Keywords("RCS CRETEIL 123 456 789"), ElementsAre("123456789"));
  EXPECT_THAT(Keywords("siren 123.456.789"), ElementsAre("123456789"));
  EXPECT_THAT(Keywords("SIREN\u00a0123\u00a0456\u00a0789"), ElementsAre("123456789"));
  // A line wrapped inside the number (measured: 4 of 44 SIRENs of the corpus).
  EXPECT_THAT(Keywords("sous le numéro 324\n029 701 et"), ElementsAre("324029701"));
  // A SIRET gives itself and its SIREN.
  EXPECT_THAT(Keywords("SIRET 123 456 789 00012"), ElementsAre("12345678900012", "123456789"));
  // Short numbers are not identifiers.
  EXPECT_THAT(Keywords("le 12 mars 2024, 250 000 euros"), IsEmpty());
}

TEST(Keywords, ParcelsInTheirUsualWritings) {
  EXPECT_THAT(Keywords("cadastré section AB numéro 123"), ElementsAre("ab123"));
  EXPECT_THAT(Keywords("section AB n° 0123, lieudit"), ElementsAre("ab123"));
  EXPECT_THAT(Keywords("| AB | 123 |"), IsEmpty());  // table cells are separate words
  EXPECT_THAT(Keywords("AB 123 et AC 45"), ElementsAre("ab123", "ac45"));
  EXPECT_THAT(Keywords("section 0A n°75"), ElementsAre("0a75"));
  // Lower-case words before a number are prose, not sections.
  EXPECT_THAT(Keywords("de 12 ans"), IsEmpty());
  EXPECT_THAT(Keywords("M. DUPONT 12 rue"), IsEmpty());
}

TEST(QueryKeywords, AnyCase) {
  EXPECT_THAT(QueryKeywords("ab 123"), ElementsAre("ab123"));
  EXPECT_THAT(QueryKeywords("AB123"), ElementsAre("ab123"));
  EXPECT_THAT(QueryKeywords("123456789"), ElementsAre("123456789"));
  EXPECT_THAT(QueryKeywords("créteil"), IsEmpty());
}

// Keywords stand for the query only when they are the whole of it: the words beside them must
// be found too, which a match on the keyword alone would not require.
TEST(QueryKeywords, OnlyWhenTheIdentifiersAreTheWholeQuery) {
  EXPECT_THAT(QueryKeywords("section AB n° 123"), ElementsAre("ab123"));
  EXPECT_THAT(QueryKeywords("parcelle cadastrée ZC 7"), ElementsAre("zc7"));
  EXPECT_THAT(QueryKeywords("SIREN 552 100 554"), ElementsAre("552100554"));
  EXPECT_THAT(QueryKeywords("RCS de Lyon 552 100 554"), IsEmpty());
  // An IBAN's start read as a parcel ("FR 76") beside digit groups (a phrase once parsed):
  // the page must say them all.
  EXPECT_THAT(QueryKeywords("FR76 \"1334 4420\""), IsEmpty());
  EXPECT_THAT(QueryKeywords("vente AB 123"), IsEmpty());
}

TEST(Stems, FoldedFrenchWords) {
  EXPECT_EQ(Stem("donations"), Stem("donation"));
  EXPECT_EQ(Stems(FoldForSearch("CRÉTEIL")), Stems("creteil"));
  EXPECT_THAT(Stems("vente, de 2024"), ElementsAre(Stem("vente"), Stem("de"), "2024"));
}

TEST(TypeWords, UsualNames) {
  EXPECT_THAT(TypeWords("donation"), Contains("donation"));
  EXPECT_THAT(TypeWords("cni"), Contains("identite"));
  EXPECT_THAT(TypeWords("acte_vente"), Contains("vente"));
  EXPECT_THAT(TypeWords("inconnu"), IsEmpty());
  EXPECT_THAT(TypeWords("autre"), Not(Contains("autre")));
}

TEST(ParseQuery, OperatorsInAnyCaseForBothEngines) {
  auto p = ParseQuery("vente or donation AND Créteil");
  EXPECT_EQ(p.Positive("|"), "vente | donation Créteil");
  EXPECT_EQ(p.Positive("OR"), "vente OR donation Créteil");
  EXPECT_TRUE(p.excluded.empty());
  p = ParseQuery("“droit de passage” -usufruit NOT nue-propriété");
  EXPECT_EQ(p.Positive("|"), "\"droit de passage\"");
  EXPECT_THAT(p.excluded, ElementsAre("usufruit", "nue-propriété"));
  // Inside parentheses the exclusion stays with its group.
  p = ParseQuery("(vente -viager) OR donation");
  EXPECT_EQ(p.Positive("|"), "(vente -viager) | donation");
  EXPECT_TRUE(p.excluded.empty());
  // Dangling operators, an unclosed quote, nothing at all.
  EXPECT_EQ(ParseQuery("OR vente OR").Positive("|"), "vente");
  EXPECT_EQ(ParseQuery("vente AND").Positive("|"), "vente");
  EXPECT_EQ(ParseQuery("vente NOT").Positive("|"), "vente");
  EXPECT_EQ(ParseQuery("\"bail commercial").Positive("|"), "\"bail commercial\"");
  EXPECT_TRUE(ParseQuery("  ").positive.empty());
  // Exclusions alone leave nothing that must match.
  p = ParseQuery("-prix NOT «droit de passage»");
  EXPECT_TRUE(p.positive.empty());
  EXPECT_THAT(p.excluded, ElementsAre("prix", "\"droit de passage\""));
}

TEST(ParseQuery, DigitGroupsTypedApartAreOneNumber) {
  EXPECT_EQ(ParseQuery("prix 327 000").Positive("|"), "prix \"327 000\"");
  EXPECT_EQ(ParseQuery("327 000,00 EUR").Positive("|"), "\"327 000,00\" EUR");
  EXPECT_EQ(ParseQuery("123 456 789").Positive("|"), "\"123 456 789\"");
  EXPECT_EQ(ParseQuery("lot 12").Positive("|"), "lot 12");  // one number alone stays a word
}

TEST(ParseQuery, AmountTypedWithoutSpacesIsAlsoLookedForByThousands) {
  EXPECT_EQ(ParseQuery("prix 196000").Positive("OR"), "prix (196000 OR \"196 000\")");
  EXPECT_EQ(ParseQuery("1500000").Positive("|"), "(1500000 | \"1 500 000\")");
  EXPECT_EQ(ParseQuery("2024").Positive("|"), "(2024 | \"2 024\")");
  EXPECT_EQ(ParseQuery("123456789").Positive("|"), "123456789");  // an identifier
  EXPECT_EQ(ParseQuery("06500").Positive("|"), "06500");          // a code, not an amount
  EXPECT_EQ(ParseQuery("lot 12").Positive("|"), "lot 12");
  // With its cents or its currency glued on.
  EXPECT_EQ(ParseQuery("196000,00").Positive("|"), "(\"196000 00\" | \"196 000 00\")");
  EXPECT_EQ(ParseQuery("196000.00").Positive("|"), "(\"196000 00\" | \"196 000 00\")");
  EXPECT_EQ(ParseQuery("196000€").Positive("|"), "(196000 | \"196 000\")");
}

// Xapian's other operators are words: every word typed is required.
TEST(ParseQuery, XorNearAndAdjAreWords) {
  EXPECT_EQ(ParseQuery("vente XOR zzzz").Positive("OR"), "vente \"XOR\" zzzz");
  EXPECT_EQ(ParseQuery("vente near acte").Positive("OR"), "vente \"near\" acte");
  EXPECT_EQ(ParseQuery("vente NEAR/3 acte ADJ bail").Positive("OR"),
            "vente \"NEAR/3\" acte \"ADJ\" bail");
}

TEST(FoldForSearch, NumbersSplitAtTheirInnerSeparators) {
  EXPECT_EQ(FoldForSearch("196 000,00 EUR"), "196 000 00 eur");
  EXPECT_EQ(FoldForSearch("1.500.000 €, soit"), "1 500 000 €, soit");
  EXPECT_EQ(FoldForSearch("Créteil, 12. Le"), "creteil, 12. le");  // punctuation stays
}

TEST(OnlyCommonWords, QueriesOfStopWordsOnly) {
  EXPECT_TRUE(OnlyCommonWords(ParseQuery("le")));
  EXPECT_TRUE(OnlyCommonWords(ParseQuery("de la OR les")));
  EXPECT_FALSE(OnlyCommonWords(ParseQuery("le vendeur")));
  EXPECT_FALSE(OnlyCommonWords(ParseQuery("\"de la Rue\"")));
  EXPECT_FALSE(OnlyCommonWords(ParseQuery("12")));
}

TEST(HasWordCharacters, BlankLookingQueriesHaveNone) {
  EXPECT_TRUE(HasWordCharacters("vente"));
  EXPECT_TRUE(HasWordCharacters(" Été "));
  EXPECT_TRUE(HasWordCharacters("123"));
  EXPECT_FALSE(HasWordCharacters(""));
  EXPECT_FALSE(HasWordCharacters(" \u00a0\u202f\t"));     // NBSP, narrow NBSP
  EXPECT_FALSE(HasWordCharacters("\u200b\u200d\ufeff"));  // zero-width characters
  EXPECT_FALSE(HasWordCharacters("\" - ( ) « »"));
}

}  // namespace
}  // namespace notaria::search
