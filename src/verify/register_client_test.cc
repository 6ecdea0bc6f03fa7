#include "verify/register_client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "verify/testing/replay_server.h"

namespace notaria::verify {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;
using testing::ReplayServer;

// The client's clock and sleep: a sleep moves the clock, nothing waits for real.
struct FakeTime {
  std::mutex mu;
  std::chrono::steady_clock::time_point now{std::chrono::hours(1000)};
  std::vector<milliseconds> sleeps;

  void Advance(std::chrono::steady_clock::duration d) {
    std::lock_guard lock(mu);
    now += d;
  }
  std::vector<milliseconds> Sleeps() {
    std::lock_guard lock(mu);
    return sleeps;
  }
};

class RegisterClientTest : public ::testing::Test {
 protected:
  RegisterClientOptions Options() {
    RegisterClientOptions o;
    o.timeout = 5s;
    o.now = [this] {
      std::lock_guard lock(time_.mu);
      return time_.now;
    };
    o.sleep = [this](milliseconds d) {
      std::lock_guard lock(time_.mu);
      time_.sleeps.push_back(d);
      time_.now += d;
    };
    return o;
  }

  RegisterClient& Client(RegisterClientOptions options, int hourly_limit = 0) {
    client_ = std::make_unique<RegisterClient>(transport_, cache_, &metrics_, std::move(options));
    client_->AddSource({"ban", server_.base_url(), hourly_limit, 3600s});
    return *client_;
  }
  RegisterClient& Client() { return Client(Options()); }

  double Count(const std::string& outcome) {
    return metrics_.Value("register_requests_total", {{"source", "ban"}, {"outcome", outcome}});
  }

