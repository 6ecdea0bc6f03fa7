#include "store/pg_connection.h"

#include <charconv>

#include "store/repository.h"

namespace notaria::store::pg {
namespace {

// SQLSTATE classes that say the server or the link failed, not the statement: connection
// exceptions (08), insufficient resources (53: too many connections, disk full), operator
// intervention (57: shutdown, cancel), system errors (58).
bool IsUnavailable(std::string_view sqlstate) {
  return sqlstate.size() == 5 && (sqlstate.substr(0, 2) == "08" || sqlstate.substr(0, 2) == "53" ||
                                  sqlstate.substr(0, 2) == "57" || sqlstate.substr(0, 2) == "58");
}

std::string FirstLine(const char* message) {
  std::string s = message ? message : "";
  size_t nl = s.find('\n');
  if (nl != std::string::npos) s.resize(nl);
  return s;
}

}  // namespace

std::optional<std::string> Result::OptionalText(int row, int col) const {
  if (IsNull(row, col)) return std::nullopt;
  return Text(row, col);
}

int64_t Result::Int64(int row, int col) const {
  const char* v = PQgetvalue(r_.get(), row, col);
  int64_t out = 0;
  std::from_chars(v, v + std::char_traits<char>::length(v), out);
  return out;
}

int64_t Result::Affected() const {
  const char* v = PQcmdTuples(r_.get());
  int64_t out = 0;
  std::from_chars(v, v + std::char_traits<char>::length(v), out);
  return out;
}

std::string RedactUrl(const std::string& url) {
  // postgresql://user:password@host/db -> postgresql://user:***@host/db
  size_t scheme = url.find("://");
  size_t at = url.rfind('@');
  if (scheme == std::string::npos || at == std::string::npos || at < scheme) return url;
  size_t colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

std::unique_ptr<Connection> Connection::Open(const std::string& url,
                                             std::chrono::seconds connect_timeout) {
  // libpq takes a URL as "dbname"; connect_timeout and the client encoding ride along.
  const char* keys[] = {"dbname", "connect_timeout", "client_encoding", nullptr};
  std::string timeout = std::to_string(std::max<int64_t>(1, connect_timeout.count()));
  const char* values[] = {url.c_str(), timeout.c_str(), "UTF8", nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (conn == nullptr) throw StoreUnavailable("PostgreSQL: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = FirstLine(PQerrorMessage(conn));
    PQfinish(conn);
    throw StoreUnavailable("PostgreSQL unreachable at " + RedactUrl(url) + ": " + message);
  }
  // Server notices ("relation already exists, skipping") are not errors: kept off stderr.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  // Timestamps are written and read as UTC text whatever the server's zone.
  PGresult* r = PQexec(conn, "SET TIME ZONE 'UTC'");
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  if (!ok) {
    PQfinish(conn);
    throw StoreUnavailable("PostgreSQL: could not set the time zone");
  }
  return std::unique_ptr<Connection>(new Connection(conn));
}

Connection::~Connection() { PQfinish(conn_); }

Result Connection::Exec(std::string_view sql, const std::vector<Param>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Param& p : params) values.push_back(p ? p->c_str() : nullptr);
  std::string text(sql);
  PGresult* raw = params.empty()
                      ? PQexec(conn_, text.c_str())
                      : PQexecParams(conn_, text.c_str(), static_cast<int>(params.size()), nullptr,
                                     values.data(), nullptr, nullptr, 0);
  Result result(raw);
  ExecStatusType status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
  const char* state = raw ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
  std::string sqlstate = state ? state : "";
  std::string message = FirstLine(raw ? PQresultErrorMessage(raw) : PQerrorMessage(conn_));
  if (message.empty()) message = FirstLine(PQerrorMessage(conn_));
  if (PQstatus(conn_) != CONNECTION_OK || sqlstate.empty() || IsUnavailable(sqlstate)) {
    broken_ = true;
    throw StoreUnavailable("PostgreSQL: " + message);
  }
  throw PgError(sqlstate, "PostgreSQL: " + message);
}

bool Connection::Ping() {
  if (broken_ || PQstatus(conn_) != CONNECTION_OK) return false;
  PGresult* r = PQexec(conn_, "SELECT 1");
  bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
  PQclear(r);
  if (!ok) broken_ = true;
  return ok;
}

Transaction::Transaction(Connection& conn, std::string_view begin) : conn_(conn) {
  conn_.Exec(begin);
}

Transaction::~Transaction() {
  if (done_ || conn_.broken()) return;
  try {
    conn_.Exec("ROLLBACK");
  } catch (...) {  // the connection is marked broken and will be dropped
  }
}

void Transaction::Commit() {
  conn_.Exec("COMMIT");
  done_ = true;
}

}  // namespace notaria::store::pg
