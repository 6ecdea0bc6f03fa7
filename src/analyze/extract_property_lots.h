// Lots de copropriété of a deed's désignation: number, tantièmes and kind.
//
// Reads "Lot numéro douze (12) : un appartement ... et les cent vingt-cinq /dix-millièmes
// (125/10000èmes) des parties communes générales", "Lot n° 12 - une cave ... 25/1000èmes",
// and lots whose number or quote-part is only in words. A lot is taken where it is
// described (a colon or dash after its number, or a quote-part in its paragraph), so "pour le
// lot numéro 12" in a later clause adds nothing. Tantièmes are "numerator/denominator" as
// printed in digits, or computed from the words. Kinds: appartement, cave, parking, grenier,
// local, bureau, jardin, or null.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "analyze/extract.h"

namespace notaria::analyze {

struct CoproLot {
  std::string number;
  std::optional<std::string> tantiemes;
  std::optional<std::string> kind;
  Evidence number_evidence;
  std::optional<Evidence> tantiemes_evidence;
  std::optional<Evidence> kind_evidence;
};

std::vector<CoproLot> FindLots(const DocumentView& doc);

nlohmann::json LotJson(const CoproLot& lot);  // {number, tantiemes, kind, evidence}

}  // namespace notaria::analyze
