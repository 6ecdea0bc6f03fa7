// RedisResponseCache: the register answers cache shared by every process of a distributed
// deployment (REDIS_URL), so that ten workers ask the cadastre once, not ten times.
//
// Keys are prefixed ("notaria:registers:") and hashed (SHA-256), so that a register query,
// which may hold a name or a SIREN, never appears in Redis's key space or its logs. Expiry is
// Redis's own (SET ... PX). A Redis that fails behaves as a miss: the registers are asked
// directly, and the failure is logged once in a while, never thrown.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "store/redis_client.h"
#include "verify/response_cache.h"

namespace notaria::verify {

class RedisResponseCache : public ResponseCache {
 public:
  // Shares `client` (the queue's connections); the client must outlive the cache.
  RedisResponseCache(store::RedisClient& client, std::string prefix = "notaria:registers:");

  std::optional<std::string> Get(std::string_view key) override;
  void Put(std::string_view key, std::string_view value, std::chrono::seconds ttl) override;

 private:
  std::string KeyOf(std::string_view key) const;
  void Failed(const std::exception& e);

  store::RedisClient& client_;
  const std::string prefix_;
  std::atomic<int64_t> failures_{0};
};

}  // namespace notaria::verify
