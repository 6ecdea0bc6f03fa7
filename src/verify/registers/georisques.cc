// Géorisques API v1 (spec/registers.md §2): the natural risks known at the property, the
// basis of the état des risques (ERP) that a sale or a lease must carry.
//
// Per property, at most 5 requests, INSEE code first: /gaspar/risques (the commune's risks;
// its risques_detail may already carry the seismic zone), /zonage_sismique only when it does
// not, /radon, /rga (clay shrink-swell, needs the BAN coordinates, latlon=lon,lat) and
// /gaspar/catnat (past natural-disaster decrees). GASPAR knows Paris, Lyon and Marseille by
// the commune code only, so arrondissement codes are mapped back (75110 -> 75056). The
// answers' shapes are [unverified] in the spec (no recording exists); fields are read
// tolerantly (numbers as strings or ints) and a missing optional dataset makes the result
// partial, not wrong. The catnat fields (libelle_risque_jo, date_debut_evt, ...) come from
// consumer code, see tests/fixtures/registers/README.md.
#include <algorithm>
#include <cstdio>

#include "verify/register_client.h"
#include "verify/registers/connectors.h"

namespace notaria::verify {
namespace {

using nlohmann::json;
using namespace registers;

constexpr std::string_view kSource = "georisques";
// The hourly budget is 50 requests, about 4 per property: a few properties per document.
constexpr size_t kMaxProperties = 3;
constexpr int kCatnatPageSize = 100;

struct Site {
  int property_index = 0;
  std::string insee;  // commune code, as GASPAR knows it
  std::optional<std::pair<double, double>> lonlat;
  std::string subject;
};

// The first element of `data` (list endpoints), or the object itself (flat answers).
const json& FirstRecord(const json& body) {
  static const json kEmpty = json::object();
  const json& data = Arr(body, "data");
  if (!data.empty()) return data[0].is_object() ? data[0] : kEmpty;
  return body.is_object() && !body.contains("data") ? body : kEmpty;
}

std::string LonLat(const std::pair<double, double>& p) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f,%.6f", p.first, p.second);
  return buf;
}

class GeorisquesRegister : public Register {
 public:
  explicit GeorisquesRegister(RegisterClient& client) : client_(client) {}
  std::string_view name() const override { return kSource; }

  std::vector<json> Verify(const VerifyInput& input) override {
    std::vector<json> out;
    std::vector<std::string> seen;
    const json& properties = Arr(input.entities, "properties");
    for (size_t i = 0; i < properties.size() && out.size() < kMaxProperties; ++i) {
      const json& prop = properties[i];
      Site site;
      site.property_index = static_cast<int>(i);
      std::string insee = Trim(Str(prop, "insee_code"));
      const json* ban = EarlierFor(input, "ban", "property_index", site.property_index);
      if (ban != nullptr && Str(*ban, "status") == kVerificationOk) {
        const json& d = Obj(*ban, "details");
        if (insee.empty()) insee = Str(d, "citycode");
        const json& c = Arr(d, "coordinates");
        if (c.size() == 2 && c[0].is_number() && c[1].is_number() &&
            Str(d, "type") != "municipality") {
          site.lonlat = std::make_pair(c[0].get<double>(), c[1].get<double>());
        }
      }
      site.insee = CommuneOfArrondissement(insee);
      std::string address = Trim(Str(prop, "address"));
      std::string city = Trim(Str(prop, "city"));
      site.subject = !address.empty() ? Trim(address + ", " + city)
                     : !city.empty()  ? city
                                      : site.insee;
      if (site.insee.empty()) {
        if (address.empty() && city.empty()) continue;  // nothing locates this property
        out.push_back(MakeVerification(kSource, kVerificationSkipped, site.subject,
                                       "Risques non consultés : code INSEE de la commune inconnu.",
                                       {{"property_index", site.property_index},
                                        {"reason", "code INSEE de la commune inconnu"}}));
        continue;
      }
      std::string key = site.insee + (site.lonlat ? "@" + LonLat(*site.lonlat) : "");
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
      seen.push_back(key);
      out.push_back(VerifySite(site));
    }
    return out;
  }

 private:
  // One optional dataset: its JSON, or nullopt with the reason noted in `missing`. Stops the
  // later calls when the register said to slow down or the client is offline.
  std::optional<json> Fetch(const std::string& path, std::string_view what, json& missing,
                            bool& stop) {
    if (stop) {
      missing.push_back({{"dataset", what}, {"reason", "non demandé"}});
      return std::nullopt;
    }
    CallResult call = client_.Get(kSource, path);
    if (call.outcome == CallOutcome::kOk) {
      if (auto body = ParseBody(call.body); body && body->is_object()) return body;
      missing.push_back({{"dataset", what}, {"reason", "réponse illisible"}});
      return std::nullopt;
    }
    if (call.outcome == CallOutcome::kRateLimited || call.outcome == CallOutcome::kOffline) {
      stop = true;
    }
    missing.push_back({{"dataset", what},
                       {"reason", call.reason.empty() ? std::string(CallOutcomeName(call.outcome))
                                                      : call.reason}});
    return std::nullopt;
  }

