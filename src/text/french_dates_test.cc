#include "text/french_dates.h"

#include <gtest/gtest.h>

namespace notaria::text {
namespace {

std::vector<std::string> Isos(std::string_view text, const DateOptions& o = {}) {
  std::vector<std::string> out;
  for (const auto& d : FindDates(text, o)) out.push_back(ToIso(d.date));
  return out;
}

using V = std::vector<std::string>;

TEST(FindDates, ReadsNumericForms) {
  EXPECT_EQ(Isos("12/03/2024, 12-03-2024, 12.03.24, 2024-03-12, 3/4/1999"),
            (V{"2024-03-12", "2024-03-12", "2024-03-12", "2024-03-12", "1999-04-03"}));
  EXPECT_EQ(Isos("né le 12.03.62"), V{"1962-03-12"});  // pivot 50
  EXPECT_EQ(Isos("né le 12.03.62", {.two_digit_year_pivot = 70}), V{"2062-03-12"});
}

TEST(FindDates, ReadsMonthNamesAbbreviationsAndOrdinals) {
  EXPECT_EQ(
      Isos("le 1er mars 2024, le 1 sept. 2024, 2 févr. 2016, 15 AOUT 2023, "
           "3 fevrier 2020, 31 DÉCEMBRE 1999"),
      (V{"2024-03-01", "2024-09-01", "2016-02-02", "2023-08-15", "2020-02-03", "1999-12-31"}));
}

TEST(FindDates, ReadsDatesInWords) {
  EXPECT_EQ(Isos("le douze mars deux mille vingt-quatre"), V{"2024-03-12"});
  EXPECT_EQ(Isos("L'AN DEUX MILLE VINGT-QUATRE, LE DOUZE MARS"), V{"2024-03-12"});
  EXPECT_EQ(Isos("né le premier juin mil neuf cent quatre-vingt-dix"), V{"1990-06-01"});
  EXPECT_EQ(Isos("le deux juillet deux mil vingt-deux"), V{"2022-07-02"});
  EXPECT_EQ(Isos("le vingt et un avril de l'an deux mille"), V{"2000-04-21"});
}

TEST(FindDates, LeavesAMissingYearUnknownUnlessGiven) {
  EXPECT_EQ(Isos("le 13 décembre"), V{"--12-13"});
  EXPECT_EQ(Isos("le 13 décembre", {.context_year = 2024}), V{"2024-12-13"});
}

TEST(FindDates, ValidatesTheCalendar) {
  EXPECT_TRUE(Isos("31/02/2024 et 30 février 2023 et 29/02/2023").empty());
  EXPECT_EQ(Isos("29/02/2024"), V{"2024-02-29"});
}

TEST(FindDates, NeverTakesAReferenceForADate) {
  EXPECT_EQ(Isos("réf. 80101911/26.06.2025"), V{"2025-06-26"});
  EXPECT_TRUE(Isos("n° 2024-0412").empty());
  EXPECT_TRUE(Isos("dossier 1234/2024").empty());
  EXPECT_TRUE(Isos("SIREN 123 456 789").empty());
  EXPECT_TRUE(Isos("n° 12-03-2024").empty());
  EXPECT_TRUE(Isos("1234/12/03/2024").empty());
  EXPECT_TRUE(Isos("le 552-4-1 !").empty());
}

TEST(FindDates, OffsetsPointIntoTheOriginalText) {
  const std::string text = "Fait à Créteil, l'été dernier, le 1er août 2023 à 10h.";
  const auto found = FindDates(text);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(text.substr(found[0].start, found[0].end - found[0].start), "1er août 2023");
  const std::string upper = "ARRÊT DU HUIT FÉVRIER DEUX MILLE TREIZE";
  const auto f2 = FindDates(upper);
  ASSERT_EQ(f2.size(), 1u);
  EXPECT_EQ(upper.substr(f2[0].start, f2[0].end - f2[0].start), "HUIT FÉVRIER DEUX MILLE TREIZE");
}

TEST(ParseDate, AcceptsFieldOnlyForms) {
  EXPECT_EQ(ToIso(ParseDate("17/02")->date), "--02-17");
  EXPECT_EQ(ToIso(ParseDate("20 02 2014")->date), "2014-02-20");
  EXPECT_EQ(ToIso(ParseDate("14071789")->date), "1789-07-14");
  EXPECT_EQ(ToIso(ParseDate("17890714")->date), "1789-07-14");
  EXPECT_EQ(ToIso(ParseDate("31 octobre 74")->date), "1974-10-31");
  EXPECT_EQ(ToIso(ParseDate("vendredi, décembre 5 2014.")->date), "2014-12-05");
  EXPECT_FALSE(ParseDate("deux trois"));
  EXPECT_FALSE(FindDates("17/02").size());
}

TEST(IsValidDate, KnowsLeapYears) {
  EXPECT_TRUE(IsValidDate(2000, 2, 29));
  EXPECT_FALSE(IsValidDate(1900, 2, 29));
  EXPECT_TRUE(IsValidDate(0, 2, 29));
  EXPECT_FALSE(IsValidDate(2024, 4, 31));
  EXPECT_FALSE(IsValidDate(2024, 13, 1));
}

}  // namespace
}  // namespace notaria::text
