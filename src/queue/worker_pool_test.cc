// WorkerPool behaviour, run over every queue backend (testing_queue_backends.h).
#include "queue/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "queue/testing_queue_backends.h"
#include "queue/transient_error.h"
#include "store/repository.h"

namespace notaria::queue {
namespace {

using std::chrono::milliseconds;

// Polls `done` for up to 10 s; the suites stay fast because it returns as soon as it holds.
template <typename Pred>
bool WaitFor(Pred done) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(milliseconds(5));
  }
  return true;
}

WorkerPoolOptions FastOptions(int threads = 4) {
  WorkerPoolOptions o;
  o.threads = threads;
  o.max_attempts = 3;
  o.claim_wait = milliseconds(50);
  o.heartbeat_interval = milliseconds(20);
  o.worker_id = "test";
  return o;
}

template <typename Backend>
class WorkerPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!queue_) GTEST_SKIP() << "no server for this backend (run through ctest, which starts one)";
  }
  Backend backend_;
  std::unique_ptr<JobQueue> queue_ = store::EngineAvailable<Backend>() ? backend_.Open() : nullptr;
  std::mutex mu_;
  std::map<std::string, int> runs_;      // handler calls per document
  std::map<std::string, int> failures_;  // failure callbacks per document
  std::map<std::string, int> failed_at_attempt_;

  void CountRun(const Job& job) {
    std::lock_guard lock(mu_);
    ++runs_[job.document_id];
  }
  FailureCallback RecordFailure() {
    return [this](const Job& job, std::string_view) {
      std::lock_guard lock(mu_);
      ++failures_[job.document_id];
      failed_at_attempt_[job.document_id] = job.attempts;
    };
  }
  int Runs(const std::string& doc) {
    std::lock_guard lock(mu_);
    return runs_[doc];
  }
  int Failures(const std::string& doc) {
    std::lock_guard lock(mu_);
    return failures_[doc];
  }
};

TYPED_TEST_SUITE(WorkerPoolTest, QueueBackends);

TYPED_TEST(WorkerPoolTest, ProcessesEveryJobExactlyOnce) {
  constexpr int kJobs = 100;
  for (int i = 0; i < kJobs; ++i) this->queue_->Enqueue("doc_" + std::to_string(i));
  WorkerPool pool(
      *this->queue_, [this](const Job& job, std::stop_token) { this->CountRun(job); },
      this->RecordFailure(), FastOptions(4));
  pool.Start();
  ASSERT_TRUE(WaitFor([&] { return pool.Stats().completed == kJobs; }));
  pool.Stop();
  EXPECT_EQ(this->queue_->Depth(), 0);
  std::lock_guard lock(this->mu_);
  EXPECT_EQ(this->runs_.size(), static_cast<size_t>(kJobs));
  for (const auto& [doc, n] : this->runs_) EXPECT_EQ(n, 1) << doc;
  EXPECT_TRUE(this->failures_.empty());
}

TYPED_TEST(WorkerPoolTest, RetriesTransientErrorsThenReportsFailure) {
  this->queue_->Enqueue("doc_bad");
  this->queue_->Enqueue("doc_flaky");
  this->queue_->Enqueue("doc_good");
  WorkerPool pool(
      *this->queue_,
      [this](const Job& job, std::stop_token) {
        this->CountRun(job);
        if (job.document_id == "doc_bad") throw TransientError("engine down");
        if (job.document_id == "doc_flaky" && job.attempts < 3) {
          throw store::StoreUnavailable("database locked");
        }
      },
      this->RecordFailure(), FastOptions(2));
  pool.Start();
  ASSERT_TRUE(WaitFor([&] { return this->queue_->Depth() == 0; }));
  pool.Stop();
  EXPECT_EQ(this->Runs("doc_bad"), 3);
  EXPECT_EQ(this->Failures("doc_bad"), 1);
  EXPECT_EQ(this->failed_at_attempt_["doc_bad"], 3);
  EXPECT_EQ(this->Runs("doc_flaky"), 3);
  EXPECT_EQ(this->Failures("doc_flaky"), 0);
  EXPECT_EQ(this->Runs("doc_good"), 1);
  auto stats = pool.Stats();
  EXPECT_EQ(stats.completed, 2);
  EXPECT_EQ(stats.failed, 1);
  EXPECT_EQ(stats.retried, 4);
}

