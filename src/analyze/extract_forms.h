// Extractors for the official forms and one-page documents: identity cards and passports,
// Kbis, RIB, tax notices, DPE, utility bills (proof of address) and miscellaneous letters.
//
// RegisterFormExtractors() registers one extractor per document type (cni, passeport, kbis,
// rib, avis_imposition, dpe, justificatif_domicile, autre). They read the forms by their
// grammar — "label : value", a label with its value on the next line, bilingual labels,
// several labels on one line with their values on the line below, MRZ — on the folded text,
// and take values as printed from the original text through the evidence span. A field that
// is not printed, or cannot be read with confidence, is left absent.
//
// The helpers of namespace `forms` are shared by the extractor files only; they are pure and
// never log text.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/extract.h"
#include "text/french_dates.h"

namespace re2 {
class RE2;
}

namespace notaria::analyze {

void RegisterFormExtractors();

namespace forms {

// A stretch of one page: folded byte range (for matching) and its original text (the value
// as printed) with its evidence.
struct Field {
  size_t page = 0;  // index in the DocumentView
  size_t start = 0;
  size_t end = 0;
  Evidence evidence;
  std::string_view text;    // original
  std::string_view folded;  // folded
};

// A match of a label on a page (folded offsets).
struct Hit {
  size_t page = 0;
  size_t start = 0;
  size_t end = 0;
};

// Field over folded bytes [start, end) of page `page`, trimmed of blanks and of the
// punctuation that OCR and layouts put around values (":", "|", "_", "[", "]").
Field MakeField(const DocumentView& doc, size_t page, size_t start, size_t end);
// Field over the original bytes [offset, offset + length) of `f.text`.
Field SubField(const DocumentView& doc, const Field& f, size_t offset, size_t length);
// Evidence covering both.
Evidence Join(const Evidence& a, const Evidence& b);

// Every match of `re` on every page, in page order. When `re` has a capturing group, the hit
// is the group.
std::vector<Hit> FindAll(const DocumentView& doc, const re2::RE2& re);
std::optional<Hit> FindFirst(const DocumentView& doc, const re2::RE2& re);

// Folded range of the line holding folded offset `pos`.
std::pair<size_t, size_t> LineAt(const DocumentView& doc, size_t page, size_t pos);
// The next non-empty line after the line holding `pos`, at most `max_lines` lines down.
std::optional<Field> NextLine(const DocumentView& doc, size_t page, size_t pos, int max_lines = 2);

// The value printed with a label: what follows it on its line (after ":" and the like, up
// to a column gap of three blanks or more), or else the next non-empty line.
std::optional<Field> ValueAfter(const DocumentView& doc, const Hit& label, int max_lines = 2);
// Only what follows the label on its own line.
std::optional<Field> SameLineValue(const DocumentView& doc, const Hit& label);
// The value of the first occurrence of `label` that has one (ValueAfter of each hit).
std::optional<Field> Labeled(const DocumentView& doc, const re2::RE2& label, int max_lines = 2);

struct DateField {
  text::FrenchDate date;
  std::string iso;
  Evidence evidence;
};
// Dates of a field, including the "08 07 1985" form of ID cards.
std::vector<DateField> DatesIn(const DocumentView& doc, const Field& f);
std::optional<DateField> FirstDate(const DocumentView& doc, const Field& f);

struct AmountField {
  double value = 0;
  Evidence evidence;
};
std::optional<AmountField> FirstAmount(const DocumentView& doc, const Field& f);

// Appends a date (skipped when a date of that kind is present) or an amount to `entities`.
void AddDate(nlohmann::json* entities, std::string_view kind, const DateField& d);
void AddAmount(nlohmann::json* entities, std::string_view kind, const AmountField& a);

// A person's name as printed on a form line: optional civility, surname in capitals, given
// names. `all_caps_surname_first` says how to split a name printed wholly in capitals
// ("LEMAIRE HUGO" on bank and tax forms; letters and bills print "JOËL HERVÉ").
struct PersonName {
  std::string sex;  // from the civility, else empty
  std::string last_name;
  std::optional<Evidence> last_name_evidence;
  std::vector<std::string> first_names;
  std::optional<Evidence> first_names_evidence;
  std::optional<Evidence> sex_evidence;
  Evidence whole;
  bool mixed_case = false;
};
std::optional<PersonName> ParsePersonName(const DocumentView& doc, const Field& f,
                                          bool all_caps_surname_first);
// Sets last_name, first_names and sex of `b` from `name`.
void SetName(EntityBuilder* b, const PersonName& name);

// True when the field starts with a civility (M., Mme, Monsieur, Madame...).
bool StartsWithCivility(std::string_view folded);
// True when the text names a company (legal form or company word).
bool LooksLikeCompany(std::string_view folded);

// An address as printed: a line ("141 route de la Forêt, 75017 Paris") or a block of lines
// ending with the postal code and town. `text` joins the lines with ", ".
struct Address {
  std::string text;
  Evidence evidence;
  std::string street;  // number and street ("92 rue Racine")
  std::optional<Evidence> street_evidence;
  std::string postal_code;
  std::string city;
  std::optional<Evidence> city_evidence;
};
// The address starting at `first` (a line or a value): collects up to `max_lines` lines until
// the one holding a postal code and town. Each line is cut at a second column (a second
// street number or postal code further on the same line).
std::optional<Address> AddressFrom(const DocumentView& doc, const Field& first, int max_lines = 4);

// INSEE code of a town given its postal code (the arrondissement when there is one).
std::string InseeCode(std::string_view postal_code, std::string_view city);

// "Nevers (Nièvre)" -> "Nevers"; "FRÉJUS (83)" kept for the ID document, cut for persons.
std::string CutParenthesis(std::string_view s);
std::string Trim(std::string_view s);
// Collapses blanks and line breaks into single spaces.
std::string Collapse(std::string_view s);

}  // namespace forms

// One registration function per file.
void RegisterIdentityExtractors();
void RegisterKbisExtractor();
void RegisterRibExtractor();
void RegisterTaxNoticeExtractor();
void RegisterDpeExtractor();
void RegisterUtilityBillExtractor();
void RegisterOtherDocumentExtractor();

}  // namespace notaria::analyze
