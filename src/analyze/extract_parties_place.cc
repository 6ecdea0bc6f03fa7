#include "analyze/extract_parties_place.h"

#include <re2/re2.h>

#include <array>
#include <vector>

#include "analyze/validate_commune.h"
#include "text/normalize.h"

namespace notaria::analyze::parties {
namespace {

std::string Trim(std::string_view s) {
  const std::string_view kSpace = " \t\n\r.;:";
  size_t b = s.find_first_not_of(kSpace);
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(kSpace);
  return std::string(s.substr(b, e - b + 1));
}

bool HasLowercase(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = s[i];
    if (c >= 'a' && c <= 'z') return true;
    if (c == 0xC3 && i + 1 < s.size()) {
      unsigned char d = s[i + 1];
      if (d >= 0x9F && d <= 0xBF && d != 0xB7) return true;
    }
  }
  return false;
}

// Lower-cases one UTF-8 upper-case letter of Latin-1 (and Œ) in place at `i`.
void LowerAt(std::string* s, size_t i) {
  unsigned char c = (*s)[i];
  if (c >= 'A' && c <= 'Z') {
    (*s)[i] = static_cast<char>(c - 'A' + 'a');
  } else if (c == 0xC3 && i + 1 < s->size()) {
    unsigned char d = (*s)[i + 1];
    if (d >= 0x80 && d <= 0x9E && d != 0x97) (*s)[i + 1] = static_cast<char>(d + 0x20);
  } else if (c == 0xC5 && i + 1 < s->size() && static_cast<unsigned char>((*s)[i + 1]) == 0x92) {
    (*s)[i + 1] = static_cast<char>(0x93);
  }
}

// "SAINT-BRIEUC" -> "Saint-Brieuc"; text with lower case is kept as printed.
std::string TitleCase(std::string_view printed) {
  std::string s(printed);
  if (HasLowercase(s)) return s;
  bool word_start = true;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    bool letter = (c >= 'A' && c <= 'Z') || c >= 0x80;
    if (letter) {
      if (!word_start) LowerAt(&s, i);
      word_start = false;
    } else {
      word_start = c == ' ' || c == '-' || c == '\'';
    }
    i += len;
  }
  return s;
}

constexpr std::array<std::string_view, 64> kCountries = {
    "Afghanistan", "Algérie",    "Allemagne",     "Argentine",  "Arménie",    "Australie",
    "Autriche",    "Belgique",   "Bénin",         "Brésil",     "Bulgarie",   "Burkina Faso",
    "Cambodge",    "Cameroun",   "Canada",        "Chili",      "Chine",      "Colombie",
    "Comores",     "Congo",      "Côte d'Ivoire", "Croatie",    "Danemark",   "Égypte",
    "Espagne",     "États-Unis", "Finlande",      "Gabon",      "Géorgie",    "Grèce",
    "Guinée",      "Haïti",      "Hongrie",       "Inde",       "Irlande",    "Israël",
    "Italie",      "Japon",      "Liban",         "Luxembourg", "Madagascar", "Mali",
    "Maroc",       "Maurice",    "Mauritanie",    "Mexique",    "Monaco",     "Niger",
    "Norvège",     "Pays-Bas",   "Pérou",         "Pologne",    "Portugal",   "Roumanie",
    "Royaume-Uni", "Russie",     "Sénégal",       "Serbie",     "Suède",      "Suisse",
    "Syrie",       "Tunisie",    "Turquie",       "Ukraine"};

bool WithinOneEdit(std::string_view a, std::string_view b) {
  if (a == b) return true;
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > 1) return false;
  size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  if (a.size() == b.size()) return a.substr(i + 1) == b.substr(i + 1);
  return a.substr(i) == b.substr(i + 1);
}

struct Arrondissement {
  std::string base;  // "PARIS"
  int number = 0;    // 0: none printed
};

Arrondissement SplitArrondissement(std::string_view printed) {
  static const RE2 kArr(
      R"((?i)^(.*?)\s+(\d{1,2})\s*(?:e|eme|ème|er|ere|ère)?\s*(?:arrondissement|arr\.?)?$)");
  Arrondissement out{std::string(printed), 0};
  std::string base, number;
  if (RE2::FullMatch(std::string(printed), kArr, &base, &number) && !base.empty()) {
    out.base = base;
    out.number = std::stoi(number);
  }
  return out;
}

const Commune* FindCommune(std::string_view name, std::string_view postal_code) {
  const CommuneIndex& index = CommuneIndex::Get();
  const Commune* found = nullptr;
  if (!postal_code.empty()) {
    auto hits = index.ByPostalCodeAndName(postal_code, name);
    if (!hits.empty()) found = hits.front();
  }
  if (found == nullptr) {
    for (const Commune* c : index.ByName(name)) {
      if (c->kind == Commune::Kind::kCurrent) {
        found = c;
        break;
      }
    }
  }
  if (found != nullptr && found->kind == Commune::Kind::kArrondissement) {
    if (const Commune* parent = index.ByCode(found->parent)) found = parent;
  }
  return found;
}

}  // namespace

