// Parties of deeds and contracts: entities.persons, entities.companies and entities.notary
// of acte_vente, compromis_vente, donation, succession, procuration and contrat documents.
//
// Reads the civil-status clauses by their grammar, not by one office's layout: a civility
// and a name ("Monsieur Jean-Pierre Louis MARTIN", "M. MARTIN Jean", "Madame Marie DURAND
// épouse MARTIN"), then the profession, "demeurant ...", "né(e) le ... à ...", the marital
// status and regime, the nationality; couples joined by "et ... son épouse" share what is
// said of both ("demeurant ensemble", "Mariés ...", "Monsieur et Madame sont de nationalité
// ..."). Companies are read from their legal form ("X, société civile immobilière au capital
// de ...", "X SAS, RCS Paris 123 456 789"). Roles come from the party headings ("VENDEUR",
// "LE BAILLEUR :"), the "Ci-après dénommé « ... »" that closes a party, and the grammar of
// representation ("Représentée par ...", "constitue pour mandataire ..."); a person cited in
// passing ("Divorcé de Madame X", "acte reçu par Maître Y") is not a party. Every value has
// the evidence of the text it was read from; what is not printed stays absent.
#pragma once

#include <nlohmann/json.hpp>

#include "analyze/extract.h"

namespace notaria::analyze {

// Registers ExtractParties for the six deed and contract types.
void RegisterPartyExtractors();

// Adds the parties of `doc` to entities["persons"] and ["companies"] and sets
// entities["notary"] when a notary is named.
void ExtractParties(const DocumentView& doc, std::string_view document_type,
                    nlohmann::json* entities);

}  // namespace notaria::analyze
