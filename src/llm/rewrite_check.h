// Acceptance of an LLM rewrite of a synthesis, independent of the model's transport.
//
// A rewrite {"summary": "...", "recommendations": ["..."]} is accepted only when it has that
// shape, reads as French, stays short, and cites no figure that the facts or the rules'
// synthesis do not hold: every date, amount, number and letters-and-digits identifier of the
// output must be found there (a notary has to be able to trust every figure). The check is
// deliberately conservative: a figure it cannot match rejects the rewrite and the rules'
// text is kept. Pure and thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "llm/llm.h"

namespace notaria::llm {

// The figures a synthesis may cite, gathered from JSON facts and texts.
class FigureSet {
 public:
  // Every string and number of `value`, recursively (object keys are not facts).
  void AddJson(const nlohmann::json& value);
  void AddText(std::string_view text);

  // The figures of `text` that are not in the set, as written (for tests; never log them,
  // they may come from a document).
  std::vector<std::string> Unknown(std::string_view text) const;

 private:
  void AddNumber(double value);

  std::set<std::string> dates_;    // ISO "2024-03-12"
  std::set<std::string> numbers_;  // canonical: "250000", "64.3", "0.82"
  // Upper-case letters and digits of every fact string, separators removed, one string per
  // line: identifiers (IBAN, SIREN, MRZ, parcel "AB123") are searched in it as substrings.
  std::string identifiers_;
};

// Empty when `candidate` is acceptable for `request`, otherwise a short reason code for logs
// ("shape", "summary_length", "recommendation_count", "not_french", "invented_figure", ...),
// which never contains document content.
std::string RejectReason(const nlohmann::json& candidate, const SynthesisRequest& request);

// The recommendations to show: the model's, then every rules recommendation the model did
// not keep (none of its recommendations shares at least half of that recommendation's
// significant words). Rules advice may be reworded but never silently dropped.
nlohmann::json MergeRecommendations(const nlohmann::json& model_recommendations,
                                    const nlohmann::json& rules_recommendations);

}  // namespace notaria::llm
