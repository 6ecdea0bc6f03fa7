#include "analyze/id_validity.h"

#include <gtest/gtest.h>

namespace notaria::analyze {
namespace {

using mrz::Date;
using mrz::DocumentKind;

const Date kRef{2025, 6, 30};  // corpus default reference date for standalone cards

TEST(IdValidity, AdultCard2004To2013IsExtendedAndNotExpired) {
  IdValidity v = EvaluateIdValidity(
      {DocumentKind::kCniAncienne, Date{2012, 3, 15}, Date{2022, 3, 14}, Date{1970, 5, 2}}, kRef);
  EXPECT_TRUE(v.validity_extended_15y);
  EXPECT_EQ(v.effective_expiry->Iso(), "2027-03-14");
  EXPECT_EQ(v.expired, false);
}

TEST(IdValidity, MinorIn2013Keeps10YearsAndIsExpired) {
  IdValidity v = EvaluateIdValidity(
      {DocumentKind::kCniAncienne, Date{2013, 6, 1}, Date{2023, 5, 31}, Date{2000, 1, 10}}, kRef);
  EXPECT_FALSE(v.validity_extended_15y);
  EXPECT_EQ(v.effective_expiry->Iso(), "2023-05-31");
  EXPECT_EQ(v.expired, true);
}

TEST(IdValidity, WindowBoundaries) {
  Date birth{1960, 1, 1};
  EXPECT_FALSE(
      EvaluateIdValidity({DocumentKind::kCniAncienne, Date{2004, 1, 1}, std::nullopt, birth}, kRef)
          .validity_extended_15y);
  EXPECT_TRUE(
      EvaluateIdValidity({DocumentKind::kCniAncienne, Date{2004, 1, 2}, std::nullopt, birth}, kRef)
          .validity_extended_15y);
  EXPECT_TRUE(EvaluateIdValidity(
                  {DocumentKind::kCniAncienne, Date{2013, 12, 31}, std::nullopt, birth}, kRef)
                  .validity_extended_15y);
  EXPECT_FALSE(
      EvaluateIdValidity({DocumentKind::kCniAncienne, Date{2014, 1, 1}, std::nullopt, birth}, kRef)
          .validity_extended_15y);
}

TEST(IdValidity, EighteenthBirthdayOnIssueDayCountsAsAdult) {
  IdValidity v = EvaluateIdValidity(
      {DocumentKind::kCniAncienne, Date{2010, 4, 5}, Date{2020, 4, 4}, Date{1992, 4, 5}}, kRef);
  EXPECT_TRUE(v.validity_extended_15y);
}

TEST(IdValidity, Cards2014To2021PrintFifteenYears) {
  IdValidity v = EvaluateIdValidity(
      {DocumentKind::kCniAncienne, Date{2016, 9, 1}, std::nullopt, Date{1980, 1, 1}}, kRef);
  EXPECT_FALSE(v.validity_extended_15y);
  EXPECT_EQ(v.effective_expiry->Iso(), "2031-08-31");
  EXPECT_EQ(v.expired, false);
}

TEST(IdValidity, Cni2021AndPassportUsePrintedDate) {
  IdValidity cni = EvaluateIdValidity(
      {DocumentKind::kCni2021, Date{2020, 2, 12}, Date{2030, 2, 11}, Date{1990, 7, 13}}, kRef);
  EXPECT_EQ(cni.effective_expiry->Iso(), "2030-02-11");
  EXPECT_EQ(cni.expired, false);
  IdValidity pass = EvaluateIdValidity(
      {DocumentKind::kPasseport, std::nullopt, Date{2018, 6, 5}, Date{1960, 4, 10}}, kRef);
  EXPECT_EQ(pass.expired, true);
  EXPECT_FALSE(pass.validity_extended_15y);
}

TEST(IdValidity, UnknownAgeInWindowDecidesOnlyWhenBothReadingsAgree) {
  // Printed 2021: expired either way at 2027.
  IdValidity a = EvaluateIdValidity(
      {DocumentKind::kCniAncienne, Date{2011, 1, 1}, Date{2020, 12, 31}, std::nullopt},
      Date{2027, 1, 1});
  EXPECT_EQ(a.expired, true);
  // At 2025 the adult reading is valid, the minor one expired: undecided.
  IdValidity b = EvaluateIdValidity(
      {DocumentKind::kCniAncienne, Date{2011, 1, 1}, Date{2020, 12, 31}, std::nullopt}, kRef);
  EXPECT_FALSE(b.expired.has_value());
}

TEST(IdValidity, DateArithmetic) {
  EXPECT_EQ(AddYears(Date{2012, 2, 29}, 5).Iso(), "2017-02-28");
  EXPECT_EQ(AddDays(Date{2024, 3, 1}, -1).Iso(), "2024-02-29");
  EXPECT_EQ(AddDays(Date{2024, 12, 31}, 1).Iso(), "2025-01-01");
}

TEST(IdValidity, FromMrzOfOldCni) {
  // The old CNI MRZ carries the issue month only; with the printed expiry from the verso.
  auto m = mrz::Parse(
      {"IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<", "0809923102853CORINNE<<<<<<<6512068F6"}, kRef);
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->valid);
  EXPECT_EQ(m->issue_month, "2008-09");
}

}  // namespace
}  // namespace notaria::analyze
