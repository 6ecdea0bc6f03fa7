#include "text/normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace notaria::text {
namespace {

const icu::Normalizer2* NfcInstance() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
  return U_SUCCESS(status) ? n : nullptr;
}

const icu::Normalizer2* NfkdInstance() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKDInstance(status);
  return U_SUCCESS(status) ? n : nullptr;
}

std::string ToUtf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

}  // namespace

std::string Nfc(std::string_view utf8) {
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  const icu::Normalizer2* n = NfcInstance();
  if (n == nullptr) return ToUtf8(s);
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString out = n->normalize(s, status);
  return U_SUCCESS(status) ? ToUtf8(out) : ToUtf8(s);
}

std::string FoldForMatch(std::string_view utf8) {
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  // Ligatures that NFKD keeps as single letters in French.
  s.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x0152)), "OE");
  s.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x0153)), "oe");
  s.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x00C6)), "AE");
  s.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x00E6)), "ae");
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = NfkdInstance();
  icu::UnicodeString decomposed = nfkd ? nfkd->normalize(s, status) : s;
  if (U_FAILURE(status)) decomposed = s;
  icu::UnicodeString out;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    if (c == 0x00A0 || c == 0x202F || c == 0x2009 || u_isUWhiteSpace(c)) c = ' ';
    out.append(u_foldCase(c, U_FOLD_CASE_DEFAULT));
  }
  return ToUtf8(out);
}

size_t CodePointCount(std::string_view utf8) {
  size_t n = 0;
  for (unsigned char c : utf8) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace notaria::text
