// The Repository contract, as one typed suite every adapter must pass. To add a backend,
// write a class like SqliteRepositoryBackend (owning its storage for one test, opening any
// number of Repository objects on it) and add it to RepositoryBackends.
#include "store/repository.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <set>
#include <thread>
#include <vector>

#include "store/migrations.h"
#include "store/postgres_repository.h"
#include "store/sha256.h"
#include "store/sqlite_repository.h"
#include "store/testing_postgres.h"
#include "store/testing_services.h"
#include "store/testing_temp_dir.h"

namespace notaria::store {
namespace {

class SqliteRepositoryBackend {
 public:
  std::unique_ptr<Repository> Open() {
    return std::make_unique<SqliteRepository>(dir_.path() + "/notaria.db");
  }

 private:
  TempDir dir_;
};

class PostgresRepositoryBackend {
 public:
  static bool Available() { return !TestPostgres::BaseUrl().empty(); }
  std::unique_ptr<Repository> Open() {
    pg::PoolOptions options;
    options.size = 4;
    options.overflow = 8;
    return std::make_unique<PostgresRepository>(db_.url(), options);
  }

 private:
  TestPostgres db_;
};

using RepositoryBackends = ::testing::Types<SqliteRepositoryBackend, PostgresRepositoryBackend>;

template <typename Backend>
class RepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!EngineAvailable<Backend>()) {
      GTEST_SKIP() << "no PostgreSQL server configured (run through ctest, which starts one)";
    }
    backend_ = std::make_unique<Backend>();
    repo_ = backend_->Open();
    repo_->Migrate();
  }

  DocumentRecord NewDoc(const std::string& name) {
    DocumentRecord d;
    d.sha256 = Sha256Hex(name);
    d.filename = name + ".pdf";
    d.mime_type = "application/pdf";
    d.format = "pdf";
    d.size_bytes = static_cast<int64_t>(name.size());
    return d;
  }

  DocumentRecord Insert(const std::string& name) {
    return repo_->InsertOrGetDocument(NewDoc(name)).first;
  }

  std::unique_ptr<Backend> backend_;
  std::unique_ptr<Repository> repo_;
};

TYPED_TEST_SUITE(RepositoryTest, RepositoryBackends);

bool IsUrlSafe(const std::string& s) {
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-';
    if (!ok) return false;
  }
  return !s.empty();
}

// "2024-05-01T12:34:56.789Z"
bool IsIsoUtcMillis(const std::string& s) {
  if (s.size() != 24) return false;
  const std::string shape = "dddd-dd-ddTdd:dd:dd.dddZ";
  for (size_t i = 0; i < s.size(); ++i) {
    if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != shape[i]) return false;
  }
  return true;
}

TYPED_TEST(RepositoryTest, MigrateIsIdempotentAndReportsVersion) {
  EXPECT_EQ(this->repo_->SchemaVersion(), LatestSchemaVersion());
  this->repo_->Migrate();
  auto second = this->backend_->Open();
  second->Migrate();
  EXPECT_EQ(second->SchemaVersion(), LatestSchemaVersion());
  this->Insert("still works");
}

TYPED_TEST(RepositoryTest, ConcurrentMigrationsFromTwoObjectsApplyOnce) {
  TypeParam fresh;
  auto a = fresh.Open();
  auto b = fresh.Open();
  EXPECT_EQ(a->SchemaVersion(), 0);
  std::thread ta([&] { a->Migrate(); });
  std::thread tb([&] { b->Migrate(); });
  ta.join();
  tb.join();
  EXPECT_EQ(a->SchemaVersion(), LatestSchemaVersion());
  EXPECT_EQ(b->SchemaVersion(), LatestSchemaVersion());
}

