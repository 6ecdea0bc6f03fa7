#include "text/french_dates.h"

#include <array>
#include <cstdio>

#include "text/french_numbers.h"
#include "text/french_tokens.h"

namespace notaria::text {
namespace {

using Tokens = std::vector<Token>;

std::string_view W(const Tokens& t, size_t i) {
  if (i >= t.size() || t[i].kind != TokenKind::kWord) return {};
  return t[i].folded;
}

bool IsDigits(const Tokens& t, size_t i) { return i < t.size() && t[i].kind == TokenKind::kDigits; }

int DigitsValue(const Tokens& t, size_t i) {
  return t[i].folded.size() > 9 ? -1 : std::stoi(t[i].folded);
}

// 1..12 for a month name or its usual abbreviation, 0 otherwise. "jui" (juin or juillet?)
// and "mar" (mars or mardi?) are ambiguous and not read.
int Month(std::string_view w) {
  struct Name {
    std::string_view name;
    int month;
  };
  static constexpr std::array<Name, 23> kNames = {{
      {"janvier", 1}, {"janv", 1},      {"jan", 1},      {"fevrier", 2}, {"fevr", 2},
      {"fev", 2},     {"mars", 3},      {"avril", 4},    {"avr", 4},     {"mai", 5},
      {"juin", 6},    {"juillet", 7},   {"juil", 7},     {"aout", 8},    {"septembre", 9},
      {"sept", 9},    {"sep", 9},       {"octobre", 10}, {"oct", 10},    {"novembre", 11},
      {"nov", 11},    {"decembre", 12}, {"dec", 12},
  }};
  for (const auto& n : kNames) {
    if (w == n.name) return n.month;
  }
  return 0;
}

bool IsAbbreviation(std::string_view w) {
  return w == "janv" || w == "jan" || w == "fevr" || w == "fev" || w == "avr" || w == "juil" ||
         w == "sept" || w == "sep" || w == "oct" || w == "nov" || w == "dec";
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int ExpandYear(int yy, size_t digits, const DateOptions& o) {
  if (digits != 2) return yy;
  return yy < o.two_digit_year_pivot ? 2000 + yy : 1900 + yy;
}

struct Found {
  size_t first;  // token range [first, next)
  size_t next;
  size_t end_byte;
  FrenchDate date;
};

struct Reader {
  const Tokens& t;
  const DateOptions& o;
  bool field;  // ParseDate: accept the forms too ambiguous for running text

  // Day of month at i: "12", "1er", "premier", "douze", "vingt et un".
  std::optional<std::pair<int, size_t>> Day(size_t i) const {
    if (IsDigits(t, i) && t[i].folded.size() <= 2) {
      const int d = DigitsValue(t, i);
      if (d < 1 || d > 31) return std::nullopt;
      size_t next = i + 1;
      const std::string_view suffix = W(t, next);
      if (Adjacent(t, next) &&
          (suffix == "er" || suffix == "re" || suffix == "ere" || suffix == "e")) {
        ++next;
      }
      return std::make_pair(d, next);
    }
    const std::string_view w = W(t, i);
    if (w == "premier" || w == "premiere") return std::make_pair(1, i + 1);
    if (auto n = ReadIntegerTokens(t, i);
        n && n->value >= 1 && n->value <= 31 && n->leading_zeros == 0) {
      return std::make_pair(static_cast<int>(n->value), n->next);
    }
    return std::nullopt;
  }

  // Year at i: four digits, or words ("deux mille vingt-quatre", "mil neuf cent ..."),
  // possibly after "de l'an". Returns year and next token.
  std::optional<std::pair<int, size_t>> Year(size_t i, bool allow_two_digits) const {
    if (W(t, i) == "de" && W(t, i + 1) == "l" && W(t, i + 3) == "an")
      i += 4;
    else if (W(t, i) == "l" && W(t, i + 2) == "an")
      i += 3;
    if (IsDigits(t, i)) {
      const size_t len = t[i].folded.size();
      if (len == 4 || (len == 2 && allow_two_digits)) {
        // "mars 2024/55", "mars 20245": part of a reference.
        if (Adjacent(t, i + 1) &&
            (IsSymbol(t, i + 1, "/") || IsSymbol(t, i + 1, "-") || IsSymbol(t, i + 1, ".")) &&
            IsDigits(t, i + 2) && Adjacent(t, i + 2)) {
          return std::nullopt;
        }
        return std::make_pair(ExpandYear(DigitsValue(t, i), len, o), i + 1);
      }
      return std::nullopt;
    }
    if (auto n = ReadIntegerTokens(t, i); n && n->value >= 1000 && n->value <= 2999) {
      return std::make_pair(static_cast<int>(n->value), n->next);
    }
    return std::nullopt;
  }

  std::optional<Found> Make(size_t first, size_t next, size_t end_byte, int y, int m, int d) const {
    if (y == 0) y = o.context_year;
    if (!IsValidDate(y, m, d)) {
      if (y != 0 && IsValidDate(0, m, d) && y == o.context_year)
        y = 0;
      else
        return std::nullopt;
    }
    return Found{first, next, end_byte, {y, m, d}};
  }

  // "12 mars 2024", "1er sept. 2024", "douze mars deux mille vingt-quatre", "13 décembre".
  std::optional<Found> DayMonthYear(size_t i) const {
    auto day = Day(i);
    if (!day) return std::nullopt;
    size_t j = day->second;
    if (W(t, j) == "du" && W(t, j + 1) == "mois" && W(t, j + 2) == "de") j += 3;
    const int month = Month(W(t, j));
    if (month == 0) return std::nullopt;
    size_t month_end = j + 1;
    size_t k = month_end;
    if (IsAbbreviation(W(t, j)) && IsSymbol(t, k, ".") && Adjacent(t, k)) ++k;
    size_t y_at = k;
    if (IsSymbol(t, y_at, ",") && IsDigits(t, y_at + 1)) ++y_at;
    if (auto year = Year(y_at, field)) {
      return Make(i, year->second, t[year->second - 1].end, year->first, month, day->first);
    }
    return Make(i, month_end, t[month_end - 1].end, 0, month, day->first);
  }

  // "L'AN DEUX MILLE VINGT-QUATRE, LE DOUZE MARS"
  std::optional<Found> YearFirst(size_t i) const {
    if (!(W(t, i) == "l" && IsSymbol(t, i + 1, "'") && W(t, i + 2) == "an")) return std::nullopt;
    auto year = Year(i + 3, false);
    if (!year) return std::nullopt;
    size_t j = year->second;
    if (IsSymbol(t, j, ",")) ++j;
    if (W(t, j) == "le") ++j;
    auto day = Day(j);
    if (!day) return std::nullopt;
    size_t k = day->second;
    if (W(t, k) == "du" && W(t, k + 1) == "mois" && W(t, k + 2) == "de") k += 3;
    const int month = Month(W(t, k));
    if (month == 0) return std::nullopt;
    return Make(i, k + 1, t[k].end, year->first, month, day->first);
  }

  // "décembre 5 2014", "fév 15, 2013": month first, only with a four-digit year.
  std::optional<Found> MonthFirst(size_t i) const {
    const int month = Month(W(t, i));
    if (month == 0) return std::nullopt;
    size_t j = i + 1;
    if (IsSymbol(t, j, ".") && Adjacent(t, j)) ++j;
    if (!IsDigits(t, j) || t[j].folded.size() > 2) return std::nullopt;
    const int d = DigitsValue(t, j);
    size_t k = j + 1;
    if (IsSymbol(t, k, ",")) ++k;
    if (!IsDigits(t, k) || t[k].folded.size() != 4 || (Adjacent(t, k + 1) && IsDigits(t, k + 2))) {
      return std::nullopt;
    }
    return Make(i, k + 1, t[k].end, DigitsValue(t, k), month, d);
  }

  // A reference marker right before a numeric form: "n° 12-03-2024", "réf. 12/03/24".
  bool AfterReferenceMarker(size_t i) const {
    for (size_t back = 1; back <= 3 && back <= i; ++back) {
      const Token& p = t[i - back];
      if (p.kind == TokenKind::kSymbol) {
        if (p.folded == "°" || p.folded == "º" || p.folded == "." || p.folded == ":" ||
            p.folded == "#") {
          continue;
        }
        return false;
      }
      if (p.kind != TokenKind::kWord) return false;
      const std::string_view w = p.folded;
      return w == "n" || w == "no" || w == "ref" || w == "reference" || w == "numero" ||
             w == "num" || w == "nos";
    }
    return false;
  }

  // Digits glued before the numeric form: "A12/03/2024", "5-12-03-2024", "1234/12/03/2024".
  bool GluedBefore(size_t i, std::string_view sep) const {
    if (i == 0 || !Adjacent(t, i)) return false;
    const Token& p = t[i - 1];
    if (p.kind != TokenKind::kSymbol) return true;
    const bool digit_before = i >= 2 && IsDigits(t, i - 2) && Adjacent(t, i - 1);
    return digit_before && p.folded == sep;
  }

  bool GluedAfter(size_t n) const {
    if (n >= t.size() || !Adjacent(t, n)) return false;
    const Token& a = t[n];
    if (a.kind == TokenKind::kWord) {
      // "2015-05-02T10:20:19": an ISO date-time; "12/03/2024à" is a typing slip.
      return !((a.folded == "t" && IsDigits(t, n + 1)) || a.folded == "a");
    }
    if (a.kind == TokenKind::kSymbol &&
        (a.folded == "/" || a.folded == "-" || a.folded == "." || a.folded == ",")) {
      return IsDigits(t, n + 1) && Adjacent(t, n + 1);
    }
    return a.kind == TokenKind::kDigits;
  }

  std::optional<Found> Numeric(size_t i) const {
    if (!IsDigits(t, i) ||
        !(IsSymbol(t, i + 1, "/") || IsSymbol(t, i + 1, "-") || IsSymbol(t, i + 1, "."))) {
      return std::nullopt;
    }
    const std::string sep = t[i + 1].folded;
    const bool loose = sep == "/";  // "12 / 01/2016" is seen in typed decisions
    auto joined = [&](size_t k) { return loose || Adjacent(t, k); };
    if (!IsDigits(t, i + 2) || !joined(i + 1) || !joined(i + 2)) return std::nullopt;
    if (GluedBefore(i, sep) || AfterReferenceMarker(i)) return std::nullopt;
    const size_t l1 = t[i].folded.size(), l2 = t[i + 2].folded.size();
    const bool three =
        IsSymbol(t, i + 3, sep) && IsDigits(t, i + 4) && joined(i + 3) && joined(i + 4);
    if (!three) {
      // Day and month only: fields alone ("17/02", "le 2/3").
      if (!field || sep == "-" || l1 > 2 || l2 > 2 || GluedAfter(i + 3)) return std::nullopt;
      return Make(i, i + 3, t[i + 2].end, 0, DigitsValue(t, i + 2), DigitsValue(t, i));
    }
    if (GluedAfter(i + 5)) return std::nullopt;
    const size_t l3 = t[i + 4].folded.size();
    const int a = DigitsValue(t, i), b = DigitsValue(t, i + 2), c = DigitsValue(t, i + 4);
    if (l1 == 4 && l2 <= 2 && l3 <= 2) {
      if (IsValidDate(a, b, c)) return Make(i, i + 5, t[i + 4].end, a, b, c);
      // Year, day, month: no reading of these digits other than the swapped one is a date.
      if (b > 12) return Make(i, i + 5, t[i + 4].end, a, c, b);
      return std::nullopt;
    }
    if (l1 <= 2 && l2 <= 2 && (l3 == 4 || l3 == 2)) {
      return Make(i, i + 5, t[i + 4].end, ExpandYear(c, l3, o), b, a);
    }
    return std::nullopt;
  }

  // Field-only forms: "20 02 2014", "17 2", "14071789", "17890714".
  std::optional<Found> FieldDigits(size_t i) const {
    if (!IsDigits(t, i)) return std::nullopt;
    const std::string& s = t[i].folded;
    if (s.size() == 8 && !Adjacent(t, i + 1)) {
      const int p1 = std::stoi(s.substr(0, 2)), p2 = std::stoi(s.substr(2, 2));
      const int p4 = std::stoi(s.substr(4, 4));
      const int y4 = std::stoi(s.substr(0, 4)), q1 = std::stoi(s.substr(4, 2)),
                q2 = std::stoi(s.substr(6, 2));
      if (IsValidDate(p4, p2, p1)) return Make(i, i + 1, t[i].end, p4, p2, p1);
      if (IsValidDate(y4, q1, q2)) return Make(i, i + 1, t[i].end, y4, q1, q2);
      if (IsValidDate(y4, q2, q1)) return Make(i, i + 1, t[i].end, y4, q2, q1);
      return std::nullopt;
    }
    if (s.size() > 2 || !IsDigits(t, i + 1) || t[i + 1].folded.size() > 2 || Adjacent(t, i + 1)) {
      return std::nullopt;
    }
    const int d = DigitsValue(t, i), m = DigitsValue(t, i + 1);
    if (IsDigits(t, i + 2) && !Adjacent(t, i + 2)) {
      const size_t l3 = t[i + 2].folded.size();
      if (l3 != 2 && l3 != 4) return std::nullopt;
      return Make(i, i + 3, t[i + 2].end, ExpandYear(DigitsValue(t, i + 2), l3, o), m, d);
    }
    return Make(i, i + 2, t[i + 1].end, 0, m, d);
  }

  std::optional<Found> At(size_t i) const {
    if (auto f = YearFirst(i)) return f;
    if (auto f = Numeric(i)) return f;
    if (auto f = DayMonthYear(i)) return f;
    if (auto f = MonthFirst(i)) return f;
    return std::nullopt;
  }
};

std::vector<Found> Scan(const Tokens& t, const DateOptions& o, bool field) {
  const Reader r{t, o, field};
  std::vector<Found> out;
  size_t i = 0;
  while (i < t.size()) {
    if (auto f = r.At(i)) {
      out.push_back(*f);
      i = f->next;
      continue;
    }
    ++i;
  }
  return out;
}

}  // namespace

bool IsValidDate(int year, int month, int day) {
  if (month < 1 || month > 12 || day < 1 || year < 0 || year > 9999) return false;
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int max = kDays[month - 1];
  if (month == 2 && (year == 0 || IsLeap(year))) max = 29;
  return day <= max;
}

std::string ToIso(const FrenchDate& d) {
  char buf[32];
  if (d.year == 0) {
    std::snprintf(buf, sizeof buf, "--%02d-%02d", d.month, d.day);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  }
  return buf;
}

std::vector<DateSpan> FindDates(std::string_view text, const DateOptions& options) {
  const Tokens t = TokenizeFrench(text);
  std::vector<DateSpan> out;
  for (const auto& f : Scan(t, options, false)) {
    out.push_back({t[f.first].start, f.end_byte, f.date});
  }
  return out;
}

std::optional<DateSpan> ParseDate(std::string_view field, const DateOptions& options) {
  const Tokens t = TokenizeFrench(field);
  const auto found = Scan(t, options, true);
  if (!found.empty()) return DateSpan{t[found[0].first].start, found[0].end_byte, found[0].date};
  const Reader r{t, options, true};
  for (size_t i = 0; i < t.size(); ++i) {
    if (auto f = r.FieldDigits(i)) return DateSpan{t[f->first].start, f->end_byte, f->date};
  }
  return std::nullopt;
}

}  // namespace notaria::text
