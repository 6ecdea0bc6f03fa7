#include <gtest/gtest.h>

#include "verify/registers/registers_testing.h"

namespace notaria::verify::registers_test {
namespace {

json Penmarch(json insee = "29158") {
  return {{"properties",
           {{{"kind", "maison"},
             {"address", "12 rue de la Joie"},
             {"postal_code", "29760"},
             {"city", "Penmarch"},
             {"insee_code", insee},
             {"cadastre", json::array()}}}}};
}

std::vector<json> BanAnswer(const std::string& citycode = "29158") {
  return {MakeVerification("ban", kVerificationOk, "12 rue de la Joie", "",
                           {{"property_index", 0},
                            {"citycode", citycode},
                            {"type", "housenumber"},
                            {"coordinates", {-4.3658, 47.8053}}})};
}

void AddAll(Harness& h) {
  h.server.AddFile("GET", "/gaspar/risques", {"code_insee=29158"},
                   SyntheticFixture("georisques_gaspar_risques_29158.json"));
  h.server.AddFile("GET", "/zonage_sismique", {"code_insee=29158"},
                   SyntheticFixture("georisques_zonage_sismique_29158.json"));
  h.server.AddFile("GET", "/radon", {"code_insee=29158"},
                   SyntheticFixture("georisques_radon_29158.json"));
  h.server.AddFile("GET", "/rga", {"latlon=-4.365800,47.805300"},
                   SyntheticFixture("georisques_rga_latlon.json"));
  h.server.AddFile("GET", "/gaspar/catnat", {"code_insee=29158"},
                   SyntheticFixture("georisques_gaspar_catnat_29158.json"));
}

TEST(GeorisquesTest, RisksAtTheProperty) {
  Harness h;
  AddAll(h);
  auto reg = MakeGeorisquesRegister(*h.client);
  auto earlier = BanAnswer();
  auto out = RunRegister(*reg, "acte_vente", Penmarch(), &earlier);
  ASSERT_EQ(out.size(), 1u);
  const json& v = out[0];
  EXPECT_EQ(v["source"], "georisques");
  EXPECT_EQ(v["status"], "ok") << v.dump();
  const json& d = v["details"];
  ASSERT_EQ(d["risques"].size(), 4u);
  EXPECT_EQ(d["risques"][0]["libelle"], "Inondation");
  EXPECT_EQ(d["risques"][2]["code"], "13");
  EXPECT_EQ(d["zone_sismique"], "2 - FAIBLE");
  EXPECT_EQ(d["radon_classe"], 3);
  EXPECT_EQ(d["argiles"]["exposition"], "Exposition faible");
  ASSERT_EQ(d["catnat"].size(), 2u);
  EXPECT_EQ(d["catnat"][0]["date"], "25/12/1999");
  EXPECT_EQ(d["catnat"][1]["libelle"], "Chocs mécaniques liés à l'action des vagues");
  EXPECT_EQ(d["commune"], "Penmarch");
  EXPECT_FALSE(d.contains("incomplete"));
  EXPECT_NE(v["message"].get<std::string>().find("état des risques"), std::string::npos);
  EXPECT_EQ(h.server.request_count(), 5u);
}

TEST(GeorisquesTest, SeismicZoneFromTheRiskListSavesACall) {
  Harness h;
  AddAll(h);
  json risques = ReadJson(SyntheticFixture("georisques_gaspar_risques_29158.json"));
  risques["data"][0]["risques_detail"][2]["zone_sismicite"] = 2;
  h.Route("/gaspar/risques", 200, risques.dump());
  auto reg = MakeGeorisquesRegister(*h.client);
  auto earlier = BanAnswer();
  auto out = RunRegister(*reg, "acte_vente", Penmarch(), &earlier);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["details"]["zone_sismique"], "2");
  for (const auto& t : h.Targets()) EXPECT_EQ(t.find("/zonage_sismique"), std::string::npos);
}

TEST(GeorisquesTest, WithoutCoordinatesTheClayHazardIsMissing) {
  Harness h;
  AddAll(h);
  auto reg = MakeGeorisquesRegister(*h.client);
  auto out = RunRegister(*reg, "acte_vente", Penmarch());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["status"], "ok");
  EXPECT_TRUE(out[0]["details"]["argiles"].is_null());
  ASSERT_EQ(out[0]["details"]["incomplete"].size(), 1u);
  EXPECT_EQ(out[0]["details"]["incomplete"][0]["dataset"], "rga");
  EXPECT_EQ(h.server.request_count(), 4u);
}

TEST(GeorisquesTest, SecondaryFailureGivesAPartialResult) {
  Harness h;
  AddAll(h);
  h.Route("/radon", 500, "oops");
  auto reg = MakeGeorisquesRegister(*h.client);
  auto earlier = BanAnswer();
  auto out = RunRegister(*reg, "acte_vente", Penmarch(), &earlier);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["status"], "ok");
  EXPECT_TRUE(out[0]["details"]["radon_classe"].is_null());
  EXPECT_EQ(out[0]["details"]["incomplete"][0]["dataset"], "radon");
  EXPECT_NE(out[0]["message"].get<std::string>().find("partielle"), std::string::npos);
}

TEST(GeorisquesTest, UnknownCommuneIsNotFound) {
  Harness h;
  h.server.AddFile("GET", "/gaspar/risques", {}, SyntheticFixture("georisques_empty.json"));
  auto reg = MakeGeorisquesRegister(*h.client);
  auto out = RunRegister(*reg, "acte_vente", Penmarch("29999"));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["status"], "not_found");
  EXPECT_EQ(h.server.request_count(), 1u);
}

TEST(GeorisquesTest, ArrondissementMappedToTheCommuneAndNoInseeSkipped) {
  Harness h;
  h.server.AddFile("GET", "/gaspar/risques", {}, SyntheticFixture("georisques_empty.json"));
  auto reg = MakeGeorisquesRegister(*h.client);
  RunRegister(*reg, "acte_vente", Penmarch("75110"));
  ASSERT_EQ(h.server.request_count(), 1u);
  EXPECT_EQ(h.Targets()[0], "/gaspar/risques?code_insee=75056");

  auto out = RunRegister(*reg, "acte_vente", Penmarch(nullptr));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["status"], "skipped");
  EXPECT_EQ(h.server.request_count(), 1u);
}

TEST(GeorisquesTest, EveryFailureIsUnavailable) {
  const std::string good = ReadText(SyntheticFixture("georisques_gaspar_risques_29158.json"));
  for (Failure f : AllFailures()) {
    Harness h;
    AddFailure(h, "/gaspar/risques", f, good);
    auto reg = MakeGeorisquesRegister(*h.client);
    auto out = RunRegister(*reg, "acte_vente", Penmarch());
    ASSERT_EQ(out.size(), 1u) << FailureName(f);
    EXPECT_EQ(out[0]["status"], "unavailable") << FailureName(f) << out[0].dump();
    EXPECT_FALSE(out[0]["details"]["reason"].get<std::string>().empty()) << FailureName(f);
  }
}

}  // namespace
}  // namespace notaria::verify::registers_test
