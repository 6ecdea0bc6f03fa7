#include "analyze/checks.h"

#include <gtest/gtest.h>

namespace notaria::analyze {
namespace {

using nlohmann::json;

json Empty() {
  return {{"persons", json::array()}, {"companies", json::array()}, {"properties", json::array()},
          {"amounts", json::array()}, {"dates", json::array()},     {"identity_document", nullptr},
          {"bank", nullptr},          {"notary", nullptr}};
}

std::vector<std::string> Codes(const json& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) out.push_back(f["code"]);
  return out;
}

const CheckContext kToday{"autre", {2026, 12, 3}};

TEST(RunChecks, NothingToSayOnAnEmptyDocument) {
  EXPECT_TRUE(RunChecks(Empty(), kToday).empty());
  EXPECT_TRUE(RunChecks(json(), kToday).empty());
}

TEST(RunChecks, SirenFailingLuhnIsReportedWithItsEvidence) {
  json e = Empty();
  e["companies"].push_back({{"name", "ATELIER AZUR"},
                            {"siren", "815235889"},
                            {"evidence", {{"siren", {{"page", 1}, {"start", 5}, {"end", 16}}}}}});
  e["companies"].push_back({{"name", "LA POSTE"}, {"siren", "356000000"}});
  json f = RunChecks(e, {"kbis", {2026, 12, 3}});
  ASSERT_EQ(Codes(f), std::vector<std::string>{"siren_invalid"});
  EXPECT_EQ(f[0]["severity"], "warning");
  EXPECT_EQ(f[0]["evidence"][0]["start"], 5);
  EXPECT_NE(f[0]["message"].get<std::string>().find("815235889"), std::string::npos);
}

TEST(RunChecks, IbanFailingMod97) {
  json e = Empty();
  e["bank"] = {{"iban", "FR7630006000011234567890188"}};
  EXPECT_EQ(Codes(RunChecks(e, {"rib", {2026, 12, 3}})), std::vector<std::string>{"iban_invalid"});
  e["bank"] = {{"iban", "FR7630006000011234567890189"}};
  EXPECT_TRUE(RunChecks(e, {"rib", {2026, 12, 3}}).empty());
}

TEST(RunChecks, MrzWithAFailedCheckDigit) {
  json e = Empty();
  e["identity_document"] = {{"kind", "passeport"},
                            {"mrz", {"P<FRA...", "..."}},
                            {"mrz_valid", false},
                            {"expiry_date", "2031-03-07"}};
  EXPECT_EQ(Codes(RunChecks(e, {"passeport", {2026, 12, 3}})),
            std::vector<std::string>{"mrz_check_digit_invalid"});
}

TEST(RunChecks, IdCardKeptValidByTheFifteenYearRule) {
  json e = Empty();
  // Issued in 2012 to an adult: 10 years printed, valid until 2027.
  e["identity_document"] = {{"kind", "cni_ancienne"},
                            {"issue_date", "2012-05-10"},
                            {"expiry_date", "2022-05-09"},
                            {"birth_date", "1970-01-01"}};
  EXPECT_TRUE(RunChecks(e, {"cni", {2026, 12, 3}}).empty());
  // The same card issued to a minor keeps its 10 years.
  e["identity_document"]["birth_date"] = "2000-01-01";
  EXPECT_EQ(Codes(RunChecks(e, {"cni", {2026, 12, 3}})),
            std::vector<std::string>{"id_document_expired"});
}

TEST(RunChecks, PassportExpiredAtTheReferenceDate) {
  json e = Empty();
  e["identity_document"] = {
      {"kind", "passeport"}, {"issue_date", "2009-01-06"}, {"expiry_date", "2019-01-05"}};
  json f = RunChecks(e, {"passeport", {2025, 6, 30}});
  ASSERT_EQ(Codes(f), std::vector<std::string>{"id_document_expired"});
  EXPECT_NE(f[0]["message"].get<std::string>().find("05/01/2019"), std::string::npos);
}

TEST(RunChecks, MinorAndUnbornPartiesAreJudgedAtTheDeedDate) {
  json e = Empty();
  e["dates"].push_back({{"kind", "acte"}, {"value", "2025-02-27"}});
  e["persons"].push_back({{"role", "acquereur"}, {"last_name", "A"}, {"birth_date", "2008-03-30"}});
  e["persons"].push_back({{"role", "vendeur"}, {"last_name", "B"}, {"birth_date", "2026-01-01"}});
  e["persons"].push_back({{"role", "vendeur"}, {"last_name", "C"}, {"birth_date", "1980-01-01"}});
  // A deceased person's birth date is not a party's.
  e["persons"].push_back({{"role", "defunt"}, {"last_name", "D"}, {"birth_date", "2020-01-01"}});
  json f = RunChecks(e, {"acte_vente", {2026, 12, 3}});
  EXPECT_EQ(Codes(f), (std::vector<std::string>{"party_minor", "birth_after_deed"}));
  // Eighteen on the day of the deed is of age.
  e["persons"] = json::array({{{"role", "acquereur"}, {"birth_date", "2007-02-27"}}});
  EXPECT_TRUE(RunChecks(e, {"acte_vente", {2026, 12, 3}}).empty());
}

TEST(RunChecks, PriceInWordsDifferentFromDigits) {
  json e = Empty();
  e["amounts"].push_back({{"kind", "prix"},
                          {"value", 250000.0},
                          {"value_words", {{"value", 205000.0}}},
                          {"evidence", {{"page", 2}, {"start", 10}, {"end", 30}}}});
  json f = RunChecks(e, {"acte_vente", {2026, 12, 3}});
  ASSERT_EQ(Codes(f), std::vector<std::string>{"price_words_mismatch"});
  EXPECT_NE(f[0]["message"].get<std::string>().find("205 000,00 €"), std::string::npos);
  e["amounts"][0]["value_words"]["value"] = 250000.0;
  EXPECT_TRUE(RunChecks(e, {"acte_vente", {2026, 12, 3}}).empty());
}

TEST(RunChecks, ParcelRestatedDifferentlyFromTheDesignation) {
  json e = Empty();
  json ev1 = {{"page", 1}, {"start", 1}, {"end", 7}};
  json ev2 = {{"page", 3}, {"start", 4}, {"end", 10}};
  e["properties"].push_back(
      {{"cadastre_mentions",
        {{{"section", "AB"}, {"number", "123"}, {"in_designation", true}, {"evidence", ev1}},
         {{"section", "AB"}, {"number", "124"}, {"in_designation", true}},
         {{"section", "AB"}, {"number", "123"}, {"in_designation", false}},
         {{"section", "AB"}, {"number", "132"}, {"in_designation", false}, {"evidence", ev2}}}}});
  json f = RunChecks(e, {"acte_vente", {2026, 12, 3}});
  ASSERT_EQ(Codes(f), std::vector<std::string>{"cadastre_mismatch"});
  EXPECT_EQ(f[0]["evidence"][0], ev2);
  EXPECT_NE(f[0]["message"].get<std::string>().find("AB 132"), std::string::npos);
  // A restatement without the prefix printed in the désignation names the same parcel.
  json prefixed = e;
  prefixed["properties"][0]["cadastre_mentions"][0]["prefix"] = "375";
  prefixed["properties"][0]["cadastre_mentions"].erase(3);
  EXPECT_TRUE(RunChecks(prefixed, {"acte_vente", {2026, 12, 3}}).empty());
  // Restating a designated parcel, or several designated parcels, is no anomaly.
  e["properties"][0]["cadastre_mentions"].erase(3);
  EXPECT_TRUE(RunChecks(e, {"acte_vente", {2026, 12, 3}}).empty());
}

TEST(RunChecks, SurfaceWrittenTwiceDifferently) {
  json e = Empty();
  e["properties"].push_back({{"surface_mentions",
                              {{{"kind", "carrez"}, {"value_m2", 58.43}},
                               {{"kind", "habitable"}, {"value_m2", 60.1}},
                               {{"kind", "carrez"}, {"value_m2", 58.43}}}}});
  EXPECT_TRUE(RunChecks(e, {"acte_vente", {2026, 12, 3}}).empty());
  e["properties"][0]["surface_mentions"][2]["value_m2"] = 85.43;
  EXPECT_EQ(Codes(RunChecks(e, {"acte_vente", {2026, 12, 3}})),
            std::vector<std::string>{"surface_inconsistent"});
}

TEST(RunChecks, DpeBefore2018LapsedEndOf2022) {
  json e = Empty();
  e["dates"].push_back({{"kind", "etablissement"}, {"value", "2016-05-02"}});
  e["dates"].push_back({{"kind", "validite"}, {"value", "2026-05-01"}});
  EXPECT_EQ(Codes(RunChecks(e, {"dpe", {2025, 6, 30}})), std::vector<std::string>{"dpe_expired"});
  e["dates"][0]["value"] = "2021-09-01";
  EXPECT_TRUE(RunChecks(e, {"dpe", {2025, 6, 30}}).empty());
  EXPECT_EQ(Codes(RunChecks(e, {"dpe", {2031, 9, 1}})), std::vector<std::string>{"dpe_expired"});
}

// The passage shown first is the date the message quotes, where the DPE prints it.
TEST(RunChecks, DpeExpiredPointsAtItsValidityDateThenItsDate) {
  json e = Empty();
  e["dates"].push_back({{"kind", "etablissement"},
                        {"value", "2012-01-19"},
                        {"evidence", {{"page", 1}, {"start", 10}, {"end", 20}}}});
  e["dates"].push_back({{"kind", "validite"},
                        {"value", "2022-01-18"},
                        {"evidence", {{"page", 1}, {"start", 40}, {"end", 50}}}});
  json f = RunChecks(e, {"dpe", {2025, 6, 30}});
  ASSERT_EQ(Codes(f), std::vector<std::string>{"dpe_expired"});
  EXPECT_EQ(f[0]["evidence"], json({{{"page", 1}, {"start", 40}, {"end", 50}},
                                    {{"page", 1}, {"start", 10}, {"end", 20}}}));
  EXPECT_NE(f[0]["message"].get<std::string>().find("18/01/2022"), std::string::npos);
  // A validity printed wrong is not the date quoted: only the date it is counted from.
  e["dates"][1]["value"] = "2023-01-18";
  f = RunChecks(e, {"dpe", {2025, 6, 30}});
  EXPECT_EQ(f[0]["evidence"], json({{{"page", 1}, {"start", 10}, {"end", 20}}}));
}

TEST(ParseIsoDate, OnlyFullIsoDates) {
  EXPECT_TRUE(ParseIsoDate("2024-03-12"));
  EXPECT_FALSE(ParseIsoDate("--03-12"));
  EXPECT_FALSE(ParseIsoDate("12/03/2024"));
  EXPECT_FALSE(ParseIsoDate(json()));
}

}  // namespace
}  // namespace notaria::analyze

