#include "verify/http_transport.h"

#include <gtest/gtest.h>

#include <chrono>

#include "verify/testing/replay_server.h"

namespace notaria::verify {
namespace {

using namespace std::chrono_literals;
using testing::ReplayServer;

HttpRequest Get(const std::string& url, std::chrono::milliseconds timeout = 5s) {
  HttpRequest request;
  request.url = url;
  request.timeout = timeout;
  return request;
}

TEST(CurlTransport, ReturnsStatusBodyAndLowerCasedHeaders) {
  ReplayServer server;
  server.Add({.path = "/communes",
              .headers = {{"X-Total-Count", "1"}, {"Content-Type", "application/geo+json"}},
              .body = R"({"type":"FeatureCollection"})"});
  CurlTransport transport;
  HttpResponse response = transport.Send(Get(server.base_url() + "/communes?code=29158"));
  EXPECT_TRUE(response.ok());
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"type":"FeatureCollection"})");
  EXPECT_EQ(response.headers["x-total-count"], "1");
  EXPECT_EQ(response.headers["content-type"], "application/geo+json");
  EXPECT_EQ(response.headers.count("X-Total-Count"), 0u);
  EXPECT_TRUE(response.transport_error.empty());
  EXPECT_FALSE(response.timed_out);

  auto recorded = server.requests();
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(recorded[0].target, "/communes?code=29158");
  EXPECT_EQ(recorded[0].headers["user-agent"].rfind("Notaria/", 0), 0u);
  EXPECT_NE(recorded[0].headers["user-agent"].find("(verification notariale)"), std::string::npos);
}

TEST(CurlTransport, SendsRequestHeaders) {
  ReplayServer server;
  CurlTransport transport;
  HttpRequest request = Get(server.base_url() + "/x");
  request.headers = {{"Accept", "application/json"}, {"X-INSEE-Api-Key-Integration", "abc"}};
  transport.Send(request);
  auto recorded = server.requests();
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(recorded[0].headers["accept"], "application/json");
  EXPECT_EQ(recorded[0].headers["x-insee-api-key-integration"], "abc");
}

TEST(CurlTransport, NotFoundIsAnAnswerNotATransportError) {
  ReplayServer server;
  server.Add({.path = "/siren/000000000", .status = 404, .body = R"({"erreur":"inconnu"})"});
  CurlTransport transport;
  HttpResponse response = transport.Send(Get(server.base_url() + "/siren/000000000"));
  EXPECT_EQ(response.status, 404);
  EXPECT_FALSE(response.ok());
  EXPECT_TRUE(response.transport_error.empty());
  EXPECT_EQ(response.body, R"({"erreur":"inconnu"})");
}

TEST(CurlTransport, FollowsRedirectsAndKeepsOnlyTheLastHeaders) {
  ReplayServer server;
  server.Add({.path = "/old", .status = 301, .headers = {{"Location", "/new"}, {"X-Old", "1"}}});
  server.Add({.path = "/new", .body = "moved here"});
  CurlTransport transport;
  HttpResponse response = transport.Send(Get(server.base_url() + "/old"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "moved here");
  EXPECT_EQ(response.headers.count("x-old"), 0u);
  EXPECT_EQ(response.headers.count("location"), 0u);
  EXPECT_EQ(server.request_count(), 2u);
}

TEST(CurlTransport, StopsAfterFiveRedirects) {
  ReplayServer server;
  server.Add({.path = "/loop", .status = 302, .headers = {{"Location", "/loop"}}});
  CurlTransport transport;
  HttpResponse response = transport.Send(Get(server.base_url() + "/loop"));
  EXPECT_EQ(response.status, 0);
  EXPECT_FALSE(response.transport_error.empty());
  EXPECT_EQ(server.request_count(), 6u);  // the request and five redirects
}

TEST(CurlTransport, RefusesRedirectsToOtherProtocols) {
  ReplayServer server;
  server.Add({.path = "/evil", .status = 302, .headers = {{"Location", "file:///etc/passwd"}}});
  CurlTransport transport;
  HttpResponse response = transport.Send(Get(server.base_url() + "/evil"));
  EXPECT_FALSE(response.ok());
  EXPECT_FALSE(response.transport_error.empty());
  EXPECT_EQ(response.body.find("root:"), std::string::npos);
}

TEST(CurlTransport, CapsTheBody) {
  ReplayServer server;
  server.Add({.path = "/big", .body = std::string(10000, 'x')});
  CurlTransport transport;
  HttpRequest request = Get(server.base_url() + "/big");
  request.max_body_bytes = 1000;
  HttpResponse response = transport.Send(request);
  EXPECT_TRUE(response.body_too_large);
  EXPECT_FALSE(response.ok());
  EXPECT_EQ(response.transport_error, "body larger than 1000 bytes");
  EXPECT_TRUE(response.body.empty());

  request.max_body_bytes = 10000;
  response = transport.Send(request);
  EXPECT_TRUE(response.ok());
  EXPECT_EQ(response.body.size(), 10000u);
}

TEST(CurlTransport, TimesOut) {
  ReplayServer server;
  server.Add({.path = "/slow", .delay = 3s});
  CurlTransport transport;
  auto start = std::chrono::steady_clock::now();
  HttpResponse response = transport.Send(Get(server.base_url() + "/slow", 200ms));
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(response.timed_out);
  EXPECT_EQ(response.status, 0);
  EXPECT_FALSE(response.transport_error.empty());
  EXPECT_GE(elapsed, 190ms);
  EXPECT_LT(elapsed, 2s);
}

TEST(CurlTransport, ConnectionRefusedOnAClosedPort) {
  std::string url;
  {
    ReplayServer server;
    url = server.base_url() + "/x";
  }
  CurlTransport transport;
  HttpResponse response = transport.Send(Get(url));
  EXPECT_EQ(response.status, 0);
  EXPECT_FALSE(response.timed_out);
  EXPECT_TRUE(response.unreachable);
  EXPECT_FALSE(response.transport_error.empty());
  EXPECT_FALSE(response.ok());
}

TEST(CurlTransport, ConnectionClosedWithoutAnswer) {
  ReplayServer server;
  server.Add({.path = "/drop", .close_without_answer = true});
  CurlTransport transport;
  HttpResponse response = transport.Send(Get(server.base_url() + "/drop"));
  EXPECT_EQ(response.status, 0);
  EXPECT_FALSE(response.timed_out);
  EXPECT_FALSE(response.transport_error.empty());
  EXPECT_EQ(server.request_count(), 1u);
}

TEST(CurlTransport, RejectsNonHttpUrls) {
  CurlTransport transport;
  HttpResponse response = transport.Send(Get("file:///etc/hostname"));
  EXPECT_EQ(response.status, 0);
  EXPECT_FALSE(response.transport_error.empty());
  EXPECT_TRUE(response.body.empty());
}

}  // namespace
}  // namespace notaria::verify
