// ResponseCache: answers of the registers kept for a while, per key, with an expiry.
//
// The embedded adapter keeps them in memory (bounded, least recently used evicted); the
// Redis adapter (issue 5) shares them between processes. Values are opaque bytes.
// Thread-safe; a cache that cannot be reached behaves as a miss and never throws.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace notaria::verify {

class ResponseCache {
 public:
  virtual ~ResponseCache() = default;
  virtual std::optional<std::string> Get(std::string_view key) = 0;
  virtual void Put(std::string_view key, std::string_view value, std::chrono::seconds ttl) = 0;
};

// Keys and values count towards max_bytes; an entry larger than the whole cache, or put with
// a ttl of zero or less, is not kept (and drops any older value of its key).
class MemoryResponseCache : public ResponseCache {
 public:
  explicit MemoryResponseCache(size_t max_bytes = 64u << 20);
  // `now` replaces the steady clock that decides expiry (tests).
  MemoryResponseCache(size_t max_bytes, std::function<std::chrono::steady_clock::time_point()> now);
  ~MemoryResponseCache() override;
  std::optional<std::string> Get(std::string_view key) override;
  void Put(std::string_view key, std::string_view value, std::chrono::seconds ttl) override;

  size_t size_bytes() const;  // what the kept entries count towards max_bytes
  size_t entries() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace notaria::verify
