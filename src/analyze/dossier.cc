#include "analyze/dossier.h"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

#include "analyze/checks.h"
#include "analyze/json_fields.h"
#include "analyze/summary.h"
#include "text/french_amounts.h"
#include "text/names.h"
#include "text/normalize.h"

namespace notaria::analyze {
namespace {

using nlohmann::json;
using text::NameMatch;

bool IsDeed(const std::string& type) {
  return type == "acte_vente" || type == "compromis_vente" || type == "donation" ||
         type == "succession";
}

bool IsIdDocument(const std::string& type) { return type == "cni" || type == "passeport"; }

// Roles whose holder signs (or is the heir, the donor...) and must prove who they are. A
// "mandataire" is usually a clerk acting under a power of attorney: the principal's own ID is
// what the file needs. The deceased of a succession signs nothing.
bool NeedsIdentity(const std::string& role) {
  static const std::set<std::string> kRoles = {"vendeur",   "acquereur",    "donateur",
                                               "donataire", "heritier",     "conjoint_survivant",
                                               "mandant",   "representant", "emprunteur"};
  return kRoles.count(role) > 0;
}

bool IsCompanyParty(const std::string& role) {
  return role == "vendeur" || role == "acquereur" || role == "donateur" || role == "donataire";
}

// A person as one document shows them.
struct Person {
  const DossierMember* member = nullptr;
  const json* raw = nullptr;
  std::string role;
  std::vector<std::string> names;  // surnames: usage name, birth name, the ID's surname
  std::string first_name;          // the first given name
  std::string birth_date;
  std::string address;
  std::string sex;