  ReplayServer server_;
  CurlTransport transport_;
  MemoryResponseCache cache_;
  Metrics metrics_;
  FakeTime time_;
  std::unique_ptr<RegisterClient> client_;
};

TEST_F(RegisterClientTest, OkAnswerIsReturnedAndCached) {
  server_.Add({.path = "/search/", .query_contains = {"q=8+bd"}, .body = R"({"features":[1]})"});
  RegisterClient& client = Client();
  CallResult first = client.Get("ban", "/search/?q=8+bd+du+port");
  EXPECT_EQ(first.outcome, CallOutcome::kOk);
  EXPECT_EQ(first.http_status, 200);
  EXPECT_EQ(first.body, R"({"features":[1]})");
  EXPECT_EQ(first.attempts, 1);
  EXPECT_FALSE(first.from_cache);
  EXPECT_TRUE(first.reason.empty());

  CallResult second = client.Get("ban", "/search/?q=8+bd+du+port");
  EXPECT_EQ(second.outcome, CallOutcome::kOk);
  EXPECT_EQ(second.body, R"({"features":[1]})");
  EXPECT_TRUE(second.from_cache);
  EXPECT_EQ(second.attempts, 0);
  EXPECT_EQ(server_.request_count(), 1u);
  EXPECT_EQ(server_.requests()[0].target, "/search/?q=8+bd+du+port");

  EXPECT_EQ(Count("ok"), 1);
  EXPECT_EQ(Count("cached"), 1);
  std::string text = metrics_.Render();
  EXPECT_NE(text.find("register_request_duration_seconds_count{source=\"ban\"} 1\n"),
            std::string::npos)
      << text;
  // Labels name the source and the outcome only, never what was asked.
  EXPECT_EQ(text.find("search"), std::string::npos) << text;
  EXPECT_EQ(text.find("bd"), std::string::npos) << text;
}

TEST_F(RegisterClientTest, CacheExpiresAfterTheSourceTtl) {
  FakeTime cache_time;
  MemoryResponseCache cache(1 << 20, [&] { return cache_time.now; });
  RegisterClient client(transport_, cache, &metrics_, Options());
  client.AddSource({"ban", server_.base_url(), 0, 60s});
  server_.Add({.path = "/x", .body = "v"});
  EXPECT_FALSE(client.Get("ban", "/x").from_cache);
  EXPECT_TRUE(client.Get("ban", "/x").from_cache);
  cache_time.now += 60s;
  EXPECT_FALSE(client.Get("ban", "/x").from_cache);
  EXPECT_EQ(server_.request_count(), 2u);
}

TEST_F(RegisterClientTest, NotFoundIsCached) {
  server_.Add({.path = "/siren/123456789", .status = 404, .body = R"({"erreur":"absent"})"});
  RegisterClient& client = Client();
  CallResult first = client.Get("ban", "/siren/123456789");
  EXPECT_EQ(first.outcome, CallOutcome::kNotFound);
  EXPECT_EQ(first.http_status, 404);
  EXPECT_EQ(first.body, R"({"erreur":"absent"})");
  EXPECT_EQ(first.attempts, 1);
  CallResult second = client.Get("ban", "/siren/123456789");
  EXPECT_EQ(second.outcome, CallOutcome::kNotFound);
  EXPECT_EQ(second.http_status, 404);
  EXPECT_TRUE(second.from_cache);
  EXPECT_EQ(server_.request_count(), 1u);
  EXPECT_EQ(Count("not_found"), 1);
}

TEST_F(RegisterClientTest, ServerErrorThenOkAfterBackOff) {
  server_.Add({.path = "/x", .body = "enfin"});
  server_.Add({.path = "/x", .status = 502, .times = 2});
  RegisterClient& client = Client();
  CallResult result = client.Get("ban", "/x");
  EXPECT_EQ(result.outcome, CallOutcome::kOk);
  EXPECT_EQ(result.body, "enfin");
  EXPECT_EQ(result.attempts, 3);
  EXPECT_EQ(time_.Sleeps(), (std::vector<milliseconds>{1000ms, 2000ms}));
  EXPECT_EQ(server_.request_count(), 3u);
  EXPECT_EQ(Count("ok"), 1);
  // Retries and back-off count in the call's duration: 3 s of fake sleep.
  EXPECT_NE(metrics_.Render().find("register_request_duration_seconds_sum{source=\"ban\"} 3\n"),
            std::string::npos);
}

TEST_F(RegisterClientTest, ServerErrorFourTimesIsUnavailable) {
  server_.Add({.path = "/x", .status = 503, .body = "<html>maintenance</html>"});
  RegisterClient& client = Client();
  CallResult result = client.Get("ban", "/x");
  EXPECT_EQ(result.outcome, CallOutcome::kUnavailable);
  EXPECT_EQ(result.attempts, 4);
  EXPECT_EQ(result.http_status, 503);
  EXPECT_EQ(result.reason, "erreur HTTP 503 du registre");
  EXPECT_TRUE(result.body.empty());
  EXPECT_EQ(time_.Sleeps(), (std::vector<milliseconds>{1000ms, 2000ms, 4000ms}));
  EXPECT_EQ(server_.request_count(), 4u);
  EXPECT_EQ(Count("unavailable"), 1);

  // Failures are not cached: the next call asks again.
  client.Get("ban", "/x");
  EXPECT_EQ(server_.request_count(), 8u);
}

TEST_F(RegisterClientTest, TooManyRequestsHonoursRetryAfterSeconds) {
  server_.Add({.path = "/x", .body = "ok"});
  server_.Add({.path = "/x", .status = 429, .headers = {{"Retry-After", "2"}}, .times = 1});
  RegisterClient& client = Client();
  CallResult result = client.Get("ban", "/x");
  EXPECT_EQ(result.outcome, CallOutcome::kOk);
  EXPECT_EQ(result.attempts, 2);
  EXPECT_EQ(time_.Sleeps(), (std::vector<milliseconds>{2000ms}));
}

TEST_F(RegisterClientTest, RetryAfterShorterThanBackOffKeepsTheBackOff) {
  server_.Add({.path = "/x", .body = "ok"});
  server_.Add({.path = "/x", .status = 429, .headers = {{"Retry-After", "0"}}, .times = 1});
  CallResult result = Client().Get("ban", "/x");
  EXPECT_EQ(result.outcome, CallOutcome::kOk);
  EXPECT_EQ(time_.Sleeps(), (std::vector<milliseconds>{1000ms}));
}

TEST_F(RegisterClientTest, ServiceUnavailableHonoursRetryAfterDate) {
  server_.Add({.path = "/x", .body = "ok"});
  server_.Add({.path = "/x",
               .status = 503,
               .headers = {{"Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT"}},
               .times = 1});
  RegisterClientOptions o = Options();
  o.wall_now = [] {
    using namespace std::chrono;
    return sys_days(year(1994) / November / 6) + 8h + 49min + 30s;
  };
  CallResult result = Client(o).Get("ban", "/x");
  EXPECT_EQ(result.outcome, CallOutcome::kOk);
  EXPECT_EQ(time_.Sleeps(), (std::vector<milliseconds>{7000ms}));
}

TEST_F(RegisterClientTest, RetryAfterBeyondTheCapEndsRateLimited) {
  server_.Add({.path = "/x", .status = 429, .headers = {{"Retry-After", "120"}}});
  CallResult result = Client().Get("ban", "/x");
  EXPECT_EQ(result.outcome, CallOutcome::kRateLimited);
  EXPECT_EQ(result.attempts, 1);
  EXPECT_EQ(result.http_status, 429);
  EXPECT_TRUE(time_.Sleeps().empty());
  EXPECT_EQ(server_.request_count(), 1u);
  EXPECT_EQ(result.reason,
            "le registre limite le débit (HTTP 429) ; attente demandée de 120 s, au-delà du "
            "maximum de 60 s");
  EXPECT_EQ(Count("rate_limited"), 1);
}

TEST_F(RegisterClientTest, RetryAfterCapCountsTheWaitsAlreadyMade) {
  // 40 s, then 40 s more would make 80 s: past the 60 s a call may wait.
  server_.Add({.path = "/x", .status = 429, .headers = {{"Retry-After", "40"}}});
  CallResult result = Client().Get("ban", "/x");
  EXPECT_EQ(result.outcome, CallOutcome::kRateLimited);
  EXPECT_EQ(result.attempts, 2);
  EXPECT_EQ(time_.Sleeps(), (std::vector<milliseconds>{40000ms}));
}

TEST_F(RegisterClientTest, PersistentTooManyRequestsEndsRateLimited) {
  server_.Add({.path = "/x", .status = 429, .headers = {{"Retry-After", "1"}}});
  CallResult result = Client().Get("ban", "/x");
  EXPECT_EQ(result.outcome, CallOutcome::kRateLimited);
  EXPECT_EQ(result.attempts, 4);
  EXPECT_EQ(time_.Sleeps(), (std::vector<milliseconds>{1000ms, 2000ms, 4000ms}));
}

TEST_F(RegisterClientTest, TimeoutIsUnavailable) {
  server_.Add({.path = "/slow", .body = "late", .delay = 5s});
  RegisterClientOptions o = Options();
  o.timeout = 200ms;
  o.retries = 1;
  CallResult result = Client(o).Get("ban", "/slow");
  EXPECT_EQ(result.outcome, CallOutcome::kUnavailable);
  EXPECT_EQ(result.attempts, 2);
  EXPECT_EQ(result.http_status, 0);
  EXPECT_EQ(result.reason, "pas de réponse dans le délai de 200 ms");
  EXPECT_EQ(time_.Sleeps(), (std::vector<milliseconds>{1000ms}));
  EXPECT_EQ(server_.request_count(), 2u);
}

TEST_F(RegisterClientTest, DeadlineCutsTheAttemptsAndTheWaits) {
  server_.Add({.path = "/slow", .body = "late", .delay = 5s});
  RegisterClientOptions o = Options();
  o.timeout = 200ms;
  RegisterClient& client = Client(o);
  // The fake clock moves only with the sleeps: after the first back-off (1 s) 1.5 s are
  // left, and the second back-off (2 s) would end past the deadline, so it is not made.
  RegisterClient::DeadlineScope scope(client, 2500ms);
  CallResult result = client.Get("ban", "/slow");
  EXPECT_EQ(result.outcome, CallOutcome::kUnavailable);
  EXPECT_EQ(result.attempts, 2);  // the wait before a third would end past the deadline
  EXPECT_EQ(time_.Sleeps(), (std::vector<milliseconds>{1000ms}));
  EXPECT_NE(result.reason.find("délai de vérification du document écoulé"), std::string::npos)
      << result.reason;
}

TEST_F(RegisterClientTest, PastTheDeadlineNothingIsSentAndTheBreakerIsNotTold) {
  server_.Add({.path = "/x", .body = "{}"});
  RegisterClientOptions o = Options();
  o.breaker_failures = 1;
  RegisterClient& client = Client(o);
  {
    RegisterClient::DeadlineScope scope(client, 500ms);
    time_.Advance(1s);
    CallResult late = client.Get("ban", "/x");
    EXPECT_EQ(late.outcome, CallOutcome::kUnavailable);
    EXPECT_EQ(late.attempts, 0);
    EXPECT_EQ(late.reason, "délai de vérification du document écoulé");
    EXPECT_EQ(server_.request_count(), 0u);
  }
  // The scope has ended and the breaker stayed closed: the next document is served.
  CallResult next = client.Get("ban", "/x");
  EXPECT_EQ(next.outcome, CallOutcome::kOk);
  EXPECT_EQ(server_.request_count(), 1u);
}

TEST_F(RegisterClientTest, DeadlineShortensTheAttemptTimeout) {
  server_.Add({.path = "/slow", .body = "late", .delay = 5s});
  RegisterClientOptions o = Options();
  o.timeout = 30s;
  o.now = [] { return std::chrono::steady_clock::now(); };  // real time: the timeout is real
  RegisterClient& client = Client(o);
  RegisterClient::DeadlineScope scope(client, 400ms);
  auto start = std::chrono::steady_clock::now();
  CallResult result = client.Get("ban", "/slow");
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(result.outcome, CallOutcome::kUnavailable);
  EXPECT_EQ(result.attempts, 1);
  EXPECT_LT(took, 3s);  // far below the 30 s attempt timeout: bounded by the 400 ms budget
}

TEST_F(RegisterClientTest, RefusedConnectionFailsAtOnceWithoutRetry) {
  std::string closed;
  {
    ReplayServer gone;
    closed = gone.base_url();
  }
  RegisterClient& client = Client();
  client.AddSource({"down", closed, 0, 3600s});
  CallResult result = client.Get("down", "/x");
  EXPECT_EQ(result.outcome, CallOutcome::kUnavailable);
  EXPECT_EQ(result.attempts, 1);
  EXPECT_TRUE(time_.Sleeps().empty());  // nothing listens: waiting would change nothing
  EXPECT_EQ(result.reason, "registre injoignable (réseau absent ou serveur arrêté)");
  EXPECT_EQ(
      metrics_.Value("register_requests_total", {{"source", "down"}, {"outcome", "unavailable"}}),
      1);
}

TEST_F(RegisterClientTest, UnresolvableHostFailsAtOnce) {
  RegisterClient& client = Client();
  client.AddSource({"nowhere", "http://registre.invalid", 0, 3600s});
  CallResult result = client.Get("nowhere", "/x");
  EXPECT_EQ(result.outcome, CallOutcome::kUnavailable);
  EXPECT_EQ(result.attempts, 1);
  EXPECT_TRUE(time_.Sleeps().empty());
}

TEST_F(RegisterClientTest, ClientErrorIsNotRetried) {
  server_.Add({.path = "/x", .status = 400, .body = R"({"erreur":"paramètre q manquant"})"});
  CallResult result = Client().Get("ban", "/x");
  EXPECT_EQ(result.outcome, CallOutcome::kClientError);
  EXPECT_EQ(result.attempts, 1);
  EXPECT_EQ(result.http_status, 400);
  EXPECT_EQ(result.body, R"({"erreur":"paramètre q manquant"})");
  EXPECT_EQ(result.reason, "requête refusée par le registre (HTTP 400)");
  EXPECT_TRUE(time_.Sleeps().empty());
  EXPECT_EQ(server_.request_count(), 1u);
  EXPECT_EQ(Count("client_error"), 1);
}

TEST_F(RegisterClientTest, BodyIsReturnedAsReceived) {
  const std::string garbage = "{\"features\": [tronqué\r\n\x01";
  server_.Add({.path = "/x", .body = garbage});
  CallResult result = Client().Get("ban", "/x");
  EXPECT_EQ(result.outcome, CallOutcome::kOk);
  EXPECT_EQ(result.body, garbage);
}

TEST_F(RegisterClientTest, BurstStopsAtTheHourlyBudgetWithoutSending) {
  server_.Add({.path = "/search/", .body = "{}"});
  RegisterClient& client = Client(Options(), 100);
  int ok = 0, limited = 0;
  for (int i = 0; i < 150; ++i) {
    CallResult r = client.Get("ban", "/search/?q=" + std::to_string(i));
    if (r.outcome == CallOutcome::kOk) ++ok;
    if (r.outcome == CallOutcome::kRateLimited) {
      ++limited;
      EXPECT_EQ(r.attempts, 0);
      EXPECT_EQ(r.reason, "quota de 100 requêtes par heure atteint");
    }
    time_.Advance(1s);
  }
  EXPECT_EQ(ok, 100);
  EXPECT_EQ(limited, 50);
  EXPECT_EQ(server_.request_count(), 100u);
  EXPECT_EQ(Count("ok"), 100);
  EXPECT_EQ(Count("rate_limited"), 50);
  EXPECT_TRUE(time_.Sleeps().empty());

  // The window rolls: an hour after the first request, its slot is free again, not more.
  time_.Advance(1h - 150s);
  EXPECT_EQ(client.Get("ban", "/search/?q=new1").outcome, CallOutcome::kOk);
  EXPECT_EQ(client.Get("ban", "/search/?q=new2").outcome, CallOutcome::kRateLimited);
  time_.Advance(1h);
  EXPECT_EQ(client.Get("ban", "/search/?q=new3").outcome, CallOutcome::kOk);
  EXPECT_EQ(client.Get("ban", "/search/?q=new4").outcome, CallOutcome::kOk);
  EXPECT_EQ(server_.request_count(), 103u);
  // Cached answers cost nothing from the budget.
  EXPECT_TRUE(client.Get("ban", "/search/?q=new1").from_cache);
}

TEST_F(RegisterClientTest, ConcurrentCallsNeverOverspendTheBudget) {
  server_.Add({.path = "/search/", .body = "{}"});
  RegisterClient& client = Client(Options(), 100);
  std::atomic<int> ok = 0, limited = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        CallResult r =
            client.Get("ban", "/search/?q=" + std::to_string(t) + "-" + std::to_string(i));
        if (r.outcome == CallOutcome::kOk) ++ok;
        if (r.outcome == CallOutcome::kRateLimited) ++limited;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 100);
  EXPECT_EQ(limited, 50);
  EXPECT_EQ(server_.request_count(), 100u);
  EXPECT_EQ(Count("ok") + Count("rate_limited"), 150);
}

