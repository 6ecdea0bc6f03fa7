// Plain request and response values passed between the HTTP server and the handlers, so
// that handlers never see the network library and can be tested as functions.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace notaria::server {

struct Request {
  std::string method;                          // "GET", "POST", ...
  std::string path;                            // decoded path, without the query
  std::map<std::string, std::string> query;    // decoded query parameters
  std::map<std::string, std::string> headers;  // lower-case names
  std::map<std::string, std::string> params;   // from the route template ({id})
  std::string body;                            // small bodies (JSON)
  std::string body_file;  // large bodies (uploads) are spooled to this file instead

  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
  std::string Query(const std::string& name, const std::string& fallback = "") const {
    auto it = query.find(name);
    return it == query.end() ? fallback : it->second;
  }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string file_path;  // when set, the body is this file's content (downloads)
  // The file is a temporary copy: removed once opened (the open descriptor keeps it
  // readable until sent), or when it cannot be.
  bool delete_file = false;
  // A long answer written as it is produced (Server-Sent Events): the server sends the
  // status and headers without a length, then calls `stream` with a writer, and closes the
  // connection when `stream` returns. The writer returns false once the client has gone or
  // the server is stopping; `stream` must then return.
  using StreamWriter = std::function<bool(const std::string& chunk)>;
  std::function<void(const StreamWriter&)> stream;

  static Response Json(int status, const nlohmann::json& j) {
    Response r;
    r.status = status;
    r.body = j.dump();
    return r;
  }
  // The error shape of the whole API: {"error": {"code", "message"}}.
  // `details`: more members of the error object, for a client that acts on them.
  static Response Error(int status, const std::string& code, const std::string& message,
                        const nlohmann::json& details = nlohmann::json::object()) {
    nlohmann::json error = {{"code", code}, {"message", message}};
    error.update(details);
    return Json(status, {{"error", error}});
  }
};

}  // namespace notaria::server