std::string CollapseSpaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      // A hyphen at the end of a line joins the two halves of a word.
      if (c == '\n' && !out.empty() && out.back() == '-') {
        space = false;
        continue;
      }
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::string CommuneName(std::string_view printed, std::string_view postal_code,
                        bool keep_arrondissement) {
  std::string clean = Trim(CollapseSpaces(printed));
  if (clean.empty()) return clean;
  Arrondissement arr = SplitArrondissement(clean);
  std::string name;
  if (const Commune* c = FindCommune(arr.base, postal_code)) {
    name = c->name;
  } else {
    name = TitleCase(arr.base);
  }
  if (keep_arrondissement && arr.number > 0) {
    name += " " + std::to_string(arr.number) + (arr.number == 1 ? "er" : "e");
  }
  return name;
}

std::optional<std::string> CountryName(std::string_view printed) {
  std::string folded = text::FoldForMatch(Trim(CollapseSpaces(printed)));
  if (folded.size() < 4) return std::nullopt;
  for (std::string_view country : kCountries) {
    std::string fc = text::FoldForMatch(country);
    if (folded == fc || (fc.size() >= 5 && WithinOneEdit(folded, fc))) {
      return std::string(country);
    }
  }
  return std::nullopt;
}

std::optional<Place> ParseBirthPlace(std::string_view printed) {
  static const RE2 kParen(R"(^(.*?)\s*\(([^)]*)\)?$)");
  std::string clean = Trim(CollapseSpaces(printed));
  if (clean.empty()) return std::nullopt;
  std::string name = clean, inner;
  RE2::FullMatch(clean, kParen, &name, &inner);
  name = Trim(name);
  if (name.empty()) return std::nullopt;
  inner = Trim(inner);
  Place place;
  static const RE2 kCode(R"(^(?:\d{5}|\d{2,3}|2[ABab])$)");
  if (!inner.empty() && !RE2::FullMatch(inner, kCode)) {
    if (auto country = CountryName(inner)) {
      if (*country != "France") {
        place.city = TitleCase(name);
        place.country = *country;
        return place;
      }
    }
  }
  std::string postal = inner.size() == 5 ? inner : "";
  place.city = CommuneName(name, postal, /*keep_arrondissement=*/true);
  // A printed French code, a département name or a known commune: born in France.
  if (!inner.empty() || FindCommune(SplitArrondissement(name).base, "") != nullptr) {
    place.country = "France";
  }
  return place;
}

std::optional<std::string> ParseAddress(std::string_view printed) {
  std::string clean = CollapseSpaces(printed);
  static const RE2 kLeading(R"((?i)^\s*(?:à|a|au)\s+)");
  RE2::Replace(&clean, kLeading, "");
  std::vector<std::string> parts;
  int depth = 0;
  std::string cur;
  for (char c : clean) {
    if (c == '(') ++depth;
    if (c == ')' && depth > 0) --depth;
    if (c == ',' && depth == 0) {
      parts.push_back(Trim(cur));
      cur.clear();
      continue;
    }
    cur.push_back(c);
  }
  parts.push_back(Trim(cur));
  static const RE2 kCityCp(R"(^(.+?)\s*\((\d{5})\)$)");
  static const RE2 kCpCity(R"(^(\d{5})\s+(.+?)(?:\s+cedex.*)?$)");
  static const RE2 kStreet(
      R"((?i)^(?:\d+[a-z]?\s|(?:rue|avenue|av\.|boulevard|bd|place|chemin|allée|allee|impasse|route|quai|cours|square|passage|voie|sentier|rond-point|esplanade|promenade|faubourg)\s))");
  static const RE2 kComplement(
      R"((?i)^(?:appartement|appt|apt|bâtiment|batiment|bât|bat|résidence|residence|lieu-dit|lieudit|escalier|esc|étage|etage|porte|chez|boîte|boite|bp|immeuble|villa|hameau|domaine|cidex|entrée|entree)\b)");
  std::string street, city, postal;
  std::vector<std::string> complements;
  for (const std::string& part : parts) {
    if (part.empty()) continue;
    std::string name, cp;
    if (city.empty() &&
        (RE2::FullMatch(part, kCityCp, &name, &cp) || RE2::FullMatch(part, kCpCity, &cp, &name))) {
      city = CommuneName(name, cp, /*keep_arrondissement=*/false);
      postal = cp;
    } else if (street.empty() && RE2::PartialMatch(part, kStreet)) {
      street = part;
    } else if (RE2::PartialMatch(part, kComplement) || street.empty()) {
      complements.push_back(part);
    } else if (!city.empty()) {
      break;  // what follows a complete address is another clause ("consultante")
    } else {
      complements.push_back(part);
    }
  }
  if (street.empty() || city.empty()) return std::nullopt;
  std::string out;
  for (const std::string& c : complements) out += c + ", ";
  out += street + ", " + postal + " " + city;
  return out;
}

}  // namespace notaria::analyze::parties
