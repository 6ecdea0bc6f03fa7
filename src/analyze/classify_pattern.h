// Turns a cue phrase written in plain folded French into an OCR-tolerant RE2 pattern.
//
// Cue tables stay readable ("releve d'identite bancaire") while the matcher forgives what
// OCR does to scans: separators (space, hyphen, apostrophe, line break) may be doubled,
// swapped or lost; 'i', 'l', '1' and '|' are interchangeable, as are 'o' and '0', and 'm' and "rn";
// a word of 9 letters or more may have one character substituted, lost or added, one of 12 or more
// one in each half. Syntax of a phrase: alternatives separated by '|', words separated by spaces,
// hyphens or apostrophes, a word ending in '*' is a stem (any continuation), '#' stands for one
// digit. A phrase starting with "re:" is taken as a raw RE2 pattern. Matching is meant for
// text::FoldForMatch output (lower case, no accents), one line per line of the page.
#pragma once

#include <string>
#include <string_view>

namespace notaria::analyze {

std::string OcrTolerantPattern(std::string_view phrase);

}  // namespace notaria::analyze
