// French communes: INSEE code ↔ postal code ↔ name consistency.
//
// The table is the Code officiel géographique with La Poste postal codes, as published in
// @etalab/decoupage-administratif and compiled into the binary at build time. It holds the
// current communes, the municipal arrondissements of Paris, Lyon and Marseille (75101–75120,
// 69381–69389, 13201–13216), the communes déléguées and associées (which share the postal
// codes of their chef-lieu) and the old codes of merged communes.
//
// Names are compared case- and accent-insensitively, with hyphens and apostrophes as spaces,
// "St"/"Ste" as "Saint"/"Sainte", a leading article in brackets moved first ("Havre (Le)"),
// and arrondissements written "Paris 1er", "Paris 01", "Lyon 3e" or "Paris 1er
// Arrondissement". Thread-safe; the table is parsed on first use.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace notaria::analyze {

struct Commune {
  enum class Kind { kCurrent, kDelegated, kAssociated, kArrondissement };
  std::string code;  // INSEE
  Kind kind = Kind::kCurrent;
  std::string parent;  // chef-lieu (déléguée/associée) or city (arrondissement), else empty
  std::string name;    // as published, with accents
  std::vector<std::string> postal_codes;  // for déléguées/associées: those of the chef-lieu
};

struct CommuneCheck {
  bool code_known = false;
  bool code_obsolete = false;        // an old code, now part of `current_code`
  std::string current_code;          // the code in force the input code stands for
  bool postal_code_matches = false;  // only meaningful when a postal code was given
  bool name_matches = false;         // only meaningful when a name was given
  std::vector<std::string> expected_postal_codes;
  std::string expected_name;
};

class CommuneIndex {
 public:
  // The compiled-in table.
  static const CommuneIndex& Get();

  const Commune* ByCode(std::string_view insee) const;
  std::vector<const Commune*> ByPostalCode(std::string_view postal_code) const;
  std::vector<const Commune*> ByName(std::string_view name) const;
  // Communes whose name matches and that use the postal code: an address's town line.
  std::vector<const Commune*> ByPostalCodeAndName(std::string_view postal_code,
                                                  std::string_view name) const;

  // Checks that a postal code and/or a name (either may be empty) fit an INSEE code. A city
  // code accepts its arrondissements' postal codes and names, and an arrondissement accepts
  // the city's name ("Paris" for 75108).
  CommuneCheck Check(std::string_view insee, std::string_view postal_code,
                     std::string_view name) const;

  size_t size() const { return communes_.size(); }

  // Folded form used for name matching (exposed for tests and callers that index names).
  static std::string NormalizeName(std::string_view name);

 private:
  CommuneIndex();
  std::vector<Commune> communes_;
  std::vector<std::pair<std::string, size_t>> by_code_;         // sorted
  std::vector<std::pair<std::string, size_t>> by_postal_;       // sorted
  std::vector<std::pair<std::string, size_t>> by_name_;         // sorted, normalised names
  std::vector<std::pair<std::string, std::string>> old_codes_;  // sorted old -> current
};

}  // namespace notaria::analyze
