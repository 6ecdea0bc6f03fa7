// API Recherche d'entreprises (spec/registers.md §5a): does the party company exist, is it
// still active, is its name the deed's, and is the person who signs for it a published
// dirigeant?
//
// GET /search?q=<siren>&per_page=1 on https://recherche-entreprises.api.gouv.fr: a q of
// exactly 9 digits is a direct SIREN lookup. An unknown SIREN gives 200 with results:[];
// errors carry {"erreur": "..."}. `immatriculation.date_radiation` is read when present
// (it comes with the Annuaire's include_admin, which the public spec does not document, so
// it is not asked for); etat_administratif "C" is the documented sign of a ceased company.
#include <algorithm>

#include "text/names.h"
#include "verify/register_client.h"
#include "verify/registers/connectors.h"

namespace notaria::verify {
namespace {

using nlohmann::json;
using namespace registers;

constexpr std::string_view kSource = "entreprises";

// The roles of a person who signs for a company (corpus README: representant in deeds,
// dirigeant on a Kbis).
bool IsRepresentative(const json& person) {
  std::string role = Str(person, "role");
  return role == "representant" || role == "dirigeant";
}

// kSame/kClose between the deed's name and any of the names the register knows.
text::NameMatch CompareCompanyNames(const std::string& deed_name, const json& result,
                                    std::string* matched) {
  std::vector<std::string> names = {Str(result, "nom_raison_sociale"), Str(result, "nom_complet"),
                                    Str(result, "sigle")};
  const json& siege = Obj(result, "siege");
  names.push_back(Str(siege, "nom_commercial"));
  for (const json& e : Arr(siege, "liste_enseignes")) {
    if (e.is_string()) names.push_back(e.get<std::string>());
  }
  const std::string deed_key = text::CompanyNameKey(deed_name);
  text::NameMatch best = text::NameMatch::kDifferent;
  for (const auto& n : names) {
    if (n.empty()) continue;
    std::string key = text::CompanyNameKey(n);
    if (key.empty() || deed_key.empty()) continue;
    text::NameMatch m =
        key == deed_key ? text::NameMatch::kSame : text::CompareNames(deed_key, key);
    if (m == text::NameMatch::kSame ||
        (m == text::NameMatch::kClose && best != text::NameMatch::kSame)) {
      best = m;
      *matched = n;
      if (m == text::NameMatch::kSame) break;
    }
  }
  return best;
}

// The published dirigeant (a natural person) the representative is, or nullptr.
const json* FindDirigeant(const json& person, const json& dirigeants) {
  std::vector<std::string> surnames = {Str(person, "last_name"), Str(person, "birth_name")};
  for (const json& d : dirigeants) {
    std::string nom = Str(d, "nom");
    if (nom.empty()) continue;  // a company acting as dirigeant
    bool surname_ok = std::any_of(surnames.begin(), surnames.end(), [&](const std::string& s) {
      return !s.empty() && text::CompareNames(s, nom) != text::NameMatch::kDifferent;
    });
    if (!surname_ok) continue;
    std::string prenoms = Str(d, "prenoms");
    const json& first_names = Arr(person, "first_names");
    bool first_ok = prenoms.empty() || first_names.empty();
    for (const json& f : first_names) {
      // "XAVIER MARIE ERWAN" holds every first name; the deed may print only the first.
      if (f.is_string() &&
          text::CompareNames(prenoms, f.get<std::string>()) != text::NameMatch::kDifferent) {
        first_ok = true;
      }
    }
    if (first_ok) return &d;
  }
  return nullptr;
}

json Evaluate(const CompanyRef& c, const json& body, const json& representatives) {
  if (!body.is_object() || !body.contains("results") || !body["results"].is_array()) {
    if (body.is_object() && body.contains("erreur")) {
      json v = MalformedVerification(kSource, c.siren, "erreur du registre");
      v["details"]["register_error"] = Str(body, "erreur");
      return v;
    }
    return MalformedVerification(kSource, c.siren, "pas de liste results");
  }
  const json* result = nullptr;
  for (const json& r : body["results"]) {
    if (Str(r, "siren") == c.siren) {
      result = &r;
      break;
    }
  }
  json details = {{"company_index", c.index}, {"siren", c.siren}};
  if (result == nullptr) {
    return MakeVerification(kSource, kVerificationNotFound, c.siren,
                            "SIREN " + c.siren + " inconnu du répertoire des entreprises.",
                            std::move(details));
  }
  const json& siege = Obj(*result, "siege");
  const json& immat = Obj(*result, "immatriculation");
  std::string register_name = Str(*result, "nom_raison_sociale");
  if (register_name.empty()) register_name = Str(*result, "nom_complet");
  std::string etat = Str(*result, "etat_administratif");
  std::string radiation = Str(immat, "date_radiation");
  details["name"] = register_name;
  details["etat_administratif"] = etat;
  details["nature_juridique"] = Str(*result, "nature_juridique");
  details["date_creation"] = Str(*result, "date_creation");
  if (!Str(*result, "date_fermeture").empty()) {
    details["date_fermeture"] = Str(*result, "date_fermeture");
  }
  if (!radiation.empty()) details["date_radiation"] = radiation;
  details["siege"] = {{"adresse", Str(siege, "adresse")},
                      {"code_postal", Str(siege, "code_postal")},
                      {"commune", Str(siege, "commune")},
                      {"siret", Str(siege, "siret")}};
  json dirigeants = json::array();
  for (const json& d : Arr(*result, "dirigeants")) {
    json item = {{"qualite", Str(d, "qualite")}};
    if (!Str(d, "nom").empty()) {
      item["nom"] = Str(d, "nom");
      item["prenoms"] = Str(d, "prenoms");
    } else {
      item["denomination"] = Str(d, "denomination");
      item["siren"] = Str(d, "siren");
    }
    dirigeants.push_back(std::move(item));
  }
  details["dirigeants"] = dirigeants;

  std::vector<std::string> problems;
  std::vector<std::string> notes;
  if (etat == "C" || !radiation.empty()) {
    std::string when = !radiation.empty() ? radiation : Str(*result, "date_fermeture");
    problems.push_back("société cessée" + (when.empty() ? "" : " (" + when + ")"));
  }
  if (!c.name.empty()) {
    std::string matched;
    text::NameMatch m = CompareCompanyNames(c.name, *result, &matched);
    details["name_match"] = m == text::NameMatch::kSame    ? "same"
                            : m == text::NameMatch::kClose ? "close"
                                                           : "different";
    if (m == text::NameMatch::kDifferent) {
      problems.push_back("dénomination « " + register_name + " » au lieu de « " + c.name + " »");
    } else if (m == text::NameMatch::kClose) {
      notes.push_back("dénomination proche : « " + matched + " »");
    }
  }
  json reps = json::array();
  for (const json& person : representatives) {
    const json* d = FindDirigeant(person, Arr(*result, "dirigeants"));
    std::string who = PersonDisplayName(person);
    reps.push_back({{"name", who},
                    {"found", d != nullptr},
                    {"qualite", d != nullptr ? json(Str(*d, "qualite")) : json(nullptr)}});
    if (d == nullptr) {
      notes.push_back(who + " ne figure pas parmi les dirigeants publiés (vérifier ses pouvoirs)");
    } else {
      notes.push_back(who + " : " + Str(*d, "qualite"));
    }
  }
  if (!reps.empty()) details["representatives"] = reps;

  std::string status(problems.empty() ? kVerificationOk : kVerificationMismatch);
  std::string message = "Entreprise " + register_name + " (SIREN " + c.siren + ")";
  if (problems.empty()) {
    message += " active, siège " + Str(siege, "adresse");
  } else {
    std::string joined;
    for (const auto& p : problems) joined += (joined.empty() ? "" : ", ") + p;
    message += " : " + joined;
  }
  for (const auto& n : notes) message += " ; " + n;
  message += ".";
  return MakeVerification(kSource, status, c.siren, std::move(message), std::move(details));
}

class EntreprisesRegister : public Register {
 public:
  explicit EntreprisesRegister(RegisterClient& client) : client_(client) {}
  std::string_view name() const override { return kSource; }

