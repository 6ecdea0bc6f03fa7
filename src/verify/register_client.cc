#include "verify/register_client.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <deque>
#include <stdexcept>
#include <thread>

namespace notaria::verify {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr auto kBudgetWindow = std::chrono::hours(1);

// The deadline of the DeadlineScope open on this thread, if any.
thread_local std::optional<Clock::time_point> tls_deadline;
constexpr const char* kRequestsTotal = "register_requests_total";
constexpr const char* kRequestDuration = "register_request_duration_seconds";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsCredentialHeader(const std::string& lower_name) {
  return lower_name == "authorization" || lower_name == "proxy-authorization" ||
         lower_name == "cookie" || lower_name.find("key") != std::string::npos ||
         lower_name.find("token") != std::string::npos ||
         lower_name.find("secret") != std::string::npos;
}

std::string CacheKey(std::string_view source, std::string_view path_and_query,
                     const std::vector<std::pair<std::string, std::string>>& headers) {
  std::string key(source);
  key += ' ';
  key += path_and_query;
  std::vector<std::pair<std::string, std::string>> kept;
  for (const auto& [name, value] : headers) {
    std::string lower = Lower(name);
    if (lower == "user-agent" || IsCredentialHeader(lower)) continue;
    kept.emplace_back(std::move(lower), value);
  }
  std::sort(kept.begin(), kept.end());
  for (const auto& [name, value] : kept) key += '\n' + name + ": " + value;
  return key;
}

// Cached answers keep their status, so that a cached 404 stays a kNotFound.
std::string EncodeCached(int status, std::string_view body) {
  return std::to_string(status) + '\n' + std::string(body);
}

std::optional<std::pair<int, std::string>> DecodeCached(const std::string& value) {
  size_t nl = value.find('\n');
  if (nl == std::string::npos) return std::nullopt;
  int status = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + nl, status);
  if (ec != std::errc() || end != value.data() + nl) return std::nullopt;
  if (status != 404 && (status < 200 || status >= 300)) return std::nullopt;
  return std::make_pair(status, value.substr(nl + 1));
}

