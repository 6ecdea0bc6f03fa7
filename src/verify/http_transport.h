// HttpTransport: one HTTP request, one answer, nothing else (no retry, no cache, no limit).
//
// The register client (register_client.h) and the Ollama client build their policies on top
// of it. CurlTransport is the libcurl adapter; tests use it against loopback servers. Send is
// thread-safe and never throws: a request that got no HTTP answer (DNS, connect, TLS,
// timeout) comes back with `transport_error` set and `status` 0.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace notaria::verify {

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // absolute: scheme://host[:port]/path?query
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Whole-request deadline (connect + transfer).
  std::chrono::milliseconds timeout{30000};
  // Bodies larger than this are cut and reported as a transport error (a register that
  // streams without end must not exhaust memory).
  size_t max_body_bytes = 64u << 20;
};

struct HttpResponse {
  int status = 0;                              // 0 when no HTTP answer was received
  std::map<std::string, std::string> headers;  // names lower-cased; last value wins
  std::string body;
  std::string transport_error;  // empty when an HTTP answer was received
  bool timed_out = false;       // the deadline passed (a kind of transport error)
  // The host could not be resolved or refused the connection: no network, a wrong name or
  // nothing listening. Retrying within seconds does not help, so callers fail fast.
  bool unreachable = false;
  // The body went past max_body_bytes (a kind of transport error; `status` keeps the code
  // received, the body is dropped): asking again would fetch the same oversized answer, so
  // callers do not retry it.
  bool body_too_large = false;
  bool ok() const { return transport_error.empty() && status >= 200 && status < 300; }
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual HttpResponse Send(const HttpRequest& request) = 0;
};

// libcurl adapter: one easy handle per request, no signals (CURLOPT_NOSIGNAL), redirects
// followed (at most 5, http and https only), a User-Agent naming Notaria, compressed answers
// accepted. The connect phase gets at most 10 s of the request's timeout.
class CurlTransport : public HttpTransport {
 public:
  CurlTransport();
  HttpResponse Send(const HttpRequest& request) override;
};

}  // namespace notaria::verify
