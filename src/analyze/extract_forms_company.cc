// Kbis (extrait d'immatriculation au RCS) and RIB (relevé d'identité bancaire).
#include <re2/re2.h>

#include <algorithm>

#include "analyze/extract_forms.h"
#include "analyze/validate.h"

namespace notaria::analyze {
namespace {

using forms::Field;
using forms::Hit;
using forms::Labeled;

std::optional<Field> Match(const DocumentView& doc, const Field& f, const RE2& re) {
  re2::StringPiece m;
  if (!RE2::PartialMatch(re2::StringPiece(f.folded.data(), f.folded.size()), re, &m)) {
    return std::nullopt;
  }
  return forms::SubField(doc, f, m.data() - f.folded.data(), m.size());
}

void ExtractKbis(const DocumentView& doc, nlohmann::json* entities) {
  EntityBuilder company;
  company.Set("role", "societe");
  // "Immatriculation au RCS, numéro 973 491 061 R.C.S. Paris", "RCS Paris B 973 491 061".
  static const RE2 rcs_label(
      R"((immatriculation au r\.?c\.?s\.?,? (?:numero|n°)|n° d.immatriculation|numero d.identification))");
  static const RE2 siren_re(R"(((?:[0-9] ?){8}[0-9]))");
  static const RE2 city_re(R"(r\.? ?c\.? ?s\.? ((?:[a-z][a-z'\-]*)(?: [a-z][a-z'\-]*)*))");
  std::optional<Field> rcs = Labeled(doc, rcs_label);
  if (!rcs) {
    static const RE2 siren_label(R"(\b(siren|r\.?c\.?s\.? [a-z][a-z\- ]+ [ab]?)\b)");
    rcs = Labeled(doc, siren_label);
  }
  if (rcs) {
    if (auto s = Match(doc, *rcs, siren_re)) {
      std::string digits;
      for (char c : s->folded) {
        if (c >= '0' && c <= '9') digits += c;
      }
      company.Set("siren", digits, s->evidence);
    }
    if (auto c = Match(doc, *rcs, city_re)) {
      static const RE2 noise(R"(^(.*?)(?: [ab])?$)");
      company.Set("rcs_city", forms::CutParenthesis(c->text), c->evidence);
    }
  }
  static const RE2 name_label(R"((denomination(?: ou raison)?(?: sociale)?|raison sociale))");
  if (auto v = Labeled(doc, name_label)) company.Set("name", std::string(v->text), v->evidence);
  static const RE2 form_label(R"((forme juridique))");
  if (auto v = Labeled(doc, form_label))
    company.Set("legal_form", std::string(v->text), v->evidence);
  static const RE2 capital_label(R"((capital(?: social)?(?: variable)?))");
  for (const Hit& h : forms::FindAll(doc, capital_label)) {
    auto v = forms::ValueAfter(doc, h, 2);
    if (!v) continue;
    if (auto a = forms::FirstAmount(doc, *v)) {
      company.Set("capital_eur", a->value, a->evidence);
      forms::AddAmount(entities, "capital", *a);
      break;
    }
  }
  static const RE2 seat_label(R"((adresse du siege(?: social)?|siege social|siege))");
  if (auto v = Labeled(doc, seat_label)) {
    if (auto a = forms::AddressFrom(doc, *v, 3)) company.Set("address", a->text, a->evidence);
  }
  static const RE2 reg_label(R"((date d.immatriculation|immatricul[ee]e? le))");
  if (auto v = Labeled(doc, reg_label)) {
    if (auto d = forms::FirstDate(doc, *v)) forms::AddDate(entities, "immatriculation", *d);
  }
  static const RE2 extract_label(
      R"((a jour au|mis a jour le|extrait (?:delivre|etabli) le|en date du))");
  for (const Hit& h : forms::FindAll(doc, extract_label)) {
    auto v = forms::SameLineValue(doc, h);
    if (!v) continue;
    if (auto d = forms::FirstDate(doc, *v)) {
      forms::AddDate(entities, "extrait", *d);
      break;
    }
  }
  if (company.Has("name") || company.Has("siren"))
    (*entities)["companies"].push_back(company.Build());

  // Officers: a title line (or "Qualité : ...") then "Nom, prénoms", birth and domicile.
  static const RE2 person_label(
      R"((?:^|\n)[^a-z\n]{0,4}(nom,? prenoms?|nom d.usage,? prenoms?|nom et prenoms?))");
  static const RE2 title_re(
      R"((?:^|\n)[^a-z\n]{0,4}(?:qualite ?:? ?)?((?:co-?)?gerant(?:e)?|president(?:e)?|directeur general(?: delegue)?|directrice generale)[ \t]*(?:\n|$))");
  for (const Hit& h : forms::FindAll(doc, person_label)) {
    auto v = forms::ValueAfter(doc, h, 1);
    if (!v) continue;
    auto name = forms::ParsePersonName(doc, *v, true);
    if (!name) continue;
    EntityBuilder p;
    p.Set("role", "dirigeant");
    forms::SetName(&p, *name);
    // Title: the nearest title line above, within the block.
    const std::string& f = doc.folded(h.page).folded();
    size_t from = h.start > 300 ? h.start - 300 : 0;
    std::string_view before(f.data() + from, h.start - from);
    re2::StringPiece in(before.data(), before.size());
    re2::StringPiece m[2];
    size_t pos = 0;
    std::optional<Field> title;
    while (title_re.Match(in, pos, before.size(), RE2::UNANCHORED, m, 2)) {
      size_t s = from + (m[1].data() - f.data() - from);
      title = forms::MakeField(doc, h.page, s, s + m[1].size());
      pos = (m[0].data() - before.data()) + m[0].size();
      if (pos >= before.size()) break;
    }
    if (title) p.Set("title", std::string(title->text), title->evidence);
    // The lines of this officer's block, up to the next name.
    size_t block_end = f.find("\n\n", v->end);
    if (block_end == std::string::npos) block_end = f.size();
    std::string_view block(f.data() + v->end, block_end - v->end);
    static const RE2 birth_label(R"((date et lieu de naissance|ne(?:e)? le))");
    re2::StringPiece bm;
    if (RE2::PartialMatch(re2::StringPiece(block.data(), block.size()), birth_label, &bm)) {
      Hit bh{h.page, static_cast<size_t>(bm.data() - f.data()),
             static_cast<size_t>(bm.data() - f.data() + bm.size())};
      if (auto bv = forms::SameLineValue(doc, bh)) {
        if (auto d = forms::FirstDate(doc, *bv)) p.Set("birth_date", d->iso, d->evidence);
        static const RE2 at(R"(\ba ([a-z][a-z'\- ]*[a-z](?: \([^)]*\))?))");
        if (auto place = Match(doc, *bv, at)) {
          p.Set("birth_place", forms::CutParenthesis(place->text), place->evidence);
          static const RE2 dept(R"(\(([0-9]{2,3}|2a|2b|[a-z][a-z\- ']+)\))");
          // A département in brackets is a birth in France.
          if (RE2::PartialMatch(re2::StringPiece(place->folded.data(), place->folded.size()),
                                dept) &&
              place->folded.find("(") != std::string_view::npos) {
            static const RE2 foreign(
                R"(\((?:[a-z\- ']*(?:royaume|etats|allemagne|belgique|suisse|espagne|italie|portugal|maroc|algerie|tunisie|canada)[a-z\- ']*)\))");
            if (!RE2::PartialMatch(re2::StringPiece(place->folded.data(), place->folded.size()),
                                   foreign)) {
              p.Set("birth_country", "France", place->evidence);
            }
          }
        }
      }
    }
    static const RE2 nat_label(R"((nationalite))");
    re2::StringPiece nm;
    if (RE2::PartialMatch(re2::StringPiece(block.data(), block.size()), nat_label, &nm)) {
      Hit nh{h.page, static_cast<size_t>(nm.data() - f.data()),
             static_cast<size_t>(nm.data() - f.data() + nm.size())};
      if (auto nv = forms::SameLineValue(doc, nh)) {
        if (nv->folded.starts_with("francais"))
          p.Set("nationality", "française", nv->evidence);
        else
          p.Set("nationality", std::string(nv->text), nv->evidence);
      }
    }
    static const RE2 dom_label(R"((domicile(?: personnel)?|demeurant))");
    re2::StringPiece dm;
    if (RE2::PartialMatch(re2::StringPiece(block.data(), block.size()), dom_label, &dm)) {
      Hit dh{h.page, static_cast<size_t>(dm.data() - f.data()),
             static_cast<size_t>(dm.data() - f.data() + dm.size())};
      if (auto dv = forms::ValueAfter(doc, dh, 1)) {
        if (auto a = forms::AddressFrom(doc, *dv, 3)) p.Set("address", a->text, a->evidence);
      }
    }
    (*entities)["persons"].push_back(p.Build());
  }
}

// IBAN: country, check digits and the BBAN, printed in groups of four or in one piece.
std::optional<std::pair<std::string, Field>> FindIban(const DocumentView& doc) {
  static const RE2 re(R"(\b([a-z]{2}[0-9]{2}(?: ?[0-9a-z]){10,30}))");
  for (const Hit& h : forms::FindAll(doc, re)) {
    Field f = forms::MakeField(doc, h.page, h.start, h.end);
    std::string compact;
    std::vector<size_t> ends;  // folded end offset after each character
    for (size_t i = 0; i < f.folded.size(); ++i) {
      if (f.folded[i] == ' ') continue;
      compact += static_cast<char>(std::toupper(static_cast<unsigned char>(f.folded[i])));
      ends.push_back(i + 1);
    }
    std::string cc = compact.substr(0, 2);
    size_t want = (cc == "FR" || cc == "MC" || cc == "IT") ? 27 : 0;
    if (want == 0) {
      // Other countries: the longest prefix that validates, else all.
      for (size_t n = compact.size(); n >= 15; --n) {
        if (ValidateIban(compact.substr(0, n)) == IdStatus::kValid) {
          want = n;
          break;
        }
      }
      if (want == 0) want = compact.size();
    }
    if (compact.size() < want) continue;
    Field v = forms::SubField(doc, f, 0, ends[want - 1]);
    return std::make_pair(compact.substr(0, want), v);
  }
  return std::nullopt;
}

// The account itself: IBAN and the BIC printed with it.
void FindAccount(const DocumentView& doc, EntityBuilder* bank_out) {
  EntityBuilder& bank = *bank_out;
  std::optional<std::pair<std::string, Field>> iban = FindIban(doc);
  if (iban) bank.Set("iban", iban->first, iban->second.evidence);
  // The whole label is the hit (FindAll takes the first group): the value follows
  // "BIC (Bank Identifier Code)", not "BIC".
  static const RE2 bic_label(
      R"(\b((?:bic|swift)\b(?: ?\(bank identifier code\)| ?/ ?swift| ?code)?))");
  for (const Hit& h : forms::FindAll(doc, bic_label)) {
    static const RE2 code(R"(\b([a-z]{4}[a-z]{2}[a-z0-9]{2}(?:[a-z0-9]{3})?)\b)");
    // The code follows the label on its line or sits alone below it.
    std::optional<Field> v = forms::SameLineValue(doc, h);
    if (!v || !Match(doc, *v, code)) v = forms::NextLine(doc, h.page, h.end, 2);
    if (!v) continue;
    if (auto c = Match(doc, *v, code)) {
      std::string up;
      for (char ch : c->folded)
        up += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      if (ValidateBic(up) == IdStatus::kValid) {
        bank.Set("bic", up, c->evidence);
        break;
      }
    }
  }
  // Labels in one column, values in another that the reading order puts apart (a photographed
  // RIB): the line right below the IBAN that holds nothing but a code shaped like a BIC of the
  // IBAN's country, printed in capitals, is the BIC.
  if (bank.Has("bic") || !iban) return;
  static const RE2 code(R"(^([a-z]{4}[a-z]{2}[a-z0-9]{2}(?:[a-z0-9]{3})?)$)");
  std::optional<Field> below = forms::NextLine(doc, iban->second.page, iban->second.end, 2);
  if (!below ||
      !RE2::FullMatch(re2::StringPiece(below->folded.data(), below->folded.size()), code)) {
    return;
  }
  std::string up(below->text);
  bool capitals = std::none_of(up.begin(), up.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  if (capitals && ValidateBic(up) == IdStatus::kValid &&
      up.substr(4, 2) == iban->first.substr(0, 2)) {
    bank.Set("bic", up, below->evidence);
  }
}

// A contract (loan offer, lease) prints the account to debit or credit: its IBAN is as much
// the notary's concern as a RIB's. The lender's or landlord's name is not the account's
// bank, so only the account is read.
void ExtractContractAccount(const DocumentView& doc, nlohmann::json* entities) {
  EntityBuilder bank;
  FindAccount(doc, &bank);
  if (bank.Has("iban")) (*entities)["bank"] = bank.Build();
}

// Joint account holders, as banks print them: "M OU MME SANCHEZ ALAIN OU DENISE" (one
// surname, two first names), "M OU MME DUPONT JEAN", "M DUPONT JEAN ET MME MARTIN ANNE".
// OCR reads "OU" as "OÙ" too, which folds to "ou". Empty when the holder is one person.
std::vector<forms::PersonName> JointHolders(const DocumentView& doc, const Field& holder) {
  std::vector<forms::PersonName> out;
  re2::StringPiece text(holder.folded.data(), holder.folded.size());
  auto offset = [&](const re2::StringPiece& p) {
    return static_cast<size_t>(p.data() - holder.folded.data());
  };
  auto part = [&](const re2::StringPiece& p) {
    return forms::SubField(doc, holder, offset(p), p.size());
  };
  auto person = [&](const char* sex, const Field& last, const Field* first) {
    forms::PersonName n;
    n.sex = sex;
    n.last_name = std::string(last.text);
    n.last_name_evidence = last.evidence;
    n.whole = holder.evidence;
    if (first != nullptr) {
      n.first_names = {std::string(first->text)};
      n.first_names_evidence = first->evidence;
    }
    return n;
  };
  static const RE2 shared_surname(
      R"(^(?:m|mr|monsieur)\.? (?:ou|et) (?:mme|madame)\.? ([a-z][a-z'\-]+) ([a-z][a-z'\-]+)(?: (?:ou|et) ([a-z][a-z'\-]+))?$)");
  re2::StringPiece last, first1, first2;
  if (RE2::FullMatch(text, shared_surname, &last, &first1, &first2)) {
    Field l = part(last), f1 = part(first1);
    out.push_back(person("M", l, &f1));
    if (!first2.empty()) {
      Field f2 = part(first2);
      out.push_back(person("F", l, &f2));
    } else {
      out.push_back(person("F", l, nullptr));  // her first name is not printed
    }
    return out;
  }
  // Two civilities, each with its own name.
  static const RE2 two(R"(^(.+?) (?:ou|et) ((?:mme|madame|mlle|m|mr|monsieur)\.? .+)$)");
  re2::StringPiece a, b;
  if (forms::StartsWithCivility(holder.folded) && RE2::FullMatch(text, two, &a, &b)) {
    for (const re2::StringPiece& piece : {a, b}) {
      if (auto n = forms::ParsePersonName(doc, part(piece), true)) out.push_back(*n);
    }
    if (out.size() != 2) out.clear();
  }
  return out;
}

void ExtractRib(const DocumentView& doc, nlohmann::json* entities) {
  EntityBuilder bank;
  FindAccount(doc, &bank);
  // Holder: "Titulaire du compte", "Intitulé du compte", "Titulaire".
  static const RE2 holder_label(R"((titulaire du compte|intitule du compte|titulaire))");
  std::optional<Field> holder;
  for (const Hit& h : forms::FindAll(doc, holder_label)) {
    auto v = forms::SameLineValue(doc, h);
    // A second label printed on the same line ("Titulaire du compte   Domiciliation").
    static const RE2 other_label(R"(^(?:domiciliation|agence|banque)\b)");
    if (v && RE2::PartialMatch(re2::StringPiece(v->folded.data(), v->folded.size()), other_label)) {
      v.reset();
    }
    if (!v) v = forms::NextLine(doc, h.page, h.end, 2);
    if (!v) continue;
    // Cut a second column ("M. DUPONT JEAN  Agence de ...").
    static const RE2 col(R"(( (?:agence|domiciliation|banque|caisse|credit)\b))");
    re2::StringPiece m;
    if (RE2::PartialMatch(re2::StringPiece(v->folded.data(), v->folded.size()), col, &m)) {
      v = forms::SubField(doc, *v, 0, m.data() - v->folded.data());
    }
    holder = v;
    break;
  }
  if (holder) {
    // "OÙ" never joins two holders: it is OCR's reading of "OU" (the evidence keeps the page's).
    static const RE2 ou_accent("(^|\\s)O\xc3\x99(\\s|$)");
    std::string holder_text(holder->text);
    RE2::GlobalReplace(&holder_text, ou_accent, "\\1OU\\2");
    bank.Set("holder", holder_text, holder->evidence);
    if (forms::LooksLikeCompany(holder->folded)) {
      EntityBuilder c;
      c.Set("role", "titulaire");
      c.Set("name", std::string(holder->text), holder->evidence);
      (*entities)["companies"].push_back(c.Build());
    } else if (auto joint = JointHolders(doc, *holder); !joint.empty()) {
      // A joint account: both holders, each screened and compared on their own.
      for (const forms::PersonName& name : joint) {
        EntityBuilder p;
        p.Set("role", "titulaire");
        forms::SetName(&p, name);
        (*entities)["persons"].push_back(p.Build());
      }
    } else if (auto name = forms::ParsePersonName(doc, *holder, true)) {
      EntityBuilder p;
      p.Set("role", "titulaire");
      forms::SetName(&p, *name);
      if (auto next = forms::NextLine(doc, holder->page, holder->end, 1)) {
        if (auto a = forms::AddressFrom(doc, *next, 3)) p.Set("address", a->text, a->evidence);
      }
      (*entities)["persons"].push_back(p.Build());
    }
  }
  // Bank name: a heading line naming a bank near the top, else the "Domiciliation".
  static const RE2 bank_re(
      R"((?m)^[ \t]*((?:[a-z'\-]+ ){0,3}(?:banque|bank|credit|caisse|bnp|lcl|hsbc|boursorama|societe generale|cic|axa|bred|fortuneo|monabanq|la poste)(?:[ '\-][a-z'\-]+){0,5})[ \t]*(?:$|[ \t]{3}|[ \t]+[-—–]))");
  for (const Hit& h : forms::FindAll(doc, bank_re)) {
    Field f = forms::MakeField(doc, h.page, h.start, h.end);
    if (f.folded.find("identite bancaire") != std::string_view::npos ||
        f.folded.find("code") != std::string_view::npos) {
      continue;
    }
    bank.Set("bank_name", std::string(f.text), f.evidence);
    break;
  }
  static const RE2 edition(R"((edite le|edition du|date d.edition|etabli le|imprime le))");
  for (const Hit& h : forms::FindAll(doc, edition)) {
    if (auto v = forms::SameLineValue(doc, h)) {
      if (auto d = forms::FirstDate(doc, *v)) {
        forms::AddDate(entities, "edition", *d);
        break;
      }
    }
  }
  if (bank.Has("iban") || bank.Has("bic")) (*entities)["bank"] = bank.Build();
}

}  // namespace

void RegisterKbisExtractor() { RegisterExtractor("kbis", "forms.kbis", ExtractKbis); }
void RegisterRibExtractor() {
  RegisterExtractor("rib", "forms.rib", ExtractRib);
  RegisterExtractor("contrat", "forms.contract_account", ExtractContractAccount);
}

}  // namespace notaria::analyze
