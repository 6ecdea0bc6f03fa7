#include "store/postgres_repository.h"

#include <algorithm>
#include <stdexcept>

#include "store/clock.h"
#include "store/migrations.h"
#include "store/random_id.h"

namespace notaria::store {
namespace {

using pg::Param;
using pg::PgError;
using pg::Result;

// Any fixed number: the advisory lock every migrating process takes.
constexpr int64_t kMigrationLock = 4662704729;

// TIMESTAMPTZ read back as the ISO 8601 UTC text every adapter returns.
std::string Ts(std::string_view column) {
  return "to_char(" + std::string(column) +
         " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
}

const std::string& DocumentColumns() {
  static const std::string kColumns =
      "id, sha256, filename, mime_type, format, size_bytes, status, stage, percent, error_code, "
      "error_message, document_type, dossier_id, page_count, " +
      Ts("created_at") + ", " + Ts("updated_at");
  return kColumns;
}

DocumentRecord ReadDocument(const Result& r, int row) {
  DocumentRecord d;
  d.id = r.Text(row, 0);
  d.sha256 = r.Text(row, 1);
  d.filename = r.Text(row, 2);
  d.mime_type = r.Text(row, 3);
  d.format = r.Text(row, 4);
  d.size_bytes = r.Int64(row, 5);
  d.status = r.Text(row, 6);
  d.stage = r.Text(row, 7);
  d.percent = r.Int(row, 8);
  if (!r.IsNull(row, 9)) {
    d.error = DocumentError{ErrorCodeFromName(r.Text(row, 9)).value_or(ErrorCode::kInternal),
                            r.OptionalText(row, 10).value_or("")};
  }
  d.document_type = r.Text(row, 11);
  d.dossier_id = r.OptionalText(row, 12);
  d.page_count = r.Int(row, 13);
  d.created_at = r.Text(row, 14);
  d.updated_at = r.Text(row, 15);
  return d;
}

std::optional<DocumentRecord> SelectOne(pg::Connection& conn, std::string_view column,
                                        std::string_view value) {
  Result r = conn.Exec(
      "SELECT " + DocumentColumns() + " FROM documents WHERE " + std::string(column) + " = $1",
      {std::string(value)});
  if (r.rows() == 0) return std::nullopt;
  return ReadDocument(r, 0);
}

bool IsStatus(std::string_view s) {
  return s == kStatusQueued || s == kStatusProcessing || s == kStatusDone || s == kStatusFailed;
}

Param P(std::string_view s) { return std::string(s); }
Param P(const std::string& s) { return s; }
Param P(int v) { return std::to_string(v); }
Param P(int64_t v) { return std::to_string(v); }
Param P(const std::optional<std::string>& v) { return v; }

// A write whose only failure of interest is a missing parent row.
void RunChildWrite(pg::Connection& conn, std::string_view sql, const std::vector<Param>& params,
                   const char* what) {
  try {
    conn.Exec(sql, params);
  } catch (const PgError& e) {
    if (e.sqlstate() == pg::kForeignKeyViolation) throw std::invalid_argument(what);
    throw;
  }
}

constexpr std::string_view kDossierColumns = "id, type, name";

DossierRecord ReadDossier(const Result& r, int row) {
  return {r.Text(row, 0), r.Text(row, 1), r.Text(row, 2), r.Text(row, 3), r.Text(row, 4)};
}

const std::string& DossierColumns() {
  static const std::string kColumns =
      std::string(kDossierColumns) + ", " + Ts("created_at") + ", " + Ts("updated_at");
  return kColumns;
}

}  // namespace

PostgresRepository::PostgresRepository(const std::string& url, pg::PoolOptions options)
    : pool_(url, options) {}

void PostgresRepository::Migrate() {
  auto conn = pool_.Acquire();
  // A session lock, held over the migrations' own transactions: concurrent starts wait
  // for the first one and then find nothing left to do.
  conn->Exec("SELECT pg_advisory_lock($1)", {P(kMigrationLock)});
  struct Unlock {
    pg::Connection& c;
    ~Unlock() {
      try {
        if (!c.broken()) c.Exec("SELECT pg_advisory_unlock($1)", {P(kMigrationLock)});
      } catch (...) {  // a broken connection is dropped, and its session lock with it
      }
    }
  } unlock{*conn};
  conn->Exec(kPostgresMigrationsTable);
  Result v = conn->Exec("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (int applied = v.Int(0, 0); applied > LatestSchemaVersion()) {
    throw std::runtime_error("database schema version " + std::to_string(applied) +
                             " is newer than this binary's " +
                             std::to_string(LatestSchemaVersion()));
  }
  for (const Migration& m : Migrations()) {
    pg::Transaction tx(*conn);
    if (conn->Exec("SELECT 1 FROM schema_migrations WHERE version = $1", {P(m.version)}).rows()) {
      continue;
    }
    conn->Exec(m.postgres_sql);
    conn->Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())",
               {P(m.version), P(m.name)});
    tx.Commit();
  }
}

