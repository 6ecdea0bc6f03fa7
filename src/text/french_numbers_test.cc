#include "text/french_numbers.h"

#include <gtest/gtest.h>

namespace notaria::text {
namespace {

TEST(ParseFrenchInteger, ReadsTheGrammarOfCardinals) {
  EXPECT_EQ(ParseFrenchInteger("vingt et un"), 21);
  EXPECT_EQ(ParseFrenchInteger("vingt-et-un"), 21);
  EXPECT_EQ(ParseFrenchInteger("quatre-vingts"), 80);
  EXPECT_EQ(ParseFrenchInteger("quatre-vingt-dix-sept"), 97);
  EXPECT_EQ(ParseFrenchInteger("soixante et onze"), 71);
  EXPECT_EQ(ParseFrenchInteger("deux cents"), 200);
  EXPECT_EQ(ParseFrenchInteger("deux cent cinquante mille"), 250000);
  EXPECT_EQ(ParseFrenchInteger("un million deux cent mille"), 1200000);
  EXPECT_EQ(ParseFrenchInteger("trois milliards quatre-vingts millions"), 3080000000);
  EXPECT_EQ(ParseFrenchInteger("mil neuf cent quatre-vingt-dix"), 1990);
  EXPECT_EQ(ParseFrenchInteger("dix-neuf cent soixante-treize"), 1973);
  EXPECT_EQ(ParseFrenchInteger("septante-cinq"), 75);
  EXPECT_EQ(ParseFrenchInteger("huitante"), 80);
  EXPECT_EQ(ParseFrenchInteger("octante et un"), 81);
  EXPECT_EQ(ParseFrenchInteger("nonante-neuf"), 99);
}

TEST(ParseFrenchInteger, IsTolerantToCaseAccentsSpacesAndLineBreaks) {
  EXPECT_EQ(ParseFrenchInteger("DEUX CENT CINQUANTE MILLE"), 250000);
  EXPECT_EQ(ParseFrenchInteger("  quatre -  vingt\n dix  "), 90);
  EXPECT_EQ(ParseFrenchInteger("quatre-vingt-\ndix-sept"), 97);
  EXPECT_EQ(ParseFrenchInteger("ZÉRO"), 0);
  EXPECT_EQ(ParseFrenchInteger("sept cents vingt-neuf"), 729);  // wrong plural still read
}

TEST(ParseFrenchInteger, RejectsWhatIsNotOneNumber) {
  EXPECT_FALSE(ParseFrenchInteger("vingt un"));
  EXPECT_FALSE(ParseFrenchInteger("quarante douze"));
  EXPECT_FALSE(ParseFrenchInteger("mille un cent"));
  EXPECT_FALSE(ParseFrenchInteger("mille mille"));
  EXPECT_FALSE(ParseFrenchInteger("cinq zéro"));
  EXPECT_FALSE(ParseFrenchInteger("soixante et"));
  EXPECT_FALSE(ParseFrenchInteger("million"));
  EXPECT_FALSE(ParseFrenchInteger("maison"));
  EXPECT_FALSE(ParseFrenchInteger(""));
}

TEST(ParseFrenchNumber, ReadsVirguleDecimals) {
  EXPECT_DOUBLE_EQ(*ParseFrenchNumber("douze virgule quatre-vingt-dix-neuf"), 12.99);
  EXPECT_DOUBLE_EQ(*ParseFrenchNumber("cent vingt virgule zéro cinq"), 120.05);
  EXPECT_DOUBLE_EQ(*ParseFrenchNumber("dix-sept virgule quatre deux"), 17.42);
  EXPECT_DOUBLE_EQ(*ParseFrenchNumber("zéro virgule cinq"), 0.5);
  EXPECT_FALSE(ParseFrenchNumber("virgule cinq"));
}

TEST(FrenchIntegerToWords, WritesTheTraditionalSpelling) {
  EXPECT_EQ(FrenchIntegerToWords(0), "zéro");
  EXPECT_EQ(FrenchIntegerToWords(21), "vingt et un");
  EXPECT_EQ(FrenchIntegerToWords(71), "soixante et onze");
  EXPECT_EQ(FrenchIntegerToWords(80), "quatre-vingts");
  EXPECT_EQ(FrenchIntegerToWords(81), "quatre-vingt-un");
  EXPECT_EQ(FrenchIntegerToWords(200), "deux cents");
  EXPECT_EQ(FrenchIntegerToWords(280000), "deux cent quatre-vingt mille");
  EXPECT_EQ(FrenchIntegerToWords(1000), "mille");
  EXPECT_EQ(FrenchIntegerToWords(80000000), "quatre-vingts millions");
  EXPECT_EQ(FrenchIntegerToWords(2000000001), "deux milliards un");
  EXPECT_EQ(FrenchIntegerToWords(-5), "moins cinq");
  EXPECT_EQ(FrenchIntegerToWords(kMaxFrenchNumber + 1), "");
}

TEST(FrenchIntegerToWords, Writes1990SpellingWithHyphens) {
  EXPECT_EQ(FrenchIntegerToWords(221, FrenchSpelling::kRectified1990), "deux-cent-vingt-et-un");
  EXPECT_EQ(FrenchIntegerToWords(2300, FrenchSpelling::kRectified1990), "deux-mille-trois-cents");
  EXPECT_EQ(FrenchIntegerToWords(3000200, FrenchSpelling::kRectified1990),
            "trois millions deux-cents");
}

TEST(FrenchIntegerToWords, RoundTripsThroughTheReader) {
  for (int64_t n : std::initializer_list<int64_t>{1, 17, 61, 70, 91, 99, 101, 180, 999, 1001, 21000,
                                                  99999, 1000000, 123456789, 999999999999}) {
    EXPECT_EQ(ParseFrenchInteger(FrenchIntegerToWords(n)), n) << n;
    EXPECT_EQ(ParseFrenchInteger(FrenchIntegerToWords(n, FrenchSpelling::kRectified1990)), n) << n;
  }
}

TEST(FindNumberWords, GivesByteOffsetsIntoTheOriginalText) {
  const std::string text =
      "Réglé à l'été : la somme de DEUX CENT CINQUANTE MILLE EUROS (250 000,00 €)";
  const auto spans = FindNumberWords(text);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(text.substr(spans[0].start, spans[0].end - spans[0].start),
            "DEUX CENT CINQUANTE MILLE");
  EXPECT_DOUBLE_EQ(spans[0].value, 250000);
}

TEST(FindNumberWords, SkipsArticlesPronounsAndTheAdjectiveNeuf) {
  EXPECT_TRUE(FindNumberWords("un appartement neuf, l'un des lots").empty());
  const auto list = FindNumberWords("lots un, deux, trois");
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].digits, "1");
  EXPECT_EQ(ReplaceNumberWords("le neuf février"), "le 9 février");
  EXPECT_EQ(ReplaceNumberWords("vingt et unième"), "vingt et unième");
}

TEST(AmountWords, ReadsEurosAndCentimes) {
  auto a = ParseFrenchAmountWords("vingt et un euros et vingt-neuf centimes");
  ASSERT_TRUE(a);
  EXPECT_DOUBLE_EQ(a->value, 21.29);
  EXPECT_EQ(a->currency, "EUR");
  EXPECT_DOUBLE_EQ(ParseFrenchAmountWords("cent euros cinquante")->value, 100.50);
  EXPECT_DOUBLE_EQ(ParseFrenchAmountWords("deux millions d'euros")->value, 2000000);
  EXPECT_EQ(ParseFrenchAmountWords("un franc et zéro centimes")->currency, "FRF");
  EXPECT_FALSE(ParseFrenchAmountWords("vingt maisons"));

  const std::string text = "Prix : QUATRE CENT MILLE EUROS (400 000 €) payé comptant.";
  const auto found = FindAmountWords(text);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(text.substr(found[0].start, found[0].end - found[0].start), "QUATRE CENT MILLE EUROS");
  EXPECT_DOUBLE_EQ(found[0].value, 400000);
}

}  // namespace
}  // namespace notaria::text