TEST_F(RegisterClientTest, RetriesSpendTheBudgetToo) {
  server_.Add({.path = "/x", .status = 500});
  RegisterClientOptions o = Options();
  o.breaker_failures = 1;
  RegisterClient& client = Client(o, 2);
  CallResult result = client.Get("ban", "/x");
  EXPECT_EQ(result.outcome, CallOutcome::kRateLimited);
  EXPECT_EQ(result.attempts, 2);
  EXPECT_EQ(result.reason, "quota de 2 requêtes par heure atteint");
  EXPECT_EQ(server_.request_count(), 2u);
  // Stopped by the budget, the call still counts as failed: its last answer was a 500.
  EXPECT_EQ(client.Get("ban", "/x").reason, "registre en échec répété, appels suspendus pour 60 s");
}

TEST_F(RegisterClientTest, BreakerOpensThenTriesOnceWhenHalfOpen) {
  server_.Add({.path = "/x", .status = 500});
  RegisterClientOptions o = Options();
  o.breaker_failures = 3;
  o.breaker_open = 60s;
  RegisterClient& client = Client(o);
  for (int i = 0; i < 3; ++i) {
    CallResult r = client.Get("ban", "/x");
    EXPECT_EQ(r.outcome, CallOutcome::kUnavailable);
    EXPECT_EQ(r.attempts, 4);
  }
  EXPECT_EQ(server_.request_count(), 12u);

  // Open: calls fail at once.
  CallResult refused = client.Get("ban", "/x");
  EXPECT_EQ(refused.outcome, CallOutcome::kUnavailable);
  EXPECT_EQ(refused.attempts, 0);
  EXPECT_EQ(refused.reason, "registre en échec répété, appels suspendus pour 60 s");
  time_.Advance(59s);
  EXPECT_EQ(client.Get("ban", "/x").attempts, 0);
  EXPECT_EQ(server_.request_count(), 12u);

  // Half-open: one trial request, no retry; it fails and the breaker opens again.
  time_.Advance(1s);
  CallResult trial = client.Get("ban", "/x");
  EXPECT_EQ(trial.outcome, CallOutcome::kUnavailable);
  EXPECT_EQ(trial.attempts, 1);
  EXPECT_EQ(server_.request_count(), 13u);
  EXPECT_EQ(client.Get("ban", "/x").attempts, 0);
  EXPECT_EQ(server_.request_count(), 13u);

  // The register is back: the next trial closes the breaker.
  server_.Add({.path = "/x", .body = "revenu"});
  time_.Advance(60s);
  CallResult ok = client.Get("ban", "/x");
  EXPECT_EQ(ok.outcome, CallOutcome::kOk);
  EXPECT_EQ(ok.attempts, 1);
  EXPECT_EQ(client.Get("ban", "/y").attempts, 1);  // closed: calls go through
  EXPECT_EQ(server_.request_count(), 15u);
}

