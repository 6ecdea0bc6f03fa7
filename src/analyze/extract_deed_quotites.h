// Quotités: how the acquirers (donees, heirs) share the rights a deed transfers.
//
// Reads the clause that distributes them, in any of its usual forms: "les acquéreurs
// acquérant chacun pour moitié indivise", "chacun à concurrence d'un tiers", "Monsieur X à
// concurrence de 60 % et Madame Y à concurrence de 40 %", "à hauteur de 3/4". A share is
// taken only after the prepositions that introduce a quotité (pour, à concurrence de, à
// hauteur de, à raison de) in a sentence about the acquirers' side, so the seller's "vend
// pour la totalité" and the tantièmes of a lot are never read as shares. Sentences that
// split ownership into usufruct and bare ownership are left out: their shares apply to
// different rights and do not add up. Returns nullopt when the deed states no share.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "analyze/extract.h"

namespace notaria::analyze {

// {"distributive": true when the share is "chacun pour ...",
//  "shares": [{"value": 0.5, "text": "moitié", "evidence": {page, start, end}}]}
std::optional<nlohmann::json> FindQuotites(const DocumentView& doc);

}  // namespace notaria::analyze
