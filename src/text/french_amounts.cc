#include "text/french_amounts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "text/french_numbers.h"

namespace notaria::text {
namespace {

bool Digit(std::string_view s, size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; }

bool AsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Letter of any script: ASCII letters and the lead/continuation bytes of non-ASCII UTF-8
// (accented letters in French text; the rare non-letter symbol is harmless here).
bool LetterAt(std::string_view s, size_t i) {
  if (i >= s.size()) return false;
  const unsigned char c = static_cast<unsigned char>(s[i]);
  return AsciiLetter(s[i]) || (c >= 0xC3 && c < 0xE2);
}

// Length of the group separator at i (0 if none). NBSP, narrow NBSP, thin space and the
// typographic apostrophe are multibyte.
size_t SeparatorAt(std::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  if (s[i] == ' ' || s[i] == '.' || s[i] == '\'') return 1;
  if (s.substr(i, 2) == "\xC2\xA0") return 2;
  if (s.substr(i, 3) == "\xE2\x80\xAF" || s.substr(i, 3) == "\xE2\x80\x89" ||
      s.substr(i, 3) == "\xE2\x80\x99") {
    return 3;
  }
  return 0;
}

// Spaces allowed between a number and its currency (not a line break).
size_t SkipSpaces(std::string_view s, size_t i) {
  while (i < s.size()) {
    const size_t n = SeparatorAt(s, i);
    if (n == 0 || s[i] == '.' || s[i] == '\'' || s.substr(i, 3) == "\xE2\x80\x99") break;
    i += n;
  }
  return i;
}

struct NumberRead {
  double value;
  size_t end;
};

// The number starting at the digit s[p].
std::optional<NumberRead> ReadNumber(std::string_view s, size_t p) {
  size_t i = p;
  while (Digit(s, i)) ++i;
  const size_t first_len = i - p;
  std::string digits(s.substr(p, first_len));
  std::string sep;
  if (first_len <= 3) {
    while (true) {
      const size_t n = SeparatorAt(s, i);
      if (n == 0) break;
      const std::string_view this_sep = s.substr(i, n);
      if (!sep.empty() && this_sep != sep) break;
      const size_t g = i + n;
      if (!(Digit(s, g) && Digit(s, g + 1) && Digit(s, g + 2) && !Digit(s, g + 3))) break;
      sep = std::string(this_sep);
      digits.append(s.substr(g, 3));
      i = g + 3;
    }
  }
  std::string frac;
  if (i < s.size() && s[i] == ',') {
    if (Digit(s, i + 1) && !Digit(s, i + 2)) {
      frac = s.substr(i + 1, 1);
      i += 2;
    } else if (Digit(s, i + 1) && Digit(s, i + 2) && !Digit(s, i + 3)) {
      frac = s.substr(i + 1, 2);
      i += 3;
    } else if (Digit(s, i + 1)) {
      return std::nullopt;  // ",500": neither cents nor French grouping
    } else if (s.substr(i, 2) == ",-") {
      i += s.substr(i, 3) == ",--" ? 3 : 2;
    }
  } else if (i < s.size() && s[i] == '.' && sep != "." && Digit(s, i + 1)) {
    if (!Digit(s, i + 2)) {
      frac = s.substr(i + 1, 1);
      i += 2;
    } else if (!Digit(s, i + 3)) {
      frac = s.substr(i + 1, 2);
      i += 3;
    } else {
      return std::nullopt;  // "1234.567": ambiguous
    }
  }
  if (Digit(s, i)) return std::nullopt;
  // "12.03.2024", "1.2.3": a dotted number that is not a clean amount.
  if (i + 1 < s.size() && (s[i] == '.' || s[i] == '/' || s[i] == '-') && Digit(s, i + 1)) {
    return std::nullopt;
  }
  double value = std::stod(digits);
  if (!frac.empty()) value += std::stod(frac) / std::pow(10.0, static_cast<double>(frac.size()));
  return NumberRead{value, i};
}

bool StartsWithNoCase(std::string_view s, size_t i, std::string_view word) {
  if (i + word.size() > s.size()) return false;
  for (size_t k = 0; k < word.size(); ++k) {
    char c = s[i + k];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != word[k]) return false;
  }
  return true;
}

struct CurrencyRead {
  std::string code;
  size_t end;
};

// A currency written at i ("€", "EUR", "euros", "francs", "d'euros").
std::optional<CurrencyRead> CurrencyAt(std::string_view s, size_t i) {
  if (s.substr(i, 3) == "\xE2\x82\xAC") return CurrencyRead{"EUR", i + 3};
  size_t j = i;
  if (StartsWithNoCase(s, j, "d'"))
    j += 2;
  else if (StartsWithNoCase(s, j, "d\xE2\x80\x99"))
    j += 4;
  static constexpr std::pair<std::string_view, std::string_view> kWords[] = {
      {"euros", "EUR"}, {"euro", "EUR"}, {"eur", "EUR"}, {"francs", "FRF"}, {"frf", "FRF"}};
  for (const auto& [word, code] : kWords) {
    if (StartsWithNoCase(s, j, word) && !LetterAt(s, j + word.size())) {
      if (j != i && code == "FRF" && word == "frf") continue;
      return CurrencyRead{std::string(code), j + word.size()};
    }
  }
  return std::nullopt;
}

// A currency ending right before `p` (spaces allowed): "€ 1 234", "EUR29,99".
std::optional<size_t> CurrencyBefore(std::string_view s, size_t p) {
  size_t e = p;
  while (e > 0) {
    if (s[e - 1] == ' ') {
      --e;
    } else if (e >= 2 && s.substr(e - 2, 2) == "\xC2\xA0") {
      e -= 2;
    } else if (e >= 3 &&
               (s.substr(e - 3, 3) == "\xE2\x80\xAF" || s.substr(e - 3, 3) == "\xE2\x80\x89")) {
      e -= 3;
    } else {
      break;
    }
  }
  if (e >= 3 && s.substr(e - 3, 3) == "\xE2\x82\xAC") return e - 3;
  for (std::string_view word : {std::string_view("euros"), std::string_view("eur")}) {
    if (e >= word.size() && StartsWithNoCase(s, e - word.size(), word)) {
      const size_t b = e - word.size();
      if (b == 0 || !LetterAt(s, b - 1)) return b;
    }
  }
  return std::nullopt;
}

// Scale words after digits: "1,5 million d'euros".
double ScaleAfter(std::string_view s, size_t* i) {
  const size_t j = SkipSpaces(s, *i);
  if (j == *i) return 1;
  static constexpr std::pair<std::string_view, double> kScales[] = {
      {"milliards", 1e9}, {"milliard", 1e9}, {"millions", 1e6}, {"million", 1e6}};
  for (const auto& [word, factor] : kScales) {
    if (StartsWithNoCase(s, j, word) && !LetterAt(s, j + word.size())) {
      *i = j + word.size();
      return factor;
    }
  }
  return 1;
}

// True when the digit at p continues something that is not an amount: "A12", "3.12",
// "80101911/26".
bool GluedBefore(std::string_view s, size_t p) {
  if (p == 0) return false;
  const char b = s[p - 1];
  if ((b >= '0' && b <= '9') || LetterAt(s, p - 1)) {
    // "EUR29,99": glued to its currency is fine.
    return !(p >= 3 && StartsWithNoCase(s, p - 3, "eur"));
  }
  if ((b == '.' || b == ',' || b == '/' || b == '-') && p >= 2 && Digit(s, p - 2)) return true;
  if ((b & 0x80) != 0) {
    // A multibyte letter right before ("é12").
    size_t k = p - 1;
    while (k > 0 && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
    const unsigned char lead = static_cast<unsigned char>(s[k]);
    if (lead >= 0xC3 && lead < 0xE2) return true;
  }
  return false;
}

double RoundCents(double v) { return std::round(v * 100.0) / 100.0; }

std::vector<Amount> FindDigitAmounts(std::string_view s, bool require_currency) {
  std::vector<Amount> out;
  size_t p = 0;
  while (p < s.size()) {
    if (!Digit(s, p) || GluedBefore(s, p)) {
      ++p;
      continue;
    }
    auto n = ReadNumber(s, p);
    if (!n) {
      while (Digit(s, p)) ++p;
      continue;
    }
    size_t end = n->end;
    const double factor = ScaleAfter(s, &end);
    Amount a{p, end, RoundCents(n->value * factor), "", false};
    const size_t c = SkipSpaces(s, end);
    if (auto cur = CurrencyAt(s, c)) {
      a.currency = cur->code;
      a.end = cur->end;
    } else if (factor == 1) {
      if (auto b = CurrencyBefore(s, p)) {
        a.currency = "EUR";
        a.start = *b;
      }
    }
    if (factor != 1 && a.currency.empty()) a.end = n->end, a.value = RoundCents(n->value);
    if (!require_currency || !a.currency.empty()) out.push_back(a);
    p = std::max(n->end, p + 1);
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' ||
                        s.back() == '.' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

std::vector<Amount> FindAmounts(std::string_view text, const FindAmountsOptions& options) {
  std::vector<Amount> out = FindDigitAmounts(text, true);
  if (options.include_words) {
    for (const auto& w : FindAmountWords(text)) {
      out.push_back({w.start, w.end, w.value, w.currency, true});
    }
    std::sort(out.begin(), out.end(),
              [](const Amount& a, const Amount& b) { return a.start < b.start; });
  }
  return out;
}

std::optional<Amount> ParseAmount(std::string_view field) {
  const std::string_view t = Trim(field);
  if (t.empty()) return std::nullopt;
  const size_t offset = static_cast<size_t>(t.data() - field.data());
  auto digits = FindDigitAmounts(t, false);
  if (digits.size() == 1) {
    Amount a = digits.front();
    // The amount must be the whole field ("€ 20", "20 €", "20").
    if (a.start == 0 && a.end == t.size()) {
      a.start += offset;
      a.end += offset;
      return a;
    }
  }
  if (auto w = ParseFrenchAmountWords(t)) {
    return Amount{w->start + offset, w->end + offset, w->value, w->currency, true};
  }
  return std::nullopt;
}

std::optional<double> ParseFrenchDecimal(std::string_view field) {
  std::string_view t = Trim(field);
  bool negative = false;
  if (!t.empty() && t.front() == '-') {
    negative = true;
    t.remove_prefix(1);
    while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
  }
  if (t.empty() || !Digit(t, 0)) return std::nullopt;
  auto n = ReadNumber(t, 0);
  if (!n || n->end != t.size()) return std::nullopt;
  return negative ? -n->value : n->value;
}

std::string FormatEuros(double value, bool cents) {
  char digits[40];
  std::snprintf(digits, sizeof digits, cents ? "%.2f" : "%.0f", std::fabs(value));
  std::string s(digits);
  size_t dot = s.find('.');
  std::string whole = s.substr(0, dot);
  std::string grouped = value < 0 && std::fabs(value) >= (cents ? 0.005 : 0.5) ? "-" : "";
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ' ';
    grouped += whole[i];
  }
  if (dot != std::string::npos) grouped += "," + s.substr(dot + 1);
  return grouped + " €";
}

}  // namespace notaria::text
