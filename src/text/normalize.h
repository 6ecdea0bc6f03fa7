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

// A one-line label as typed, without the blanks around it: spaces of every kind (NBSP,
// U+2003...) and invisible characters (zero-width space, BOM) at both ends. "" when nothing
// visible is left.
std::string TrimBlanks(std::string_view utf8);

// True when `utf8` holds a character that changes how a line reads or breaks: C0 and C1
// controls, line and paragraph separators (U+2028, U+2029), bidirectional embeddings,
// overrides and isolates (U+202A-U+202E, U+2066-U+2069). A label holding one can show other
// text than it holds (U+202E then "etnev" reads "vente").
bool HasLayoutControls(std::string_view utf8);

}  // namespace notaria::text
