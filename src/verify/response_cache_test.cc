#include "verify/response_cache.h"

#include <gtest/gtest.h>

namespace notaria::verify {
namespace {

using namespace std::chrono_literals;

struct FakeClock {
  std::chrono::steady_clock::time_point now{std::chrono::hours(1)};
  std::function<std::chrono::steady_clock::time_point()> fn() {
    return [this] { return now; };
  }
};

TEST(MemoryResponseCache, HitAndMiss) {
  MemoryResponseCache cache;
  EXPECT_FALSE(cache.Get("ban /search/?q=a").has_value());
  cache.Put("ban /search/?q=a", "{\"features\":[]}", 60s);
  EXPECT_EQ(cache.Get("ban /search/?q=a"), "{\"features\":[]}");
  EXPECT_FALSE(cache.Get("ban /search/?q=b").has_value());
  cache.Put("ban /search/?q=a", "v2", 60s);
  EXPECT_EQ(cache.Get("ban /search/?q=a"), "v2");
  EXPECT_EQ(cache.entries(), 1u);
  EXPECT_EQ(cache.size_bytes(), std::string("ban /search/?q=a").size() + 2);
}

TEST(MemoryResponseCache, ExpiresWithTheClock) {
  FakeClock clock;
  MemoryResponseCache cache(1 << 20, clock.fn());
  cache.Put("k", "v", 10s);
  clock.now += 9s;
  EXPECT_EQ(cache.Get("k"), "v");
  clock.now += 1s;
  EXPECT_FALSE(cache.Get("k").has_value());
  EXPECT_EQ(cache.entries(), 0u);
  EXPECT_EQ(cache.size_bytes(), 0u);
}

TEST(MemoryResponseCache, EvictsTheLeastRecentlyUsed) {
  MemoryResponseCache cache(30);  // room for two entries of 12 bytes
  cache.Put("k1", "aaaaaaaaaa", 60s);
  cache.Put("k2", "bbbbbbbbbb", 60s);
  EXPECT_EQ(cache.Get("k1"), "aaaaaaaaaa");  // k2 is now the least recently used
  cache.Put("k3", "cccccccccc", 60s);
  EXPECT_EQ(cache.Get("k1"), "aaaaaaaaaa");
  EXPECT_FALSE(cache.Get("k2").has_value());
  EXPECT_EQ(cache.Get("k3"), "cccccccccc");
  EXPECT_EQ(cache.entries(), 2u);
  EXPECT_EQ(cache.size_bytes(), 24u);
}

TEST(MemoryResponseCache, DoesNotKeepOversizedOrUntimedEntries) {
  MemoryResponseCache cache(16);
  cache.Put("k", "small", 60s);
  cache.Put("k", std::string(20, 'x'), 60s);
  EXPECT_FALSE(cache.Get("k").has_value());  // the older value is dropped too
  cache.Put("j", "v", 0s);
  EXPECT_FALSE(cache.Get("j").has_value());
  EXPECT_EQ(cache.entries(), 0u);
}

}  // namespace
}  // namespace notaria::verify
