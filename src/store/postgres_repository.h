// PostgresRepository: the Repository on PostgreSQL, selected by DATABASE_URL=postgresql://...
//
// Several processes (API servers, workers, on several machines) share one database. Call
// Migrate() at start-up: it takes an advisory lock so that concurrent starts apply each
// migration once. Every method borrows a pooled connection for one statement or one
// transaction; a server or link failure throws StoreUnavailable and the next call tries a new
// connection. Timestamps are stored as TIMESTAMPTZ and read back in the same ISO 8601 UTC
// form as the SQLite adapter gives. Same contract as SqliteRepository otherwise.
#pragma once

#include <string>

#include "store/pg_pool.h"
#include "store/repository.h"

namespace notaria::store {

class PostgresRepository : public Repository {
 public:
  // Connects once (StoreUnavailable when the server cannot be reached).
  explicit PostgresRepository(const std::string& url, pg::PoolOptions options = {});

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

  pg::ConnectionPool& pool() { return pool_; }

 private:
  pg::ConnectionPool pool_;
};

}  // namespace notaria::store
