#include "analyze/extract_parties_company.h"

#include <re2/re2.h>

#include <algorithm>

#include "analyze/extract_parties_place.h"
#include "text/french_amounts.h"
#include "text/normalize.h"

namespace notaria::analyze::parties {
namespace {

constexpr char kLegalForms[] =
    "societe civile immobiliere de construction vente|societe civile immobiliere|"
    "societe civile professionnelle|societe civile|"
    "societe par actions simplifiee unipersonnelle|societe par actions simplifiee|"
    "societe a responsabilite limitee|entreprise unipersonnelle a responsabilite limitee|"
    "societe anonyme cooperative[a-z ]*?|societe anonyme|societe en nom collectif|"
    "societe d'exercice liberal a responsabilite limitee|societe cooperative[a-z ]*?|"
    "sasu|sas|sarl|eurl|sci|snc|selarl|sa|scp";

// A run of digits separated by single blanks or dots, starting at folded `pos`.
Span DigitRun(const std::string& f, size_t pos) {
  size_t e = pos;
  size_t last_digit = pos;
  while (e < f.size()) {
    char c = f[e];
    if (c >= '0' && c <= '9') {
      last_digit = ++e;
    } else if ((c == ' ' || c == '\n' || c == '.') && e + 1 < f.size() && f[e + 1] >= '0' &&
               f[e + 1] <= '9') {
      ++e;
    } else {
      break;
    }
  }
  return {pos, last_digit};
}

}  // namespace

std::vector<CompanyMention> FindCompanies(const PageScan& scan) {
  const std::string& f = scan.folded();
  static const RE2 kLong(
      std::string(
          R"((?m)(?:^|:)[ \t]*(?:(?:la |une )?societe (?:denommee |dite )?|(?:en presence de |par l'intermediaire de |par l'entremise de )?(l')agence (?:immobiliere )?|la banque )?([^\n,:;«»"]{2,80}?)\s*,\s*(?:une\s+)?()") +
      kLegalForms + R"()\b)");
  static const RE2 kShort(std::string(R"((?m)(?:^|:)[ \t]*([^\n,:;]{2,60}?) ()") + kLegalForms +
                          R"()\s*,\s*(?:rcs|r\.c\.s\.|siren))");
  std::vector<CompanyMention> out;
  for (const RE2* re : {&kLong, &kShort}) {
    re2::StringPiece input(f);
    re2::StringPiece agency, name, form;
    while (true) {
      bool ok = re == &kLong ? RE2::FindAndConsume(&input, *re, &agency, &name, &form)
                             : RE2::FindAndConsume(&input, *re, &name, &form);
      if (!ok) break;
      size_t ns = name.data() - f.data();
      size_t ne = ns + name.size();
      std::string_view orig = scan.Orig(ns, ne);
      // A name is printed with a capital; "la société" or a sentence is not one.
      if (orig.empty() || !((orig[0] >= 'A' && orig[0] <= 'Z') || orig[0] == '\xC3')) continue;
      if (name.size() > 3 && name.substr(0, 3) == "le ") continue;
      CompanyMention m;
      m.name = {ns, ne};
      m.legal_form = {static_cast<size_t>(form.data() - f.data()),
                      static_cast<size_t>(form.data() - f.data() + form.size())};
      m.agency = re == &kLong && !agency.empty();
      bool dup = false;
      for (const auto& o : out) dup |= o.name.start == m.name.start;
      if (!dup) out.push_back(m);
    }
  }
  std::sort(out.begin(), out.end(), [](const CompanyMention& a, const CompanyMention& b) {
    return a.name.start < b.name.start;
  });
  return out;
}

