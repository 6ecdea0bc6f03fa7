// What only the PostgreSQL adapter has: the connection pool, failures of the server or the
// link, and text the JSON types would refuse. The shared contract is repository_test.cc.
#include "store/postgres_repository.h"

#include <gtest/gtest.h>

#include <thread>

#include "store/pg_pool.h"
#include "store/sha256.h"
#include "store/testing_postgres.h"

namespace notaria::store {
namespace {

using namespace std::chrono_literals;

class PostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (TestPostgres::BaseUrl().empty()) {
      GTEST_SKIP() << "no PostgreSQL server configured (run through ctest, which starts one)";
    }
    db_ = std::make_unique<TestPostgres>();
  }

  // Ends every session on the test database but the caller's: what a server restart or a
  // dropped link does to pooled connections.
  void KillSessions() {
    auto admin = pg::Connection::Open(TestPostgres::BaseUrl() + "/postgres", 10s);
    admin->Exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
                {db_->url().substr(db_->url().rfind('/') + 1)});
  }

  DocumentRecord Doc(const std::string& name) {
    DocumentRecord d;
    d.sha256 = Sha256Hex(name);
    d.filename = name;
    d.mime_type = "application/pdf";
    d.format = "pdf";
    return d;
  }

  std::unique_ptr<TestPostgres> db_;
};

TEST_F(PostgresTest, UnreachableServerIsStoreUnavailableWithoutThePassword) {
  try {
    PostgresRepository repo("postgresql://notaria:s3cret@127.0.0.1:1/none");
    FAIL() << "connected to a closed port";
  } catch (const StoreUnavailable& e) {
    std::string what = e.what();
    EXPECT_EQ(what.find("s3cret"), std::string::npos) << what;
    EXPECT_NE(what.find("postgresql://notaria:***@127.0.0.1:1/none"), std::string::npos) << what;
  }
}

TEST_F(PostgresTest, PrepingReplacesConnectionsTheServerDropped) {
  pg::PoolOptions options;
  options.preping_after = 0ms;
  PostgresRepository repo(db_->url(), options);
  repo.Migrate();
  repo.InsertOrGetDocument(Doc("a"));
  KillSessions();
  // The idle connection is dead; the ping finds it and a new one serves the call.
  EXPECT_EQ(repo.ListDocuments({}).total, 1);
}

TEST_F(PostgresTest, ALinkLostMidUseFailsOnceThenRecovers) {
  pg::PoolOptions options;
  options.preping_after = 1h;  // no ping: the dead connection is used and fails
  PostgresRepository repo(db_->url(), options);
  repo.Migrate();
  KillSessions();
  EXPECT_THROW(repo.GetDocument("x"), StoreUnavailable);
  EXPECT_FALSE(repo.GetDocument("x").has_value());  // a fresh connection
  EXPECT_TRUE(repo.Ping());
}

TEST_F(PostgresTest, PoolWaitsThenGivesUpAndClosesOverflowOnReturn) {
  pg::PoolOptions options;
  options.size = 1;
  options.overflow = 1;
  options.acquire_timeout = 200ms;
  pg::ConnectionPool pool(db_->url(), options);
  {
    auto a = pool.Acquire();
    auto b = pool.Acquire();  // the overflow connection
    EXPECT_EQ(pool.stats().open, 2);
    auto start = std::chrono::steady_clock::now();
    EXPECT_THROW(pool.Acquire(), StoreUnavailable);
    EXPECT_GE(std::chrono::steady_clock::now() - start, 200ms);
  }
  // Back to `size`: the overflow connection was closed when returned.
  EXPECT_EQ(pool.stats().open, 1);
  EXPECT_EQ(pool.stats().idle, 1);
  // A waiter is served as soon as a connection comes back.
  auto held = std::make_unique<pg::ConnectionPool::Lease>(pool.Acquire());
  auto second = pool.Acquire();
  std::thread releaser([&] {
    std::this_thread::sleep_for(50ms);
    held.reset();
  });
  EXPECT_NO_THROW(pool.Acquire());
  releaser.join();
}

TEST_F(PostgresTest, TextWithNulAndAnyUnicodeRoundTrips) {
  PostgresRepository repo(db_->url());
  repo.Migrate();
  auto [doc, created] = repo.InsertOrGetDocument(Doc("nul"));
  Page page;
  page.number = 1;
  static constexpr char kText[] = "avant\0après \xF0\x9F\x8F\xA0 «Œ»";
  page.text = std::string(kText, sizeof kText - 1);
  repo.SavePage(doc.id, page);
  auto pages = repo.LoadPages(doc.id);
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_EQ(pages[0].text, page.text);
  StageOutput out{"extract", 1, {{"b", 1}, {"a", std::string("x\0y", 3)}}};
  repo.SaveStageOutput(doc.id, out);
  EXPECT_EQ(repo.LoadStageOutput(doc.id, "extract")->output.dump(), out.output.dump());
}

}  // namespace
}  // namespace notaria::store
