#include "analyze/extract_parties.h"

#include <re2/re2.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyze/extract_parties_company.h"
#include "analyze/extract_parties_name.h"
#include "analyze/extract_parties_place.h"
#include "analyze/extract_parties_text.h"
#include "text/french_dates.h"
#include "text/normalize.h"

namespace notaria::analyze {
namespace {

using parties::CompanyMention;
using parties::PageScan;
using parties::ParsedName;
using parties::Span;

// The role words of party headings and "Ci-après dénommé « ... »", folded.
constexpr char kRoleWords[] =
    "vendeur|venderesse|vendeurs|promettant|promettants|acquereur|acquereurs|acheteur|"
    "acheteurs|beneficiaire|beneficiaires|donateur|donatrice|donateurs|donataire|donataires|"
    "bailleur|bailleresse|bailleurs|locataire|locataires|preneur|preneurs|emprunteur|"
    "emprunteurs|co-emprunteur|co-emprunteurs|preteur|mandant|mandants|mandataire|"
    "mandataires|heritier|heritiers|defunt|defunte|cedant|cessionnaire|de cujus";

std::string RoleCode(std::string_view w) {
  auto starts = [&](std::string_view p) { return w.substr(0, p.size()) == p; };
  if (starts("vend") || starts("promettant") || starts("cedant")) return "vendeur";
  if (starts("acquereur") || starts("achet") || starts("beneficiaire") || starts("cessionnaire")) {
    return "acquereur";
  }
  if (starts("donat") && w.find("aire") != std::string_view::npos) return "donataire";
  if (starts("donat")) return "donateur";
  if (starts("bailleu")) return "bailleur";
  if (starts("locataire") || starts("preneur")) return "locataire";
  if (starts("emprunteur") || starts("co-emprunteur")) return "emprunteur";
  if (starts("preteur")) return "preteur";
  if (starts("mandataire")) return "mandataire";
  if (starts("mandant")) return "mandant";
  if (starts("heritier")) return "heritier";
  if (starts("defunt") || starts("de cujus")) return "defunt";
  return "";
}

struct Person {
  char sex = 0;
  size_t civ_start = 0;
  ParsedName name;
  size_t intro_end = 0;
  EntityBuilder b;
};

struct Unit {
  int page_index = 0;
  size_t start = 0;
  size_t end = 0;
  bool company = false;
  CompanyMention mention;
  std::vector<Person> persons;
  std::string role;
  bool role_fixed = false;
  bool represents = false;  // introduced by "représenté(e) par"
};

enum class EventKind { kRoleHeading, kOtherHeading, kLabel, kMarker, kMandataireIntro };

struct Event {
  size_t pos = 0;
  size_t end = 0;
  EventKind kind;
  std::string role;
};

size_t SentenceEnd(const std::string& f, size_t from, size_t limit) {
  for (size_t k = from; k < limit; ++k) {
    if (f[k] != '.') continue;
    if (k + 1 < f.size() && f[k + 1] != ' ' && f[k + 1] != '\n') continue;
    // "M.", "St.": the dot of an abbreviation does not end the sentence ("Bâtiment A." does).
    size_t w = k;
    while (w > from && f[w - 1] >= 'a' && f[w - 1] <= 'z') --w;
    std::string_view word = std::string_view(f).substr(w, k - w);
    if (word == "m" || word == "mm" || word == "st" || word == "ste" || word == "bd" ||
        word == "av" || word == "me" || word == "dr" || word == "mme" || word == "mlle") {
      continue;
    }
    return k;
  }
  return limit;
}

// Role headings ("VENDEUR", "LES DONATAIRES", "IDENTIFICATION DU DÉFUNT", "L'EMPRUNTEUR")
// and inline labels ("Le bailleur : ..."), other headings (a line in capitals) and the
// grammatical role markers, in order.
std::vector<Event> FindEvents(const PageScan& scan) {
  const std::string& f = scan.folded();
  std::vector<Event> events;
  static const RE2 kHeading(
      std::string(
          R"(^(?:[0-9ivx]+\s*[.)°-]\s*)?(?:identification\s+(?:du|de la|des)\s+)?(?:(?:le|la|les)\s+|l')?()") +
      kRoleWords + R"()(?:\s*\(s\)|s)?\s*:?$)");
  static const RE2 kLabel(std::string(R"(^(?:[0-9ivx]+\s*[.)°-]\s*)?(?:(?:le|la|les)\s+|l')?()") +
                          kRoleWords + R"()(?:\s*\(s\)|s)?\s*:\s*\S)");
  size_t line_start = 0;
  while (line_start < f.size()) {
    size_t line_end = f.find('\n', line_start);
    if (line_end == std::string::npos) line_end = f.size();
    std::string_view line = std::string_view(f).substr(line_start, line_end - line_start);
    size_t b = line.find_first_not_of(" \t-");
    size_t e = line.find_last_not_of(" \t");
    if (b != std::string_view::npos) {
      std::string trimmed(line.substr(b, e - b + 1));
      std::string role;
      if (RE2::FullMatch(trimmed, kHeading, &role)) {
        events.push_back({line_start, line_end, EventKind::kRoleHeading, RoleCode(role)});
      } else if (RE2::PartialMatch(trimmed, kLabel, &role)) {
        events.push_back({line_start, line_end, EventKind::kLabel, RoleCode(role)});
      } else {
        std::string_view orig = scan.Orig(line_start + b, line_start + e + 1);
        bool lower = false;
        int n_letters = 0;
        for (char c : orig) {
          if (c >= 'a' && c <= 'z') lower = true;
          if ((c >= 'A' && c <= 'Z')) ++n_letters;
        }
        // A heading stands on its own line: the line before it ends a sentence or is
        // itself a heading (a line in capitals that continues a sentence is not one).
        std::string_view prev_line = std::string_view(f).substr(0, line_start);
        while (!prev_line.empty() && (prev_line.back() == '\n' || prev_line.back() == ' ')) {
          prev_line.remove_suffix(1);
        }
        bool own_line = prev_line.empty() || line_start < 2 || f[line_start - 2] == '\n';
        if (!own_line) {
          char last = prev_line.back();
          size_t pl = prev_line.rfind('\n');
          std::string_view prev_orig =
              scan.Orig(pl == std::string_view::npos ? 0 : pl + 1, prev_line.size());
          bool prev_caps =
              prev_orig.find_first_of("abcdefghijklmnopqrstuvwxyz") == std::string_view::npos;
          own_line = last == '.' || last == ':' || last == ';' || last == '"' || prev_caps ||
                     static_cast<unsigned char>(last) >= 0x80;
        }
        if (!lower && own_line && n_letters >= 5 && orig.size() < 70) {
          events.push_back({line_start, line_end, EventKind::kOtherHeading, ""});
        }
      }
    }
    line_start = line_end + 1;
  }
  static const RE2 kCiApres(
      std::string(
          R"((ci-?\s*apres\s+(?:(?:denomme|designe|nomme|appele)\w*(?:\s*\(\w+\))?\s+)?(?:ensemble\s+|collectivement\s+)?[^a-z\n]{0,4}(?:(?:le|la|les)\s+|l')?[^a-z\n]{0,4}(?:(?:le|la|les)\s+|l')?()") +
      kRoleWords + "))");
  static const RE2 kHeirs(
      R"((agissant\s+(?:en\s+(?:sa|leur)\s+qualite|en\s+qualite)\s+d'heritier))");
  static const RE2 kMandataire(
      R"((constitue(?:nt)?\s+pour\s+(?:son|leur|ses)?\s*mandataires?\s*(?::\s*)?))");
  re2::StringPiece in(f), all, role;
  while (RE2::FindAndConsume(&in, kCiApres, &all, &role)) {
    size_t s = all.data() - f.data();
    events.push_back({s, s + all.size(), EventKind::kMarker, RoleCode(std::string(role))});
  }
  in = f;
  while (RE2::FindAndConsume(&in, kHeirs, &all)) {
    size_t s = all.data() - f.data();
    events.push_back({s, s + all.size(), EventKind::kMarker, "heritier"});
  }
  in = f;
  while (RE2::FindAndConsume(&in, kMandataire, &all)) {
    size_t s = all.data() - f.data();
    events.push_back({s, s + all.size(), EventKind::kMandataireIntro, "mandataire"});
  }
  std::sort(events.begin(), events.end(),
            [](const Event& a, const Event& b) { return a.pos < b.pos; });
  return events;
}

std::string Trimmed(std::string_view s) {
  std::string c = parties::CollapseSpaces(s);
  while (!c.empty() && (c.back() == ' ' || c.back() == '.' || c.back() == ',')) c.pop_back();
  size_t b = c.find_first_not_of(" ,");
  return b == std::string::npos ? "" : c.substr(b);
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Reads "né(e) (le DATE) à PLACE (CODE) (le DATE)" starting at folded `start` (the word
// "né") and ending at `end`.
void ReadBirth(const PageScan& scan, size_t start, size_t end, Person* p) {
  const std::string& f = scan.folded();
  if (p->b.Has("birth_date") || p->b.Has("birth_place")) return;
  Evidence whole = scan.Ev(start, end);
  std::string_view orig = scan.doc().TextOf(whole);
  for (const auto& d : text::FindDates(orig)) {
    if (d.date.year == 0) continue;
    p->b.Set("birth_date", text::ToIso(d.date),
             Evidence{whole.page, whole.start + d.start, whole.start + d.end});
    break;
  }
  // The place follows the word "à".
  size_t k = scan.WordAt(start) + 1;
  const auto& words = scan.words();
  size_t place_start = std::string::npos;
  for (; k < words.size() && words[k].start < end; ++k) {
    if (words[k].folded == "a" && scan.Orig(words[k].start, words[k].end) != "A") {
      place_start = k + 1 < words.size() ? words[k + 1].start : std::string::npos;
      break;
    }
  }
  if (place_start == std::string::npos || place_start >= end) return;
  size_t e = place_start;
  size_t last = place_start;
  while (e < end) {
    char c = f[e];
    if (c == '(') {
      size_t close = f.find(')', e);
      if (close != std::string::npos && close < end && close - e < 40) last = close + 1;
      break;
    }
    if (c == ',' || c == '.' || c == ';') break;
    if (f.compare(e, 4, " le ") == 0 || f.compare(e, 4, "\nle ") == 0) {
      std::string_view o = scan.Orig(e + 1, e + 3);
      if (o == "le") break;
    }
    if (c != ' ' && c != '\n') last = e + 1;
    ++e;
  }
  if (last <= place_start) return;
  Evidence ev = scan.Ev(place_start, last);
  if (auto place = parties::ParseBirthPlace(scan.doc().TextOf(ev))) {
    p->b.Set("birth_place", place->city, ev);
    if (!place->country.empty()) p->b.Set("birth_country", place->country, ev);
  }
}

// The address after "demeurant" at folded `start`, up to `end`.
std::optional<std::pair<std::string, Evidence>> ReadAddress(const PageScan& scan, size_t start,
                                                            size_t end) {
  const std::string& f = scan.folded();
  static const RE2 kStop(
      R"((,\s*(?:nee?s?\s+(?:le|a)\b|de nationalite|celibataire|marie|divorce|veu|pacse|agissant|son epou|sa epou|en sa qualite|ci-apres|epou|represent)|\bet\s+(?:monsieur|madame|mme|m\.)))");
  re2::StringPiece rest(f.data() + start, end - start), stop;
  size_t stop_at = end;
  if (RE2::PartialMatch(rest, kStop, &stop)) stop_at = stop.data() - f.data();
  stop_at = std::min(stop_at, SentenceEnd(f, start, stop_at));
  if (stop_at <= start) return std::nullopt;
  Evidence ev = scan.Ev(start, stop_at);
  if (auto a = parties::ParseAddress(scan.doc().TextOf(ev))) return std::make_pair(*a, ev);
  return std::nullopt;
}

// Profession, address, birth and nationality said of one person in the clause that follows
// the name, comma-separated segment by segment.
void ReadIntro(const PageScan& scan, Unit* unit, size_t pi) {
  Person& p = unit->persons[pi];
  const std::string& f = scan.folded();
  size_t s = p.name.end, e = p.intro_end;
  std::vector<Span> segs;
  int depth = 0;
  size_t seg_start = s;
  for (size_t k = s; k <= e; ++k) {
    char c = k < e ? f[k] : ',';
    if (c == '(') ++depth;
    if (c == ')' && depth > 0) --depth;
    if (c == ',' && depth == 0) {
      segs.push_back({seg_start, k});
      seg_start = k + 1;
    }
  }
  for (size_t si = 0; si < segs.size(); ++si) {
    size_t a = segs[si].start;
    while (a < segs[si].end && (f[a] == ' ' || f[a] == '\n')) ++a;
    if (a >= segs[si].end) continue;
    std::string_view seg = std::string_view(f).substr(a, segs[si].end - a);
    static const RE2 kBirth(R"(^nee?s?\s+(?:le|a|en)\b)");
    if (RE2::PartialMatch(seg, kBirth)) {
      size_t end = si + 1 < segs.size() ? segs[si].end : e;
      // A birth place may hold a comma-less code; the clause ends at the next comma.
      ReadBirth(scan, a, end, &p);
      if (!p.sex) p.sex = seg[2] == 'e' ? 'F' : 'M';
      continue;
    }
    static const RE2 kLives(
        R"(^(?:demeurant|domicilie|domiciliee|residant|demeurants)(\s+ensemble)?\s*(?::\s*)?)");
    re2::StringPiece sp(seg), together;
    if (RE2::PartialMatch(sp, kLives, &together)) {
      re2::StringPiece m;
      RE2::PartialMatch(sp, "(" + kLives.pattern() + ")", &m);
      size_t from = a + m.size();
      if (auto addr = ReadAddress(scan, from, e)) {
        if (!together.empty()) {
          for (Person& q : unit->persons) {
            if (!q.b.Has("address")) q.b.Set("address", addr->first, addr->second);
          }
        } else {
          p.b.Set("address", addr->first, addr->second);
        }
        // Skip the segments the address used.
        size_t used = addr->second.end;
        while (si + 1 < segs.size() && scan.Ev(segs[si + 1].start, segs[si + 1].end).start < used) {
          ++si;
        }
      }
      continue;
    }
    static const RE2 kNationality(R"(^de\s+nationalite\s+([a-z-]+))");
    re2::StringPiece nat;
    if (RE2::PartialMatch(seg, kNationality, &nat)) {
      size_t ns = nat.data() - f.data();
      p.b.Set("nationality", std::string(scan.Orig(ns, ns + nat.size())),
              scan.Ev(ns, ns + nat.size()));
      continue;
    }
    static const RE2 kSkip(
        R"(^(?:et\b|son\s|sa\s|ses\s|agissant|pris|prise|ayant|usufruit|nu-propri|pour\s|en\s+(?:qualite|sa|leur|vertu)|represent|celibataire|marie|divorce|veu|pacse|non\s|intervenant|ici|present|demeurant|habitant|majeur|mineur|residen|ne\s|nee\s|dont|lui|elle|il\s|qui\s|au\s|aux\s|a\s))");
    size_t prof_start = a;
    static const RE2 kLate(R"(^en\s+son\s+vivant\s+)");
    re2::StringPiece late;
    if (RE2::PartialMatch(seg, "(" + kLate.pattern() + ")", &late)) {
      prof_start = a + late.size();
    } else if (RE2::PartialMatch(seg, kSkip)) {
      continue;
    }
    std::string_view orig = scan.Orig(prof_start, segs[si].end);
    bool lower_start = !orig.empty() && orig[0] >= 'a' && orig[0] <= 'z';
    bool lower_accent =
        orig.size() > 1 && orig[0] == '\xC3' && static_cast<unsigned char>(orig[1]) >= 0xA0;
    bool digits = orig.find_first_of("0123456789") != std::string_view::npos;
    // A representative's clause states a function ("clerc de notaire", "gérant"), not the
    // profession of a party.
    bool represents = unit->role_fixed &&
                      (unit->role == "mandataire" || unit->role == "representant") &&
                      unit->represents;
    if (!represents && !p.b.Has("profession") && (lower_start || lower_accent) && !digits &&
        orig.size() < 60) {
      std::string value = Trimmed(orig);
      if (!value.empty()) p.b.Set("profession", value, scan.Ev(prof_start, segs[si].end));
    }
  }
}

// Target of a clause about "Monsieur"/"Madame" of a couple ("Monsieur est né ...").
Person* BySexMention(const PageScan& scan, Unit* unit, size_t word_index) {
  const auto& words = scan.words();
  for (size_t back = 1; back <= 3 && back <= word_index; ++back) {
    std::string_view w = words[word_index - back].folded;
    char sex = w == "monsieur" ? 'M' : (w == "madame" ? 'F' : 0);
    if (sex == 0) continue;
    for (Person& p : unit->persons) {
      if (p.sex == sex) return &p;
    }
  }
  return nullptr;
}

void ReadPersonUnit(const PageScan& scan, Unit* unit) {
  const std::string& f = scan.folded();
  const auto& words = scan.words();
  // Each person's intro ends at the next person of the couple or at the sentence end.
  for (size_t i = 0; i < unit->persons.size(); ++i) {
    Person& p = unit->persons[i];
    p.intro_end = i + 1 < unit->persons.size() ? unit->persons[i + 1].civ_start
                                               : SentenceEnd(f, p.name.end, unit->end);
    ReadIntro(scan, unit, i);
  }
  size_t shared_start = unit->persons.back().intro_end;
  std::string_view region = std::string_view(f).substr(unit->start, unit->end - unit->start);
  // Birth clauses told after the names ("Monsieur est né à ...", "Née à ... le ...").
  for (size_t k = scan.WordAt(shared_start); k < words.size() && words[k].start < unit->end; ++k) {
    std::string_view w = words[k].folded;
    if (!(w == "ne" || w == "nee") || k + 1 >= words.size()) continue;
    std::string_view n = words[k + 1].folded;
    if (n != "le" && n != "a" && n != "en") continue;
    Person* target = BySexMention(scan, unit, k);
    if (target == nullptr && unit->persons.size() == 1) target = &unit->persons[0];
    if (target == nullptr) continue;
    size_t end = SentenceEnd(f, words[k].start, unit->end);
    size_t comma = f.find(',', words[k].start);
    if (comma != std::string::npos && comma < end) {
      // "née le 3 mars 1950, à Lyon": keep the place when the comma precedes "à".
      size_t next = scan.WordAt(comma);
      if (!(next < words.size() && words[next].folded == "a")) end = comma;
    }
    ReadBirth(scan, words[k].start, end, target);
    if (!target->sex) target->sex = w == "nee" ? 'F' : 'M';
  }
  // Nationality: "Monsieur et Madame sont de nationalité française", "De nationalité ...".
  static const RE2 kNationality(R"(de\s+nationalite\s+([a-z-]+))");
  re2::StringPiece in(f.data() + shared_start, unit->end - shared_start), nat;
  while (RE2::FindAndConsume(&in, kNationality, &nat)) {
    size_t ns = nat.data() - f.data();
    Person* target = BySexMention(scan, unit, scan.WordAt(ns) - 2);
    std::string value(scan.Orig(ns, ns + nat.size()));
    Evidence ev = scan.Ev(ns, ns + nat.size());
    size_t back = ns >= 40 ? ns - 40 : 0;
    std::string_view before = std::string_view(f).substr(back, ns - back);
    bool both = before.find(" et madame") != std::string_view::npos ||
                before.find(" sont ") != std::string_view::npos;
    if (target != nullptr && !both) {
      if (!target->b.Has("nationality")) target->b.Set("nationality", value, ev);
    } else {
      for (Person& p : unit->persons) {
        if (!p.b.Has("nationality")) p.b.Set("nationality", value, ev);
      }
    }
  }
  // A deceased person: no marital status of his own, role defunt.
  static const RE2 kDeceased(R"(\ben son vivant\b|\bdecede(?:e)?\s+(?:a|le)\b)");
  if (RE2::PartialMatch(region, kDeceased)) {
    if (!unit->role_fixed || unit->role.empty()) {
      unit->role = "defunt";
      unit->role_fixed = true;
    }
  }
  if (unit->role == "defunt" || unit->role == "conjoint_survivant" ||
      unit->role == "representant" || (unit->role == "mandataire" && unit->role_fixed)) {
    return;
  }
  // Marital status and regime, shared by a couple.
  struct StatusRe {
    const char* code;
    const char* pattern;
  };
  static const StatusRe kStatuses[] = {
      {"celibataire", R"(\bcelibataires?\b)"},
      {"pacse",
       R"(\b(?:pacse(?:e|s|es)?\b|partenaires?\s+(?:d'un|de)\s+pacte|(?:conclu|signe)\w*\s+(?:avec\s+[^.]{0,80}?)?un\s+pacte\s+civil\s+de\s+solidarite|lie(?:e|s|es)?\s+par\s+un\s+pacte\s+civil))"},
      {"marie",
       R"(\bmarie(?:e|s|es)?\s+(?:a\s|le\s|sous\s|en\s|depuis|avec\s|ensemble)|\b(?:maries|mariees)\b)"},
      {"divorce", R"(\bdivorce(?:e|s|es)?\b)"},
      {"veuf", R"(\bveu(?:f|ve)s?\b)"},
  };
  size_t best_pos = std::string::npos;
  std::string best_code;
  Span best_span;
  for (const auto& st : kStatuses) {
    static const RE2* const kCompiled[] = {new RE2(std::string("(") + kStatuses[0].pattern + ")"),
                                           new RE2(std::string("(") + kStatuses[1].pattern + ")"),
                                           new RE2(std::string("(") + kStatuses[2].pattern + ")"),
                                           new RE2(std::string("(") + kStatuses[3].pattern + ")"),
                                           new RE2(std::string("(") + kStatuses[4].pattern + ")")};
    const RE2& re = *kCompiled[&st - kStatuses];
    re2::StringPiece rin(region), m;
    while (RE2::FindAndConsume(&rin, re, &m)) {
      size_t ms = m.data() - f.data();
      // "Non lié par un pacte civil de solidarité" is a negation.
      if (std::string(st.code) == "pacse") {
        size_t back = ms >= 12 ? ms - 12 : 0;
        if (std::string_view(f).substr(back, ms - back).find("non") != std::string_view::npos) {
          continue;
        }
      }
      if (ms < best_pos) {
        best_pos = ms;
        best_code = st.code;
        best_span = {ms, ms + m.size()};
      }
      break;
    }
  }
  if (best_code.empty()) return;
  Evidence status_ev = scan.Ev(best_span.start, best_span.end);
  std::string regime;
  Span regime_span;
  if (best_code == "marie" || best_code == "pacse") {
    struct RegimeRe {
      const char* code;
      const char* pattern;
      bool pacs;
    };
    static const RegimeRe kRegimes[] = {
        {"communaute_universelle", R"((communaute\s+universelle))", false},
        {"communaute_acquets",
         R"((communaute\s+(?:legale\s+)?(?:(?:de\s+biens\s+)?reduite\s+aux\s+|d')\s*acquets))",
         false},
        {"participation_acquets", R"((participation\s+aux\s+acquets))", false},
        {"separation_biens", R"((separation\s+de\s+biens))", false},
        {"indivision", R"((indivision))", true},
        {"separation",
         R"((separation\s+(?:des\s+patrimoines|de\s+biens)|regime\s+de\s+la\s+separation))", true},
    };
    size_t from = best_span.start;
    std::string_view after = std::string_view(f).substr(from, unit->end - from);
    size_t best = std::string::npos;
    for (const auto& r : kRegimes) {
      if (r.pacs != (best_code == "pacse")) continue;
      static const RE2* const kCompiled[] = {
          new RE2(kRegimes[0].pattern), new RE2(kRegimes[1].pattern), new RE2(kRegimes[2].pattern),
          new RE2(kRegimes[3].pattern), new RE2(kRegimes[4].pattern), new RE2(kRegimes[5].pattern)};
      const RE2& re = *kCompiled[&r - kRegimes];
      re2::StringPiece m;
      if (RE2::PartialMatch(after, re, &m)) {
        size_t ms = m.data() - f.data();
        if (ms < best) {
          best = ms;
          regime = r.code;
          regime_span = {ms, ms + m.size()};
        }
      }
    }
  }
  for (Person& p : unit->persons) {
    if (p.b.Has("marital_status")) continue;
    p.b.Set("marital_status", best_code, status_ev);
    if (!regime.empty()) {
      p.b.Set("matrimonial_regime", regime, scan.Ev(regime_span.start, regime_span.end));
    }
  }
}

bool SamePerson(const PageScan& scan, const Person& p, const Person& q, const PageScan& qscan) {
  std::string a = text::FoldForMatch(parties::NameValue(scan, p.name.last_name));
  std::string b = text::FoldForMatch(parties::NameValue(qscan, q.name.last_name));
  std::string a2 =
      p.name.birth_name ? text::FoldForMatch(parties::NameValue(scan, *p.name.birth_name)) : "";
  std::string b2 =
      q.name.birth_name ? text::FoldForMatch(parties::NameValue(qscan, *q.name.birth_name)) : "";
  if (a != b && a != b2 && a2 != b) return false;
  if (p.name.first_names.empty() || q.name.first_names.empty()) return true;
  return text::FoldForMatch(parties::NameValue(scan, p.name.first_names[0])) ==
         text::FoldForMatch(parties::NameValue(qscan, q.name.first_names[0]));
}

// "Maître Prénom NOM, notaire à VILLE", "Maître X, Notaire associé ..., titulaire d'un
// office notarial à VILLE"; the notary who receives the deed, not one cited ("acte reçu
// par Maître ...", "contrat de mariage reçu par Maître ...").
void ReadNotary(const DocumentView& doc, nlohmann::json* entities) {
  for (size_t pi = 0; pi < doc.page_count(); ++pi) {
    PageScan scan(doc, pi);
    const std::string& f = scan.folded();
    const auto& words = scan.words();
    for (size_t i = 0; i + 1 < words.size(); ++i) {
      if (words[i].folded != "maitre" && words[i].folded != "me") continue;
      if (words[i].folded == "me" && !words[i].capitalized) continue;
      size_t back = words[i].start >= 60 ? words[i].start - 60 : 0;
      std::string_view before = std::string_view(f).substr(back, words[i].start - back);
      // Only the sentence that names this notary tells whether he is cited.
      size_t dot = before.rfind('.');
      if (dot != std::string_view::npos) before.remove_prefix(dot + 1);
      if (before.find("recu par") != std::string_view::npos ||
          before.find("suivant acte") != std::string_view::npos ||
          before.find("contrat de mariage") != std::string_view::npos) {
        continue;
      }
      auto name = parties::ParseName(scan, i + 1);
      if (!name || name->first_names.empty()) continue;
      size_t limit = std::min(f.size(), name->end + 260);
      size_t stop = f.find("a recu", name->end);
      if (stop != std::string::npos && stop < limit) limit = stop;
      stop = f.find("a etabli", name->end);
      if (stop != std::string::npos && stop < limit) limit = stop;
      std::string_view after = std::string_view(f).substr(name->end, limit - name->end);
      if (after.find("notaire") == std::string_view::npos || after.find("notaire") > 20) continue;
      // The last "à VILLE" of the notary's designation is the office's town.
      static const RE2 kCity(
          R"((?:notaire|notarial|notariale|etude)[^.]{0,120}?\ba\s+([a-z][a-z' -]*[a-z]))");
      re2::StringPiece in(after), city;
      std::optional<Span> city_span;
      while (RE2::FindAndConsume(&in, kCity, &city)) {
        size_t cs = city.data() - f.data();
        city_span = Span{cs, cs + city.size()};
      }
      EntityBuilder b;
      Span full{name->first_names.front().start, name->last_name.end};
      std::string value;
      for (const Span& s : name->first_names) value += parties::NameValue(scan, s) + " ";
      value += parties::NameValue(scan, name->last_name);
      b.Set("name", value, scan.Ev(full.start, full.end));
      if (city_span) {
        std::string_view printed = scan.Orig(city_span->start, city_span->end);
        // "PARIS (75011)" or "SAINT-NAZAIRE, titulaire ...": the town is the capital words.
        b.Set("city", parties::CommuneName(printed, "", false),
              scan.Ev(city_span->start, city_span->end));
      }
      (*entities)["notary"] = b.Build();
      return;
    }
  }
}

// Words that, right before a civility, make the person one cited in passing.
bool PassingBefore(std::string_view w) {
  return w == "de" || w == "avec" || w == "par" || w == "a" || w == "aupres" || w == "chez" ||
         w == "pour" || w == "du" || w == "entre" || w == "contre" || w == "l'epoux" ||
         w == "epoux" || w == "epouse" || w == "veuf" || w == "veuve" || w == "dont" || w == "que";
}

}  // namespace

void ExtractParties(const DocumentView& doc, std::string_view document_type,
                    nlohmann::json* entities) {
  std::vector<std::unique_ptr<PageScan>> scans;
  std::vector<Unit> units;
  std::string heading_role;
  std::vector<size_t> pending;
  bool in_zone = true;
  bool after_mandataire_intro = false;
  for (size_t pi = 0; pi < doc.page_count(); ++pi) {
    scans.push_back(std::make_unique<PageScan>(doc, pi));
    const PageScan& scan = *scans.back();
    const std::string& f = scan.folded();
    const auto& words = scan.words();
    std::vector<Event> events = FindEvents(scan);
    std::vector<CompanyMention> companies = parties::FindCompanies(scan);
    std::vector<size_t> boundaries;
    size_t label_end = 0;
    std::string label_role;
    size_t ei = 0, ci = 0;
    size_t first_unit_of_page = units.size();
    auto apply_event = [&](const Event& ev) {
      boundaries.push_back(ev.pos);
      switch (ev.kind) {
        case EventKind::kRoleHeading:
          heading_role = ev.role;
          pending.clear();
          in_zone = true;
          after_mandataire_intro = false;
          break;
        case EventKind::kOtherHeading:
          heading_role.clear();
          pending.clear();
          if (!units.empty()) in_zone = false;
          break;
        case EventKind::kLabel:
          label_role = ev.role;
          label_end = ev.end;
          pending.clear();
          in_zone = true;
          break;
        case EventKind::kMarker:
          for (size_t u : pending) {
            if (!units[u].role_fixed) units[u].role = ev.role;
          }
          pending.clear();
          break;
        case EventKind::kMandataireIntro:
          for (size_t u : pending) {
            if (units[u].role.empty() || !units[u].role_fixed) units[u].role = "mandant";
          }
          pending.clear();
          after_mandataire_intro = true;
          break;
      }
    };
    auto new_unit = [&](size_t pos, std::string fixed_role) -> Unit& {
      Unit u;
      u.page_index = static_cast<int>(pi);
      u.start = pos;
      if (!fixed_role.empty()) {
        u.role = fixed_role;
        u.role_fixed = true;
      } else if (pos < label_end && !label_role.empty()) {
        u.role = label_role;
        u.role_fixed = true;
      } else {
        u.role = heading_role;
        pending.push_back(units.size());
      }
      boundaries.push_back(pos);
      units.push_back(std::move(u));
      return units.back();
    };
    for (size_t i = 0; i < words.size(); ++i) {
      while (ei < events.size() && events[ei].pos <= words[i].start) apply_event(events[ei++]);
      while (ci < companies.size() && companies[ci].name.start <= words[i].start) {
        const CompanyMention& m = companies[ci++];
        if (!in_zone && !m.agency) continue;
        if (m.name.start < label_end && !label_role.empty()) {
          new_unit(m.name.start, "");
        } else {
          new_unit(m.name.start, m.agency ? "intermediaire" : "");
        }
        units.back().company = true;
        units.back().mention = m;
      }
      char sex = parties::CivilityAt(scan, i);
      if (!sex) continue;
      size_t name_word = i + 1;
      auto name = parties::ParseName(scan, name_word);
      if (!name) continue;
      std::string_view prev = i > 0 ? words[i - 1].folded : "";
      // "Représenté(e) (à l'acte) par Madame X": a representative.
      bool represented = false;
      if (prev == "par") {
        for (size_t back = 2; back <= 5 && back <= i; ++back) {
          if (StartsWith(words[i - back].folded, "represent")) represented = true;
        }
      }
      bool gap_clean =
          i == 0 ||
          f.substr(words[i - 1].end, words[i].start - words[i - 1].end).find_first_of(".:;") ==
              std::string::npos;
      if (!represented && gap_clean && PassingBefore(prev)) continue;
      if (!represented && i >= 2 && words[i - 1].folded == "de" &&
          (words[i - 2].folded == "divorce" || words[i - 2].folded == "divorcee")) {
        continue;
      }
      // "- Monsieur X est présent à l'acte": a reference to a party already named.
      if (name->next_word < words.size()) {
        std::string_view next = words[name->next_word].folded;
        if ((next == "est" || next == "sont" || next == "ont" || next == "a") &&
            f.substr(name->end, words[name->next_word].start - name->end).find(',') ==
                std::string::npos) {
          boundaries.push_back(words[i].start);
          continue;
        }
      }
      Person person;
      person.sex = sex;
      person.civ_start = words[i].start;
      person.name = *name;
      // Already a party: the later mention ("1°) Madame X, son enfant") adds nothing.
      bool dup = false;
      for (const Unit& u : units) {
        for (const Person& q : u.persons) {
          if (SamePerson(scan, person, q, *scans[u.page_index])) dup = true;
        }
      }
      if (dup) {
        boundaries.push_back(words[i].start);
        continue;
      }
      // A couple: "Monsieur X, ..., et Madame Y, ..., son épouse".
      if (prev == "et" && !units.empty() && !units.back().company &&
          units.back().page_index == static_cast<int>(pi) && !units.back().persons.empty()) {
        const Person& last = units.back().persons.back();
        if (SentenceEnd(f, last.name.end, words[i].start) == words[i].start &&
            words[i].start - last.name.end < 400) {
          units.back().persons.push_back(std::move(person));
          continue;
        }
      }
      std::string fixed;
      if (represented) {
        bool company_before = !units.empty() && units.back().company;
        size_t back = words[i].start >= 120 ? words[i].start - 120 : 0;
        if (std::string_view(f).substr(back, words[i].start - back).find("societe") !=
            std::string_view::npos) {
          company_before = true;
        }
        fixed = company_before ? "representant" : "mandataire";
      } else if (after_mandataire_intro) {
        fixed = "mandataire";
        after_mandataire_intro = false;
      }
      size_t look_end = std::min(f.size(), name->end + 80);
      if (std::string_view(f).substr(name->end, look_end - name->end).find("conjoint survivant") !=
          std::string_view::npos) {
        fixed = "conjoint_survivant";
      }
      if (!in_zone && fixed.empty()) continue;
      Unit& u = new_unit(words[i].start, fixed);
      u.represents = represented;
      u.persons.push_back(std::move(person));
    }
    while (ei < events.size()) apply_event(events[ei++]);
    // Each unit's clause runs to the next boundary on its page.
    std::sort(boundaries.begin(), boundaries.end());
    for (size_t u = first_unit_of_page; u < units.size(); ++u) {
      auto it = std::upper_bound(boundaries.begin(), boundaries.end(), units[u].start);
      size_t end = it == boundaries.end() ? f.size() : *it;
      units[u].end = std::min(end, units[u].start + 2500);
    }
    for (size_t u = first_unit_of_page; u < units.size(); ++u) {
      if (units[u].company) continue;
      ReadPersonUnit(scan, &units[u]);
    }
  }
  for (Unit& u : units) {
    if (u.role.empty() && document_type == "procuration" && !u.company) u.role = "mandant";
    const PageScan& scan = *scans[u.page_index];
    if (u.company) {
      size_t clause_end = u.end;
      static const RE2 kRepresented(R"(\brepresente)");
      re2::StringPiece in(scan.folded().data() + u.start, u.end - u.start), m;
      if (RE2::PartialMatch(in, "(" + kRepresented.pattern() + ")", &m)) {
        clause_end = m.data() - scan.folded().data();
      }
      EntityBuilder b = parties::ReadCompany(scan, u.mention, clause_end);
      std::string role = u.role;
      if (role.empty()) continue;  // a company cited without a part in the deed
      b.Set("role", role);
      (*entities)["companies"].push_back(b.Build());
      continue;
    }
    for (Person& p : u.persons) {
      EntityBuilder& b = p.b;
      b.Set("role", u.role.empty() ? nlohmann::json(nullptr) : nlohmann::json(u.role));
      b.Set("last_name", parties::NameValue(scan, p.name.last_name),
            scan.Ev(p.name.last_name.start, p.name.last_name.end));
      if (p.name.birth_name) {
        b.Set("birth_name", parties::NameValue(scan, *p.name.birth_name),
              scan.Ev(p.name.birth_name->start, p.name.birth_name->end));
      }
      if (!p.name.first_names.empty()) {
        nlohmann::json names = nlohmann::json::array();
        for (const Span& s : p.name.first_names) names.push_back(parties::NameValue(scan, s));
        b.Set("first_names", names,
              scan.Ev(p.name.first_names.front().start, p.name.first_names.back().end));
      }
      if (p.sex) {
        b.Set("sex", std::string(1, p.sex),
              scan.Ev(p.civ_start, scan.words()[scan.WordAt(p.civ_start)].end));
      }
      (*entities)["persons"].push_back(b.Build());
    }
  }
  ReadNotary(doc, entities);
}

void RegisterPartyExtractors() {
  for (std::string_view type :
       {"acte_vente", "compromis_vente", "donation", "succession", "procuration", "contrat"}) {
    std::string t(type);
    RegisterExtractor(type, "parties", [t](const DocumentView& doc, nlohmann::json* entities) {
      ExtractParties(doc, t, entities);
    });
  }
}

}  // namespace notaria::analyze
