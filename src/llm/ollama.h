// OllamaLlm: the Llm adapter for a local Ollama server (OLLAMA_BASE_URL, OLLAMA_MODEL).
//
// One non-streamed POST {base_url}/api/chat per synthesis, in JSON mode at temperature 0,
// with a French system prompt and the facts and rules' synthesis as the user message. The
// answer's message.content must be a JSON object {"summary", "recommendations"} that passes
// RejectReason (rewrite_check.h); the rules' recommendations the model dropped are appended
// (MergeRecommendations). Any transport error, HTTP error, timeout, malformed or rejected
// answer gives nullopt and one warning that names the failure, never the document's content.
// Thread-safe when the transport is; never throws.
#pragma once

#include <chrono>
#include <string>

#include "llm/llm.h"
#include "verify/http_transport.h"

namespace notaria::llm {

class OllamaLlm : public Llm {
 public:
  // `base_url` as "http://host:11434" (a trailing slash is ignored); `timeout` bounds the
  // whole call, so a slow model only delays the synthesis by that much.
  OllamaLlm(verify::HttpTransport& transport, std::string base_url, std::string model,
            std::chrono::milliseconds timeout);

  std::optional<nlohmann::json> Rewrite(const SynthesisRequest& request) override;

  // The /api/chat request body for `request` (exposed for tests).
  nlohmann::json ChatBody(const SynthesisRequest& request) const;

 private:
  verify::HttpTransport& transport_;
  std::string base_url_;
  std::string model_;
  std::chrono::milliseconds timeout_;
};

}  // namespace notaria::llm
