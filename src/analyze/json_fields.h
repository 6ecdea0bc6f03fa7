// Reading the analysis's own JSON (entities, findings, stored stage outputs) without throwing:
// a missing field, or one of another type, reads as empty. For the registers' loosely typed
// answers see verify/registers/connectors.h, which also accepts numbers written as strings.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace notaria::analyze {

// The string at `key`, or "".
inline std::string Str(const nlohmann::json& obj, std::string_view key) {
  if (!obj.is_object()) return "";
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}

// The array at `key`, or an empty array.
inline const nlohmann::json& Array(const nlohmann::json& obj, std::string_view key) {
  static const nlohmann::json kEmpty = nlohmann::json::array();
  if (!obj.is_object()) return kEmpty;
  auto it = obj.find(key);
  return it != obj.end() && it->is_array() ? *it : kEmpty;
}

}  // namespace notaria::analyze
