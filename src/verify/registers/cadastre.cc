// API Carto cadastre (spec/registers.md §1): does each parcel of the deed exist in the
// current cadastre (PCI Express), with the contenance the deed states?
//
// GET /parcelle?code_insee=&section=&numero=[&com_abs=] on https://apicarto.ign.fr/api/cadastre.
// The validators want section on 2 characters ("A" -> "0A") and numero on 4 ("12" ->
// "0012"); com_abs is the 3-digit prefix of a merged commune. No parcel gives 200 with
// features:[]. Paris, Lyon and Marseille are queried by arrondissement code (75101...): the
// document's or the BAN's arrondissement code when it has one, else derived from the
// postcode (75010 -> 75110, 69003 -> 69383, 13008 -> 13208).
#include <algorithm>
#include <cctype>

#include "verify/register_client.h"
#include "verify/registers/connectors.h"

namespace notaria::verify {
namespace {

using nlohmann::json;
using namespace registers;

constexpr std::string_view kSource = "cadastre";
// The hourly budget is 100 requests: a deed listing more parcels than this is checked on
// its first ones only, the rest being reported skipped rather than silently dropped.
constexpr size_t kMaxParcels = 30;

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string PadLeft(std::string s, size_t width) {
  if (s.size() < width) s.insert(0, width - s.size(), '0');
  return s;
}

bool IsAlnum(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
  });
}

// The code API Carto knows the commune by: arrondissements for the three cities, from the
// postcode (75116 -> 16th, 69003 -> 3rd). "" when the arrondissement cannot be told.
std::string CadastreInsee(const std::string& insee, const std::string& postcode) {
  struct City {
    std::string_view code, postal_prefix;
    int arrondissement_base, arrondissements;
  };
  static constexpr City kCities[] = {
      {"75056", "75", 75100, 20}, {"69123", "69", 69380, 9}, {"13055", "13", 13200, 16}};
  for (const City& c : kCities) {
    if (insee != c.code) continue;
    std::string digits = DigitsOf(postcode);
    if (digits.size() != 5 || digits.compare(0, 2, c.postal_prefix) != 0) return "";
    int n = std::stoi(digits.substr(2)) % 100;
    if (n < 1 || n > c.arrondissements) return "";
    return std::to_string(c.arrondissement_base + n);
  }
  return insee;
}

struct Parcel {
  int property_index = 0;
  int parcel_index = 0;
  std::string insee;    // as sent
  std::string prefix;   // com_abs, "" when none
  std::string section;  // 2 characters
  std::string number;   // 4 digits
  std::optional<long long> contenance_ca;
  std::string subject;
};

json Evaluate(const Parcel& p, const json& body) {
  if (!body.is_object() || !body.contains("features") || !body["features"].is_array()) {
    return MalformedVerification(kSource, p.subject, "pas de liste features");
  }
  json base = {{"property_index", p.property_index}, {"parcel_index", p.parcel_index}};
  const json& features = body["features"];
  if (features.empty()) {
    return MakeVerification(kSource, kVerificationNotFound, p.subject,
                            "Parcelle " + p.subject + " absente du cadastre.", base);
  }
  // Without a prefix, a merged commune may hold the same section/number under several
  // former communes: take the current commune's (com_abs 000) and say it was ambiguous.
  const json* chosen = nullptr;
  for (const json& f : features) {
    const json& props = Obj(f, "properties");
    if (props.empty()) continue;
    if (chosen == nullptr) chosen = &f;
    if (p.prefix.empty() && Str(props, "com_abs") == "000") {
      chosen = &f;
      break;
    }
  }
  if (chosen == nullptr) {
    return MalformedVerification(kSource, p.subject, "résultats sans propriétés");
  }
  const json& props = Obj(*chosen, "properties");
  auto contenance = Num(props, "contenance");
  json details = base;
  details["idu"] = Str(props, "idu");
  details["nom_com"] = Str(props, "nom_com");
  details["code_insee"] = Str(props, "code_insee");
  details["section"] = Str(props, "section");
  details["numero"] = Str(props, "numero");
  details["com_abs"] = Str(props, "com_abs");
  if (contenance) details["contenance_m2"] = static_cast<long long>(*contenance);
  if (p.contenance_ca) details["contenance_acte_m2"] = *p.contenance_ca;
  if (features.size() > 1) details["candidates"] = features.size();

  if (p.contenance_ca && contenance && static_cast<long long>(*contenance) != *p.contenance_ca) {
    return MakeVerification(kSource, kVerificationMismatch, p.subject,
                            "Parcelle " + p.subject + " (" + Str(props, "nom_com") +
                                ") : contenance cadastrale de " +
                                std::to_string(static_cast<long long>(*contenance)) +
                                " m², l'acte indique " + std::to_string(*p.contenance_ca) + " m².",
                            std::move(details));
  }
  std::string message =
      "Parcelle " + p.subject + " (" + Str(props, "nom_com") + ") présente au cadastre";
  if (contenance) {
    message += ", contenance " + std::to_string(static_cast<long long>(*contenance)) + " m²";
    if (p.contenance_ca) message += " conforme à l'acte";
  }
  message += ".";
  return MakeVerification(kSource, kVerificationOk, p.subject, std::move(message),
                          std::move(details));
}

