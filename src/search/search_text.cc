#include "search/search_text.h"

#include <re2/re2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <xapian.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

#include "text/normalize.h"

namespace notaria::search {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// “ ” « » as ": notaries paste text from word processors.
std::string StraightQuotes(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (i + 2 < s.size() && static_cast<uint8_t>(s[i]) == 0xE2 &&
        static_cast<uint8_t>(s[i + 1]) == 0x80 &&
        (static_cast<uint8_t>(s[i + 2]) == 0x9C || static_cast<uint8_t>(s[i + 2]) == 0x9D)) {
      out.push_back('"');
      i += 2;
    } else if (i + 1 < s.size() && static_cast<uint8_t>(s[i]) == 0xC2 &&
               (static_cast<uint8_t>(s[i + 1]) == 0xAB || static_cast<uint8_t>(s[i + 1]) == 0xBB)) {
      out.push_back('"');
      i += 1;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

void PushUnique(std::vector<std::string>* out, std::string value) {
  if (std::find(out->begin(), out->end(), value) == out->end()) out->push_back(std::move(value));
}

// Digit groups joined by one separator (space, NBSP, dot, hyphen, or a line break where the
// text wraps inside the number): how SIREN, SIRET and reference numbers are printed.
const RE2& DigitRun() {
  static const RE2 re("(\\d+(?:(?:[ .\\-\\x{00A0}\\x{202F}]|\\r?\\n)\\d+)*)");
  return re;
}

// A parcel: one or two capital letters (or "0A", the section of an undivided commune), an
// optional "n°", then the plan number. The lead word "section" is optional because tables
// and summaries print "AB 123".
const RE2& Parcel() {
  static const RE2 re(
      "(?:^|[^\\pL\\pN])((?:0?[A-Z]{1,2}))\\s*(?:(?:n°|N°|no|No|nº|numéros?|numeros?)\\s*)?"
      "(\\d{1,4})(?:[^\\pN]|$)");
  return re;
}

void AddKeywords(std::string_view text, std::vector<KeywordSpan>* out) {
  auto push = [&](std::string keyword, size_t start, size_t end) {
    for (const auto& k : *out) {
      if (k.keyword == keyword && k.start == start) return;
    }
    out->push_back({std::move(keyword), start, end});
  };
  const re2::StringPiece whole(text.data(), text.size());
  re2::StringPiece g[3];
  size_t pos = 0;
  while (pos < text.size() && DigitRun().Match(whole, pos, text.size(), RE2::UNANCHORED, g, 2)) {
    size_t start = static_cast<size_t>(g[1].data() - text.data());
    size_t end = start + g[1].size();
    pos = end;
    std::string digits = text::DigitsOf(std::string_view(g[1].data(), g[1].size()));
    if (digits.size() < 9 || digits.size() > 34) continue;
    push(digits, start, end);
    if (digits.size() == 14) push(digits.substr(0, 9), start, end);
  }
  pos = 0;
  while (pos < text.size() && Parcel().Match(whole, pos, text.size(), RE2::UNANCHORED, g, 3)) {
    std::string sec(g[1].data(), g[1].size());
    std::string num(g[2].data(), g[2].size());
    size_t nz = num.find_first_not_of('0');
    num = nz == std::string::npos ? "0" : num.substr(nz);
    std::transform(sec.begin(), sec.end(), sec.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    size_t start = static_cast<size_t>(g[1].data() - text.data());
    // Continue right after the number: "AB 12 et AC 13" has two parcels.
    pos = static_cast<size_t>(g[2].data() - text.data()) + g[2].size();
    push(sec + num, start, pos);
  }
}

}  // namespace

std::vector<std::string_view> Words(std::string_view folded) {
  auto is_word = [&](size_t k) {
    unsigned char c = static_cast<unsigned char>(folded[k]);
    return std::isalnum(c) || c >= 0x80;
  };
  std::vector<std::string_view> out;
  for (size_t i = 0; i < folded.size();) {
    while (i < folded.size() && !is_word(i)) ++i;
    size_t start = i;
    while (i < folded.size() && is_word(i)) ++i;
    if (i > start) out.push_back(folded.substr(start, i - start));
  }
  return out;
}

bool IsTypedAmount(std::string_view word) {
  return word.size() >= 4 && word.size() <= 8 && word[0] >= '1' && word[0] <= '9' &&
         std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<KeywordSpan> KeywordSpans(std::string_view text) {
  std::vector<KeywordSpan> spans;
  AddKeywords(text, &spans);
  return spans;
}

std::vector<std::string> Keywords(std::string_view text) {
  std::vector<std::string> out;
  for (auto& k : KeywordSpans(text)) PushUnique(&out, std::move(k.keyword));
  return out;
}

std::vector<std::string> QueryKeywords(std::string_view query) {
  // A query is typed in any case; parcels are capital letters on the page.
  std::string upper = FoldForSearch(query);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  std::vector<KeywordSpan> spans = KeywordSpans(upper);
  std::string rest = FoldForSearch(query);  // lower case, the same offsets as `upper`
  for (const KeywordSpan& k : spans) {
    size_t from = k.start;
    // "FR7613344420...": the country code glued to an IBAN's digits is part of it.
    if (from >= 2 && std::isalpha(static_cast<unsigned char>(rest[from - 1])) &&
        std::isalpha(static_cast<unsigned char>(rest[from - 2])) &&
        (from == 2 || !std::isalnum(static_cast<unsigned char>(rest[from - 3])))) {
      from -= 2;
    }
    for (size_t i = from; i < k.end && i < rest.size(); ++i) rest[i] = ' ';
  }
  static constexpr std::array<std::string_view, 19> kLabels = {
      "section", "parcelle", "parcelles", "cadastre", "cadastree", "cadastrale", "n",
      "no",      "n°",       "nº",        "numero",   "numeros",   "siren",      "siret",
      "rcs",     "ref",      "plan",      "lieudit",  "sous"};
  for (std::string_view w : Words(rest)) {
    if (!IsQueryStopWord(w) && std::find(kLabels.begin(), kLabels.end(), w) == kLabels.end()) {
      return {};
    }
  }
  std::vector<std::string> out;
  for (auto& k : spans) PushUnique(&out, std::move(k.keyword));
  return out;
}

std::string FoldForSearch(std::string_view text) {
  std::string folded = text::FoldForMatch(text);
  // A separator inside a number splits it: "196 000,00" is "196 000 00", so that the price a
  // notary types in whole euros ("196 000") is a phrase of the page, and "1.500.000" is the
  // "1 500 000" typed. Xapian would otherwise keep "000,00" as one term.
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  for (size_t i = 1; i + 1 < folded.size(); ++i) {
    if ((folded[i] == ',' || folded[i] == '.') && digit(folded[i - 1]) && digit(folded[i + 1])) {
      folded[i] = ' ';
    }
  }
  return folded;
}

std::string Stem(std::string_view folded_word) {
  // Xapian's stemmer objects are cheap but not thread-safe: one per thread.
  thread_local Xapian::Stem stemmer("french");
  return stemmer(std::string(folded_word));
}

std::vector<std::string> Stems(std::string_view folded) {
  std::vector<std::string> out;
  for (std::string_view w : Words(folded)) out.push_back(Stem(w));
  return out;
}

ParsedQuery ParseQuery(std::string_view typed) {
  std::string s = StraightQuotes(typed);
  ParsedQuery out;
  std::vector<std::string>& positive = out.positive;
  int depth = 0;        // parentheses open at this point
  bool negate = false;  // a NOT or a lone '-' before the next token
  size_t i = 0;
  while (i < s.size()) {
    if (IsSpace(s[i])) {
      ++i;
      continue;
    }
    std::string token;
    bool phrase = s[i] == '"';
    if (phrase) {
      size_t end = s.find('"', i + 1);
      if (end == std::string::npos) end = s.size();
      token = "\"" + s.substr(i + 1, end - i - 1) + "\"";  // an unclosed quote closes at the end
      i = std::min(end + 1, s.size());
      if (token == "\"\"") continue;
    } else {
      size_t start = i;
      while (i < s.size() && !IsSpace(s[i]) && s[i] != '"') ++i;
      token = s.substr(start, i - start);
    }
    if (!phrase) {
      std::string lower = FoldForSearch(token);
      if (lower == "or") {
        positive.push_back("|");
        negate = false;
        continue;
      }
      if (lower == "and") continue;  // every word is required already
      // Xapian's other operators are words here: every word typed is required, and OpenSearch
      // would read them as words anyway.
      if (lower == "xor" || lower == "near" || lower == "adj" || lower.rfind("near/", 0) == 0 ||
          lower.rfind("adj/", 0) == 0) {
        token = "\"" + token + "\"";
        phrase = true;
      }
      if (lower == "not" || token.find_first_not_of('-') == std::string::npos) {
        negate = true;
        continue;
      }
    }
    bool has_paren = !phrase && token.find_first_of("()") != std::string::npos;
    bool excluded = negate || (!phrase && token[0] == '-');
    negate = false;
    if (excluded && depth == 0 && !has_paren) {
      size_t first = phrase ? 0 : token.find_first_not_of('-');
      out.excluded.push_back(token.substr(first));
    } else {
      positive.push_back(excluded && token[0] != '-' ? "-" + token : token);
    }
    if (!phrase) {
      for (char c : token) {
        if (c == '(') ++depth;
        if (c == ')' && depth > 0) --depth;
      }
    }
  }
  // A dangling | would make OpenSearch drop the word before it.
  while (!positive.empty() && positive.back() == "|") positive.pop_back();
  while (!positive.empty() && positive.front() == "|") positive.erase(positive.begin());
  // Digit groups typed apart are one number ("327 000", "327 000,00"): read as a phrase, not
  // as words that may each sit anywhere on the page (a SIREN wrapped over two lines).
  static const RE2 number_group("\\d+(?:[.,]\\d+)?");
  std::vector<std::string> joined;
  for (size_t t = 0; t < positive.size();) {
    size_t run = t;
    while (run < positive.size() && RE2::FullMatch(positive[run], number_group)) ++run;
    if (run - t < 2) {
      joined.push_back(positive[t++]);
      continue;
    }
    std::string phrase = positive[t];
    for (++t; t < run; ++t) phrase += " " + positive[t];
    joined.push_back("\"" + phrase + "\"");
  }
  // An amount typed without its spaces ("196000") is also looked for as French pages write it,
  // by thousands: ("196000 | "196 000"), in the tokens' own form (parentheses attached, "|"
  // apart). 4 to 8 digits: 9 and more are identifiers (Keywords).
  // Cents and the currency may be typed on too: "196000,00", "196000€".
  // (Folded: "196000,00" is "196000 00" already.)
  static const RE2 plain_number("(\\d+)(?:[., ](\\d{1,2}))? ?(?:€|eur|euros?)?");
  positive.clear();
  for (std::string& token : joined) {
    std::string digits, cents;
    std::string lower = FoldForSearch(token);
    if (!RE2::FullMatch(lower, plain_number, &digits, &cents) || !IsTypedAmount(digits)) {
      positive.push_back(std::move(token));
      continue;
    }
    std::string grouped;
    for (size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ' ';
      grouped += digits[i];
    }
    const std::string tail = cents.empty() ? "" : " " + cents;
    positive.push_back("(" + (cents.empty() ? digits : "\"" + digits + tail + "\""));
    positive.push_back("|");
    positive.push_back("\"" + grouped + tail + "\")");
  }
  return out;
}

bool OnlyCommonWords(const ParsedQuery& query) {
  for (const std::string& token : query.positive) {
    if (token == "|") continue;
    const std::string folded = FoldForSearch(token);
    for (std::string_view word : Words(folded)) {
      if (!IsQueryStopWord(word)) return false;
    }
  }
  return true;
}

std::string ParsedQuery::Positive(std::string_view or_operator) const {
  std::string out;
  for (const std::string& t : positive) {
    if (!out.empty()) out += ' ';
    out += t == "|" ? std::string(or_operator) : t;
  }
  return out;
}

bool HasWordCharacters(std::string_view text) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(std::min<size_t>(text.size(), INT32_MAX));
  for (int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    if (c >= 0 && u_isalnum(c)) return true;
  }
  return false;
}

bool IsQueryStopWord(std::string_view w) {
  static constexpr std::array<std::string_view, 28> kStop = {
      "and", "or",   "not", "le",  "la",  "les", "l",  "de",  "des", "du",
      "d",   "un",   "une", "et",  "ou",  "a",   "au", "aux", "en",  "dans",
      "par", "pour", "sur", "que", "qui", "ce",  "se", "sa"};
  return std::find(kStop.begin(), kStop.end(), w) != kStop.end();
}

std::vector<std::string> TypeWords(std::string_view document_type) {
  struct Entry {
    std::string_view type;
    std::vector<std::string> words;
  };
  static const std::vector<Entry> kUsual = {
      {"acte_vente", {"acte", "vente", "authentique"}},
      {"compromis_vente", {"compromis", "promesse", "vente"}},
      {"donation", {"donation", "acte"}},
      {"succession", {"succession", "notoriete", "heritiers"}},
      {"procuration", {"procuration", "mandat", "pouvoir"}},
      {"contrat", {"contrat"}},
      {"cni", {"carte", "identite", "cni"}},
      {"passeport", {"passeport"}},
      {"kbis", {"kbis", "extrait", "registre", "commerce"}},
      {"rib", {"rib", "releve", "identite", "bancaire"}},
      {"avis_imposition", {"avis", "impot", "imposition"}},
      {"dpe", {"dpe", "diagnostic", "performance", "energetique"}},
      {"justificatif_domicile", {"justificatif", "domicile"}},
  };
  for (const auto& e : kUsual) {
    if (e.type == document_type) return e.words;
  }
  return {};
}

}  // namespace notaria::search
