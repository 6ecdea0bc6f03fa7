// Places as the civil-status clauses of deeds print them: communes with their postal or
// département code ("LYON 3ÈME ARRONDISSEMENT (69003)", "Née à BLOIS (41000)"), foreign
// cities with their country ("CASABLANCA (MAROC)"), and postal addresses in either order
// ("à PARIS (75011), 12 rue X, Bâtiment A" or "12 rue X, 75011 Paris").
//
// Values are given in the corpus conventions of result.md: a French commune by its official
// name ("Charleville-Mézières", an arrondissement as "Lyon 3e" for a birth place, the city
// for an address), a foreign city in title case when printed in capitals, an address as
// "complement, number street, postal_code City". Nothing here guesses: a part that cannot
// be read is left out. Pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace notaria::analyze::parties {

// The commune name for a printed name and an optional postal code. `keep_arrondissement`
// keeps "Paris 15e" (birth places); otherwise the city alone ("Paris", addresses).
std::string CommuneName(std::string_view printed, std::string_view postal_code,
                        bool keep_arrondissement);

// A country name as printed, repaired when it is one OCR edit away from a known country
// ("MAROO" -> "Maroc"); nullopt when the text is not a country.
std::optional<std::string> CountryName(std::string_view printed);

struct Place {
  std::string city;     // normalised, see CommuneName
  std::string country;  // "France" when a French postal/département code is printed
};

// "LYON 3e (69003)", "MILAN (ITALIE)", "Rodez": the place of a birth clause.
std::optional<Place> ParseBirthPlace(std::string_view printed);

// An address in either order, normalised to "complement, number street, postal_code City".
// nullopt when no street or no town can be told apart.
std::optional<std::string> ParseAddress(std::string_view printed);

// `text` with runs of white space (line breaks included) collapsed to one space, and a
// line-end hyphenation ("Jean-\nPierre") joined.
std::string CollapseSpaces(std::string_view text);

}  // namespace notaria::analyze::parties
