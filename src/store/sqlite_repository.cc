#include "store/sqlite_repository.h"

#include <algorithm>
#include <stdexcept>

#include "store/clock.h"
#include "store/random_id.h"
#include "store/sqlite_migrate.h"

namespace notaria::store {
namespace {

using sqlite::Connection;
using sqlite::SqliteError;
using sqlite::Statement;
using sqlite::Transaction;

constexpr std::string_view kDocumentColumns =
    "id, sha256, filename, mime_type, format, size_bytes, status, stage, percent, error_code, "
    "error_message, document_type, dossier_id, page_count, created_at, updated_at";

DocumentRecord ReadDocument(const Statement& st) {
  DocumentRecord d;
  d.id = st.Text(0);
  d.sha256 = st.Text(1);
  d.filename = st.Text(2);
  d.mime_type = st.Text(3);
  d.format = st.Text(4);
  d.size_bytes = st.Int64(5);
  d.status = st.Text(6);
  d.stage = st.Text(7);
  d.percent = st.Int(8);
  if (!st.IsNull(9)) {
    d.error = DocumentError{ErrorCodeFromName(st.Text(9)).value_or(ErrorCode::kInternal),
                            st.OptionalText(10).value_or("")};
  }
  d.document_type = st.Text(11);
  d.dossier_id = st.OptionalText(12);
  d.page_count = st.Int(13);
  d.created_at = st.Text(14);
  d.updated_at = st.Text(15);
  return d;
}

std::optional<DocumentRecord> SelectOne(Connection& conn, std::string_view where_column,
                                        std::string_view value) {
  std::string sql = "SELECT " + std::string(kDocumentColumns) + " FROM documents WHERE " +
                    std::string(where_column) + " = ?1";
  auto st = conn.Prepare(sql);
  st.Bind(1, value);
  if (!st.Step()) return std::nullopt;
  return ReadDocument(st);
}

bool IsStatus(std::string_view s) {
  return s == kStatusQueued || s == kStatusProcessing || s == kStatusDone || s == kStatusFailed;
}

// Runs a write whose only failure of interest is a missing parent document.
void RunChildWrite(Statement& st) {
  try {
    st.Run();
  } catch (const SqliteError& e) {
    if (e.code() == SQLITE_CONSTRAINT_FOREIGNKEY) {
      throw std::invalid_argument("no such document");
    }
    throw;
  }
}

}  // namespace

SqliteRepository::SqliteRepository(const std::string& path, sqlite::PoolOptions options)
    : pool_(path, options) {}

void SqliteRepository::Migrate() {
  auto conn = pool_.Acquire();
  sqlite::ApplyMigrations(*conn);
}

int SqliteRepository::SchemaVersion() {
  auto conn = pool_.Acquire();
  return sqlite::AppliedSchemaVersion(*conn);
}

std::pair<DocumentRecord, bool> SqliteRepository::InsertOrGetDocument(const DocumentRecord& doc) {
  if (!IsStatus(doc.status)) throw std::invalid_argument("unknown document status");
  auto conn = pool_.Acquire();
  // The transaction makes "insert, or read the row that won" one atomic step; the UNIQUE
  // constraint on sha256 is what settles concurrent identical uploads.
  Transaction tx(*conn, Transaction::Mode::kImmediate);
  std::string now = NowIso8601Utc();
  {
    auto st = conn->Prepare(
        "INSERT INTO documents (id, sha256, filename, mime_type, format, size_bytes, status, "
        "stage, percent, error_code, error_message, document_type, dossier_id, page_count, "
        "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
        "?13, ?14, ?15, ?15) ON CONFLICT (sha256) DO NOTHING");
    st.Bind(1, doc.id.empty() ? NewDocumentId() : doc.id)
        .Bind(2, doc.sha256)
        .Bind(3, doc.filename)
        .Bind(4, doc.mime_type)
        .Bind(5, doc.format)
        .Bind(6, doc.size_bytes)
        .Bind(7, doc.status)
        .Bind(8, doc.stage)
        .Bind(9, std::clamp(doc.percent, 0, 100));
    if (doc.error) {
      st.Bind(10, ErrorCodeName(doc.error->code)).Bind(11, doc.error->message);
    } else {
      st.BindNull(10).BindNull(11);
    }
    st.Bind(12, doc.document_type)
        .Bind(13, doc.dossier_id)
        .Bind(14, doc.page_count)
        .Bind(15, now)
        .Run();
  }
  bool created = conn->Changes() > 0;
  auto stored = SelectOne(*conn, "sha256", doc.sha256);
  tx.Commit();
  if (!stored) throw std::logic_error("document vanished inside its own transaction");
  return {std::move(*stored), created};
}

std::optional<DocumentRecord> SqliteRepository::GetDocument(std::string_view id) {
  auto conn = pool_.Acquire();
  return SelectOne(*conn, "id", id);
}

DocumentList SqliteRepository::ListDocuments(const DocumentFilter& filter) {
  // Parameters are numbered by position so each filter combination is one cached statement.
  std::string where;
  std::vector<std::string_view> args;
  auto add = [&](std::string_view column, const std::optional<std::string>& value) {
    if (!value) return;
    args.push_back(*value);
    where += where.empty() ? " WHERE " : " AND ";
    where += std::string(column) + " = ?" + std::to_string(args.size());
  };
  add("status", filter.status);
  add("document_type", filter.document_type);
  add("dossier_id", filter.dossier_id);
  int limit = std::clamp(filter.limit, 1, 200);
  int offset = std::max(filter.offset, 0);

  auto conn = pool_.Acquire();
  DocumentList list;
  // One read transaction so the page and the total come from the same snapshot.
  Transaction tx(*conn, Transaction::Mode::kDeferred);
  {
    auto st = conn->Prepare("SELECT COUNT(*) FROM documents" + where);
    for (size_t i = 0; i < args.size(); ++i) st.Bind(static_cast<int>(i + 1), args[i]);
    st.Step();
    list.total = st.Int64(0);
  }
  {
    auto st = conn->Prepare("SELECT " + std::string(kDocumentColumns) + " FROM documents" + where +
                            " ORDER BY seq DESC LIMIT ?" + std::to_string(args.size() + 1) +
                            " OFFSET ?" + std::to_string(args.size() + 2));
    for (size_t i = 0; i < args.size(); ++i) st.Bind(static_cast<int>(i + 1), args[i]);
    st.Bind(static_cast<int>(args.size() + 1), limit)
        .Bind(static_cast<int>(args.size() + 2), offset);
    while (st.Step()) list.items.push_back(ReadDocument(st));
  }
  tx.Commit();
  return list;
}

void SqliteRepository::SetProgress(std::string_view id, std::string_view status,
                                   std::string_view stage, int percent) {
  if (!IsStatus(status)) throw std::invalid_argument("unknown document status");
  auto conn = pool_.Acquire();
  conn->Prepare(
          "UPDATE documents SET status = ?2, stage = ?3, percent = ?4, updated_at = ?5 "
          "WHERE id = ?1")
      .Bind(1, id)
      .Bind(2, status)
      .Bind(3, stage)
      .Bind(4, std::clamp(percent, 0, 100))
      .Bind(5, NowIso8601Utc())
      .Run();
}

void SqliteRepository::SetPageCount(std::string_view id, int page_count) {
  auto conn = pool_.Acquire();
  conn->Prepare("UPDATE documents SET page_count = ?2, updated_at = ?3 WHERE id = ?1")
      .Bind(1, id)
      .Bind(2, page_count)
      .Bind(3, NowIso8601Utc())
      .Run();
}

void SqliteRepository::SetDocumentType(std::string_view id, std::string_view type) {
  auto conn = pool_.Acquire();
  conn->Prepare("UPDATE documents SET document_type = ?2, updated_at = ?3 WHERE id = ?1")
      .Bind(1, id)
      .Bind(2, type)
      .Bind(3, NowIso8601Utc())
      .Run();
}

void SqliteRepository::MarkDone(std::string_view id) {
  auto conn = pool_.Acquire();
  conn->Prepare(
          "UPDATE documents SET status = 'done', percent = 100, error_code = NULL, "
          "error_message = NULL, updated_at = ?2 WHERE id = ?1")
      .Bind(1, id)
      .Bind(2, NowIso8601Utc())
      .Run();
}

void SqliteRepository::MarkFailed(std::string_view id, const DocumentError& error) {
  auto conn = pool_.Acquire();
  conn->Prepare(
          "UPDATE documents SET status = 'failed', error_code = ?2, error_message = ?3, "
          "updated_at = ?4 WHERE id = ?1")
      .Bind(1, id)
      .Bind(2, ErrorCodeName(error.code))
      .Bind(3, error.message)
      .Bind(4, NowIso8601Utc())
      .Run();
}

void SqliteRepository::ResetForRetry(std::string_view id) {
  auto conn = pool_.Acquire();
  conn->Prepare(
          "UPDATE documents SET status = 'queued', stage = '', percent = 0, error_code = NULL, "
          "error_message = NULL, updated_at = ?2 WHERE id = ?1")
      .Bind(1, id)
      .Bind(2, NowIso8601Utc())
      .Run();
}

void SqliteRepository::SavePage(std::string_view id, const Page& page) {
  std::string json = PageToJson(page).dump();
  auto conn = pool_.Acquire();
  auto st = conn->Prepare(
      "INSERT INTO pages (document_id, number, json) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (document_id, number) DO UPDATE SET json = excluded.json");
  st.Bind(1, id).Bind(2, page.number).Bind(3, json);
  RunChildWrite(st);
}

std::vector<Page> SqliteRepository::LoadPages(std::string_view id) {
  auto conn = pool_.Acquire();
  auto st = conn->Prepare("SELECT json FROM pages WHERE document_id = ?1 ORDER BY number");
  st.Bind(1, id);
  std::vector<Page> pages;
  while (st.Step()) pages.push_back(PageFromJson(nlohmann::json::parse(st.Text(0))));
  return pages;
}

std::optional<Page> SqliteRepository::LoadPage(std::string_view id, int number) {
  auto conn = pool_.Acquire();
  auto st = conn->Prepare("SELECT json FROM pages WHERE document_id = ?1 AND number = ?2");
  st.Bind(1, id).Bind(2, number);
  if (!st.Step()) return std::nullopt;
  return PageFromJson(nlohmann::json::parse(st.Text(0)));
}

void SqliteRepository::DeletePages(std::string_view id) {
  auto conn = pool_.Acquire();
  conn->Prepare("DELETE FROM pages WHERE document_id = ?1").Bind(1, id).Run();
}

void SqliteRepository::SaveStageOutput(std::string_view id, const StageOutput& output) {
  std::string json = output.output.dump();
  auto conn = pool_.Acquire();
  auto st = conn->Prepare(
      "INSERT INTO stage_outputs (document_id, stage, version, json, updated_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (document_id, stage) DO UPDATE SET "
      "version = excluded.version, json = excluded.json, updated_at = excluded.updated_at");
  st.Bind(1, id)
      .Bind(2, output.stage)
      .Bind(3, output.version)
      .Bind(4, json)
      .Bind(5, NowIso8601Utc());
  RunChildWrite(st);
}

std::optional<StageOutput> SqliteRepository::LoadStageOutput(std::string_view id,
                                                             std::string_view stage) {
  auto conn = pool_.Acquire();
  auto st = conn->Prepare(
      "SELECT version, json FROM stage_outputs WHERE document_id = ?1 AND stage = ?2");
  st.Bind(1, id).Bind(2, stage);
  if (!st.Step()) return std::nullopt;
  return StageOutput{std::string(stage), st.Int(0), nlohmann::json::parse(st.Text(1))};
}

namespace {

constexpr std::string_view kDossierColumns = "id, type, name, created_at, updated_at";

DossierRecord ReadDossier(const Statement& st) {
  return {st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4)};
}

}  // namespace