int PostgresRepository::SchemaVersion() {
  auto conn = pool_.Acquire();
  if (conn->Exec("SELECT to_regclass('schema_migrations') IS NOT NULL").Text(0, 0) != "t") {
    return 0;
  }
  return conn->Exec("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Int(0, 0);
}

std::pair<DocumentRecord, bool> PostgresRepository::InsertOrGetDocument(const DocumentRecord& doc) {
  if (!IsStatus(doc.status)) throw std::invalid_argument("unknown document status");
  auto conn = pool_.Acquire();
  std::string now = NowIso8601Utc();
  Param code, message;
  if (doc.error) {
    code = std::string(ErrorCodeName(doc.error->code));
    message = doc.error->message;
  }
  // ON CONFLICT settles concurrent identical uploads: one row, whoever wins.
  Result ins = conn->Exec(
      "INSERT INTO documents (id, sha256, filename, mime_type, format, size_bytes, status, "
      "stage, percent, error_code, error_message, document_type, dossier_id, page_count, "
      "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
      "$14, $15::timestamptz, $15::timestamptz) ON CONFLICT (sha256) DO NOTHING",
      {P(doc.id.empty() ? NewDocumentId() : doc.id), P(doc.sha256), P(doc.filename),
       P(doc.mime_type), P(doc.format), P(doc.size_bytes), P(doc.status), P(doc.stage),
       P(std::clamp(doc.percent, 0, 100)), code, message, P(doc.document_type), P(doc.dossier_id),
       P(doc.page_count), P(now)});
  bool created = ins.Affected() > 0;
  auto stored = SelectOne(*conn, "sha256", doc.sha256);
  if (!stored) throw std::logic_error("document vanished right after its insertion");
  return {std::move(*stored), created};
}

std::optional<DocumentRecord> PostgresRepository::GetDocument(std::string_view id) {
  auto conn = pool_.Acquire();
  return SelectOne(*conn, "id", id);
}

DocumentList PostgresRepository::ListDocuments(const DocumentFilter& filter) {
  std::string where;
  std::vector<Param> args;
  auto add = [&](std::string_view column, const std::optional<std::string>& value) {
    if (!value) return;
    args.push_back(*value);
    where += where.empty() ? " WHERE " : " AND ";
    where += std::string(column) + " = $" + std::to_string(args.size());
  };
  add("status", filter.status);
  add("document_type", filter.document_type);
  add("dossier_id", filter.dossier_id);
  int limit = std::clamp(filter.limit, 1, 200);
  int offset = std::max(filter.offset, 0);

  auto conn = pool_.Acquire();
  DocumentList list;
  // One snapshot for the page and the total.
  pg::Transaction tx(*conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  list.total = conn->Exec("SELECT COUNT(*) FROM documents" + where, args).Int64(0, 0);
  std::vector<Param> page_args = args;
  page_args.push_back(P(limit));
  page_args.push_back(P(offset));
  Result r = conn->Exec("SELECT " + DocumentColumns() + " FROM documents" + where +
                            " ORDER BY seq DESC LIMIT $" + std::to_string(args.size() + 1) +
                            " OFFSET $" + std::to_string(args.size() + 2),
                        page_args);
  for (int i = 0; i < r.rows(); ++i) list.items.push_back(ReadDocument(r, i));
  tx.Commit();
  return list;
}

void PostgresRepository::SetProgress(std::string_view id, std::string_view status,
                                     std::string_view stage, int percent) {
  if (!IsStatus(status)) throw std::invalid_argument("unknown document status");
  auto conn = pool_.Acquire();
  conn->Exec(
      "UPDATE documents SET status = $2, stage = $3, percent = $4, updated_at = $5::timestamptz "
      "WHERE id = $1",
      {P(id), P(status), P(stage), P(std::clamp(percent, 0, 100)), P(NowIso8601Utc())});
}

void PostgresRepository::SetPageCount(std::string_view id, int page_count) {
  auto conn = pool_.Acquire();
  conn->Exec("UPDATE documents SET page_count = $2, updated_at = $3::timestamptz WHERE id = $1",
             {P(id), P(page_count), P(NowIso8601Utc())});
}

void PostgresRepository::SetDocumentType(std::string_view id, std::string_view type) {
  auto conn = pool_.Acquire();
  conn->Exec("UPDATE documents SET document_type = $2, updated_at = $3::timestamptz WHERE id = $1",
             {P(id), P(type), P(NowIso8601Utc())});
}

void PostgresRepository::MarkDone(std::string_view id) {
  auto conn = pool_.Acquire();
  conn->Exec(
      "UPDATE documents SET status = 'done', percent = 100, error_code = NULL, "
      "error_message = NULL, updated_at = $2::timestamptz WHERE id = $1",
      {P(id), P(NowIso8601Utc())});
}

void PostgresRepository::MarkFailed(std::string_view id, const DocumentError& error) {
  auto conn = pool_.Acquire();
  conn->Exec(
      "UPDATE documents SET status = 'failed', error_code = $2, error_message = $3, "
      "updated_at = $4::timestamptz WHERE id = $1",
      {P(id), P(ErrorCodeName(error.code)), P(error.message), P(NowIso8601Utc())});
}

void PostgresRepository::ResetForRetry(std::string_view id) {
  auto conn = pool_.Acquire();
  conn->Exec(
      "UPDATE documents SET status = 'queued', stage = '', percent = 0, error_code = NULL, "
      "error_message = NULL, updated_at = $2::timestamptz WHERE id = $1",
      {P(id), P(NowIso8601Utc())});
}

void PostgresRepository::SavePage(std::string_view id, const Page& page) {
  auto conn = pool_.Acquire();
  RunChildWrite(*conn,
                "INSERT INTO pages (document_id, number, json) VALUES ($1, $2, $3) "
                "ON CONFLICT (document_id, number) DO UPDATE SET json = excluded.json",
                {P(id), P(page.number), P(PageToJson(page).dump())}, "no such document");
}

std::vector<Page> PostgresRepository::LoadPages(std::string_view id) {
  auto conn = pool_.Acquire();
  Result r = conn->Exec("SELECT json FROM pages WHERE document_id = $1 ORDER BY number", {P(id)});
  std::vector<Page> pages;
  for (int i = 0; i < r.rows(); ++i) {
    pages.push_back(PageFromJson(nlohmann::json::parse(r.Text(i, 0))));
  }
  return pages;
}

std::optional<Page> PostgresRepository::LoadPage(std::string_view id, int number) {
  auto conn = pool_.Acquire();
  Result r = conn->Exec("SELECT json FROM pages WHERE document_id = $1 AND number = $2",
                        {P(id), P(number)});
  if (r.rows() == 0) return std::nullopt;
  return PageFromJson(nlohmann::json::parse(r.Text(0, 0)));
}

void PostgresRepository::DeletePages(std::string_view id) {
  auto conn = pool_.Acquire();
  conn->Exec("DELETE FROM pages WHERE document_id = $1", {P(id)});
}

void PostgresRepository::SaveStageOutput(std::string_view id, const StageOutput& output) {
  auto conn = pool_.Acquire();
  RunChildWrite(
      *conn,
      "INSERT INTO stage_outputs (document_id, stage, version, json, updated_at) "
      "VALUES ($1, $2, $3, $4, $5::timestamptz) ON CONFLICT (document_id, stage) DO "
      "UPDATE SET version = excluded.version, json = excluded.json, "
      "updated_at = excluded.updated_at",
      {P(id), P(output.stage), P(output.version), P(output.output.dump()), P(NowIso8601Utc())},
      "no such document");
}

std::optional<StageOutput> PostgresRepository::LoadStageOutput(std::string_view id,
                                                               std::string_view stage) {
  auto conn = pool_.Acquire();
  Result r =
      conn->Exec("SELECT version, json FROM stage_outputs WHERE document_id = $1 AND stage = $2",
                 {P(id), P(stage)});
  if (r.rows() == 0) return std::nullopt;
  return StageOutput{std::string(stage), r.Int(0, 0), nlohmann::json::parse(r.Text(0, 1))};
}

DossierRecord PostgresRepository::CreateDossier(const DossierRecord& dossier) {
  if (!IsDossierType(dossier.type)) throw std::invalid_argument("unknown dossier type");
  DossierRecord d = dossier;
  if (d.id.empty()) d.id = NewDossierId();
  d.created_at = d.updated_at = NowIso8601Utc();
  auto conn = pool_.Acquire();
  conn->Exec(
      "INSERT INTO dossiers (id, type, name, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4::timestamptz, $4::timestamptz)",
      {P(d.id), P(d.type), P(d.name), P(d.created_at)});
  return d;
}

std::optional<DossierRecord> PostgresRepository::GetDossier(std::string_view id) {
  auto conn = pool_.Acquire();
  Result r = conn->Exec("SELECT " + DossierColumns() + " FROM dossiers WHERE id = $1", {P(id)});
  if (r.rows() == 0) return std::nullopt;
  return ReadDossier(r, 0);
}

DossierList PostgresRepository::ListDossiers(int limit, int offset) {
  auto conn = pool_.Acquire();
  DossierList list;
  pg::Transaction tx(*conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  list.total = conn->Exec("SELECT COUNT(*) FROM dossiers").Int64(0, 0);
  Result r = conn->Exec("SELECT " + DossierColumns() +
                            " FROM dossiers ORDER BY updated_at DESC, seq DESC LIMIT $1 OFFSET $2",
                        {P(std::clamp(limit, 1, 200)), P(std::max(offset, 0))});
  for (int i = 0; i < r.rows(); ++i) list.items.push_back(ReadDossier(r, i));
  tx.Commit();
  return list;
}

bool PostgresRepository::DeleteDossier(std::string_view id) {
  auto conn = pool_.Acquire();
  pg::Transaction tx(*conn);
  // Locked first, so that no attachment slips in between the detaching and the delete.
  conn->Exec("SELECT 1 FROM dossiers WHERE id = $1 FOR UPDATE", {P(id)});
  conn->Exec(
      "UPDATE documents SET dossier_id = NULL, updated_at = $2::timestamptz "
      "WHERE dossier_id = $1",
      {P(id), P(NowIso8601Utc())});
  bool deleted = conn->Exec("DELETE FROM dossiers WHERE id = $1", {P(id)}).Affected() > 0;
  tx.Commit();
  return deleted;
}

bool PostgresRepository::SetDocumentDossier(std::string_view document_id,
                                            const std::optional<std::string>& dossier_id) {
  auto conn = pool_.Acquire();
  // FOR SHARE waits for a DeleteDossier in progress (it locks the row FOR UPDATE first) and
  // then sees the row gone; once taken, it holds the deletion back until this commits.
  // A dossier changes when a document comes in or leaves: the one left and the one joined are
  // touched in the same statement.
  Result r = conn->Exec(
      "WITH before AS (SELECT dossier_id FROM documents WHERE id = $1), "
      "moved AS (UPDATE documents SET dossier_id = $2, updated_at = $3::timestamptz "
      "WHERE id = $1 AND ($2::text IS NULL OR EXISTS "
      "(SELECT 1 FROM dossiers WHERE id = $2 FOR SHARE)) RETURNING 1), "
      "touched AS (UPDATE dossiers SET updated_at = $3::timestamptz WHERE EXISTS "
      "(SELECT 1 FROM moved) AND (id = $2 OR id IN (SELECT dossier_id FROM before)) RETURNING 1) "
      "SELECT (SELECT count(*) FROM moved), (SELECT count(*) FROM touched)",
      {P(document_id), P(dossier_id), P(NowIso8601Utc())});
  return r.rows() > 0 && r.Int(0, 0) > 0;
}

void PostgresRepository::SaveDossierAnalysis(std::string_view dossier_id,
                                             const nlohmann::json& analysis) {
  auto conn = pool_.Acquire();
  RunChildWrite(*conn,
                "INSERT INTO dossier_analyses (dossier_id, json, updated_at) VALUES ($1, $2, "
                "$3::timestamptz) ON CONFLICT (dossier_id) DO UPDATE SET json = excluded.json, "
                "updated_at = excluded.updated_at",
                {P(dossier_id), P(analysis.dump()), P(NowIso8601Utc())}, "no such dossier");
}

std::optional<nlohmann::json> PostgresRepository::LoadDossierAnalysis(std::string_view dossier_id) {
  auto conn = pool_.Acquire();
  Result r = conn->Exec("SELECT json FROM dossier_analyses WHERE dossier_id = $1", {P(dossier_id)});
  if (r.rows() == 0) return std::nullopt;
  return nlohmann::json::parse(r.Text(0, 0));
}

std::map<std::string, int64_t> PostgresRepository::CountByStatus() {
  auto conn = pool_.Acquire();
  Result r = conn->Exec("SELECT status, COUNT(*) FROM documents GROUP BY status");
  std::map<std::string, int64_t> counts;
  for (int i = 0; i < r.rows(); ++i) counts[r.Text(i, 0)] = r.Int64(i, 1);
  return counts;
}

bool PostgresRepository::Ping() {
  try {
    auto conn = pool_.Acquire();
    return conn->Exec("SELECT 1").Int(0, 0) == 1;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace notaria::store
