#include "verify/register.h"

namespace notaria::verify {

nlohmann::json MakeVerification(std::string_view source, std::string_view status,
                                std::string subject, std::string message, nlohmann::json details) {
  if (!details.is_object()) details = nlohmann::json::object();
  return {{"source", std::string(source)},
          {"status", std::string(status)},
          {"subject", std::move(subject)},
          {"message", std::move(message)},
          {"details", std::move(details)}};
}

nlohmann::json UnansweredVerification(std::string_view source, std::string subject,
                                      const CallResult& call) {
  nlohmann::json details = {{"reason", call.reason},
                            {"http_status", call.http_status},
                            {"attempts", call.attempts},
                            {"outcome", std::string(CallOutcomeName(call.outcome))}};
  if (call.outcome == CallOutcome::kOffline) {
    return MakeVerification(source, kVerificationSkipped, std::move(subject),
                            "Vérification non effectuée (mode hors ligne).", std::move(details));
  }
  // A connector also lands here with a kOk whose body it could not read.
  std::string reason = call.reason.empty() ? "réponse inexploitable" : call.reason;
  details["reason"] = reason;
  std::string message =
      call.outcome == CallOutcome::kRateLimited
          ? "Registre indisponible : " + reason + ". Vérification à refaire plus tard."
          : "Registre indisponible : " + reason + ".";
  return MakeVerification(source, kVerificationUnavailable, std::move(subject), std::move(message),
                          std::move(details));
}

}  // namespace notaria::verify
