#include "text/french_amounts.h"

#include <gtest/gtest.h>

namespace notaria::text {
namespace {

std::string Span(const std::string& text, const Amount& a) {
  return text.substr(a.start, a.end - a.start);
}

TEST(FindAmounts, ReadsEveryThousandsSeparator) {
  const std::string text =
      "40 000 euros, 14\xC2\xA0"
      "000,12 EUR, 1\xE2\x80\xAF"
      "234\xE2\x80\xAF"
      "567 €, 250.000 €, "
      "1'500 €, € 1 234,56, EUR29,99, 20 Euros, 3.5 €, 1 500,- €";
  const auto found = FindAmounts(text);
  ASSERT_EQ(found.size(), 10u);
  const double values[] = {40000, 14000.12, 1234567, 250000, 1500, 1234.56, 29.99, 20, 3.5, 1500};
  for (size_t i = 0; i < found.size(); ++i) {
    EXPECT_DOUBLE_EQ(found[i].value, values[i]) << i;
    EXPECT_EQ(found[i].currency, "EUR");
  }
  EXPECT_EQ(Span(text, found[1]),
            "14\xC2\xA0"
            "000,12 EUR");
  EXPECT_EQ(Span(text, found[5]), "€ 1 234,56");
}

TEST(FindAmounts, OffsetsSurviveMultibyteTextBefore) {
  const std::string text = "Évalué à l'époque : prix net vendeur 312 500 € (trois cent douze)";
  const auto found = FindAmounts(text);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(Span(text, found[0]), "312 500 €");
}

TEST(FindAmounts, NeverTakesPhonesSirenDatesOrReferences) {
  EXPECT_TRUE(FindAmounts("Tél. 01 23 45 67 89, SIREN 123 456 789, le 12.03.2024, "
                          "réf. 80101911/26.06.2025, n° 2024-0412")
                  .empty());
  // A reference glued to the amount's digits is not an amount.
  EXPECT_TRUE(FindAmounts("dossier 2024/12 500 €").size() <= 1);
  EXPECT_TRUE(FindAmounts("A12 €").empty());
}

TEST(FindAmounts, ReadsScaleWordsAndWordAmounts) {
  const std::string text = "un budget de 1,5 million d'euros, soit DEUX CENT MILLE EUROS";
  const auto found = FindAmounts(text);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_DOUBLE_EQ(found[0].value, 1500000);
  EXPECT_FALSE(found[0].in_words);
  EXPECT_DOUBLE_EQ(found[1].value, 200000);
  EXPECT_TRUE(found[1].in_words);
  EXPECT_EQ(FindAmounts(text, {.include_words = false}).size(), 1u);
}

TEST(ParseAmount, ReadsAFieldWithOrWithoutCurrency) {
  EXPECT_DOUBLE_EQ(ParseAmount(" 14 000,12 EUR ")->value, 14000.12);
  EXPECT_EQ(ParseAmount("250.000")->currency, "");
  EXPECT_DOUBLE_EQ(ParseAmount("250.000")->value, 250000);
  EXPECT_DOUBLE_EQ(ParseAmount("EUR 20")->value, 20);
  EXPECT_DOUBLE_EQ(ParseAmount("vingt euros")->value, 20);
  EXPECT_FALSE(ParseAmount("20 € et 30 €"));
  EXPECT_FALSE(ParseAmount("environ"));
}

TEST(ParseFrenchDecimal, ReadsFrenchNotation) {
  EXPECT_DOUBLE_EQ(*ParseFrenchDecimal("6.700,54"), 6700.54);
  EXPECT_DOUBLE_EQ(*ParseFrenchDecimal("6 700,54"), 6700.54);
  EXPECT_DOUBLE_EQ(*ParseFrenchDecimal("100.000"), 100000);
  EXPECT_DOUBLE_EQ(*ParseFrenchDecimal("-1.200.000"), -1200000);
  EXPECT_DOUBLE_EQ(*ParseFrenchDecimal("6,7"), 6.7);
  EXPECT_FALSE(ParseFrenchDecimal("12.03.2024"));
  EXPECT_FALSE(ParseFrenchDecimal("1,500"));
  EXPECT_FALSE(ParseFrenchDecimal("12 34"));
}

}  // namespace
TEST(FormatEuros, GroupsThousandsWithSpacesAndADecimalComma) {
  EXPECT_EQ(FormatEuros(250000), "250 000,00 €");
  EXPECT_EQ(FormatEuros(1234.5), "1 234,50 €");
  EXPECT_EQ(FormatEuros(445000.4, false), "445 000 €");
  EXPECT_EQ(FormatEuros(-12.3), "-12,30 €");
  EXPECT_EQ(FormatEuros(999), "999,00 €");
}

}  // namespace notaria::text
