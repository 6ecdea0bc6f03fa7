// Amounts of money of deeds and contracts, each with its kind from the clause that states it.
//
// Every amount the text/ readers find (digits, or words with the digits beside them) is given
// the kind of the cue that ends closest before it within the same clause: "moyennant le prix
// de" (prix), "frais ... émoluments" (frais), "prêt d'un montant de" (pret), "dépôt de
// garantie" / "séquestre" (depot_garantie), "honoraires de négociation" (commission),
// "évaluent ... à" (valeur), "loyer" (loyer), "provision sur charges" (charges), "capital
// emprunté" (capital), "mensualités de" (mensualite). An amount without a cue, or whose
// closest cue belongs to something else (a company's capital, a tax allowance), is left out.
// In a loan contract the loan amount is the capital. When the deed writes an amount in words
// and in digits, `value` is the digits and `value_words` the words, so that a check can
// compare them. Amounts of the same kind and value are listed once (first evidence kept).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/extract.h"

namespace notaria::analyze {

struct DeedAmount {
  std::string kind;
  double value = 0;
  std::string currency;
  Evidence evidence;  // the digits (or the words when only words are printed)
  std::optional<double> value_words;
  std::optional<Evidence> words_evidence;
};

std::vector<DeedAmount> FindDeedAmounts(const DocumentView& doc, std::string_view document_type);

// {"kind", "value", "currency", "evidence", and "value_words" + "value_words_evidence" when
// the amount is also written in words}.
nlohmann::json DeedAmountJson(const DeedAmount& amount);

}  // namespace notaria::analyze
