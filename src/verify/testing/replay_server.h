// ReplayServer: an HTTP server on 127.0.0.1 (ephemeral port) that answers from a route
// table, for the tests of the register connectors and of the Ollama client. External
// services are never reached from tests: they are replayed from ../shared/fixtures/ (or
// from the synthetic fixtures in tests/fixtures/registers/, marked as such).
//
// A request matches the most recently added route whose method and path are equal and whose
// `query_contains` strings all occur in the raw query string; a route with `times` > 0 is
// used that many times, then skipped (to script "429, then 200"). Unmatched requests get a
// 404 with a JSON body. Every request is recorded (method, target, body, headers) for
// assertions, before any delay. Stopping ends pending delayed answers without answering.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace notaria::verify::testing {

struct ReplayRoute {
  std::string method = "GET";
  std::string path;                         // exact, without the query
  std::vector<std::string> query_contains;  // raw (encoded) substrings of the query
  int status = 200;
  std::map<std::string, std::string> headers;  // e.g. {"Retry-After", "2"}
  std::string body;
  std::chrono::milliseconds delay{0};  // wait before answering (timeouts)
  bool close_without_answer = false;   // drop the connection instead of answering
  int times = 0;                       // 0 = unlimited
};

struct RecordedRequest {
  std::string method;
  std::string target;  // path?query as received
  std::string body;
  std::map<std::string, std::string> headers;  // names lower-cased
};

class ReplayServer {
 public:
  ReplayServer();   // starts listening; throws std::runtime_error when it cannot
  ~ReplayServer();  // stops, also while a delayed answer is pending
  ReplayServer(const ReplayServer&) = delete;
  ReplayServer& operator=(const ReplayServer&) = delete;

  std::string base_url() const;  // "http://127.0.0.1:<port>"
  uint16_t port() const;

  void Add(ReplayRoute route);
  // A route whose body is the content of `file` (read now; throws when unreadable).
  void AddFile(std::string method, std::string path, std::vector<std::string> query_contains,
               const std::string& file, int status = 200);

  std::vector<RecordedRequest> requests() const;
  size_t request_count() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Path of a recorded fixture: <NOTARIA_SHARED_DIR>/fixtures/<name>.
std::string SharedFixture(std::string_view name);
// Path of a synthetic fixture of this repository: <source>/tests/fixtures/registers/<name>.
std::string SyntheticFixture(std::string_view name);

}  // namespace notaria::verify::testing
