#include "queue/redis_job_queue.h"

#include <hiredis/hiredis.h>

#include <charconv>
#include <stdexcept>
#include <thread>

#include "store/redis_client.h"
#include "store/repository.h"

namespace notaria::queue {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Server time in milliseconds, so that delays mean the same on every machine.
constexpr const char* kNowMs =
    "local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000) ";

// KEYS: stream, pending, seq. ARGV: prefix, document.
constexpr const char* kEnqueue = R"lua(
if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then return 0 end
local id = redis.call('INCR', KEYS[3])
local jk = ARGV[1] .. ':job:' .. id
local entry = redis.call('XADD', KEYS[1], '*', 'job', id)
redis.call('HSET', jk, 'doc', ARGV[2], 'attempts', 0, 'entry', entry, 'owner', '', 'state', 'queued')
redis.call('HSET', KEYS[2], ARGV[2], id)
return id
)lua";

// KEYS: stream, delayed. ARGV: prefix. Puts the due retries back on the stream.
const std::string& PromoteScript() {
  static const std::string s = std::string(kNowMs) + R"lua(
local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 100)
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[2], id)
  local jk = ARGV[1] .. ':job:' .. id
  if redis.call('EXISTS', jk) == 1 then
    local entry = redis.call('XADD', KEYS[1], '*', 'job', id)
    redis.call('HSET', jk, 'entry', entry, 'state', 'queued')
  end
end
return #ids
)lua";
  return s;
}

// KEYS: stream. ARGV: prefix, group, entry, job, owner. Counts the delivery of an entry just
// read; an entry that no longer carries its job (a leftover) is dropped.
constexpr const char* kDeliver = R"lua(
local jk = ARGV[1] .. ':job:' .. ARGV[4]
if redis.call('HGET', jk, 'entry') ~= ARGV[3] then
  redis.call('XACK', KEYS[1], ARGV[2], ARGV[3])
  redis.call('XDEL', KEYS[1], ARGV[3])
  return false
end
local attempts = redis.call('HINCRBY', jk, 'attempts', 1)
redis.call('HSET', jk, 'owner', ARGV[5], 'state', 'running')
return {redis.call('HGET', jk, 'doc'), attempts}
)lua";

// The fence of Heartbeat, Complete and Retry: the job runs under this very attempt.
constexpr const char* kFence = R"lua(
local jk = ARGV[1] .. ':job:' .. ARGV[3]
local v = redis.call('HMGET', jk, 'attempts', 'entry', 'owner', 'state', 'doc')
if v[1] ~= ARGV[4] or v[4] ~= 'running' then return 0 end
)lua";

// KEYS: stream. ARGV: prefix, group, job, attempts.
const std::string& HeartbeatScript() {
  static const std::string s = std::string(kFence) + R"lua(
redis.call('XCLAIM', KEYS[1], ARGV[2], v[3], 0, v[2], 'JUSTID')
return 1
)lua";
  return s;
}

// KEYS: stream, pending. ARGV: prefix, group, job, attempts.
const std::string& CompleteScript() {
  static const std::string s = std::string(kFence) + R"lua(
redis.call('XACK', KEYS[1], ARGV[2], v[2])
redis.call('XDEL', KEYS[1], v[2])
redis.call('DEL', jk)
redis.call('HDEL', KEYS[2], v[5])
return 1
)lua";
  return s;
}

// KEYS: stream, delayed. ARGV: prefix, group, job, attempts, delay_ms.
const std::string& RetryScript() {
  static const std::string s = std::string(kFence) + kNowMs + R"lua(
redis.call('XACK', KEYS[1], ARGV[2], v[2])
redis.call('XDEL', KEYS[1], v[2])
redis.call('HSET', jk, 'entry', '', 'owner', '', 'state', 'delayed')
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[5]), ARGV[3])
return 1
)lua";
  return s;
}

// KEYS: stream. ARGV: prefix, group, min_idle_ms. Entries delivered and not heartbeaten for
// min_idle go back on the stream as new entries of the same job.
constexpr const char* kRecover = R"lua(
local p = redis.call('XPENDING', KEYS[1], ARGV[2], 'IDLE', tonumber(ARGV[3]), '-', '+', 100)
local n = 0
for _, e in ipairs(p) do
  local entry = e[1]
  local rows = redis.call('XRANGE', KEYS[1], entry, entry)
  redis.call('XACK', KEYS[1], ARGV[2], entry)
  redis.call('XDEL', KEYS[1], entry)
  if #rows == 1 then
    local id = rows[1][2][2]
    local jk = ARGV[1] .. ':job:' .. id
    if redis.call('HGET', jk, 'entry') == entry then
      local fresh = redis.call('XADD', KEYS[1], '*', 'job', id)
      redis.call('HSET', jk, 'entry', fresh, 'owner', '', 'state', 'queued')
      n = n + 1
    end
  end
end
return n
)lua";

int64_t ToInt(std::string_view s) {
  int64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

}  // namespace