TYPED_TEST(RepositoryTest, InsertGeneratesIdAndTimestamps) {
  auto [doc, created] = this->repo_->InsertOrGetDocument(this->NewDoc("a"));
  EXPECT_TRUE(created);
  EXPECT_TRUE(IsUrlSafe(doc.id)) << doc.id;
  EXPECT_GE(doc.id.size(), 32u);
  EXPECT_TRUE(IsIsoUtcMillis(doc.created_at)) << doc.created_at;
  EXPECT_EQ(doc.created_at, doc.updated_at);
  EXPECT_EQ(doc.status, kStatusQueued);
  EXPECT_EQ(doc.filename, "a.pdf");
  EXPECT_EQ(doc.size_bytes, 1);
  EXPECT_FALSE(doc.error.has_value());
  EXPECT_FALSE(doc.dossier_id.has_value());

  auto got = this->repo_->GetDocument(doc.id);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->sha256, doc.sha256);
  EXPECT_EQ(got->mime_type, "application/pdf");
  EXPECT_FALSE(this->repo_->GetDocument("doc_missing").has_value());
}

TYPED_TEST(RepositoryTest, KeepsAGivenIdAndDossier) {
  auto d = this->NewDoc("given");
  d.id = "doc_0123456789abcdef0123456789abcdef";
  d.dossier_id = "dos_1";
  auto [doc, created] = this->repo_->InsertOrGetDocument(d);
  EXPECT_TRUE(created);
  EXPECT_EQ(doc.id, d.id);
  EXPECT_EQ(doc.dossier_id, "dos_1");
}

TYPED_TEST(RepositoryTest, InsertDeduplicatesBySha256) {
  auto first = this->Insert("same");
  auto again = this->NewDoc("same");
  again.filename = "other-name.pdf";
  auto [doc, created] = this->repo_->InsertOrGetDocument(again);
  EXPECT_FALSE(created);
  EXPECT_EQ(doc.id, first.id);
  EXPECT_EQ(doc.filename, "same.pdf");
  EXPECT_EQ(this->repo_->ListDocuments({}).total, 1);
}

TYPED_TEST(RepositoryTest, ConcurrentIdenticalInsertsYieldOneRow) {
  constexpr int kThreads = 8;
  std::vector<std::unique_ptr<Repository>> repos;  // distinct objects, like distinct processes
  for (int i = 0; i < kThreads; ++i) repos.push_back(this->backend_->Open());
  std::atomic<int> created{0};
  std::vector<std::string> ids(kThreads);
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      auto [doc, was_created] =
          repos[static_cast<size_t>(i)]->InsertOrGetDocument(this->NewDoc("race"));
      if (was_created) ++created;
      ids[static_cast<size_t>(i)] = doc.id;
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 1u);
  EXPECT_EQ(this->repo_->ListDocuments({}).total, 1);
}

TYPED_TEST(RepositoryTest, ListsNewestFirstWithFiltersPaginationAndTotal) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    auto d = this->NewDoc("doc" + std::to_string(i));
    d.dossier_id = i % 2 == 0 ? std::optional<std::string>("even") : std::nullopt;
    ids.push_back(this->repo_->InsertOrGetDocument(d).first.id);
  }
  this->repo_->SetDocumentType(ids[1], "cni");
  this->repo_->SetDocumentType(ids[3], "cni");
  this->repo_->MarkDone(ids[3]);

  auto all = this->repo_->ListDocuments({});
  EXPECT_EQ(all.total, 5);
  ASSERT_EQ(all.items.size(), 5u);
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(all.items[static_cast<size_t>(i)].id, ids[static_cast<size_t>(4 - i)]);

  DocumentFilter page;
  page.limit = 2;
  page.offset = 2;
  auto p = this->repo_->ListDocuments(page);
  EXPECT_EQ(p.total, 5);
  ASSERT_EQ(p.items.size(), 2u);
  EXPECT_EQ(p.items[0].id, ids[2]);
  EXPECT_EQ(p.items[1].id, ids[1]);

  DocumentFilter by_type;
  by_type.document_type = "cni";
  auto t = this->repo_->ListDocuments(by_type);
  EXPECT_EQ(t.total, 2);
  ASSERT_EQ(t.items.size(), 2u);
  EXPECT_EQ(t.items[0].id, ids[3]);

  DocumentFilter combined;
  combined.document_type = "cni";
  combined.status = std::string(kStatusDone);
  auto c = this->repo_->ListDocuments(combined);
  ASSERT_EQ(c.total, 1);
  EXPECT_EQ(c.items[0].id, ids[3]);

  DocumentFilter by_dossier;
  by_dossier.dossier_id = "even";
  by_dossier.limit = 1;
  auto d = this->repo_->ListDocuments(by_dossier);
  EXPECT_EQ(d.total, 3);
  ASSERT_EQ(d.items.size(), 1u);
  EXPECT_EQ(d.items[0].id, ids[4]);

  DocumentFilter beyond;
  beyond.offset = 10;
  auto b = this->repo_->ListDocuments(beyond);
  EXPECT_EQ(b.total, 5);
  EXPECT_TRUE(b.items.empty());
}

