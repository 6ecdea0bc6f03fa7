// SqliteJobQueue: the embedded JobQueue, a durable `jobs` table in the metadata database.
//
// Open it on the same file as SqliteRepository (it uses its own connections and applies the
// shared migrations itself, so the two can be opened in either order). A job is claimed by
// one atomic UPDATE ... RETURNING inside a BEGIN IMMEDIATE transaction, so concurrent
// claimers, in this process or another, never receive the same job. Claim() wakes at once
// for jobs enqueued through this object and polls every `poll_interval` for jobs enqueued by
// other processes. Retry() re-queues a job after an exponential back-off. Heartbeat,
// Complete and Retry are fenced by the job's attempt count: once a job has been redelivered,
// calls made with the stale Job change nothing. Completed jobs stay in the table as 'done'.
// Thread-safe; throws store::StoreUnavailable when the database stays locked or unreachable.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>

#include "queue/job_queue.h"
#include "store/sqlite_pool.h"

namespace notaria::queue {

struct SqliteJobQueueOptions {
  store::sqlite::PoolOptions pool;
  // How long a claimed job stays leased without a heartbeat.
  std::chrono::milliseconds lease{60'000};
  // Bound on how late a job enqueued by another process is noticed by a waiting Claim().
  std::chrono::milliseconds poll_interval{200};
  // Delay before the first redelivery after Retry(); doubles with each attempt up to the max.
  std::chrono::milliseconds retry_backoff{1'000};
  std::chrono::milliseconds max_retry_backoff{300'000};
};

class SqliteJobQueue : public JobQueue {
 public:
  // Opens (creating if needed) the database file and migrates it; throws
  // store::StoreUnavailable if it cannot.
  explicit SqliteJobQueue(const std::string& path, SqliteJobQueueOptions options = {});

  void Enqueue(std::string_view document_id) override;
  std::optional<Job> Claim(std::string_view worker_id, std::chrono::milliseconds wait) override;
  void Heartbeat(const Job& job) override;
  void Complete(const Job& job) override;
  void Retry(const Job& job) override;
  int RecoverAbandoned(bool all_running) override;
  int64_t Depth() override;
  bool Ping() override;
  void Close() override;

 private:
  std::optional<Job> TryClaim(std::string_view worker_id);
  // Wakes Claim() waiters of this object; `generation_` lets a waiter notice a change that
  // happened between its last attempt and its wait.
  void Notify();

  const SqliteJobQueueOptions options_;
  store::sqlite::ConnectionPool pool_;
  std::mutex mu_;
  std::condition_variable cv_;
  uint64_t generation_ = 0;
  bool closed_ = false;
};

}  // namespace notaria::queue
