// The connectors of this folder (one file each) and the helpers they share; internal to
// notaria_verify_registers and its tests, the public entry point being registers.h.
//
// The registers answer loosely typed JSON: numbers arrive as strings, fields go missing,
// nested JSON arrives as strings. These accessors never throw: a missing or mistyped field
// reads as empty, and the connector decides whether that makes the answer unusable.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/normalize.h"
#include "verify/register.h"

namespace notaria::verify {

class RegisterClient;

namespace registers {

using nlohmann::json;

// The body as JSON, or nullopt when it is not JSON (truncated, HTML error page...).
std::optional<json> ParseBody(std::string_view body);

// A string field, or a number written as a string; "" when absent or of another type.
std::string Str(const json& obj, std::string_view key);
// A number field, or a string holding a number ("48.87", "3"); nullopt otherwise.
std::optional<double> Num(const json& obj, std::string_view key);
// The array at `key`, or an empty array.
const json& Arr(const json& obj, std::string_view key);
// The object at `key`, or an empty object.
const json& Obj(const json& obj, std::string_view key);

using text::DigitsOf;
std::string Trim(std::string_view s);
bool ContainsFolded(std::string_view haystack, std::string_view needle);  // accent-insensitive

// French number with a decimal comma: 0.9502 -> "0,95".
std::string FrenchDecimal(double value, int decimals);

// `unavailable` for an answer that came back 2xx but could not be read.
json MalformedVerification(std::string_view source, std::string subject, std::string_view what);

// The verification of an earlier register for the same document whose details carry
// `key` == `value` (e.g. the BAN verification of property 0), or nullptr.
const json* EarlierFor(const VerifyInput& input, std::string_view source, std::string_view key,
                       int value);

// The INSEE code of the commune that holds the Paris/Lyon/Marseille arrondissement `code`
// (75101 -> 75056), or `code` itself.
std::string CommuneOfArrondissement(const std::string& code);

// A person's display name, "Prénoms NOM".
std::string PersonDisplayName(const json& person);

// Companies whose register situation matters for the deed (parties, the Kbis company),
// with their SIREN (from `siren`, else the first 9 digits of `siret`). Suppliers on a bill,
// lending banks and estate agents are left out: they are not parties, and every lookup
// spends a rate-limited budget.
struct CompanyRef {
  int index = 0;  // in entities.companies
  const json* company = nullptr;
  std::string siren;  // 9 digits, or "" when the document gives none
  std::string name;
};
std::vector<CompanyRef> PartyCompanies(const json& entities);

}  // namespace registers

// Factories of the connectors (one file each), built in this order by registers.cc.
std::unique_ptr<Register> MakeBanRegister(RegisterClient& client);
std::unique_ptr<Register> MakeCadastreRegister(RegisterClient& client);
std::unique_ptr<Register> MakeGeorisquesRegister(RegisterClient& client);
std::unique_ptr<Register> MakeBodaccRegister(RegisterClient& client);
std::unique_ptr<Register> MakeEntreprisesRegister(RegisterClient& client);
struct GelAvoirsOptions {
  // The register file is kept at data_dir/registers/gel_avoirs.json; an empty data_dir
  // keeps it in memory only.
  std::filesystem::path data_dir;
  std::chrono::hours max_age{24};  // older copies are downloaded again
  // After a failed download the local copy is used without retrying for this long, so that
  // a burst of documents does not hammer a register that is down.
  std::chrono::minutes retry_after_failure{15};
};
std::unique_ptr<Register> MakeGelAvoirsRegister(RegisterClient& client,
                                                const GelAvoirsOptions& options);
std::unique_ptr<Register> MakeRbeRegister(std::string token);

}  // namespace notaria::verify
