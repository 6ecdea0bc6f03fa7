// Repository: the platform's metadata (documents, their pages, stage outputs, dossiers).
//
// One interface, one adapter per backend (SQLite embedded by default; PostgreSQL at scale).
// All methods are thread-safe and throw StoreUnavailable when the backend cannot be reached,
// so callers can answer 503 and retry later; they never return half-applied writes.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/page.h"

namespace notaria::store {

// The backend is down or refused the operation for a reason that is not the caller's fault.
class StoreUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Document lifecycle: queued -> processing -> done | failed.
inline constexpr std::string_view kStatusQueued = "queued";
inline constexpr std::string_view kStatusProcessing = "processing";
inline constexpr std::string_view kStatusDone = "done";
inline constexpr std::string_view kStatusFailed = "failed";

struct DocumentRecord {
  std::string id;         // opaque, URL-safe
  std::string sha256;     // hex of the original's bytes; also its blob key
  std::string filename;   // sanitised base name as uploaded (never a path)
  std::string mime_type;  // from the sniffed content
  std::string format;     // "pdf", "jpeg", ... or "unknown"
  int64_t size_bytes = 0;
  std::string status{kStatusQueued};
  std::string stage;  // current or last stage name
  int percent = 0;
  std::optional<DocumentError> error;
  std::string document_type;  // empty until classified
  std::optional<std::string> dossier_id;
  int page_count = 0;
  std::string created_at;  // ISO 8601 UTC, set by the repository
  std::string updated_at;
};

struct DocumentFilter {
  std::optional<std::string> status;
  std::optional<std::string> document_type;
  std::optional<std::string> dossier_id;
  int limit = 20;
  int offset = 0;
};

struct DocumentList {
  std::vector<DocumentRecord> items;  // newest first
  int64_t total = 0;                  // matching the filter, before limit/offset
};

// A notary's file: the documents of one transaction, analysed together.
inline constexpr std::string_view kDossierTypes[] = {"vente", "donation", "succession", "autre"};
inline bool IsDossierType(std::string_view type) {
  for (auto t : kDossierTypes) {
    if (t == type) return true;
  }
  return false;
}

struct DossierRecord {
  std::string id;             // opaque, URL-safe ("dos_" + hex); generated when empty at creation
  std::string type{"autre"};  // one of kDossierTypes
  std::string name;           // the office's own label ("Vente Martin / SCI Azur"), may be empty
  std::string created_at;
  std::string updated_at;
};

struct DossierList {
  std::vector<DossierRecord> items;  // most recently changed first (a document in or out)
  int64_t total = 0;
};

struct StageOutput {
  std::string stage;
  int version = 0;
  nlohmann::json output;
};

class Repository {
 public:
  virtual ~Repository() = default;

  // Creates or upgrades the schema; safe to call at every start and from several processes.
  virtual void Migrate() = 0;
  // Version of the newest applied migration.
  virtual int SchemaVersion() = 0;

  // Inserts `doc` unless a document with the same sha256 exists; returns the stored record
  // and whether it was created. Race-free: two concurrent identical uploads yield one row.
  // `doc.id`, when empty, is generated.
  virtual std::pair<DocumentRecord, bool> InsertOrGetDocument(const DocumentRecord& doc) = 0;
  virtual std::optional<DocumentRecord> GetDocument(std::string_view id) = 0;
  virtual DocumentList ListDocuments(const DocumentFilter& filter) = 0;

  // Progress of the running pipeline; status is one of the kStatus* values.
  virtual void SetProgress(std::string_view id, std::string_view status, std::string_view stage,
                           int percent) = 0;
  virtual void SetPageCount(std::string_view id, int page_count) = 0;
  virtual void SetDocumentType(std::string_view id, std::string_view type) = 0;
  // Terminal states. MarkDone clears any previous error.
  virtual void MarkDone(std::string_view id) = 0;
  virtual void MarkFailed(std::string_view id, const DocumentError& error) = 0;
  // Puts a document back to `queued` (a retry), clearing its error.
  virtual void ResetForRetry(std::string_view id) = 0;

  // Pages: SavePage replaces the page with the same number (idempotent).
  virtual void SavePage(std::string_view id, const Page& page) = 0;
  virtual std::vector<Page> LoadPages(std::string_view id) = 0;  // ordered by number
  // One page (a viewer asks for one image; the whole document's pages are not needed).
  virtual std::optional<Page> LoadPage(std::string_view id, int number) = 0;
  virtual void DeletePages(std::string_view id) = 0;

  // Output of a pipeline stage, replaced when the same stage runs again.
  virtual void SaveStageOutput(std::string_view id, const StageOutput& output) = 0;
  virtual std::optional<StageOutput> LoadStageOutput(std::string_view id,
                                                     std::string_view stage) = 0;

  // Dossiers. CreateDossier throws std::invalid_argument for an unknown type.
  virtual DossierRecord CreateDossier(const DossierRecord& dossier) = 0;
  virtual std::optional<DossierRecord> GetDossier(std::string_view id) = 0;
  virtual DossierList ListDossiers(int limit, int offset) = 0;
  // Deletes the dossier and its stored analysis; its documents are kept, detached (nothing
  // a client uploaded is lost by deleting a folder). False when there was no such dossier.
  virtual bool DeleteDossier(std::string_view id) = 0;
  // Attaches a document to a dossier, or detaches it (nullopt). False for an unknown
  // document or, when attaching, an unknown dossier: the dossier is checked in the same
  // atomic step, so a dossier deleted meanwhile is never left referenced.
  virtual bool SetDocumentDossier(std::string_view document_id,
                                  const std::optional<std::string>& dossier_id) = 0;
  // The dossier-level analysis (cross-document checks, checklist, synthesis), replaced as a
  // whole. Saving for an unknown dossier throws std::invalid_argument.
  virtual void SaveDossierAnalysis(std::string_view dossier_id, const nlohmann::json& analysis) = 0;
  virtual std::optional<nlohmann::json> LoadDossierAnalysis(std::string_view dossier_id) = 0;

  // Number of documents per status (for metrics and health).
  virtual std::map<std::string, int64_t> CountByStatus() = 0;

  // True when the backend answers a trivial query now.
  virtual bool Ping() = 0;
};

}  // namespace notaria::store