  std::vector<json> Verify(const VerifyInput& input) override {
    json representatives = json::array();
    for (const json& p : Arr(input.entities, "persons")) {
      if (IsRepresentative(p)) representatives.push_back(p);
    }
    std::vector<CompanyRef> companies = PartyCompanies(input.entities);
    // A representative is matched against their company only when the document names a
    // single one; with several companies nothing tells which one a person signs for.
    size_t with_siren = std::count_if(companies.begin(), companies.end(),
                                      [](const CompanyRef& c) { return !c.siren.empty(); });
    if (with_siren != 1) representatives = json::array();

    std::vector<json> out;
    std::vector<std::string> seen;
    for (const CompanyRef& c : companies) {
      if (c.siren.empty() || std::find(seen.begin(), seen.end(), c.siren) != seen.end()) continue;
      seen.push_back(c.siren);
      CallResult call = client_.Get(kSource, "/search?q=" + c.siren + "&per_page=1");
      json v;
      if (call.outcome == CallOutcome::kOk) {
        auto body = ParseBody(call.body);
        v = body ? Evaluate(c, *body, representatives)
                 : MalformedVerification(kSource, c.siren, "pas du JSON");
      } else {
        if (call.outcome == CallOutcome::kNotFound) call.outcome = CallOutcome::kClientError;
        v = UnansweredVerification(kSource, c.siren, call);
        // The API explains its refusals in {"erreur": "..."}; worth showing.
        if (auto body = ParseBody(call.body);
            body && body->is_object() && body->contains("erreur")) {
          v["details"]["register_error"] = Str(*body, "erreur");
        }
        v["details"]["company_index"] = c.index;
      }
      out.push_back(std::move(v));
    }
    return out;
  }

 private:
  RegisterClient& client_;
};

}  // namespace

std::unique_ptr<Register> MakeEntreprisesRegister(RegisterClient& client) {
  return std::make_unique<EntreprisesRegister>(client);
}

}  // namespace notaria::verify
