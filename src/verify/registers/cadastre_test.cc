#include <gtest/gtest.h>

#include "verify/registers/registers_testing.h"

namespace notaria::verify::registers_test {
namespace {

json Parcel(const std::string& section, const std::string& number, json contenance_ca,
            json prefix = nullptr) {
  return {{"prefix", prefix},
          {"section", section},
          {"number", number},
          {"lieudit", nullptr},
          {"contenance_ca", contenance_ca}};
}

json Property(json insee, json parcels, const std::string& postcode = "29760") {
  return {{"properties",
           {{{"kind", "terrain"},
             {"address", nullptr},
             {"postal_code", postcode},
             {"city", "Penmarch"},
             {"insee_code", insee},
             {"cadastre", parcels}}}}};
}

TEST(CadastreTest, ParcelFoundWithTheDeedsContenance) {
  Harness h;
  h.server.AddFile("GET", "/parcelle", {"code_insee=29158", "section=AW", "numero=0001"},
                   SharedFixture("apicarto_cadastre_parcelle_29158_AW_0001.geojson"));
  auto cadastre = MakeCadastreRegister(*h.client);
  auto out = RunRegister(*cadastre, "acte_vente", Property("29158", {Parcel("AW", "1", 1968)}));
  ASSERT_EQ(out.size(), 1u);
  const json& v = out[0];
  EXPECT_EQ(v["status"], "ok") << v.dump();
  EXPECT_EQ(v["subject"], "29158 AW 0001");
  EXPECT_EQ(v["details"]["idu"], "29158000AW0001");
  EXPECT_EQ(v["details"]["contenance_m2"], 1968);
  EXPECT_EQ(v["details"]["nom_com"], "Penmarch");
  EXPECT_EQ(h.Targets().at(0), "/parcelle?code_insee=29158&section=AW&numero=0001");
}

TEST(CadastreTest, DifferentContenanceIsAMismatch) {
  Harness h;
  h.server.AddFile("GET", "/parcelle", {"numero=0001"},
                   SharedFixture("apicarto_cadastre_parcelle_29158_AW_0001.geojson"));
  h.server.AddFile("GET", "/parcelle", {"numero=0002"},
                   SharedFixture("apicarto_cadastre_parcelle_29158_AW_0002.geojson"));
  auto cadastre = MakeCadastreRegister(*h.client);
  auto out = RunRegister(*cadastre, "acte_vente",
                         Property("29158", {Parcel("AW", "1", 2168), Parcel("aw", "0002", 1012)}));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0]["status"], "mismatch");
  EXPECT_EQ(out[0]["details"]["contenance_m2"], 1968);
  EXPECT_EQ(out[0]["details"]["contenance_acte_m2"], 2168);
  EXPECT_NE(out[0]["message"].get<std::string>().find("1968 m²"), std::string::npos);
  EXPECT_EQ(out[1]["status"], "ok");
  EXPECT_EQ(out[1]["details"]["contenance_m2"], 1012);
  EXPECT_EQ(out[1]["details"]["parcel_index"], 1);
}

TEST(CadastreTest, OneLetterSectionIsPadded) {
  Harness h;
  h.server.AddFile("GET", "/parcelle", {"code_insee=41231", "section=0A", "numero=0075"},
                   SharedFixture("apicarto_cadastre_parcelle_41231_0A_0075.geojson"));
  auto cadastre = MakeCadastreRegister(*h.client);
  auto out = RunRegister(*cadastre, "acte_vente", Property("41231", {Parcel("A", "75", 24810)}));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["status"], "ok") << out[0].dump();
  EXPECT_EQ(out[0]["details"]["idu"], "412310000A0075");
  EXPECT_EQ(out[0]["details"]["nom_com"], "Saint-Viâtre");
}

