#include "queue/sqlite_job_queue.h"

#include <algorithm>

#include "store/clock.h"
#include "store/sqlite_migrate.h"

namespace notaria::queue {

using store::NowIso8601Utc;
using store::NowUnixMillis;
using store::sqlite::Transaction;

SqliteJobQueue::SqliteJobQueue(const std::string& path, SqliteJobQueueOptions options)
    : options_(options), pool_(path, options.pool) {
  auto conn = pool_.Acquire();
  store::sqlite::ApplyMigrations(*conn);
}

void SqliteJobQueue::Enqueue(std::string_view document_id) {
  {
    auto conn = pool_.Acquire();
    // The partial unique index on pending jobs turns a second Enqueue into a no-op, even
    // when two processes enqueue the same document at the same moment.
    std::string now = NowIso8601Utc();
    conn->Prepare(
            "INSERT OR IGNORE INTO jobs (document_id, status, available_at, attempts, "
            "created_at, updated_at) VALUES (?1, 'queued', ?2, 0, ?3, ?3)")
        .Bind(1, document_id)
        .Bind(2, NowUnixMillis())
        .Bind(3, now)
        .Run();
  }
  Notify();
}

std::optional<Job> SqliteJobQueue::TryClaim(std::string_view worker_id) {
  auto conn = pool_.Acquire();
  Transaction tx(*conn, Transaction::Mode::kImmediate);
  int64_t now = NowUnixMillis();
  auto st = conn->Prepare(
      "UPDATE jobs SET status = 'running', owner = ?1, lease_until = ?2, "
      "attempts = attempts + 1, updated_at = ?3 "
      "WHERE id = (SELECT id FROM jobs WHERE status = 'queued' AND available_at <= ?4 "
      "ORDER BY id LIMIT 1) RETURNING id, document_id, attempts");
  st.Bind(1, worker_id).Bind(2, now + options_.lease.count()).Bind(3, NowIso8601Utc()).Bind(4, now);
  std::optional<Job> job;
  if (st.Step()) job = Job{st.Int64(0), st.Text(1), st.Int(2)};
  st.Run();  // RETURNING rows must be drained before the statement completes
  tx.Commit();
  return job;
}

std::optional<Job> SqliteJobQueue::Claim(std::string_view worker_id,
                                         std::chrono::milliseconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    uint64_t seen;
    {
      std::lock_guard lock(mu_);
      if (closed_) return std::nullopt;
      seen = generation_;
    }
    if (auto job = TryClaim(worker_id)) return job;
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return std::nullopt;
    std::unique_lock lock(mu_);
    cv_.wait_until(lock, std::min(deadline, now + options_.poll_interval),
                   [&] { return closed_ || generation_ != seen; });
  }
}

void SqliteJobQueue::Heartbeat(const Job& job) {
  auto conn = pool_.Acquire();
  conn->Prepare(
          "UPDATE jobs SET lease_until = ?3, updated_at = ?4 "
          "WHERE id = ?1 AND attempts = ?2 AND status = 'running'")
      .Bind(1, job.id)
      .Bind(2, job.attempts)
      .Bind(3, NowUnixMillis() + options_.lease.count())
      .Bind(4, NowIso8601Utc())
      .Run();
}

void SqliteJobQueue::Complete(const Job& job) {
  auto conn = pool_.Acquire();
  conn->Prepare(
          "UPDATE jobs SET status = 'done', owner = NULL, lease_until = NULL, updated_at = ?3 "
          "WHERE id = ?1 AND attempts = ?2 AND status = 'running'")
      .Bind(1, job.id)
      .Bind(2, job.attempts)
      .Bind(3, NowIso8601Utc())
      .Run();
}

void SqliteJobQueue::Retry(const Job& job) {
  int64_t delay = options_.retry_backoff.count();
  for (int i = 1; i < job.attempts && delay < options_.max_retry_backoff.count(); ++i) {
    delay *= 2;
  }
  delay = std::min<int64_t>(delay, options_.max_retry_backoff.count());
  {
    auto conn = pool_.Acquire();
    conn->Prepare(
            "UPDATE jobs SET status = 'queued', owner = NULL, lease_until = NULL, "
            "available_at = ?3, updated_at = ?4 "
            "WHERE id = ?1 AND attempts = ?2 AND status = 'running'")
        .Bind(1, job.id)
        .Bind(2, job.attempts)
        .Bind(3, NowUnixMillis() + delay)
        .Bind(4, NowIso8601Utc())
        .Run();
  }
  Notify();
}

int SqliteJobQueue::RecoverAbandoned(bool all_running) {
  int64_t changed;
  {
    auto conn = pool_.Acquire();
    auto st = conn->Prepare(
        "UPDATE jobs SET status = 'queued', owner = NULL, lease_until = NULL, updated_at = ?2 "
        "WHERE status = 'running' AND (?1 OR lease_until < ?3)");
    st.Bind(1, all_running ? 1 : 0).Bind(2, NowIso8601Utc()).Bind(3, NowUnixMillis()).Run();
    changed = conn->Changes();
  }
  if (changed > 0) Notify();
  return static_cast<int>(changed);
}

int64_t SqliteJobQueue::Depth() {
  auto conn = pool_.Acquire();
  auto st = conn->Prepare("SELECT COUNT(*) FROM jobs WHERE status IN ('queued', 'running')");
  st.Step();
  return st.Int64(0);
}

bool SqliteJobQueue::Ping() {
  try {
    auto conn = pool_.Acquire();
    auto st = conn->Prepare("SELECT 1");
    return st.Step();
  } catch (const std::exception&) {
    return false;
  }
}

void SqliteJobQueue::Close() {
  std::lock_guard lock(mu_);
  closed_ = true;
  ++generation_;
  cv_.notify_all();
}

void SqliteJobQueue::Notify() {
  std::lock_guard lock(mu_);
  ++generation_;
  cv_.notify_all();
}

}  // namespace notaria::queue
