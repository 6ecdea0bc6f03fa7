// Dates as French deeds, forms and letters write them.
//
// Read: 12/03/2024, 12-03-2024, 12.03.24, 2024-03-12 (year first is always ISO order, even in
// a day-first document), "12 mars 2024", "1er mars 2024", "1 sept. 2024", "févr.", months in
// capitals or without accents ("fevrier", "aout"), days and years in words ("le douze mars
// deux mille vingt-quatre", "deux juillet deux mil vingt-deux", "premier",
// "mil neuf cent quatre-vingt-dix"), the deed opening "L'AN DEUX MILLE VINGT-QUATRE, LE DOUZE
// MARS", and the month-first order "décembre 5, 2014". Only real calendar dates are returned
// (no 31/02, 29/02 only in leap years).
//
// Two-digit years: yy < pivot (50 by default) is 20yy, otherwise 19yy.
//
// A reference number is never read as a date: a numeric date glued to other digits by the
// same separator ("1234/12/03/2024"), glued to letters, preceded by "n°", "réf." or "numéro",
// or with fewer than three parts ("1234/2024", "n° 2024-0412") is skipped. In
// "80101911/26.06.2025" the date 26.06.2025 is found, nothing built from 80101911.
//
// A date without a year ("13 décembre") has year 0 (unknown) unless the caller gives a
// context year; it is never guessed from a clock. Offsets are bytes of the original text and
// a span starts at the day (or at "L'an"), never at "le" or the weekday. Pure, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace notaria::text {

struct FrenchDate {
  int year = 0;  // 0: not written (and no context year given)
  int month = 0;
  int day = 0;
  friend bool operator==(const FrenchDate&, const FrenchDate&) = default;
};

// "2024-03-12", or "--03-12" (ISO 8601 without year) when the year is unknown.
std::string ToIso(const FrenchDate& date);

// Gregorian validity; year 0 (unknown) accepts 29 February.
bool IsValidDate(int year, int month, int day);

struct DateOptions {
  int context_year = 0;  // year given to dates written without one; 0: leave unknown
  int two_digit_year_pivot = 50;
};

struct DateSpan {
  size_t start = 0;  // byte offsets into the original text
  size_t end = 0;
  FrenchDate date;
};

// Every date of running text, in order.
std::vector<DateSpan> FindDates(std::string_view text, const DateOptions& options = {});

// The first date of a short field (a form box, a table cell, "Date : ..."). Besides what
// FindDates reads, a field may hold forms too ambiguous for running text: day and month only
// ("17/02", "le 2/3"), space-separated figures ("20 02 2014", "17 2"), eight digits
// ("14071789", "17890714"), and a two-digit year after a month name ("31 octobre 74").
std::optional<DateSpan> ParseDate(std::string_view field, const DateOptions& options = {});

}  // namespace notaria::text