TEST_F(RegisterClientTest, BreakerIgnoresAnsweredCalls) {
  server_.Add({.path = "/bad", .status = 500});
  server_.Add({.path = "/missing", .status = 404});
  RegisterClientOptions o = Options();
  o.breaker_failures = 2;
  o.retries = 0;
  RegisterClient& client = Client(o);
  client.Get("ban", "/bad");
  client.Get("ban", "/missing");  // an answer: the failure count starts again
  client.Get("ban", "/bad");
  EXPECT_EQ(client.Get("ban", "/bad?again").attempts, 1);
  EXPECT_EQ(server_.request_count(), 4u);
  EXPECT_EQ(client.Get("ban", "/bad").attempts, 0);  // now two failures in a row
}

TEST_F(RegisterClientTest, BreakersArePerSource) {
  server_.Add({.path = "/bad", .status = 500});
  server_.Add({.path = "/good", .body = "ok"});
  RegisterClientOptions o = Options();
  o.breaker_failures = 1;
  o.retries = 0;
  RegisterClient& client = Client(o);
  client.AddSource({"cadastre", server_.base_url(), 0, 3600s});
  client.Get("ban", "/bad");
  EXPECT_EQ(client.Get("ban", "/good").attempts, 0);
  EXPECT_EQ(client.Get("cadastre", "/good").outcome, CallOutcome::kOk);
}

