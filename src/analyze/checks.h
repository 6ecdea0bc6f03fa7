// Internal checks of one document: the findings of result.md, from its extracted entities.
//
// RunChecks reads the `entities` object (as ExtractEntities fills it) and returns findings
// {"code", "severity", "message", "evidence": [{"page","start","end"}], "details": {}}.
// Codes are those of the corpus ground truth (siren_invalid, iban_invalid,
// mrz_check_digit_invalid, id_document_expired, birth_after_deed, party_minor,
// price_words_mismatch, cadastre_mismatch, surface_inconsistent, dpe_expired) and
// ownership_shares_not_100 (the quotités of a deed do not share out the whole). Messages are
// French and meant for the notary. A check whose inputs are missing raises nothing: absence
// of evidence is not an anomaly. Deterministic; never throws on any entities object.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "analyze/mrz.h"

namespace notaria::analyze {

struct CheckContext {
  std::string document_type;
  // The date at which validity and ages are judged when the document itself gives none (the
  // deed date of a deed is used for deeds): today for a standalone document, the dossier's
  // deed date inside a dossier.
  mrz::Date reference;
};

nlohmann::json RunChecks(const nlohmann::json& entities, const CheckContext& context);

// The date a deed or contract takes effect for ages and validity: its `acte` date, or its
// `signature` date; nullopt when neither was read.
std::optional<mrz::Date> DeedDate(const nlohmann::json& entities);
// The date item ({"kind", "value", "evidence"}) DeedDate reads, or null.
const nlohmann::json* DeedDateItem(const nlohmann::json& entities);

// "12/03/2024": a date as the messages to the notary write it.
std::string FrenchDate(const mrz::Date& date);

// "2024-03-12" -> {2024, 3, 12}; nullopt for anything else.
std::optional<mrz::Date> ParseIsoDate(const nlohmann::json& value);

}  // namespace notaria::analyze