  json VerifySite(const Site& site) {
    json base = {{"property_index", site.property_index}, {"code_insee", site.insee}};
    const std::string q = "code_insee=" + UrlEncode(site.insee);
    CallResult call = client_.Get(kSource, "/gaspar/risques?" + q);
    if (call.outcome != CallOutcome::kOk && call.outcome != CallOutcome::kNotFound) {
      json v = UnansweredVerification(kSource, site.subject, call);
      v["details"]["property_index"] = site.property_index;
      return v;
    }
    std::optional<json> risques_body;
    if (call.outcome == CallOutcome::kOk) {
      risques_body = ParseBody(call.body);
      if (!risques_body || !risques_body->is_object() || !(*risques_body).contains("data") ||
          !(*risques_body)["data"].is_array()) {
        return MalformedVerification(kSource, site.subject, "gaspar/risques sans liste data");
      }
    }
    if (!risques_body || Arr(*risques_body, "data").empty()) {
      return MakeVerification(kSource, kVerificationNotFound, site.subject,
                              "Commune " + site.insee + " inconnue de Géorisques.", base);
    }

    json details = base;
    const json& commune = FirstRecord(*risques_body);
    std::string commune_name = Str(commune, "libelle_commune");
    if (!commune_name.empty()) details["commune"] = commune_name;
    json risques = json::array();
    std::string zone_sismique;
    for (const json& r : Arr(commune, "risques_detail")) {
      std::string libelle = Str(r, "libelle_risque_long");
      if (!libelle.empty()) {
        risques.push_back({{"code", Str(r, "num_risque")}, {"libelle", libelle}});
      }
      if (zone_sismique.empty()) zone_sismique = Str(r, "zone_sismicite");
    }
    details["risques"] = risques;

    json missing = json::array();
    bool stop = false;
    if (zone_sismique.empty()) {
      if (auto body = Fetch("/zonage_sismique?" + q, "zonage_sismique", missing, stop)) {
        const json& z = FirstRecord(*body);
        zone_sismique = Str(z, "zone_sismicite");
        if (zone_sismique.empty()) zone_sismique = Str(z, "code_zone");
      }
    }
    details["zone_sismique"] = zone_sismique.empty() ? json(nullptr) : json(zone_sismique);

    json radon = nullptr;
    if (auto body = Fetch("/radon?" + q, "radon", missing, stop)) {
      if (auto classe = Num(FirstRecord(*body), "classe_potentiel")) {
        radon = static_cast<int>(*classe);
      }
    }
    details["radon_classe"] = radon;

    json argiles = nullptr;
    if (site.lonlat) {
      if (auto body = Fetch("/rga?latlon=" + LonLat(*site.lonlat), "rga", missing, stop)) {
        const json& r = FirstRecord(*body);
        if (!Str(r, "exposition").empty()) {
          argiles = {{"code", Str(r, "codeExposition")}, {"exposition", Str(r, "exposition")}};
        }
      }
    } else {
      missing.push_back({{"dataset", "rga"}, {"reason", "pas de coordonnées pour l'adresse"}});
    }
    details["argiles"] = argiles;

    json catnat = json::array();
    size_t catnat_total = 0;
    if (auto body = Fetch("/gaspar/catnat?" + q + "&page_size=" + std::to_string(kCatnatPageSize),
                          "catnat", missing, stop)) {
      for (const json& a : Arr(*body, "data")) {
        catnat.push_back({{"date", Str(a, "date_debut_evt")},
                          {"date_fin", Str(a, "date_fin_evt")},
                          {"arrete", Str(a, "date_publication_arrete")},
                          {"libelle", Str(a, "libelle_risque_jo")}});
      }
      catnat_total =
          std::max(catnat.size(), static_cast<size_t>(Num(*body, "results").value_or(0)));
      details["catnat_total"] = catnat_total;
    }
    details["catnat"] = catnat;
    if (!missing.empty()) details["incomplete"] = missing;

    std::string message = "Géorisques";
    message += commune_name.empty() ? " (commune " + site.insee + ")"
                                    : " (" + commune_name + ", " + site.insee + ")";
    message += " : " + std::to_string(risques.size()) + " risque(s) recensé(s)";
    if (!zone_sismique.empty()) message += ", zone sismique " + zone_sismique;
    if (!radon.is_null()) message += ", potentiel radon " + std::to_string(radon.get<int>());
    if (!argiles.is_null()) message += ", argiles : " + argiles["exposition"].get<std::string>();
    message += ", " + std::to_string(catnat_total) + " arrêté(s) CatNat";
    message += ". Base de l'état des risques (ERP) à annexer à l'acte";
    message += missing.empty() ? "." : " (consultation partielle).";
    return MakeVerification(kSource, kVerificationOk, site.subject, std::move(message),
                            std::move(details));
  }

  RegisterClient& client_;
};

}  // namespace

std::unique_ptr<Register> MakeGeorisquesRegister(RegisterClient& client) {
  return std::make_unique<GeorisquesRegister>(client);
}

}  // namespace notaria::verify
