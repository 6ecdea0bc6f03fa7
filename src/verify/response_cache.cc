#include "verify/response_cache.h"

#include <list>
#include <mutex>
#include <unordered_map>

namespace notaria::verify {

struct MemoryResponseCache::State {
  struct Entry {
    std::string key;
    std::string value;
    std::chrono::steady_clock::time_point expires;
    size_t bytes() const { return key.size() + value.size(); }
  };

  size_t max_bytes;
  std::function<std::chrono::steady_clock::time_point()> now;
  mutable std::mutex mu;
  std::list<Entry> lru;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index;
  size_t bytes = 0;

  void Erase(std::list<Entry>::iterator it) {
    bytes -= it->bytes();
    index.erase(it->key);
    lru.erase(it);
  }
};

MemoryResponseCache::MemoryResponseCache(size_t max_bytes)
    : MemoryResponseCache(max_bytes, [] { return std::chrono::steady_clock::now(); }) {}

MemoryResponseCache::MemoryResponseCache(size_t max_bytes,
                                         std::function<std::chrono::steady_clock::time_point()> now)
    : state_(new State{max_bytes, std::move(now)}) {
  if (!state_->now) state_->now = [] { return std::chrono::steady_clock::now(); };
}

MemoryResponseCache::~MemoryResponseCache() = default;

std::optional<std::string> MemoryResponseCache::Get(std::string_view key) {
  State& s = *state_;
  std::lock_guard lock(s.mu);
  auto found = s.index.find(std::string(key));
  if (found == s.index.end()) return std::nullopt;
  auto it = found->second;
  if (s.now() >= it->expires) {
    s.Erase(it);
    return std::nullopt;
  }
  s.lru.splice(s.lru.begin(), s.lru, it);
  return it->value;
}

void MemoryResponseCache::Put(std::string_view key, std::string_view value,
                              std::chrono::seconds ttl) {
  State& s = *state_;
  std::lock_guard lock(s.mu);
  auto found = s.index.find(std::string(key));
  if (found != s.index.end()) s.Erase(found->second);
  if (ttl <= std::chrono::seconds::zero() || key.size() + value.size() > s.max_bytes) return;
  s.lru.push_front(State::Entry{std::string(key), std::string(value), s.now() + ttl});
  s.index.emplace(s.lru.front().key, s.lru.begin());
  s.bytes += s.lru.front().bytes();
  while (s.bytes > s.max_bytes) s.Erase(std::prev(s.lru.end()));
}

size_t MemoryResponseCache::size_bytes() const {
  std::lock_guard lock(state_->mu);
  return state_->bytes;
}

size_t MemoryResponseCache::entries() const {
  std::lock_guard lock(state_->mu);
  return state_->lru.size();
}

}  // namespace notaria::verify
