#include "text/folded_text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace notaria::text {
namespace {

// Folding of one code point, as FoldForMatch does for a whole string.
void AppendFolded(UChar32 c, std::string* out) {
  if (c < 0x80) {
    if (c == '\t' || c == '\r' || c == '\f' || c == '\v') c = ' ';
    out->push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    return;
  }
  if (c == 0x00A0 || c == 0x202F || c == 0x2009 || c == 0x2007 || u_isUWhiteSpace(c)) {
    out->push_back(c == 0x2028 || c == 0x2029 ? '\n' : ' ');
    return;
  }
  switch (c) {
    case 0x0152:
    case 0x0153:
      out->append("oe");
      return;
    case 0x00C6:
    case 0x00E6:
      out->append("ae");
      return;
    case 0x2019:  // typographic apostrophe, as typed by word processors
    case 0x2018:
    case 0x02BC:
      out->push_back('\'');
      return;
    case 0x2010:  // hyphens and dashes
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
      out->push_back('-');
      return;
    default:
      break;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
  icu::UnicodeString s(c);
  if (U_SUCCESS(status)) {
    icu::UnicodeString d = nfkd->normalize(s, status);
    if (U_SUCCESS(status)) s = d;
  }
  icu::UnicodeString kept;
  for (int32_t i = 0; i < s.length();) {
    UChar32 d = s.char32At(i);
    i += U16_LENGTH(d);
    if (u_charType(d) == U_NON_SPACING_MARK) continue;
    kept.append(u_foldCase(d, U_FOLD_CASE_DEFAULT));
  }
  kept.toUTF8String(*out);
}

}  // namespace

FoldedText::FoldedText(std::string_view original) : original_(original) {
  folded_.reserve(original.size());
  origin_.reserve(original.size());
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(original.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(original.data());
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, n, c);
    if (c < 0) c = 0xFFFD;
    size_t before = folded_.size();
    AppendFolded(c, &folded_);
    for (size_t k = before; k < folded_.size(); ++k) {
      origin_.emplace_back(static_cast<size_t>(start), static_cast<size_t>(i));
    }
  }
}

std::pair<size_t, size_t> FoldedText::OriginalSpan(size_t folded_start, size_t folded_end) const {
  if (folded_start >= origin_.size()) return {original_.size(), original_.size()};
  if (folded_end <= folded_start) {
    size_t at = origin_[folded_start].first;
    return {at, at};
  }
  if (folded_end > origin_.size()) folded_end = origin_.size();
  return {origin_[folded_start].first, origin_[folded_end - 1].second};
}

}  // namespace notaria::text
