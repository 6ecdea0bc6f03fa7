// The JobQueue contract as one typed suite (see testing_queue_backends.h to add an engine).
#include "queue/job_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "queue/testing_queue_backends.h"

namespace notaria::queue {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

template <typename Backend>
class JobQueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!queue_) GTEST_SKIP() << "no server for this backend (run through ctest, which starts one)";
  }
  Backend backend_;
  std::unique_ptr<JobQueue> queue_ = store::EngineAvailable<Backend>() ? backend_.Open() : nullptr;
};

TYPED_TEST_SUITE(JobQueueTest, QueueBackends);

TYPED_TEST(JobQueueTest, DeliversInFifoOrder) {
  for (const char* d : {"doc_a", "doc_b", "doc_c"}) this->queue_->Enqueue(d);
  for (const char* d : {"doc_a", "doc_b", "doc_c"}) {
    auto job = this->queue_->Claim("w", milliseconds(0));
    ASSERT_TRUE(job.has_value());
    EXPECT_EQ(job->document_id, d);
    EXPECT_EQ(job->attempts, 1);
    this->queue_->Complete(*job);
  }
  EXPECT_FALSE(this->queue_->Claim("w", milliseconds(0)).has_value());
}

TYPED_TEST(JobQueueTest, ClaimTimesOutWhenEmpty) {
  auto start = Clock::now();
  EXPECT_FALSE(this->queue_->Claim("w", milliseconds(60)).has_value());
  EXPECT_GE(Clock::now() - start, milliseconds(55));
}

TYPED_TEST(JobQueueTest, EnqueueIsANoOpWhileAJobIsPending) {
  this->queue_->Enqueue("doc_a");
  this->queue_->Enqueue("doc_a");
  EXPECT_EQ(this->queue_->Depth(), 1);
  auto job = this->queue_->Claim("w", milliseconds(0));
  ASSERT_TRUE(job.has_value());
  this->queue_->Enqueue("doc_a");  // running counts as pending
  EXPECT_EQ(this->queue_->Depth(), 1);
  this->queue_->Complete(*job);
  EXPECT_EQ(this->queue_->Depth(), 0);
  this->queue_->Enqueue("doc_a");  // a finished document may be processed again
  EXPECT_EQ(this->queue_->Depth(), 1);
}

TYPED_TEST(JobQueueTest, DepthCountsQueuedAndRunning) {
  this->queue_->Enqueue("doc_a");
  this->queue_->Enqueue("doc_b");
  auto job = this->queue_->Claim("w", milliseconds(0));
  EXPECT_EQ(this->queue_->Depth(), 2);
  this->queue_->Complete(*job);
  EXPECT_EQ(this->queue_->Depth(), 1);
  EXPECT_TRUE(this->queue_->Ping());
}

