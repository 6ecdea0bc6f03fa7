// Register: one official register (BAN, cadastre, Géorisques, BODACC, Recherche
// d'entreprises, gel des avoirs, RBE), turning a document's entities into verifications.
//
// A verification is the JSON object of result.md:
//   {"source": "cadastre", "status": "ok"|"mismatch"|"not_found"|"unavailable"|"skipped",
//    "subject": "<what was checked, e.g. the parcel reference or the SIREN>",
//    "message": "<one French sentence for the notary>",
//    "details": {<the register data a notary looks at>}}
// Each connector lives in its own file, is registered by name in registers.cc, and never
// throws: a register that is down, slow, limited or answers garbage gives `unavailable`
// (or `skipped` in offline mode, or when it is not configured) with the reason in details,
// and the document goes on. Subjects may hold identities (a name, a SIREN): they are
// results, never logged or used as metric labels.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "verify/register_client.h"

namespace notaria::verify {

inline constexpr std::string_view kVerificationOk = "ok";
inline constexpr std::string_view kVerificationMismatch = "mismatch";
inline constexpr std::string_view kVerificationNotFound = "not_found";
inline constexpr std::string_view kVerificationUnavailable = "unavailable";
inline constexpr std::string_view kVerificationSkipped = "skipped";

struct VerifyInput {
  std::string document_type;  // the 14 codes of ARCHITECTURE §1
  nlohmann::json entities;    // as analyze::ExtractEntities fills them
  // Verifications made so far for the same document by the registers that ran before
  // (BAN runs first: Géorisques and the cadastre read its INSEE code and coordinates).
  const std::vector<nlohmann::json>* earlier = nullptr;
};

class Register {
 public:
  virtual ~Register() = default;
  virtual std::string_view name() const = 0;  // the `source` of its verifications
  virtual std::vector<nlohmann::json> Verify(const VerifyInput& input) = 0;
};

// Builds a verification object.
nlohmann::json MakeVerification(std::string_view source, std::string_view status,
                                std::string subject, std::string message,
                                nlohmann::json details = nlohmann::json::object());

// The status a call outcome gives when the register could not answer the question
// (kOffline -> skipped; kRateLimited, kUnavailable, kClientError -> unavailable), with the
// reason in details. Only for outcomes other than kOk and kNotFound.
nlohmann::json UnansweredVerification(std::string_view source, std::string subject,
                                      const CallResult& call);

}  // namespace notaria::verify
