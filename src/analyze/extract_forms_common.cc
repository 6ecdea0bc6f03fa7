// Shared readers of the form extractors (see extract_forms.h).
#include <re2/re2.h>

#include <algorithm>
#include <cctype>

#include "analyze/extract_forms.h"
#include "analyze/validate_commune.h"
#include "text/french_amounts.h"
#include "text/french_dates.h"

namespace notaria::analyze::forms {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Characters that layouts and OCR put around a value and that are never part of it.
bool IsLeadingJunk(char c) {
  return IsBlank(c) || c == ':' || c == '|' || c == '_' || c == '[' || c == ']' || c == '=' ||
         c == ';' || c == '!';
}
bool IsTrailingJunk(char c) {
  return IsBlank(c) || c == ':' || c == '|' || c == '_' || c == '[' || c == ']' || c == ';' ||
         c == ',' || c == '=';
}

std::string_view Sv(const re2::StringPiece& sp) { return std::string_view(sp.data(), sp.size()); }

const RE2& PostalTownRe() {
  // Postal code then town words (letters, hyphens, apostrophes, single spaces).
  static const RE2 re(R"((?:^|[^0-9])([0-9]{5}) +([a-z][a-z'\-]*(?: [a-z][a-z'\-]*)*))");
  return re;
}

const RE2& StreetStartRe() {
  static const RE2 re(
      R"((?:^|[^0-9a-z])([0-9]{1,4}(?: ?(?:bis|ter|quater|[a-d]))?,? +)"
      R"((?:rue|avenue|av\.?|boulevard|bd|chemin|allee|place|impasse|route|quai|cours|square|)"
      R"(passage|voie|sentier|residence|lotissement|hameau|faubourg|rond-point|esplanade|)"
      R"(promenade|cite|domaine|parc|clos|villa|mail|rampe|montee|traverse|venelle|ruelle)\b))");
  return re;
}

const RE2& ComplementRe() {
  static const RE2 re(
      R"(^(?:appartement|appt|apt|batiment|bat\.?|residence|escalier|esc\.?|etage|lieu-dit|)"
      R"(lieudit|immeuble|hameau|lotissement|domaine|chez|bp|cs|boite postale)\b)");
  return re;
}

}  // namespace

std::string Trim(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && (IsBlank(s[b]) || s[b] == '\n')) ++b;
  while (e > b && (IsBlank(s[e - 1]) || s[e - 1] == '\n')) --e;
  return std::string(s.substr(b, e - b));
}

