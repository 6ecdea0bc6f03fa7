// Dates of deeds and contracts, each with its kind from the clause that states it.
//
// Every date the text/ reader finds is given the kind of the cue that ends closest before it
// in the same clause: the deed opening "L'AN ... LE ..." or a date followed by "a reçu le
// présent acte" (acte), "fait à ..., le" (signature), "réitération / acte authentique ... au
// plus tard le" (reiteration), "obtention du prêt ... le" (condition_pret), "prend effet le /
// à compter du" (prise_effet), "acquis ... suivant acte reçu le" (acquisition_anterieure),
// "diagnostic de performance énergétique" (dpe), "décédé(e) le" (deces), "émise le"
// (emission). Dates of laws, articles, births, marriages and publications are left out, as
// are dates without a cue. A kind that a document has once (acte, signature, ...) keeps its
// first date; others are listed once per value.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/extract.h"

namespace notaria::analyze {

struct DeedDate {
  std::string kind;
  std::string value;  // ISO 8601
  Evidence evidence;
};

std::vector<DeedDate> FindDeedDates(const DocumentView& doc, std::string_view document_type);

nlohmann::json DeedDateJson(const DeedDate& date);  // {"kind", "value", "evidence"}

}  // namespace notaria::analyze
