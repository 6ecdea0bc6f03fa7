// The engines scripts/test-services.sh started for this ctest run (tests only, header-only).
//
// Each engine's address is one line in $NOTARIA_TEST_SERVICES_DIR/<file> ("postgres.url",
// "redis.url", "s3.endpoint"). Run outside ctest, without that variable, there is none and
// the suites skip the engine's cases.
#pragma once

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>

#include "store/s3_blob_store.h"

namespace notaria::store {

// The line of `file`, or "" when the variable is unset or the file missing.
inline std::string TestServiceAddress(const char* file) {
  const char* dir = std::getenv("NOTARIA_TEST_SERVICES_DIR");
  if (dir == nullptr || *dir == '\0') return "";
  std::ifstream in(std::string(dir) + "/" + file);
  std::string line;
  std::getline(in, line);
  return line;
}

// Whether a backend of a typed suite can run: an engine backend says so with a static
// Available(); the embedded ones always can.
template <typename Backend>
bool EngineAvailable() {
  if constexpr (requires { Backend::Available(); }) {
    return Backend::Available();
  } else {
    return true;
  }
}

// The test s3rver (fixed credentials S3RVER/S3RVER) with a fresh bucket named from `prefix`.
inline S3Options TestS3Options(const std::string& prefix) {
  S3Options o;
  o.endpoint = TestServiceAddress("s3.endpoint");
  o.access_key = "S3RVER";
  o.secret_key = "S3RVER";
  o.bucket = prefix + std::to_string(std::random_device{}());
  o.timeout = std::chrono::seconds(10);
  o.connect_timeout = std::chrono::seconds(2);
  return o;
}

}  // namespace notaria::store