TYPED_TEST(RepositoryTest, ClampsListLimit) {
  for (int i = 0; i < 3; ++i) this->Insert("c" + std::to_string(i));
  DocumentFilter zero;
  zero.limit = 0;
  EXPECT_EQ(this->repo_->ListDocuments(zero).items.size(), 1u);
  DocumentFilter huge;
  huge.limit = 100000;
  huge.offset = -5;
  EXPECT_EQ(this->repo_->ListDocuments(huge).items.size(), 3u);
}

TYPED_TEST(RepositoryTest, RecordsProgressTypeAndPageCount) {
  auto doc = this->Insert("p");
  this->repo_->SetProgress(doc.id, kStatusProcessing, "ocr", 40);
  this->repo_->SetPageCount(doc.id, 7);
  this->repo_->SetDocumentType(doc.id, "acte_vente");
  auto got = *this->repo_->GetDocument(doc.id);
  EXPECT_EQ(got.status, kStatusProcessing);
  EXPECT_EQ(got.stage, "ocr");
  EXPECT_EQ(got.percent, 40);
  EXPECT_EQ(got.page_count, 7);
  EXPECT_EQ(got.document_type, "acte_vente");
  EXPECT_GE(got.updated_at, got.created_at);
  EXPECT_THROW(this->repo_->SetProgress(doc.id, "bogus", "ocr", 1), std::invalid_argument);
  this->repo_->SetProgress("doc_unknown", kStatusProcessing, "ocr", 1);  // no-op
}

TYPED_TEST(RepositoryTest, MarkFailedDoneAndResetForRetry) {
  auto doc = this->Insert("f");
  this->repo_->MarkFailed(doc.id, DocumentError::Of(ErrorCode::kPasswordRequired));
  auto failed = *this->repo_->GetDocument(doc.id);
  EXPECT_EQ(failed.status, kStatusFailed);
  ASSERT_TRUE(failed.error.has_value());
  EXPECT_EQ(failed.error->code, ErrorCode::kPasswordRequired);
  EXPECT_EQ(failed.error->message, DefaultErrorMessage(ErrorCode::kPasswordRequired));

  this->repo_->ResetForRetry(doc.id);
  auto queued = *this->repo_->GetDocument(doc.id);
  EXPECT_EQ(queued.status, kStatusQueued);
  EXPECT_FALSE(queued.error.has_value());

  this->repo_->MarkFailed(doc.id, {ErrorCode::kCorruptFile, "x"});
  this->repo_->MarkDone(doc.id);
  auto done = *this->repo_->GetDocument(doc.id);
  EXPECT_EQ(done.status, kStatusDone);
  EXPECT_EQ(done.percent, 100);
  EXPECT_FALSE(done.error.has_value());
}

TYPED_TEST(RepositoryTest, CountsByStatus) {
  auto a = this->Insert("s1");
  this->Insert("s2");
  this->repo_->MarkDone(a.id);
  auto counts = this->repo_->CountByStatus();
  EXPECT_EQ(counts[std::string(kStatusDone)], 1);
  EXPECT_EQ(counts[std::string(kStatusQueued)], 1);
  EXPECT_EQ(counts.count(std::string(kStatusFailed)), 0u);
}

