// The running platform: engines chosen from the configuration, the pipeline and the
// in-process workers. `serve` and `analyze` both build one, so a document is processed by
// the same code whichever command received it. Only this class knows concrete adapters.
#pragma once

#include <memory>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "app/config.h"
#include "app/dossiers.h"
#include "app/pipeline.h"
#include "core/metrics.h"
#include "queue/job_queue.h"
#include "server/api.h"
#include "store/blob_store.h"
#include "store/redis_client.h"
#include "store/repository.h"

namespace notaria::queue {
class WorkerPool;
}
namespace notaria::search {
class SearchIndex;
class SearchService;
}  // namespace notaria::search
namespace notaria::app {
class PageImages;
}
namespace notaria::verify {
class HttpTransport;
class ResponseCache;
class RegisterClient;
class Registers;
}  // namespace notaria::verify

namespace notaria::app {

class Platform {
 public:
  // Opens (and migrates) the engines; throws std::runtime_error with a readable message.
  explicit Platform(const Config& config);
  ~Platform();

  // Re-queues the jobs of a previous run that died, then starts `workers` threads. A worker
  // runs document jobs through the pipeline and `dossier:<id>` jobs through the dossier
  // service; a document of a dossier that ends queues its dossier's refresh.
  void StartWorkers(int workers);
  void Stop();

  store::Repository& repository() { return *repository_; }
  store::BlobStore& blobs() { return *blobs_; }
  queue::JobQueue& queue() { return *queue_; }
  Metrics& metrics() { return metrics_; }
  DossierService& dossiers() { return *dossiers_; }
  search::SearchService& search() { return *search_; }
  // What the HTTP handlers of this process use: its engines (named as /api/health shows
  // them) and the dossier analysis.
  server::ApiDeps ApiDeps(int workers, uint64_t max_upload_bytes);
  const Config& config() const { return config_; }

  // Puts every document left `queued` or `processing` back in the queue (a crash between
  // storing a document and enqueuing it must not strand it).
  int RequeueUnfinished();

 private:
  // Indexes, in the background, the done documents the index stage never saw: documents
  // analysed before search existed (an upgrade), or whose indexing gave up while the engine
  // was down.
  void IndexUnindexed(std::stop_token stop);
  // Queues the refresh of the document's dossier once the document has ended.
  void RefreshDossierOf(const std::string& document_id);

  struct Engines {
    std::string database = "sqlite", storage = "files", queue = "sqlite", search = "xapian";
  };

  Config config_;
  Engines engines_;  // which adapters the configuration selected
  Metrics metrics_;
  std::unique_ptr<store::Repository> repository_;
  std::unique_ptr<store::BlobStore> blobs_;
  std::unique_ptr<queue::JobQueue> queue_;
  std::unique_ptr<store::RedisClient> redis_;  // the register cache's, with REDIS_URL
  std::unique_ptr<verify::HttpTransport> transport_;
  std::unique_ptr<verify::ResponseCache> register_cache_;
  std::unique_ptr<verify::RegisterClient> register_client_;
  std::unique_ptr<verify::Registers> registers_;
  std::unique_ptr<llm::Llm> llm_;
  std::unique_ptr<search::SearchIndex> search_index_;
  std::unique_ptr<search::SearchService> search_;
  std::unique_ptr<PageImages> page_images_;
  std::unique_ptr<Pipeline> pipeline_;
  std::unique_ptr<DossierService> dossiers_;
  std::unique_ptr<queue::WorkerPool> workers_;
  std::jthread catch_up_;  // IndexUnindexed
};

// argv of the sandboxed reader: this executable with the hidden `read-pages` command.
std::vector<std::string> ReaderChildArgv();

}  // namespace notaria::app
