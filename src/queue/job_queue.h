// JobQueue: durable queue of document-processing jobs, delivered at least once.
//
// A claimed job is leased to one worker; if the worker dies the job becomes claimable again
// (at the next start for the embedded queue, after the lease for distributed ones). Stages
// are idempotent, so a redelivered job never duplicates results. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace notaria::queue {

struct Job {
  int64_t id = 0;
  std::string document_id;
  int attempts = 0;  // deliveries so far, this one included
};

class JobQueue {
 public:
  virtual ~JobQueue() = default;

  // Adds a job for the document; a document has at most one pending job.
  virtual void Enqueue(std::string_view document_id) = 0;
  // Waits up to `wait` for a job and leases it to `worker_id`.
  virtual std::optional<Job> Claim(std::string_view worker_id, std::chrono::milliseconds wait) = 0;
  // Extends the lease of a long job.
  virtual void Heartbeat(const Job& job) = 0;
  // The job is finished (whatever the document's outcome): it will not be delivered again.
  virtual void Complete(const Job& job) = 0;
  // The job failed for a transient reason: deliver it again later.
  virtual void Retry(const Job& job) = 0;
  // Makes jobs whose worker died claimable again; returns how many. `all_running` is for the
  // embedded queue at start-up, when no other process can own a running job.
  virtual int RecoverAbandoned(bool all_running) = 0;
  // Jobs waiting or running.
  virtual int64_t Depth() = 0;
  virtual bool Ping() = 0;
  // Wakes every Claim() waiting, for shutdown.
  virtual void Close() = 0;
};

}  // namespace notaria::queue
