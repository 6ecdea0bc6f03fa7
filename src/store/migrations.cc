#include "store/migrations.h"

#include <array>

namespace notaria::store {
namespace {

// Timestamps are TEXT (ISO 8601 UTC, milliseconds) in SQLite, which has no date type, and
// TIMESTAMPTZ in PostgreSQL; each adapter converts at its boundary. Lease and back-off
// instants in `jobs` are Unix milliseconds in both, because they are compared, not shown.
// `seq` orders documents by insertion (newest first) without relying on clock resolution.
constexpr std::array kMigrations = {
    Migration{
        1,
        "documents",
        R"sql(
CREATE TABLE documents (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  sha256 TEXT NOT NULL UNIQUE,
  filename TEXT NOT NULL,
  mime_type TEXT NOT NULL,
  format TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'processing', 'done', 'failed')),
  stage TEXT NOT NULL DEFAULT '',
  percent INTEGER NOT NULL DEFAULT 0,
  error_code TEXT,
  error_message TEXT,
  document_type TEXT NOT NULL DEFAULT '',
  dossier_id TEXT,
  page_count INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX documents_status_seq ON documents (status, seq);
CREATE INDEX documents_type_seq ON documents (document_type, seq);
CREATE INDEX documents_dossier_seq ON documents (dossier_id, seq);
)sql",
        R"sql(
CREATE TABLE documents (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  sha256 TEXT NOT NULL UNIQUE,
  filename TEXT NOT NULL,
  mime_type TEXT NOT NULL,
  format TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'processing', 'done', 'failed')),
  stage TEXT NOT NULL DEFAULT '',
  percent INTEGER NOT NULL DEFAULT 0,
  error_code TEXT,
  error_message TEXT,
  document_type TEXT NOT NULL DEFAULT '',
  dossier_id TEXT,
  page_count INTEGER NOT NULL DEFAULT 0,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX documents_status_seq ON documents (status, seq);
CREATE INDEX documents_type_seq ON documents (document_type, seq);
CREATE INDEX documents_dossier_seq ON documents (dossier_id, seq);
)sql",
    },
    Migration{
        2,
        "pages",
        R"sql(
CREATE TABLE pages (
  document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  json TEXT NOT NULL,
  PRIMARY KEY (document_id, number)
) WITHOUT ROWID;
)sql",
        R"sql(
CREATE TABLE pages (
  document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  json JSONB NOT NULL,
  PRIMARY KEY (document_id, number)
);
)sql",
    },
    Migration{
        3,
        "stage_outputs",
        R"sql(
CREATE TABLE stage_outputs (
  document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  stage TEXT NOT NULL,
  version INTEGER NOT NULL,
  json TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (document_id, stage)
) WITHOUT ROWID;
)sql",
        R"sql(
CREATE TABLE stage_outputs (
  document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  stage TEXT NOT NULL,
  version INTEGER NOT NULL,
  json JSONB NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (document_id, stage)
);
)sql",
    },
    // No foreign key to documents: the queue is an engine of its own (Redis Streams at
    // scale) and must not depend on the repository's tables. The partial unique index is
    // what makes "at most one pending job per document" hold under concurrent Enqueue.
    Migration{
        4,
        "jobs",
        R"sql(
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done')),
  owner TEXT,
  lease_until INTEGER,
  available_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX jobs_one_pending_per_document ON jobs (document_id)
  WHERE status IN ('queued', 'running');
CREATE INDEX jobs_status_id ON jobs (status, id);
CREATE INDEX jobs_status_lease ON jobs (status, lease_until);
)sql",
        R"sql(
CREATE TABLE jobs (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  document_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done')),
  owner TEXT,
  lease_until BIGINT,
  available_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX jobs_one_pending_per_document ON jobs (document_id)
  WHERE status IN ('queued', 'running');
CREATE INDEX jobs_status_id ON jobs (status, id);
CREATE INDEX jobs_status_lease ON jobs (status, lease_until);
)sql",
    },
    // documents.dossier_id has no foreign key: it predates this table, and deleting a
    // dossier detaches its documents explicitly instead of cascading.
    Migration{
        5,
        "dossiers",
        R"sql(
CREATE TABLE dossiers (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL CHECK (type IN ('vente', 'donation', 'succession', 'autre')),
  name TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE dossier_analyses (
  dossier_id TEXT PRIMARY KEY REFERENCES dossiers (id) ON DELETE CASCADE,
  json TEXT NOT NULL,
  updated_at TEXT NOT NULL
) WITHOUT ROWID;
)sql",
        R"sql(
CREATE TABLE dossiers (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL CHECK (type IN ('vente', 'donation', 'succession', 'autre')),
  name TEXT NOT NULL DEFAULT '',
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE dossier_analyses (
  dossier_id TEXT PRIMARY KEY REFERENCES dossiers (id) ON DELETE CASCADE,
  json JSONB NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
)sql",
    },
    // JSONB refuses "\u0000", which a PDF text layer can hold, and reorders keys; the
    // documents are stored as the JSON text they were written as, as in SQLite.
    Migration{
        6,
        "json_as_text",
        "SELECT 1;",
        R"sql(
ALTER TABLE pages ALTER COLUMN json TYPE TEXT;
ALTER TABLE stage_outputs ALTER COLUMN json TYPE TEXT;
ALTER TABLE dossier_analyses ALTER COLUMN json TYPE TEXT;
)sql",
    },
};

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

int LatestSchemaVersion() { return kMigrations.back().version; }

}  // namespace notaria::store