  std::string Display() const {
    std::string last = Str(*raw, "last_name");
    std::string s = first_name.empty() ? last : first_name + " " + last;
    std::string birth = Str(*raw, "birth_name");
    if (!birth.empty() && text::NameKey(birth) != text::NameKey(last)) s += " née " + birth;
    return s;
  }
};

void AddName(std::vector<std::string>& names, const std::string& name) {
  if (text::NameKey(name).empty()) return;
  for (const auto& n : names) {
    if (text::NameKey(n) == text::NameKey(name)) return;
  }
  names.push_back(name);
}

Person PersonOf(const DossierMember& m, const json& p) {
  Person out;
  out.member = &m;
  out.raw = &p;
  out.role = Str(p, "role");
  AddName(out.names, Str(p, "last_name"));
  AddName(out.names, Str(p, "birth_name"));
  const json& first = Array(p, "first_names");
  if (!first.empty() && first[0].is_string()) out.first_name = first[0].get<std::string>();
  out.birth_date = Str(p, "birth_date");
  out.address = Str(p, "address");
  out.sex = Str(p, "sex");
  if (IsIdDocument(m.document_type)) {
    const json& id = m.entities.is_object() && m.entities.contains("identity_document")
                         ? m.entities["identity_document"]
                         : json();
    AddName(out.names, Str(id, "surname"));
    const json& given = Array(id, "given_names");
    if (out.first_name.empty() && !given.empty() && given[0].is_string()) {
      out.first_name = given[0].get<std::string>();
    }
    if (out.birth_date.empty()) out.birth_date = Str(id, "birth_date");
    if (out.sex.empty()) out.sex = Str(id, "sex");
  }
  return out;
}

std::vector<Person> PersonsOf(const DossierMember& m) {
  std::vector<Person> out;
  for (const json& p : Array(m.entities, "persons")) {
    if (p.is_object()) out.push_back(PersonOf(m, p));
  }
  return out;
}

NameMatch Best(NameMatch a, NameMatch b) {
  return static_cast<int>(a) < static_cast<int>(b) ? a : b;
}

NameMatch BestNameMatch(const Person& a, const Person& b) {
  NameMatch best = NameMatch::kDifferent;
  for (const auto& x : a.names) {
    for (const auto& y : b.names) best = Best(best, text::CompareNames(x, y));
  }
  return best;
}

std::optional<NameMatch> FirstNameMatch(const Person& a, const Person& b) {
  if (a.first_name.empty() || b.first_name.empty()) return std::nullopt;
  return text::CompareNames(a.first_name, b.first_name);
}

// Whether two descriptions are of the same human being. The birth date decides when both
// documents print one; otherwise the surname and the first given name must both agree
// (allowing a misspelling, which is what the name check then reports).
bool SamePerson(const Person& a, const Person& b) {
  NameMatch names = BestNameMatch(a, b);
  auto first = FirstNameMatch(a, b);
  if (!a.birth_date.empty() && !b.birth_date.empty()) {
    if (a.birth_date == b.birth_date) {
      return names != NameMatch::kDifferent || (first && *first != NameMatch::kDifferent);
    }
    // Same name and first name but another birth date: the same person with a wrong date is
    // what the birth date check reports; two relatives share names but not first names.
    return names == NameMatch::kSame && first && *first == NameMatch::kSame;
  }
  return names != NameMatch::kDifferent && first && *first != NameMatch::kDifferent;
}

// Every span of an extracted item, tagged with its document: the item's own span
// ({"page","start","end"}) or its fields' spans ({"address": {...}, "city": {...}}), in the
// order of `fields`.
json SpansOf(const DossierMember& m, const json& item, std::initializer_list<const char*> fields) {
  json out = json::array();
  if (!item.is_object() || !item.contains("evidence")) return out;
  const json& ev = item["evidence"];
  auto add = [&](const json& span) {
    if (!span.is_object() || !span.contains("page")) return;
    json e = span;
    e["document_id"] = m.document_id;
    out.push_back(std::move(e));
  };
  if (ev.is_object() && ev.contains("page")) {
    add(ev);
  } else if (ev.is_object()) {
    for (const char* f : fields) {
      if (ev.contains(f)) add(ev[f]);
    }
  }
  return out;
}

json EvidenceOf(const DossierMember& m, const json* entity, const char* field) {
  return entity == nullptr ? json::array() : SpansOf(m, *entity, {field});
}

json Finding(const std::string& code, const std::string& severity, const std::string& message,
             std::vector<std::string> documents, json evidence = json::array(),
             json details = json::object()) {
  std::sort(documents.begin(), documents.end());
  documents.erase(std::unique(documents.begin(), documents.end()), documents.end());
  return {{"code", code},
          {"severity", severity},
          {"message", message},
          {"documents", documents},
          {"evidence", std::move(evidence)},
          {"details", std::move(details)}};
}

// Address parts that must agree for two addresses to be the same place.
struct AddressKey {
  std::string postal_code;
  std::string number;  // "29"; the bis/ter suffix is too often lost to OCR to decide anything
  std::string street;  // folded, abbreviations expanded
};

AddressKey KeyOf(const std::string& address) {
  static const std::map<std::string, std::string> kAbbrev = {
      {"av", "avenue"},   {"ave", "avenue"},    {"bd", "boulevard"},   {"bld", "boulevard"},
      {"r", "rue"},       {"chem", "chemin"},   {"all", "allee"},      {"pl", "place"},
      {"imp", "impasse"}, {"rte", "route"},     {"fg", "faubourg"},    {"fbg", "faubourg"},
      {"sq", "square"},   {"crs", "cours"},     {"qu", "quai"},        {"st", "saint"},
      {"ste", "sainte"},  {"res", "residence"}, {"lot", "lotissement"}};
  static const std::set<std::string> kSuffix = {"bis", "ter", "quater", "b", "t", "q"};
  AddressKey key;
  std::vector<std::string> words;
  std::string k = text::NameKey(address);
  for (size_t start = 0; start < k.size();) {
    size_t end = k.find(' ', start);
    if (end == std::string::npos) end = k.size();
    words.push_back(k.substr(start, end - start));
    start = end + 1;
  }
  auto digits = [](const std::string& w) {
    return !w.empty() &&
           std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  size_t postal = words.size();
  for (size_t i = 0; i < words.size(); ++i) {
    if (digits(words[i]) && words[i].size() == 5) {
      postal = i;
      key.postal_code = words[i];
    }
  }
  size_t i = 0;
  // The street runs from the house number to the postal code ("29 bis avenue ..., 42300
  // Roanne"), or to the end when the city comes first ("ROANNE (42300), 29 bis avenue ...").
  size_t number_at = words.size();
  for (size_t j = 0; j < words.size(); ++j) {
    if (j != postal && digits(words[j]) && words[j].size() <= 4) {
      number_at = j;
      break;
    }
  }
  if (number_at < words.size()) {
    key.number = words[number_at];
    i = number_at + 1;
    if (i < words.size() &&
        (kSuffix.count(words[i]) ||
         (words[i].size() == 3 && (text::EditDistance(words[i], "bis") <= 1 ||
                                   text::EditDistance(words[i], "ter") <= 1)))) {
      ++i;  // "b1s" is "bis" read by OCR
    }
  }
  size_t stop = postal > i ? postal : words.size();
  for (; i < stop; ++i) {
    auto it = kAbbrev.find(words[i]);
    std::string w = it == kAbbrev.end() ? words[i] : it->second;
    // Articles and prepositions vary between writers ("rue de la Gare" / "rue Gare").
    if (w == "de" || w == "du" || w == "des" || w == "la" || w == "le" || w == "les" || w == "l" ||
        w == "d") {
      continue;
    }
    if (!key.street.empty()) key.street += ' ';
    key.street += w;
  }
  return key;
}

// True when both addresses were read well enough to compare and name two different places.
// OCR slips (a letter or two in the street name) are tolerated.
bool AddressesDiffer(const std::string& a, const std::string& b) {
  AddressKey x = KeyOf(a), y = KeyOf(b);
  bool comparable = (!x.postal_code.empty() && !y.postal_code.empty()) ||
                    (!x.street.empty() && !y.street.empty());
  if (!comparable) return false;
  if (!x.postal_code.empty() && !y.postal_code.empty() && x.postal_code != y.postal_code) {
    return true;
  }
  if (!x.number.empty() && !y.number.empty() && x.number != y.number) return true;
  if (!x.street.empty() && !y.street.empty()) {
    int tolerance =
        std::max<int>(2, static_cast<int>(std::min(x.street.size(), y.street.size())) / 6);
    if (text::EditDistance(x.street, y.street) > tolerance) return true;
  }
  return false;
}

// The parcels of a document's properties, as "ab 123" (section and number without leading
// zeros), so that "0A 0075" and "A 75" compare equal.
std::set<std::string> ParcelsOf(const DossierMember& m) {
  std::set<std::string> out;
  for (const json& p : Array(m.entities, "properties")) {
    for (const json& c : Array(p, "cadastre")) {
      std::string section = text::NameKey(Str(c, "section"));
      section.erase(0, section.find_first_not_of('0'));
      std::string number = text::DigitsOf(Str(c, "number"));
      number.erase(0, number.find_first_not_of('0'));
      if (!section.empty() && !number.empty()) out.insert(section + " " + number);
    }
  }
  return out;
}

// The price amount of a document's entities ({"kind": "prix", "value": ...}), or null.
const json* PriceItem(const json& entities) {
  for (const json& a : Array(entities, "amounts")) {
    if (Str(a, "kind") == "prix" && a.contains("value") && a["value"].is_number()) return &a;
  }
  return nullptr;
}

// Whether a piece shares a person or a parcel with a deed (its persons and parcels given).
bool SharesPersonOrParcel(const DossierMember& m, const std::vector<Person>& persons,
                          const std::set<std::string>& parcels) {
  for (const Person& p : PersonsOf(m)) {
    for (const Person& q : persons) {
      if (SamePerson(p, q)) return true;
    }
  }
  for (const std::string& parcel : ParcelsOf(m)) {
    if (parcels.count(parcel) > 0) return true;
  }
  return false;
}

int DeedRank(const std::string& type) {
  if (type == "acte_vente") return 0;
  if (type == "compromis_vente") return 1;
  if (type == "donation") return 2;
  if (type == "succession") return 3;
  return 9;
}

// How many of the other pieces a deed is the deed of: a piece shares one of its persons (an ID
// card, a bill, a RIB holder) or one of its parcels.
int Support(const DossierMember& deed, const std::vector<DossierMember>& members) {
  std::vector<Person> parties = PersonsOf(deed);
  std::set<std::string> parcels = ParcelsOf(deed);
  int n = 0;
  for (const auto& m : members) {
    if (&m == &deed || m.status != "done" || IsDeed(m.document_type)) continue;
    n += SharesPersonOrParcel(m, parties, parcels);
  }
  return n;
}

// The deed the dossier is about: the one most of its pieces support (a deed of another file
// dropped in by mistake has none of them), then the sale deed before its promise, a donation,
// a succession.
const DossierMember* MainDeed(const std::vector<DossierMember>& members) {
  const DossierMember* best = nullptr;
  int best_support = -1;
  for (const auto& m : members) {
    if (m.status != "done" || !IsDeed(m.document_type)) continue;
    int support = Support(m, members);
    if (best == nullptr || support > best_support ||
        (support == best_support && DeedRank(m.document_type) < DeedRank(best->document_type))) {
      best = &m;
      best_support = support;
    }
  }
  return best;
}

std::vector<const DossierMember*> OfType(const std::vector<DossierMember>& members,
                                         std::initializer_list<const char*> types) {
  std::vector<const DossierMember*> out;
  for (const auto& m : members) {
    if (m.status != "done") continue;
    for (const char* t : types) {
      if (m.document_type == t) out.push_back(&m);
    }
  }
  return out;
}

class DossierChecks {
 public:
  DossierChecks(const std::string& type, const std::vector<DossierMember>& members)
      : type_(type), members_(members), deed_(MainDeed(members)) {}

  // The deed the dossier is about (MainDeed), or null.
  const DossierMember* deed() const { return deed_; }

  void Run() {
    FindDeedsOfOtherTransactions();
    CollectParties();
    CheckIdentities();
    CheckAddresses();
    CheckPromiseAgainstDeed();
    CheckRib();
    CheckCompanies();
    AddCompanyParties();
    CheckDpe();
    CheckUnreadable();
    BuildChecklist();
  }

  json findings = json::array();
  json checklist = json::array();
  json parties = json::array();

 private:
  // The done members of these types, without the deeds of another transaction.
  std::vector<const DossierMember*> Related(std::initializer_list<const char*> types) const {
    std::vector<const DossierMember*> out = OfType(members_, types);
    out.erase(std::remove_if(out.begin(), out.end(),
                             [&](const DossierMember* m) { return other_transactions_.count(m); }),
              out.end());
    return out;
  }

  // A deed that shares neither a party nor a parcel with the main deed is another
  // transaction's, filed here by mistake: its parties are not this dossier's (no ID card is
  // asked for them) and the notary is told. Nothing is said when either deed was read without
  // parties: a deed that could not be read is not another transaction.
  void FindDeedsOfOtherTransactions() {
    if (deed_ == nullptr) return;
    std::vector<Person> main_parties = PersonsOf(*deed_);
    std::set<std::string> main_companies;
    for (const json& c : Array(deed_->entities, "companies")) {
      if (!text::DigitsOf(Str(c, "siren")).empty())
        main_companies.insert(text::DigitsOf(Str(c, "siren")));
      if (!text::CompanyNameKey(Str(c, "name")).empty())
        main_companies.insert(text::CompanyNameKey(Str(c, "name")));
    }
    if (main_parties.empty() && main_companies.empty()) return;
    std::set<std::string> main_parcels = ParcelsOf(*deed_);
    for (const auto* m :
         OfType(members_, {"acte_vente", "compromis_vente", "donation", "succession"})) {
      if (m == deed_) continue;
      bool read = !Array(m->entities, "persons").empty();
      bool shared = SharesPersonOrParcel(*m, main_parties, main_parcels);
      for (const json& c : Array(m->entities, "companies")) {
        std::string siren = text::DigitsOf(Str(c, "siren")),
                    name = text::CompanyNameKey(Str(c, "name"));
        read = read || !siren.empty() || !name.empty();
        shared = shared || main_companies.count(siren) > 0 || main_companies.count(name) > 0;
      }
      if (!read || shared) continue;
      other_transactions_.insert(m);
      findings.push_back(
          Finding("deed_of_another_transaction", "warning",
                  "« " + m->filename + " » (" + DocumentTypeLabel(m->document_type) +
                      ") n'a ni partie ni parcelle en commun avec « " + deed_->filename +
                      " » : pièce d'un autre dossier ? La retirer du dossier si c'est le cas.",
                  {m->document_id}));
    }
  }

  // Natural persons of the dossier's deeds who must prove their identity, one entry per
  // human being even when the promise and the deed both name them.
  void CollectParties() {
    std::vector<const DossierMember*> deeds;
    if (deed_ != nullptr) deeds.push_back(deed_);
    for (const auto* m : Related({"acte_vente", "compromis_vente", "donation", "succession"})) {
      if (m != deed_) deeds.push_back(m);
    }
    for (const auto* m : deeds) {
      for (Person& p : PersonsOf(*m)) {
        if (!NeedsIdentity(p.role)) continue;
        bool known = std::any_of(signers_.begin(), signers_.end(),
                                 [&](const Person& q) { return SamePerson(p, q); });
        if (!known) signers_.push_back(p);
      }
      for (const json& c : Array(m->entities, "companies")) {
        if (!c.is_object() || !IsCompanyParty(Str(c, "role"))) continue;
        std::string key = text::DigitsOf(Str(c, "siren"));
        std::string name = text::CompanyNameKey(Str(c, "name"));
        bool known = std::any_of(companies_.begin(), companies_.end(), [&](const json* k) {
          return (!key.empty() && text::DigitsOf(Str(*k, "siren")) == key) ||
                 (!name.empty() && text::CompanyNameKey(Str(*k, "name")) == name);
        });
        if (!known) companies_.push_back(&c);
      }
    }
    for (const auto* m : OfType(members_, {"cni", "passeport"})) {
      for (Person& p : PersonsOf(*m)) ids_.push_back(p);
    }
  }

  void CheckIdentities() {
    for (const Person& signer : signers_) {
      json entry = {
          {"kind", "person"},
          {"name", signer.Display()},
          {"role", signer.role},
          // As the checklist and the synthesis say it ("venderesse").
          {"role_label", RoleLabel(signer.role, signer.sex)},
          {"sex", signer.sex.empty() ? json(nullptr) : json(signer.sex)},
          {"birth_date", signer.birth_date.empty() ? json(nullptr) : json(signer.birth_date)},
          {"identity_documents", json::array()}};
      for (const Person& id : ids_) {
        if (!SamePerson(signer, id)) continue;
        entry["identity_documents"].push_back(id.member->document_id);
        // The deed may not print it (a representative's): the ID document does.
        if (entry["birth_date"].is_null() && !id.birth_date.empty()) {
          entry["birth_date"] = id.birth_date;
        }
        identified_.insert(&signer);
        CompareIdentity(signer, id);
      }
      parties.push_back(entry);
    }
    for (const Person& id : ids_) {
      bool party = std::any_of(signers_.begin(), signers_.end(),
                               [&](const Person& s) { return SamePerson(s, id); });
      if (party || deed_ == nullptr) continue;
      findings.push_back(Finding(
          "identity_document_unrelated", "info",
          "La pièce d'identité " + Of(id.Display()) +
              " ne correspond à aucune partie de l'acte : vérifier à quel titre elle figure au "
              "dossier.",
          {id.member->document_id}));
    }
  }

  // The ID document is the reference for the spelling of a name: a near spelling in the deed
  // is a typing error to correct before signing.
  void CompareIdentity(const Person& deed, const Person& id) {
    std::set<std::string> reported;
    for (const auto& name : id.names) {
      NameMatch best = NameMatch::kDifferent;
      std::string closest;
      for (const auto& d : deed.names) {
        NameMatch m = text::CompareNames(name, d);
        if (static_cast<int>(m) < static_cast<int>(best)) {
          best = m;
          closest = d;
        }
      }
      if (best != NameMatch::kClose || !reported.insert(text::NameKey(name)).second) continue;
      const json* field = id.raw;
      const char* key = text::NameKey(Str(*id.raw, "birth_name")) == text::NameKey(name)
                            ? "birth_name"
                            : "last_name";
      findings.push_back(Finding(
          "name_mismatch_across_documents", "warning",
          "Le nom « " + name + " » de la pièce d'identité (" +
              DocumentTypeLabel(id.member->document_type) + ") diffère de « " + closest +
              " » dans l'acte pour " + RoleLabel(deed.role, deed.sex) + " " + deed.Display() +
              " : faire vérifier l'orthographe et corriger l'acte ou demander la bonne pièce.",
          {id.member->document_id, deed.member->document_id}, EvidenceOf(*id.member, field, key),
          {{"field", "surname"},
           {"document_value", name},
           {"deed_value", closest},
           {"person_role", deed.role}}));
    }
    auto first = FirstNameMatch(deed, id);
    if (first && *first == NameMatch::kClose) {
      findings.push_back(Finding("name_mismatch_across_documents", "warning",
                                 "Le prénom « " + id.first_name +
                                     " » de la pièce d'identité diffère de « " + deed.first_name +
                                     " » dans l'acte pour " + RoleLabel(deed.role, deed.sex) + " " +
                                     deed.Display() + ".",
                                 {id.member->document_id, deed.member->document_id},
                                 EvidenceOf(*id.member, id.raw, "first_names"),
                                 {{"field", "first_names"},
                                  {"document_value", id.first_name},
                                  {"deed_value", deed.first_name},
                                  {"person_role", deed.role}}));
    }
    if (!deed.birth_date.empty() && !id.birth_date.empty() && deed.birth_date != id.birth_date) {
      findings.push_back(Finding("birth_date_mismatch_across_documents", "critical",
                                 "La date de naissance " + Of(deed.Display()) +
                                     " diffère entre l'acte (" + deed.birth_date +
                                     ") et la pièce d'identité (" + id.birth_date + ").",
                                 {id.member->document_id, deed.member->document_id},
                                 EvidenceOf(*id.member, id.raw, "birth_date"),
                                 {{"field", "birth_date"},
                                  {"document_value", id.birth_date},
                                  {"deed_value", deed.birth_date},
                                  {"person_role", deed.role}}));
    }
  }

  // Both addresses of a mismatch, the piece's then the deed's: the notary compares them.
  static json AddressesOf(const DossierMember& m, const Person& holder, const Person& signer) {
    json out = EvidenceOf(m, holder.raw, "address");
    for (json& e : EvidenceOf(*signer.member, signer.raw, "address")) out.push_back(std::move(e));
    return out;
  }

  // A proof of address, a tax notice or a RIB shows where a party lives today; the deed must
  // say the same, or the notary asks which is right.
  void CheckAddresses() {
    for (const auto* m : OfType(members_, {"justificatif_domicile", "avis_imposition", "rib"})) {
      for (const Person& holder : PersonsOf(*m)) {
        if (holder.address.empty()) continue;
        for (const Person& signer : signers_) {
          if (signer.address.empty() || !HolderIs(holder, signer)) continue;
          if (!AddressesDiffer(holder.address, signer.address)) continue;
          findings.push_back(Finding(
              "address_mismatch_across_documents", "warning",
              "L'adresse " + Of(signer.Display()) + " sur le document « " +
                  DocumentTypeLabel(m->document_type) + " » (" + holder.address +
                  ") diffère de celle du document « " +
                  DocumentTypeLabel(signer.member->document_type) + " » (" + signer.address +
                  ") : demander un justificatif de domicile à jour ou corriger l'acte.",
              {m->document_id, signer.member->document_id}, AddressesOf(*m, holder, signer),
              {{"person_role", signer.role},
               {"document_value", holder.address},
               {"deed_value", signer.address}}));
        }
      }
    }
  }

  // Proofs of address and RIBs carry no birth date: the surname and the first name must agree,
  // or the holder line must contain the party's surname ("M OU MME SANCHEZ ALAIN").
  static bool HolderIs(const Person& holder, const Person& party) {
    NameMatch names = BestNameMatch(holder, party);
    auto first = FirstNameMatch(holder, party);
    if (names != NameMatch::kDifferent && (!first || *first != NameMatch::kDifferent)) return true;
    return false;
  }

  void CheckPromiseAgainstDeed() {
    auto deeds = Related({"acte_vente"});
    auto promises = Related({"compromis_vente"});
    if (deeds.empty() || promises.empty()) return;
    const DossierMember& deed = *deeds.front();
    const DossierMember& promise = *promises.front();
    auto price = [](const DossierMember& m) -> std::optional<double> {
      const json* item = PriceItem(m.entities);
      return item ? std::optional<double>((*item)["value"].get<double>()) : std::nullopt;
    };
    auto p1 = price(deed), p2 = price(promise);
    if (p1 && p2 && std::abs(*p1 - *p2) >= 0.01) {
      findings.push_back(Finding("price_mismatch_across_documents", "warning",
                                 "Le prix de l'acte (" + text::FormatEuros(*p1, false) +
                                     ") diffère de celui du compromis (" +
                                     text::FormatEuros(*p2, false) +
                                     ") : vérifier l'avenant qui l'explique.",
                                 {deed.document_id, promise.document_id}, json::array(),
                                 {{"deed_value", *p1}, {"document_value", *p2}}));
    }
    auto c1 = ParcelsOf(deed), c2 = ParcelsOf(promise);
    if (!c1.empty() && !c2.empty() && c1 != c2) {
      findings.push_back(
          Finding("cadastre_mismatch_across_documents", "warning",
                  "Les parcelles cadastrales de l'acte et du compromis ne sont pas les mêmes.",
                  {deed.document_id, promise.document_id}, json::array(),
                  {{"deed_value", c1}, {"document_value", c2}}));
    }
    auto lots = [](const DossierMember& m) {
      std::set<std::string> out;
      for (const json& p : Array(m.entities, "properties")) {
        for (const json& l : Array(p, "lots")) {
          std::string n = text::DigitsOf(Str(l, "number"));
          if (!n.empty()) out.insert(n);
        }
      }
      return out;
    };
    auto l1 = lots(deed), l2 = lots(promise);
    if (!l1.empty() && !l2.empty() && l1 != l2) {
      findings.push_back(
          Finding("lots_mismatch_across_documents", "warning",
                  "Les lots de copropriété de l'acte et du compromis ne sont pas les mêmes.",
                  {deed.document_id, promise.document_id}, json::array(),
                  {{"deed_value", l1}, {"document_value", l2}}));
    }
  }

  // The price is paid to the seller: a RIB in someone else's name is a classic fraud. Before
  // the deed (a promise), a RIB may be the buyer's (the deposit's refund) or the seller's, never
  // a stranger's.
  void CheckRib() {
    if (deed_ == nullptr) return;
    bool sale = deed_->document_type == "acte_vente";
    if (!sale && deed_->document_type != "compromis_vente") return;
    std::set<std::string> roles = {"vendeur"};
    if (!sale) roles.insert("acquereur");
    std::vector<Person> payees;
    for (const Person& p : signers_) {
      if (roles.count(p.role) > 0) payees.push_back(p);
    }
    std::vector<std::string> payee_companies;
    for (const json* c : companies_) {
      if (roles.count(Str(*c, "role")) > 0)
        payee_companies.push_back(text::CompanyNameKey(Str(*c, "name")));
    }
    if (payees.empty() && payee_companies.empty()) return;
    for (const auto* m : OfType(members_, {"rib"})) {
      std::string holder = m->entities.contains("bank") ? Str(m->entities["bank"], "holder") : "";
      std::string key = " " + text::NameKey(holder) + " ";
      if (text::NameKey(holder).empty()) continue;
      bool payee = false;
      for (const Person& s : payees) {
        for (const auto& n : s.names) {
          if (key.find(" " + text::NameKey(n) + " ") != std::string::npos) payee = true;
        }
      }
      for (const auto& c : payee_companies) {
        if (!c.empty() && key.find(" " + c + " ") != std::string::npos) payee = true;
      }
      if (payee) continue;
      findings.push_back(Finding(
          sale ? "rib_holder_not_seller" : "rib_holder_not_party", "warning",
          "Le titulaire du RIB (" + holder +
              (sale ? ") n'est pas un vendeur : le prix doit être versé au vendeur ; vérifier ce "
                      "RIB auprès du client par un autre canal."
                    : ") n'est ni un vendeur ni un acquéreur du compromis : demander au client à "
                      "quoi sert ce RIB et le lui faire confirmer par un autre canal."),
          {m->document_id}, EvidenceOf(*m, &m->entities["bank"], "holder")));
    }
  }

  // Companies that are parties, beside the natural persons: the notary checks them on
  // their Kbis.
  void AddCompanyParties() {
    for (const json* c : companies_) {
      json kbis = json::array();
      if (auto it = kbis_of_.find(c); it != kbis_of_.end() && it->second != nullptr) {
        kbis.push_back(it->second->document_id);
      }
      std::string siren = text::DigitsOf(Str(*c, "siren"));
      parties.push_back({{"kind", "company"},
                         {"name", Str(*c, "name")},
                         {"role", Str(*c, "role")},
                         {"role_label", RoleLabel(Str(*c, "role"))},
                         {"siren", siren.empty() ? json(nullptr) : json(siren)},
                         {"identity_documents", kbis}});
    }
  }

  void CheckCompanies() {
    auto kbis = OfType(members_, {"kbis"});
    for (const json* c : companies_) {
      const DossierMember* match = nullptr;
      const json* registered = nullptr;
      for (const auto* k : kbis) {
        for (const json& kc : Array(k->entities, "companies")) {
          std::string a = text::DigitsOf(Str(*c, "siren")), b = text::DigitsOf(Str(kc, "siren"));
          bool same =
              (!a.empty() && a == b) ||
              (a.empty() || b.empty() ? text::CompareNames(text::CompanyNameKey(Str(*c, "name")),
                                                           text::CompanyNameKey(Str(kc, "name"))) !=
                                            NameMatch::kDifferent
                                      : false);
          if (same) {
            match = k;
            registered = &kc;
          }
        }
      }
      kbis_of_[c] = match;
      if (match == nullptr) continue;
      std::string deed_name = Str(*c, "name"), kbis_name = Str(*registered, "name");
      if (!deed_name.empty() && !kbis_name.empty() &&
          text::CompareNames(text::CompanyNameKey(deed_name), text::CompanyNameKey(kbis_name)) !=
              NameMatch::kSame) {
        findings.push_back(Finding("company_name_mismatch_across_documents", "warning",
                                   "La dénomination « " + deed_name +
                                       " » de l'acte diffère de celle du Kbis (« " + kbis_name +
                                       " »).",
                                   {match->document_id, deed_->document_id}));
      }
      // Whoever signs for the company must hold the power: a director on the Kbis, or a
      // delegation the notary has to see.
      std::vector<Person> directors;
      for (const Person& p : PersonsOf(*match)) directors.push_back(p);
      for (const Person& rep : signers_) {
        if (rep.role != "representant" || directors.empty()) continue;
        bool listed = std::any_of(directors.begin(), directors.end(), [&](const Person& d) {
          return BestNameMatch(rep, d) != NameMatch::kDifferent &&
                 FirstNameMatch(rep, d).value_or(NameMatch::kSame) != NameMatch::kDifferent;
        });
        if (listed) continue;
        findings.push_back(Finding(
            "representative_not_in_kbis", "warning",
            rep.Display() + " représente la société dans l'acte mais n'est pas dirigeant selon "
                            "le Kbis : demander la délégation de pouvoir.",
            {match->document_id, rep.member->document_id}));
      }
    }
    // A Kbis of no company of the deed, whose directors do not sign either: another file's.
    if (deed_ == nullptr || (signers_.empty() && companies_.empty())) return;
    for (const auto* k : kbis) {
      bool party = std::any_of(kbis_of_.begin(), kbis_of_.end(),
                               [&](const auto& entry) { return entry.second == k; });
      for (const Person& director : PersonsOf(*k)) {
        for (const Person& signer : signers_) party = party || SamePerson(director, signer);
      }
      std::string name;
      for (const json& kc : Array(k->entities, "companies")) {
        if (name.empty()) name = Str(kc, "name");
      }
      if (party || name.empty()) continue;
      findings.push_back(Finding("kbis_not_party", "warning",
                                 "L'extrait Kbis de « " + name +
                                     " » ne concerne aucune partie de « " + deed_->filename +
                                     " » : pièce d'un autre dossier ? La retirer du dossier si "
                                     "c'est le cas.",
                                 {k->document_id}));
    }
  }

  void CheckDpe() {
    if (deed_ == nullptr) return;
    std::vector<std::string> deed_addresses;
    for (const json& p : Array(deed_->entities, "properties")) {
      std::string a = Str(p, "address");
      if (!a.empty())
        deed_addresses.push_back(a + " " + Str(p, "postal_code") + " " + Str(p, "city"));
    }
    if (deed_addresses.empty()) return;
    for (const auto* m : OfType(members_, {"dpe"})) {
      for (const json& p : Array(m->entities, "properties")) {
        std::string a = Str(p, "address");
        if (a.empty()) continue;
        std::string full = a + " " + Str(p, "postal_code") + " " + Str(p, "city");
        bool same = std::any_of(deed_addresses.begin(), deed_addresses.end(),
                                [&](const std::string& d) { return !AddressesDiffer(full, d); });
        if (same) continue;
        findings.push_back(Finding("dpe_property_mismatch", "warning",
                                   "Le DPE porte sur « " + full +
                                       " », qui n'est pas le bien de l'acte : demander le DPE "
                                       "du bien vendu.",
                                   {m->document_id, deed_->document_id},
                                   EvidenceOf(*m, &p, "address")));
      }
    }
  }

  void CheckUnreadable() {
    for (const auto& m : members_) {
      if (m.status != "failed") continue;
      findings.push_back(Finding("document_unreadable", "warning",
                                 "Le document « " + m.filename + " » n'a pas pu être analysé (" +
                                     (m.error_code.empty() ? std::string("erreur") : m.error_code) +
                                     ") : demander une nouvelle copie.",
                                 {m.document_id}, json::array(), {{"error_code", m.error_code}}));
    }
  }

  // The piece whose passage comes first is the one a cross-document finding is about (the bill
  // of an address mismatch; the deed's passage follows for comparison); without a passage,
  // every document it names.
  static bool IsAbout(const json& finding, const std::string& document_id) {
    const json& evidence = Array(finding, "evidence");
    if (!evidence.empty()) return Str(evidence[0], "document_id") == document_id;
    const json& documents = Array(finding, "documents");
    return std::find(documents.begin(), documents.end(), json(document_id)) != documents.end();
  }

  void AddPiece(const std::string& piece, const std::string& label,
                std::vector<const DossierMember*> present) {
    json docs = json::array();
    // A piece that is there but wrong (an expired DPE, an ID past its validity) is present,
    // with what its own analysis found, so that the checklist does not look complete.
    // So is a piece that contradicts another one (an ID whose name differs from the deed's):
    // the cross-document finding goes to the piece of its first passage, or to all the
    // documents it names when it has no evidence.
    json alerts = json::array();
    auto alert = [&](const std::string& document_id, const json& f) {
      std::string severity = Str(f, "severity");
      if (severity != "critical" && severity != "warning") return;
      // One finding naming two pieces of the same item (the deed and its promise) is one alert.
      for (const json& a : alerts) {
        if (Str(a, "code") == Str(f, "code") && Str(a, "message") == Str(f, "message")) return;
      }
      alerts.push_back({{"document_id", document_id},
                        {"code", Str(f, "code")},
                        {"severity", severity},
                        {"message", Str(f, "message")}});
    };
    for (const auto* m : present) {
      docs.push_back(m->document_id);
      for (const json& f : m->findings) {
        if (f.is_object()) alert(m->document_id, f);
      }
      for (const json& f : findings) {
        if (IsAbout(f, m->document_id)) alert(m->document_id, f);
      }
    }
    checklist.push_back({{"piece", piece},
                         {"label", label},
                         {"status", present.empty() ? "missing" : "present"},
                         {"documents", docs},
                         {"alerts", alerts}});
  }

  void BuildChecklist() {
    if (type_ == "vente") {
      auto deed = Related({"acte_vente", "compromis_vente"});
      AddPiece(deed.empty() ? "acte_vente" : deed.front()->document_type,
               "Acte de vente ou compromis de vente", deed);
    } else if (type_ == "donation" || type_ == "succession") {
      AddPiece(type_, type_ == "donation" ? "Acte de donation" : "Acte de succession",
               OfType(members_, {type_ == "donation" ? "donation" : "succession"}));
    }
    for (const Person& p : signers_) {
      std::vector<const DossierMember*> docs;
      for (const Person& id : ids_) {
        if (SamePerson(p, id)) docs.push_back(id.member);
      }
      AddPiece("cni",
               "Pièce d'identité (CNI ou passeport) " + Of(p.Display()) + " (" +
                   RoleLabel(p.role, p.sex) + ")",
               docs);
    }
    for (const json* c : companies_) {
      auto it = kbis_of_.find(c);
      std::vector<const DossierMember*> docs;
      if (it != kbis_of_.end() && it->second != nullptr) docs.push_back(it->second);
      AddPiece("kbis", "Extrait Kbis de moins de trois mois " + Of(Str(*c, "name")), docs);
    }
    if (type_ == "vente" && NeedsDpe()) {
      AddPiece("dpe", "Diagnostic de performance énergétique du bien", OfType(members_, {"dpe"}));
    }
    if (type_ == "vente" && deed_ != nullptr && deed_->document_type == "acte_vente") {
      AddPiece("rib", "RIB du vendeur (versement du prix)", OfType(members_, {"rib"}));
    }
  }

  // A DPE is due for a building, not for bare land.
  bool NeedsDpe() const {
    if (deed_ == nullptr) return true;
    const json& props = Array(deed_->entities, "properties");
    if (props.empty()) return true;
    return std::any_of(props.begin(), props.end(), [](const json& p) {
      std::string kind = text::NameKey(Str(p, "kind"));
      return kind.find("terrain") == std::string::npos;
    });
  }

  std::string type_;
  const std::vector<DossierMember>& members_;
  const DossierMember* deed_;
  std::vector<Person> signers_;
  std::vector<const json*> companies_;
  std::vector<Person> ids_;
  std::set<const Person*> identified_;
  std::map<const json*, const DossierMember*> kbis_of_;
  std::set<const DossierMember*> other_transactions_;
};

// What the dossier is about, as its main deed says it: the property, the price and the date.
// A notary opening a dossier first looks for these; each value keeps its passage.
json OperationOf(const DossierMember* deed) {
  if (deed == nullptr) return nullptr;
  const json& entities = deed->entities;
  json date = nullptr;
  if (const json* d = DeedDateItem(entities)) {
    date = {{"kind", (*d)["kind"]}, {"value", (*d)["value"]}, {"evidence", SpansOf(*deed, *d, {})}};
  }
  json price = nullptr;
  if (const json* a = PriceItem(entities)) {
    std::string currency = Str(*a, "currency");
    price = {{"value", (*a)["value"]},
             {"currency", currency.empty() ? "EUR" : currency},
             {"evidence", SpansOf(*deed, *a, {})}};
  }
  json properties = json::array();
  for (const json& p : Array(entities, "properties")) {
    if (!p.is_object()) continue;
    json parcels = json::array();
    json evidence = SpansOf(*deed, p, {"kind", "address", "postal_code", "city"});
    for (const json& c : Array(p, "cadastre")) {
      std::string ref = Str(c, "prefix");
      ref += (ref.empty() ? "" : " ") + Str(c, "section") + " " + Str(c, "number");
      if (!Str(c, "section").empty() && !Str(c, "number").empty()) parcels.push_back(ref);
      for (json& e : SpansOf(*deed, c, {"section", "number"})) evidence.push_back(std::move(e));
    }
    auto text_or_null = [&](const char* field) {
      std::string v = Str(p, field);
      return v.empty() ? json(nullptr) : json(v);
    };
    properties.push_back({{"kind", text_or_null("kind")},
                          {"address", text_or_null("address")},
                          {"postal_code", text_or_null("postal_code")},
                          {"city", text_or_null("city")},
                          {"cadastre", parcels},
                          {"lots", Array(p, "lots").size()},
                          {"evidence", evidence}});
  }
  return {{"document_id", deed->document_id},
          {"filename", deed->filename},
          {"document_type", deed->document_type},
          {"date", date},
          {"price", price},
          {"properties", properties}};
}

}  // namespace

std::string InferDossierType(const std::vector<DossierMember>& members) {
  const DossierMember* deed = MainDeed(members);
  if (deed == nullptr) return "autre";
  if (deed->document_type == "acte_vente" || deed->document_type == "compromis_vente") {
    return "vente";
  }
  return deed->document_type;  // donation, succession
}

std::optional<mrz::Date> DossierReference(const std::vector<DossierMember>& members) {
  // The main deed's date first (the one its pieces support, as everywhere in the dossier), then
  // the other deeds' by rank when it has none.
  const DossierMember* main = MainDeed(members);
  std::vector<const DossierMember*> deeds;
  for (const auto& m : members) {
    if (m.status == "done" && IsDeed(m.document_type)) deeds.push_back(&m);
  }
  std::stable_sort(deeds.begin(), deeds.end(), [&](const auto* a, const auto* b) {
    if ((a == main) != (b == main)) return a == main;
    return DeedRank(a->document_type) < DeedRank(b->document_type);
  });
  for (const auto* d : deeds) {
    if (auto date = DeedDate(d->entities)) return date;
  }
  return std::nullopt;
}

json AnalyzeDossier(const std::string& dossier_id, const std::string& dossier_type,
                    const std::vector<DossierMember>& members) {
  DossierChecks checks(dossier_type, members);
  checks.Run();
  bool complete = true;
  json documents = json::array();
  json verifications = json::array();
  std::set<std::string> seen;
  for (const auto& m : members) {
    complete = complete && (m.status == "done" || m.status == "failed");
    json codes = json::array();
    for (const json& f : m.findings) {
      if (f.is_object() && f.contains("code")) codes.push_back(f["code"]);
    }
    documents.push_back({{"document_id", m.document_id},
                         {"filename", m.filename},
                         {"document_type", m.document_type},
                         {"status", m.status},
                         {"score", m.score ? json(*m.score) : json(nullptr)},
                         {"findings", codes}});
    for (const json& v : m.verifications) {
      if (!v.is_object()) continue;
      // The same person checked from two documents ("Louise GAUTIER", "GAUTIER Louise"):
      // one line, whatever the case, accents or order of the names.
      std::istringstream folded(text::FoldForMatch(Str(v, "subject")));
      std::vector<std::string> words{std::istream_iterator<std::string>(folded), {}};
      std::sort(words.begin(), words.end());
      std::string subject;
      for (const auto& w : words) subject += w + " ";
      std::string key = Str(v, "source") + "\n" + subject + "\n" + Str(v, "status");
      if (!seen.insert(key).second) continue;
      json copy = v;
      copy["document_id"] = m.document_id;
      verifications.push_back(copy);
    }
  }
  auto reference = DossierReference(members);
  return {{"dossier_id", dossier_id},
          {"dossier_type", dossier_type},
          {"reference_date", reference ? json(reference->Iso()) : json(nullptr)},
          {"all_documents_analysed", complete},
          {"operation", OperationOf(checks.deed())},
          {"documents", documents},
          {"parties", checks.parties},
          {"findings", checks.findings},
          {"checklist", checks.checklist},
          {"verifications", verifications}};
}

}  // namespace notaria::analyze
