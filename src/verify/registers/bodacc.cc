// BODACC annonces commerciales (spec/registers.md §3): has a party company published a
// procédure collective (it may then lack the capacity to sell: the mandataire must sign)
// or a radiation?
//
// The Opendatasoft records API v1 (/api/records/1.0/search/?dataset=annonces-commerciales
// &q=registre:<siren>), the one the Annuaire des Entreprises uses and the one a recording
// exists of. Its records carry `fields`; the v2.1 explore shape (flat `results`) is read
// too, should the base URL point there. `jugement`, `listepersonnes`, `depot`... arrive as
// JSON-encoded strings and are decoded here. `registre` is a comma-joined string in v1 and
// a list in v2.1; a record whose registre does not hold the SIREN (full-text `q` can match
// elsewhere) is dropped.
#include <algorithm>

#include "verify/register_client.h"
#include "verify/registers/connectors.h"

namespace notaria::verify {
namespace {

using nlohmann::json;
using namespace registers;

constexpr std::string_view kSource = "bodacc";
constexpr int kRows = 20;

// A field that may hold JSON encoded as a string.
json Decoded(const json& fields, std::string_view key) {
  auto it = fields.find(key);
  if (it == fields.end()) return nullptr;
  if (it->is_object() || it->is_array()) return *it;
  if (it->is_string()) {
    if (auto parsed = ParseBody(it->get<std::string>())) return *parsed;
  }
  return nullptr;
}

bool RegistreHolds(const json& fields, const std::string& siren) {
  auto it = fields.find("registre");
  if (it == fields.end()) return true;
  std::string joined;
  if (it->is_string()) {
    joined = it->get<std::string>();
  } else if (it->is_array()) {
    for (const json& r : *it) {
      if (r.is_string()) joined += r.get<std::string>() + ",";
    }
  } else {
    return true;
  }
  // "880878145,880 878 145": compare each entry without its spaces.
  size_t start = 0;
  while (start <= joined.size()) {
    size_t comma = joined.find(',', start);
    if (comma == std::string::npos) comma = joined.size();
    if (DigitsOf(joined.substr(start, comma - start)) == siren) return true;
    start = comma + 1;
  }
  return false;
}

struct Annonce {
  std::string date, famille, famille_code, nature, id, tribunal, url;
  std::string denomination;  // the person the annonce is about, from listepersonnes
  std::string alert;         // "procedure_collective", "radiation" or ""
};

Annonce ReadAnnonce(const json& fields) {
  Annonce a;
  a.date = Str(fields, "dateparution");
  a.famille_code = Str(fields, "familleavis");
  a.famille = Str(fields, "familleavis_lib");
  if (a.famille.empty()) a.famille = a.famille_code;
  a.id = Str(fields, "id");
  a.tribunal = Str(fields, "tribunal");
  a.url = Str(fields, "url_complete");
  json personnes = Decoded(fields, "listepersonnes");
  // {"personne": {...}} for one person, {"personne": [...]} for several.
  json personne = Obj(personnes, "personne");
  if (personne.empty() && !Arr(personnes, "personne").empty()) personne = personnes["personne"][0];
  a.denomination = Str(personne, "denomination");
  if (a.denomination.empty()) {
    a.denomination = Trim(Str(personne, "prenom") + " " + Str(personne, "nom"));
  }
  json jugement = Decoded(fields, "jugement");
  if (jugement.is_object()) {
    a.nature = Str(jugement, "nature");
    if (a.nature.empty()) a.nature = Str(jugement, "famille");
    std::string jdate = Str(jugement, "date");
    if (!jdate.empty()) a.nature += " (jugement du " + jdate + ")";
  }
  if (a.nature.empty()) {
    json depot = Decoded(fields, "depot");
    if (depot.is_object()) a.nature = Str(depot, "typeDepot");
  }
  if (a.nature.empty()) a.nature = Str(fields, "typeavis_lib");

  std::string jugement_text =
      jugement.is_object() ? Str(jugement, "famille") + " " + Str(jugement, "nature") : "";
  bool collective =
      a.famille_code == "collective" || ContainsFolded(jugement_text, "redressement") ||
      ContainsFolded(jugement_text, "liquidation") || ContainsFolded(jugement_text, "sauvegarde");
  if (collective) {
    a.alert = "procedure_collective";
  } else if (a.famille_code == "radiation" || fields.contains("radiationaurcs")) {
    a.alert = "radiation";
  }
  return a;
}

json Evaluate(const std::string& siren, const std::string& name, const json& body) {
  const json* records = nullptr;
  bool v1 = false;
  if (body.is_object() && body.contains("records") && body["records"].is_array()) {
    records = &body["records"];
    v1 = true;
  } else if (body.is_object() && body.contains("results") && body["results"].is_array()) {
    records = &body["results"];
  } else {
    return MalformedVerification(kSource, siren, "pas de liste records ni results");
  }
  std::vector<Annonce> annonces;
  for (const json& r : *records) {
    const json& fields = v1 ? Obj(r, "fields") : r;
    if (!fields.is_object() || fields.empty() || !RegistreHolds(fields, siren)) continue;
    annonces.push_back(ReadAnnonce(fields));
  }
  json details = {{"siren", siren}};
  if (!name.empty()) details["name"] = name;
  if (auto total = Num(body, v1 ? "nhits" : "total_count")) {
    details["total"] = static_cast<long long>(*total);
  }
  if (annonces.empty()) {
    return MakeVerification(kSource, kVerificationNotFound, siren,
                            "Aucune annonce au BODACC pour le SIREN " + siren +
                                " : aucune procédure collective publiée.",
                            std::move(details));
  }
  std::stable_sort(annonces.begin(), annonces.end(),
                   [](const Annonce& a, const Annonce& b) { return a.date > b.date; });
  json list = json::array();
  json alerts = json::array();
  for (const Annonce& a : annonces) {
    json item = {{"date", a.date}, {"famille", a.famille},   {"nature", a.nature},
                 {"id", a.id},     {"tribunal", a.tribunal}, {"url", a.url}};
    if (!a.denomination.empty()) item["denomination"] = a.denomination;
    list.push_back(item);
    if (!a.alert.empty()) {
      item["type"] = a.alert;
      alerts.push_back(std::move(item));
    }
  }
  details["annonces"] = list;
  details["alerts"] = alerts;
  if (!alerts.empty()) {
    const json& latest = alerts[0];
    std::string what = latest["type"] == "radiation" ? "une radiation" : "une procédure collective";
    std::string message = "BODACC : " + what + " est publiée pour le SIREN " + siren + " (" +
                          latest["famille"].get<std::string>() + ", " +
                          latest["date"].get<std::string>() +
                          "). Vérifier la capacité de la société et l'intervention du "
                          "mandataire ou du liquidateur.";
    return MakeVerification(kSource, kVerificationMismatch, siren, std::move(message),
                            std::move(details));
  }
  return MakeVerification(kSource, kVerificationOk, siren,
                          "BODACC : " + std::to_string(annonces.size()) +
                              " annonce(s) pour le SIREN " + siren +
                              ", aucune procédure collective ni radiation.",
                          std::move(details));
}

class BodaccRegister : public Register {
 public:
  explicit BodaccRegister(RegisterClient& client) : client_(client) {}
  std::string_view name() const override { return kSource; }