namespace notaria::analyze {
namespace {

json Buyers(int n) {
  json e = {{"persons", json::array()}, {"companies", json::array()}};
  e["persons"].push_back({{"role", "vendeur"}, {"last_name", "MARTIN"}});
  for (int i = 0; i < n; ++i) e["persons"].push_back({{"role", "acquereur"}, {"last_name", "X"}});
  return e;
}

json Share(double v, int start) {
  return {{"value", v},
          {"text", "x"},
          {"evidence", {{"page", 1}, {"start", start}, {"end", start + 6}}}};
}

TEST(RunChecks, QuotitesEachForHalfFitTwoBuyersNotThree) {
  json two = Buyers(2);
  two["quotites"] = {{"distributive", true}, {"shares", {Share(0.5, 10)}}};
  EXPECT_TRUE(RunChecks(two, {"acte_vente", {2025, 1, 1}}).empty());
  json three = Buyers(3);
  three["quotites"] = two["quotites"];
  json f = RunChecks(three, {"acte_vente", {2025, 1, 1}});
  ASSERT_EQ(Codes(f), std::vector<std::string>{"ownership_shares_not_100"});
  EXPECT_EQ(f[0]["severity"], "warning");
  EXPECT_DOUBLE_EQ(f[0]["details"]["total"].get<double>(), 1.5);
  EXPECT_EQ(f[0]["details"]["receiving_parties"], 3);
  EXPECT_EQ(f[0]["evidence"][0]["start"], 10);
  EXPECT_NE(f[0]["message"].get<std::string>().find("150 %"), std::string::npos) << f[0]["message"];
}

TEST(RunChecks, QuotitesNamedSharesMustAddUpToTheWhole) {
  json e = Buyers(2);
  e["quotites"] = {{"distributive", false}, {"shares", {Share(0.6, 1), Share(0.5, 20)}}};
  json f = RunChecks(e, {"compromis_vente", {2025, 1, 1}});
  ASSERT_EQ(Codes(f), std::vector<std::string>{"ownership_shares_not_100"});
  EXPECT_NE(f[0]["message"].get<std::string>().find("110 %"), std::string::npos);
  e["quotites"]["shares"] = {Share(0.6, 1), Share(0.4, 20)};
  EXPECT_TRUE(RunChecks(e, {"compromis_vente", {2025, 1, 1}}).empty());
  // Under the whole: reported when every party's share was read, not otherwise.
  e["quotites"]["shares"] = {Share(0.5, 1), Share(0.25, 20)};
  EXPECT_EQ(Codes(RunChecks(e, {"acte_vente", {2025, 1, 1}})),
            std::vector<std::string>{"ownership_shares_not_100"});
  json three = Buyers(3);
  three["quotites"] = e["quotites"];
  EXPECT_TRUE(RunChecks(three, {"acte_vente", {2025, 1, 1}}).empty());
  // One share alone may be a part sold ("vend la moitié indivise"): nothing to add up.
  e["quotites"]["shares"] = {Share(0.5, 1)};
  EXPECT_TRUE(RunChecks(e, {"acte_vente", {2025, 1, 1}}).empty());
  // Heirs of an estate: thirds for three heirs.
  json estate = {{"persons",
                  {{{"role", "defunt"}},
                   {{"role", "heritier"}},
                   {{"role", "heritier"}},
                   {{"role", "conjoint_survivant"}}}}};
  estate["quotites"] = {{"distributive", true}, {"shares", {Share(1.0 / 3, 1)}}};
  EXPECT_TRUE(RunChecks(estate, {"succession", {2025, 1, 1}}).empty());
  // Not a deed: not checked.
  e["quotites"]["shares"] = {Share(0.6, 1), Share(0.5, 20)};
  EXPECT_TRUE(RunChecks(e, {"rib", {2025, 1, 1}}).empty());
}

}  // namespace
}  // namespace notaria::analyze
