// The engines scripts/test-services.sh started for this ctest run (tests only, header-only).
//
// Each engine's address is one line in $NOTARIA_TEST_SERVICES_DIR/<file> ("postgres.url",
// "redis.url", "s3.endpoint"). Run outside ctest, without that variable, there is none and
// the suites skip the engine's cases.
#pragma once

#include <cstdlib>
#include <fstream>
#include <string>

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

}  // namespace notaria::store
