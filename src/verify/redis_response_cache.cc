#include "verify/redis_response_cache.h"

#include <hiredis/hiredis.h>
#include <spdlog/spdlog.h>

#include "store/sha256.h"

namespace notaria::verify {

RedisResponseCache::RedisResponseCache(store::RedisClient& client, std::string prefix)
    : client_(client), prefix_(std::move(prefix)) {}

std::string RedisResponseCache::KeyOf(std::string_view key) const {
  return prefix_ + store::Sha256Hex(key);
}

void RedisResponseCache::Failed(const std::exception& e) {
  // One line for the first failure and then every hundredth: a Redis outage must not flood.
  if (failures_.fetch_add(1) % 100 == 0) {
    spdlog::warn("register cache on Redis unavailable, registers asked directly: {}", e.what());
  }
}

std::optional<std::string> RedisResponseCache::Get(std::string_view key) {
  try {
    store::RedisReply r = client_.Command({"GET", KeyOf(key)});
    if (r->type != REDIS_REPLY_STRING) return std::nullopt;
    return std::string(r->str, r->len);
  } catch (const std::exception& e) {
    Failed(e);
    return std::nullopt;
  }
}

void RedisResponseCache::Put(std::string_view key, std::string_view value,
                             std::chrono::seconds ttl) {
  try {
    if (ttl.count() <= 0) {
      client_.Command({"DEL", KeyOf(key)});
      return;
    }
    client_.Command({"SET", KeyOf(key), std::string(value), "PX",
                     std::to_string(std::chrono::milliseconds(ttl).count())});
  } catch (const std::exception& e) {
    Failed(e);
  }
}

}  // namespace notaria::verify
