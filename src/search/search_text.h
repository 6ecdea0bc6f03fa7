// What both search engines need to agree on, so that a query finds the same pages whichever
// engine runs it: the folding of text and queries, identifier keywords, and the words of a
// query as the French stemmer sees them (for snippets).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace notaria::search {

// Identifiers written in `text`, normalised the same way for pages and queries:
// - a run of digit groups with 9 digits or more ("123 456 789", "123.456.789 00012") gives
//   its digits joined, and a 14-digit run (SIRET) also its first 9 (SIREN);
// - a cadastre parcel, section letters followed by a plan number ("AB 123", "section AB
//   n° 123", "0A 0075"), gives section + number without leading zeros ("ab123", "0a75").
//   Sections are capital letters on the page; a query may be typed in any case.
// Duplicates are removed; order is first appearance.
std::vector<std::string> Keywords(std::string_view text);
// The same with where each was read: bytes [start, end) of `text`.
struct KeywordSpan {
  std::string keyword;
  size_t start = 0, end = 0;
};
std::vector<KeywordSpan> KeywordSpans(std::string_view text);
// The identifiers of a query, when they are what it asks for: the query holds nothing else
// than them, their labels ("section", "n°", "SIREN") and common words. "AB 123" and "SIREN
// 552 100 554" give their keywords; "FR76 1334 4420" or "vente AB 123" give none (the words
// beside them must be on the page too, which a keyword match alone would not require).
std::vector<std::string> QueryKeywords(std::string_view query);

// Folded for matching: lower case, no accents (text::FoldForMatch), and numbers split at the
// separators inside them ("196 000,00" -> "196 000 00"). Same length as FoldForMatch's.
std::string FoldForSearch(std::string_view text);

// The stems of the words of a folded text, for the French stemmer ("donations" and
// "donation" give the same stem). Words are runs of letters and digits.
std::vector<std::string> Stems(std::string_view folded);
std::string Stem(std::string_view folded_word);

// Runs of letters and digits of a folded text (what the engines index as words).
std::vector<std::string_view> Words(std::string_view folded);

// An amount as a notary types it without its spaces: 4 to 8 digits, not starting with 0
// ("196000"; "06500" is a code, 9 digits and more an identifier). The engines also look for it
// by thousands ("196 000"), and snippets mark it so.
bool IsTypedAmount(std::string_view word);

// A query as typed, read the same way for both engines: words are all required, "phrases",
// OR (any case) between alternatives, parentheses; AND is implied. Top-level exclusions
// ("-word", -"a phrase", NOT word) are returned apart, since a document is left out when one
// of them is written anywhere in it, not only on the page that matched. Typographic quotes
// (“ ” « ») are quotes; an unclosed quote closes at the end; dangling ORs are dropped; digit
// groups typed apart ("327 000") are one number, read as a phrase.
struct ParsedQuery {
  // Tokens that must match: words (an exclusion inside parentheses stays there as "-word"),
  // "phrases" with their quotes, parentheses attached to words, and "|" for OR.
  std::vector<std::string> positive;
  std::vector<std::string> excluded;  // words or "phrases"
  // The positive tokens joined by spaces, OR written as the engine wants it ("|" or "OR").
  std::string Positive(std::string_view or_operator) const;
};
ParsedQuery ParseQuery(std::string_view typed);

// True when every word that must match is a word the engines do not index ("le", "de"):
// such a query can find nothing, and saying why beats an empty list.
bool OnlyCommonWords(const ParsedQuery& query);

// True when `text` has a letter or a digit (a query of spaces, NBSP, zero-width characters
// or punctuation has none).
bool HasWordCharacters(std::string_view text);

// Words of a query that must not count: operators and French stop words that the engines
// ignore ("le", "de", "et", "AND", "OR", "NOT").
bool IsQueryStopWord(std::string_view folded_word);

// The type code's words a notary would type: "acte_vente" -> {"acte", "vente"}, plus the
// usual name of the type ("cni" -> "carte", "identite").
std::vector<std::string> TypeWords(std::string_view document_type);

}  // namespace notaria::search
