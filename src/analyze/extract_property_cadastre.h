// Cadastral parcels of a deed's désignation, and every other place a parcel is cited.
//
// Reads the running forms ("cadastré section AB numéro 123, lieudit Les Vignes, pour une
// contenance de 00 ha 05 a 32 ca", "préfixe 141 section CK n° 24", "section 000 AB n° 0123",
// "section I n°s 74, 75 et 76", "cadastrée AB 123 pour 532 m²") and the tables "Section | N° |
// Lieudit | Contenance" whether their cells come one per line (text layer) or on one line
// (OCR). Contenances are in centiares (1 ca = 1 m²). References are normalised as
// ParseCadastralRef does (no leading zeros, prefix "000" dropped).
//
// The désignation's parcels are the first group of references that states a lieudit or a
// contenance (or a table); a reference elsewhere in the deed (a pre-emption notice, an origin
// of property) is a mention, kept so that a check can compare it with the désignation.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "analyze/extract.h"

namespace notaria::analyze {

struct ParcelMention {
  std::string prefix;  // empty when none
  std::string section;
  std::string number;
  std::optional<std::string> lieudit;
  std::optional<long long> contenance_ca;
  Evidence reference;  // the whole reference ("section AB numéro 123")
  Evidence section_evidence;
  Evidence number_evidence;
  std::optional<Evidence> prefix_evidence;
  std::optional<Evidence> lieudit_evidence;
  std::optional<Evidence> contenance_evidence;
  bool in_designation = false;
};

// All references of the document in reading order, the désignation's flagged.
std::vector<ParcelMention> FindParcels(const DocumentView& doc);

// result.md's cadastre item {prefix, section, number, lieudit, contenance_ca, evidence}.
nlohmann::json ParcelJson(const ParcelMention& parcel);
// A mention for the checks: {prefix, section, number, in_designation, evidence}.
nlohmann::json ParcelMentionJson(const ParcelMention& parcel);

}  // namespace notaria::analyze
