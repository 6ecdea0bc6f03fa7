#include "queue/worker_pool.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <exception>
#include <stdexcept>

#include "queue/transient_error.h"
#include "store/blob_store.h"
#include "store/repository.h"

namespace notaria::queue {
namespace {

std::string DefaultWorkerId() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(host) + ":" + std::to_string(::getpid());
}

struct Outcome {
  bool transient = false;
  std::string reason;
};

// Must be called from inside a catch block.
Outcome ClassifyCurrentException() {
  try {
    throw;
  } catch (const TransientError& e) {
    return {true, e.what()};
  } catch (const store::StoreUnavailable& e) {
    return {true, e.what()};
  } catch (const store::BlobUnavailable& e) {
    return {true, e.what()};
  } catch (const std::exception& e) {
    return {false, e.what()};
  } catch (...) {
    return {false, "unknown exception"};
  }
}

}  // namespace

WorkerPool::WorkerPool(JobQueue& queue, JobHandler handler, FailureCallback on_failure,
                       WorkerPoolOptions options)
    : queue_(queue),
      handler_(std::move(handler)),
      on_failure_(std::move(on_failure)),
      options_(std::move(options)) {
  if (options_.threads < 1) throw std::invalid_argument("WorkerPool needs at least one thread");
  if (options_.max_attempts < 1) options_.max_attempts = 1;
  if (options_.worker_id.empty()) options_.worker_id = DefaultWorkerId();
  running_.resize(static_cast<size_t>(options_.threads));
}

WorkerPool::~WorkerPool() { Stop(); }

void WorkerPool::Start() {
  if (started_) throw std::logic_error("WorkerPool already started");
  started_ = true;
  std::stop_token stop = stop_source_.get_token();
  for (int i = 0; i < options_.threads; ++i) {
    workers_.emplace_back([this, i, stop] { WorkerLoop(i, stop); });
  }
  heartbeat_ = std::thread([this, stop = heartbeat_stop_.get_token()] { HeartbeatLoop(stop); });
}

void WorkerPool::Stop() {
  stop_source_.request_stop();
  for (auto& t : workers_) {
    if (t.joinable()) t.join();
  }
  workers_.clear();
  heartbeat_stop_.request_stop();
  if (heartbeat_.joinable()) heartbeat_.join();
}

WorkerPoolStats WorkerPool::Stats() const {
  return {options_.threads, busy_.load(), completed_.load(), retried_.load(), failed_.load()};
}

void WorkerPool::WorkerLoop(int index, std::stop_token stop) {
  const std::string worker_id = options_.worker_id + "/" + std::to_string(index);
  while (!stop.stop_requested()) {
    const auto started = std::chrono::steady_clock::now();
    std::optional<Job> job;
    try {
      job = queue_.Claim(worker_id, options_.claim_wait);
    } catch (const std::exception& e) {
      spdlog::warn("worker {}: claim failed: {}", worker_id, e.what());
    }
    if (!job) {
      // A closed or failing queue answers at once; wait out the rest of the claim period
      // rather than spin.
      std::unique_lock lock(sleep_mu_);
      sleep_cv_.wait_until(lock, stop, started + options_.claim_wait, [] { return false; });
      continue;
    }
    {
      std::lock_guard lock(running_mu_);
      running_[static_cast<size_t>(index)] = *job;
    }
    ++busy_;
    Process(index, *job, stop);
    --busy_;
    std::lock_guard lock(running_mu_);
    running_[static_cast<size_t>(index)].reset();
  }
}

void WorkerPool::Process(int /*index*/, const Job& job, std::stop_token stop) {
  Outcome outcome;
  try {
    handler_(job, stop);
    try {
      queue_.Complete(job);
    } catch (const std::exception& e) {
      // The work is done and its outputs persisted; redelivery only repeats idempotent stages.
      spdlog::warn("job {}: complete failed, will be redelivered: {}", job.id, e.what());
    }
    ++completed_;
    return;
  } catch (...) {
    outcome = ClassifyCurrentException();
  }
  if (stop.stop_requested()) {
    spdlog::info("job {} (document {}) interrupted by shutdown, left for redelivery", job.id,
                 job.document_id);
    return;
  }
  if (outcome.transient && job.attempts < options_.max_attempts) {
    spdlog::warn("job {} (document {}) attempt {}/{} failed, retrying: {}", job.id, job.document_id,
                 job.attempts, options_.max_attempts, outcome.reason);
    try {
      queue_.Retry(job);
      ++retried_;
    } catch (const std::exception& e) {
      spdlog::warn("job {}: retry failed, will be redelivered after its lease: {}", job.id,
                   e.what());
    }
    return;
  }
  if (outcome.transient) {
    outcome.reason =
        "still failing after " + std::to_string(job.attempts) + " attempts: " + outcome.reason;
  }
  Fail(job, outcome.reason);
}

void WorkerPool::Fail(const Job& job, const std::string& reason) {
  spdlog::error("job {} (document {}) failed: {}", job.id, job.document_id, reason);
  try {
    if (on_failure_) on_failure_(job, reason);
  } catch (const std::exception& e) {
    // The failure could not be recorded; hand the job back so it is not lost.
    spdlog::error("job {}: failure callback threw, retrying the job: {}", job.id, e.what());
    try {
      queue_.Retry(job);
      ++retried_;
    } catch (const std::exception& e2) {
      spdlog::warn("job {}: retry failed, will be redelivered after its lease: {}", job.id,
                   e2.what());
    }
    return;
  }
  ++failed_;
  try {
    queue_.Complete(job);
  } catch (const std::exception& e) {
    spdlog::warn("job {}: complete failed, will be redelivered: {}", job.id, e.what());
  }
}

void WorkerPool::HeartbeatLoop(std::stop_token stop) {
  for (;;) {
    {
      std::unique_lock lock(sleep_mu_);
      if (sleep_cv_.wait_for(lock, stop, options_.heartbeat_interval, [] { return false; }) ||
          stop.stop_requested()) {
        return;
      }
    }
    std::vector<Job> jobs;
    {
      std::lock_guard lock(running_mu_);
      for (const auto& j : running_) {
        if (j) jobs.push_back(*j);
      }
    }
    for (const Job& j : jobs) {
      try {
        queue_.Heartbeat(j);
      } catch (const std::exception& e) {
        spdlog::warn("job {}: heartbeat failed: {}", j.id, e.what());
      }
    }
    // Jobs of a worker that died, in this process or another, whose lease ran out: every
    // pool sweeps, so no process has to be the one that does.
    try {
      if (int n = queue_.RecoverAbandoned(/*all_running=*/false); n > 0) {
        spdlog::info("{} abandoned job(s) put back in the queue", n);
      }
    } catch (const std::exception& e) {
      spdlog::warn("recovering abandoned jobs failed: {}", e.what());
    }
  }
}

}  // namespace notaria::queue
