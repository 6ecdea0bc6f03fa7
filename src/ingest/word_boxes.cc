#include "ingest/word_boxes.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>

#include "text/normalize.h"

namespace notaria::ingest {
namespace {

bool IsWordChar(UChar32 c) { return c >= 0 && (u_isalnum(c) || c == '_'); }

// The code point that ends just before `at`, or -1 at the start of the text.
UChar32 CodePointBefore(std::string_view text, size_t at) {
  if (at == 0) return -1;
  int32_t i = static_cast<int32_t>(at);
  UChar32 c = 0;
  U8_PREV(reinterpret_cast<const uint8_t*>(text.data()), 0, i, c);
  return c;
}

UChar32 CodePointAt(std::string_view text, size_t at) {
  if (at >= text.size()) return -1;
  int32_t i = static_cast<int32_t>(at);
  UChar32 c = 0;
  U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, static_cast<int32_t>(text.size()), c);
  return c;
}

// True when text[at, at + size) is not the middle of a longer word: "de" is not placed inside
// "demande". A word that starts or ends with punctuation is its own boundary there.
bool StandsAlone(std::string_view text, size_t at, std::string_view word) {
  bool starts_word = IsWordChar(CodePointAt(word, 0));
  bool ends_word = IsWordChar(CodePointBefore(word, word.size()));
  if (starts_word && IsWordChar(CodePointBefore(text, at))) return false;
  if (ends_word && IsWordChar(CodePointAt(text, at + word.size()))) return false;
  return true;
}

}  // namespace

std::vector<WordBox> AlignWords(std::string_view text, const std::vector<PlacedWord>& words) {
  // How far past the previous word a word may be: a line of layout padding, not a paragraph
  // (a word further away is more likely another occurrence than this one).
  constexpr size_t kLookAhead = 400;
  // Positions are 32-bit in ICU's UTF-8 macros; no page comes near that.
  if (text.size() > INT32_MAX / 2) return {};
  std::vector<WordBox> out;
  out.reserve(words.size());
  size_t cursor = 0;
  for (const PlacedWord& w : words) {
    std::string word = text::Nfc(w.text);
    // Trimmed of spaces, which the text may lay out differently.
    size_t b = word.find_first_not_of(" \t\n\r");
    if (b == std::string::npos) continue;
    word = word.substr(b, word.find_last_not_of(" \t\n\r") - b + 1);
    size_t at = text.find(word, cursor);
    while (at != std::string_view::npos && at - cursor <= kLookAhead &&
           !StandsAlone(text, at, word)) {
      at = text.find(word, at + 1);
    }
    if (at == std::string_view::npos || at - cursor > kLookAhead) continue;
    out.push_back({at, at + word.size(), w.x0, w.y0, w.x1, w.y1});
    cursor = at + word.size();
  }
  return out;
}

PlacedWord UnturnBox(const PlacedWord& word, double degrees, double aspect) {
  if (degrees == 0 || !(aspect > 0)) return word;
  // In units of the page height, y down: a clockwise turn by t maps (x, y) about the centre to
  // (x cos t - y sin t, x sin t + y cos t); the turn back is its transpose.
  const double t = degrees * M_PI / 180.0, c = std::cos(t), s = std::sin(t);
  const double cx = aspect / 2, cy = 0.5;
  double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
  for (double fx : {word.x0, word.x1}) {
    for (double fy : {word.y0, word.y1}) {
      const double dx = fx * aspect - cx, dy = fy - cy;
      const double x = cx + dx * c + dy * s, y = cy - dx * s + dy * c;
      x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
    }
  }
  auto clamp = [](double v) { return static_cast<float>(std::clamp(v, 0.0, 1.0)); };
  PlacedWord out = word;
  out.x0 = clamp(x0 / aspect), out.x1 = clamp(x1 / aspect), out.y0 = clamp(y0), out.y1 = clamp(y1);
  return out;
}

}  // namespace notaria::ingest
