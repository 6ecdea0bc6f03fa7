#include "llm/rewrite_check.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <functional>

#include "text/folded_text.h"
#include "text/french_amounts.h"
#include "text/french_dates.h"
#include "text/normalize.h"

namespace notaria::llm {
namespace {

using nlohmann::json;

constexpr size_t kMaxSummaryChars = 1500;
constexpr size_t kMaxRecommendations = 12;
constexpr size_t kMaxRecommendationChars = 500;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiAlnum(char c) { return IsDigit(c) || IsAsciiAlpha(c); }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// One number written "250000", "250 000,50" or "64.3" reads the same everywhere.
std::string Canonical(std::string_view integer, std::string_view decimals) {
  while (integer.size() > 1 && integer.front() == '0') integer.remove_prefix(1);
  while (!decimals.empty() && decimals.back() == '0') decimals.remove_suffix(1);
  std::string out(integer.empty() ? "0" : integer);
  if (!decimals.empty()) out += "." + std::string(decimals);
  return out;
}

std::string CanonicalDouble(double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", std::fabs(value));
  std::string_view s(buf);
  size_t dot = s.find('.');
  return dot == std::string_view::npos ? Canonical(s, "")
                                       : Canonical(s.substr(0, dot), s.substr(dot + 1));
}

// Length of the space-like separator at `i` (ASCII space, NBSP, narrow NBSP, thin space),
// which French prints between thousands; 0 when there is none.
size_t SpaceAt(std::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  if (s[i] == ' ') return 1;
  if (s.substr(i, 2) == "\xC2\xA0") return 2;
  if (s.substr(i, 3) == "\xE2\x80\xAF" || s.substr(i, 3) == "\xE2\x80\x89") return 3;
  return 0;
}

size_t DigitsEnd(std::string_view s, size_t i) {
  while (i < s.size() && IsDigit(s[i])) ++i;
  return i;
}

// A figure written with ASCII digits: a number (with its thousands groups and decimals) or
// a letters-and-digits word such as "FR76" or "AB123".
struct Token {
  size_t start = 0, end = 0;
  bool mixed = false;                   // letters and digits
  std::string upper;                    // mixed: the word in upper case
  std::string raw_digits;               // number: every digit, in order
  std::vector<std::string> candidates;  // number: canonical readings
  std::vector<std::string> parts;       // number: canonical value of each digit run
};

bool IsOrdinalSuffix(std::string_view s) {
  for (std::string_view x : {"ER", "RE", "E", "EME", "EMES", "ES", "ND", "NDE"}) {
    if (s == x) return true;
  }
  return false;
}

void ScanFigures(std::string_view s, const std::function<void(const Token&)>& on_token) {
  size_t i = 0;
  while (i < s.size()) {
    if (!IsAsciiAlnum(s[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    bool has_digit = false, has_alpha = false;
    while (j < s.size() && IsAsciiAlnum(s[j])) {
      (IsDigit(s[j]) ? has_digit : has_alpha) = true;
      ++j;
    }
    if (!has_digit) {
      i = j;
      continue;
    }
    Token t;
    t.start = i;
    std::string_view word = s.substr(i, j - i);
    if (has_alpha) {
      size_t d = DigitsEnd(word, 0);
      if (d > 0 && IsOrdinalSuffix(Upper(word.substr(d)))) {  // "1er", "2e"
        t.raw_digits = std::string(word.substr(0, d));
        t.candidates = {Canonical(t.raw_digits, "")};
        t.parts = t.candidates;
      } else {
        t.mixed = true;
        t.upper = Upper(word);
      }
      t.end = j;
      on_token(t);
      i = j;
      continue;
    }
    // Thousands groups: "250 000", "1.500.000", the same separator throughout.
    std::string integer(word);
    t.parts.push_back(Canonical(word, ""));
    size_t k = j;
    int groups = 0;
    std::string sep;
    if (word.size() <= 3) {
      while (true) {
        size_t n = SpaceAt(s, k);
        if (n == 0 && k < s.size() && s[k] == '.') n = 1;
        if (n == 0) break;
        std::string this_sep(s.substr(k, n));
        if (!sep.empty() && this_sep != sep) break;
        size_t e = DigitsEnd(s, k + n);
        if (e - (k + n) != 3 || (e < s.size() && IsAsciiAlpha(s[e]))) break;
        sep = this_sep;
        integer += s.substr(k + n, 3);
        t.parts.push_back(Canonical(s.substr(k + n, 3), ""));
        ++groups;
        k = e;
      }
    }
    std::string decimals;
    if (k + 1 < s.size() && (s[k] == ',' || (s[k] == '.' && sep != ".")) && IsDigit(s[k + 1])) {
      size_t e = DigitsEnd(s, k + 1);
      if (e >= s.size() || !IsAsciiAlpha(s[e])) {
        decimals = std::string(s.substr(k + 1, e - k - 1));
        t.parts.push_back(Canonical(decimals, ""));
        k = e;
      }
    }
    t.end = k;
    t.raw_digits = integer + decimals;
    t.candidates.push_back(Canonical(integer, decimals));
    // "1.500" is 1500 in a French deed but 1.5 in a model's English habits.
    if (groups == 1 && sep == "." && decimals.empty()) {
      t.candidates.push_back(Canonical(word, integer.substr(word.size())));
    }
    on_token(t);
    i = k;
  }
}

// Identifiers printed in blocks ("FR76 3000 6000 ...", "01 23 45 67 89"): runs of words
// that all hold a digit, one space apart, as [start, end) and the joined upper-case word.
struct BlockRun {
  size_t start = 0, end = 0;
  std::string joined;
};

std::vector<BlockRun> BlockRuns(std::string_view s) {
  std::vector<BlockRun> runs;
  BlockRun cur;
  int words = 0;
  size_t i = 0;
  auto flush = [&] {
    if (words >= 2) runs.push_back(cur);
    cur = BlockRun();
    words = 0;
  };
  while (i < s.size()) {
    if (!IsAsciiAlnum(s[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    bool has_digit = false;
    for (; j < s.size() && IsAsciiAlnum(s[j]); ++j) {
      if (IsDigit(s[j])) has_digit = true;
    }
    bool adjacent = words > 0 && SpaceAt(s, cur.end) == i - cur.end;
    if (!has_digit || !adjacent) flush();
    if (has_digit) {
      if (words == 0) cur.start = i;
      cur.end = j;
      cur.joined += Upper(s.substr(i, j - i));
      ++words;
    }
    i = j;
  }
  flush();
  return runs;
}

void Mask(std::string& s, size_t start, size_t end) {
  for (size_t i = start; i < end && i < s.size(); ++i) s[i] = ' ';
}

// Lower-case ASCII words, for the language and overlap heuristics.
std::vector<std::string> Words(std::string_view s) {
  text::FoldedText folded(s);
  std::vector<std::string> out;
  std::string cur;
  for (char c : folded.folded()) {
    if (c >= 'a' && c <= 'z') {
      cur += c;
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// French and English function words: a rewrite in English (which small models drift into)
// has many of the second kind.
std::pair<int, int> LanguageHits(std::string_view s) {
  static const std::set<std::string> kFrench = {
      "le",  "la",   "les", "de",  "des", "du",   "et",   "un",    "une",  "est", "pour",
      "sur", "dans", "au",  "aux", "par", "avec", "que",  "qui",   "pas",  "ce",  "cette",
      "il",  "elle", "ou",  "en",  "l",   "d",    "sont", "votre", "vous", "a"};
  static const std::set<std::string> kEnglish = {"the",    "and",  "of",   "to",  "is",    "for",
                                                 "with",   "this", "that", "be",  "are",   "from",
                                                 "should", "have", "will", "was", "please"};
  int fr = 0, en = 0;
  for (const std::string& w : Words(s)) {
    fr += kFrench.count(w) > 0;
    en += kEnglish.count(w) > 0;
  }
  return {fr, en};
}

std::set<std::string> SignificantWords(std::string_view s) {
  static const std::set<std::string> kStop = {"pour", "dans",  "avec", "leur",  "cette",
                                              "sont", "avant", "tout", "toute", "plus"};
  std::set<std::string> out;
  for (std::string& w : Words(s)) {
    if (w.size() >= 4 && !kStop.count(w)) out.insert(std::move(w));
  }
  return out;
}

}  // namespace

void FigureSet::AddNumber(double value) {
  if (std::isfinite(value)) numbers_.insert(CanonicalDouble(value));
}

void FigureSet::AddJson(const json& value) {
  switch (value.type()) {
    case json::value_t::string:
      AddText(value.get_ref<const std::string&>());
      break;
    case json::value_t::number_integer:
      numbers_.insert(Canonical(std::to_string(std::llabs(value.get<int64_t>())), ""));
      break;
    case json::value_t::number_unsigned:
      numbers_.insert(std::to_string(value.get<uint64_t>()));
      break;
    case json::value_t::number_float:
      AddNumber(value.get<double>());
      break;
    case json::value_t::object:
      for (const auto& [key, v] : value.items()) {
        // Evidence holds byte offsets, not facts: citing them would be inventing.
        if (key != "evidence") AddJson(v);
      }
      break;
    case json::value_t::array:
      for (const json& v : value) AddJson(v);
      break;
    default:
      break;
  }
}

void FigureSet::AddText(std::string_view text) {
  for (const text::DateSpan& d : text::FindDates(text)) {
    if (d.date.year != 0) dates_.insert(text::ToIso(d.date));
    for (int part : {d.date.year, d.date.month, d.date.day}) {
      if (part != 0) numbers_.insert(std::to_string(part));
    }
  }
  for (const text::Amount& a : text::FindAmounts(text)) AddNumber(a.value);
  ScanFigures(text, [&](const Token& t) {
    if (t.mixed) return;
    numbers_.insert(t.candidates.begin(), t.candidates.end());
    numbers_.insert(t.parts.begin(), t.parts.end());
  });
  for (char c : text) {
    if (IsAsciiAlnum(c)) identifiers_ += static_cast<char>(std::toupper(c));
  }
  identifiers_ += '\n';
}

std::vector<std::string> FigureSet::Unknown(std::string_view text) const {
  std::vector<std::string> unknown;
  std::string masked(text);
  // Long enough that a block run matching an identifier by chance is unlikely.
  constexpr size_t kMinBlockIdentifier = 8;
  for (const BlockRun& r : BlockRuns(text)) {
    if (r.joined.size() >= kMinBlockIdentifier &&
        identifiers_.find(r.joined) != std::string::npos) {
      Mask(masked, r.start, r.end);
    }
  }
  for (const text::DateSpan& d : text::FindDates(masked)) {
    bool known = false;
    if (d.date.year != 0) {
      known = dates_.count(text::ToIso(d.date)) > 0;
    } else {  // "12 mars": some fact date must fall on that day
      std::string month_day = text::ToIso(d.date).substr(1);
      for (const std::string& iso : dates_) {
        known = known || iso.ends_with(month_day);
      }
    }
    if (!known) unknown.emplace_back(text.substr(d.start, d.end - d.start));
    Mask(masked, d.start, d.end);
  }
  for (const text::Amount& a : text::FindAmounts(masked)) {
    if (!numbers_.count(CanonicalDouble(a.value))) {
      unknown.emplace_back(text.substr(a.start, a.end - a.start));
    }
    Mask(masked, a.start, a.end);
  }
  static const std::set<std::string> kUnits = {"M2", "M3", "CO2", "KWH"};
  ScanFigures(masked, [&](const Token& t) {
    bool known = false;
    if (t.mixed) {
      known = kUnits.count(t.upper) || identifiers_.find(t.upper) != std::string::npos;
    } else {
      for (const std::string& c : t.candidates) known = known || numbers_.count(c);
      // A group of an identifier printed in blocks ("FR76 3000 6000 ..."); short runs are
      // too likely to match by chance.
      known = known ||
              (t.raw_digits.size() >= 4 && identifiers_.find(t.raw_digits) != std::string::npos);
    }
    if (!known) unknown.emplace_back(text.substr(t.start, t.end - t.start));
  });
  return unknown;
}

std::string RejectReason(const json& candidate, const SynthesisRequest& request) {
  if (!candidate.is_object()) return "shape";
  auto summary_it = candidate.find("summary");
  auto recs_it = candidate.find("recommendations");
  if (summary_it == candidate.end() || !summary_it->is_string()) return "shape";
  if (recs_it == candidate.end() || !recs_it->is_array()) return "shape";
  std::string_view summary = Trim(summary_it->get_ref<const std::string&>());
  if (summary.empty() || text::CodePointCount(summary) > kMaxSummaryChars) return "summary_length";
  if (recs_it->size() > kMaxRecommendations) return "recommendation_count";
  std::vector<std::string_view> texts = {summary};
  for (const json& r : *recs_it) {
    if (!r.is_string()) return "shape";
    std::string_view rec = Trim(r.get_ref<const std::string&>());
    if (rec.empty() || text::CodePointCount(rec) > kMaxRecommendationChars)
      return "recommendation_length";
    texts.push_back(rec);
  }

  auto [summary_fr, summary_en] = LanguageHits(summary);
  int fr = summary_fr, en = summary_en;
  for (size_t i = 1; i < texts.size(); ++i) {
    auto [f, e] = LanguageHits(texts[i]);
    fr += f;
    en += e;
  }
  if (summary_fr <= summary_en || fr < 2 || fr < 2 * en) return "not_french";

  FigureSet allowed;
  allowed.AddJson(request.facts);
  allowed.AddJson(request.rules_synthesis);
  for (std::string_view t : texts) {
    if (!allowed.Unknown(t).empty()) return "invented_figure";
  }
  return "";
}

json MergeRecommendations(const json& model_recommendations, const json& rules_recommendations) {
  json out = json::array();
  std::vector<std::set<std::string>> kept;
  for (const json& r : model_recommendations) {
    if (!r.is_string()) continue;
    std::string text(Trim(r.get_ref<const std::string&>()));
    kept.push_back(SignificantWords(text));
    out.push_back(std::move(text));
  }
  if (!rules_recommendations.is_array()) return out;
  for (const json& r : rules_recommendations) {
    if (!r.is_string()) continue;
    std::set<std::string> words = SignificantWords(r.get_ref<const std::string&>());
    bool covered = false;
    for (const std::set<std::string>& k : kept) {
      size_t common = 0;
      for (const std::string& w : words) common += k.count(w);
      covered = covered || (!words.empty() && 2 * common >= words.size());
    }
    bool present = std::find(out.begin(), out.end(), r) != out.end();
    if (!covered && !present) out.push_back(r);
  }
  return out;
}

}  // namespace notaria::llm
