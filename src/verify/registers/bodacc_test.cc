#include <gtest/gtest.h>

#include "verify/registers/registers_testing.h"

namespace notaria::verify::registers_test {
namespace {

json Ganymede(const std::string& role = "vendeur") {
  return {{"companies",
           {{{"name", "GANYMEDE"},
             {"legal_form", "SAS"},
             {"siren", "880878145"},
             {"siret", nullptr},
             {"role", role}}}}};
}

json RecordedBody() {
  return ReadJson(SharedFixture("bodacc_ods_v1_search_registre_880878145.json"));
}

TEST(BodaccTest, RecordedRadiationIsAnAlert) {
  Harness h;
  h.server.AddFile("GET", "/api/records/1.0/search/",
                   {"dataset=annonces-commerciales", "q=registre%3A880878145"},
                   SharedFixture("bodacc_ods_v1_search_registre_880878145.json"));
  auto reg = MakeBodaccRegister(*h.client);
  auto out = RunRegister(*reg, "acte_vente", Ganymede());
  ASSERT_EQ(out.size(), 1u);
  const json& v = out[0];
  EXPECT_EQ(v["source"], "bodacc");
  EXPECT_EQ(v["status"], "mismatch") << v.dump();
  EXPECT_EQ(v["subject"], "880878145");
  const json& annonces = v["details"]["annonces"];
  ASSERT_EQ(annonces.size(), 3u);
  EXPECT_EQ(annonces[0]["date"], "2022-11-23");  // most recent first
  EXPECT_EQ(annonces[0]["famille"], "Radiations");
  EXPECT_EQ(annonces[1]["nature"], "Comptes annuels et rapports");  // from the encoded `depot`
  ASSERT_TRUE(annonces[0].contains("denomination"));
  EXPECT_EQ(annonces[0]["denomination"], "Ganymède");  // from the encoded `listepersonnes`
  ASSERT_EQ(v["details"]["alerts"].size(), 1u);
  EXPECT_EQ(v["details"]["alerts"][0]["type"], "radiation");
  EXPECT_NE(v["message"].get<std::string>().find("radiation"), std::string::npos);
}

TEST(BodaccTest, ProcedureCollectiveFromTheEncodedJugement) {
  Harness h;
  json body = RecordedBody();
  json record = body["records"][1];
  record["fields"]["familleavis"] = "collective";
  record["fields"]["familleavis_lib"] = "Procédures collectives";
  record["fields"]["publicationavis"] = "A";
  record["fields"]["dateparution"] = "2023-02-01";
  record["fields"].erase("depot");
  record["fields"]["jugement"] =
      R"({"famille": "Jugement d'ouverture", "nature": "Jugement d'ouverture d'une procédure de redressement judiciaire", "date": "2023-01-10", "complementJugement": "Mandataire judiciaire : ..."})";
  body["records"] = json::array({record, body["records"][2]});
  h.Route("/api/records/1.0/search/", 200, body.dump());
  auto reg = MakeBodaccRegister(*h.client);
  auto out = RunRegister(*reg, "acte_vente", Ganymede());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["status"], "mismatch");
  const json& alert = out[0]["details"]["alerts"][0];
  EXPECT_EQ(alert["type"], "procedure_collective");
  EXPECT_EQ(alert["nature"],
            "Jugement d'ouverture d'une procédure de redressement judiciaire (jugement du "
            "2023-01-10)");
  EXPECT_NE(out[0]["message"].get<std::string>().find("procédure collective"), std::string::npos);
}

TEST(BodaccTest, OnlyAccountsFiledIsOk) {
  Harness h;
  json body = RecordedBody();
  body["records"].erase(body["records"].begin());  // drop the radiation
  // A record of another company matched by the full-text query is ignored.
  json other = body["records"][0];
  other["fields"]["registre"] = "552032534,552 032 534";
  other["fields"]["familleavis"] = "radiation";
  body["records"].push_back(other);
  h.Route("/api/records/1.0/search/", 200, body.dump());
  auto reg = MakeBodaccRegister(*h.client);
  auto out = RunRegister(*reg, "acte_vente", Ganymede());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["status"], "ok") << out[0].dump();
  EXPECT_EQ(out[0]["details"]["annonces"].size(), 2u);
}

TEST(BodaccTest, ExploreV21ShapeIsReadToo) {
  Harness h;
  json record = RecordedBody()["records"][0]["fields"];
  record["registre"] = {"880878145", "880 878 145"};
  json body = {{"total_count", 1}, {"results", {record}}};
  h.Route("/api/records/1.0/search/", 200, body.dump());
  auto reg = MakeBodaccRegister(*h.client);
  auto out = RunRegister(*reg, "acte_vente", Ganymede());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["status"], "mismatch");
  EXPECT_EQ(out[0]["details"]["total"], 1);
}

TEST(BodaccTest, NoAnnonceIsNotFound) {
  Harness h;
  h.Route("/api/records/1.0/search/", 200, R"({"nhits":0,"parameters":{},"records":[]})");
  auto reg = MakeBodaccRegister(*h.client);
  auto out = RunRegister(*reg, "acte_vente", Ganymede());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["status"], "not_found");
}

TEST(BodaccTest, OnlyPartyCompaniesWithASiren) {
  Harness h;
  auto reg = MakeBodaccRegister(*h.client);
  EXPECT_TRUE(RunRegister(*reg, "justificatif_domicile", Ganymede("fournisseur")).empty());
  json no_siren = Ganymede();
  no_siren["companies"][0]["siren"] = nullptr;
  EXPECT_TRUE(RunRegister(*reg, "acte_vente", no_siren).empty());
  EXPECT_EQ(h.server.request_count(), 0u);
  // The SIREN is taken from the SIRET when only the SIRET is printed.
  json siret_only = no_siren;
  siret_only["companies"][0]["siret"] = "88087814500015";
  h.Route("/api/records/1.0/search/", 200, R"({"nhits":0,"records":[]})");
  RunRegister(*reg, "acte_vente", siret_only);
  ASSERT_EQ(h.server.request_count(), 1u);
  EXPECT_NE(h.Targets()[0].find("registre%3A880878145"), std::string::npos);
}

TEST(BodaccTest, EveryFailureIsUnavailable) {
  const std::string good = RecordedBody().dump();
  for (Failure f : AllFailures()) {
    Harness h;
    AddFailure(h, "/api/records/1.0/search/", f, good);
    auto reg = MakeBodaccRegister(*h.client);
    auto out = RunRegister(*reg, "acte_vente", Ganymede());
    ASSERT_EQ(out.size(), 1u) << FailureName(f);
    EXPECT_EQ(out[0]["status"], "unavailable") << FailureName(f) << out[0].dump();
    EXPECT_FALSE(out[0]["details"]["reason"].get<std::string>().empty()) << FailureName(f);
  }
}

}  // namespace
}  // namespace notaria::verify::registers_test
