// WorkerPool: N threads that take jobs from a JobQueue and run a handler on each.
//
// Each worker loops Claim -> handler -> Complete. A handler that throws a transient error
// (TransientError, store::StoreUnavailable, store::BlobUnavailable) has its job retried by
// the queue with back-off; once the job has been delivered `max_attempts` times, or at once
// for any other exception, `on_failure` is called (so the caller can mark the document
// failed) and the job is completed. If `on_failure` itself throws, the job is retried
// instead: a job is never dropped silently. A heartbeat thread extends the leases of the
// running jobs every `heartbeat_interval`, and puts back in the queue the jobs whose lease
// ran out (their worker died, in this process or another).
//
// Stop() asks handlers to stop through their std::stop_token and waits for them. A handler
// that returns normally has its job completed; one that throws after Stop() was requested
// leaves its job leased and unacknowledged, to be redelivered (RecoverAbandoned at the next
// start, or lease expiry). Stop() returns within about `claim_wait` plus the slowest
// handler's reaction. Start/Stop are called by one owner thread; Stats() from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "queue/job_queue.h"

namespace notaria::queue {

// Runs one job. `stop` is signalled when the pool is stopping; long handlers should check
// it between steps and throw (any exception) to leave the job for redelivery.
using JobHandler = std::function<void(const Job& job, std::stop_token stop)>;
// Called once for a job that will not be retried; `reason` is the exception message.
using FailureCallback = std::function<void(const Job& job, std::string_view reason)>;

struct WorkerPoolOptions {
  int threads = 4;
  int max_attempts = 5;  // deliveries of one job, the first included
  // Longest wait in one Claim(); also bounds how long Stop() waits for an idle worker.
  std::chrono::milliseconds claim_wait{500};
  // Must be well under the queue's lease (60 s for SqliteJobQueue by default).
  std::chrono::milliseconds heartbeat_interval{15'000};
  // Prefix of the worker ids recorded as job owners; "<hostname>:<pid>" when empty.
  std::string worker_id;
};

struct WorkerPoolStats {
  int threads = 0;
  int busy = 0;           // workers running a handler now
  int64_t completed = 0;  // jobs whose handler succeeded
  int64_t retried = 0;    // transient failures handed back to the queue
  int64_t failed = 0;     // jobs given to the failure callback
};

class WorkerPool {
 public:
  // `queue` must outlive the pool. Nothing runs until Start().
  WorkerPool(JobQueue& queue, JobHandler handler, FailureCallback on_failure,
             WorkerPoolOptions options = {});
  ~WorkerPool();  // Stop()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Starts the workers and the heartbeat thread; a pool starts at most once.
  void Start();
  // Idempotent; see the contract above.
  void Stop();
  WorkerPoolStats Stats() const;

 private:
  void WorkerLoop(int index, std::stop_token stop);
  void Process(int index, const Job& job, std::stop_token stop);
  void Fail(const Job& job, const std::string& reason);
  void HeartbeatLoop(std::stop_token stop);

  JobQueue& queue_;
  const JobHandler handler_;
  const FailureCallback on_failure_;
  WorkerPoolOptions options_;

  std::stop_source stop_source_;
  // Separate so that leases keep being extended while Stop() waits for running handlers.
  std::stop_source heartbeat_stop_;
  std::vector<std::thread> workers_;
  std::thread heartbeat_;
  bool started_ = false;

  std::mutex running_mu_;                    // guards running_
  std::vector<std::optional<Job>> running_;  // per worker, for the heartbeat thread
  std::mutex sleep_mu_;
  std::condition_variable_any sleep_cv_;  // interruptible sleeps, woken by stop

  std::atomic<int> busy_{0};
  std::atomic<int64_t> completed_{0};
  std::atomic<int64_t> retried_{0};
  std::atomic<int64_t> failed_{0};
};

}  // namespace notaria::queue
