// RedisJobQueue: the JobQueue on Redis Streams, selected by REDIS_URL, shared by any number
// of API and worker processes on any machines.
//
// A job is a hash (document, attempts, owner, the stream entry that carries it) with a
// stable id; it travels as an entry of one stream read by one consumer group, so each entry
// is delivered to one worker (XREADGROUP) and stays pending until acknowledged. Delivery
// counts an attempt. Complete acknowledges and deletes it; Retry moves it to a delayed set
// (exponential back-off) from which Claim puts it back on the stream when due;
// RecoverAbandoned puts back the entries pending longer than the lease without a heartbeat
// (a worker that died): every worker runs it as it heartbeats, so at-least-once holds with
// no coordinator. Each change is one Lua script, atomic on the server; Heartbeat, Complete
// and Retry are fenced by the attempt count, so a worker that wakes up after its job was
// redelivered changes nothing. At most one pending job per document (a hash document -> job).
// Thread-safe; throws store::StoreUnavailable when Redis cannot be reached.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "queue/job_queue.h"
#include "store/redis_client.h"

namespace notaria::queue {

struct RedisJobQueueOptions {
  std::chrono::milliseconds lease{60'000};
  // Longest single blocking read: how late Close() and due retries are noticed.
  std::chrono::milliseconds poll_interval{200};
  std::chrono::milliseconds retry_backoff{1'000};
  std::chrono::milliseconds max_retry_backoff{300'000};
  std::chrono::milliseconds connect_timeout{2'000};
  std::chrono::milliseconds command_timeout{5'000};
  // Prefix of every key: several platforms (or tests) can share one Redis.
  std::string key_prefix = "notaria:queue";
};

class RedisJobQueue : public JobQueue {
 public:
  // `url`: redis://[:password@]host[:port][/db]. Connects once and creates the consumer
  // group; throws store::StoreUnavailable when Redis does not answer, std::invalid_argument
  // for a malformed URL.
  RedisJobQueue(const std::string& url, RedisJobQueueOptions options = {});
  ~RedisJobQueue() override;

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
  std::optional<Job> ReadOne(std::string_view worker_id, std::chrono::milliseconds block);

  const RedisJobQueueOptions options_;
  store::RedisClient client_;
  const std::string stream_, group_;
  std::mutex mu_;
  bool closed_ = false;
};

}  // namespace notaria::queue
