// Base Adresse Nationale (spec/registers.md §7): does the property address exist, in the
// commune and postcode the deed gives? Its INSEE code and coordinates feed the cadastre
// and Géorisques connectors that run after it (details.property_index links them).
//
// Base URL: https://data.geopf.fr/geocodage, the IGN Géoplateforme that now serves the API
// Adresse (api-adresse.data.gouv.fr points there); same /search/ parameters and answer. Both
// the current answer and the 2016 one (ODbL licence, no x/y) are read: only `features` and
// the properties label, score, citycode, postcode, city, type are used.
#include <algorithm>
#include <cctype>

#include "verify/register_client.h"
#include "verify/registers/connectors.h"

namespace notaria::verify {
namespace {

using nlohmann::json;
using namespace registers;

constexpr std::string_view kSource = "ban";
// Below this score the geocoder matched only part of the address (a street in another
// commune, a homonym): the address is not confirmed.
constexpr double kLowScore = 0.5;
// Two candidates this close cannot be told apart by the score alone.
constexpr double kAmbiguityGap = 0.05;
// The API rejects longer queries.
constexpr size_t kMaxQueryBytes = 200;

struct Query {
  std::string q;
  bool municipality_only = false;  // no street: only the commune is looked up
  std::string expected_postcode;
  std::string expected_citycode;
  std::string index_key;  // "property_index" or "person_index"
  int index = 0;
};

std::string CutUtf8(std::string s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  s.resize(cut);
  return s;
}

// The first 5-digit group of an address line ("7 rue de Verdun, 05000 Gap" -> "05000").
std::string PostcodeIn(std::string_view address) {
  for (size_t i = 0; i + 5 <= address.size(); ++i) {
    bool boundary_before = i == 0 || !std::isdigit(static_cast<unsigned char>(address[i - 1]));
    bool boundary_after =
        i + 5 == address.size() || !std::isdigit(static_cast<unsigned char>(address[i + 5]));
    if (boundary_before && boundary_after && DigitsOf(address.substr(i, 5)).size() == 5) {
      return std::string(address.substr(i, 5));
    }
  }
  return "";
}

std::vector<Query> QueriesOf(const VerifyInput& input) {
  std::vector<Query> out;
  const json& properties = Arr(input.entities, "properties");
  for (size_t i = 0; i < properties.size(); ++i) {
    const json& p = properties[i];
    std::string address = Trim(Str(p, "address"));
    std::string postcode = Trim(Str(p, "postal_code"));
    std::string city = Trim(Str(p, "city"));
    Query q;
    q.index_key = "property_index";
    q.index = static_cast<int>(i);
    q.expected_postcode = postcode;
    q.expected_citycode = Trim(Str(p, "insee_code"));
    if (!address.empty()) {
      q.q = address;
      std::string locality = Trim(postcode + " " + city);
      if (!locality.empty() && !ContainsFolded(address, city.empty() ? postcode : city)) {
        q.q += ", " + locality;
      }
    } else if (!city.empty() && q.expected_citycode.empty()) {
      // A plot of land has no street address; the commune still gives the cadastre its
      // INSEE code.
      q.q = Trim(postcode + " " + city);
      q.municipality_only = true;
    } else {
      continue;
    }
    out.push_back(std::move(q));
  }
  // A proof of address exists to show where the holder lives.
  if (input.document_type == "justificatif_domicile") {
    const json& persons = Arr(input.entities, "persons");
    for (size_t i = 0; i < persons.size(); ++i) {
      std::string address = Trim(Str(persons[i], "address"));
      if (address.empty()) continue;
      Query q;
      q.q = address;
      q.index_key = "person_index";
      q.index = static_cast<int>(i);
      q.expected_postcode = PostcodeIn(address);
      out.push_back(std::move(q));
    }
  }
  return out;
}

// Arrondissement codes agree with their commune's code (75110 is in 75056); a commune
// nouvelle's code agrees with the former commune's code the deed may still print.
bool SameCommune(const std::string& document_code, const json& props) {
  std::string register_code = Str(props, "citycode");
  if (document_code == register_code) return true;
  if (document_code == Str(props, "oldcitycode")) return true;
  std::string a = CommuneOfArrondissement(document_code);
  std::string b = CommuneOfArrondissement(register_code);
  return a == b && (a == document_code || b == register_code);
}

json Evaluate(const Query& q, const json& body) {
  const json& features = Arr(body, "features");
  if (!body.is_object() || !body.contains("features") || !body["features"].is_array()) {
    return MalformedVerification(kSource, q.q, "pas de liste features");
  }
  if (features.empty()) {
    return MakeVerification(kSource, kVerificationNotFound, q.q,
                            "Adresse inconnue de la Base Adresse Nationale.",
                            {{q.index_key, q.index}, {"query", q.q}});
  }
  // Candidates best first; the API sorts them already but nothing documents it.
  std::vector<const json*> ranked;
  for (const json& f : features) {
    if (f.is_object() && Obj(f, "properties").contains("score")) ranked.push_back(&f);
  }
  if (ranked.empty()) return MalformedVerification(kSource, q.q, "résultats sans score");
  std::stable_sort(ranked.begin(), ranked.end(), [](const json* a, const json* b) {
    return Num(Obj(*a, "properties"), "score").value_or(0) >
           Num(Obj(*b, "properties"), "score").value_or(0);
  });
  const json& best = *ranked.front();
  const json& props = Obj(best, "properties");
  double score = Num(props, "score").value_or(0);

  json details = {{q.index_key, q.index},
                  {"query", q.q},
                  {"label", Str(props, "label")},
                  {"score", score},
                  {"type", Str(props, "type")},
                  {"citycode", Str(props, "citycode")},
                  {"postcode", Str(props, "postcode")},
                  {"city", Str(props, "city")}};
  const json& coords = Arr(Obj(best, "geometry"), "coordinates");
  if (coords.size() >= 2 && coords[0].is_number() && coords[1].is_number()) {
    details["coordinates"] = {coords[0].get<double>(), coords[1].get<double>()};  // lon, lat
  }

  bool ambiguous = false;
  json alternatives = json::array();
  for (size_t i = 1; i < ranked.size(); ++i) {
    const json& p = Obj(*ranked[i], "properties");
    double s = Num(p, "score").value_or(0);
    if (score - s <= kAmbiguityGap && Str(p, "label") != Str(props, "label")) {
      ambiguous = true;
      alternatives.push_back(
          {{"label", Str(p, "label")}, {"score", s}, {"citycode", Str(p, "citycode")}});
    }
  }
  details["ambiguous"] = ambiguous;
  if (ambiguous) details["alternatives"] = alternatives;

  std::vector<std::string> problems;
  if (score < kLowScore) {
    problems.push_back("correspondance faible (score " + FrenchDecimal(score, 2) + ")");
  }
  if (!q.expected_citycode.empty() && !SameCommune(q.expected_citycode, props)) {
    problems.push_back("code INSEE " + Str(props, "citycode") + " au lieu de " +
                       q.expected_citycode);
  }
  // A municipality answer carries the commune's main postcode, not necessarily the deed's.
  if (!q.municipality_only && !q.expected_postcode.empty() &&
      q.expected_postcode != Str(props, "postcode")) {
    problems.push_back("code postal " + Str(props, "postcode") + " au lieu de " +
                       q.expected_postcode);
  }
  details["problems"] = problems;

  std::string label = Str(props, "label");
  if (!problems.empty()) {
    std::string joined;
    for (const auto& p : problems) joined += (joined.empty() ? "" : ", ") + p;
    return MakeVerification(
        kSource, kVerificationMismatch, q.q,
        "Adresse à vérifier : la BAN propose « " + label + " » (" + joined + ").",
        std::move(details));
  }
  std::string message = "Adresse reconnue par la Base Adresse Nationale : « " + label +
                        " » (score " + FrenchDecimal(score, 2) + ").";
  if (ambiguous) message += " Plusieurs adresses proches : préciser le numéro ou la commune.";
  return MakeVerification(kSource, kVerificationOk, q.q, std::move(message), std::move(details));
}

class BanRegister : public Register {
 public:
  explicit BanRegister(RegisterClient& client) : client_(client) {}
  std::string_view name() const override { return kSource; }

  std::vector<json> Verify(const VerifyInput& input) override {
    std::vector<json> out;
    for (Query& q : QueriesOf(input)) {
      q.q = CutUtf8(q.q, kMaxQueryBytes);
      std::string path = "/search/?q=" + UrlEncode(q.q) + "&limit=5";
      if (q.municipality_only) path += "&type=municipality";
      CallResult call = client_.Get(kSource, path);
      if (call.outcome == CallOutcome::kNotFound) {
        // The search endpoint never answers 404 for "no match" (it sends features:[]): a
        // 404 means the endpoint moved.
        call.outcome = CallOutcome::kClientError;
      }
      json v;
      if (call.outcome != CallOutcome::kOk) {
        v = UnansweredVerification(kSource, q.q, call);
        v["details"][q.index_key] = q.index;
      } else if (auto body = ParseBody(call.body)) {
        v = Evaluate(q, *body);
      } else {
        v = MalformedVerification(kSource, q.q, "pas du JSON");
      }
      out.push_back(std::move(v));
    }
    return out;
  }

 private:
  RegisterClient& client_;
};

}  // namespace

std::unique_ptr<Register> MakeBanRegister(RegisterClient& client) {
  return std::make_unique<BanRegister>(client);
}

}  // namespace notaria::verify
