// Queue backends for the typed JobQueue and WorkerPool suites (tests only, header-only).
//
// A backend owns its storage for one test and opens any number of queue objects on it;
// several objects on one backend stand for several processes sharing the queue. Timings are
// shortened so the suites run in seconds. To test another engine (Redis Streams), add a
// class with the same two members and list it in QueueBackends.
#pragma once

#include <chrono>
#include <memory>

#include "queue/sqlite_job_queue.h"
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

using QueueBackends = ::testing::Types<SqliteJobQueueBackend>;

}  // namespace notaria::queue
