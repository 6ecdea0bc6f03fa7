// A PostgreSQL connection (libpq) and its query results, for the PostgreSQL adapters.
//
// Queries take text parameters ($1, $2...; nullopt is NULL) and return every row at once.
// A failure of the server or of the link (connection refused or lost, server shutting down,
// too many connections) throws StoreUnavailable and leaves the connection marked broken, so
// that the pool drops it; an error of the statement itself (constraint, syntax) throws
// PgError with its SQLSTATE and leaves the connection usable. Not thread-safe: one thread
// uses a connection at a time (the pool hands them out).
#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace notaria::store::pg {

class PgError : public std::runtime_error {
 public:
  PgError(std::string sqlstate, const std::string& what)
      : std::runtime_error(what), sqlstate_(std::move(sqlstate)) {}
  const std::string& sqlstate() const { return sqlstate_; }  // "23505" unique violation, ...

 private:
  std::string sqlstate_;
};

inline constexpr std::string_view kUniqueViolation = "23505";
inline constexpr std::string_view kForeignKeyViolation = "23503";
inline constexpr std::string_view kCheckViolation = "23514";

using Param = std::optional<std::string>;

class Result {
 public:
  explicit Result(PGresult* r) : r_(r, &PQclear) {}
  int rows() const { return PQntuples(r_.get()); }
  bool IsNull(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }
  std::string Text(int row, int col) const { return PQgetvalue(r_.get(), row, col); }
  std::optional<std::string> OptionalText(int row, int col) const;
  int64_t Int64(int row, int col) const;
  int Int(int row, int col) const { return static_cast<int>(Int64(row, col)); }
  // Rows changed by an INSERT, UPDATE or DELETE.
  int64_t Affected() const;

 private:
  std::unique_ptr<PGresult, decltype(&PQclear)> r_;
};

class Connection {
 public:
  // Connects; throws StoreUnavailable (without the password) when it cannot.
  static std::unique_ptr<Connection> Open(const std::string& url,
                                          std::chrono::seconds connect_timeout);
  ~Connection();

  Result Exec(std::string_view sql, const std::vector<Param>& params = {});
  // True when the link is up and a trivial query answers.
  bool Ping();
  bool broken() const { return broken_; }

 private:
  explicit Connection(PGconn* conn) : conn_(conn) {}
  PGconn* conn_;
  bool broken_ = false;
};

// A transaction on `conn`: BEGIN at construction, ROLLBACK unless Commit() was called.
class Transaction {
 public:
  explicit Transaction(Connection& conn, std::string_view begin = "BEGIN");
  ~Transaction();
  void Commit();

 private:
  Connection& conn_;
  bool done_ = false;
};

// The URL without its password, for messages.
std::string RedactUrl(const std::string& url);

}  // namespace notaria::store::pg
