// Amounts of money written in digits, as French documents print them.
//
// A number is read with its thousands separator — space, NBSP (U+00A0), narrow NBSP
// (U+202F), thin space (U+2009), dot or apostrophe, the same one throughout and in groups of
// exactly three digits — and its decimal comma (1 or 2 digits, or ",-" for none). A decimal
// dot is read only when the dot is not the thousands separator and 1 or 2 digits follow it;
// "250.000" is two hundred and fifty thousand. An amount found in text must carry its
// currency (€, EUR, euro(s), or francs/FRF for old deeds) before or after the number, so that
// a phone number, a SIREN, a date or a reference number is never taken for one; a number
// glued to a digit, a letter or a digit-separator-digit sequence is not an amount either.
// "1,5 million d'euros" is read as 1 500 000. Offsets are bytes of the original text. Pure
// and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace notaria::text {

struct Amount {
  size_t start = 0;  // byte offsets into the original text, currency included
  size_t end = 0;
  double value = 0;       // in units of `currency`
  std::string currency;   // "EUR", "FRF", or "" (ParseAmount of a bare number)
  bool in_words = false;  // "deux cent cinquante mille euros"
};

struct FindAmountsOptions {
  // Also report amounts written in words (see FindAmountWords in french_numbers.h).
  bool include_words = true;
};

// Every amount of `text`, in order of position.
std::vector<Amount> FindAmounts(std::string_view text, const FindAmountsOptions& options = {});

// A field that holds one amount, the currency being optional: "14 000,12 EUR",
// "€ 1 234,56", "250.000", "vingt euros". Surrounding spaces and a final period are allowed.
std::optional<Amount> ParseAmount(std::string_view field);

// A number in French digit notation, alone in `field`: "1 234,56", "6.700,54", "100.000",
// "6,7", "-1.200.000".
std::optional<double> ParseFrenchDecimal(std::string_view field);

// The way back, for messages to the notary: 250000 -> "250 000,00 €" (plain spaces, which
// read everywhere), or "250 000 €" rounded to the euro when `cents` is false.
std::string FormatEuros(double value, bool cents = true);

}  // namespace notaria::text
