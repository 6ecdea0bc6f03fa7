#include "verify/redis_response_cache.h"

#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

#include <random>
#include <thread>

#include "store/repository.h"
#include "store/testing_services.h"

namespace notaria::verify {
namespace {

using namespace std::chrono_literals;

std::string RedisUrl() { return store::TestServiceAddress("redis.url"); }

class RedisResponseCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (RedisUrl().empty()) GTEST_SKIP() << "no Redis server configured";
    client_ = std::make_unique<store::RedisClient>(RedisUrl());
    prefix_ = "notaria:test-cache:" + std::to_string(std::random_device{}()) + ":";
  }
  std::unique_ptr<store::RedisClient> client_;
  std::string prefix_;
};

TEST_F(RedisResponseCacheTest, SharedBetweenProcessesAndExpiring) {
  RedisResponseCache a(*client_, prefix_);
  store::RedisClient other(RedisUrl());
  RedisResponseCache b(other, prefix_);  // another process
  EXPECT_FALSE(a.Get("cadastre /parcelle?code_insee=29158").has_value());
  a.Put("cadastre /parcelle?code_insee=29158", "200\n{\"features\":[]}", 1s);
  EXPECT_EQ(b.Get("cadastre /parcelle?code_insee=29158").value_or(""), "200\n{\"features\":[]}");
  std::this_thread::sleep_for(1100ms);
  EXPECT_FALSE(b.Get("cadastre /parcelle?code_insee=29158").has_value());
  a.Put("k", "v", 60s);
  a.Put("k", "ignored", 0s);  // a zero ttl drops the key
  EXPECT_FALSE(a.Get("k").has_value());
}

TEST_F(RedisResponseCacheTest, QueriesNeverAppearInTheKeySpace) {
  RedisResponseCache cache(*client_, prefix_);
  cache.Put("entreprises /search?q=DUPONT%20Marie", "x", 60s);
  store::RedisReply keys = client_->Command({"KEYS", prefix_ + "*"});
  ASSERT_EQ(keys->elements, 1u);
  std::string key = store::RedisText(keys->element[0]);
  EXPECT_EQ(key.find("DUPONT"), std::string::npos) << key;
  EXPECT_EQ(key.size(), prefix_.size() + 64);
}

TEST_F(RedisResponseCacheTest, AFailingRedisIsAMissNeverAnError) {
  RedisResponseCache cache(*client_, prefix_);
  cache.Put("k", "v", 60s);
  // Every connection is dropped by the server, as on a restart: the pooled one is dead.
  store::RedisClient admin(RedisUrl());
  admin.Command({"CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"});
  std::optional<std::string> first;
  EXPECT_NO_THROW(first = cache.Get("k"));  // a miss, or the value through a new connection
  EXPECT_EQ(cache.Get("k").value_or(""), "v");
  EXPECT_NO_THROW(cache.Put("k2", "v2", 60s));
}

TEST(RedisResponseCache, UnreachableRedisIsRefusedAtStart) {
  EXPECT_THROW(store::RedisClient("redis://127.0.0.1:1"), store::StoreUnavailable);
}

}  // namespace
}  // namespace notaria::verify
