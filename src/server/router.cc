#include "server/router.h"

#include "text/normalize.h"

namespace notaria::server {

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    if (j > i) out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

void Router::Add(const std::string& method, const std::string& route_template, Handler handler) {
  routes_.push_back({method, route_template, SplitPath(route_template), std::move(handler)});
}

namespace {

// Text a handler may echo, store or put in JSON: well-formed UTF-8 without NUL (which would cut
// a file name short).
bool IsCleanText(const std::string& s) {
  return s.find('\0') == std::string::npos && text::IsValidUtf8(s);
}

}  // namespace

Response Router::Dispatch(Request& request, std::string* route) const {
  // Refused before any handler sees them, so that no handler has to think about it.
  if (!IsCleanText(request.path)) {
    *route = "unmatched";
    return Response::Error(400, "INVALID_PATH",
                           "Chemin invalide : caractères nuls ou texte non UTF-8.");
  }
  for (const auto& [name, value] : request.query) {
    if (!IsCleanText(name) || !IsCleanText(value)) {
      *route = "unmatched";
      std::string shown = IsCleanText(name) ? "« " + name + " » " : "";
      return Response::Error(
          400, "INVALID_PARAMETER",
          "Paramètre " + shown + "invalide : caractères nuls ou texte non UTF-8.");
    }
  }
  std::vector<std::string> segments = SplitPath(request.path);
  bool path_known = false;
  for (const Route& r : routes_) {
    if (r.segments.size() != segments.size()) continue;
    std::map<std::string, std::string> params;
    bool match = true;
    for (size_t i = 0; i < segments.size() && match; ++i) {
      const std::string& t = r.segments[i];
      if (t.size() > 2 && t.front() == '{' && t.back() == '}') {
        params[t.substr(1, t.size() - 2)] = segments[i];
      } else {
        match = t == segments[i];
      }
    }
    if (!match) continue;
    path_known = true;
    bool method_ok = r.method == request.method || (r.method == "GET" && request.method == "HEAD");
    if (!method_ok) continue;
    *route = r.route_template;
    request.params = std::move(params);
    return r.handler(request);
  }
  *route = "unmatched";
  if (!path_known && static_fallback_ && request.path.rfind("/api/", 0) != 0 &&
      request.path != "/metrics") {
    if (request.method != "GET" && request.method != "HEAD") {
      // The UI's files are only read.
      return Response::Error(405, "METHOD_NOT_ALLOWED",
                             "Méthode " + request.method + " non autorisée pour cette ressource.");
    }
    *route = "static";
    return static_fallback_(request);
  }
  if (path_known) {
    return Response::Error(405, "METHOD_NOT_ALLOWED",
                           "Méthode " + request.method + " non autorisée pour cette ressource.");
  }
  return Response::Error(404, "NOT_FOUND", "Ressource introuvable.");
}

}  // namespace notaria::server