EntityBuilder ReadCompany(const PageScan& scan, const CompanyMention& m, size_t clause_end) {
  const std::string& f = scan.folded();
  EntityBuilder b;
  b.Set("name", NameValue(scan, m.name), scan.Ev(m.name.start, m.name.end));
  b.Set("legal_form", NameValue(scan, m.legal_form), scan.Ev(m.legal_form.start, m.legal_form.end));
  size_t from = m.legal_form.end;
  if (clause_end <= from) return b;
  std::string_view clause = std::string_view(f).substr(from, clause_end - from);
  auto abs = [&](re2::StringPiece sp) { return static_cast<size_t>(sp.data() - f.data()); };

  // Capital: the amount right after "au capital (social) de".
  static const RE2 kCapital(R"(au capital (?:social )?de\s+)");
  re2::StringPiece in(clause.data(), clause.size()), cap;
  if (RE2::PartialMatch(in, "(" + kCapital.pattern() + ")", &cap)) {
    size_t at = abs(cap) + cap.size();
    size_t end = std::min(clause_end, at + 60);
    Evidence ev = scan.Ev(at, end);
    // Same length, so offsets hold: a line break inside "10 000\neuros" is a space.
    std::string orig(scan.doc().TextOf(ev));
    for (char& c : orig) {
      if (c == '\n') c = ' ';
    }
    auto amounts = text::FindAmounts(orig, {.include_words = false});
    if (!amounts.empty() && amounts[0].start < 3 && amounts[0].currency == "EUR") {
      b.Set("capital_eur", amounts[0].value,
            Evidence{ev.page, ev.start + amounts[0].start, ev.start + amounts[0].end});
    }
  }
  // SIREN: "SIREN (sous le numéro) 123 456 789", or the number after "RCS <city>".
  static const RE2 kSiren(R"(\bsiren\b[^0-9\n]{0,30}?(\d))");
  re2::StringPiece d;
  if (RE2::PartialMatch(in, kSiren, &d)) {
    Span run = DigitRun(f, abs(d));
    std::string digits = text::DigitsOf(f.substr(run.start, run.end - run.start));
    if (digits.size() == 9) b.Set("siren", digits, scan.Ev(run.start, run.end));
  }
  static const RE2 kSiret(R"(\bsiret\b[^0-9\n]{0,20}?(\d))");
  if (RE2::PartialMatch(in, kSiret, &d)) {
    Span run = DigitRun(f, abs(d));
    std::string digits = text::DigitsOf(f.substr(run.start, run.end - run.start));
    if (digits.size() == 14) b.Set("siret", digits, scan.Ev(run.start, run.end));
  }
  // RCS city (and number): "RCS LYON 123 456 789", "immatriculée au RCS de LYON sous le
  // numéro ...", "Registre du Commerce et des Sociétés de LYON".
  static const RE2 kRcs(
      R"((?:\br\.?c\.?s\.?|registre du commerce et des societes)\s+(?:de\s+|d'|du\s+)?([a-z][a-z'-]*(?:[ \n][a-z][a-z'-]*){0,3}))");
  re2::StringPiece city;
  if (RE2::PartialMatch(in, kRcs, &city)) {
    // The city ends before the words that introduce the number.
    std::string_view c(city.data(), city.size());
    for (std::string_view stop : {" sous", " n ", " numero", " b ", " a ", " et ", "\nsous", " le ",
                                  " pour", " en ", " dont", " represent", " ci-"}) {
      size_t at = c.find(stop);
      if (at != std::string_view::npos) c = c.substr(0, at);
    }
    if (c.size() >= 2) {
      size_t cs = abs(city);
      b.Set("rcs_city", CommuneName(scan.Orig(cs, cs + c.size()), "", false),
            scan.Ev(cs, cs + c.size()));
      if (!b.Has("siren")) {
        static const RE2 kNumber(R"(^[^0-9\n]{0,25}?(\d))");
        re2::StringPiece rest(c.data() + c.size(),
                              clause.data() + clause.size() - c.data() - c.size());
        if (RE2::PartialMatch(rest, kNumber, &d)) {
          Span run = DigitRun(f, abs(d));
          std::string digits = text::DigitsOf(f.substr(run.start, run.end - run.start));
          if (digits.size() == 9) b.Set("siren", digits, scan.Ev(run.start, run.end));
        }
      }
    }
  }
  // Address: "dont le siège (social) est (à) ...", "siège social ...", or for an agency
  // "SARL, CITY (CP), street, RCS ...".
  static const RE2 kSeat(
      R"((?:dont le\s+)?siege(?:\s+social)?(?:\s+est(?:\s+fixe|\s+situe)?)?(?:\s+a|\s+au|\s*:)?\s+)");
  re2::StringPiece seat;
  size_t addr_start = std::string::npos;
  if (RE2::PartialMatch(in, "(" + kSeat.pattern() + ")", &seat)) {
    addr_start = abs(seat) + seat.size();
  } else {
    size_t k = from;
    while (k < clause_end && (f[k] == ',' || f[k] == ' ' || f[k] == '\n')) ++k;
    addr_start = k;
  }
  if (addr_start < clause_end) {
    static const RE2 kAddrEnd(
        R"(,\s*(?:identifi|immatricul|represent|r\.?c\.?s|inscrit|ci-apres|siren|siret|titulaire|au capital|agissant|prise|ayant|elle-meme))");
    re2::StringPiece rest(f.data() + addr_start, clause_end - addr_start), stop;
    size_t addr_end = clause_end;
    if (RE2::PartialMatch(rest, "(" + kAddrEnd.pattern() + ")", &stop)) addr_end = abs(stop);
    if (auto a = ParseAddress(scan.Orig(addr_start, addr_end))) {
      b.Set("address", *a, scan.Ev(addr_start, addr_end));
    }
  }
  return b;
}

}  // namespace notaria::analyze::parties
