// Identity cards (old 1988–2021 CNI, 2021 CNI) and passports: identity_document and the
// titulaire, from the printed fields cross-checked with the MRZ.
#include <re2/re2.h>

#include <algorithm>

#include "analyze/extract_forms.h"
#include "analyze/id_validity.h"
#include "analyze/mrz.h"
#include "analyze/validate_commune.h"
#include "text/normalize.h"

namespace notaria::analyze {
namespace {

using forms::DateField;
using forms::Field;
using forms::Hit;

// Labels, folded, tolerant of what OCR does to them on photos of cards. Bilingual labels
// ("NOM / Surname") are matched whole so that the value is what follows the English part.
const RE2& SurnameLabel() {
  static const RE2 re(R"((?:^|[^a-z'])(nom(?: ?[/|] ?surname)?)(?:[^a-z']|$))");
  return re;
}
const RE2& UsageNameLabel() {
  static const RE2 re(R"((nom ?d['’ ]? ?usage(?: ?[/|] ?[a-z ]*name)?))");
  return re;
}
const RE2& GivenNamesLabel() {
  static const RE2 re(R"((pr[eé]?noms?(?: ?\(s\))?(?: ?[/|] ?[a-z]* ?names?)?))");
  return re;
}
const RE2& SexLabel() {
  static const RE2 re(R"(\b(sexe(?: ?[/|] ?s[e]?x)?)\b)");
  return re;
}
const RE2& BirthDateLabel() {
  static const RE2 re(
      R"((ne ?\(?e?\)? ?le|nee?\)? ?le|date de naiss(?:ance|\.)?(?: ?[/|] ?date of birth)?))");
  return re;
}
const RE2& BirthPlaceLabel() {
  static const RE2 re(
      R"((?:^|\n)[^a-z0-9\n]{0,8}(a ?:)|((?:lieu|ueu|ieu) de naissance(?: ?[/|] ?place of birth)?))");
  return re;
}
const RE2& IssueDateLabel() {
  static const RE2 re(R"((delivree? le|date de delivrance(?: ?[/|] ?date of issue)?))");
  return re;
}
const RE2& ExpiryDateLabel() {
  static const RE2 re(
      R"((valable jusqu.? ?au|date d.? ?expir(?:ation|\.)?(?: ?[/|] ?(?:date of )?expiry(?: date)?)?))");
  return re;
}
const RE2& NumberLabel() {
  static const RE2 re(
      R"((carte nationale d.identite n[°o] ?:?|n[°o] du document(?: ?[/|] ?document no\.?)?|)"
      R"(passe?port n[°o]\.?(?: ?[/|] ?passport no\.?)?|document no\.?))");
  return re;
}
const RE2& AddressLabel() {
  static const RE2 re(R"(\b(adresse(?: ?[/|] ?address)?)\b)");
  return re;
}

// Label hits, with the old card's "Nom" kept apart from "Nom d'usage" and "Prénom".
std::vector<Hit> SurnameHits(const DocumentView& doc) {
  std::vector<Hit> out;
  for (const Hit& h : forms::FindAll(doc, SurnameLabel())) {
    const std::string& f = doc.folded(h.page).folded();
    std::string_view after = std::string_view(f).substr(h.end, 8);
    if (after.find("usage") != std::string_view::npos) continue;
    if (after.starts_with("d'") || after.starts_with("d ") || after.starts_with("d’")) continue;
    out.push_back(h);
  }
  return out;
}

// Labels printed on one line with their values on the next line: the position of `label`
// among the date labels of its line, so that "Date de délivrance  Date d'expiration" and the
// two dates below are paired in order.
int DateColumn(const DocumentView& doc, const Hit& label) {
  auto [b, e] = forms::LineAt(doc, label.page, label.start);
  std::string_view line = std::string_view(doc.folded(label.page).folded()).substr(b, e - b);
  int column = 0;
  for (const RE2* re : {&BirthDateLabel(), &IssueDateLabel(), &ExpiryDateLabel()}) {
    re2::StringPiece in(line.data(), line.size());
    re2::StringPiece m;
    size_t pos = 0;
    while (re->Match(in, pos, line.size(), RE2::UNANCHORED, &m, 1)) {
      if (static_cast<size_t>(m.data() - line.data()) + b < label.start) ++column;
      pos = (m.data() - line.data()) + std::max<size_t>(m.size(), 1);
    }
  }
  return column;
}

std::optional<DateField> PrintedDate(const DocumentView& doc, const RE2& label_re) {
  for (const Hit& h : forms::FindAll(doc, label_re)) {
    if (auto v = forms::SameLineValue(doc, h)) {
      if (auto d = forms::FirstDate(doc, *v)) return d;
    }
    int column = DateColumn(doc, h);
    const std::string& f = doc.folded(h.page).folded();
    size_t pos = h.end;
    for (int n = 0; n < 3; ++n) {
      auto line = forms::NextLine(doc, h.page, pos, 2);
      if (!line) break;
      auto dates = forms::DatesIn(doc, *line);
      if (!dates.empty()) {
        if (column < static_cast<int>(dates.size())) return dates[column];
        return dates.back();
      }
      pos = line->end;
      if (pos >= f.size()) break;
    }
  }
  return std::nullopt;
}

std::optional<Field> PrintedValue(const DocumentView& doc, const std::vector<Hit>& hits) {
  for (const Hit& h : hits) {
    if (auto v = forms::ValueAfter(doc, h, 2)) return v;
  }
  return std::nullopt;
}

// The first word of a value made only of letters (names, towns), cut before another label.
std::optional<Field> NameValue(const DocumentView& doc, const Field& v) {
  static const RE2 re(R"(^((?:[a-z][a-z'\-]*)(?:[ ,]+[a-z][a-z'\-]*)*))");
  re2::StringPiece m;
  if (!RE2::PartialMatch(re2::StringPiece(v.folded.data(), v.folded.size()), re, &m)) {
    return std::nullopt;
  }
  std::string_view s(m.data(), m.size());
  // Stop at the next label printed on the same line ("Sexe", "Né(e) le", "Taille").
  static const RE2 stop(R"( (?:sexe|nee?|taille|nationalite|signature|agence)\b)");
  re2::StringPiece sm;
  if (RE2::PartialMatch(re2::StringPiece(s.data(), s.size()), "(" + stop.pattern() + ")", &sm)) {
    s = s.substr(0, sm.data() - s.data());
  }
  return forms::SubField(doc, v, 0, s.size());
}

std::string MrzFold(std::string_view folded_name) {
  std::string out;
  for (char c : folded_name) {
    if (c >= 'a' && c <= 'z')
      out += static_cast<char>(c - 'a' + 'A');
    else if (c >= '0' && c <= '9')
      out += c;
    else if (!out.empty() && out.back() != ' ')
      out += ' ';
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Span of the MRZ lines on the page where they were found, for the evidence of values read
// from them.
std::optional<forms::Field> MrzSpan(const DocumentView& doc) {
  static const RE2 line(
      R"((?m)^([a-z0-9<«£ ]{0,3}(?:id|p<|[a-z0-9]{5,})[a-z0-9<«£ ()&]*<<[a-z0-9<«£ ()&]*)$)");
  for (size_t p = 0; p < doc.page_count(); ++p) {
    auto hits = forms::FindAll(doc, line);
    std::optional<Field> span;
    for (const Hit& h : hits) {
      if (h.page != p) continue;
      Field f = forms::MakeField(doc, p, h.start, h.end);
      if (!span) {
        span = f;
      } else {
        span = forms::MakeField(doc, p, span->start, f.end);
      }
    }
    if (span) return span;
  }
  return std::nullopt;
}

std::optional<mrz::Date> ToMrzDate(const std::optional<DateField>& d) {
  if (!d) return std::nullopt;
  return mrz::Date{d->date.year, d->date.month, d->date.day};
}

std::optional<mrz::Date> FromIso(const std::string& iso) {
  if (iso.size() != 10) return std::nullopt;
  return mrz::Date{std::stoi(iso.substr(0, 4)), std::stoi(iso.substr(5, 2)),
                   std::stoi(iso.substr(8, 2))};
}

// Nationality words and codes printed on French documents.
std::string Nationality(std::string_view folded) {
  if (folded.find("francais") != std::string_view::npos || folded.starts_with("fra")) {
    return "française";
  }
  return "";
}

void ExtractIdentity(const DocumentView& doc, nlohmann::json* entities, bool passport) {
  // Printed dates first: the MRZ's two-digit years are read against the issue date.
  std::optional<DateField> birth = PrintedDate(doc, BirthDateLabel());
  std::optional<DateField> issue = PrintedDate(doc, IssueDateLabel());
  std::optional<DateField> expiry = PrintedDate(doc, ExpiryDateLabel());
  mrz::Date reference{2000, 1, 1};
  if (issue) {
    reference = *ToMrzDate(issue);
  } else if (expiry) {
    reference = AddYears(*ToMrzDate(expiry), -10);
  } else if (birth) {
    reference = AddYears(*ToMrzDate(birth), 18);
  }

  std::optional<mrz::Mrz> machine;
  for (size_t p = 0; p < doc.page_count() && !machine; ++p) {
    machine = mrz::Find(doc.page(p).text, reference);
    if (machine && machine->kind == mrz::DocumentKind::kOther) machine.reset();
  }
  std::optional<Field> mrz_span = machine ? MrzSpan(doc) : std::nullopt;
  std::optional<Evidence> mrz_ev;
  if (mrz_span) mrz_ev = mrz_span->evidence;
  auto check_ok = [&](std::string_view field) {
    if (!machine) return false;
    for (const auto& c : machine->checks) {
      if (c.field == field) return c.valid;
    }
    return false;
  };

  EntityBuilder id;
  std::string kind;
  if (machine) {
    kind = std::string(mrz::KindName(machine->kind));
  } else if (passport) {
    kind = "passeport";
  } else {
    static const RE2 card2021(R"(identity card|[/|] ?surname|given names|\bcan [0-9]{6})");
    static const RE2 card_old(R"(carte valable jusqu|\btaille ?:)");
    if (forms::FindFirst(doc, card2021))
      kind = "cni_2021";
    else if (forms::FindFirst(doc, card_old))
      kind = "cni_ancienne";
  }
  if (!kind.empty()) id.Set("kind", kind);
  if (machine && !machine->issuing_country.empty()) {
    id.Set("issuing_country", machine->issuing_country, mrz_ev);
  } else {
    static const RE2 rf(R"((republique francaise))");
    if (auto h = forms::FindFirst(doc, rf)) {
      id.Set("issuing_country", "FRA", forms::MakeField(doc, h->page, h->start, h->end).evidence);
    }
  }

  // Document number: printed, checked against the MRZ when its check digit passes.
  {
    std::optional<Field> printed;
    // The number follows its label, or sits first on the line below a row of labels.
    auto number_in = [&](const Field& v) -> std::optional<Field> {
      static const RE2 num(R"(^([a-z0-9]{8,12})\b)");
      // "(2 FRA 21ZU18837": a type and a country code may come first.
      static const RE2 lead(R"(^((?:\S{1,2} )?(?:fra )?))");
      std::string_view s = v.folded;
      re2::StringPiece lm;
      if (RE2::PartialMatch(re2::StringPiece(s.data(), s.size()), lead, &lm)) {
        s.remove_prefix(lm.size());
      }
      re2::StringPiece m;
      if (!RE2::PartialMatch(re2::StringPiece(s.data(), s.size()), num, &m)) return std::nullopt;
      // Every French card and passport number has digits; a word of letters only is the next
      // label ("N° DU DOCUMENT / Document No" read as "DOCUMENT").
      if (std::none_of(m.begin(), m.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
      }
      return forms::SubField(doc, v, m.data() - v.folded.data(), m.size());
    };
    for (const Hit& h : forms::FindAll(doc, NumberLabel())) {
      if (auto v = forms::SameLineValue(doc, h)) printed = number_in(*v);
      // Below the labels; a word read apart from them (a stray label line) may come first.
      std::optional<Field> below = forms::NextLine(doc, h.page, h.end, 2);
      for (int k = 0; !printed && below && k < 2; ++k) {
        printed = number_in(*below);
        if (!printed) below = forms::NextLine(doc, below->page, below->start, 1);
      }
      if (printed) break;
    }
    std::string printed_upper;
    if (printed) {
      for (char c : printed->folded) printed_upper += static_cast<char>(std::toupper(c));
    }
    if (machine && !machine->document_number.empty() && check_ok("document_number")) {
      // The MRZ number is confirmed by its check digit; OCR of the printed one confuses O/0.
      std::optional<Evidence> ev = mrz_ev;
      if (printed && printed_upper.size() == machine->document_number.size())
        ev = printed->evidence;
      id.Set("number", machine->document_number, ev);
    } else if (printed) {
      id.Set("number", printed_upper, printed->evidence);
    } else if (machine && !machine->document_number.empty()) {
      id.Set("number", machine->document_number, mrz_ev);
    }
  }

  // Names.
  std::optional<Field> surname;
  if (auto v = PrintedValue(doc, SurnameHits(doc))) surname = NameValue(doc, *v);
  std::optional<Field> usage;
  if (auto v = PrintedValue(doc, forms::FindAll(doc, UsageNameLabel()))) {
    static const RE2 prefix(R"(^((?:ep(?:ouse)?|vve|veuve)\.? ?))");
    re2::StringPiece m;
    Field w = *v;
    if (RE2::PartialMatch(re2::StringPiece(w.folded.data(), w.folded.size()), prefix, &m)) {
      w = forms::SubField(doc, w, m.size(), w.folded.size() - m.size());
    }
    usage = NameValue(doc, w);
  }
  std::optional<Field> given;
  if (auto v = PrintedValue(doc, forms::FindAll(doc, GivenNamesLabel())))
    given = NameValue(doc, *v);

  std::string mrz_surname = machine ? machine->surname : "";
  if (surname && machine && !mrz_surname.empty() && check_ok("composite") &&
      MrzFold(surname->folded) != mrz_surname) {
    // The printed reading is damaged where the MRZ is confirmed: trust the MRZ.
    surname.reset();
  }
  if (surname) {
    id.Set("surname", std::string(surname->text), surname->evidence);
  } else if (!mrz_surname.empty()) {
    id.Set("surname", mrz_surname, mrz_ev);
  }
  if (usage) id.Set("usage_name", std::string(usage->text), usage->evidence);
  std::vector<std::string> given_names;
  if (given) {
    std::string cur;
    for (char c : std::string(given->text)) {
      if (c == ',' || c == ' ') {
        if (!cur.empty()) given_names.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
    if (!cur.empty()) given_names.push_back(cur);
  }
  std::vector<std::string> upper_given;
  // In capitals as the card prints them, accented letters too ("AURÉLIE", not "AURéLIE").
  for (const auto& g : given_names) upper_given.push_back(text::Upper(g));
  if (!given_names.empty()) {
    id.Set("given_names", upper_given, given->evidence);
  } else if (machine && !machine->given_names.empty()) {
    id.Set("given_names", machine->given_names, mrz_ev);
  }

  // Dates: printed, unless the MRZ confirms a different value with its check digit.
  auto settle = [&](std::optional<DateField>& printed, const std::string& mrz_iso,
                    std::string_view check) -> std::optional<std::pair<std::string, Evidence>> {
    if (printed && (mrz_iso.empty() || printed->iso == mrz_iso || !check_ok(check))) {
      return std::make_pair(printed->iso, printed->evidence);
    }
    if (!mrz_iso.empty() && mrz_ev) return std::make_pair(mrz_iso, *mrz_ev);
    if (printed) return std::make_pair(printed->iso, printed->evidence);
    return std::nullopt;
  };
  auto birth_v = settle(birth, machine ? machine->birth_date : "", "birth_date");
  auto expiry_v = settle(expiry, machine ? machine->expiry_date : "", "expiry_date");
  std::optional<std::pair<std::string, Evidence>> issue_v;
  if (issue) issue_v = std::make_pair(issue->iso, issue->evidence);
  if (birth_v) id.Set("birth_date", birth_v->first, birth_v->second);

  // Birth place.
  std::optional<Field> place;
  for (const Hit& h : forms::FindAll(doc, BirthPlaceLabel())) {
    auto v = forms::ValueAfter(doc, h, 2);
    if (!v) continue;
    static const RE2 re(R"(^([a-z][a-z'\- ]*[a-z](?: ?\([0-9a-z ]{1,20}\))?))");
    re2::StringPiece m;
    // On two-column lines ("F PARIS (75)") the place follows the sex letter.
    Field w = *v;
    static const RE2 sex_first(R"(^([mfx] )[a-z])");
    re2::StringPiece sm;
    if (RE2::PartialMatch(re2::StringPiece(w.folded.data(), w.folded.size()), sex_first, &sm)) {
      w = forms::SubField(doc, w, sm.size(), w.folded.size() - sm.size());
    }
    if (RE2::PartialMatch(re2::StringPiece(w.folded.data(), w.folded.size()), re, &m)) {
      place = forms::SubField(doc, w, 0, m.size());
      break;
    }
  }
  if (place) id.Set("birth_place", std::string(place->text), place->evidence);

  // Sex: the letter after "Sexe", or under it on the next line.
  std::optional<std::pair<std::string, Evidence>> sex_v;
  for (const Hit& h : forms::FindAll(doc, SexLabel())) {
    auto v = forms::SameLineValue(doc, h);
    static const RE2 letter(R"(^([mf])(?:\b|[^a-z]))");
    re2::StringPiece m;
    if (v && RE2::PartialMatch(re2::StringPiece(v->folded.data(), v->folded.size()), letter, &m)) {
      Field s = forms::SubField(doc, *v, 0, 1);
      sex_v = std::make_pair(std::string(1, static_cast<char>(std::toupper(m[0]))), s.evidence);
      break;
    }
    auto next = forms::NextLine(doc, h.page, h.end, 2);
    if (next &&
        RE2::PartialMatch(re2::StringPiece(next->folded.data(), next->folded.size()), letter, &m)) {
      Field s = forms::SubField(doc, *next, 0, 1);
      sex_v = std::make_pair(std::string(1, static_cast<char>(std::toupper(m[0]))), s.evidence);
      break;
    }
  }
  if (!sex_v && machine && !machine->sex.empty() && mrz_ev)
    sex_v = std::make_pair(machine->sex, *mrz_ev);
  if (sex_v) id.Set("sex", sex_v->first, sex_v->second);
  if (expiry_v) id.Set("expiry_date", expiry_v->first, expiry_v->second);
  if (issue_v) id.Set("issue_date", issue_v->first, issue_v->second);

  // Effective validity (the 15-year rule); "expired" needs a reference date the document
  // does not give, so it is left to the checks that know the deed.
  if (!kind.empty()) {
    IdValidityInput in;
    in.kind = kind == "cni_ancienne" ? mrz::DocumentKind::kCniAncienne
              : kind == "cni_2021"   ? mrz::DocumentKind::kCni2021
                                     : mrz::DocumentKind::kPasseport;
    if (issue_v) in.issue_date = FromIso(issue_v->first);
    if (expiry_v) in.printed_expiry = FromIso(expiry_v->first);
    if (birth_v) in.birth_date = FromIso(birth_v->first);
    if (in.printed_expiry || in.issue_date) {
      IdValidity v = EvaluateIdValidity(in, reference);
      if (v.effective_expiry) {
        id.Set("effective_expiry_date", v.effective_expiry->Iso());
        id.Set("validity_extended_15y", v.validity_extended_15y);
      }
    }
  }
  // A band on the picture that OCR garbled (a character added, a chevron run misread) is
  // visible but unread: the notary reads it on the original, nothing says it is absent.
  bool band = machine.has_value();
  for (size_t p = 0; p < doc.page_count() && !band; ++p) band = mrz::LooksLikeMrz(doc.page(p).text);
  id.Set("mrz_visible", band);
  if (machine) {
    id.Set("mrz", machine->lines, mrz_ev);
    id.Set("mrz_valid", machine->valid);
  }
  if (!id.Has("kind") && !id.Has("number") && !id.Has("surname")) return;
  (*entities)["identity_document"] = id.Build();

  // The titulaire.
  EntityBuilder person;
  person.Set("role", "titulaire");
  if (usage) {
    person.Set("last_name", std::string(usage->text), usage->evidence);
    // Where it was read, so that a spelling that differs from the deed's can be shown.
    if (id.Has("surname")) {
      person.Set("birth_name", id.Get("surname"),
                 surname ? std::optional<Evidence>(surname->evidence) : mrz_ev);
    }
  } else if (id.Has("surname")) {
    person.Set("last_name", id.Get("surname"),
               surname ? std::optional<Evidence>(surname->evidence) : mrz_ev);
  }
  if (!given_names.empty()) {
    person.Set("first_names", given_names, given->evidence);
  } else if (id.Has("given_names")) {
    person.Set("first_names", id.Get("given_names"), mrz_ev);
  }
  if (sex_v) person.Set("sex", sex_v->first, sex_v->second);
  if (birth_v) person.Set("birth_date", birth_v->first, birth_v->second);
  if (place) {
    std::string town = forms::CutParenthesis(place->text);
    person.Set("birth_place", town, place->evidence);
    // A French card names a birth abroad with its country; a commune (with its département
    // number, or known to the commune table) is a birth in France.
    static const RE2 dept(R"(\((?:[0-9]{2,3}|2a|2b)\))");
    bool french =
        RE2::PartialMatch(re2::StringPiece(place->folded.data(), place->folded.size()), dept) ||
        !CommuneIndex::Get().ByName(town).empty();
    if (french) person.Set("birth_country", "France", place->evidence);
  }
  static const RE2 nat_label(R"(\b(nationalit[ea]?)\b)");
  for (const Hit& h : forms::FindAll(doc, nat_label)) {
    auto v = forms::SameLineValue(doc, h);
    if (v) {
      static const RE2 skip(R"(^((?:[/|] ?)?nationa?l?i?t?y? ?))");
      re2::StringPiece m;
      if (RE2::PartialMatch(re2::StringPiece(v->folded.data(), v->folded.size()), skip, &m) &&
          m.size() > 0) {
        if (m.size() >= v->folded.size())
          v.reset();
        else
          v = forms::SubField(doc, *v, m.size(), v->folded.size() - m.size());
      }
    }
    if (v && !Nationality(v->folded).empty() && v->folded.starts_with("fran")) {
      person.Set("nationality", Nationality(v->folded), forms::SubField(doc, *v, 0, 9).evidence);
      break;
    }
    auto next = forms::NextLine(doc, h.page, h.end, 2);
    if (next) {
      static const RE2 fra(R"(\b(fra|francaise)\b)");
      re2::StringPiece m;
      if (RE2::PartialMatch(re2::StringPiece(next->folded.data(), next->folded.size()), fra, &m)) {
        Field w = forms::SubField(doc, *next, m.data() - next->folded.data(), m.size());
        person.Set("nationality", "française", w.evidence);
        break;
      }
    }
  }
  for (const Hit& h : forms::FindAll(doc, AddressLabel())) {
    auto v = forms::ValueAfter(doc, h, 2);
    if (!v) continue;
    if (auto a = forms::AddressFrom(doc, *v, 4)) {
      person.Set("address", a->text, a->evidence);
      break;
    }
  }
  (*entities)["persons"].push_back(person.Build());
  if (birth_v) {
    forms::DateField d;
    d.iso = birth_v->first;
    d.evidence = birth_v->second;
    forms::AddDate(entities, "naissance", d);
  }
  if (issue_v) {
    forms::DateField d;
    d.iso = issue_v->first;
    d.evidence = issue_v->second;
    forms::AddDate(entities, "delivrance", d);
  }
  if (expiry_v) {
    forms::DateField d;
    d.iso = expiry_v->first;
    d.evidence = expiry_v->second;
    forms::AddDate(entities, "expiration", d);
  }
}

}  // namespace

void RegisterIdentityExtractors() {
  RegisterExtractor("cni", "forms.identity_card", [](const DocumentView& doc, nlohmann::json* e) {
    ExtractIdentity(doc, e, false);
  });
  RegisterExtractor("passeport", "forms.passport", [](const DocumentView& doc, nlohmann::json* e) {
    ExtractIdentity(doc, e, true);
  });
}

}  // namespace notaria::analyze
