#include "server/router.h"

#include <gtest/gtest.h>

namespace notaria::server {
namespace {

TEST(Router, MatchesTemplatesAndFillsParams) {
  Router router;
  router.Add("GET", "/api/notary/documents/{id}", [](Request& r) {
    return Response::Json(200, {{"id", r.params.at("id")}});
  });
  Request req;
  req.method = "GET";
  req.path = "/api/notary/documents/doc_42";
  std::string route;
  Response res = router.Dispatch(req, &route);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, R"({"id":"doc_42"})");
  EXPECT_EQ(route, "/api/notary/documents/{id}");
}

TEST(Router, UnknownPathIs404AndWrongMethodIs405AsJsonErrors) {
  Router router;
  router.Add("GET", "/api/health", [](Request&) { return Response::Json(200, {}); });
  Request req;
  req.method = "GET";
  req.path = "/api/nothing";
  std::string route;
  Response res = router.Dispatch(req, &route);
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(nlohmann::json::parse(res.body)["error"]["code"], "NOT_FOUND");
  EXPECT_EQ(route, "unmatched");
  req.method = "DELETE";
  req.path = "/api/health";
  res = router.Dispatch(req, &route);
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(nlohmann::json::parse(res.body)["error"]["code"], "METHOD_NOT_ALLOWED");
}

TEST(Router, HeadIsServedByGet) {
  Router router;
  router.Add("GET", "/x", [](Request&) { return Response::Json(200, {}); });
  Request req;
  req.method = "HEAD";
  req.path = "/x";
  std::string route;
  EXPECT_EQ(router.Dispatch(req, &route).status, 200);
}

// Handlers echo parameters into JSON and use paths as file names: malformed text stops here.
TEST(Router, NonUtf8OrNulInPathOrQueryIs400BeforeAnyHandler) {
  Router router;
  bool called = false;
  router.Add("GET", "/api/search", [&](Request&) {
    called = true;
    return Response::Json(200, {});
  });
  router.SetStaticFallback([&](Request&) {
    called = true;
    return Response::Json(200, {});
  });
  std::string route;
  for (const auto& [key, value] :
       std::vector<std::pair<std::string, std::string>>{{"q", "\xff\xfe"},
                                                        {"q", "vente\xc3"},
                                                        {"type", std::string("a\0b", 3)},
                                                        {"\xff", "x"}}) {
    Request req;
    req.method = "GET";
    req.path = "/api/search";
    req.query[key] = value;
    Response res = router.Dispatch(req, &route);
    EXPECT_EQ(res.status, 400);
    EXPECT_EQ(nlohmann::json::parse(res.body)["error"]["code"], "INVALID_PARAMETER");
    EXPECT_EQ(route, "unmatched");
  }
  Request req;
  req.method = "GET";
  req.path = std::string("/index.html\0.png", 16);
  Response res = router.Dispatch(req, &route);
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(nlohmann::json::parse(res.body)["error"]["code"], "INVALID_PATH");
  req.path = "/\xc3\x28";
  EXPECT_EQ(router.Dispatch(req, &route).status, 400);
  EXPECT_FALSE(called);
}

TEST(Router, StaticFilesAreReadOnly) {
  Router router;
  router.SetStaticFallback([](Request&) { return Response::Json(200, {}); });
  Request req;
  req.path = "/index.html";
  std::string route;
  for (const char* m : {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
    req.method = m;
    Response res = router.Dispatch(req, &route);
    EXPECT_EQ(res.status, 405) << m;
    EXPECT_EQ(nlohmann::json::parse(res.body)["error"]["code"], "METHOD_NOT_ALLOWED");
  }
  req.method = "GET";
  EXPECT_EQ(router.Dispatch(req, &route).status, 200);
  EXPECT_EQ(route, "static");
}

}  // namespace
}  // namespace notaria::server