TEST(CadastreTest, EmptyResultIsNotFound) {
  Harness h;
  h.server.AddFile("GET", "/parcelle", {},
                   SharedFixture("apicarto_cadastre_parcelle_empty_result.geojson"));
  auto cadastre = MakeCadastreRegister(*h.client);
  auto out =
      RunRegister(*cadastre, "acte_vente", Property("29158", {Parcel("ZZ", "9999", nullptr)}));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["status"], "not_found");
  EXPECT_EQ(h.Targets().at(0), "/parcelle?code_insee=29158&section=ZZ&numero=9999");
}

TEST(CadastreTest, InseeFromTheBanOrSkipped) {
  Harness h;
  h.server.AddFile("GET", "/parcelle", {"code_insee=29158"},
                   SharedFixture("apicarto_cadastre_parcelle_29158_AW_0001.geojson"));
  auto cadastre = MakeCadastreRegister(*h.client);

  // No INSEE code, no BAN answer: nothing is sent.
  auto out = RunRegister(*cadastre, "acte_vente", Property(nullptr, {Parcel("AW", "1", 1968)}));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["status"], "skipped");
  EXPECT_FALSE(out[0]["details"]["reason"].get<std::string>().empty());
  EXPECT_EQ(h.server.request_count(), 0u);

  std::vector<json> earlier = {MakeVerification(
      "ban", kVerificationOk, "Penmarch", "",
      {{"property_index", 0}, {"citycode", "29158"}, {"coordinates", {-4.366, 47.805}}})};
  out =
      RunRegister(*cadastre, "acte_vente", Property(nullptr, {Parcel("AW", "1", 1968)}), &earlier);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["status"], "ok") << out[0].dump();
  EXPECT_EQ(out[0]["details"]["insee_origin"], "ban");
}

TEST(CadastreTest, ParisByArrondissementAndPrefixAsComAbs) {
  Harness h;
  h.server.AddFile("GET", "/parcelle", {},
                   SharedFixture("apicarto_cadastre_parcelle_empty_result.geojson"));
  auto cadastre = MakeCadastreRegister(*h.client);
  json paris = Property("75056", {Parcel("AB", "12", nullptr)}, "75010");
  RunRegister(*cadastre, "acte_vente", paris);
  json merged = Property("14366", {Parcel("AC", "447", 1593, "216")}, "14100");
  RunRegister(*cadastre, "acte_vente", merged);
  auto targets = h.Targets();
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_EQ(targets[0], "/parcelle?code_insee=75110&section=AB&numero=0012");
  EXPECT_EQ(targets[1], "/parcelle?code_insee=14366&section=AC&numero=0447&com_abs=216");
}

TEST(CadastreTest, UnusableReferenceIsSkippedWithoutACall) {
  Harness h;
  auto cadastre = MakeCadastreRegister(*h.client);
  auto out =
      RunRegister(*cadastre, "acte_vente", Property("29158", {Parcel("ABC", "123456", nullptr)}));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["status"], "skipped");
  EXPECT_EQ(h.server.request_count(), 0u);
  EXPECT_TRUE(RunRegister(*cadastre, "acte_vente", Property("29158", json::array())).empty());
}

TEST(CadastreTest, EveryFailureIsUnavailable) {
  const std::string good =
      ReadText(SharedFixture("apicarto_cadastre_parcelle_29158_AW_0001.geojson"));
  for (Failure f : AllFailures()) {
    Harness h;
    AddFailure(h, "/parcelle", f, good);
    auto cadastre = MakeCadastreRegister(*h.client);
    auto out = RunRegister(*cadastre, "acte_vente", Property("29158", {Parcel("AW", "1", 1968)}));
    ASSERT_EQ(out.size(), 1u) << FailureName(f);
    EXPECT_EQ(out[0]["status"], "unavailable") << FailureName(f) << out[0].dump();
    EXPECT_FALSE(out[0]["details"]["reason"].get<std::string>().empty()) << FailureName(f);
  }
}

}  // namespace
}  // namespace notaria::verify::registers_test
