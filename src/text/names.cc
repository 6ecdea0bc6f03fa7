#include "text/names.h"

#include <algorithm>
#include <array>
#include <vector>

#include "text/normalize.h"

namespace notaria::text {
namespace {

// Decodes valid UTF-8 into code points; FoldForMatch output is ASCII for Latin names, but
// names from other scripts must still compare by character, not by byte.
std::u32string CodePoints(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    char32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
    for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    out.push_back(cp);
    i += len;
  }
  return out;
}

std::vector<std::string> Words(const std::string& key) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start < key.size()) {
    size_t end = key.find(' ', start);
    if (end == std::string::npos) end = key.size();
    if (end > start) words.push_back(key.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

// Legal forms and the words that introduce a company's name in deeds and registers.
constexpr std::array<std::string_view, 33> kCompanyNoise = {
    "sci",    "sarl",        "sas",        "sasu",           "sa",
    "eurl",   "snc",         "scp",        "selarl",         "selas",
    "scm",    "sccv",        "gaec",       "earl",           "societe",
    "civile", "immobiliere", "anonyme",    "responsabilite", "limitee",
    "par",    "actions",     "simplifiee", "unipersonnelle", "en",
    "nom",    "collectif",   "a",          "denommee",       "la",
    "dite",   "ste",         "ltd"};

bool IsCompanyNoise(const std::string& w) {
  return std::find(kCompanyNoise.begin(), kCompanyNoise.end(), w) != kCompanyNoise.end();
}

}  // namespace

std::string NameKey(std::string_view name) {
  std::string folded = FoldForMatch(name);
  std::string out;
  bool pending_space = false;
  for (unsigned char c : folded) {
    bool letter = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
    if (letter) {
      if (pending_space && !out.empty()) out += ' ';
      pending_space = false;
      out += static_cast<char>(c);
    } else {
      pending_space = true;  // hyphens, apostrophes, dots, spaces, line breaks
    }
  }
  return out;
}

std::string CompanyNameKey(std::string_view name) {
  std::vector<std::string> kept;
  for (auto& w : Words(NameKey(name))) {
    if (!IsCompanyNoise(w)) kept.push_back(w);
  }
  // Articles are kept inside the name ("les tilleuls") but not when they are all there is.
  return Join(kept);
}

int EditDistance(std::string_view a, std::string_view b) {
  std::u32string x = CodePoints(a), y = CodePoints(b);
  const size_t n = x.size(), m = y.size();
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1));
  for (size_t i = 0; i <= n; ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= m; ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      int cost = x[i - 1] == y[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

NameMatch CompareNames(std::string_view a, std::string_view b) {
  std::string ka = NameKey(a), kb = NameKey(b);
  if (ka.empty() || kb.empty()) return NameMatch::kDifferent;
  if (ka == kb) return NameMatch::kSame;
  // Compound names: "le gall" is one of the names of "le gall herve".
  std::vector<std::string> wa = Words(ka), wb = Words(kb);
  const auto& shorter = wa.size() <= wb.size() ? wa : wb;
  const auto& longer = wa.size() <= wb.size() ? wb : wa;
  if (shorter.size() < longer.size()) {
    bool prefix = std::equal(shorter.begin(), shorter.end(), longer.begin());
    bool suffix = std::equal(shorter.rbegin(), shorter.rend(), longer.rbegin());
    if (prefix || suffix) return NameMatch::kSame;
  }
  // A misspelling keeps most letters: one error up to 8 letters, two beyond. A name with a
  // longer ending ("martin"/"martinez") is another family, not a typo.
  size_t la = CodePoints(ka).size(), lb = CodePoints(kb).size();
  size_t len = std::max(la, lb);
  if (len < 5) return NameMatch::kDifferent;  // "roux" and "rous" are two families
  int limit = len <= 8 ? 1 : 2;
  int diff = static_cast<int>(la > lb ? la - lb : lb - la);
  if (diff > limit) return NameMatch::kDifferent;
  return EditDistance(ka, kb) <= limit ? NameMatch::kClose : NameMatch::kDifferent;
}

}  // namespace notaria::text
