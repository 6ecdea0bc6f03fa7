#include <gtest/gtest.h>

#include "verify/registers/registers_testing.h"

namespace notaria::verify::registers_test {
namespace {

json Company(const std::string& name, const std::string& siren, json persons = json::array()) {
  return {{"companies",
           {{{"name", name},
             {"legal_form", "Société anonyme"},
             {"siren", siren},
             {"siret", nullptr},
             {"role", "acquereur"}}}},
          {"persons", persons}};
}

json Representative(const std::string& last, const std::string& first) {
  return {{"role", "representant"}, {"last_name", last}, {"first_names", {first}}};
}

TEST(EntreprisesTest, ActiveCompanyWithItsDirigeant) {
  Harness h;
  h.server.AddFile("GET", "/search", {"q=552032534", "per_page=1"},
                   SharedFixture("recherche_entreprises_search_q_552032534.json"));
  auto reg = MakeEntreprisesRegister(*h.client);
  auto out = RunRegister(*reg, "acte_vente",
                         Company("DANONE SA", "552032534", {Representative("Schnepp", "Gilles")}));
  ASSERT_EQ(out.size(), 1u);
  const json& v = out[0];
  EXPECT_EQ(v["source"], "entreprises");
  EXPECT_EQ(v["status"], "ok") << v.dump();
  EXPECT_EQ(v["details"]["name"], "DANONE");
  EXPECT_EQ(v["details"]["name_match"], "same");
  EXPECT_EQ(v["details"]["etat_administratif"], "A");
  EXPECT_EQ(v["details"]["siege"]["adresse"], "59-61 RUE LA FAYETTE 75009 PARIS");
  EXPECT_EQ(v["details"]["siege"]["commune"], "75109");
  ASSERT_EQ(v["details"]["representatives"].size(), 1u);
  EXPECT_TRUE(v["details"]["representatives"][0]["found"].get<bool>());
  EXPECT_EQ(v["details"]["representatives"][0]["qualite"], "Président du conseil d'administration");
  EXPECT_EQ(h.Targets().at(0), "/search?q=552032534&per_page=1");
}

TEST(EntreprisesTest, UnknownRepresentativeAndCloseNameAreNoted) {
  Harness h;
  h.server.AddFile("GET", "/search", {},
                   SharedFixture("recherche_entreprises_search_q_552032534.json"));
  auto reg = MakeEntreprisesRegister(*h.client);
  auto out = RunRegister(*reg, "acte_vente",
                         Company("DANNONE", "552032534", {Representative("DUPONT", "Jean")}));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["status"], "ok") << out[0].dump();
  EXPECT_EQ(out[0]["details"]["name_match"], "close");
  EXPECT_FALSE(out[0]["details"]["representatives"][0]["found"].get<bool>());
  EXPECT_NE(out[0]["message"].get<std::string>().find("ne figure pas"), std::string::npos);
}

TEST(EntreprisesTest, OtherNameIsAMismatch) {
  Harness h;
  h.server.AddFile("GET", "/search", {},
                   SharedFixture("recherche_entreprises_search_q_552032534.json"));
  auto reg = MakeEntreprisesRegister(*h.client);
  auto out = RunRegister(*reg, "acte_vente", Company("SCI LES TILLEULS", "552032534"));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["status"], "mismatch");
  EXPECT_EQ(out[0]["details"]["name_match"], "different");
}

TEST(EntreprisesTest, CeasedCompanyIsAMismatch) {
  Harness h;
  h.server.AddFile("GET", "/search", {"q=880878145"},
                   SharedFixture("recherche_entreprises_search_q_880878145.json"));
  auto reg = MakeEntreprisesRegister(*h.client);
  auto out = RunRegister(*reg, "acte_vente",
                         Company("Ganymède", "880878145", {Representative("JOUPPE", "Xavier")}));
  ASSERT_EQ(out.size(), 1u);
  const json& v = out[0];
  EXPECT_EQ(v["status"], "mismatch") << v.dump();
  EXPECT_EQ(v["details"]["etat_administratif"], "C");
  EXPECT_EQ(v["details"]["date_radiation"], "2022-11-14");
  EXPECT_EQ(v["details"]["name_match"], "same");  // accents do not matter
  EXPECT_EQ(v["details"]["representatives"][0]["qualite"], "Liquidateur");
  EXPECT_NE(v["message"].get<std::string>().find("cessée"), std::string::npos);
}

TEST(EntreprisesTest, EmptyResultsIsNotFound) {
  Harness h;
  h.server.AddFile("GET", "/search", {},
                   SharedFixture("recherche_entreprises_search_q_12345678900003.json"));
  auto reg = MakeEntreprisesRegister(*h.client);
  auto out = RunRegister(*reg, "acte_vente", Company("X", "123456789"));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["status"], "not_found");
}

TEST(EntreprisesTest, ErrorBodyIsShown) {
  Harness h;
  h.Route("/search", 400, R"({"erreur":"Veuillez indiquer au moins un paramètre de recherche."})");
  auto reg = MakeEntreprisesRegister(*h.client);
  auto out = RunRegister(*reg, "acte_vente", Company("X", "552032534"));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["status"], "unavailable");
  EXPECT_EQ(out[0]["details"]["register_error"],
            "Veuillez indiquer au moins un paramètre de recherche.");

  Harness h2;
  h2.Route("/search", 200, R"({"erreur":"Service momentanément indisponible"})");
  auto reg2 = MakeEntreprisesRegister(*h2.client);
  out = RunRegister(*reg2, "acte_vente", Company("X", "552032534"));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["status"], "unavailable");
  EXPECT_EQ(out[0]["details"]["register_error"], "Service momentanément indisponible");
}

TEST(EntreprisesTest, EveryFailureIsUnavailable) {
  const std::string good = ReadText(SharedFixture("recherche_entreprises_search_q_552032534.json"));
  for (Failure f : AllFailures()) {
    Harness h;
    AddFailure(h, "/search", f, good);
    auto reg = MakeEntreprisesRegister(*h.client);
    auto out = RunRegister(*reg, "acte_vente", Company("DANONE", "552032534"));
    ASSERT_EQ(out.size(), 1u) << FailureName(f);
    EXPECT_EQ(out[0]["status"], "unavailable") << FailureName(f) << out[0].dump();
    EXPECT_FALSE(out[0]["details"]["reason"].get<std::string>().empty()) << FailureName(f);
  }
}

}  // namespace
}  // namespace notaria::verify::registers_test
