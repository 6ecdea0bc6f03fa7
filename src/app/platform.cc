#include "app/platform.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "queue/sqlite_job_queue.h"
#include "queue/worker_pool.h"
#include "store/file_blob_store.h"
#include "store/sqlite_repository.h"

namespace notaria::app {

std::vector<std::string> ReaderChildArgv() {
  // The child is this very binary image: /proc/self/exe stays valid even when the file on
  // disk is replaced by an upgrade while the server runs, so parent and child never differ.
  return {"/proc/self/exe", "read-pages"};
}

Platform::Platform(const Config& config) : config_(config) {
  std::filesystem::create_directories(config_.data_dir);
  auto repo = std::make_unique<store::SqliteRepository>(config_.SqlitePath());
  repo->Migrate();
  repository_ = std::move(repo);
  blobs_ = std::make_unique<store::FileBlobStore>(config_.data_dir + "/blobs");
  queue_ = std::make_unique<queue::SqliteJobQueue>(config_.SqlitePath());

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

  PipelineOptions options;
  options.reader_argv = ReaderChildArgv();
  options.limits.dpi = config_.ocr_dpi;
  options.limits.max_pages = config_.max_pages;
  options.limits.page_timeout_seconds = config_.page_timeout_seconds;
  options.limits.memory_limit_bytes = static_cast<uint64_t>(config_.reader_memory_mb) << 20;
  options.scratch_dir = config_.data_dir + "/scratch";
  pipeline_ = std::make_unique<Pipeline>(*repository_, *blobs_, metrics_, options);
}

Platform::~Platform() { Stop(); }

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
  int recovered = queue_->RecoverAbandoned(/*all_running=*/true);
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
        pipeline_->Process(job.document_id, stop);
      },
      [this](const queue::Job& job, std::string_view reason) {
        pipeline_->GiveUp(job.document_id, std::string(reason));
      },
      options);
  workers_->Start();
}

void Platform::Stop() {
  if (workers_) {
    workers_->Stop();
    workers_.reset();
  }
  if (queue_) queue_->Close();
}

}  // namespace notaria::app
