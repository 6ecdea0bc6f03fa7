#include "app/platform.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "app/page_images.h"
#include "llm/ollama.h"
#include "queue/redis_job_queue.h"
#include "queue/sqlite_job_queue.h"
#include "queue/worker_pool.h"
#include "search/opensearch_index.h"
#include "search/search_service.h"
#include "search/xapian_index.h"
#include "store/file_blob_store.h"
#include "store/postgres_repository.h"
#include "store/s3_blob_store.h"
#include "store/sqlite_repository.h"
#include "verify/http_transport.h"
#include "verify/redis_response_cache.h"
#include "verify/register_client.h"
#include "verify/registers/registers.h"
#include "verify/response_cache.h"

namespace notaria::app {

std::vector<std::string> ReaderChildArgv() {
  // The child is this very binary image: /proc/self/exe stays valid even when the file on
  // disk is replaced by an upgrade while the server runs, so parent and child never differ.
  return {"/proc/self/exe", "read-pages"};
}

Platform::Platform(const Config& config) : config_(config) {
  std::filesystem::create_directories(config_.data_dir);
  if (config_.database_url.rfind("postgres", 0) == 0) {
    repository_ = std::make_unique<store::PostgresRepository>(config_.database_url);
    engines_.database = "postgresql";
  } else {
    repository_ = std::make_unique<store::SqliteRepository>(config_.SqlitePath());
  }
  repository_->Migrate();
  if (!config_.minio_endpoint.empty()) {
    store::S3Options s3;
    s3.endpoint = config_.minio_endpoint;
    s3.access_key = config_.minio_access_key;
    s3.secret_key = config_.minio_secret_key;
    s3.bucket = config_.minio_bucket;
    s3.secure = config_.minio_secure;
    blobs_ = std::make_unique<store::S3BlobStore>(s3);
    engines_.storage = "s3";
  } else {
    blobs_ = std::make_unique<store::FileBlobStore>(config_.data_dir + "/blobs");
  }
  if (!config_.redis_url.empty()) {
    queue_ = std::make_unique<queue::RedisJobQueue>(config_.redis_url);
    engines_.queue = "redis";
  } else {
    queue_ = std::make_unique<queue::SqliteJobQueue>(config_.SqlitePath());
  }

  metrics_.Describe("queue_depth", Metrics::Type::kGauge, "Jobs waiting or running.");
  metrics_.Describe("documents_by_status", Metrics::Type::kGauge, "Stored documents by status.");
  metrics_.Describe("workers_busy", Metrics::Type::kGauge, "Worker threads processing a job.");
  metrics_.AddCollector([this](Metrics& m) {
    try {
      m.Set("queue_depth", {}, static_cast<double>(queue_->Depth()));
      for (const auto& [status, n] : repository_->CountByStatus()) {
        m.Set("documents_by_status", {{"status", status}}, static_cast<double>(n));
      }
    } catch (const std::exception&) {
      // A scrape during an outage shows stale values rather than failing.
    }
    if (workers_) m.Set("workers_busy", {}, workers_->Stats().busy);
  });
  Pipeline::DescribeMetrics(metrics_);
  verify::RegisterClient::DescribeMetrics(metrics_);

  transport_ = std::make_unique<verify::CurlTransport>();
  if (engines_.queue == "redis") {
    // One cache for every process: ten workers ask a register once.
    redis_ = std::make_unique<store::RedisClient>(config_.redis_url);
    register_cache_ = std::make_unique<verify::RedisResponseCache>(*redis_);
  } else {
    register_cache_ = std::make_unique<verify::MemoryResponseCache>();
  }
  verify::RegisterClientOptions client_options;
  client_options.offline = config_.external_apis_mode == "offline";
  client_options.timeout = std::chrono::seconds(config_.register_timeout_seconds);
  register_client_ = std::make_unique<verify::RegisterClient>(*transport_, *register_cache_,
                                                              &metrics_, client_options);
  verify::RegistersConfig registers_config;
  registers_config.base_urls = config_.register_urls;
  registers_config.data_dir = config_.data_dir;
  registers_config.rbe_token = config_.rbe_api_token;
  registers_config.document_budget =
      std::chrono::seconds(config_.register_document_timeout_seconds);
  for (auto& policy : verify::DefaultSourcePolicies(registers_config)) {
    register_client_->AddSource(std::move(policy));
  }
  registers_ = std::make_unique<verify::Registers>(*register_client_, registers_config);
  if (!config_.ollama_base_url.empty()) {
    llm_ =
        std::make_unique<llm::OllamaLlm>(*transport_, config_.ollama_base_url, config_.ollama_model,
                                         std::chrono::seconds(config_.ollama_timeout_seconds));
  }

  if (!config_.opensearch_url.empty()) {
    search::OpenSearchOptions os;
    os.url = config_.opensearch_url;
    os.index = config_.opensearch_index;
    try {
      search_index_ = std::make_unique<search::OpenSearchIndex>(*transport_, os);
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error(std::string("OPENSEARCH_URL / OPENSEARCH_INDEX: ") + e.what());
    }
    engines_.search = "opensearch";
  } else {
    search_index_ = std::make_unique<search::XapianIndex>(config_.data_dir + "/search");
  }
  search_ = std::make_unique<search::SearchService>(*repository_, *search_index_);

  PipelineOptions options;
  options.reader_argv = ReaderChildArgv();
  options.limits.dpi = config_.ocr_dpi;
  options.limits.max_pages = config_.max_pages;
  options.limits.page_timeout_seconds = config_.page_timeout_seconds;
  options.limits.memory_limit_bytes = static_cast<uint64_t>(config_.reader_memory_mb) << 20;
  options.scratch_dir = config_.data_dir + "/scratch";
  page_images_ = std::make_unique<PageImages>(*repository_, *blobs_, config_.data_dir + "/previews",
                                              options.limits);
  pipeline_ =
      std::make_unique<Pipeline>(*repository_, *blobs_, metrics_, options,
                                 PipelineServices{registers_.get(), llm_.get(), search_.get()});
  dossiers_ = std::make_unique<DossierService>(*repository_, *pipeline_, llm_.get());
}

Platform::~Platform() { Stop(); }

server::ApiDeps Platform::ApiDeps(int workers, uint64_t max_upload_bytes) {
  server::ApiDeps deps{
      *repository_,     *blobs_,         *queue_, metrics_, config_.data_dir + "/spool",
      max_upload_bytes, NOTARIA_VERSION, workers};
  deps.database_engine = engines_.database;
  deps.storage_engine = engines_.storage;
  deps.queue_engine = engines_.queue;
  deps.dossier_analysis = [this](const std::string& id) { return dossiers_->Current(id); };
  deps.search = search_.get();
  deps.search_engine = engines_.search;
  deps.registers_mode = config_.external_apis_mode;
  deps.page_image = [this](const store::DocumentRecord& doc, int page, int width, std::string* code,
                           std::string* message) {
    return page_images_->Png(doc, page, width, code, message);
  };
  return deps;
}

int Platform::RequeueUnfinished() {
  int n = 0;
  for (auto status : {store::kStatusQueued, store::kStatusProcessing}) {
    store::DocumentFilter filter;
    filter.status = std::string(status);
    filter.limit = 200;
    while (true) {
      store::DocumentList list = repository_->ListDocuments(filter);
      for (const auto& doc : list.items) {
        queue_->Enqueue(doc.id);
        ++n;
      }
      if (list.items.empty() || filter.offset + filter.limit >= list.total) break;
      filter.offset += filter.limit;
    }
  }
  return n;
}

void Platform::StartWorkers(int workers) {
  if (workers <= 0 || workers_) return;
  // Only the embedded queue can be sure no other process runs a job at start-up; a shared
  // queue gets back the jobs whose lease ran out.
  int recovered = queue_->RecoverAbandoned(/*all_running=*/engines_.queue == "sqlite");
  int requeued = RequeueUnfinished();
  if (recovered > 0 || requeued > 0) {
    spdlog::info("recovered {} interrupted job(s); {} unfinished document(s) queued", recovered,
                 requeued);
  }
  queue::WorkerPoolOptions options;
  options.threads = workers;
  workers_ = std::make_unique<queue::WorkerPool>(
      *queue_,
      [this](const queue::Job& job, std::stop_token stop) {
        const std::string& subject = job.document_id;
        if (subject.rfind(kDossierJobPrefix, 0) == 0) {
          dossiers_->Refresh(subject.substr(kDossierJobPrefix.size()));
          return;
        }
        pipeline_->Process(subject, stop);
        RefreshDossierOf(subject);
      },
      [this](const queue::Job& job, std::string_view reason) {
        if (job.document_id.rfind(kDossierJobPrefix, 0) == 0) return;
        pipeline_->GiveUp(job.document_id, std::string(reason));
        RefreshDossierOf(job.document_id);
      },
      options);
  workers_->Start();
  catch_up_ = std::jthread([this](std::stop_token stop) { IndexUnindexed(stop); });
}

void Platform::IndexUnindexed(std::stop_token stop) {
  int indexed = 0;
  try {
    store::DocumentFilter filter;
    filter.status = std::string(store::kStatusDone);
    filter.limit = 200;
    std::vector<std::string> missing;
    while (!stop.stop_requested()) {
      store::DocumentList list = repository_->ListDocuments(filter);
      for (const auto& doc : list.items) {
        auto out = repository_->LoadStageOutput(doc.id, "index");
        if (!out || out->version != Pipeline::kIndexVersion) missing.push_back(doc.id);
      }
      if (list.items.empty() || filter.offset + filter.limit >= list.total) break;
      filter.offset += filter.limit;
    }
    for (const std::string& id : missing) {
      if (stop.stop_requested()) break;
      search_->IndexDocument(id);
      repository_->SaveStageOutput(
          id, {"index", Pipeline::kIndexVersion, {{"engine", search_index_->Engine()}}});
      ++indexed;
    }
  } catch (const std::exception& e) {
    // The engine or the database is down: the next start (or `notaria reindex`) catches up.
    spdlog::warn("indexing of earlier documents stopped after {}: {}", indexed, e.what());
    return;
  }
  if (indexed > 0) spdlog::info("{} earlier document(s) indexed for search", indexed);
}

void Platform::RefreshDossierOf(const std::string& document_id) {
  auto doc = repository_->GetDocument(document_id);
  if (doc && doc->dossier_id &&
      (doc->status == store::kStatusDone || doc->status == store::kStatusFailed)) {
    queue_->Enqueue(std::string(kDossierJobPrefix) + *doc->dossier_id);
  }
}

void Platform::Stop() {
  if (catch_up_.joinable()) {
    catch_up_.request_stop();
    catch_up_.join();
  }
  if (workers_) {
    workers_->Stop();
    workers_.reset();
  }
  if (queue_) queue_->Close();
}

}  // namespace notaria::app
