// RAII access to one SQLite connection: statements, transactions, error mapping.
//
// A Connection is opened on a database file with the platform's settings (WAL, busy
// timeout, foreign keys, synchronous=NORMAL) and caches its prepared statements. It is used
// by one thread at a time (see ConnectionPool). Errors meaning the database cannot be
// reached or stayed locked past the busy timeout throw StoreUnavailable; SQL errors and
// constraint violations throw SqliteError (a bug or the caller's fault, not worth a retry).
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

namespace notaria::store::sqlite {

class SqliteError : public std::runtime_error {
 public:
  SqliteError(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }  // extended result code

 private:
  int code_;
};

// Throws StoreUnavailable or SqliteError for `rc`, with `db`'s message and `context`.
[[noreturn]] void ThrowError(sqlite3* db, int rc, std::string_view context);

// A cached prepared statement, borrowed from its Connection. Bind indexes are 1-based and
// column indexes 0-based, as in the SQLite C API. Destruction resets it for the next use.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, const std::string& text) {
    return Bind(index, std::string_view(text));
  }
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, const std::optional<std::string>& text);
  Statement& BindNull(int index);

  // Advances to the next row; false when there is none.
  bool Step();
  // Runs a statement that returns no rows.
  void Run();

  bool IsNull(int column) const;
  int64_t Int64(int column) const;
  int Int(int column) const { return static_cast<int>(Int64(column)); }
  std::string Text(int column) const;
  std::optional<std::string> OptionalText(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class Connection {
 public:
  // Opens (creating if needed) the database file at `path`.
  Connection(const std::string& path, std::chrono::milliseconds busy_timeout);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A statement prepared once per connection and reused.
  Statement Prepare(std::string_view sql);
  // Runs one or more statements without parameters (schema changes, pragmas).
  void Exec(const std::string& sql);
  // Rows changed by the last INSERT/UPDATE/DELETE on this connection.
  int64_t Changes() const;
  bool InTransaction() const;

 private:
  struct DbCloser {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  struct StmtFinalizer {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };

  // Declared before the cache so that statements are finalised before the database closes.
  std::unique_ptr<sqlite3, DbCloser> db_;
  std::unordered_map<std::string, std::unique_ptr<sqlite3_stmt, StmtFinalizer>> cache_;
};

// A transaction rolled back unless Commit() is called. Writers use kImmediate: it takes the
// write lock up front (waiting up to the busy timeout), so a transaction never fails half-way
// because another connection wrote after it started reading.
class Transaction {
 public:
  enum class Mode { kDeferred, kImmediate };
  Transaction(Connection& conn, Mode mode);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void Commit();

 private:
  Connection& conn_;
  bool done_ = false;
};

}  // namespace notaria::store::sqlite