RedisJobQueue::RedisJobQueue(const std::string& url, RedisJobQueueOptions options)
    : options_(std::move(options)),
      client_(url, {options_.connect_timeout, options_.command_timeout}),
      stream_(options_.key_prefix + ":stream"),
      group_("workers") {
  try {
    client_.Command({"XGROUP", "CREATE", stream_, group_, "0", "MKSTREAM"});
  } catch (const store::StoreUnavailable& e) {
    if (std::string(e.what()).find("BUSYGROUP") == std::string::npos) throw;
  }
}

RedisJobQueue::~RedisJobQueue() = default;

void RedisJobQueue::Enqueue(std::string_view document_id) {
  client_.Command({"EVAL", kEnqueue, "3", stream_, options_.key_prefix + ":pending",
                   options_.key_prefix + ":seq", options_.key_prefix, std::string(document_id)});
}

std::optional<Job> RedisJobQueue::ReadOne(std::string_view worker_id, milliseconds block) {
  client_.Command({"EVAL", PromoteScript(), "2", stream_, options_.key_prefix + ":delayed",
                   options_.key_prefix});
  std::vector<std::string> read = {"XREADGROUP",           "GROUP", group_,
                                   std::string(worker_id), "COUNT", "1"};
  if (block.count() > 0) {
    read.push_back("BLOCK");
    read.push_back(std::to_string(block.count()));
  }
  read.insert(read.end(), {"STREAMS", stream_, ">"});
  store::RedisReply r = client_.Command(read, block);
  std::optional<Job> job;
  // [[stream, [[entry, [field, value, ...]]]]], or nil when nothing came.
  if (r->type == REDIS_REPLY_ARRAY && r->elements == 1 && r->element[0]->elements == 2) {
    const redisReply* entries = r->element[0]->element[1];
    if (entries->elements == 1 && entries->element[0]->elements == 2) {
      std::string entry = store::RedisText(entries->element[0]->element[0]);
      const redisReply* fields = entries->element[0]->element[1];
      std::string job_id;
      for (size_t i = 0; i + 1 < fields->elements; i += 2) {
        if (store::RedisText(fields->element[i]) == "job")
          job_id = store::RedisText(fields->element[i + 1]);
      }
      store::RedisReply d = client_.Command({"EVAL", kDeliver, "1", stream_, options_.key_prefix,
                                             group_, entry, job_id, std::string(worker_id)});
      if (d->type == REDIS_REPLY_ARRAY && d->elements == 2) {
        job = Job{ToInt(job_id), store::RedisText(d->element[0]),
                  static_cast<int>(d->element[1]->integer)};
      }
    }
  }
  return job;
}

std::optional<Job> RedisJobQueue::Claim(std::string_view worker_id, milliseconds wait) {
  const Clock::time_point deadline = Clock::now() + wait;
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (closed_) return std::nullopt;
    }
    auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    milliseconds block = std::clamp(left, milliseconds(0), options_.poll_interval);
    if (auto job = ReadOne(worker_id, block)) return job;
    if (Clock::now() >= deadline) return std::nullopt;
  }
}

void RedisJobQueue::Heartbeat(const Job& job) {
  client_.Command({"EVAL", HeartbeatScript(), "1", stream_, options_.key_prefix, group_,
                   std::to_string(job.id), std::to_string(job.attempts)});
}

void RedisJobQueue::Complete(const Job& job) {
  client_.Command({"EVAL", CompleteScript(), "2", stream_, options_.key_prefix + ":pending",
                   options_.key_prefix, group_, std::to_string(job.id),
                   std::to_string(job.attempts)});
}

void RedisJobQueue::Retry(const Job& job) {
  int64_t delay = options_.retry_backoff.count();
  for (int i = 1; i < job.attempts && delay < options_.max_retry_backoff.count(); ++i) delay *= 2;
  delay = std::min<int64_t>(delay, options_.max_retry_backoff.count());
  client_.Command({"EVAL", RetryScript(), "2", stream_, options_.key_prefix + ":delayed",
                   options_.key_prefix, group_, std::to_string(job.id),
                   std::to_string(job.attempts), std::to_string(delay)});
}

int RedisJobQueue::RecoverAbandoned(bool all_running) {
  store::RedisReply r =
      client_.Command({"EVAL", kRecover, "1", stream_, options_.key_prefix, group_,
                       std::to_string(all_running ? 0 : options_.lease.count())});
  return static_cast<int>(r->integer);
}

int64_t RedisJobQueue::Depth() {
  // One script: a job moving between the stream and the delayed set is counted once.
  int64_t n =
      client_
          .Command({"EVAL", "return redis.call('XLEN', KEYS[1]) + redis.call('ZCARD', KEYS[2])",
                    "2", stream_, options_.key_prefix + ":delayed"})
          ->integer;
  return n;
}

bool RedisJobQueue::Ping() { return client_.Ping(); }

void RedisJobQueue::Close() {
  std::lock_guard lock(mu_);
  closed_ = true;
}

}  // namespace notaria::queue
