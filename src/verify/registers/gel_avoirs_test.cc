#include <gtest/gtest.h>

#include <thread>

#include "verify/registers/registers_testing.h"

namespace notaria::verify::registers_test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPath = "/api/v1/publication/derniere-publication-fichier-json";

json PersonEntity(const std::string& last, std::vector<std::string> first, json birth_date,
                  const std::string& role = "acquereur") {
  return {{"role", role},
          {"last_name", last},
          {"birth_name", nullptr},
          {"first_names", first},
          {"birth_date", birth_date}};
}

json Persons(std::vector<json> persons) { return {{"persons", persons}}; }

std::string Synthetic() { return ReadText(SyntheticFixture("gel_avoirs_synthetic.json")); }

// The same register, published another day (to tell a new download from the old copy).
std::string Republished() {
  json doc = json::parse(Synthetic());
  doc["Publications"]["DatePublication"] = "2025-07-15T08:00:00";
  return doc.dump();
}

fs::path LocalFile(const Harness& h) { return h.data_dir / "registers" / "gel_avoirs.json"; }

void WriteLocal(const Harness& h, const std::string& body, std::chrono::hours age) {
  fs::create_directories(LocalFile(h).parent_path());
  std::ofstream(LocalFile(h), std::ios::binary) << body;
  fs::last_write_time(LocalFile(h), fs::file_time_type::clock::now() - age);
}

std::unique_ptr<Register> Make(Harness& h) {
  GelAvoirsOptions options;
  options.data_dir = h.data_dir;
  return MakeGelAvoirsRegister(*h.client, options);
}

TEST(GelAvoirsTest, MatchesDespiteAccentsCaseAndATypo) {
  Harness h;
  h.Route(kPath, 200, Synthetic());
  auto reg = Make(h);
  auto out = RunRegister(*reg, "acte_vente",
                         Persons({PersonEntity("beranger", {"HELENE"}, "1971-03-12"),
                                  PersonEntity("Bérenger", {"Hélène", "Marie"}, nullptr),
                                  PersonEntity("RENAUD", {"Pauline"}, "1975-08-10")}));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0]["source"], "gel_avoirs");
  EXPECT_EQ(out[0]["status"], "mismatch") << out[0].dump();
  EXPECT_EQ(out[0]["subject"], "HELENE beranger");
  const json& m = out[0]["details"]["matches"][0];
  EXPECT_EQ(m["IdRegistre"], 9001);
  EXPECT_EQ(m["nom"], "BÉRANGER");
  EXPECT_EQ(m["fondement"][0], "(UE) 2022/332 du 25/02/2022");
  EXPECT_EQ(out[0]["details"]["publication_date"], "2025-06-02");
  EXPECT_NE(out[0]["message"].get<std::string>().find("9001"), std::string::npos);

  EXPECT_EQ(out[1]["status"], "mismatch") << out[1].dump();  // one letter off, no birth date
  // A ship named RENAUD is no person.
  EXPECT_EQ(out[2]["status"], "ok") << out[2].dump();
  EXPECT_NE(out[2]["message"].get<std::string>().find("aucune correspondance"), std::string::npos);
  EXPECT_EQ(h.server.request_count(), 1u);
}

TEST(GelAvoirsTest, DifferentBirthDateRulesOut) {
  Harness h;
  h.Route(kPath, 200, Synthetic());
  auto reg = Make(h);
  auto out = RunRegister(*reg, "acte_vente",
                         Persons({PersonEntity("BÉRANGER", {"Hélène"}, "1980-01-01"),
                                  // The register's day is "XX": year and month still decide.
                                  PersonEntity("Kovalenko", {"Ivan"}, "1965-05-20"),
                                  PersonEntity("Kovalenko", {"Ivan"}, "1965-06-20"),
                                  // Only the year is known.
                                  PersonEntity("TRAN", {"Minh"}, "1980-11-02"),
                                  PersonEntity("TRAN", {"Minh"}, "1981-11-02")}));
  ASSERT_EQ(out.size(), 5u);
  EXPECT_EQ(out[0]["status"], "ok");
  EXPECT_EQ(out[1]["status"], "mismatch");
  EXPECT_EQ(out[2]["status"], "ok");
  EXPECT_EQ(out[3]["status"], "mismatch");
  EXPECT_EQ(out[4]["status"], "ok");
}