DossierRecord SqliteRepository::CreateDossier(const DossierRecord& dossier) {
  if (!IsDossierType(dossier.type)) throw std::invalid_argument("unknown dossier type");
  DossierRecord d = dossier;
  if (d.id.empty()) d.id = NewDossierId();
  d.created_at = d.updated_at = NowIso8601Utc();
  auto conn = pool_.Acquire();
  conn->Prepare(
          "INSERT INTO dossiers (id, type, name, created_at, updated_at) "
          "VALUES (?1, ?2, ?3, ?4, ?4)")
      .Bind(1, d.id)
      .Bind(2, d.type)
      .Bind(3, d.name)
      .Bind(4, d.created_at)
      .Run();
  return d;
}

std::optional<DossierRecord> SqliteRepository::GetDossier(std::string_view id) {
  auto conn = pool_.Acquire();
  auto st =
      conn->Prepare("SELECT " + std::string(kDossierColumns) + " FROM dossiers WHERE id = ?1");
  st.Bind(1, id);
  if (!st.Step()) return std::nullopt;
  return ReadDossier(st);
}

DossierList SqliteRepository::ListDossiers(int limit, int offset) {
  auto conn = pool_.Acquire();
  DossierList list;
  Transaction tx(*conn, Transaction::Mode::kDeferred);
  {
    auto st = conn->Prepare("SELECT COUNT(*) FROM dossiers");
    st.Step();
    list.total = st.Int64(0);
  }
  {
    auto st = conn->Prepare("SELECT " + std::string(kDossierColumns) +
                            " FROM dossiers ORDER BY updated_at DESC, seq DESC LIMIT ?1 OFFSET ?2");
    st.Bind(1, std::clamp(limit, 1, 200)).Bind(2, std::max(offset, 0));
    while (st.Step()) list.items.push_back(ReadDossier(st));
  }
  tx.Commit();
  return list;
}