TYPED_TEST(JobQueueTest, ConcurrentClaimersReceiveEachJobOnce) {
  constexpr int kJobs = 150;
  for (int i = 0; i < kJobs; ++i) this->queue_->Enqueue("doc_" + std::to_string(i));
  auto other_process = this->backend_.Open();
  std::mutex mu;
  std::vector<std::string> delivered;
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    JobQueue* q = t % 2 == 0 ? this->queue_.get() : other_process.get();
    threads.emplace_back([&, q, t] {
      while (auto job = q->Claim("w" + std::to_string(t), milliseconds(0))) {
        q->Complete(*job);
        std::lock_guard lock(mu);
        delivered.push_back(job->document_id);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(delivered.size(), static_cast<size_t>(kJobs));
  EXPECT_EQ(std::set<std::string>(delivered.begin(), delivered.end()).size(),
            static_cast<size_t>(kJobs));
  EXPECT_EQ(this->queue_->Depth(), 0);
}

TYPED_TEST(JobQueueTest, WaitingClaimWakesOnEnqueue) {
  std::optional<Job> job;
  auto start = Clock::now();
  std::thread waiter([&] { job = this->queue_->Claim("w", milliseconds(5000)); });
  std::this_thread::sleep_for(milliseconds(30));
  this->queue_->Enqueue("doc_a");
  waiter.join();
  ASSERT_TRUE(job.has_value());
  EXPECT_EQ(job->document_id, "doc_a");
  EXPECT_LT(Clock::now() - start, milliseconds(1000));
}

TYPED_TEST(JobQueueTest, WaitingClaimSeesJobsEnqueuedByAnotherProcess) {
  auto other_process = this->backend_.Open();
  std::optional<Job> job;
  auto start = Clock::now();
  std::thread waiter([&] { job = this->queue_->Claim("w", milliseconds(5000)); });
  std::this_thread::sleep_for(milliseconds(30));
  other_process->Enqueue("doc_remote");
  waiter.join();
  ASSERT_TRUE(job.has_value());
  EXPECT_EQ(job->document_id, "doc_remote");
  EXPECT_LT(Clock::now() - start, milliseconds(1000));
}

TYPED_TEST(JobQueueTest, JobOfADeadProcessIsRedeliveredAfterRecoverAll) {
  {
    auto dead = this->backend_.Open();
    dead->Enqueue("doc_a");
    ASSERT_TRUE(dead->Claim("dead-worker", milliseconds(0)).has_value());
  }  // the process "dies" without completing
  EXPECT_FALSE(this->queue_->Claim("w", milliseconds(0)).has_value());
  EXPECT_EQ(this->queue_->Depth(), 1);
  EXPECT_EQ(this->queue_->RecoverAbandoned(true), 1);
  auto job = this->queue_->Claim("w", milliseconds(0));
  ASSERT_TRUE(job.has_value());
  EXPECT_EQ(job->document_id, "doc_a");
  EXPECT_EQ(job->attempts, 2);
  EXPECT_EQ(this->queue_->RecoverAbandoned(false), 0);  // its lease is fresh
}

TYPED_TEST(JobQueueTest, JobIsRedeliveredAfterItsLeaseExpires) {
  auto short_lease = this->backend_.Open(milliseconds(100));
  {
    auto dead = this->backend_.Open(milliseconds(100));
    dead->Enqueue("doc_a");
    ASSERT_TRUE(dead->Claim("dead-worker", milliseconds(0)).has_value());
  }
  EXPECT_EQ(short_lease->RecoverAbandoned(false), 0);
  std::this_thread::sleep_for(milliseconds(150));
  EXPECT_EQ(short_lease->RecoverAbandoned(false), 1);
  auto job = short_lease->Claim("w", milliseconds(0));
  ASSERT_TRUE(job.has_value());
  EXPECT_EQ(job->attempts, 2);
}

TYPED_TEST(JobQueueTest, HeartbeatKeepsTheLease) {
  auto q = this->backend_.Open(milliseconds(150));
  q->Enqueue("doc_a");
  auto job = q->Claim("w", milliseconds(0));
  ASSERT_TRUE(job.has_value());
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(milliseconds(70));
    q->Heartbeat(*job);
  }
  EXPECT_EQ(q->RecoverAbandoned(false), 0);
}

TYPED_TEST(JobQueueTest, StaleAcknowledgementsAfterRedeliveryAreIgnored) {
  this->queue_->Enqueue("doc_a");
  auto first = this->queue_->Claim("w1", milliseconds(0));
  ASSERT_TRUE(first.has_value());
  this->queue_->RecoverAbandoned(true);
  auto second = this->queue_->Claim("w2", milliseconds(0));
  ASSERT_TRUE(second.has_value());
  this->queue_->Complete(*first);  // the first worker woke up late
  this->queue_->Retry(*first);
  EXPECT_EQ(this->queue_->Depth(), 1);
  EXPECT_FALSE(this->queue_->Claim("w3", milliseconds(0)).has_value());
  this->queue_->Complete(*second);
  EXPECT_EQ(this->queue_->Depth(), 0);
}

TYPED_TEST(JobQueueTest, RetryRedeliversAfterBackOff) {
  this->queue_->Enqueue("doc_a");
  auto job = this->queue_->Claim("w", milliseconds(0));
  ASSERT_TRUE(job.has_value());
  this->queue_->Retry(*job);
  EXPECT_EQ(this->queue_->Depth(), 1);
  auto again = this->queue_->Claim("w", milliseconds(2000));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->id, job->id);
  EXPECT_EQ(again->attempts, 2);
}

TYPED_TEST(JobQueueTest, CloseWakesWaitersAndStopsDelivery) {
  std::optional<Job> job = Job{};
  auto start = Clock::now();
  std::thread waiter([&] { job = this->queue_->Claim("w", milliseconds(10000)); });
  std::this_thread::sleep_for(milliseconds(30));
  this->queue_->Close();
  waiter.join();
  EXPECT_FALSE(job.has_value());
  EXPECT_LT(Clock::now() - start, milliseconds(1000));
  this->queue_->Enqueue("doc_a");
  EXPECT_FALSE(this->queue_->Claim("w", milliseconds(0)).has_value());
}

}  // namespace
}  // namespace notaria::queue