std::string Collapse(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (IsBlank(c) || c == '\n') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string CutParenthesis(std::string_view s) {
  size_t p = s.find('(');
  if (p != std::string_view::npos) s = s.substr(0, p);
  return Trim(s);
}

Field MakeField(const DocumentView& doc, size_t page, size_t start, size_t end) {
  const std::string& f = doc.folded(page).folded();
  end = std::min(end, f.size());
  start = std::min(start, end);
  while (start < end && IsLeadingJunk(f[start])) ++start;
  while (end > start && IsTrailingJunk(f[end - 1])) --end;
  Field out;
  out.page = page;
  out.start = start;
  out.end = end;
  out.evidence = doc.EvidenceOf(page, start, end);
  out.text = doc.TextOf(out.evidence);
  out.folded = std::string_view(f).substr(start, end - start);
  return out;
}

Field SubField(const DocumentView& doc, const Field& f, size_t offset, size_t length) {
  offset = std::min(offset, f.folded.size());
  length = std::min(length, f.folded.size() - offset);
  return MakeField(doc, f.page, f.start + offset, f.start + offset + length);
}

Evidence Join(const Evidence& a, const Evidence& b) {
  if (a.page != b.page) return a;
  return {a.page, std::min(a.start, b.start), std::max(a.end, b.end)};
}

std::vector<Hit> FindAll(const DocumentView& doc, const RE2& re) {
  std::vector<Hit> hits;
  for (size_t p = 0; p < doc.page_count(); ++p) {
    const std::string& f = doc.folded(p).folded();
    re2::StringPiece input(f);
    re2::StringPiece m[2];
    int groups = std::min(re.NumberOfCapturingGroups(), 1);
    size_t pos = 0;
    while (pos <= f.size() && re.Match(input, pos, f.size(), RE2::UNANCHORED, m, groups + 1)) {
      const re2::StringPiece& g = (groups == 1 && m[1].data() != nullptr) ? m[1] : m[0];
      size_t s = g.data() - f.data();
      hits.push_back({p, s, s + g.size()});
      size_t next = (m[0].data() - f.data()) + m[0].size();
      pos = next > pos ? next : pos + 1;
    }
  }
  return hits;
}

std::optional<Hit> FindFirst(const DocumentView& doc, const RE2& re) {
  auto hits = FindAll(doc, re);
  if (hits.empty()) return std::nullopt;
  return hits.front();
}

std::pair<size_t, size_t> LineAt(const DocumentView& doc, size_t page, size_t pos) {
  const std::string& f = doc.folded(page).folded();
  pos = std::min(pos, f.size());
  size_t b = f.rfind('\n', pos == 0 ? 0 : pos - 1);
  b = (b == std::string::npos || (pos == 0 && f[0] != '\n')) ? 0 : b + 1;
  if (pos > 0 && f[pos - 1] == '\n') b = pos;
  size_t e = f.find('\n', pos);
  if (e == std::string::npos) e = f.size();
  return {b, e};
}

std::optional<Field> NextLine(const DocumentView& doc, size_t page, size_t pos, int max_lines) {
  const std::string& f = doc.folded(page).folded();
  size_t e = f.find('\n', pos);
  int seen = 0;
  while (e != std::string::npos && seen < max_lines + 2) {
    size_t b = e + 1;
    e = f.find('\n', b);
    size_t end = e == std::string::npos ? f.size() : e;
    Field fl = MakeField(doc, page, b, end);
    if (!fl.folded.empty()) {
      if (++seen > max_lines) return std::nullopt;
      return fl;
    }
    // Blank lines between a label and its value are OCR layout, not structure.
  }
  return std::nullopt;
}

std::optional<Field> SameLineValue(const DocumentView& doc, const Hit& label) {
  const std::string& f = doc.folded(label.page).folded();
  size_t s = label.end;
  while (s < f.size() && f[s] != '\n' && (IsLeadingJunk(f[s]) || f[s] == '.')) ++s;
  size_t e = s;
  int blanks = 0;
  while (e < f.size() && f[e] != '\n') {
    blanks = IsBlank(f[e]) ? blanks + 1 : 0;
    if (blanks >= 3) {
      e -= 2;
      break;
    }
    ++e;
  }
  Field v = MakeField(doc, label.page, s, e);
  if (v.folded.empty()) return std::nullopt;
  return v;
}

std::optional<Field> ValueAfter(const DocumentView& doc, const Hit& label, int max_lines) {
  if (auto v = SameLineValue(doc, label)) return v;
  return NextLine(doc, label.page, label.end, max_lines);
}

std::optional<Field> Labeled(const DocumentView& doc, const re2::RE2& label, int max_lines) {
  for (const Hit& h : FindAll(doc, label)) {
    if (auto v = ValueAfter(doc, h, max_lines)) return v;
  }
  return std::nullopt;
}

std::vector<DateField> DatesIn(const DocumentView& /*doc*/, const Field& f) {
  std::vector<DateField> out;
  auto add = [&](size_t s, size_t e, const text::FrenchDate& d) {
    for (const auto& o : out) {
      if (s < o.evidence.end - f.evidence.start + 0 && e > o.evidence.start - f.evidence.start)
        return;
    }
    DateField df;
    df.date = d;
    df.iso = text::ToIso(d);
    df.evidence = {f.evidence.page, f.evidence.start + s, f.evidence.start + e};
    out.push_back(df);
  };
  for (const auto& d : text::FindDates(f.text)) {
    if (d.date.year > 0) add(d.start, d.end, d.date);
  }
  // ID cards print "08 07 1985": day, month and year separated by single blanks.
  static const RE2 spaced(
      R"((?:^|[^0-9])(([0-3]?[0-9]) ([01]?[0-9]) ((?:19|20)[0-9]{2}))(?:[^0-9]|$))");
  re2::StringPiece input(f.text.data(), f.text.size());
  re2::StringPiece m[5];
  size_t pos = 0;
  while (spaced.Match(input, pos, f.text.size(), RE2::UNANCHORED, m, 5)) {
    int day = std::stoi(std::string(Sv(m[2])));
    int month = std::stoi(std::string(Sv(m[3])));
    int year = std::stoi(std::string(Sv(m[4])));
    size_t s = m[1].data() - f.text.data();
    if (text::IsValidDate(year, month, day)) add(s, s + m[1].size(), {year, month, day});
    pos = s + m[1].size();
  }
  std::sort(out.begin(), out.end(), [](const DateField& a, const DateField& b) {
    return a.evidence.start < b.evidence.start;
  });
  return out;
}

std::optional<DateField> FirstDate(const DocumentView& doc, const Field& f) {
  auto all = DatesIn(doc, f);
  if (all.empty()) return std::nullopt;
  return all.front();
}

std::optional<AmountField> FirstAmount(const DocumentView& doc, const Field& f) {
  (void)doc;
  text::FindAmountsOptions opt;
  opt.include_words = false;
  auto amounts = text::FindAmounts(f.text, opt);
  for (const auto& a : amounts) {
    if (a.currency != "EUR") continue;
    return AmountField{a.value,
                       {f.evidence.page, f.evidence.start + a.start, f.evidence.start + a.end}};
  }
  // A labelled box may hold a bare number ("Revenu fiscal de référence  50909").
  static const RE2 number(R"(^([0-9][0-9 .\x{a0}]*(?:,[0-9]{1,2})?))");
  re2::StringPiece m;
  if (RE2::PartialMatch(re2::StringPiece(f.text.data(), f.text.size()), number, &m)) {
    std::string_view digits = Sv(m);
    while (!digits.empty() && (digits.back() == ' ' || digits.back() == '.')) {
      digits.remove_suffix(1);
    }
    if (auto v = text::ParseFrenchDecimal(digits)) {
      size_t s = digits.data() - f.text.data();
      return AmountField{
          *v, {f.evidence.page, f.evidence.start + s, f.evidence.start + s + digits.size()}};
    }
  }
  return std::nullopt;
}

void AddDate(nlohmann::json* entities, std::string_view kind, const DateField& d) {
  auto& dates = (*entities)["dates"];
  for (const auto& x : dates) {
    if (x.value("kind", "") == kind) return;
  }
  dates.push_back({{"kind", kind}, {"value", d.iso}, {"evidence", EvidenceJson(d.evidence)}});
}

void AddAmount(nlohmann::json* entities, std::string_view kind, const AmountField& a) {
  auto& amounts = (*entities)["amounts"];
  for (const auto& x : amounts) {
    if (x.value("kind", "") == kind) return;
  }
  amounts.push_back({{"kind", kind},
                     {"value", a.value},
                     {"currency", "EUR"},
                     {"evidence", EvidenceJson(a.evidence)}});
}

namespace {

struct Token {
  size_t start = 0;  // folded offsets relative to the field
  size_t end = 0;
  std::string_view original;
  std::string_view folded;
};

std::vector<Token> Tokens(const DocumentView& doc, const Field& f) {
  std::vector<Token> out;
  size_t i = 0;
  const std::string_view s = f.folded;
  while (i < s.size()) {
    while (i < s.size() && (IsBlank(s[i]) || s[i] == ',' || s[i] == '\n')) ++i;
    size_t b = i;
    while (i < s.size() && !IsBlank(s[i]) && s[i] != ',' && s[i] != '\n') ++i;
    if (i > b) {
      Evidence e = doc.EvidenceOf(f.page, f.start + b, f.start + i);
      out.push_back({b, i, doc.TextOf(e), s.substr(b, i - b)});
    }
  }
  return out;
}

enum class Case { kUpper, kMixed, kNone };

Case CaseOf(std::string_view original) {
  bool upper = false;
  bool lower = false;
  for (size_t i = 0; i < original.size(); ++i) {
    unsigned char c = original[i];
    if (c >= 'A' && c <= 'Z') upper = true;
    if (c >= 'a' && c <= 'z') lower = true;
    // Two-byte Latin-1 letters: U+00C0..U+00DE upper, U+00DF..U+00FF lower; Œ/œ.
    if (c == 0xC3 && i + 1 < original.size()) {
      unsigned char d = original[i + 1];
      if (d >= 0x80 && d <= 0x9E) upper = true;
      if (d >= 0x9F && d <= 0xBF) lower = true;
      ++i;
    } else if (c == 0xC5 && i + 1 < original.size()) {
      unsigned char d = original[i + 1];
      if (d == 0x92) upper = true;
      if (d == 0x93) lower = true;
      ++i;
    }
  }
  if (lower) return Case::kMixed;
  return upper ? Case::kUpper : Case::kNone;
}

std::string Civility(std::string_view folded) {
  std::string t(folded);
  while (!t.empty() && t.back() == '.') t.pop_back();
  if (t == "m" || t == "mr" || t == "monsieur") return "M";
  if (t == "mme" || t == "madame" || t == "mlle" || t == "mademoiselle") return "F";
  return "";
}

bool IsNameToken(std::string_view folded) {
  if (folded.empty()) return false;
  for (char c : folded) {
    if (!(std::isalpha(static_cast<unsigned char>(c)) || c == '-' || c == '\'')) return false;
  }
  return true;
}

}  // namespace

bool StartsWithCivility(std::string_view folded) {
  static const RE2 re(R"(^(?:m\.|mr\.? |mme\.? |mlle\.? |monsieur |madame |mademoiselle |m ))");
  return RE2::PartialMatch(re2::StringPiece(folded.data(), folded.size()), re);
}

bool LooksLikeCompany(std::string_view folded) {
  static const RE2 re(
      R"(\b(?:sarl|sas|sasu|sa|eurl|sci|snc|scp|selarl|selas|scm|gie|sca|societe|association|)"
      R"(holding|groupe|compagnie|cie|entreprise|ets|etablissements)\b)");
  return RE2::PartialMatch(re2::StringPiece(folded.data(), folded.size()), re);
}

std::optional<PersonName> ParsePersonName(const DocumentView& doc, const Field& f,
                                          bool all_caps_surname_first) {
  std::vector<Token> tokens = Tokens(doc, f);
  PersonName out;
  size_t i = 0;
  if (!tokens.empty()) {
    std::string sex = Civility(tokens[0].folded);
    if (!sex.empty() && tokens.size() > 1) {
      out.sex = sex;
      out.sex_evidence = doc.EvidenceOf(f.page, f.start + tokens[0].start, f.start + tokens[0].end);
      i = 1;
    }
  }
  std::vector<Token> names;
  for (; i < tokens.size(); ++i) {
    if (!IsNameToken(tokens[i].folded) || tokens[i].folded == "et") break;
    if (CaseOf(tokens[i].original) == Case::kNone) break;
    names.push_back(tokens[i]);
  }
  if (names.empty()) return std::nullopt;
  bool mixed = false;
  for (const auto& t : names) mixed = mixed || CaseOf(t.original) == Case::kMixed;
  std::vector<bool> surname(names.size(), false);
  if (mixed) {
    // The surname is the run of capitals ("BESSON Isabelle", "Sandrine TESSIER").
    bool in_run = false;
    bool done = false;
    for (size_t k = 0; k < names.size(); ++k) {
      bool up = CaseOf(names[k].original) == Case::kUpper && names[k].original.size() > 1;
      if (up && !done) {
        surname[k] = true;
        in_run = true;
      } else if (in_run) {
        done = true;
      }
    }
  } else if (names.size() == 1) {
    surname[0] = true;
  } else if (all_caps_surname_first) {
    for (size_t k = 0; k + 1 < names.size(); ++k) surname[k] = true;
  } else {
    for (size_t k = 1; k < names.size(); ++k) surname[k] = true;
  }
  std::optional<size_t> sb, se, gb, ge;
  for (size_t k = 0; k < names.size(); ++k) {
    if (surname[k]) {
      if (!out.last_name.empty()) out.last_name += ' ';
      out.last_name += names[k].original;
      if (!sb) sb = names[k].start;
      se = names[k].end;
    } else {
      out.first_names.emplace_back(names[k].original);
      if (!gb) gb = names[k].start;
      ge = names[k].end;
    }
  }
  if (out.last_name.empty()) return std::nullopt;
  out.last_name_evidence = doc.EvidenceOf(f.page, f.start + *sb, f.start + *se);
  if (gb) out.first_names_evidence = doc.EvidenceOf(f.page, f.start + *gb, f.start + *ge);
  size_t wb = i > 0 && !out.sex.empty() ? tokens[0].start : names.front().start;
  out.whole = doc.EvidenceOf(f.page, f.start + wb, f.start + names.back().end);
  out.mixed_case = mixed;
  return out;
}

void SetName(EntityBuilder* b, const PersonName& name) {
  b->Set("last_name", name.last_name, name.last_name_evidence);
  if (!name.first_names.empty()) b->Set("first_names", name.first_names, name.first_names_evidence);
  if (!name.sex.empty()) b->Set("sex", name.sex, name.sex_evidence);
}

std::string InseeCode(std::string_view postal_code, std::string_view city) {
  auto found = CommuneIndex::Get().ByPostalCodeAndName(postal_code, city);
  const Commune* best = nullptr;
  for (const Commune* c : found) {
    if (c->kind == Commune::Kind::kArrondissement) return c->code;
    if (!best || (c->kind == Commune::Kind::kCurrent && best->kind != Commune::Kind::kCurrent)) {
      best = c;
    }
  }
  return best ? best->code : "";
}

namespace {

// The town words after a postal code, shortened to a known commune when the table knows one
// (OCR leaves stray letters after the town on photos).
size_t TownLength(std::string_view postal_code, std::string_view town_folded) {
  std::vector<size_t> ends;
  for (size_t i = 0; i <= town_folded.size(); ++i) {
    if (i == town_folded.size() || town_folded[i] == ' ') ends.push_back(i);
  }
  for (auto it = ends.rbegin(); it != ends.rend(); ++it) {
    std::string_view cand = town_folded.substr(0, *it);
    // "Cedex" and arrondissement numbers are part of the town line.
    if (!CommuneIndex::Get().ByPostalCodeAndName(postal_code, cand).empty()) return *it;
  }
  if (CommuneIndex::Get().ByPostalCode(postal_code).empty()) return town_folded.size();
  // Known postal code, unknown town: keep the whole line rather than guess a cut.
  return town_folded.size();
}

}  // namespace

std::optional<Address> AddressFrom(const DocumentView& doc, const Field& first, int max_lines) {
  Address out;
  std::vector<Field> parts;
  Field line = first;
  const std::string& page = doc.folded(first.page).folded();
  auto [fl_begin, fl_end] = LineAt(doc, first.page, first.start);
  (void)fl_end;
  size_t column = first.start - fl_begin;
  for (int n = 0; n < max_lines; ++n) {
    std::string_view s = line.folded;
    re2::StringPiece in(s.data(), s.size());
    re2::StringPiece pm[3];
    re2::StringPiece sm[2];
    bool has_postal = PostalTownRe().Match(in, 0, s.size(), RE2::UNANCHORED, pm, 3);
    bool has_street = StreetStartRe().Match(in, 0, s.size(), RE2::UNANCHORED, sm, 2);
    size_t street_at = has_street ? sm[1].data() - s.data() : s.size();
    size_t postal_at = has_postal ? pm[1].data() - s.data() : s.size();
    bool complement = RE2::PartialMatch(in, ComplementRe());
    if (has_postal && (!has_street || street_at > postal_at)) {
      // A lone town line: from its start (or the postal code when junk precedes it).
      size_t from = parts.empty() && !complement ? postal_at : 0;
      if (!parts.empty()) from = postal_at > 0 && column == 0 ? 0 : 0;
      size_t town_at = pm[2].data() - s.data();
      size_t town_len = TownLength(Sv(pm[1]), Sv(pm[2]));
      if (parts.empty() && from == postal_at && postal_at > 0) from = postal_at;
      Field part = SubField(doc, line, from, town_at + town_len - from);
      if (!parts.empty() && postal_at > 0 && !complement) {
        // Junk before the postal code of a following line (a second column): drop it
        // unless it reads as part of the address.
        std::string_view before = s.substr(0, postal_at);
        if (before.find_first_not_of(" ,") != std::string_view::npos &&
            !StreetStartRe().Match(re2::StringPiece(before.data(), before.size()), 0, before.size(),
                                   RE2::UNANCHORED, nullptr, 0)) {
          part = SubField(doc, line, postal_at, town_at + town_len - postal_at);
        }
      }
      parts.push_back(part);
      out.postal_code = std::string(Sv(pm[1]));
      Field town = SubField(doc, line, town_at, town_len);
      out.city = std::string(town.text);
      out.city_evidence = town.evidence;
      if (has_street && street_at < postal_at) {
        Field st = SubField(doc, line, street_at, postal_at - street_at);
        out.street = std::string(st.text);
        out.street_evidence = st.evidence;
      }
      break;
    }
    if (has_street) {
      size_t from = complement ? 0 : street_at;
      size_t to = s.size();
      if (has_postal) {
        to = pm[2].data() - s.data();
        size_t town_len = TownLength(Sv(pm[1]), Sv(pm[2]));
        to += town_len;
      } else {
        // A second street further on the line is a second column.
        re2::StringPiece sm2[2];
        if (StreetStartRe().Match(in, street_at + sm[1].size(), s.size(), RE2::UNANCHORED, sm2,
                                  2)) {
          to = sm2[1].data() - s.data();
        }
      }
      Field part = SubField(doc, line, from, to - from);
      parts.push_back(part);
      size_t st_end = has_postal ? postal_at : to;
      Field st = SubField(doc, line, street_at, st_end - street_at);
      out.street = std::string(st.text);
      out.street_evidence = st.evidence;
      if (has_postal) {
        out.postal_code = std::string(Sv(pm[1]));
        Field town = SubField(doc, line, pm[2].data() - s.data(), TownLength(Sv(pm[1]), Sv(pm[2])));
        out.city = std::string(town.text);
        out.city_evidence = town.evidence;
        break;
      }
    } else if (complement) {
      parts.push_back(line);
    } else {
      break;
    }
    // Next line, in the same column when the page is laid out in columns.
    auto next = NextLine(doc, line.page, line.end, 1);
    if (!next) break;
    auto [nb, ne] = LineAt(doc, next->page, next->start);
    if (column > 8 && ne - nb > column) {
      size_t from = nb + column;
      while (from > nb && !IsBlank(page[from - 1])) --from;
      next = MakeField(doc, next->page, from, ne);
    } else if (column == 0) {
      // Cut at a column gap on the left-hand column.
      std::string_view s2 = std::string_view(page).substr(nb, ne - nb);
      size_t gap = s2.find("   ");
      if (gap != std::string_view::npos && gap > 0) next = MakeField(doc, next->page, nb, nb + gap);
    }
    line = *next;
  }
  if (parts.empty() || out.postal_code.empty()) return std::nullopt;
  Evidence ev = parts.front().evidence;
  for (const auto& p : parts) {
    if (!out.text.empty()) out.text += ", ";
    out.text += Collapse(p.text);
    ev = Join(ev, p.evidence);
  }
  out.evidence = ev;
  return out;
}

}  // namespace notaria::analyze::forms
