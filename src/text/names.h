// Comparing the names of persons and companies as different documents print them.
//
// An ID card prints "GAUTIER" where the deed says "Madame Louise Gautier, épouse MARTIN";
// a Kbis prints "SCI LES TILLEULS" where the deed says "la société civile immobilière
// dénommée Les Tilleuls". NameKey folds case, accents, hyphens and apostrophes so that
// spellings of the same name compare equal; CompareNames tells a same name from a near one
// (one or two typing errors: the spelling mistakes a notary must catch) and from another
// name. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace notaria::text {

// "Le Gall-Hervé" -> "le gall herve"; "O'Neil" -> "o neil". Empty for a name with no letter.
std::string NameKey(std::string_view name);

// Company name without its legal form and filler words: "SCI LES TILLEULS", "Société
// civile immobilière LES TILLEULS" and "Les Tilleuls (SCI)" give "les tilleuls".
std::string CompanyNameKey(std::string_view name);

// Damerau-Levenshtein distance (adjacent transposition = 1) between two strings, counted
// in code points.
int EditDistance(std::string_view a, std::string_view b);

enum class NameMatch {
  kSame,   // equal keys
  kClose,  // a likely misspelling: small distance relative to the length
  kDifferent,
};

// Compares two surnames (or two full names) by their keys. "GAUTEIR" / "Gautier" is
// kClose; "MARTIN" / "MARTINEZ" is kDifferent (a different family, not a typo);
// compound names match when one is the other's first or last part ("LE GALL" / "LE
// GALL-HERVE" is kSame).
NameMatch CompareNames(std::string_view a, std::string_view b);

}  // namespace notaria::text