  std::vector<json> Verify(const VerifyInput& input) override {
    std::vector<json> out;
    std::vector<std::string> seen;
    for (const CompanyRef& c : PartyCompanies(input.entities)) {
      if (c.siren.empty() || std::find(seen.begin(), seen.end(), c.siren) != seen.end()) continue;
      seen.push_back(c.siren);
      std::string path = "/api/records/1.0/search/?dataset=annonces-commerciales&q=" +
                         UrlEncode("registre:" + c.siren) +
                         "&sort=dateparution&rows=" + std::to_string(kRows);
      CallResult call = client_.Get(kSource, path);
      json v;
      if (call.outcome == CallOutcome::kOk) {
        auto body = ParseBody(call.body);
        v = body ? Evaluate(c.siren, c.name, *body)
                 : MalformedVerification(kSource, c.siren, "pas du JSON");
      } else if (call.outcome == CallOutcome::kNotFound) {
        // The search endpoint answers an empty list for an unknown SIREN: a 404 means the
        // dataset or the API version is gone.
        call.outcome = CallOutcome::kClientError;
        v = UnansweredVerification(kSource, c.siren, call);
      } else {
        v = UnansweredVerification(kSource, c.siren, call);
      }
      if (v["details"].is_object()) v["details"]["company_index"] = c.index;
      out.push_back(std::move(v));
    }
    return out;
  }

 private:
  RegisterClient& client_;
};

}  // namespace

std::unique_ptr<Register> MakeBodaccRegister(RegisterClient& client) {
  return std::make_unique<BodaccRegister>(client);
}

}  // namespace notaria::verify
