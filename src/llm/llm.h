// Llm: rewrites and enriches the deterministic French synthesis of a document or a dossier.
//
// The rules' synthesis (analyze::SynthesizeDocument, SynthesizeDossier) is always computed
// first; an Llm may only improve its wording and add advice. Its output is accepted only when
// it is valid JSON of the expected shape and cites no figure (amount, date, identifier)
// absent from the facts it was given; on any error, invalid output or timeout the rules'
// text is kept. A synthesis object is
//   {"summary": "...", "recommendations": ["..."], "generated_by": "rules" | "ollama:<model>"}.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace notaria::llm {

struct SynthesisRequest {
  std::string scope;               // "document" or "dossier"
  nlohmann::json facts;            // what the synthesis may cite: type, entities, findings, ...
  nlohmann::json rules_synthesis;  // the deterministic synthesis to start from
};

class Llm {
 public:
  virtual ~Llm() = default;
  // The improved synthesis, or nullopt to keep the rules' one. Never throws.
  virtual std::optional<nlohmann::json> Rewrite(const SynthesisRequest& request) = 0;
};

// The synthesis to show: `llm`'s rewrite when there is an llm and it succeeds, otherwise
// request.rules_synthesis unchanged.
nlohmann::json Synthesize(Llm* llm, const SynthesisRequest& request);

}  // namespace notaria::llm