TEST(GelAvoirsTest, AliasAndCompanies) {
  Harness h;
  h.Route(kPath, 200, Synthetic());
  auto reg = Make(h);
  json entities = Persons({PersonEntity("BERANGOVA", {"Helena"}, nullptr)});
  entities["companies"] = {
      {{"name", "Atlas Trading SARL"}, {"siren", "123456789"}, {"role", "acquereur"}},
      {{"name", "SAS ATLAS TRADE"}, {"siren", nullptr}, {"role", "vendeur"}},
      {{"name", "ATLAS"}, {"siren", nullptr}, {"role", "vendeur"}},
      {{"name", "Atlas Trading"}, {"siren", nullptr}, {"role", "fournisseur"}}};
  auto out = RunRegister(*reg, "acte_vente", entities);
  ASSERT_EQ(out.size(), 4u);  // the supplier is not screened
  EXPECT_EQ(out[0]["status"], "mismatch") << out[0].dump();
  EXPECT_NE(out[0]["details"]["matches"][0]["correspondance"].get<std::string>().find("alias"),
            std::string::npos);
  EXPECT_EQ(out[1]["status"], "mismatch") << out[1].dump();
  EXPECT_EQ(out[1]["details"]["matches"][0]["IdRegistre"], 9003);
  EXPECT_EQ(out[2]["status"], "mismatch") << out[2].dump();  // by the alias ATLAS TRADE LTD
  EXPECT_EQ(out[3]["status"], "ok") << out[3].dump();        // a part of a name is no match
}

TEST(GelAvoirsTest, IdCardHolderFromTheIdentityDocument) {
  Harness h;
  h.Route(kPath, 200, Synthetic());
  auto reg = Make(h);
  json entities = {
      {"identity_document",
       {{"surname", "KOVALENKO"}, {"given_names", {"IVAN"}}, {"birth_date", "1965-05-01"}}}};
  auto out = RunRegister(*reg, "cni", entities);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["status"], "mismatch");
  EXPECT_EQ(out[0]["subject"], "IVAN KOVALENKO");
}

TEST(GelAvoirsTest, DownloadStoredAndParsedOnce) {
  Harness h;
  h.Route(kPath, 200, Synthetic());
  auto reg = Make(h);
  json entities = Persons({PersonEntity("RENAUD", {"Pauline"}, nullptr)});
  RunRegister(*reg, "cni", entities);
  RunRegister(*reg, "cni", entities);
  EXPECT_EQ(h.server.request_count(), 1u);
  ASSERT_TRUE(fs::exists(LocalFile(h)));
  EXPECT_EQ(ReadText(LocalFile(h).string()), Synthetic());
  EXPECT_FALSE(fs::exists(LocalFile(h).string() + ".tmp"));
  ASSERT_FALSE(h.server.requests().empty());
}

TEST(GelAvoirsTest, FreshFileIsNotDownloadedAgain) {
  Harness h;
  WriteLocal(h, Synthetic(), std::chrono::hours(2));
  h.Route(kPath, 200, Republished());
  auto reg = Make(h);
  auto out = RunRegister(*reg, "cni", Persons({PersonEntity("RENAUD", {"Pauline"}, nullptr)}));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["status"], "ok");
  EXPECT_EQ(out[0]["details"]["publication_date"], "2025-06-02");
  EXPECT_EQ(h.server.request_count(), 0u);
}

