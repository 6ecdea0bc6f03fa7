#include "text/french_numbers.h"

#include <array>
#include <cmath>

namespace notaria::text {
namespace {

std::string_view W(const std::vector<Token>& t, size_t i) {
  if (i >= t.size() || t[i].kind != TokenKind::kWord) return {};
  return t[i].folded;
}

// 1..9 ("un"/"une" are 1), 0 otherwise.
int Unit(std::string_view w) {
  static constexpr std::array<std::string_view, 10> kUnits = {
      "", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"};
  if (w == "une") return 1;
  for (int i = 1; i < 10; ++i) {
    if (w == kUnits[i]) return i;
  }
  return 0;
}

// 11..16, 0 otherwise.
int Teen(std::string_view w) {
  static constexpr std::array<std::string_view, 6> kTeens = {"onze",     "douze",  "treize",
                                                             "quatorze", "quinze", "seize"};
  for (int i = 0; i < 6; ++i) {
    if (w == kTeens[i]) return 11 + i;
  }
  return 0;
}

// Tens that take a unit directly (soixante and quatre-vingt have their own rules).
int Tens(std::string_view w) {
  if (w == "vingt") return 20;
  if (w == "trente") return 30;
  if (w == "quarante") return 40;
  if (w == "cinquante") return 50;
  if (w == "septante") return 70;
  if (w == "huitante" || w == "octante") return 80;
  if (w == "nonante") return 90;
  return 0;
}

bool IsCent(std::string_view w) { return w == "cent" || w == "cents"; }

int64_t Scale(std::string_view w) {
  if (w == "mille" || w == "mil" || w == "milles") return 1000;
  if (w == "million" || w == "millions") return 1'000'000;
  if (w == "milliard" || w == "milliards") return 1'000'000'000;
  return 0;
}

struct Read {
  int64_t value;
  size_t next;
};

// What may follow "soixante" or "quatre-vingt": 1..19.
std::optional<Read> Below20(const std::vector<Token>& t, size_t j) {
  const std::string_view w = W(t, j);
  if (w == "dix") {
    const int u = Unit(W(t, j + 1));
    if (u >= 7) return Read{10 + u, j + 2};
    return Read{10, j + 1};
  }
  if (int teen = Teen(w)) return Read{teen, j + 1};
  if (int u = Unit(w)) return Read{u, j + 1};
  return std::nullopt;
}

std::optional<Read> Below100(const std::vector<Token>& t, size_t i) {
  const std::string_view w = W(t, i);
  if (w.empty()) return std::nullopt;
  if (w == "quatre" && (W(t, i + 1) == "vingt" || W(t, i + 1) == "vingts")) {
    const size_t j = i + 2;
    // "quatre-vingt-un" is the norm; "quatre-vingt et un" (Belgian usage) is tolerated.
    if (W(t, j) == "et" && (Unit(W(t, j + 1)) == 1 || W(t, j + 1) == "onze")) {
      return Read{W(t, j + 1) == "onze" ? 91 : 81, j + 2};
    }
    if (auto r = Below20(t, j)) return Read{80 + r->value, r->next};
    return Read{80, j};
  }
  if (int u = Unit(w)) return Read{u, i + 1};
  if (w == "dix" || Teen(w)) return Below20(t, i);
  if (w == "soixante") {
    if (W(t, i + 1) == "et" && (Unit(W(t, i + 2)) == 1 || W(t, i + 2) == "onze")) {
      return Read{W(t, i + 2) == "onze" ? 71 : 61, i + 3};
    }
    // "soixante un" lacks its "et": stop before "un".
    if (auto r = Below20(t, i + 1); r && r->value != 1) return Read{60 + r->value, r->next};
    return Read{60, i + 1};
  }
  if (int tens = Tens(w)) {
    if (W(t, i + 1) == "et" && Unit(W(t, i + 2)) == 1) return Read{tens + 1, i + 3};
    if (int u = Unit(W(t, i + 1)); u >= 2) {
      // "quatre" right before "vingt" belongs to the next number ("vingt quatre-vingts").
      if (!(u == 4 && (W(t, i + 2) == "vingt" || W(t, i + 2) == "vingts"))) {
        return Read{tens + u, i + 2};
      }
    }
    return Read{tens, i + 1};
  }
  return std::nullopt;
}

// 0..999, or a century count 1100..1999 ("dix-neuf cent soixante-treize").
std::optional<Read> Below1000(const std::vector<Token>& t, size_t i) {
  int64_t hundreds = 0;
  size_t j = i;
  const int u = Unit(W(t, i));
  if (u >= 2 && IsCent(W(t, i + 1))) {
    hundreds = u * 100;
    j = i + 2;
  } else if (IsCent(W(t, i))) {
    hundreds = 100;
    j = i + 1;
  } else {
    auto r = Below100(t, i);
    if (!r) return std::nullopt;
    if (r->value >= 11 && r->value <= 19 && IsCent(W(t, r->next))) {
      hundreds = r->value * 100;
      j = r->next + 1;
    } else {
      return r;
    }
  }
  if (auto rest = Below100(t, j)) return Read{hundreds + rest->value, rest->next};
  return Read{hundreds, j};
}

std::optional<Read> Core(const std::vector<Token>& t, size_t i) {
  int64_t total = 0, section = 0, group = 0;
  bool have_group = false, bare_un = false, mille_in_section = false, million_used = false;
  std::optional<Read> good;
  size_t j = i;
  // 1990 spelling joins every numeral of one number with hyphens ("deux-cent-mille"); once a
  // hyphen is seen where the traditional spelling puts a space (around cent, mille, et), a
  // space ends the number: "deux-cent-mille quatorze-mille" is two numbers.
  bool rectified = false;
  while (j < t.size()) {
    const std::string_view w = W(t, j);
    if (w.empty()) break;
    if (j > i && rectified && !t[j].hyphen_before) break;
    if (j > i && t[j].hyphen_before) {
      const std::string_view prev = W(t, j - 1);
      if (IsCent(w) || IsCent(prev) || Scale(w) == 1000 || Scale(prev) == 1000 || w == "et" ||
          prev == "et") {
        rectified = true;
      }
    }
    if (const int64_t scale = Scale(w)) {
      if (scale == 1000) {
        // "un mille" is not French; "mille mille" is two numbers.
        if (mille_in_section || (have_group && (bare_un || group >= 1000))) break;
        section = (have_group ? group : 1) * 1000;
        mille_in_section = true;
      } else {
        const int64_t mult = section + group;
        if (mult == 0 || group >= 1000) break;
        if (scale == 1'000'000 && million_used) break;
        if (scale == 1'000'000'000 && total > 0) break;
        total += mult * scale;
        section = 0;
        mille_in_section = false;
        million_used = million_used || scale == 1'000'000;
      }
      group = 0;
      have_group = false;
      ++j;
      good = Read{total + section, j};
      continue;
    }
    if (have_group) break;
    auto r = Below1000(t, j);
    if (!r) break;
    if (r->value >= 1000 && (total > 0 || section > 0)) break;
    // A century count cannot take a scale ("dix-neuf cent mille" is not read as 1 900 000).
    group = r->value;
    have_group = true;
    bare_un = r->next == j + 1 && Unit(w) == 1;
    j = r->next;
    good = Read{total + section + group, j};
    if (group >= 1000) break;
  }
  if (good && good->value > kMaxFrenchNumber) return std::nullopt;
  return good;
}

bool IsSingleDigitWord(const std::vector<Token>& t, size_t k) {
  const std::string_view w = W(t, k);
  return w == "zero" || Unit(w) != 0;
}

struct DecimalRead {
  double value;
  size_t next;
  bool is_integer;
  std::string digits;
};

// An integer, optionally followed by "virgule" and a fractional part.
std::optional<DecimalRead> ReadNumber(const std::vector<Token>& t, size_t i) {
  auto n = ReadIntegerTokens(t, i);
  if (!n) return std::nullopt;
  DecimalRead out{static_cast<double>(n->value), n->next, true,
                  std::string(n->leading_zeros, '0') + std::to_string(n->value)};
  if (W(t, n->next) != "virgule") return out;
  const size_t j = n->next + 1;
  // Digit-by-digit reading ("quatre deux" = 42) when two or more single digits follow.
  size_t k = j;
  while (IsSingleDigitWord(t, k)) {
    auto one = ReadIntegerTokens(t, k);
    if (!one || one->next != k + 1) break;
    ++k;
  }
  std::string frac;
  size_t end = 0;
  if (k - j >= 2) {
    for (size_t m = j; m < k; ++m) {
      frac += W(t, m) == "zero" ? '0' : static_cast<char>('0' + Unit(W(t, m)));
    }
    end = k;
  } else if (auto f = ReadIntegerTokens(t, j)) {
    frac = std::string(f->leading_zeros, '0') + std::to_string(f->value);
    end = f->next;
  } else {
    return out;
  }
  out.value += std::stod("0." + frac);
  out.next = end;
  out.is_integer = false;
  out.digits = std::to_string(n->value) + "," + frac;
  return out;
}

bool IsMonthWord(std::string_view w) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "janvier", "fevrier", "mars",      "avril",   "mai",      "juin",
      "juillet", "aout",    "septembre", "octobre", "novembre", "decembre"};
  for (auto m : kMonths) {
    if (w == m) return true;
  }
  return false;
}

bool IsOrdinalWord(std::string_view w) {
  auto ends = [&](std::string_view s) {
    return w.size() >= s.size() && w.substr(w.size() - s.size()) == s;
  };
  return ends("ieme") || ends("iemes");
}

struct Candidate {
  size_t first, next;  // token range
  DecimalRead number;
};

}  // namespace

std::optional<TokenInteger> ReadIntegerTokens(const std::vector<Token>& t, size_t i) {
  size_t j = i;
  int zeros = 0;
  while (W(t, j) == "zero") {
    ++zeros;
    ++j;
  }
  if (zeros > 0) {
    auto rest = Core(t, j);
    if (!rest) return TokenInteger{0, i + 1, 0};
    return TokenInteger{rest->value, rest->next, zeros};
  }
  auto r = Core(t, i);
  if (!r) return std::nullopt;
  return TokenInteger{r->value, r->next, 0};
}

std::optional<int64_t> ParseFrenchInteger(std::string_view words) {
  const auto t = TokenizeFrench(words);
  if (t.empty()) return std::nullopt;
  auto r = ReadIntegerTokens(t, 0);
  if (!r || r->next != t.size()) return std::nullopt;
  return r->value;
}

std::optional<double> ParseFrenchNumber(std::string_view words) {
  const auto t = TokenizeFrench(words);
  if (t.empty()) return std::nullopt;
  auto r = ReadNumber(t, 0);
  if (!r || r->next != t.size()) return std::nullopt;
  return r->value;
}

namespace {

const std::array<std::string_view, 20> kBelow20 = {
    "zéro",     "un",     "deux",  "trois",    "quatre",   "cinq",    "six",
    "sept",     "huit",   "neuf",  "dix",      "onze",     "douze",   "treize",
    "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf"};

// `plural` allows the "s" of "quatre-vingts"/"deux cents" (not before "mille").
std::string Below100Words(int n, bool plural, const std::string& et) {
  if (n < 20) return std::string(kBelow20[n]);
  static constexpr std::array<std::string_view, 7> kTens = {
      "vingt", "trente", "quarante", "cinquante", "soixante", "", ""};
  if (n >= 80) {
    if (n == 80) return plural ? "quatre-vingts" : "quatre-vingt";
    return "quatre-vingt-" + std::string(kBelow20[n - 80]);
  }
  if (n >= 60) {
    if (n == 60) return "soixante";
    if (n == 61 || n == 71) return "soixante" + et + (n == 61 ? "un" : "onze");
    return "soixante-" + std::string(kBelow20[n - 60]);
  }
  const std::string tens(kTens[n / 10 - 2]);
  const int u = n % 10;
  if (u == 0) return tens;
  if (u == 1) return tens + et + "un";
  return tens + "-" + std::string(kBelow20[u]);
}

std::string Below1000Words(int n, bool plural, FrenchSpelling s) {
  const std::string sep = s == FrenchSpelling::kRectified1990 ? "-" : " ";
  const std::string et = s == FrenchSpelling::kRectified1990 ? "-et-" : " et ";
  const int h = n / 100, rest = n % 100;
  std::string out;
  if (h > 0) {
    out = h == 1 ? "cent" : std::string(kBelow20[h]) + sep + "cent";
    if (h > 1 && rest == 0 && plural) out += "s";
    if (rest == 0) return out;
    out += sep;
  }
  return out + Below100Words(rest, plural, et);
}

}  // namespace

std::string FrenchIntegerToWords(int64_t n, FrenchSpelling spelling) {
  if (n < -kMaxFrenchNumber || n > kMaxFrenchNumber) return "";
  if (n < 0) return "moins " + FrenchIntegerToWords(-n, spelling);
  if (n == 0) return "zéro";
  const std::string sep = spelling == FrenchSpelling::kRectified1990 ? "-" : " ";
  const int milliards = static_cast<int>(n / 1'000'000'000);
  const int millions = static_cast<int>(n / 1'000'000 % 1000);
  const int thousands = static_cast<int>(n / 1000 % 1000);
  const int units = static_cast<int>(n % 1000);
  std::vector<std::string> parts;
  // Million and milliard are nouns: they take an "s", never a 1990 hyphen, and let the
  // number before them keep its plural ("quatre-vingts millions").
  if (milliards > 0) {
    parts.push_back(Below1000Words(milliards, true, spelling) + " milliard" +
                    (milliards > 1 ? "s" : ""));
  }
  if (millions > 0) {
    parts.push_back(Below1000Words(millions, true, spelling) + " million" +
                    (millions > 1 ? "s" : ""));
  }
  std::string low;
  if (thousands > 0) {
    low = thousands == 1 ? "mille" : Below1000Words(thousands, false, spelling) + sep + "mille";
  }
  if (units > 0) {
    if (!low.empty()) low += sep;
    low += Below1000Words(units, true, spelling);
  }
  if (!low.empty()) parts.push_back(low);
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += " ";
    out += p;
  }
  return out;
}

namespace {

std::vector<Candidate> Candidates(const std::vector<Token>& t) {
  std::vector<Candidate> out;
  size_t i = 0;
  while (i < t.size()) {
    if (t[i].kind != TokenKind::kWord) {
      ++i;
      continue;
    }
    auto r = ReadNumber(t, i);
    if (!r) {
      ++i;
      continue;
    }
    out.push_back({i, r->next, *r});
    i = r->next;
  }
  return out;
}

bool Skipped(const std::vector<Token>& t, const Candidate& c, bool isolated,
             const FindNumberWordsOptions& options) {
  const bool single = c.next == c.first + 1;
  const std::string_view w = W(t, c.first);
  // "l'un", "qu'un", "d'une": a pronoun or an article, not a count.
  if (single && Unit(w) == 1 && c.first > 0 && IsSymbol(t, c.first - 1, "'") &&
      Adjacent(t, c.first)) {
    return true;
  }
  // The first word of an ordinal ("vingt et unième") is not a cardinal.
  const size_t after = W(t, c.next) == "et" ? c.next + 1 : c.next;
  if (IsOrdinalWord(W(t, after)) && (t[after].space_before || t[after].hyphen_before)) {
    return true;
  }
  if (!isolated) return false;
  if (single && w == "neuf") {
    // "neuf" alone is the adjective "new" unless it numbers something or is a day of month.
    const std::string_view before = c.first > 0 ? W(t, c.first - 1) : std::string_view();
    const bool counted =
        before == "numero" || before == "no" || before == "n" || IsMonthWord(W(t, c.next));
    if (!counted) return true;
  }
  if (single && Unit(w) == 1 && options.lone_un_is_article) return true;
  return c.number.is_integer && c.number.value < static_cast<double>(options.isolated_threshold);
}

// Two numbers separated only by spaces or commas form a sequence ("un, deux, trois").
bool Touching(const std::vector<Token>& t, const Candidate& a, const Candidate& b) {
  if (b.first == a.next) return true;
  return b.first == a.next + 1 && IsSymbol(t, a.next, ",");
}

}  // namespace

std::vector<NumberWordSpan> FindNumberWords(std::string_view text,
                                            const FindNumberWordsOptions& options) {
  const auto t = TokenizeFrench(text);
  const auto cands = Candidates(t);
  std::vector<NumberWordSpan> out;
  // A hyphenated compound that splits into two numbers ("vingt-un") is no number at all.
  std::vector<bool> broken(cands.size(), false);
  for (size_t k = 0; k + 1 < cands.size(); ++k) {
    if (cands[k + 1].first == cands[k].next && t[cands[k + 1].first].hyphen_before) {
      broken[k] = broken[k + 1] = true;
    }
  }
  for (size_t k = 0; k < cands.size(); ++k) {
    const auto& c = cands[k];
    if (broken[k]) continue;
    // A number of several words ("zéro cinq") is never taken for an isolated small word.
    const bool isolated = c.next == c.first + 1 && !(k > 0 && Touching(t, cands[k - 1], c)) &&
                          !(k + 1 < cands.size() && Touching(t, c, cands[k + 1]));
    if (Skipped(t, c, isolated, options)) continue;
    out.push_back({t[c.first].start, t[c.next - 1].end, c.number.value, c.number.is_integer,
                   c.number.digits});
  }
  return out;
}

std::string ReplaceNumberWords(std::string_view text, const FindNumberWordsOptions& options) {
  std::string out;
  size_t pos = 0;
  for (const auto& s : FindNumberWords(text, options)) {
    out.append(text.substr(pos, s.start - pos));
    out += s.digits;
    pos = s.end;
  }
  out.append(text.substr(pos));
  return out;
}

namespace {

std::string CurrencyAt(const std::vector<Token>& t, size_t j, size_t* next) {
  // "deux millions d'euros"
  if (W(t, j) == "d" && IsSymbol(t, j + 1, "'")) j += 2;
  const std::string_view w = W(t, j);
  *next = j + 1;
  if (w == "euro" || w == "euros") return "EUR";
  if (w == "franc" || w == "francs") return "FRF";
  return "";
}

std::optional<WordAmount> AmountAt(const std::vector<Token>& t, size_t i) {
  auto n = ReadNumber(t, i);
  if (!n) return std::nullopt;
  size_t j = 0;
  const std::string currency = CurrencyAt(t, n->next, &j);
  if (currency.empty()) return std::nullopt;
  WordAmount a{t[i].start, t[j - 1].end, n->value, currency};
  // Cents: "et vingt-neuf centimes", "vingt-neuf centimes", or a bare "cinquante" that ends
  // the phrase ("cent euros cinquante").
  size_t k = W(t, j) == "et" ? j + 1 : j;
  if (auto c = ReadIntegerTokens(t, k); c && c->value < 100) {
    const std::string_view after = W(t, c->next);
    const bool named = after == "centime" || after == "centimes";
    const bool bare = k == j && (c->next == t.size() || t[c->next].kind == TokenKind::kSymbol);
    if (named || bare) {
      a.value = std::round((a.value + static_cast<double>(c->value) / 100.0) * 100.0) / 100.0;
      a.end = t[named ? c->next : c->next - 1].end;
    }
  }
  return a;
}

}  // namespace

std::optional<WordAmount> ParseFrenchAmountWords(std::string_view text) {
  const auto t = TokenizeFrench(text);
  if (t.empty()) return std::nullopt;
  auto a = AmountAt(t, 0);
  if (!a) return std::nullopt;
  // Only trailing punctuation may follow the amount.
  for (const auto& tok : t) {
    if (tok.start >= a->end && tok.kind != TokenKind::kSymbol) return std::nullopt;
  }
  return a;
}

std::vector<WordAmount> FindAmountWords(std::string_view text) {
  const auto t = TokenizeFrench(text);
  std::vector<WordAmount> out;
  size_t i = 0;
  while (i < t.size()) {
    if (t[i].kind == TokenKind::kWord) {
      if (auto a = AmountAt(t, i)) {
        out.push_back(*a);
        while (i < t.size() && t[i].start < a->end) ++i;
        continue;
      }
      // Do not restart inside a number ("mille euros" within "deux cent mille euros").
      if (auto n = ReadNumber(t, i)) {
        i = n->next;
        continue;
      }
    }
    ++i;
  }
  return out;
}

}  // namespace notaria::text
