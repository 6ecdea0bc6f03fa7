// The 14 functional document types of ARCHITECTURE.md §1, as spelled in the API.
#pragma once

#include <array>
#include <string_view>

namespace notaria {

inline constexpr std::array<std::string_view, 14> kDocumentTypes = {
    "acte_vente",
    "compromis_vente",
    "donation",
    "succession",
    "procuration",
    "contrat",
    "cni",
    "passeport",
    "kbis",
    "rib",
    "avis_imposition",
    "dpe",
    "justificatif_domicile",
    "autre",
};

inline bool IsDocumentType(std::string_view s) {
  for (auto t : kDocumentTypes) {
    if (t == s) return true;
  }
  return false;
}

}  // namespace notaria