bool SqliteRepository::DeleteDossier(std::string_view id) {
  auto conn = pool_.Acquire();
  Transaction tx(*conn, Transaction::Mode::kImmediate);
  conn->Prepare("UPDATE documents SET dossier_id = NULL, updated_at = ?2 WHERE dossier_id = ?1")
      .Bind(1, id)
      .Bind(2, NowIso8601Utc())
      .Run();
  conn->Prepare("DELETE FROM dossiers WHERE id = ?1").Bind(1, id).Run();
  bool deleted = conn->Changes() > 0;
  tx.Commit();
  return deleted;
}

bool SqliteRepository::SetDocumentDossier(std::string_view document_id,
                                          const std::optional<std::string>& dossier_id) {
  auto conn = pool_.Acquire();
  // Writes are serialised: the dossier cannot vanish between the check and the update.
  Transaction tx(*conn, Transaction::Mode::kImmediate);
  std::string now = NowIso8601Utc();
  std::optional<std::string> before;
  {
    auto st = conn->Prepare("SELECT dossier_id FROM documents WHERE id = ?1");
    st.Bind(1, document_id);
    if (st.Step() && !st.IsNull(0)) before = st.Text(0);
  }
  conn->Prepare(
          "UPDATE documents SET dossier_id = ?2, updated_at = ?3 WHERE id = ?1 "
          "AND (?2 IS NULL OR EXISTS (SELECT 1 FROM dossiers WHERE id = ?2))")
      .Bind(1, document_id)
      .Bind(2, dossier_id)
      .Bind(3, now)
      .Run();
  bool changed = conn->Changes() > 0;
  if (changed) {
    // A dossier changes when a document comes in or leaves: the one left and the one joined.
    conn->Prepare("UPDATE dossiers SET updated_at = ?3 WHERE id = ?1 OR id = ?2")
        .Bind(1, before)
        .Bind(2, dossier_id)
        .Bind(3, now)
        .Run();
  }
  tx.Commit();
  return changed;
}

