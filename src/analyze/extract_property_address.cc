#include "analyze/extract_property_address.h"

#include <vector>

#include "analyze/extract_deed_terms_cues.h"
#include "analyze/validate_commune.h"

namespace notaria::analyze {
namespace {

// The kinds of way a French street address names.
constexpr char kStreet[] =
    R"((?:rue|avenue|av\.?|boulevard|bd|chemin|allee|place|quai|impasse|route|cours|square|)"
    R"(voie|passage|sentier|residence|faubourg|promenade|esplanade|rond-point|montee|traverse|)"
    R"(villa|cite|hameau|parvis|mail|lotissement|chaussee|ruelle|clos|domaine|lieu-dit))";

// "à ALÈS (30100), 20 ter quai des Bateliers"
const RE2& CityFirst() {
  static const RE2* re = new RE2(
      std::string(R"((?:^|[\s(,])a\s+([a-z][a-z0-9'\s-]{1,60}?)\s*\(\s*(\d{5})\s*\)\s*,?\s*)"
                  R"((\d{1,4}(?:\s*(?:bis|ter|quater|[a-d])\b)?,?\s+)") +
          kStreet + R"(\b[^,;.\n]{0,60}(?:\n[^,;.\n]{1,60})?))",
      FoldedRe2Options());
  return *re;
}

// "55 chemin des Écoliers, 90000 BELFORT"
const RE2& StreetFirst() {
  static const RE2* re =
      new RE2(std::string(R"((?:^|[\s:,])(\d{1,4}(?:\s*(?:bis|ter|quater|[a-d])\b)?,?\s+)") +
                  kStreet + R"(\b[^,;.\n]{0,60}?)\s*,?\s+(\d{5})\s+([a-z][a-z' -]{1,60}[a-z]))",
              FoldedRe2Options());
  return *re;
}

// Land, a farm, a plot in a hamlet: no street, only the commune. "situé à LACANAU (33680)",
// "sur la commune de SAINT-ÉTIENNE (42000)", "situé à 33680 LACANAU".
const RE2& TownInParentheses() {
  static const RE2* re =
      new RE2(R"((?:^|[\s(,])(?:a|commune\s+d[e']|territoire\s+de\s+la\s+commune\s+d[e'])\s*)"
              R"(([a-z][a-z'\s-]{1,60}?)\s*\(\s*(\d{5})\s*\))",
              FoldedRe2Options());
  return *re;
}

const RE2& TownAfterPostalCode() {
  static const RE2* re = new RE2(
      R"((?:^|[\s(,])(?:situee?s?\s+a|commune\s+d[e'])\s*(\d{5})\s+([a-z][a-z' -]{1,60}[a-z]))",
      FoldedRe2Options());
  return *re;
}

const CueSet& DesignationCues() {
  static const CueSet* cues = new CueSet({
      {"d", R"(\bdesignation\b(?:\s+du\s+bien|\s+des\s+biens|\s*\n))"},
      {"d", R"(\bdesignation\s+suit\b|\bidentification\s+du\s+bien\b)"},
      {"d", R"(\badresse\s+du\s+(?:logement|bien|local)\b|\bobjet\s+du\s+contrat\b)"},
      {"d", R"(\b(?:bien|biens|immeuble)\s+(?:suivant|ci-apres\s+designes?|sis)\b)"},
      {"d", R"(\bsitue(?:e|s|es)?\s+a\b)"},
  });
  return *cues;
}

// Whose address it is: a person's, a company's, the office's.
const CueSet& OwnerCues() {
  static const CueSet* cues = new CueSet({
      {"-", R"(\bdemeur\w*|\bdomicili\w*|\bresid\w*|\bsiege\b|\bnee?s?\b|\bmairie\b)"},
      {"-", R"(\bnotaires?\b|\boffice\b|\betude\b|\bsocial\b|\bhabitant\b)"},
  });
  return *cues;
}

const RE2& OfficeAfter() {
  static const RE2* re =
      new RE2(R"(^\s*,?\s*(?:au|en)\s+(?:siege|l'etude|l'office))", FoldedRe2Options());
  return *re;
}

const CueSet& KindCues() {
  static const CueSet* cues = new CueSet({
      {"appartement", R"(\bappartements?\b|\bstudio\b|\bimmeuble\s+collectif\b)"},
      // A dwelling in a copropriété is a flat unless the deed says otherwise first.
      {"appartement", R"(\bcopropriete\b)"},
      {"maison", R"(\bmaisons?\b|\bpavillon\b|\bvilla\b|\bhabitat\s+individuel\b)"},
      {"terrain", R"(\bterrains?\b|\bparcelles?\s+de\s+terre\b|\bterres?\b|\bbois\b|\bprairie\b)"},
  });
  return *cues;
}

struct Candidate {
  size_t page;
  size_t start, end;  // folded
  size_t street_start, street_end, postal_start, postal_end, city_start, city_end;
};

std::vector<Candidate> Candidates(const DocumentView& doc, size_t p) {
  std::vector<Candidate> out;
  const std::string& folded = doc.folded(p).folded();
  re2::StringPiece g[4];
  for (const RE2* re : {&CityFirst(), &StreetFirst()}) {
    const bool city_first = re == &CityFirst();
    size_t pos = 0;
    while (pos < folded.size() && re->Match(folded, pos, folded.size(), RE2::UNANCHORED, g, 4)) {
      const re2::StringPiece& street = city_first ? g[3] : g[1];
      const re2::StringPiece& postal = g[2];
      const re2::StringPiece& city = city_first ? g[1] : g[3];
      Candidate c{p,
                  OffsetIn(folded, g[0]),
                  OffsetIn(folded, g[0]) + g[0].size(),
                  OffsetIn(folded, street),
                  OffsetIn(folded, street) + street.size(),
                  OffsetIn(folded, postal),
                  OffsetIn(folded, postal) + postal.size(),
                  OffsetIn(folded, city),
                  OffsetIn(folded, city) + city.size()};
      pos = c.end;
      // Trailing spaces of a street cut at a line end.
      while (c.street_end > c.street_start &&
             (folded[c.street_end - 1] == ' ' || folded[c.street_end - 1] == '\n')) {
        --c.street_end;
      }
      out.push_back(c);
    }
  }
  return out;
}

bool OwnedBySomeone(const std::string& folded, const Candidate& c) {
  size_t from = std::min(c.start, c.street_start);
  size_t begin = from > 70 ? from - 70 : 0;
  // Only the sentence the address is in: "demeurant ... Tanneurs. DÉSIGNATION À ..." is not.
  size_t stop = folded.find_last_of(".:;", from == 0 ? 0 : from - 1);
  if (stop != std::string::npos && stop >= begin && stop < from) begin = stop + 1;
  if (OwnerCues().Last(folded, begin, from)) return true;
  return RE2::PartialMatch(std::string_view(folded).substr(c.end, 40), OfficeAfter());
}

void IdentifyCommune(std::string_view postal, std::string_view printed_city, PropertyPlace* out) {
  const CommuneIndex& index = CommuneIndex::Get();
  std::vector<const Commune*> found = index.ByPostalCodeAndName(postal, printed_city);
  if (found.empty()) {
    // "PARIS 17ÈME ARRONDISSEMENT", "Marseille 8e": an arrondissement of the named city.
    std::string name = CommuneIndex::NormalizeName(printed_city);
    for (const Commune* c : index.ByPostalCode(postal)) {
      if (c->kind != Commune::Kind::kArrondissement) continue;
      const Commune* city = index.ByCode(c->parent);
      if (city == nullptr) continue;
      std::string parent = CommuneIndex::NormalizeName(city->name);
      if (name.rfind(parent, 0) == 0) found.push_back(c);
    }
  }
  // A commune and its arrondissement both answer "Paris" + 75017: the arrondissement is
  // the more precise one.
  const Commune* pick = nullptr;
  for (const Commune* c : found) {
    if (c->kind == Commune::Kind::kArrondissement) pick = c;
  }
  if (pick == nullptr && found.size() == 1) pick = found.front();
  if (pick == nullptr && !found.empty()) {
    for (const Commune* c : found) {
      if (c->kind == Commune::Kind::kCurrent) {
        if (pick != nullptr) return;  // two communes: not determinable
        pick = c;
      }
    }
  }
  if (pick == nullptr) return;
  out->insee_code = pick->code;
  out->city = pick->name;
  if (pick->kind == Commune::Kind::kArrondissement) {
    if (const Commune* city = index.ByCode(pick->parent)) out->city = city->name;
  }
}

// The commune alone, in the désignation's first lines, when no street address is there. Kept
// only when the commune table knows the pair: with no street to anchor it, a postal code and a
// name next to each other are not enough.
void FindTownOnly(const DocumentView& doc, size_t page, size_t from, PropertyPlace* place) {
  const std::string& folded = doc.folded(page).folded();
  size_t to = std::min(folded.size(), from + 800);
  re2::StringPiece g[3];
  for (const RE2* re : {&TownInParentheses(), &TownAfterPostalCode()}) {
    const bool city_first = re == &TownInParentheses();
    size_t pos = from;
    while (pos < to && re->Match(folded, pos, to, RE2::UNANCHORED, g, 3)) {
      const re2::StringPiece& city = city_first ? g[1] : g[2];
      const re2::StringPiece& postal = city_first ? g[2] : g[1];
      Candidate c{page,
                  OffsetIn(folded, g[0]),
                  OffsetIn(folded, g[0]) + g[0].size(),
                  OffsetIn(folded, city),
                  OffsetIn(folded, city),
                  OffsetIn(folded, postal),
                  OffsetIn(folded, postal) + postal.size(),
                  OffsetIn(folded, city),
                  OffsetIn(folded, city) + city.size()};
      pos = c.end;
      if (OwnedBySomeone(folded, c)) continue;
      Evidence city_evidence = doc.EvidenceOf(page, c.city_start, c.city_end);
      Evidence postal_evidence = doc.EvidenceOf(page, c.postal_start, c.postal_end);
      PropertyPlace found;
      std::string postal_code(doc.TextOf(postal_evidence));
      IdentifyCommune(postal_code, CollapseSpaces(doc.TextOf(city_evidence)), &found);
      if (!found.insee_code) continue;
      place->postal_code = postal_code;
      place->postal_code_evidence = postal_evidence;
      place->city = found.city;
      place->city_evidence = city_evidence;
      place->insee_code = found.insee_code;
      return;
    }
  }
}

}  // namespace

PropertyPlace FindPropertyPlace(const DocumentView& doc) {
  PropertyPlace place;
  std::vector<Candidate> all;
  std::optional<std::pair<size_t, size_t>> designation;  // page, folded end of the cue
  for (size_t p = 0; p < doc.page_count(); ++p) {
    const std::string& folded = doc.folded(p).folded();
    if (!designation) {
      if (std::optional<CueHit> d = DesignationCues().First(folded, 0, folded.size())) {
        designation = std::make_pair(p, d->start);
      }
    }
    for (const Candidate& c : Candidates(doc, p)) {
      if (!OwnedBySomeone(folded, c)) all.push_back(c);
    }
  }
  const Candidate* chosen = nullptr;
  for (const Candidate& c : all) {
    bool after = designation && (c.page > designation->first ||
                                 (c.page == designation->first && c.start >= designation->second));
    if (after && (chosen == nullptr || c.page < chosen->page ||
                  (c.page == chosen->page && c.start < chosen->start))) {
      chosen = &c;
    }
  }
  size_t kind_page = designation ? designation->first : 0;
  size_t kind_from = designation ? designation->second : 0;
  if (chosen != nullptr) {
    const std::string& folded = doc.folded(chosen->page).folded();
    (void)folded;
    place.address_evidence = doc.EvidenceOf(chosen->page, chosen->street_start, chosen->street_end);
    place.address = CollapseSpaces(doc.TextOf(*place.address_evidence));
    place.postal_code_evidence =
        doc.EvidenceOf(chosen->page, chosen->postal_start, chosen->postal_end);
    place.postal_code = std::string(doc.TextOf(*place.postal_code_evidence));
    place.city_evidence = doc.EvidenceOf(chosen->page, chosen->city_start, chosen->city_end);
    std::string printed = CollapseSpaces(doc.TextOf(*place.city_evidence));
    place.city = printed;
    IdentifyCommune(*place.postal_code, printed, &place);
    kind_page = chosen->page;
    kind_from = std::min(kind_from, chosen->start);
    if (designation && designation->first != chosen->page) kind_from = chosen->start;
  }
  if (chosen == nullptr && designation)
    FindTownOnly(doc, designation->first, designation->second, &place);
  if (designation || chosen != nullptr) {
    const std::string& folded = doc.folded(kind_page).folded();
    std::optional<CueHit> k = KindCues().First(folded, kind_from, kind_from + 1500);
    // A désignation that starts at the foot of a page goes on at the top of the next one.
    if (!k && kind_page + 1 < doc.page_count() && kind_from + 1500 > folded.size()) {
      ++kind_page;
      k = KindCues().First(doc.folded(kind_page).folded(), 0, kind_from + 1500 - folded.size());
    }
    if (k) {
      place.kind = std::string(k->label);
      place.kind_evidence = doc.EvidenceOf(kind_page, k->start, k->end);
    }
  }
  return place;
}

}  // namespace notaria::analyze
