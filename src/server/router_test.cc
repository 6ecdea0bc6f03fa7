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

}  // namespace
}  // namespace notaria::server