TEST_F(RegisterClientTest, OfflineSendsNothing) {
  server_.Add({.path = "/x", .body = "ok"});
  RegisterClientOptions o = Options();
  o.offline = true;
  RegisterClient& client = Client(o);
  EXPECT_TRUE(client.offline());
  CallResult result = client.Get("ban", "/x");
  EXPECT_EQ(result.outcome, CallOutcome::kOffline);
  EXPECT_EQ(result.attempts, 0);
  EXPECT_EQ(result.reason, "mode hors ligne");
  EXPECT_EQ(server_.request_count(), 0u);
  EXPECT_EQ(Count("offline"), 1);
}

TEST_F(RegisterClientTest, UnknownSourceIsABug) {
  EXPECT_THROW(Client().Get("nope", "/x"), std::invalid_argument);
  EXPECT_EQ(Client().Source("nope"), nullptr);
  ASSERT_NE(Client().Source("ban"), nullptr);
  EXPECT_EQ(Client().Source("ban")->base_url, server_.base_url());
}

TEST_F(RegisterClientTest, CacheKeyHoldsHeadersButNotCredentials) {
  server_.Add({.path = "/x", .body = "ok"});
  RegisterClient& client = Client();
  client.Get("ban", "/x", {{"Accept", "application/json"}, {"Authorization", "Bearer a"}});
  EXPECT_TRUE(
      client.Get("ban", "/x", {{"Accept", "application/json"}, {"Authorization", "Bearer b"}})
          .from_cache);
  EXPECT_FALSE(client.Get("ban", "/x", {{"Accept", "text/csv"}}).from_cache);
  EXPECT_EQ(server_.request_count(), 2u);
  EXPECT_EQ(server_.requests()[0].headers["authorization"], "Bearer a");
}