TYPED_TEST(RepositoryTest, PagesAreUpsertedAndLoadedInOrder) {
  auto doc = this->Insert("pages");
  for (int n : {3, 1, 2}) {
    Page p;
    p.number = n;
    p.text = "page " + std::to_string(n);
    this->repo_->SavePage(doc.id, p);
  }
  Page redo;
  redo.number = 2;
  redo.source = PageSource::kOcr;
  redo.ocr_confidence = 0.9;
  redo.text = "Acte de vente \xC3\xA9tabli";
  this->repo_->SavePage(doc.id, redo);

  auto pages = this->repo_->LoadPages(doc.id);
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_EQ(pages[0].number, 1);
  EXPECT_EQ(pages[1].number, 2);
  EXPECT_EQ(pages[2].number, 3);
  EXPECT_EQ(pages[1].text, redo.text);
  EXPECT_EQ(pages[1].source, PageSource::kOcr);
  EXPECT_DOUBLE_EQ(pages[1].ocr_confidence, 0.9);

  auto one = this->repo_->LoadPage(doc.id, 2);
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->text, redo.text);
  EXPECT_FALSE(this->repo_->LoadPage(doc.id, 4).has_value());

  this->repo_->DeletePages(doc.id);
  EXPECT_TRUE(this->repo_->LoadPages(doc.id).empty());
  EXPECT_FALSE(this->repo_->LoadPage(doc.id, 2).has_value());
  EXPECT_THROW(this->repo_->SavePage("doc_unknown", redo), std::invalid_argument);
}

TYPED_TEST(RepositoryTest, StageOutputsAreReplaced) {
  auto doc = this->Insert("stages");
  EXPECT_FALSE(this->repo_->LoadStageOutput(doc.id, "classify").has_value());
  this->repo_->SaveStageOutput(doc.id, {"classify", 1, {{"type", "cni"}}});
  this->repo_->SaveStageOutput(doc.id, {"extract", 1, {{"persons", nlohmann::json::array()}}});
  this->repo_->SaveStageOutput(doc.id, {"classify", 2, {{"type", "passeport"}}});
  auto out = this->repo_->LoadStageOutput(doc.id, "classify");
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->stage, "classify");
  EXPECT_EQ(out->version, 2);
  EXPECT_EQ(out->output["type"], "passeport");
  EXPECT_TRUE(this->repo_->LoadStageOutput(doc.id, "extract").has_value());
  EXPECT_THROW(this->repo_->SaveStageOutput("doc_unknown", {"x", 1, {}}), std::invalid_argument);
}