TYPED_TEST(WorkerPoolTest, PermanentErrorsFailAtOnce) {
  this->queue_->Enqueue("doc_broken");
  std::string reason;
  WorkerPool pool(
      *this->queue_,
      [this](const Job& job, std::stop_token) {
        this->CountRun(job);
        throw std::runtime_error("bug");
      },
      [&](const Job& job, std::string_view why) {
        std::lock_guard lock(this->mu_);
        ++this->failures_[job.document_id];
        reason = why;
      },
      FastOptions(1));
  pool.Start();
  ASSERT_TRUE(WaitFor([&] { return pool.Stats().failed == 1; }));
  pool.Stop();
  EXPECT_EQ(this->Runs("doc_broken"), 1);
  EXPECT_EQ(reason, "bug");
  EXPECT_EQ(this->queue_->Depth(), 0);
}

TYPED_TEST(WorkerPoolTest, FailureCallbackThatThrowsKeepsTheJob) {
  this->queue_->Enqueue("doc_x");
  std::atomic<int> callbacks{0};
  WorkerPool pool(
      *this->queue_, [](const Job&, std::stop_token) { throw std::runtime_error("bug"); },
      [&](const Job&, std::string_view) {
        if (++callbacks == 1) throw store::StoreUnavailable("cannot mark failed");
      },
      FastOptions(1));
  pool.Start();
  ASSERT_TRUE(WaitFor([&] { return pool.Stats().failed == 1; }));
  pool.Stop();
  EXPECT_EQ(callbacks.load(), 2);
  EXPECT_EQ(this->queue_->Depth(), 0);
}

TYPED_TEST(WorkerPoolTest, StopWaitsForHandlersAndLeavesInterruptedJobsForRedelivery) {
  this->queue_->Enqueue("doc_long");
  std::atomic<bool> saw_stop{false};
  WorkerPool pool(
      *this->queue_,
      [&](const Job&, std::stop_token stop) {
        while (!stop.stop_requested()) std::this_thread::sleep_for(milliseconds(5));
        saw_stop = true;
        throw std::runtime_error("interrupted");
      },
      this->RecordFailure(), FastOptions(2));
  pool.Start();
  ASSERT_TRUE(WaitFor([&] { return pool.Stats().busy == 1; }));
  std::this_thread::sleep_for(milliseconds(60));  // a few heartbeats
  pool.Stop();
  EXPECT_TRUE(saw_stop.load());
  EXPECT_EQ(pool.Stats().busy, 0);
  EXPECT_EQ(this->Failures("doc_long"), 0);
  EXPECT_EQ(this->queue_->Depth(), 1);
  EXPECT_EQ(this->queue_->RecoverAbandoned(true), 1);
  auto job = this->queue_->Claim("next-start", milliseconds(0));
  ASSERT_TRUE(job.has_value());
  EXPECT_EQ(job->attempts, 2);
}

TYPED_TEST(WorkerPoolTest, StopLetsAFinishingHandlerComplete) {
  this->queue_->Enqueue("doc_a");
  WorkerPool pool(
      *this->queue_,
      [](const Job&, std::stop_token) { std::this_thread::sleep_for(milliseconds(100)); },
      this->RecordFailure(), FastOptions(1));
  pool.Start();
  ASSERT_TRUE(WaitFor([&] { return pool.Stats().busy == 1; }));
  pool.Stop();
  EXPECT_EQ(pool.Stats().completed, 1);
  EXPECT_EQ(this->queue_->Depth(), 0);
}

TYPED_TEST(WorkerPoolTest, HeartbeatsKeepLongJobsLeased) {
  auto short_lease = this->backend_.Open(milliseconds(80));
  short_lease->Enqueue("doc_slow");
  WorkerPool pool(
      *short_lease,
      [](const Job&, std::stop_token) { std::this_thread::sleep_for(milliseconds(250)); },
      this->RecordFailure(), FastOptions(1));
  pool.Start();
  ASSERT_TRUE(WaitFor([&] { return pool.Stats().busy == 1; }));
  std::this_thread::sleep_for(milliseconds(150));  // past the lease without heartbeats
  EXPECT_EQ(this->queue_->RecoverAbandoned(false), 0);
  ASSERT_TRUE(WaitFor([&] { return pool.Stats().completed == 1; }));
  pool.Stop();
}

TYPED_TEST(WorkerPoolTest, StopsPromptlyWhenIdleOrQueueClosed) {
  WorkerPool pool(
      *this->queue_, [](const Job&, std::stop_token) {}, this->RecordFailure(), FastOptions(3));
  pool.Start();
  EXPECT_EQ(pool.Stats().threads, 3);
  this->queue_->Close();
  std::this_thread::sleep_for(milliseconds(30));
  auto start = std::chrono::steady_clock::now();
  pool.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(500));
  pool.Stop();  // idempotent
}

}  // namespace
}  // namespace notaria::queue
