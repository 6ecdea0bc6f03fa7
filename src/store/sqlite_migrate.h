// Applies the shared migration list (migrations.h) to a SQLite database.
//
// Each pending migration runs in its own BEGIN IMMEDIATE transaction that first re-checks
// schema_migrations, so two processes or two repository objects migrating the same file
// at once apply each step exactly once. A database whose schema is newer than this binary
// is refused rather than written to with outdated assumptions.
#pragma once

#include "store/sqlite_connection.h"

namespace notaria::store::sqlite {

// Throws StoreUnavailable when the database cannot be locked, std::runtime_error when its
// schema is newer than LatestSchemaVersion().
void ApplyMigrations(Connection& conn);
// Newest applied version; 0 for an empty database.
int AppliedSchemaVersion(Connection& conn);

}  // namespace notaria::store::sqlite
