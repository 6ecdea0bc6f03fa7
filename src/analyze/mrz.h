// Machine-readable zones (ICAO 9303) of identity documents: parsing, check digits and the
// repair of OCR output.
//
// Formats: TD1 (3×30, incl. the French 2021 CNI), TD2 (2×36), TD3 (2×44, passports), the
// machine-readable visas MRV-A (2×44) and MRV-B (2×36), and the French CNI of 1988–2021
// (2×36, "IDFRA", its own layout: office code on line 1, a 12-character number whose first
// four digits are the issue year and month, no expiry). A 2×36 MRZ is read as old CNI or as
// TD2 by what its content supports (check digits first, then the shape of the fields), never
// by the first characters alone.
//
// Every check digit is reported on its own; `valid` means all of them pass. Dates keep their
// printed YYMMDD and get an ISO form when they are real dates, the century chosen against a
// reference date. Nothing here logs: the values are personal data.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace notaria::analyze::mrz {

enum class Format { kTd1, kTd2, kTd3, kMrvA, kMrvB, kFrenchIdOld };
// As in the result object: cni_ancienne | cni_2021 | passeport | other.
enum class DocumentKind { kCniAncienne, kCni2021, kPasseport, kOther };

std::string_view FormatName(
    Format format);  // "td1", "td2", "td3", "mrv_a", "mrv_b", "cni_ancienne"
std::string_view KindName(DocumentKind kind);  // "cni_ancienne", "cni_2021", "passeport", "other"

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  std::string Iso() const;  // "YYYY-MM-DD"
  auto operator<=>(const Date&) const = default;
};

// ICAO 9303 check digit (weights 7-3-1; digits, letters A=10..Z=35 in either case, '<' = 0).
// Returns -1 when `field` holds any other character.
int CheckDigit(std::string_view field);

struct Check {
  std::string
      field;  // "document_number", "birth_date", "expiry_date", "optional_data", "composite"
  char printed = '<';
  int computed = -1;  // -1: the field holds characters outside the MRZ alphabet
  bool valid = false;
};

struct Repair {
  int line = 0;  // 0-based
  int column = 0;
  char from = 0;  // as read ('?' for a character outside ASCII)
  char to = 0;
};

struct Mrz {
  Format format = Format::kTd3;
  DocumentKind kind = DocumentKind::kOther;
  std::string document_code;    // "P", "ID", "I", "IR", "V"... (fillers removed)
  std::string issuing_country;  // "FRA", "D", ...
  std::string surname;          // words joined by single spaces
  std::vector<std::string> given_names;
  std::string document_number;  // fillers removed; TD1/TD2 long numbers joined with their extension
  std::string nationality;      // old CNI: "FRA" (the card is only issued to French nationals)
  std::string birth_date_raw;   // as printed, YYMMDD ('<' for unknown parts)
  std::string birth_date;       // ISO, empty when the printed value is not a full date
  std::string sex;              // "M", "F", "X" or empty when unspecified ('<')
  std::string expiry_date_raw;  // empty for the old CNI (no expiry in its MRZ)
  std::string expiry_date;      // ISO, empty when absent or not a date
  std::string issue_month;      // old CNI only: "YYYY-MM" from the document number
  std::string optional_data;    // fillers trimmed, inner fillers as spaces
  std::string optional_data_2;  // TD1 line 2
  std::vector<Check> checks;    // every check digit of the format, in line order
  std::vector<std::string> failed_checks;  // `field` of the checks that fail
  bool valid = false;                      // every check digit passes
  std::vector<std::string> lines;          // the lines parsed (after repair)
  bool repaired = false;
  std::vector<Repair> repairs;
};

// Parses clean MRZ lines (exact lengths; a single string with the lines concatenated or
// separated by '\r'/'\n' is accepted too). Returns nullopt when the shape fits no format.
// Characters outside the MRZ alphabet are kept: the fields holding them fail their checks.
std::optional<Mrz> Parse(const std::vector<std::string>& lines, const Date& reference);
std::optional<Mrz> ParseText(std::string_view text, const Date& reference);

// Finds an MRZ in OCR text (a page, or the lines of the zone) and repairs OCR confusions:
// spaces inserted, '<' read as K, S, G, «, £ or a space, O/0, I/1, B/8, S/5, Z/2, G/6
// swapped. A substitution inside a field protected by a check digit is kept only when it
// makes that field's check digit (and the composite) pass; a field that cannot be confirmed
// is left as read and its check fails. Letters read in digit-only positions and digits read
// in letter-only positions (codes, countries) are mapped to their look-alike. Returns the
// best-scoring candidate, nullopt when no MRZ-shaped lines are present.
std::optional<Mrz> Find(std::string_view ocr_text, const Date& reference);

// Whether OCR text holds a line shaped like an MRZ line (25 to 50 characters, almost all of the
// MRZ alphabet, with a filler run), whether or not Find could read it: a band that is there but
// unreadable is not a band that is missing.
bool LooksLikeMrz(std::string_view ocr_text);

}  // namespace notaria::analyze::mrz
