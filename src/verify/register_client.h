// RegisterClient: the policies every call to an official register goes through.
//
// Per source (cadastre, georisques, bodacc, ...): a base URL, an hourly request budget, a
// response cache lifetime. Per call: a deadline (30 s by default), up to 3 retries of a 5xx,
// 429 or transport failure with exponential back-off from 1 s (a 429's Retry-After is
// honoured instead when it says longer, and is never exceeded silently: a wait longer than
// the call's remaining budget ends the call `kRateLimited`), and a circuit breaker per
// source (after `breaker_failures` consecutive failed calls, calls fail at once for
// `breaker_open`; then one trial call decides). Successful answers (2xx, and 404, which
// registers use for "no such thing") are cached per source. In offline mode no socket is
// ever opened: every call returns kOffline. Metrics: register_requests_total{source,outcome}
// and register_request_duration_seconds{source}. Thread-safe.
//
// Precisely:
// - The hourly budget counts requests sent (retries included) over a rolling hour. A request
//   that would go past it is not sent: the call ends kRateLimited at once.
// - The waits of one call (back-off and Retry-After together) may add up to `max_wait`
//   (60 s); a wait that would go past it is not made. A 503's Retry-After is honoured too.
// - Cache hits are served before the breaker and the budget are consulted and cost nothing.
//   The cache key is the source, the path and query, and the request headers except the
//   User-Agent and credentials (which say who asks, not what is asked, and must not be kept
//   in keys a shared cache may expose).
// - A failed call is one ending kUnavailable after at least one request was sent; any other
//   answered call resets the count. The half-open trial is a single request, no retry.
// - Bodies are returned as received (parsing is the connectors' job) for kOk, kNotFound and
//   kClientError; `reason` is a short French phrase fit for a notary's message.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/metrics.h"
#include "verify/http_transport.h"
#include "verify/response_cache.h"

namespace notaria::verify {

struct SourcePolicy {
  std::string name;      // "cadastre", "georisques", "bodacc", "entreprises", "ban", ...
  std::string base_url;  // no trailing slash; paths passed to Get are appended
  int hourly_limit = 0;  // requests per rolling hour; 0 = none
  std::chrono::seconds cache_ttl{3600};
};

enum class CallOutcome {
  kOk,           // 2xx: body holds the answer
  kNotFound,     // 404
  kClientError,  // other 4xx but 429: the request was wrong (a bug or bad input)
  kRateLimited,  // the hourly budget is spent, or 429 past the retries or the deadline
  kUnavailable,  // 5xx, transport failure or timeout after the retries; or the breaker is open
  kOffline,      // EXTERNAL_APIS_MODE=offline: nothing was sent
};
std::string_view CallOutcomeName(CallOutcome outcome);

struct CallResult {
  CallOutcome outcome = CallOutcome::kUnavailable;
  int http_status = 0;
  std::string body;
  bool from_cache = false;
  int attempts = 0;
  std::string reason;  // short, for logs and verification details; never holds personal data
};

struct RegisterClientOptions {
  bool offline = false;
  std::chrono::milliseconds timeout{30000};  // per attempt
  int retries = 3;
  std::chrono::milliseconds backoff_initial{1000};
  int breaker_failures = 5;
  std::chrono::milliseconds breaker_open{60000};
  // Longest total wait between the attempts of one call: a Retry-After asking for more than
  // what is left ends the call rather than holding a document's analysis.
  std::chrono::milliseconds max_wait{60000};
  // Test seams: the clock and the sleep used for back-off (default: steady clock, real sleep),
  // and the wall clock against which a Retry-After HTTP-date is read (default: system clock).
  std::function<std::chrono::steady_clock::time_point()> now;
  std::function<void(std::chrono::milliseconds)> sleep;
  std::function<std::chrono::system_clock::time_point()> wall_now;
};

class RegisterClient {
 public:
  RegisterClient(HttpTransport& transport, ResponseCache& cache, Metrics* metrics,
                 RegisterClientOptions options);
  ~RegisterClient();

  // Adds or replaces a source (wiring time).
  void AddSource(SourcePolicy policy);
  const SourcePolicy* Source(std::string_view name) const;
  bool offline() const;

  // GET base_url + path_and_query (already URL-encoded). Unknown sources are a bug: they
  // throw std::invalid_argument.
  CallResult Get(std::string_view source, std::string_view path_and_query,
                 const std::vector<std::pair<std::string, std::string>>& headers = {});

  // Bounds every call this thread makes while it lives (the verification of one document):
  // once `budget` has passed, calls end kUnavailable at once without sending anything, and
  // before that an attempt's timeout and the waits between attempts are cut to what is
  // left. Without it, a document facing several silent registers would wait each one's full
  // retries. Scopes nest; the inner one replaces the outer one until it ends.
  class DeadlineScope {
   public:
    DeadlineScope(const RegisterClient& client, std::chrono::milliseconds budget);
    ~DeadlineScope();
    DeadlineScope(const DeadlineScope&) = delete;
    DeadlineScope& operator=(const DeadlineScope&) = delete;

   private:
    std::optional<std::chrono::steady_clock::time_point> previous_;
  };

  // Also called by the constructor, so that a client never updates an undescribed family.
  // Outcomes are the CallOutcomeName values, plus "cached" for an answer from the cache.
  static void DescribeMetrics(Metrics& metrics);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Percent-encodes a query parameter value (RFC 3986 unreserved characters kept).
std::string UrlEncode(std::string_view value);

}  // namespace notaria::verify
