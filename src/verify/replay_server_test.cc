#include "verify/testing/replay_server.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "verify/http_transport.h"

namespace notaria::verify::testing {
namespace {

using namespace std::chrono_literals;

HttpResponse Fetch(const ReplayServer& server, const std::string& target,
                   std::string method = "GET", std::string body = "") {
  CurlTransport transport;
  HttpRequest request;
  request.method = std::move(method);
  request.url = server.base_url() + target;
  request.body = std::move(body);
  request.timeout = 5s;
  return transport.Send(request);
}

TEST(ReplayServer, ListensOnLoopbackWithEphemeralPort) {
  ReplayServer server;
  EXPECT_GT(server.port(), 0);
  EXPECT_EQ(server.base_url(), "http://127.0.0.1:" + std::to_string(server.port()));
}

TEST(ReplayServer, MostRecentRouteWinsAndLimitedRoutesRunOut) {
  ReplayServer server;
  server.Add({.path = "/a", .body = "always"});
  server.Add({.path = "/a", .status = 503, .body = "twice", .times = 2});
  EXPECT_EQ(Fetch(server, "/a").status, 503);
  EXPECT_EQ(Fetch(server, "/a").body, "twice");
  HttpResponse third = Fetch(server, "/a");
  EXPECT_EQ(third.status, 200);
  EXPECT_EQ(third.body, "always");
  EXPECT_EQ(server.request_count(), 3u);
}

TEST(ReplayServer, MatchesQuerySubstringsAndMethod) {
  ReplayServer server;
  server.Add({.path = "/search", .query_contains = {"q=8", "limit=1"}, .body = "found"});
  EXPECT_EQ(Fetch(server, "/search?q=880878145&limit=1").body, "found");
  EXPECT_EQ(Fetch(server, "/search?q=880878145").status, 404);
  EXPECT_EQ(Fetch(server, "/search?q=880878145&limit=1", "POST", "x").status, 404);
}

TEST(ReplayServer, UnmatchedRequestsGetJson404) {
  ReplayServer server;
  HttpResponse response = Fetch(server, "/nothing?x=1");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.headers["content-type"], "application/json");
  EXPECT_EQ(response.body, R"({"error":"no replay route","method":"GET","path":"/nothing"})");
}

TEST(ReplayServer, RecordsMethodTargetBodyAndHeaders) {
  ReplayServer server;
  server.Add({.method = "POST", .path = "/api/generate", .body = "{}"});
  CurlTransport transport;
  HttpRequest request;
  request.method = "POST";
  request.url = server.base_url() + "/api/generate?stream=false";
  request.headers = {{"Content-Type", "application/json"}, {"X-Api-Key", "k"}};
  request.body = R"({"model":"m"})";
  EXPECT_EQ(transport.Send(request).status, 200);
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, "/api/generate?stream=false");
  EXPECT_EQ(requests[0].body, R"({"model":"m"})");
  EXPECT_EQ(requests[0].headers["x-api-key"], "k");
  EXPECT_EQ(requests[0].headers["content-type"], "application/json");
}

TEST(ReplayServer, AddFileServesTheRecordedFixture) {
  const std::string file = SharedFixture("ban_search_rue_jules_ferry_64110_street.json");
  std::ifstream in(file, std::ios::binary);
  ASSERT_TRUE(in) << file;
  std::ostringstream expected;
  expected << in.rdbuf();
  ASSERT_FALSE(expected.str().empty());

  ReplayServer server;
  server.AddFile("GET", "/search/", {"q=rue"}, file);
  HttpResponse response = Fetch(server, "/search/?q=rue+jules+ferry");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, expected.str());
  EXPECT_THROW(server.AddFile("GET", "/x", {}, SharedFixture("no_such_fixture.json")),
               std::runtime_error);
}

TEST(ReplayServer, FixturePaths) {
  EXPECT_EQ(SharedFixture("a.json"), std::string(NOTARIA_SHARED_DIR) + "/fixtures/a.json");
  EXPECT_EQ(SyntheticFixture("b.json"),
            std::string(NOTARIA_SOURCE_DIR) + "/tests/fixtures/registers/b.json");
}

TEST(ReplayServer, StopsWhileADelayedAnswerIsPending) {
  auto server = std::make_unique<ReplayServer>();
  server->Add({.path = "/slow", .delay = 60s});
  const std::string url = server->base_url() + "/slow";
  HttpResponse response;
  std::thread client([&] {
    CurlTransport transport;
    HttpRequest request;
    request.url = url;
    request.timeout = 30s;
    response = transport.Send(request);
  });
  while (server->request_count() == 0) std::this_thread::sleep_for(5ms);
  auto start = std::chrono::steady_clock::now();
  server.reset();
  auto stopped_in = std::chrono::steady_clock::now() - start;
  client.join();
  EXPECT_LT(stopped_in, 2s);
  EXPECT_EQ(response.status, 0);
  EXPECT_FALSE(response.transport_error.empty());
  EXPECT_FALSE(response.timed_out);
}

}  // namespace
}  // namespace notaria::verify::testing
