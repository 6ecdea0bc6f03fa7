// Wall-clock helpers shared by the store and queue adapters.
//
// Stored timestamps are ISO 8601 UTC with milliseconds ("2024-05-01T12:34:56.789Z"): they
// sort as text in time order and read the same from every backend. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace notaria::store {

std::string FormatIso8601Utc(std::chrono::system_clock::time_point t);
std::string NowIso8601Utc();
// Milliseconds since the Unix epoch, for lease and back-off arithmetic in SQL.
int64_t NowUnixMillis();

}  // namespace notaria::store
