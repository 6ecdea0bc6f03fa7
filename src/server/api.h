// The REST API of ARCHITECTURE §7 that exists so far: upload, document status and result,
// document list, original download, health and metrics. Handlers only talk to the store and
// queue interfaces, so the same routes serve the embedded and the scale-out engines.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "core/metrics.h"
#include "queue/job_queue.h"
#include "server/router.h"
#include "store/blob_store.h"
#include "store/repository.h"

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
};

void RegisterApiRoutes(Router& router, ApiDeps& deps);

// The document as the API shows it: status, progress, error and, when `with_result`, the
// result object of result.md.
nlohmann::json DocumentJson(const store::DocumentRecord& doc, store::Repository& repository,
                            bool with_result);

}  // namespace notaria::server
