#include <gtest/gtest.h>

#include "verify/registers/registers_testing.h"

namespace notaria::verify::registers_test {
namespace {

json JulesFerry(const std::string& insee = "64373", const std::string& postcode = "64110") {
  return {{"properties",
           {{{"kind", "maison"},
             {"address", "rue Jules Ferry"},
             {"postal_code", postcode},
             {"city", "Mazères-Lezons"},
             {"insee_code", insee},
             {"cadastre", json::array()}}}}};
}

TEST(BanTest, RecordedAnswerConfirmsTheAddress) {
  Harness h;
  h.server.AddFile("GET", "/search/", {"limit=5"},
                   SharedFixture("ban_search_rue_jules_ferry_64110_street.json"));
  auto ban = MakeBanRegister(*h.client);
  auto out = RunRegister(*ban, "acte_vente", JulesFerry());
  ASSERT_EQ(out.size(), 1u);
  const json& v = out[0];
  EXPECT_EQ(v["source"], "ban");
  EXPECT_EQ(v["status"], "ok") << v.dump();
  EXPECT_EQ(v["details"]["citycode"], "64373");
  EXPECT_EQ(v["details"]["postcode"], "64110");
  EXPECT_EQ(v["details"]["label"], "rue Jules Ferry 64110 Mazères-Lezons");
  EXPECT_NEAR(v["details"]["score"].get<double>(), 0.9502, 1e-3);
  EXPECT_DOUBLE_EQ(v["details"]["coordinates"][0].get<double>(), -0.356241);
  EXPECT_DOUBLE_EQ(v["details"]["coordinates"][1].get<double>(), 43.277531);
  EXPECT_EQ(v["details"]["property_index"], 0);
  EXPECT_FALSE(v["details"]["ambiguous"].get<bool>());
  EXPECT_NE(v["message"].get<std::string>().find("0,95"), std::string::npos);

  auto targets = h.Targets();
  ASSERT_EQ(targets.size(), 1u);
  // The query carries the street, the postcode and the commune, URL-encoded.
  EXPECT_EQ(targets[0].rfind("/search/?q=rue%20Jules%20Ferry%2C%2064110%20Maz%C3%A8res-Lezons", 0),
            0u)
      << targets[0];
}

TEST(BanTest, OtherCommuneOrPostcodeIsAMismatch) {
  Harness h;
  h.server.AddFile("GET", "/search/", {},
                   SharedFixture("ban_search_rue_jules_ferry_64110_street.json"));
  auto ban = MakeBanRegister(*h.client);
  auto out = RunRegister(*ban, "acte_vente", JulesFerry("64445", "64000"));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["status"], "mismatch");
  EXPECT_EQ(out[0]["details"]["problems"].size(), 2u) << out[0].dump();
}

TEST(BanTest, LowScoreIsAMismatchAndCloseCandidatesAreAmbiguous) {
  Harness h;
  json body = ReadJson(SharedFixture("ban_search_rue_jules_ferry_64110_street.json"));
  body["features"][0]["properties"]["score"] = 0.31;
  h.Route("/search/", 200, body.dump());
  auto ban = MakeBanRegister(*h.client);
  auto out = RunRegister(*ban, "acte_vente", JulesFerry());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["status"], "mismatch");
  EXPECT_NE(out[0]["message"].get<std::string>().find("score 0,31"), std::string::npos);

  Harness h2;
  body = ReadJson(SharedFixture("ban_search_rue_jules_ferry_64110_street.json"));
  json second = body["features"][0];
  second["properties"]["label"] = "rue Jules Ferry 64110 Jurançon";
  second["properties"]["citycode"] = "64284";
  second["properties"]["score"] = 0.93;
  body["features"].push_back(second);
  h2.Route("/search/", 200, body.dump());
  auto ban2 = MakeBanRegister(*h2.client);
  out = RunRegister(*ban2, "acte_vente", JulesFerry());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["status"], "ok");
  EXPECT_TRUE(out[0]["details"]["ambiguous"].get<bool>());
  EXPECT_EQ(out[0]["details"]["alternatives"][0]["citycode"], "64284");
}

