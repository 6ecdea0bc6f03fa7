// What only the Redis queue has: its URL, and a server that goes away and comes back. The
// shared contract is job_queue_test.cc and worker_pool_test.cc.
#include "queue/redis_job_queue.h"

#include <gtest/gtest.h>

#include "queue/testing_queue_backends.h"
#include "store/repository.h"

namespace notaria::queue {
namespace {

using std::chrono::milliseconds;

TEST(RedisJobQueue, MalformedUrlsAreRefused) {
  EXPECT_THROW(RedisJobQueue("http://127.0.0.1:6379"), std::invalid_argument);
  EXPECT_THROW(RedisJobQueue("redis://127.0.0.1:99999"), std::invalid_argument);
}

TEST(RedisJobQueue, UnreachableServerIsStoreUnavailable) {
  RedisJobQueueOptions o;
  o.connect_timeout = milliseconds(500);
  EXPECT_THROW(RedisJobQueue("redis://:secret@127.0.0.1:1/0", o), store::StoreUnavailable);
}

TEST(RedisJobQueue, DroppedConnectionsAreReplaced) {
  if (!RedisJobQueueBackend::Available()) GTEST_SKIP() << "no Redis server configured";
  RedisJobQueueBackend backend;
  auto q = backend.Open();
  q->Enqueue("doc_a");
  // Every client connection is closed by the server, as on a restart.
  std::string url = RedisJobQueueBackend::Url();
  std::string port = url.substr(url.rfind(':') + 1);
  ASSERT_EQ(std::system(("redis-cli -p " + port + " CLIENT KILL TYPE normal > /dev/null").c_str()),
            0);
  // The pooled connection is dead: the call fails once, the next one reconnects.
  std::optional<Job> job;
  try {
    job = q->Claim("w", milliseconds(0));
  } catch (const store::StoreUnavailable&) {
    job = q->Claim("w", milliseconds(0));
  }
  ASSERT_TRUE(job.has_value());
  EXPECT_EQ(job->document_id, "doc_a");
  q->Complete(*job);
  EXPECT_EQ(q->Depth(), 0);
  EXPECT_TRUE(q->Ping());
}

TEST(RedisJobQueue, PlatformsWithOtherPrefixesDoNotSeeEachOther) {
  if (!RedisJobQueueBackend::Available()) GTEST_SKIP() << "no Redis server configured";
  RedisJobQueueBackend a, b;
  auto qa = a.Open();
  auto qb = b.Open();
  qa->Enqueue("doc_a");
  EXPECT_EQ(qb->Depth(), 0);
  EXPECT_FALSE(qb->Claim("w", milliseconds(0)).has_value());
  EXPECT_TRUE(qa->Claim("w", milliseconds(0)).has_value());
}

}  // namespace
}  // namespace notaria::queue
