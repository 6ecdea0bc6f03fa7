// Unicode normalisation of French text.
//
// Every text the platform stores or matches goes through here: Nfc() for what is kept and
// shown (so that byte offsets are stable), FoldForMatch() for comparisons that must ignore
// case and accents ("Créteil" == "CRETEIL"). Invalid UTF-8 is repaired with U+FFFD, never
// rejected. Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace notaria::text {

// Canonical composition (NFC): "e" + U+0301 becomes "é".
std::string Nfc(std::string_view utf8);

// Lower case, accents removed, ligatures expanded ("Œuvre" -> "oeuvre"), NBSP and narrow
// NBSP turned into spaces, typographic apostrophes and dashes made ASCII, line breaks kept.
// The result is for matching only: use FoldedText when offsets must map back.
std::string FoldForMatch(std::string_view utf8);

// Capitals as French prints names: "Aurélie" -> "AURÉLIE" (accents kept, ß -> SS).
std::string Upper(std::string_view utf8);

// The ASCII digits of `s`, in order ("123 456 789" -> "123456789").
std::string DigitsOf(std::string_view s);

// True when `s` is well-formed UTF-8 (no stray, overlong or cut sequence, no surrogate).
bool IsValidUtf8(std::string_view s);

// Number of Unicode code points in valid UTF-8 (invalid bytes count one each).
size_t CodePointCount(std::string_view utf8);

}  // namespace notaria::text