int MonthIndex(std::string_view token) {
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  if (token.size() != 3) return 0;
  std::string lower = Lower(token);
  for (int i = 0; i < 12; ++i) {
    if (lower == kMonths[i]) return i + 1;
  }
  return 0;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int ToInt(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

// The three HTTP-date forms of RFC 9110 (IMF-fixdate, RFC 850, asctime) share their pieces:
// a month name, a hh:mm:ss time, and the day before the year among the numbers.
std::optional<std::chrono::system_clock::time_point> ParseHttpDate(std::string_view text) {
  std::vector<std::string_view> tokens;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find_first_of(" ,-", pos);
    if (end == std::string_view::npos) end = text.size();
    if (end > pos) tokens.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  int month = 0;
  std::vector<int> numbers;
  std::string_view time;
  for (std::string_view t : tokens) {
    if (int m = MonthIndex(t)) {
      month = m;
    } else if (t.find(':') != std::string_view::npos) {
      time = t;
    } else if (AllDigits(t) && t.size() <= 4) {
      numbers.push_back(ToInt(t));
    }
  }
  if (!month || numbers.size() != 2 || time.size() != 8 || time[2] != ':' || time[5] != ':') {
    return std::nullopt;
  }
  std::string_view hh = time.substr(0, 2), mm = time.substr(3, 2), ss = time.substr(6, 2);
  if (!AllDigits(hh) || !AllDigits(mm) || !AllDigits(ss)) return std::nullopt;
  int year = numbers[1];
  if (year < 100) year += year < 70 ? 2000 : 1900;  // RFC 850's two-digit years
  std::chrono::year_month_day ymd{std::chrono::year(year),
                                  std::chrono::month(static_cast<unsigned>(month)),
                                  std::chrono::day(static_cast<unsigned>(numbers[0]))};
  if (!ymd.ok() || ToInt(hh) > 23 || ToInt(mm) > 59 || ToInt(ss) > 60) return std::nullopt;
  return std::chrono::sys_days(ymd) + std::chrono::hours(ToInt(hh)) +
         std::chrono::minutes(ToInt(mm)) + std::chrono::seconds(ToInt(ss));
}

// Retry-After holds either delta-seconds or an HTTP-date; a date already past means "now".
std::optional<milliseconds> ParseRetryAfter(std::string_view value,
                                            std::chrono::system_clock::time_point wall_now) {
  value = Trim(value);
  if (AllDigits(value)) {
    // Anything past a day is as good as "too long"; the cap keeps the arithmetic in range.
    if (value.size() > 6) return std::chrono::hours(24);
    return std::chrono::seconds(ToInt(value));
  }
  auto date = ParseHttpDate(value);
  if (!date) return std::nullopt;
  if (*date <= wall_now) return milliseconds(0);
  return std::chrono::ceil<milliseconds>(*date - wall_now);
}

std::string Seconds(milliseconds d) {
  if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + " s";
  return std::to_string(d.count()) + " ms";
}

}  // namespace

struct RegisterClient::State {
  struct Source {
    SourcePolicy policy;
    std::deque<Clock::time_point> sent;  // within the rolling hour, oldest first
    int consecutive_failures = 0;
    bool open = false;
    Clock::time_point open_until{};
    bool trial_in_flight = false;
  };

  HttpTransport& transport;
  ResponseCache& cache;
  Metrics* metrics;
  RegisterClientOptions options;
  mutable std::mutex mu;
  std::map<std::string, Source, std::less<>> sources;

  Source& SourceOf(const std::string& name) { return sources.find(name)->second; }

  // Takes a slot of the source's hourly budget, or says there is none left.
  bool ReserveBudget(const std::string& name) {
    Clock::time_point now = options.now();
    std::lock_guard lock(mu);
    Source& s = SourceOf(name);
    if (s.policy.hourly_limit <= 0) return true;
    while (!s.sent.empty() && s.sent.front() + kBudgetWindow <= now) s.sent.pop_front();
    if (static_cast<int>(s.sent.size()) >= s.policy.hourly_limit) return false;
    s.sent.push_back(now);
    return true;
  }

  void Count(const std::string& source, std::string_view outcome) {
    if (metrics)
      metrics->Inc(kRequestsTotal, {{"source", source}, {"outcome", std::string(outcome)}});
  }

  HttpResponse Send(const HttpRequest& request) {
    try {
      return transport.Send(request);
    } catch (const std::exception& e) {  // a transport breaking its contract must not stop us
      HttpResponse response;
      response.transport_error = e.what();
      return response;
    }
  }
};

std::string_view CallOutcomeName(CallOutcome outcome) {
  switch (outcome) {
    case CallOutcome::kOk:
      return "ok";
    case CallOutcome::kNotFound:
      return "not_found";
    case CallOutcome::kClientError:
      return "client_error";
    case CallOutcome::kRateLimited:
      return "rate_limited";
    case CallOutcome::kUnavailable:
      return "unavailable";
    case CallOutcome::kOffline:
      return "offline";
  }
  return "unknown";
}

RegisterClient::RegisterClient(HttpTransport& transport, ResponseCache& cache, Metrics* metrics,
                               RegisterClientOptions options)
    : state_(new State{transport, cache, metrics, std::move(options)}) {
  RegisterClientOptions& o = state_->options;
  if (!o.now) o.now = [] { return Clock::now(); };
  if (!o.sleep) o.sleep = [](milliseconds d) { std::this_thread::sleep_for(d); };
  if (!o.wall_now) o.wall_now = [] { return std::chrono::system_clock::now(); };
  if (metrics) DescribeMetrics(*metrics);
}

RegisterClient::~RegisterClient() = default;

void RegisterClient::DescribeMetrics(Metrics& metrics) {
  metrics.Describe(kRequestsTotal, Metrics::Type::kCounter,
                   "Register calls by source and outcome (ok, not_found, client_error, "
                   "rate_limited, unavailable, offline, cached).");
  metrics.Describe(kRequestDuration, Metrics::Type::kHistogram,
                   "Duration of the register calls that sent a request, retries and waits "
                   "included, by source.",
                   {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120});
}

void RegisterClient::AddSource(SourcePolicy policy) {
  std::lock_guard lock(state_->mu);
  std::string name = policy.name;
  state_->sources[name].policy = std::move(policy);
}

const SourcePolicy* RegisterClient::Source(std::string_view name) const {
  std::lock_guard lock(state_->mu);
  auto it = state_->sources.find(name);
  return it == state_->sources.end() ? nullptr : &it->second.policy;
}

bool RegisterClient::offline() const { return state_->options.offline; }

RegisterClient::DeadlineScope::DeadlineScope(const RegisterClient& client, milliseconds budget)
    : previous_(tls_deadline) {
  tls_deadline = client.state_->options.now() + budget;
}

RegisterClient::DeadlineScope::~DeadlineScope() { tls_deadline = previous_; }

CallResult RegisterClient::Get(std::string_view source, std::string_view path_and_query,
                               const std::vector<std::pair<std::string, std::string>>& headers) {
  State& s = *state_;
  const RegisterClientOptions& o = s.options;
  SourcePolicy policy;
  {
    std::lock_guard lock(s.mu);
    auto it = s.sources.find(source);
    if (it == s.sources.end()) {
      throw std::invalid_argument("unknown register source: " + std::string(source));
    }
    policy = it->second.policy;
  }
  const std::string& name = policy.name;
  CallResult result;

  if (o.offline) {
    result.outcome = CallOutcome::kOffline;
    result.reason = "mode hors ligne";
    s.Count(name, CallOutcomeName(result.outcome));
    return result;
  }

  const bool cacheable = policy.cache_ttl > std::chrono::seconds::zero();
  const std::string key = CacheKey(name, path_and_query, headers);
  if (cacheable) {
    if (auto value = s.cache.Get(key)) {
      if (auto cached = DecodeCached(*value)) {
        result.outcome = cached->first == 404 ? CallOutcome::kNotFound : CallOutcome::kOk;
        result.http_status = cached->first;
        result.body = std::move(cached->second);
        result.from_cache = true;
        s.Count(name, "cached");
        return result;
      }
    }
  }

  const Clock::time_point start = o.now();
  const std::optional<Clock::time_point> deadline = tls_deadline;
  constexpr const char* kDeadlineReason = "délai de vérification du document écoulé";
  if (deadline && start >= *deadline) {
    // Not the register's fault: the breaker is not told.
    result.outcome = CallOutcome::kUnavailable;
    result.reason = kDeadlineReason;
    s.Count(name, CallOutcomeName(result.outcome));
    return result;
  }
  bool trial = false;
  {
    std::lock_guard lock(s.mu);
    State::Source& st = s.SourceOf(name);
    if (st.open) {
      if (start < st.open_until || st.trial_in_flight) {
        result.outcome = CallOutcome::kUnavailable;
        result.reason = "registre en échec répété, appels suspendus pour " +
                        Seconds(std::chrono::ceil<std::chrono::seconds>(
                            std::max(st.open_until - start, Clock::duration::zero())));
        s.Count(name, CallOutcomeName(result.outcome));
        return result;
      }
      st.trial_in_flight = true;
      trial = true;
    }
  }

  const int max_attempts = trial ? 1 : 1 + std::max(0, o.retries);
  milliseconds waited{0};
  bool failed = false;  // what the call tells the breaker
  bool budget_spent = false;
  for (int attempt = 1;; ++attempt) {
    if (!s.ReserveBudget(name)) {
      // Stopped right after a 5xx, the call still tells of a failing register.
      failed = result.attempts > 0 && result.outcome == CallOutcome::kUnavailable;
      budget_spent = true;
      result.outcome = CallOutcome::kRateLimited;
      result.reason =
          "quota de " + std::to_string(policy.hourly_limit) + " requêtes par heure atteint";
      result.body.clear();
      break;
    }
    milliseconds attempt_timeout = o.timeout;
    if (deadline) {
      auto left = std::chrono::duration_cast<milliseconds>(*deadline - o.now());
      if (left <= milliseconds::zero()) {
        result.reason +=
            result.reason.empty() ? kDeadlineReason : std::string(" ; ") + kDeadlineReason;
        if (result.attempts == 0) result.outcome = CallOutcome::kUnavailable;
        break;
      }
      attempt_timeout = std::min(attempt_timeout, left);
    }
    HttpRequest request;
    request.url = policy.base_url + std::string(path_and_query);
    request.headers = headers;
    request.timeout = attempt_timeout;
    HttpResponse response = s.Send(request);
    result.attempts = attempt;
    result.http_status = response.status;
    result.body.clear();

    std::optional<milliseconds> asked;  // the server's Retry-After, when it gave one
    const int status = response.status;
    if (!response.transport_error.empty()) {
      result.outcome = CallOutcome::kUnavailable;
      // The transport's text names the host at most, never the path or query.
      spdlog::warn("register {}: attempt {} got no answer: {}", name, attempt,
                   response.transport_error);
      if (response.body_too_large) {
        result.reason = "réponse du registre trop volumineuse";
        break;
      }
      if (response.unreachable) {
        // No network or nothing listening: waiting seconds and asking again changes nothing,
        // and a dossier must not wait 7 s per call to learn it.
        result.reason = "registre injoignable (réseau absent ou serveur arrêté)";
        break;
      }
      result.reason = response.timed_out
                          ? "pas de réponse dans le délai de " + Seconds(attempt_timeout)
                          : "connexion au registre impossible";
    } else if (status >= 200 && status < 300) {
      result.outcome = CallOutcome::kOk;
      result.reason.clear();
      result.body = std::move(response.body);
      if (cacheable) s.cache.Put(key, EncodeCached(status, result.body), policy.cache_ttl);
      break;
    } else if (status == 404) {
      result.outcome = CallOutcome::kNotFound;
      result.reason.clear();
      result.body = std::move(response.body);
      if (cacheable) s.cache.Put(key, EncodeCached(status, result.body), policy.cache_ttl);
      break;
    } else if (status == 429) {
      result.outcome = CallOutcome::kRateLimited;
      result.reason = "le registre limite le débit (HTTP 429)";
    } else if (status >= 500) {
      result.outcome = CallOutcome::kUnavailable;
      result.reason = "erreur HTTP " + std::to_string(status) + " du registre";
    } else if (status >= 400) {
      result.outcome = CallOutcome::kClientError;
      result.reason = "requête refusée par le registre (HTTP " + std::to_string(status) + ")";
      result.body = std::move(response.body);
      break;
    } else {
      result.outcome = CallOutcome::kUnavailable;
      result.reason = "réponse HTTP " + std::to_string(status) + " inattendue";
      break;
    }
    if (status == 429 || status == 503) {
      auto it = response.headers.find("retry-after");
      if (it != response.headers.end()) asked = ParseRetryAfter(it->second, o.wall_now());
    }

    if (attempt >= max_attempts) break;
    milliseconds wait = o.backoff_initial * (1LL << std::min(attempt - 1, 20));
    if (asked && *asked > wait) wait = *asked;
    if (deadline && o.now() + wait >= *deadline) {
      result.reason += std::string(" ; ") + kDeadlineReason;
      break;
    }
    if (waited + wait > o.max_wait) {
      result.reason += asked && *asked == wait
                           ? " ; attente demandée de " + Seconds(wait) +
                                 ", au-delà du maximum de " + Seconds(o.max_wait)
                           : " ; attente maximale de " + Seconds(o.max_wait) + " atteinte";
      break;
    }
    o.sleep(wait);
    waited += wait;
  }

  if (!budget_spent) failed = result.outcome == CallOutcome::kUnavailable;
  const Clock::time_point end = o.now();
  {
    std::lock_guard lock(s.mu);
    State::Source& st = s.SourceOf(name);
    if (trial) st.trial_in_flight = false;
    if (result.attempts > 0) {
      if (failed) {
        ++st.consecutive_failures;
        if (trial || (o.breaker_failures > 0 && st.consecutive_failures >= o.breaker_failures)) {
          if (!st.open) {
            spdlog::warn("register {}: {} failed calls in a row, calls suspended for {} ms", name,
                         st.consecutive_failures, o.breaker_open.count());
          }
          st.open = true;
          st.open_until = end + o.breaker_open;
        }
      } else {
        if (st.open) spdlog::info("register {}: answering again, calls resumed", name);
        st.open = false;
        st.consecutive_failures = 0;
      }
    }
  }
  s.Count(name, CallOutcomeName(result.outcome));
  if (result.attempts > 0 && s.metrics) {
    s.metrics->Observe(kRequestDuration, {{"source", name}},
                       std::chrono::duration<double>(end - start).count());
  }
  return result;
}

std::string UrlEncode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size() * 3);
  for (char ch : value) {
    auto c = static_cast<unsigned char>(ch);
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

}  // namespace notaria::verify
