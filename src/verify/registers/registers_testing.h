// Test harness of the register connectors: a loopback ReplayServer standing for every
// register, a RegisterClient with short timeouts, one retry and no real sleep, and a
// temporary data directory. Header-only on purpose: *.cc files of this folder go into the
// library.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/metrics.h"
#include "verify/http_transport.h"
#include "verify/register_client.h"
#include "verify/registers/connectors.h"
#include "verify/registers/registers.h"
#include "verify/response_cache.h"
#include "verify/testing/replay_server.h"

namespace notaria::verify::registers_test {

using nlohmann::json;
using namespace std::chrono_literals;
using testing::ReplayRoute;
using testing::ReplayServer;
using testing::SharedFixture;
using testing::SyntheticFixture;

inline std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

inline json ReadJson(const std::string& path) { return json::parse(ReadText(path)); }

struct Harness {
  ReplayServer server;
  CurlTransport transport;
  MemoryResponseCache cache;
  Metrics metrics;
  std::filesystem::path data_dir;
  std::unique_ptr<RegisterClient> client;

  explicit Harness(bool offline = false) {
    std::random_device rd;
    data_dir = std::filesystem::temp_directory_path() /
               ("notaria-registers-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(data_dir);
    RegisterClientOptions o;
    o.offline = offline;
    o.timeout = 300ms;  // the timeout routes answer after 1.5 s
    o.retries = 1;
    o.backoff_initial = 1ms;
    o.max_wait = 100ms;
    o.breaker_failures = 100;
    o.sleep = [](std::chrono::milliseconds) {};
    client = std::make_unique<RegisterClient>(transport, cache, &metrics, o);
    for (auto& p : DefaultSourcePolicies(Config())) client->AddSource(p);
  }
  ~Harness() {
    std::error_code ec;
    std::filesystem::remove_all(data_dir, ec);
  }

  RegistersConfig Config() const {
    RegistersConfig config;
    for (const char* s :
         {"ban", "cadastre", "georisques", "bodacc", "entreprises", "gel_avoirs", "rbe"}) {
      config.base_urls[s] = server.base_url() + "/";  // the trailing slash is dropped
    }
    config.data_dir = data_dir;
    return config;
  }

  void Route(const std::string& path, int status, std::string body,
             std::vector<std::string> query_contains = {}) {
    ReplayRoute r;
    r.path = path;
    r.status = status;
    r.body = std::move(body);
    r.query_contains = std::move(query_contains);
    server.Add(std::move(r));
  }

  // Targets (path?query) the server received, in order.
  std::vector<std::string> Targets() const {
    std::vector<std::string> out;
    for (const auto& r : server.requests()) out.push_back(r.target);
    return out;
  }
};

// The ways a register fails that every connector must turn into `unavailable`.
enum class Failure { kRateLimited, kServerError, kTimeout, kTruncated, kWrongShape, kNotJson };

inline std::vector<Failure> AllFailures() {
  return {Failure::kRateLimited, Failure::kServerError, Failure::kTimeout,
          Failure::kTruncated,   Failure::kWrongShape,  Failure::kNotJson};
}

inline const char* FailureName(Failure f) {
  switch (f) {
    case Failure::kRateLimited:
      return "429";
    case Failure::kServerError:
      return "5xx";
    case Failure::kTimeout:
      return "timeout";
    case Failure::kTruncated:
      return "truncated";
    case Failure::kWrongShape:
      return "wrong shape";
    case Failure::kNotJson:
      return "not json";
  }
  return "";
}

// Routes `path` to fail in the given way; `good_body` is a valid answer to truncate.
inline void AddFailure(Harness& h, const std::string& path, Failure f,
                       const std::string& good_body) {
  ReplayRoute r;
  r.path = path;
  switch (f) {
    case Failure::kRateLimited:
      r.status = 429;
      r.body = R"({"message":"too many requests"})";
      break;
    case Failure::kServerError:
      r.status = 503;
      r.body = "<html>Service Unavailable</html>";
      break;
    case Failure::kTimeout:
      r.delay = 1500ms;
      r.body = good_body;
      break;
    case Failure::kTruncated:
      r.body = good_body.substr(0, good_body.size() / 2);
      break;
    case Failure::kWrongShape:
      r.body = R"({"unexpected":[1,2,3],"data":"not a list","features":{"x":1}})";
      break;
    case Failure::kNotJson:
      r.body = "<!DOCTYPE html><html><body>Maintenance</body></html>";
      break;
  }
  h.server.Add(std::move(r));
}

inline std::vector<json> RunRegister(Register& reg, const std::string& document_type,
                                     const json& entities,
                                     const std::vector<json>* earlier = nullptr) {
  VerifyInput input;
  input.document_type = document_type;
  input.entities = entities;
  input.earlier = earlier;
  return reg.Verify(input);
}

}  // namespace notaria::verify::registers_test