TYPED_TEST(RepositoryTest, DossiersAreCreatedListedAndDeletedWithoutLosingDocuments) {
  auto& repo = *this->repo_;
  DossierRecord in;
  in.type = "vente";
  in.name = "Vente Sanchez / SCI Azur";
  DossierRecord a = repo.CreateDossier(in);
  EXPECT_EQ(a.id.rfind("dos_", 0), 0u);
  EXPECT_EQ(a.id.size(), 36u);
  EXPECT_FALSE(a.created_at.empty());
  DossierRecord b = repo.CreateDossier({"", "donation", "", "", ""});
  EXPECT_THROW(repo.CreateDossier({"", "bail", "", "", ""}), std::invalid_argument);

  auto got = repo.GetDossier(a.id);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->type, "vente");
  EXPECT_EQ(got->name, "Vente Sanchez / SCI Azur");
  EXPECT_FALSE(repo.GetDossier("dos_missing").has_value());

  auto list = repo.ListDossiers(1, 0);
  EXPECT_EQ(list.total, 2);
  ASSERT_EQ(list.items.size(), 1u);
  EXPECT_EQ(list.items[0].id, b.id);  // newest first

  auto [doc, created] = repo.InsertOrGetDocument(this->NewDoc("f00d"));
  EXPECT_TRUE(created);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));  // timestamps count milliseconds
  EXPECT_TRUE(repo.SetDocumentDossier(doc.id, a.id));
  EXPECT_EQ(repo.GetDocument(doc.id)->dossier_id, a.id);
  EXPECT_FALSE(repo.SetDocumentDossier("doc_missing", a.id));
  // The dossier a document just joined comes first in the list.
  EXPECT_EQ(repo.ListDossiers(1, 0).items[0].id, a.id);
  // A document coming in or leaving changes both dossiers; a refused move changes neither.
  std::string joined = repo.GetDossier(a.id)->updated_at;
  EXPECT_GT(joined, a.created_at);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_TRUE(repo.SetDocumentDossier(doc.id, b.id));
  EXPECT_GT(repo.GetDossier(a.id)->updated_at, joined);
  EXPECT_GT(repo.GetDossier(b.id)->updated_at, b.created_at);
  std::string left = repo.GetDossier(a.id)->updated_at;
  EXPECT_FALSE(repo.SetDocumentDossier(doc.id, "dos_missing"));
  EXPECT_EQ(repo.GetDossier(a.id)->updated_at, left);
  EXPECT_TRUE(repo.SetDocumentDossier(doc.id, a.id));

  repo.SaveDossierAnalysis(a.id, {{"complete", true}});
  EXPECT_EQ(repo.LoadDossierAnalysis(a.id)->at("complete"), true);
  repo.SaveDossierAnalysis(a.id, {{"complete", false}});
  EXPECT_EQ(repo.LoadDossierAnalysis(a.id)->at("complete"), false);
  EXPECT_THROW(repo.SaveDossierAnalysis("dos_missing", {}), std::invalid_argument);

  EXPECT_TRUE(repo.DeleteDossier(a.id));
  EXPECT_FALSE(repo.DeleteDossier(a.id));
  EXPECT_FALSE(repo.GetDossier(a.id).has_value());
  EXPECT_FALSE(repo.LoadDossierAnalysis(a.id).has_value());
  auto kept = repo.GetDocument(doc.id);
  ASSERT_TRUE(kept.has_value());  // the document survives its dossier
  EXPECT_FALSE(kept->dossier_id.has_value());
  EXPECT_TRUE(repo.SetDocumentDossier(doc.id, std::nullopt));
  // A deleted (or never created) dossier cannot be attached to.
  EXPECT_FALSE(repo.SetDocumentDossier(doc.id, a.id));
  EXPECT_FALSE(repo.GetDocument(doc.id)->dossier_id.has_value());
}

TYPED_TEST(RepositoryTest, AttachRacingADeleteNeverLeavesADanglingDossier) {
  auto other = this->backend_->Open();
  auto [doc, created] = this->repo_->InsertOrGetDocument(this->NewDoc("race"));
  for (int round = 0; round < 20; ++round) {
    DossierRecord d = this->repo_->CreateDossier({"", "vente", "", "", ""});
    std::atomic<bool> go{false};
    std::thread attach([&] {
      while (!go) {
      }
      other->SetDocumentDossier(doc.id, d.id);
    });
    go = true;
    this->repo_->DeleteDossier(d.id);
    attach.join();
    auto after = this->repo_->GetDocument(doc.id);
    if (after->dossier_id) {
      EXPECT_TRUE(this->repo_->GetDossier(*after->dossier_id).has_value())
          << "round " << round << ": document left in a deleted dossier";
    }
    this->repo_->SetDocumentDossier(doc.id, std::nullopt);
  }
}

TYPED_TEST(RepositoryTest, Pings) { EXPECT_TRUE(this->repo_->Ping()); }

// SQLite-specific: a database locked past the busy timeout is "unavailable", not a bug.
TEST(SqliteRepository, LockedDatabaseThrowsStoreUnavailable) {
  TempDir dir;
  const std::string path = dir.path() + "/locked.db";
  sqlite::PoolOptions fast;
  fast.busy_timeout = std::chrono::milliseconds(50);
  SqliteRepository repo(path, fast);
  repo.Migrate();
  auto doc =
      repo.InsertOrGetDocument({"", Sha256Hex("x"), "x.pdf", "application/pdf", "pdf", 1}).first;

  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_THROW(repo.MarkDone(doc.id), StoreUnavailable);
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  repo.MarkDone(doc.id);
  EXPECT_EQ(repo.GetDocument(doc.id)->status, kStatusDone);
}

TEST(SqliteRepository, UnopenablePathThrowsStoreUnavailable) {
  EXPECT_THROW(SqliteRepository("/nonexistent-dir/x/notaria.db"), StoreUnavailable);
}

}  // namespace
}  // namespace notaria::store
