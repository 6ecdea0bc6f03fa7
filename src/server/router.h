// Maps (method, path) to a handler through route templates such as
// "/api/notary/documents/{id}". The matched template is what metrics label a request with,
// so that ids never become label values. An unknown path is 404 and a known path with
// another method is 405, both as JSON errors.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "server/http.h"

namespace notaria::server {

using Handler = std::function<Response(Request&)>;

class Router {
 public:
  void Add(const std::string& method, const std::string& route_template, Handler handler);
  // Answers the GET (and HEAD) requests that no route matches and whose path does not
  // start with /api/ (the web UI's files); labelled "static" in metrics.
  void SetStaticFallback(Handler handler) { static_fallback_ = std::move(handler); }

  // Fills request.params and returns the handler's response; `route` receives the template
  // that matched ("unmatched" when none did).
  Response Dispatch(Request& request, std::string* route) const;

 private:
  struct Route {
    std::string method;
    std::string route_template;
    std::vector<std::string> segments;
    Handler handler;
  };
  std::vector<Route> routes_;
  Handler static_fallback_;
};

std::vector<std::string> SplitPath(const std::string& path);

}  // namespace notaria::server
