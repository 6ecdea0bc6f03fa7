// SqliteRepository: the embedded Repository, one SQLite database file in WAL mode.
//
// Open it on a file path, then call Migrate() once at start-up (`notaria migrate` or the
// server's boot) before any other method. The object may be shared by any number of
// threads: each call borrows a pooled connection, and every write is a single statement or
// a BEGIN IMMEDIATE transaction. Other processes (workers, SqliteJobQueue) may open the same
// file concurrently. Updates addressed to an unknown document id change nothing; SavePage
// and SaveStageOutput for an unknown id throw std::invalid_argument. A file path is required:
// ":memory:" would give every pooled connection its own empty database.
#pragma once

#include <memory>
#include <string>

#include "store/repository.h"
#include "store/sqlite_pool.h"

namespace notaria::store {

class SqliteRepository : public Repository {
 public:
  // Opens (creating if needed) the database file; throws StoreUnavailable if it cannot.
  explicit SqliteRepository(const std::string& path, sqlite::PoolOptions options = {});

  void Migrate() override;
  int SchemaVersion() override;

  std::pair<DocumentRecord, bool> InsertOrGetDocument(const DocumentRecord& doc) override;
  std::optional<DocumentRecord> GetDocument(std::string_view id) override;
  DocumentList ListDocuments(const DocumentFilter& filter) override;

  void SetProgress(std::string_view id, std::string_view status, std::string_view stage,
                   int percent) override;
  void SetPageCount(std::string_view id, int page_count) override;
  void SetDocumentType(std::string_view id, std::string_view type) override;
  void MarkDone(std::string_view id) override;
  void MarkFailed(std::string_view id, const DocumentError& error) override;
  void ResetForRetry(std::string_view id) override;

  void SavePage(std::string_view id, const Page& page) override;
  std::vector<Page> LoadPages(std::string_view id) override;
  std::optional<Page> LoadPage(std::string_view id, int number) override;
  void DeletePages(std::string_view id) override;

  void SaveStageOutput(std::string_view id, const StageOutput& output) override;
  std::optional<StageOutput> LoadStageOutput(std::string_view id, std::string_view stage) override;

  DossierRecord CreateDossier(const DossierRecord& dossier) override;
  std::optional<DossierRecord> GetDossier(std::string_view id) override;
  DossierList ListDossiers(int limit, int offset) override;
  bool DeleteDossier(std::string_view id) override;
  bool SetDocumentDossier(std::string_view document_id,
                          const std::optional<std::string>& dossier_id) override;
  void SaveDossierAnalysis(std::string_view dossier_id, const nlohmann::json& analysis) override;
  std::optional<nlohmann::json> LoadDossierAnalysis(std::string_view dossier_id) override;

  std::map<std::string, int64_t> CountByStatus() override;
  bool Ping() override;

 private:
  sqlite::ConnectionPool pool_;
};

}  // namespace notaria::store
