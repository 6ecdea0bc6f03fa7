#include "analyze/classify_pattern.h"

#include <re2/re2.h>

#include <vector>

namespace notaria::analyze {
namespace {

// Between two words: whatever OCR left of a space, hyphen, apostrophe or line break.
constexpr std::string_view kSeparator = "[^a-z0-9]{0,3}";
// Below these lengths a damaged word is too easily confused with another one.
constexpr size_t kOneEditMinLength = 9;
constexpr size_t kTwoEditsMinLength = 12;

std::string CharClass(char c) {
  switch (c) {
    case 'i':
    case 'l':
    case '1':
      return "[il1|!]";
    case 'o':
    case '0':
      return "[o0]";
    case 'm':
      return "(?:m|rn)";
    case '#':
      return "[0-9]";
    default:
      return RE2::QuoteMeta(std::string_view(&c, 1));
  }
}

std::string Letters(std::string_view word) {
  std::string out;
  for (char c : word) out += CharClass(c);
  return out;
}

// One character of damage: substituted, lost or added anywhere in the word.
std::string OneEdit(std::string_view word) {
  std::string out = "(?:" + Letters(word);
  for (size_t i = 0; i < word.size(); ++i) {
    out += "|" + Letters(word.substr(0, i)) + "[^\\s]?" + Letters(word.substr(i + 1));
  }
  for (size_t i = 1; i < word.size(); ++i) {
    out += "|" + Letters(word.substr(0, i)) + "[^\\s]" + Letters(word.substr(i));
  }
  return out + ")";
}

// Edit distance rather than "either half survives": French derivations share long endings
// ("confirmation" / "consommation"), so a half alone would confuse words. A long word may
// carry one error in each half.
std::string Word(std::string_view word) {
  bool stem = !word.empty() && word.back() == '*';
  if (stem) word.remove_suffix(1);
  std::string body;
  if (word.size() >= kTwoEditsMinLength) {
    size_t head = word.size() - word.size() / 2;
    body = OneEdit(word.substr(0, head)) + OneEdit(word.substr(head));
  } else if (word.size() >= kOneEditMinLength) {
    body = OneEdit(word);
  } else {
    body = Letters(word);
  }
  return stem ? body + "[a-z]*" : body;
}

std::string Alternative(std::string_view alt) {
  std::vector<std::string_view> words;
  size_t start = 0;
  for (size_t i = 0; i <= alt.size(); ++i) {
    if (i == alt.size() || alt[i] == ' ' || alt[i] == '-' || alt[i] == '\'') {
      if (i > start) words.push_back(alt.substr(start, i - start));
      start = i + 1;
    }
  }
  std::string out = "\\b";
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += kSeparator;
    out += Word(words[i]);
  }
  bool open_end = !words.empty() && words.back().back() == '*';
  // Plurals come for free; a stem is open anyway.
  if (!open_end) out += "[sx]?\\b";
  return out;
}

}  // namespace

std::string OcrTolerantPattern(std::string_view phrase) {
  if (phrase.starts_with("re:")) return std::string(phrase.substr(3));
  std::string out = "(?:";
  size_t start = 0;
  bool first = true;
  for (size_t i = 0; i <= phrase.size(); ++i) {
    if (i == phrase.size() || phrase[i] == '|') {
      if (!first) out += "|";
      out += Alternative(phrase.substr(start, i - start));
      first = false;
      start = i + 1;
    }
  }
  return out + ")";
}

}  // namespace notaria::analyze