TEST_F(RegisterClientTest, CachedEntriesAreKeptPerSource) {
  server_.Add({.path = "/x", .body = "ok"});
  RegisterClient& client = Client();
  client.AddSource({"cadastre", server_.base_url(), 0, 3600s});
  client.AddSource({"nocache", server_.base_url(), 0, 0s});
  client.Get("ban", "/x");
  EXPECT_FALSE(client.Get("cadastre", "/x").from_cache);
  EXPECT_FALSE(client.Get("nocache", "/x").from_cache);
  EXPECT_FALSE(client.Get("nocache", "/x").from_cache);
  EXPECT_EQ(server_.request_count(), 4u);
}

TEST(UrlEncode, KeepsUnreservedAndEncodesTheRest) {
  EXPECT_EQ(UrlEncode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(UrlEncode("8 bd du Port & fils/é?=+"),
            "8%20bd%20du%20Port%20%26%20fils%2F%C3%A9%3F%3D%2B");
  EXPECT_EQ(UrlEncode(""), "");
}

TEST(CallOutcomeName, NamesEveryOutcome) {
  EXPECT_EQ(CallOutcomeName(CallOutcome::kOk), "ok");
  EXPECT_EQ(CallOutcomeName(CallOutcome::kNotFound), "not_found");
  EXPECT_EQ(CallOutcomeName(CallOutcome::kClientError), "client_error");
  EXPECT_EQ(CallOutcomeName(CallOutcome::kRateLimited), "rate_limited");
  EXPECT_EQ(CallOutcomeName(CallOutcome::kUnavailable), "unavailable");
  EXPECT_EQ(CallOutcomeName(CallOutcome::kOffline), "offline");
}

}  // namespace
}  // namespace notaria::verify
