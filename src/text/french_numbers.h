// Numbers written in French words, both ways.
//
// Reading follows the grammar of French cardinals up to the milliards: "vingt et un",
// "quatre-vingt(s)", "quatre-vingt-dix-sept", "deux cent(s)", "mille", "mil" (dates),
// "million(s)", "milliard(s)", the Belgian/Swiss "septante", "huitante"/"octante", "nonante",
// the old century form "dix-neuf cent quatre-vingt-dix" (11..19 hundreds), leading "zéro"s and
// "virgule" decimals. Both the traditional spelling and the 1990 one (hyphens everywhere,
// "vingt-et-un") are accepted, as are capitals, missing accents, extra spaces, hyphens and
// line breaks, and a wrong plural ("sept cents vingt"). Ungrammatical sequences are not one
// number: "vingt un", "quarante douze", "mille un cent", "mille mille", "cinq zéro".
//
// Writing gives the traditional spelling (hyphens below one hundred only, "et" in 21..71) or
// the 1990 spelling (hyphens between all numerals; million/milliard stay nouns).
//
// Finding returns spans whose offsets are bytes of the original text. A lone "un"/"une" (an
// article far more often than a number, see FindNumberWordsOptions), "un" after an
// apostrophe ("l'un", "qu'un"), a lone "neuf" that means "new" and the first words of an
// ordinal ("vingt et unième") are not reported. Amount words ("deux cent cinquante mille euros",
// "vingt euros et dix centimes", "cent euros cinquante") are read by
// ParseFrenchAmountWords/FindAmountWords. Everything here is pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/french_tokens.h"

namespace notaria::text {

// Largest magnitude read or written: 999 999 999 999 (milliards).
inline constexpr int64_t kMaxFrenchNumber = 999'999'999'999;

// The whole of `words` as one integer ("Deux cent quatre-vingts" -> 280); nullopt if it is
// not exactly one grammatical number.
std::optional<int64_t> ParseFrenchInteger(std::string_view words);

// Like ParseFrenchInteger, also with a "virgule" part: "douze virgule quatre-vingt-dix-neuf" ->
// 12.99, "cent vingt virgule zéro cinq" -> 120.05, "dix-sept virgule quatre deux" -> 17.42
// (two or more single digits after "virgule" are read digit by digit).
std::optional<double> ParseFrenchNumber(std::string_view words);

enum class FrenchSpelling { kTraditional, kRectified1990 };

// |n| <= kMaxFrenchNumber, else "" ("moins " prefixes negatives).
// 80 -> "quatre-vingts", 280000 -> "deux cent quatre-vingt mille", 221 (1990) ->
// "deux-cent-vingt-et-un".
std::string FrenchIntegerToWords(int64_t n, FrenchSpelling spelling = FrenchSpelling::kTraditional);

struct NumberWordSpan {
  size_t start = 0;  // byte offsets into the original text
  size_t end = 0;
  double value = 0;
  bool is_integer = true;
  std::string digits;  // "090" for "zéro quatre-vingt-dix", "12,99" for decimals
};

struct FindNumberWordsOptions {
  // A number standing alone (no other number right before or after it, apart from spaces and
  // commas) is reported only if its value reaches this.
  int64_t isolated_threshold = 0;
  // A lone "un"/"une" is an article ("un appartement"), not reported; in a sequence
  // ("un, deux, trois") it is a number.
  bool lone_un_is_article = true;
};

std::vector<NumberWordSpan> FindNumberWords(std::string_view text,
                                            const FindNumberWordsOptions& options = {});

// `text` with each number found by FindNumberWords written in digits ("vingt et un" -> "21").
std::string ReplaceNumberWords(std::string_view text, const FindNumberWordsOptions& options = {});

struct WordAmount {
  size_t start = 0;  // byte offsets into the original text
  size_t end = 0;
  double value = 0;
  std::string currency;  // "EUR" or "FRF"
};

// "deux cent cinquante mille euros", "vingt et un euros et vingt-neuf centimes",
// "cent euros cinquante", "un franc et zéro centimes"; the whole input must be the amount.
std::optional<WordAmount> ParseFrenchAmountWords(std::string_view text);
std::vector<WordAmount> FindAmountWords(std::string_view text);

// Token-level reader for the other readers of this folder (dates): the longest grammatical
// integer starting at tokens[i]. `next` is the index after it.
struct TokenInteger {
  int64_t value = 0;
  size_t next = 0;
  int leading_zeros = 0;
};
std::optional<TokenInteger> ReadIntegerTokens(const std::vector<Token>& tokens, size_t i);

}  // namespace notaria::text