TEST(GelAvoirsTest, StaleFileIsDownloadedAgain) {
  Harness h;
  WriteLocal(h, Synthetic(), std::chrono::hours(25));
  h.Route(kPath, 200, Republished());
  auto reg = Make(h);
  auto out = RunRegister(*reg, "cni", Persons({PersonEntity("RENAUD", {"Pauline"}, nullptr)}));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["details"]["publication_date"], "2025-07-15");
  EXPECT_FALSE(out[0]["details"].contains("copy"));
  EXPECT_EQ(h.server.request_count(), 1u);
  EXPECT_EQ(ReadText(LocalFile(h).string()), Republished());
}

TEST(GelAvoirsTest, DownloadFailureUsesTheOldCopy) {
  for (Failure f : AllFailures()) {
    Harness h;
    WriteLocal(h, Synthetic(), std::chrono::hours(30));
    AddFailure(h, kPath, f, Republished());
    auto reg = Make(h);
    auto out = RunRegister(*reg, "acte_vente",
                           Persons({PersonEntity("BERANGER", {"Helene"}, nullptr),
                                    PersonEntity("RENAUD", {"Pauline"}, nullptr)}));
    ASSERT_EQ(out.size(), 2u) << FailureName(f);
    EXPECT_EQ(out[0]["status"], "mismatch") << FailureName(f);
    EXPECT_EQ(out[1]["status"], "ok") << FailureName(f);
    EXPECT_EQ(out[1]["details"]["publication_date"], "2025-06-02") << FailureName(f);
    EXPECT_NE(out[1]["details"]["copy"].get<std::string>().find("copie locale"), std::string::npos)
        << FailureName(f);
    EXPECT_NE(out[1]["message"].get<std::string>().find("copie locale"), std::string::npos);
    // The old copy is kept as it was.
    EXPECT_EQ(ReadText(LocalFile(h).string()), Synthetic()) << FailureName(f);
    // A burst of documents does not retry the download at once.
    size_t sent = h.server.request_count();
    RunRegister(*reg, "cni", Persons({PersonEntity("RENAUD", {"Pauline"}, nullptr)}));
    EXPECT_EQ(h.server.request_count(), sent) << FailureName(f);
  }
}

TEST(GelAvoirsTest, NoCopyAtAllIsUnavailable) {
  for (Failure f : AllFailures()) {
    Harness h;
    AddFailure(h, kPath, f, Synthetic());
    auto reg = Make(h);
    auto out =
        RunRegister(*reg, "acte_vente", Persons({PersonEntity("RENAUD", {"Pauline"}, nullptr)}));
    ASSERT_EQ(out.size(), 1u) << FailureName(f);
    EXPECT_EQ(out[0]["status"], "unavailable") << FailureName(f) << out[0].dump();
    EXPECT_FALSE(out[0]["details"]["reason"].get<std::string>().empty());
    EXPECT_FALSE(fs::exists(LocalFile(h))) << FailureName(f);
  }
}

TEST(GelAvoirsTest, ConcurrentDocumentsShareOneDownload) {
  Harness h;
  h.Route(kPath, 200, Synthetic());
  auto reg = Make(h);
  std::vector<std::thread> threads;
  std::vector<std::string> statuses(6);
  for (size_t i = 0; i < statuses.size(); ++i) {
    threads.emplace_back([&, i] {
      auto out = RunRegister(*reg, "cni", Persons({PersonEntity("BERANGER", {"Helene"}, nullptr)}));
      statuses[i] = out.empty() ? "" : out[0]["status"].get<std::string>();
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& s : statuses) EXPECT_EQ(s, "mismatch");
  EXPECT_EQ(h.server.request_count(), 1u);
}

TEST(GelAvoirsTest, NothingToScreenSendsNothing) {
  Harness h;
  auto reg = Make(h);
  EXPECT_TRUE(RunRegister(*reg, "autre", json::object()).empty());
  EXPECT_TRUE(RunRegister(*reg, "succession",
                          Persons({PersonEntity("LAMY", {"Gaëlle"}, nullptr, "defunt")}))
                  .empty());
  EXPECT_EQ(h.server.request_count(), 0u);
}

}  // namespace
}  // namespace notaria::verify::registers_test
