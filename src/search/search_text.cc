#include "search/search_text.h"

#include <re2/re2.h>
#include <xapian.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "text/normalize.h"

namespace notaria::search {
namespace {

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
  return Keywords(upper);
}

std::string FoldForSearch(std::string_view text) { return text::FoldForMatch(text); }

std::string Stem(std::string_view folded_word) {
  // Xapian's stemmer objects are cheap but not thread-safe: one per thread.
  thread_local Xapian::Stem stemmer("french");
  return stemmer(std::string(folded_word));
}

std::vector<std::string> Stems(std::string_view folded) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < folded.size()) {
    auto is_word = [&](size_t k) {
      unsigned char c = static_cast<unsigned char>(folded[k]);
      return std::isalnum(c) || c >= 0x80;
    };
    while (i < folded.size() && !is_word(i)) ++i;
    size_t start = i;
    while (i < folded.size() && is_word(i)) ++i;
    if (i > start) out.push_back(Stem(folded.substr(start, i - start)));
  }
  return out;
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
