#include "analyze/language.h"

#include <array>

#include "text/normalize.h"

namespace notaria::analyze {
namespace {

// Words frequent in any text of the language and rare in the other.
constexpr std::array<std::string_view, 24> kFrench = {
    "le",  "la",   "les", "des", "du",   "et",   "est", "une",  "pour", "par", "sur", "au",
    "aux", "dans", "qui", "que", "avec", "sont", "il",  "elle", "ce",   "ne",  "pas", "leur"};
constexpr std::array<std::string_view, 24> kEnglish = {
    "the",  "and",  "of", "to",    "is",   "in", "that", "for", "with", "was", "on",  "are",
    "this", "from", "by", "which", "have", "be", "it",   "not", "or",   "his", "her", "they"};

template <size_t N>
bool Contains(const std::array<std::string_view, N>& words, std::string_view w) {
  for (auto x : words) {
    if (x == w) return true;
  }
  return false;
}

}  // namespace

std::string DetectLanguage(const std::vector<Page>& pages) {
  int french = 0, english = 0;
  for (const Page& page : pages) {
    std::string folded = text::FoldForMatch(page.text);
    size_t i = 0;
    while (i < folded.size()) {
      while (i < folded.size() && !std::isalpha(static_cast<unsigned char>(folded[i]))) ++i;
      size_t j = i;
      while (j < folded.size() && std::isalpha(static_cast<unsigned char>(folded[j]))) ++j;
      std::string_view w(folded.data() + i, j - i);
      if (Contains(kFrench, w)) ++french;
      if (Contains(kEnglish, w)) ++english;
      i = j;
    }
  }
  if (french + english < 5) return "und";
  if (french >= 2 * english) return "fr";
  if (english >= 2 * french) return "en";
  return "und";
}

}  // namespace notaria::analyze
