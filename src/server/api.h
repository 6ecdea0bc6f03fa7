// The REST API of ARCHITECTURE §7 that exists so far: upload, document status and result,
// analysis, register context and advice, document list, original download, dossiers, health
// and metrics. Handlers only talk to the store and
// queue interfaces, so the same routes serve the embedded and the scale-out engines.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/metrics.h"
#include "queue/job_queue.h"
#include "server/router.h"
#include "store/blob_store.h"
#include "store/repository.h"

namespace notaria::search {
class SearchService;
}

namespace notaria::server {

struct ApiDeps {
  store::Repository& repository;
  store::BlobStore& blobs;
  queue::JobQueue& queue;
  Metrics& metrics;
  std::string spool_dir;  // where multipart parts are written before storage
  uint64_t max_upload_bytes = 100ull << 20;
  std::string version;
  int workers = 0;  // in-process workers (0: this process only serves the API)
  // Engine names shown by /api/health.
  std::string database_engine = "sqlite";
  std::string storage_engine = "files";
  std::string queue_engine = "sqlite";
  // The dossier-level analysis (cross-document checks, checklist, synthesis) of a dossier;
  // nullopt for an unknown dossier. Provided by the application, which owns the dossier stage.
  std::function<std::optional<nlohmann::json>(const std::string&)> dossier_analysis;
  // Full-text search; null when this process has none (search answers 503).
  search::SearchService* search = nullptr;
  std::string search_engine = "xapian";
  // EXTERNAL_APIS_MODE: "offline" says in /api/health that no register is consulted.
  std::string registers_mode = "live";
  // The PNG of one page of a document, at most `width` pixels wide, rendered from the
  // original (app/page_images.h); an error code and message when it cannot be.
  std::function<std::optional<std::string>(const store::DocumentRecord&, int page, int width,
                                           std::string* error_code, std::string* message)>
      page_image;
  // How often the progress stream looks for changes (tests shorten it).
  int events_poll_ms = 300;
};

// Prefix of the queue subject of a dossier's refresh job (see app/dossiers.h).
inline constexpr std::string_view kDossierJobPrefix = "dossier:";

void RegisterApiRoutes(Router& router, ApiDeps& deps);
// Only GET /api/health and GET /metrics (RegisterApiRoutes includes them): what a worker
// process serves, so that it is scraped and watched like the API.
void RegisterOpsRoutes(Router& router, ApiDeps& deps);
// Dossiers: create, list, show, delete, attach/detach documents, analysis (api_dossiers.cc).
void RegisterDossierRoutes(Router& router, ApiDeps& deps);
// Search, the progress stream (Server-Sent Events) and page images (api_search.cc).
void RegisterSearchRoutes(Router& router, ApiDeps& deps);

// Helpers shared by the handler files.
Response ServiceUnavailable(const std::exception& e);
// A document belongs to one dossier at a time: 409 DOCUMENT_IN_OTHER_DOSSIER naming the other
// dossier, with the document's and the dossier's ids and the dossier's name in the error object.
Response DocumentInOtherDossier(store::Repository& repository, const std::string& document_id,
                                const std::string& dossier_id);
// A dossier's current analysis for a list row: null when there is none or it cannot be built
// (logged; one broken dossier does not fail the list). StoreUnavailable passes through.
std::optional<nlohmann::json> DossierAnalysisForList(ApiDeps& deps, const std::string& dossier_id);
// {"critical", "warning", "info"}: how many of `findings` (those `keep` accepts) have each.
nlohmann::json SeverityCounts(const nlohmann::json& findings,
                              const std::function<bool(const nlohmann::json&)>& keep = nullptr);
// An integer query parameter within [min, max] (`fallback` when absent); nullopt with
// `*error` set to a 400 otherwise.
std::optional<int> IntParam(const Request& req, const std::string& name, int fallback, int min,
                            int max, Response* error);
// The JSON object of a small request body, or nullopt with `*error` set to a 400.
std::optional<nlohmann::json> JsonBody(const Request& req, Response* error);

// The document as the API shows it: status, progress, error and, when `with_result`, the
// result object of result.md.
nlohmann::json DocumentJson(const store::DocumentRecord& doc, store::Repository& repository,
                            bool with_result);

}  // namespace notaria::server
