// Word/digit/symbol tokens of French text, with byte offsets into the original text.
//
// The number and date readers work on these tokens so that every span they report points
// into the page text as stored (NFC UTF-8), whatever accents, capitals, non-breaking spaces
// or line breaks surround it. A word token carries its FoldForMatch() form ("Février" ->
// "fevrier"); a hyphen between two words is not a token but sets `hyphen_before` on the
// second word ("quatre-vingt-dix", "vingt-\ndeux" at a line break); any other hyphen is a
// symbol token. Apostrophes of every kind (' ’ ʼ) become the symbol "'". Invalid UTF-8 bytes
// are symbols of one byte. Thread-safe, no state.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace notaria::text {

enum class TokenKind { kWord, kDigits, kSymbol };

struct Token {
  TokenKind kind = TokenKind::kSymbol;
  size_t start = 0;           // byte offset in the original text
  size_t end = 0;             // one past the last byte
  std::string folded;         // words: folded; digits: the digits; symbols: the (normalised) symbol
  bool space_before = false;  // any white space (incl. NBSP, U+202F, line breaks) before it
  bool hyphen_before = false;  // joined to the previous word by a hyphen
  bool newline_before = false;
};

std::vector<Token> TokenizeFrench(std::string_view text);

// True for the word tokens at `i` whose folded form is `word` (false past the end).
bool IsWord(const std::vector<Token>& tokens, size_t i, std::string_view word);
// True for the symbol token at `i` equal to `symbol`.
bool IsSymbol(const std::vector<Token>& tokens, size_t i, std::string_view symbol);
// True when nothing (no space, no hyphen) separates token i from token i-1.
bool Adjacent(const std::vector<Token>& tokens, size_t i);

}  // namespace notaria::text
