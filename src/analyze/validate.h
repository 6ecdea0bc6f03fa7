// Checks of the identifiers a notarial file carries: SIREN, SIRET, French VAT number, IBAN,
// French RIB key, BIC, cadastral parcel references.
//
// Inputs are as printed: spaces (and, except for BIC, dots and dashes) are ignored, case is
// ignored. Each check returns what is wrong rather than a bare boolean, so that a finding
// can say "clé RIB incorrecte" rather than "invalide". Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace notaria::analyze {

enum class IdStatus {
  kValid,
  kInvalidFormat,  // characters not allowed, or a structure the scheme forbids
  kInvalidLength,
  kInvalidCountry,   // IBAN/BIC country code unknown
  kInvalidChecksum,  // Luhn, mod 97, RIB key, ...
  kInvalidNational,  // IBAN passes mod 97 but its national check (RIB key, Spanish DC) fails
};

std::string_view IdStatusName(IdStatus status);  // "valid", "invalid_format", ...

// Luhn over a string of digits (false for anything else or an empty string).
bool LuhnValid(std::string_view digits);

// SIREN: 9 digits, Luhn.
IdStatus ValidateSiren(std::string_view siren);

// SIRET: 14 digits, Luhn over the 14; establishments of La Poste (SIREN 356000000) are numbered
// outside Luhn and valid when the sum of their digits is a multiple of 5.
IdStatus ValidateSiret(std::string_view siret);

// French VAT number ("FR" optional, 2-character key + SIREN). Numeric keys are
// (12 + 3 × (SIREN mod 97)) mod 97; alphanumeric keys follow the DGFiP scheme. Monaco numbers
// (SIREN part starting "000") are not SIREN and skip the Luhn check.
IdStatus ValidateFrenchVat(std::string_view vat);

// Upper-cased with the spaces, dashes and dots printed between groups removed.
std::string CompactIban(std::string_view iban);

// IBAN (ISO 13616): known country, its registry length and BBAN structure, mod 97 = 1, and the
// national check where we know it: the RIB key for the French format (FR, MC and the French
// overseas codes), the two control digits for ES.
IdStatus ValidateIban(std::string_view iban);

// French RIB key: 97 − ((89 × banque + 15 × guichet + 3 × compte) mod 97), with the letters
// of the account number mapped per the RIB rule (A,J→1; B,K,S→2; ... I,R,Z→9). Returns -1
// when a part has the wrong length or characters.
int RibKey(std::string_view bank, std::string_view branch, std::string_view account);
bool RibValid(std::string_view bank, std::string_view branch, std::string_view account,
              std::string_view key);

// BIC (ISO 9362): 4 letters, an ISO 3166 country, 2 alphanumerics, optionally 3 more.
IdStatus ValidateBic(std::string_view bic);

// ISO 3166-1 alpha-2 code in use (plus XK, used by banks for Kosovo).
bool IsCountryCode(std::string_view cc);

// A cadastral parcel reference: optional 3-digit prefix, section of 1–2 letters/digits
// ("AB", "0A", "A"), number of 1–4 digits. Accepts "AB 123", "000 AB 0123", "section AB
// n° 123", "AB n°123" and the 14-character DVF id_parcelle (INSEE + prefix + section +
// number). Output: section upper-cased with the "0" padding of one-letter sections removed,
// number and prefix without leading zeros (prefix empty when 000 or absent).
struct CadastralRef {
  std::string insee_code;  // only from a 14-character id_parcelle
  std::string prefix;
  std::string section;
  std::string number;
};
std::optional<CadastralRef> ParseCadastralRef(std::string_view text);

}  // namespace notaria::analyze
