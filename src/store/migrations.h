// The versioned schema of the metadata database, shared by every SQL backend.
//
// Migrations are applied in order, each in its own transaction, and recorded in
// schema_migrations(version, name, applied_at); an applied version is never applied again,
// so migrating is safe at every start and from several processes at once. A migration is
// never edited once released: a schema change is a new entry at the end. Each entry carries
// the SQL for every backend so the SQLite and PostgreSQL adapters cannot drift apart in
// what they create, only in dialect.
#pragma once

#include <span>
#include <string_view>

namespace notaria::store {

struct Migration {
  int version;  // 1, 2, 3... strictly increasing, no gaps
  std::string_view name;
  std::string_view sqlite_sql;    // one or more statements
  std::string_view postgres_sql;  // the same schema in PostgreSQL's dialect
};

// The bookkeeping table itself, created before the first migration.
inline constexpr std::string_view kSqliteMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
inline constexpr std::string_view kPostgresMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)";

std::span<const Migration> Migrations();
// Version of the last entry of Migrations(): what this binary expects.
int LatestSchemaVersion();

}  // namespace notaria::store
