// Company clauses of deeds and contracts: "La société dénommée X, société civile immobilière
// au capital de 1 000,00 €, dont le siège est à ..., identifiée au SIREN sous le numéro ...
// et immatriculée au RCS de LYON", "X SAS, RCS Paris 123 456 789", "l'agence X, SARL, ...".
// A company is recognised by its legal form after its name; the fields are read from the
// clause that follows, up to the end of its sentence.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analyze/extract.h"
#include "analyze/extract_parties_name.h"
#include "analyze/extract_parties_text.h"

namespace notaria::analyze::parties {

struct CompanyMention {
  Span name;
  Span legal_form;
  bool agency = false;  // introduced as "l'agence ...": an intermediary
};

// Every company named with its legal form on the page, in order.
std::vector<CompanyMention> FindCompanies(const PageScan& scan);

// Builds the company entity (without its role) from the mention and its clause, which ends
// at folded offset `clause_end`.
EntityBuilder ReadCompany(const PageScan& scan, const CompanyMention& mention, size_t clause_end);

}  // namespace notaria::analyze::parties
