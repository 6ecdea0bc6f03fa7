#include "verify/registers/registers.h"

#include <spdlog/spdlog.h>

#include <set>

#include "verify/registers/connectors.h"

namespace notaria::verify {
namespace {

using nlohmann::json;

using namespace std::chrono_literals;

// Hourly budgets. Cadastre 100, Géorisques 50 and BODACC 200 are the issue's. The others
// are a tenth of the published limit held for an hour, because the limits are per IP and
// the IP may be shared (other instances, the office network) and bursts must stay far from
// the per-second ceiling that triggers 429 and a 5 s block.
std::vector<SourcePolicy> BuiltinPolicies() {
  return {
      // BAN: 50 req/s per IP published (registers.md §7) -> 5/s on average = 18000/h.
      // Addresses change rarely: a day of cache.
      {"ban", "https://data.geopf.fr/geocodage", 18000, 24h},
      // API Carto: no limit of its own (its WFS allows 30 req/s); the issue caps it at
      // 100/h. PCI Express is updated twice a year: a day of cache.
      {"cadastre", "https://apicarto.ign.fr/api/cadastre", 100, 24h},
      // Géorisques: 1000 req/min published; the issue caps it at 50/h. Risk data change
      // with prefectoral decrees, rarely: a day of cache.
      {"georisques", "https://www.georisques.gouv.fr/api/v1", 50, 24h},
      // BODACC: no limit published (Opendatasoft quotas); the issue caps it at 200/h. A new
      // annonce matters the day it is published: an hour of cache.
      {"bodacc", "https://bodacc-datadila.opendatasoft.com", 200, 1h},
      // Recherche d'entreprises: 7 req/s per IP (30/s per ASN) -> 0.7/s = 2520/h.
      {"entreprises", "https://recherche-entreprises.api.gouv.fr", 2520, 1h},
      // Gel des avoirs: no limit published; the connector downloads the file at most once
      // a day (plus retries after failures), so 24/h is already generous. No response cache:
      // the connector keeps the 13 MB file itself, it would only evict everything else.
      {"gel_avoirs", "https://gels-avoirs.dgtresor.gouv.fr/ApiPublic", 24, 0s},
      // RBE: never called yet (restricted API, endpoints undocumented, see rbe.cc). API
      // Entreprise's 1000 req/min would allow far more; a small budget until it is wired.
      {"rbe", "https://registre-national-entreprises.inpi.fr", 60, 1h},
  };
}

// Which registers a document type calls. A connector still needs its inputs (no cadastre
// without parcels, no company lookup without a SIREN); this table keeps away the checks
// that would be noise: an ID card is only screened against the freeze register, a DPE only
// has its address checked.
const std::set<std::string>& TypesFor(std::string_view source) {
  static const std::map<std::string, std::set<std::string>, std::less<>> kTable = {
      {"ban",
       {"acte_vente", "compromis_vente", "donation", "succession", "procuration", "contrat", "dpe",
        "justificatif_domicile"}},
      {"cadastre",
       {"acte_vente", "compromis_vente", "donation", "succession", "procuration", "contrat"}},
      // The état des risques is due for sales and leases.
      {"georisques", {"acte_vente", "compromis_vente", "contrat"}},
      {"bodacc",
       {"acte_vente", "compromis_vente", "donation", "succession", "procuration", "contrat",
        "kbis"}},
      {"entreprises",
       {"acte_vente", "compromis_vente", "donation", "succession", "procuration", "contrat",
        "kbis"}},
      {"gel_avoirs",
       {"acte_vente", "compromis_vente", "donation", "succession", "procuration", "contrat", "cni",
        "passeport", "kbis", "rib", "avis_imposition", "justificatif_domicile"}},
      {"rbe",
       {"acte_vente", "compromis_vente", "donation", "succession", "procuration", "contrat",
        "kbis"}},
  };
  static const std::set<std::string> kNone;
  auto it = kTable.find(source);
  return it == kTable.end() ? kNone : it->second;
}

}  // namespace

std::vector<SourcePolicy> DefaultSourcePolicies(const RegistersConfig& config) {
  std::vector<SourcePolicy> policies = BuiltinPolicies();
  for (auto& p : policies) {
    auto it = config.base_urls.find(p.name);
    if (it != config.base_urls.end()) {
      std::string url = it->second;
      while (!url.empty() && url.back() == '/') url.pop_back();
      p.base_url = url;
    }
  }
  return policies;
}

// Sources the caller has not declared to the client get their default policy, so that a
// Registers is usable with a bare client; declared ones are left as the caller set them.
Registers::Registers(RegisterClient& client, RegistersConfig config)
    : client_(client), document_budget_(config.document_budget) {
  for (SourcePolicy& p : DefaultSourcePolicies(config)) {
    if (client.Source(p.name) == nullptr) client.AddSource(std::move(p));
  }
  GelAvoirsOptions gel;
  gel.data_dir = config.data_dir;
  registers_.push_back(MakeBanRegister(client));
  registers_.push_back(MakeCadastreRegister(client));
  registers_.push_back(MakeGeorisquesRegister(client));
  registers_.push_back(MakeBodaccRegister(client));
  registers_.push_back(MakeEntreprisesRegister(client));
  registers_.push_back(MakeGelAvoirsRegister(client, gel));
  registers_.push_back(MakeRbeRegister(config.rbe_token));
}

Registers::~Registers() = default;

json Registers::VerifyDocument(const std::string& document_type, const json& entities) {
  json out = json::array();
  std::vector<json> done;
  VerifyInput input;
  input.document_type = document_type;
  input.entities = entities.is_object() ? entities : json::object();
  input.earlier = &done;
  RegisterClient::DeadlineScope deadline(client_, document_budget_);
  for (const auto& reg : registers_) {
    const std::string source(reg->name());
    if (TypesFor(source).count(document_type) == 0) continue;
    try {
      for (json& v : reg->Verify(input)) done.push_back(std::move(v));
    } catch (const std::exception& e) {
      // A connector bug must not cost the document its other verifications.
      spdlog::error("register {} failed: {}", source, e.what());
      done.push_back(MakeVerification(source, kVerificationUnavailable, "",
                                      "Vérification impossible (erreur interne).",
                                      {{"reason", std::string("erreur interne : ") + e.what()}}));
    } catch (...) {
      spdlog::error("register {} failed: unknown exception", source);
      done.push_back(MakeVerification(source, kVerificationUnavailable, "",
                                      "Vérification impossible (erreur interne).",
                                      {{"reason", "erreur interne"}}));
    }
  }
  for (json& v : done) out.push_back(std::move(v));
  return out;
}

}  // namespace notaria::verify
