#include "llm/llm.h"

#include <spdlog/spdlog.h>

namespace notaria::llm {

nlohmann::json Synthesize(Llm* llm, const SynthesisRequest& request) {
  if (llm == nullptr) return request.rules_synthesis;
  try {
    if (std::optional<nlohmann::json> rewrite = llm->Rewrite(request)) return *rewrite;
  } catch (const std::exception& e) {
    // Rewrite promises not to throw; a broken adapter must still not cost the synthesis.
    spdlog::warn("llm: rewrite threw ({}); keeping the rules' synthesis", e.what());
  } catch (...) {
    spdlog::warn("llm: rewrite threw; keeping the rules' synthesis");
  }
  return request.rules_synthesis;
}

}  // namespace notaria::llm