class CadastreRegister : public Register {
 public:
  explicit CadastreRegister(RegisterClient& client) : client_(client) {}
  std::string_view name() const override { return kSource; }

  std::vector<json> Verify(const VerifyInput& input) override {
    std::vector<json> out;
    size_t sent = 0;
    const json& properties = Arr(input.entities, "properties");
    for (size_t i = 0; i < properties.size(); ++i) {
      const json& prop = properties[i];
      const json& parcels = Arr(prop, "cadastre");
      if (parcels.empty()) continue;
      std::string insee = Trim(Str(prop, "insee_code"));
      std::string insee_origin = "document";
      if (insee.empty()) {
        const json* ban = EarlierFor(input, "ban", "property_index", static_cast<int>(i));
        if (ban != nullptr && Str(*ban, "status") == kVerificationOk) {
          insee = Str(Obj(*ban, "details"), "citycode");
          insee_origin = "ban";
        }
      }
      std::string cad_insee = CadastreInsee(insee, Str(prop, "postal_code"));
      for (size_t j = 0; j < parcels.size(); ++j) {
        out.push_back(VerifyParcel(static_cast<int>(i), static_cast<int>(j), parcels[j], cad_insee,
                                   insee_origin, sent));
      }
    }
    return out;
  }

 private:
  json VerifyParcel(int property_index, int parcel_index, const json& parcel,
                    const std::string& insee, const std::string& insee_origin, size_t& sent) {
    Parcel p;
    p.property_index = property_index;
    p.parcel_index = parcel_index;
    p.insee = insee;
    std::string section = Upper(Trim(Str(parcel, "section")));
    section.erase(std::remove(section.begin(), section.end(), ' '), section.end());
    std::string number = DigitsOf(Str(parcel, "number"));
    std::string prefix = DigitsOf(Str(parcel, "prefix"));
    if (prefix == "000" || prefix == "0") prefix.clear();
    std::string raw = Trim((prefix.empty() ? "" : prefix + " ") + section + " " + number);
    json base = {{"property_index", property_index}, {"parcel_index", parcel_index}};
    if (auto ca = Num(parcel, "contenance_ca")) p.contenance_ca = static_cast<long long>(*ca);

    if (section.empty() || section.size() > 2 || !IsAlnum(section) || number.empty() ||
        number.size() > 4 || prefix.size() > 3) {
      base["reason"] = "référence cadastrale inexploitable";
      return MakeVerification(kSource, kVerificationSkipped, raw,
                              "Référence cadastrale « " + raw + " » inexploitable.", base);
    }
    p.section = PadLeft(section, 2);
    p.number = PadLeft(number, 4);
    p.prefix = prefix.empty() ? "" : PadLeft(prefix, 3);
    p.subject = (insee.empty() ? std::string() : insee + " ") +
                (p.prefix.empty() ? "" : p.prefix + " ") + p.section + " " + p.number;
    if (insee.empty()) {
      base["reason"] = "code INSEE de la commune inconnu";
      return MakeVerification(
          kSource, kVerificationSkipped, p.subject,
          "Parcelle " + p.subject +
              " non vérifiée : code INSEE de la commune (ou de l'arrondissement) inconnu.",
          base);
    }
    if (sent >= kMaxParcels) {
      base["reason"] = "trop de parcelles dans le document";
      return MakeVerification(kSource, kVerificationSkipped, p.subject,
                              "Parcelle " + p.subject + " non vérifiée (trop de parcelles).", base);
    }
    ++sent;
    std::string path = "/parcelle?code_insee=" + UrlEncode(insee) +
                       "&section=" + UrlEncode(p.section) + "&numero=" + UrlEncode(p.number);
    if (!p.prefix.empty()) path += "&com_abs=" + p.prefix;
    CallResult call = client_.Get(kSource, path);
    json v;
    if (call.outcome == CallOutcome::kOk) {
      if (auto body = ParseBody(call.body)) {
        v = Evaluate(p, *body);
      } else {
        v = MalformedVerification(kSource, p.subject, "pas du JSON");
      }
    } else if (call.outcome == CallOutcome::kNotFound) {
      v = MakeVerification(kSource, kVerificationNotFound, p.subject,
                           "Parcelle " + p.subject + " absente du cadastre.", base);
    } else {
      v = UnansweredVerification(kSource, p.subject, call);
    }
    if (v.contains("details") && v["details"].is_object()) {
      v["details"]["property_index"] = property_index;
      v["details"]["parcel_index"] = parcel_index;
      v["details"]["insee_origin"] = insee_origin;
    }
    return v;
  }

  RegisterClient& client_;
};

}  // namespace

std::unique_ptr<Register> MakeCadastreRegister(RegisterClient& client) {
  return std::make_unique<CadastreRegister>(client);
}

}  // namespace notaria::verify