TEST(BanTest, LegacyFormatAndParisArrondissement) {
  Harness h;
  h.server.AddFile("GET", "/search/", {}, SharedFixture("ban_legacy_rue_yves_toudic.json"));
  auto ban = MakeBanRegister(*h.client);
  json entities = {{"properties",
                    {{{"address", "13 rue Yves Toudic"},
                      {"postal_code", "75010"},
                      {"city", "Paris"},
                      {"insee_code", "75056"}}}}};
  auto out = RunRegister(*ban, "acte_vente", entities);
  ASSERT_EQ(out.size(), 1u);
  // 75110 (10th arrondissement) lies in 75056 (Paris).
  EXPECT_EQ(out[0]["status"], "ok") << out[0].dump();
  EXPECT_EQ(out[0]["details"]["citycode"], "75110");
  EXPECT_EQ(out[0]["details"]["type"], "housenumber");
}

TEST(BanTest, NoFeatureIsNotFound) {
  Harness h;
  h.server.AddFile("GET", "/search/", {}, SharedFixture("ban_legacy_no_search_results.json"));
  auto ban = MakeBanRegister(*h.client);
  auto out = RunRegister(*ban, "acte_vente", JulesFerry());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["status"], "not_found");
}

TEST(BanTest, NoAddressNoCallButACommuneWithoutInseeIsLookedUp) {
  Harness h;
  auto ban = MakeBanRegister(*h.client);
  json with_insee = {
      {"properties", {{{"postal_code", "35300"}, {"city", "Fougères"}, {"insee_code", "35115"}}}}};
  EXPECT_TRUE(RunRegister(*ban, "acte_vente", with_insee).empty());
  EXPECT_TRUE(RunRegister(*ban, "cni", json::object()).empty());
  EXPECT_EQ(h.server.request_count(), 0u);

  json without_insee = {{"properties", {{{"postal_code", "35300"}, {"city", "Fougères"}}}}};
  h.server.AddFile("GET", "/search/", {"type=municipality"},
                   SharedFixture("ban_legacy_no_search_results.json"));
  auto out = RunRegister(*ban, "acte_vente", without_insee);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(h.server.request_count(), 1u);
}

TEST(BanTest, ProofOfAddressChecksTheHolderAddress) {
  Harness h;
  h.server.AddFile("GET", "/search/", {}, SharedFixture("ban_legacy_rue_yves_toudic.json"));
  auto ban = MakeBanRegister(*h.client);
  json entities = {{"persons",
                    {{{"role", "titulaire"},
                      {"last_name", "TESSIER"},
                      {"address", "13 rue Yves Toudic, 75010 Paris"}}}}};
  auto out = RunRegister(*ban, "justificatif_domicile", entities);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["status"], "ok") << out[0].dump();
  EXPECT_EQ(out[0]["details"]["person_index"], 0);
}

TEST(BanTest, EveryFailureIsUnavailable) {
  const std::string good = ReadText(SharedFixture("ban_search_rue_jules_ferry_64110_street.json"));
  for (Failure f : AllFailures()) {
    Harness h;
    AddFailure(h, "/search/", f, good);
    auto ban = MakeBanRegister(*h.client);
    auto out = RunRegister(*ban, "acte_vente", JulesFerry());
    ASSERT_EQ(out.size(), 1u) << FailureName(f);
    EXPECT_EQ(out[0]["status"], "unavailable") << FailureName(f) << out[0].dump();
    EXPECT_FALSE(out[0]["details"]["reason"].get<std::string>().empty()) << FailureName(f);
    EXPECT_EQ(out[0]["source"], "ban");
  }
}

}  // namespace
}  // namespace notaria::verify::registers_test
