#include "store/sqlite_migrate.h"

#include <stdexcept>
#include <string>

#include "store/clock.h"
#include "store/migrations.h"

namespace notaria::store::sqlite {
namespace {

bool IsApplied(Connection& conn, int version) {
  auto st = conn.Prepare("SELECT 1 FROM schema_migrations WHERE version = ?1");
  st.Bind(1, version);
  return st.Step();
}

}  // namespace

void ApplyMigrations(Connection& conn) {
  {
    Transaction tx(conn, Transaction::Mode::kImmediate);
    conn.Exec(std::string(kSqliteMigrationsTable));
    tx.Commit();
  }
  if (int applied = AppliedSchemaVersion(conn); applied > LatestSchemaVersion()) {
    throw std::runtime_error("database schema version " + std::to_string(applied) +
                             " is newer than this binary's " +
                             std::to_string(LatestSchemaVersion()));
  }
  for (const Migration& m : Migrations()) {
    Transaction tx(conn, Transaction::Mode::kImmediate);
    if (IsApplied(conn, m.version)) continue;  // another migrator got there first
    conn.Exec(std::string(m.sqlite_sql));
    auto st = conn.Prepare(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)");
    st.Bind(1, m.version).Bind(2, m.name).Bind(3, NowIso8601Utc()).Run();
    tx.Commit();
  }
}

int AppliedSchemaVersion(Connection& conn) {
  auto exists = conn.Prepare(
      "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  if (!exists.Step()) return 0;
  auto st = conn.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  st.Step();
  return st.Int(0);
}

}  // namespace notaria::store::sqlite
