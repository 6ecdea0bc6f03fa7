// Where the property of a deed or a lease is, and what it is.
//
// The address is read in the désignation (after "désignation", "adresse du logement",
// "situé à", "le bien suivant"), in the two French orders: "À ALÈS (30100), 20 ter quai des
// Bateliers" and "55 chemin des Écoliers, 90000 BELFORT". Addresses of persons, companies and
// the notary's office ("demeurant", "siège", "notaire à", "au siège de l'office") are not
// the property's. Land without a street ("sur la commune de LACANAU (33680), lieudit ...")
// gets its commune alone, when the commune table knows the pair. The INSEE code comes from the
// commune table given the postal code and the name (a Paris, Lyon or Marseille arrondissement gets
// its own code and the city's name); it is null when the pair does not identify one commune. The
// kind (appartement, maison, terrain) is the first such noun of the désignation.
#pragma once

#include <optional>
#include <string>

#include "analyze/extract.h"

namespace notaria::analyze {

struct PropertyPlace {
  std::optional<std::string> address;  // "number street", as printed
  std::optional<std::string> postal_code;
  std::optional<std::string> city;  // the commune's published name when identified
  std::optional<std::string> insee_code;
  std::optional<std::string> kind;
  std::optional<Evidence> address_evidence;
  std::optional<Evidence> postal_code_evidence;
  std::optional<Evidence> city_evidence;
  std::optional<Evidence> kind_evidence;
};

PropertyPlace FindPropertyPlace(const DocumentView& doc);

}  // namespace notaria::analyze