void SqliteRepository::SaveDossierAnalysis(std::string_view dossier_id,
                                           const nlohmann::json& analysis) {
  std::string json = analysis.dump();
  auto conn = pool_.Acquire();
  auto st = conn->Prepare(
      "INSERT INTO dossier_analyses (dossier_id, json, updated_at) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (dossier_id) DO UPDATE SET json = excluded.json, "
      "updated_at = excluded.updated_at");
  st.Bind(1, dossier_id).Bind(2, json).Bind(3, NowIso8601Utc());
  try {
    st.Run();
  } catch (const SqliteError& e) {
    if (e.code() == SQLITE_CONSTRAINT_FOREIGNKEY) throw std::invalid_argument("no such dossier");
    throw;
  }
}

std::optional<nlohmann::json> SqliteRepository::LoadDossierAnalysis(std::string_view dossier_id) {
  auto conn = pool_.Acquire();
  auto st = conn->Prepare("SELECT json FROM dossier_analyses WHERE dossier_id = ?1");
  st.Bind(1, dossier_id);
  if (!st.Step()) return std::nullopt;
  return nlohmann::json::parse(st.Text(0));
}

std::map<std::string, int64_t> SqliteRepository::CountByStatus() {
  auto conn = pool_.Acquire();
  auto st = conn->Prepare("SELECT status, COUNT(*) FROM documents GROUP BY status");
  std::map<std::string, int64_t> counts;
  while (st.Step()) counts[st.Text(0)] = st.Int64(1);
  return counts;
}

bool SqliteRepository::Ping() {
  try {
    auto conn = pool_.Acquire();
    auto st = conn->Prepare("SELECT 1");
    return st.Step() && st.Int(0) == 1;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace notaria::store
