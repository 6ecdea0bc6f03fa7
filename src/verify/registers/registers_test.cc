#include "verify/registers/registers.h"

#include <gtest/gtest.h>

#include <set>

#include "verify/registers/registers_testing.h"

namespace notaria::verify::registers_test {
namespace {

// A sale by a company to a person, of a house in Penmarch with one parcel.
json Sale(json insee = "29158") {
  return {{"persons",
           {{{"role", "acquereur"},
             {"last_name", "RENAUD"},
             {"first_names", {"Pauline"}},
             {"birth_date", "1975-08-10"}},
            {{"role", "representant"}, {"last_name", "SCHNEPP"}, {"first_names", {"Gilles"}}}}},
          {"companies",
           {{{"role", "vendeur"}, {"name", "DANONE"}, {"siren", "552032534"}, {"siret", nullptr}},
            {{"role", "intermediaire"}, {"name", "AGENCE DU PORT"}, {"siren", "713950988"}}}},
          {"properties",
           {{{"kind", "maison"},
             {"address", "rue Jules Ferry"},
             {"postal_code", "64110"},
             {"city", "Mazères-Lezons"},
             {"insee_code", insee},
             {"cadastre", {{{"section", "AW"}, {"number", "1"}, {"contenance_ca", 1968}}}}}}}};
}

std::vector<std::string> Sources(const json& verifications) {
  std::vector<std::string> out;
  for (const auto& v : verifications) out.push_back(v["source"]);
  return out;
}

TEST(RegistersTest, DefaultPoliciesAndOverrides) {
  RegistersConfig config;
  config.base_urls["cadastre"] = "http://127.0.0.1:1/api/cadastre/";
  auto policies = DefaultSourcePolicies(config);
  std::map<std::string, SourcePolicy> by_name;
  for (const auto& p : policies) by_name[p.name] = p;
  ASSERT_EQ(by_name.size(), 7u);
  EXPECT_EQ(by_name["cadastre"].hourly_limit, 100);
  EXPECT_EQ(by_name["georisques"].hourly_limit, 50);
  EXPECT_EQ(by_name["bodacc"].hourly_limit, 200);
  EXPECT_EQ(by_name["cadastre"].base_url, "http://127.0.0.1:1/api/cadastre");
  EXPECT_EQ(by_name["ban"].base_url, "https://data.geopf.fr/geocodage");
  EXPECT_EQ(by_name["entreprises"].base_url, "https://recherche-entreprises.api.gouv.fr");
  EXPECT_EQ(by_name["gel_avoirs"].cache_ttl.count(), 0);
  for (const auto& p : policies) {
    EXPECT_GT(p.hourly_limit, 0) << p.name;
    EXPECT_EQ(p.base_url.rfind("https://", 0), p.name == "cadastre" ? std::string::npos : 0u);
  }
}

TEST(RegistersTest, OfflineEverythingSkippedNothingSent) {
  Harness h(/*offline=*/true);
  Registers registers(*h.client, h.Config());
  json out = registers.VerifyDocument("acte_vente", Sale());
  ASSERT_TRUE(out.is_array());
  std::set<std::string> sources;
  for (const auto& v : out) {
    EXPECT_EQ(v["status"], "skipped") << v.dump();
    sources.insert(v["source"]);
  }
  EXPECT_EQ(sources, (std::set<std::string>{"ban", "cadastre", "georisques", "bodacc",
                                            "entreprises", "gel_avoirs", "rbe"}));
  EXPECT_EQ(h.server.request_count(), 0u);
}

TEST(RegistersTest, IdCardIsOnlyScreenedAgainstTheFreezeRegister) {
  Harness h(/*offline=*/true);
  Registers registers(*h.client, h.Config());
  json entities = Sale();
  entities["persons"] = {{{"role", "titulaire"},
                          {"last_name", "RENAUD"},
                          {"first_names", {"Pauline"}},
                          {"address", "77 rue Racine, 40000 Mont-de-Marsan"}}};
  json out = registers.VerifyDocument("cni", entities);
  EXPECT_EQ(Sources(out), (std::vector<std::string>{"gel_avoirs"}));
  EXPECT_TRUE(registers.VerifyDocument("autre", entities).empty());
  EXPECT_TRUE(registers.VerifyDocument("dpe", json::object()).empty());
  EXPECT_EQ(h.server.request_count(), 0u);
}

TEST(RegistersTest, OnlineSaleInOrderWithTheBanFeedingTheOthers) {
  Harness h;
  h.server.AddFile("GET", "/search/", {},
                   SharedFixture("ban_search_rue_jules_ferry_64110_street.json"));
  h.server.AddFile("GET", "/parcelle", {"code_insee=64373"},
                   SharedFixture("apicarto_cadastre_parcelle_29158_AW_0001.geojson"));
  h.server.AddFile("GET", "/gaspar/risques", {}, SyntheticFixture("georisques_empty.json"));
  h.Route("/api/records/1.0/search/", 200, R"({"nhits":0,"records":[]})");
  h.server.AddFile("GET", "/search", {"q=552032534"},
                   SharedFixture("recherche_entreprises_search_q_552032534.json"));
  h.server.AddFile("GET", "/api/v1/publication/derniere-publication-fichier-json", {},
                   SyntheticFixture("gel_avoirs_synthetic.json"));
  RegistersConfig config = h.Config();
  config.rbe_token = "secret";
  Registers registers(*h.client, config);
  // No INSEE code in the deed: the cadastre takes the BAN's.
  json out = registers.VerifyDocument("acte_vente", Sale(nullptr));
  EXPECT_EQ(Sources(out),
            (std::vector<std::string>{"ban", "cadastre", "georisques", "bodacc", "entreprises",
                                      "gel_avoirs", "gel_avoirs", "gel_avoirs", "rbe"}))
      << out.dump(1);
  EXPECT_EQ(out[0]["status"], "ok");
  EXPECT_EQ(out[1]["status"], "ok") << out[1].dump();
  EXPECT_EQ(out[1]["details"]["insee_origin"], "ban");
  EXPECT_EQ(out[2]["status"], "not_found");
  EXPECT_EQ(out[2]["details"]["code_insee"], "64373");
  EXPECT_EQ(out[3]["status"], "not_found");
  EXPECT_EQ(out[4]["status"], "ok") << out[4].dump();
  EXPECT_TRUE(out[4]["details"]["representatives"][0]["found"].get<bool>());
  EXPECT_EQ(out[5]["status"], "ok");
  EXPECT_EQ(out[8]["status"], "skipped");
  // The estate agent is neither looked up nor screened.
  for (const auto& t : h.Targets()) EXPECT_EQ(t.find("713950988"), std::string::npos) << t;
}

TEST(RegistersTest, SilentRegistersHoldADocumentNoLongerThanItsBudget) {
  Harness h;
  for (const char* path : {"/search/", "/parcelle", "/gaspar/risques", "/api/records/1.0/search/",
                           "/search", "/api/v1/publication/derniere-publication-fichier-json"}) {
    ReplayRoute r;
    r.path = path;
    r.body = "{}";
    r.delay = 1500ms;  // past the harness's 300 ms attempt timeout
    h.server.Add(r);
  }
  RegistersConfig config = h.Config();
  config.document_budget = 800ms;
  Registers registers(*h.client, config);
  auto start = std::chrono::steady_clock::now();
  json out = registers.VerifyDocument("acte_vente", Sale("64373"));
  auto took = std::chrono::steady_clock::now() - start;
  // Without the budget: 2 attempts of 300 ms for each of the five registers called.
  EXPECT_LT(took, 1500ms);
  ASSERT_FALSE(out.empty());
  int cut = 0;
  for (const json& v : out) {
    if (v["source"] == "rbe") continue;
    EXPECT_EQ(v["status"], "unavailable") << v.dump();
    if (v["details"].value("reason", "").find("délai de vérification du document") !=
        std::string::npos) {
      ++cut;
    }
  }
  EXPECT_GT(cut, 0) << out.dump(1);
}

TEST(RegistersTest, GarbageEntitiesNeverThrow) {
  Harness h;
  Registers registers(*h.client, h.Config());
  json weird = {{"persons", "not a list"},
                {"companies", {1, "two", nullptr, {{"siren", 552032534}}}},
                {"properties", {{{"cadastre", {{{"section", 12}, {"number", {1}}}}}}}},
                {"identity_document", "x"}};
  json out;
  EXPECT_NO_THROW(out = registers.VerifyDocument("acte_vente", weird));
  EXPECT_TRUE(out.is_array());
  EXPECT_NO_THROW(out = registers.VerifyDocument("acte_vente", json("not an object")));
  EXPECT_TRUE(out.is_array());
}

TEST(RbeTest, SkippedWithTheReason) {
  json entities = {
      {"companies", {{{"name", "DANONE"}, {"siren", "552032534"}, {"role", "vendeur"}}}}};
  auto unconfigured = MakeRbeRegister("");
  auto out = RunRegister(*unconfigured, "acte_vente", entities);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["status"], "skipped");
  EXPECT_NE(out[0]["message"].get<std::string>().find("habilitation INPI"), std::string::npos);
  auto configured = MakeRbeRegister("token");
  out = RunRegister(*configured, "acte_vente", entities);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["status"], "skipped");
  EXPECT_NE(out[0]["details"]["reason"].get<std::string>().find("non documentée"),
            std::string::npos);
  EXPECT_TRUE(RunRegister(*configured, "acte_vente", json::object()).empty());
}

}  // namespace
}  // namespace notaria::verify::registers_test
