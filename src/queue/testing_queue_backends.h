// Queue backends for the typed JobQueue and WorkerPool suites (tests only, header-only).
//
// A backend owns its storage for one test and opens any number of queue objects on it;
// several objects on one backend stand for several processes sharing the queue. Timings are
// shortened so the suites run in seconds. To test another engine (Redis Streams), add a
// class with the same two members and list it in QueueBackends.
#pragma once

#include <chrono>
#include <memory>
#include <random>
#include <string>

#include "queue/redis_job_queue.h"
#include "queue/sqlite_job_queue.h"
#include "store/testing_services.h"
#include "store/testing_temp_dir.h"

namespace notaria::queue {

class SqliteJobQueueBackend {
 public:
  std::unique_ptr<JobQueue> Open(std::chrono::milliseconds lease = std::chrono::seconds(60)) {
    SqliteJobQueueOptions options;
    options.lease = lease;
    options.poll_interval = std::chrono::milliseconds(20);
    options.retry_backoff = std::chrono::milliseconds(10);
    options.max_retry_backoff = std::chrono::milliseconds(40);
    return std::make_unique<SqliteJobQueue>(dir_.path() + "/notaria.db", options);
  }

 private:
  store::TempDir dir_;
};

// Redis: the server scripts/test-services.sh started for this ctest run
// ($NOTARIA_TEST_SERVICES_DIR/redis.url); each backend has keys of its own.
class RedisJobQueueBackend {
 public:
  static std::string Url() { return store::TestServiceAddress("redis.url"); }
  static bool Available() { return !Url().empty(); }

  std::unique_ptr<JobQueue> Open(std::chrono::milliseconds lease = std::chrono::seconds(60)) {
    RedisJobQueueOptions options;
    options.lease = lease;
    options.poll_interval = std::chrono::milliseconds(20);
    options.retry_backoff = std::chrono::milliseconds(10);
    options.max_retry_backoff = std::chrono::milliseconds(40);
    options.key_prefix = prefix_;
    return std::make_unique<RedisJobQueue>(Url(), options);
  }

 private:
  std::string prefix_ = "notaria:test:" + std::to_string(std::random_device{}()) + "-" +
                        std::to_string(std::random_device{}());
};

using QueueBackends = ::testing::Types<SqliteJobQueueBackend, RedisJobQueueBackend>;

}  // namespace notaria::queue
