// The name of a person after a civility, as civil-status clauses print it: prénoms in mixed
// case then the nom in capitals ("Jean-Pierre, Louis MARTIN"), or the nom first ("MARTIN
// Jean"), with the nom de naissance introduced by "épouse", "veuve" or "née" ("Marie
// DURAND épouse MARTIN" -> nom MARTIN, naissance DURAND; "Juliette BOUVIER née MARTIN" ->
// naissance MARTIN). A name without a word in capitals is not read (nothing tells the nom
// from the prénoms).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analyze/extract_parties_text.h"

namespace notaria::analyze::parties {

struct Span {
  size_t start = 0;  // folded offsets
  size_t end = 0;
};

struct ParsedName {
  std::vector<Span> first_names;
  Span last_name;
  std::optional<Span> birth_name;
  size_t end = 0;        // folded offset just after the name (and its birth-name part)
  size_t next_word = 0;  // index of the first word after it
};

// Civility at word `i`: 'M' or 'F', 0 when the word is not one ("Monsieur", "M.", "Mme",
// "Madame", "Mademoiselle", OCR-damaged by one letter when followed by a capital).
char CivilityAt(const PageScan& scan, size_t i);

// The name starting at word `i` (the word after the civility).
std::optional<ParsedName> ParseName(const PageScan& scan, size_t i);

// The value of a name span as printed, white space collapsed.
std::string NameValue(const PageScan& scan, Span span);

}  // namespace notaria::analyze::parties
