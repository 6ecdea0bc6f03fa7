// The set of registers a document is verified against, in the order they run, and the
// one entry point of the verify stage.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "verify/register.h"
#include "verify/register_client.h"

namespace notaria::verify {

struct RegistersConfig {
  // Base URL overrides by source name (tests point them at loopback replay servers);
  // absent sources use the public URLs of spec/registers.md.
  std::map<std::string, std::string> base_urls;
  std::filesystem::path data_dir;  // where the gel des avoirs file is kept
  std::string rbe_token;           // RBE_API_TOKEN: empty = RBE skipped
  // Longest time the registers may take over one document, all calls together
  // (REGISTER_DOCUMENT_TIMEOUT_SECONDS): past it the remaining calls end `unavailable`.
  std::chrono::milliseconds document_budget{std::chrono::seconds(120)};
};

// The public URL and hourly limit of every source (cadastre 100, georisques 50, bodacc 200,
// the published limits of the others), with `config.base_urls` applied.
std::vector<SourcePolicy> DefaultSourcePolicies(const RegistersConfig& config);

class Registers {
 public:
  Registers(RegisterClient& client, RegistersConfig config);
  ~Registers();

  // Every register's verifications of one document, in order (BAN first), within
  // `config.document_budget`. Never throws.
  nlohmann::json VerifyDocument(const std::string& document_type, const nlohmann::json& entities);

 private:
  RegisterClient& client_;
  std::chrono::milliseconds document_budget_;
  std::vector<std::unique_ptr<Register>> registers_;
};

}  // namespace notaria::verify
